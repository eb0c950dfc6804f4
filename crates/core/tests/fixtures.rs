//! Every fixture captured from a real redis-server parses with zero
//! diagnostics, alone and together, in every CONFIG GET form.

mod common;

use redis_advisor_core::diag::DiagKind;
use redis_advisor_core::rules::RuleId;
use redis_advisor_core::{Input, Report, analyze};
use std::collections::BTreeMap;
use std::path::Path;

fn analyze_files(files: &[&Path]) -> Report {
    let inputs: Vec<Input> = files
        .iter()
        .map(|p| {
            Input::new(
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                common::read(p),
            )
        })
        .collect();
    analyze(&inputs)
}

/// The diagnostics but the note that 8.0-m01 (reporting 7.9.224, a
/// pre-release) is advised as 8.0.
fn diagnostics(report: &Report) -> Vec<&redis_advisor_core::report::ReportDiagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| !(d.kind == DiagKind::UnknownVersion && d.message.contains("Redis 7.9.224")))
        .collect()
}

fn block_kinds(report: &Report) -> Vec<&'static str> {
    report
        .inputs
        .iter()
        .flat_map(|i| i.blocks.iter().map(|b| b.kind))
        .collect()
}

#[test]
fn captured_fixtures_exist() {
    let dirs = common::captured_dirs();
    let mut per_server: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for dir in &dirs {
        let server = dir.parent().map(common::name).unwrap_or_default();
        per_server
            .entry(server)
            .or_default()
            .push(common::name(dir));
    }
    let servers: Vec<&String> = per_server.keys().collect();
    assert_eq!(
        servers,
        [
            "redis-5.0.14",
            "redis-6.0.20",
            "redis-6.2.16",
            "redis-7.0.15",
            "redis-7.2.6",
            "redis-7.4.1",
            "redis-8.0-m01",
            "valkey-7.2.7",
            "valkey-8.0.1"
        ]
    );
    for (server, configs) in &per_server {
        let mut expected: Vec<String> = common::CONFIGURATIONS
            .iter()
            // ACL users exist from 6.0.
            .filter(|c| **c != "acl" || server != "redis-5.0.14")
            .map(|c| c.to_string())
            .collect();
        if server == "redis-7.0.15" {
            expected.extend(
                redis_advisor_core::params::POLICIES
                    .iter()
                    .map(|p| format!("policy-{p}")),
            );
        }
        let expected: Vec<String> = expected
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(configs, &expected, "{server}");
    }
}

