//! A report reads back whole from its JSON (the CLI's contract: nothing the
//! report holds is missing from it) and from its bytes (`Report::to_wire`, how
//! the web app's analysis worker hands reports to the page): findings with
//! evidence and fixes, every kind of block, diagnostics, the effective
//! configuration with its origins, a stated and an inferred workload.

mod common;

use redis_advisor_core::workload::{QueueLibrary, Use, Workload};
use redis_advisor_core::{Input, Options, Report, analyze_with};

/// Every captured fixture's files together (INFO with each `CONFIG GET` form),
/// then each documented INFO on its own.
fn input_sets() -> Vec<Vec<Input>> {
    let mut sets: Vec<Vec<Input>> = common::captured_dirs()
        .iter()
        .map(|dir| {
            common::read_dir(dir)
                .iter()
                .map(|f| Input::new(common::name(f), common::read(f)))
                .collect()
        })
        .collect();
    sets.extend(
        common::documented_infos()
            .iter()
            .map(|f| vec![Input::new(common::name(f), common::read(f))]),
    );
    sets
}

fn round_trip(inputs: &[Input], options: &Options) -> Report {
    let report = analyze_with(inputs, options);
    let compact = serde_json::to_string(&report).unwrap_or_else(|e| panic!("{e}"));
    let back = Report::from_json(&compact).unwrap_or_else(|e| panic!("compact JSON: {e}"));
    assert_eq!(back, report);
    let pretty = Report::from_json(&report.to_json()).unwrap_or_else(|e| panic!("pretty: {e}"));
    assert_eq!(pretty, report);
    let bytes = report.to_wire();
    let back = Report::from_wire(&bytes).unwrap_or_else(|e| panic!("bytes: {e}"));
    assert_eq!(back, report);
    report
}

#[test]
fn every_fixture_reads_back_the_same() {
    let sets = input_sets();
    let files: usize = sets.iter().map(Vec::len).sum();
    assert!(files >= 30, "fixtures missing: {files}");
    let (mut findings, mut with_fix, mut located) = (0, 0, 0);
    for inputs in &sets {
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
    let info = common::read(&common::fixtures().join("redis-7.0.15/defaults/info.txt"));
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

/// A report written before a rule was renamed still reads: the old code (or
/// id) in its JSON reads as the rule it is now (`rules::REDIRECTS`), and an
/// id the advisor never had is refused.
#[test]
fn old_rule_codes_read_as_the_renamed_rule() {
    use redis_advisor_core::rules::{REDIRECTS, RuleId};
    let report = analyze_with(
        &[Input::new(
            "info",
            "# Server\nredis_version:7.0.15\n# Memory\nused_memory:104857600\nmaxmemory:0\nmaxmemory_policy:\n",
        )],
        &Options::default(),
    );
    let finding = report
        .findings
        .iter()
        .find(|f| f.id == RuleId::PolicyHiddenByProvider)
        .unwrap_or_else(|| panic!("no finding to rename in {:?}", report.findings));
    assert_eq!(finding.code, "EVI006");
    let json = report.to_json();
    let old = json.replace("\"code\": \"EVI006\"", "\"code\": \"MAN001\"");
    assert_ne!(old, json);
    let back = Report::from_json(&old).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, report);
    assert!(REDIRECTS.contains(&("MAN001", RuleId::PolicyHiddenByProvider)));

    let unknown = json.replace(
        "\"id\": \"policy-hidden-by-provider\"",
        "\"id\": \"no-such-rule\"",
    );
    assert_ne!(unknown, json);
    let err = Report::from_json(&unknown).err().unwrap_or_default();
    assert!(err.contains("unknown rule id \"no-such-rule\""), "{err}");
}
