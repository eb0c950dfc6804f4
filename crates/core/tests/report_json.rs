//! The JSON report reads back into the same report. The web app's analysis
//! worker hands reports to the page as JSON, so every field must survive the
//! trip: findings with evidence and fixes, every kind of block, diagnostics,
//! the effective configuration with its origins, a stated and an inferred
//! workload.

use redis_advisor_core::workload::{QueueLibrary, Use, Workload};
use redis_advisor_core::{Input, Options, Report, analyze_with};

fn fixtures_dir() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every captured file of every real-server fixture, and the documented INFO.
fn inputs() -> Vec<(String, String)> {
    let dir = fixtures_dir();
    let mut out = Vec::new();
    let server = format!("{dir}/redis-7.0.15");
    let mut configs: Vec<String> = std::fs::read_dir(&server)
        .unwrap_or_else(|e| panic!("{server}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    configs.sort();
    for config in configs {
        let mut files: Vec<String> = std::fs::read_dir(format!("{server}/{config}"))
            .unwrap_or_else(|e| panic!("{config}: {e}"))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        for file in files {
            out.push((
                format!("{config}/{file}"),
                read(&format!("{server}/{config}/{file}")),
            ));
        }
    }
    for name in [
        "documented-elasticache-6.0-cluster-info.txt",
        "documented-redis-2.8-info.txt",
        "documented-redis-cloud-6.0-info.txt",
        "documented-valkey-8.0-info.txt",
    ] {
        out.push((name.into(), read(&format!("{dir}/documented/{name}"))));
    }
    out
}

fn round_trip(inputs: &[Input], options: &Options) -> Report {
    let report = analyze_with(inputs, options);
    let compact = serde_json::to_string(&report).unwrap_or_else(|e| panic!("{e}"));
    let back = Report::from_json(&compact).unwrap_or_else(|e| panic!("compact JSON: {e}"));
    assert_eq!(back, report);
    let pretty = Report::from_json(&report.to_json()).unwrap_or_else(|e| panic!("pretty: {e}"));
    assert_eq!(pretty, report);
    report
}

#[test]
fn every_fixture_reads_back_the_same() {
    let all = inputs();
    assert!(all.len() >= 30, "fixtures missing: {}", all.len());
    let (mut findings, mut with_fix, mut located) = (0, 0, 0);
    // Each fixture's files together (INFO with each CONFIG GET form), one review each.
    let mut by_config: Vec<(String, Vec<Input>)> = Vec::new();
    for (name, text) in &all {
        let config = name.split('/').next().unwrap_or(name).to_string();
        match by_config.last_mut() {
            Some((c, inputs)) if *c == config => {
                inputs.push(Input::new(name.clone(), text.clone()))
            }
            _ => by_config.push((config, vec![Input::new(name.clone(), text.clone())])),
        }
    }
    for (_, inputs) in &by_config {
        let report = round_trip(inputs, &Options::default());
        findings += report.findings.len();
        with_fix += report.findings.iter().filter(|f| f.fix.is_some()).count();
        located += report.config.iter().filter(|c| c.line.is_some()).count();
    }
    // The trip carried real content, not empty reports.
    assert!(findings >= 40, "only {findings} findings");
    assert!(with_fix >= 10, "only {with_fix} fixes");
    assert!(located >= 1000, "only {located} located values");
}

#[test]
fn stated_workloads_blocks_and_diagnostics_read_back() {
    let dir = fixtures_dir();
    let info = read(&format!("{dir}/redis-7.0.15/defaults/info.txt"));
    // A redis-cli session, a redis.conf with bad values and a line nobody recognizes.
    let session = format!(
        "127.0.0.1:6379> INFO\n{info}\n127.0.0.1:6379> PING\nPONG\n\
         maxmemory 4gbb\nappendonly maybe\nrequirepass hunter2\n\x01\x02 garbage ~~~\n"
    );
    let inputs = [
        Input::new("session.txt", session.as_str()),
        Input::new(
            "redis.conf",
            "bind 0.0.0.0\nprotected-mode no\nsave 900 1 300\n",
        ),
    ];
    let workload = Workload {
        uses: vec![
            Use::Queue {
                library: QueueLibrary::Bullmq,
            },
            Use::Cache,
        ],
        ..Workload::default()
    };
    let report = round_trip(
        &inputs,
        &Options {
            workload: Some(workload),
            ..Options::default()
        },
    );
    assert!(report.workload.stated);
    assert!(!report.diagnostics.is_empty());
    let kinds: Vec<&str> = report
        .inputs
        .iter()
        .flat_map(|i| i.blocks.iter().map(|b| b.kind))
        .collect();
    for kind in ["prompt", "info", "redis-conf"] {
        assert!(kinds.contains(&kind), "no {kind} block in {kinds:?}");
    }
}

#[test]
fn a_report_from_another_build_is_refused() {
    let report = analyze_with(
        &[Input::new("paste", "appendonly yes\nappendfsync always\n")],
        &Options::default(),
    );
    let json = serde_json::to_string(&report).unwrap_or_else(|e| panic!("{e}"));
    assert!(json.contains("\"appendfsync-always\""));
    let renamed = json.replace("\"appendfsync-always\"", "\"no-such-rule\"");
    let err = Report::from_json(&renamed).err();
    assert!(
        err.as_deref().is_some_and(|e| e.contains("no-such-rule")),
        "{err:?}"
    );
    assert!(Report::from_json("not json").is_err());
}