#[test]
fn each_file_parses_clean_and_is_recognized() {
    for dir in common::captured_dirs() {
        for file in common::read_dir(&dir) {
            let report = analyze_files(&[&file]);
            assert!(
                diagnostics(&report).is_empty(),
                "{}: {:#?}",
                file.display(),
                report.diagnostics
            );
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let expected = match name.as_str() {
                "info.txt" => "info",
                "redis.conf" => "redis-conf",
                n if n.starts_with("config-") => "config-get",
                other => panic!("unexpected fixture file {other}"),
            };
            assert_eq!(block_kinds(&report), [expected], "{}", file.display());
            if expected == "info" {
                assert!(
                    report.server.version.is_some(),
                    "{}: no version",
                    file.display()
                );
                // A sentinel's INFO has no Memory section.
                assert_eq!(
                    report.server.used_memory.is_some(),
                    !common::is_sentinel(&dir),
                    "{}: used_memory",
                    file.display()
                );
            }
            if expected == "config-get" {
                let non_default = report
                    .config
                    .iter()
                    .filter(|c| c.origin == "config-get")
                    .count();
                // 5.0 lists 107 parameters (some repeat a default), 7.0 about 180.
                assert!(
                    non_default >= 90,
                    "{}: only {non_default} parameters read",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn a_folder_analyzed_together_parses_clean() {
    for dir in common::captured_dirs() {
        let files = common::read_dir(&dir);
        let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
        let report = analyze_files(&refs);
        assert!(
            diagnostics(&report).is_empty(),
            "{}: {:#?}",
            dir.display(),
            report.diagnostics
        );
    }
}

#[test]
fn every_config_get_form_gives_the_same_configuration() {
    for dir in common::captured_dirs() {
        let forms: Vec<_> = common::read_dir(&dir)
            .into_iter()
            .filter(|p| p.to_string_lossy().contains("config-"))
            .collect();
        let configs: Vec<BTreeMap<String, String>> = forms
            .iter()
            .map(|f| {
                analyze_files(&[f])
                    .config
                    .into_iter()
                    .map(|c| (c.name.into_owned(), c.value.into_owned()))
                    .collect()
            })
            .collect();
        for (form, config) in forms.iter().zip(&configs).skip(1) {
            assert_eq!(
                config,
                &configs[0],
                "{} differs from {}",
                form.display(),
                forms[0].display()
            );
        }
    }
}

#[test]
fn a_session_transcript_of_real_output() {
    let dir = common::fixtures().join("redis-7.0.15/defaults");
    let text = format!(
        "127.0.0.1:6379> INFO everything\n{}\n127.0.0.1:6379> CONFIG GET *\n{}127.0.0.1:6379> PING\nPONG\n",
        common::read(&dir.join("info.txt")),
        common::read(&dir.join("config-terminal.txt"))
    );
    let report = analyze(&[Input::new("session", text)]);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(
        block_kinds(&report),
        [
            "prompt",
            "info",
            "prompt",
            "config-get",
            "prompt",
            "command-output"
        ]
    );
}

#[test]
fn several_nodes_in_one_paste() {
    let base = common::fixtures().join("redis-7.0.15");
    let text = format!(
        "{}\n{}",
        common::read(&base.join("primary/info.txt")),
        common::read(&base.join("replica/info.txt"))
    );
    let report = analyze(&[Input::new("nodes", text)]);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.server.nodes, 2);
    assert_eq!(block_kinds(&report), ["info", "info"]);
}

#[test]
fn findings_on_real_servers() {
    let base = common::fixtures().join("redis-7.0.15");
    let ids = |dir: &str| -> Vec<RuleId> {
        let files = common::read_dir(&base.join(dir));
        let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
        analyze_files(&refs).findings.iter().map(|f| f.id).collect()
    };
    // A server started without a config file has no memory limit.
    assert!(ids("defaults").contains(&RuleId::MaxmemoryUnset));
    // Filled to its 4 MB limit under noeviction: writes are failing.
    assert!(ids("policy-noeviction").contains(&RuleId::MemoryNearLimit));
    // A password is set: not open, even though protected mode would allow it.
    assert!(!ids("acl").contains(&RuleId::UnauthenticatedExposed));
    assert!(!ids("acl").contains(&RuleId::MaxmemoryUnset));
}

#[test]
fn secrets_in_real_captures_never_reach_the_report() {
    let dir = common::fixtures().join("redis-7.0.15/acl");
    let files = common::read_dir(&dir);
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let report = analyze_files(&refs);
    let json = report.to_json();
    let markdown = redis_advisor_core::render::markdown(&report);
    for secret in ["fixture-default-password", "fixture-app-password"] {
        assert!(!json.contains(secret), "{secret} in JSON");
        assert!(!markdown.contains(secret), "{secret} in Markdown");
    }
}

#[test]
fn documented_fixtures_parse_clean_and_say_what_they_are() {
    let dir = common::fixtures().join("documented");
    let files = common::documented_infos();
    for file in &files {
        let report = analyze_files(&[file]);
        assert!(
            report.diagnostics.is_empty(),
            "{}: {:#?}",
            file.display(),
            report.diagnostics
        );
        assert_eq!(block_kinds(&report), ["info"], "{}", file.display());
    }
    let one = |name: &str| analyze_files(&[&dir.join(name)]);
    // Valkey reports `redis_version:7.2.4` beside its own version (captured).
    let valkey = analyze_files(&[&common::fixtures().join("valkey-8.0.1/defaults/info.txt")]);
    assert_eq!(
        valkey.server.flavor,
        Some(redis_advisor_core::version::Flavor::Valkey)
    );
    assert_eq!(
        valkey.server.version.map(|v| v.to_string()).as_deref(),
        Some("8.0.1")
    );
    // An empty maxmemory_policy (Redis Cloud) is unknown: no policy is assumed.
    let cloud = one("documented-redis-cloud-6.0-info.txt");
    assert!(
        cloud.config.iter().all(|c| c.name != "maxmemory-policy"),
        "{:?}",
        cloud.config
    );
    let old = one("documented-redis-2.8-info.txt");
    assert_eq!(old.server.total_system_memory, None);
    assert_eq!(
        old.server.version.map(|v| v.to_string()).as_deref(),
        Some("2.8.24")
    );
}

/// Two real servers' INFO in one paste: each node is judged against its own
/// `maxmemory` (from its own INFO), not the first node's.
#[test]
fn each_node_is_judged_against_its_own_memory_limit() {
    let base = common::fixtures().join("redis-7.0.15");
    // `defaults` has no limit (maxmemory:0); `policy-noeviction` is full at 4 MB.
    let unlimited = common::read(&base.join("defaults/info.txt"));
    let full = common::read(&base.join("policy-noeviction/info.txt"));
    let on_node = |paste: String, rule: RuleId| -> Vec<String> {
        let report = analyze(&[Input::new("paste", paste)]);
        assert_eq!(report.server.nodes, 2);
        report
            .findings
            .iter()
            .filter(|f| f.id == rule)
            .map(|f| f.node.clone().unwrap_or_default())
            .collect()
    };
    // The full node second: it is at its limit, whatever the first node's says.
    assert_eq!(
        on_node(format!("{unlimited}\n{full}"), RuleId::MemoryNearLimit),
        ["node 2 (port 7310, master)"]
    );
    assert_eq!(
        on_node(format!("{unlimited}\n{full}"), RuleId::MaxmemoryUnset),
        ["node 1 (port 7301, master)"]
    );
    // The unlimited node second: it has no limit, whatever the first node's says.
    assert_eq!(
        on_node(format!("{full}\n{unlimited}"), RuleId::MaxmemoryUnset),
        ["node 2 (port 7301, master)"]
    );
    assert_eq!(
        on_node(format!("{full}\n{unlimited}"), RuleId::MemoryNearLimit),
        ["node 1 (port 7310, master)"]
    );
}
