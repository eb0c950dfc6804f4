//! Captures INFO and CONFIG GET from every real server (each Redis and Valkey
//! version `scripts/servers.sh` builds, and Debian's 7.0.15), each started by
//! this test on 127.0.0.1 and a free port, and checks that everything parses
//! and that every parameter each server reports is one the advisor knows. A
//! newer server version therefore shows up here as a failing test, not as a
//! silent gap.

mod common;

use common::servers::{self, Running};
use redis_advisor_core::diag::DiagKind;
use redis_advisor_core::rules::RuleId;
use redis_advisor_core::version::Flavor;
use redis_advisor_core::{Input, analyze};

/// Every redis-cli form this server's redis-cli has: `INFO everything` from
/// 6.0 (`INFO all` before, which then held every section), `-3` (RESP3) from
/// 6.0, `--json` from 7.0 (Valkey has it from 7.2).
fn captures(server: &Running) -> Vec<(&'static str, String)> {
    let b = &server.build;
    let mut out = vec![if b.at_least(6, 0) {
        ("INFO everything", server.cli(&["info", "everything"]))
    } else {
        ("INFO all", server.cli(&["info", "all"]))
    }];
    out.push((
        "CONFIG GET --raw",
        server.cli(&["--raw", "config", "get", "*"]),
    ));
    out.push((
        "CONFIG GET terminal",
        server.cli(&["--no-raw", "config", "get", "*"]),
    ));
    if b.at_least(6, 0) {
        out.push((
            "CONFIG GET RESP3",
            server.cli(&["-3", "--no-raw", "config", "get", "*"]),
        ));
    }
    if b.at_least(7, 0) {
        out.push((
            "CONFIG GET --json",
            server.cli(&["--json", "config", "get", "*"]),
        ));
    }
    out
}

#[test]
fn every_server_output_parses_clean_in_every_form() {
    let builds = servers::all();
    assert_eq!(builds.len(), servers::EXPECTED.len());
    let mut forms = 0;
    for build in &builds {
        let server = build.start(&[]);
        server.cli(&["set", "cache:1", "v", "EX", "60"]);
        let captures = captures(&server);
        let who = &build.name;
        for (what, text) in &captures {
            assert!(
                !text.trim().is_empty(),
                "{who} {what}: the server said nothing"
            );
            let report = analyze(&[Input::new(*what, text.as_str())]);
            let unknown: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.kind == DiagKind::UnknownParameter)
                .map(|d| &d.message)
                .collect();
            assert!(
                unknown.is_empty(),
                "{who} {what}: parameters this advisor does not know yet: {unknown:#?}"
            );
            // 8.0-m01 reports 7.9.224, a pre-release: advised as 8.0, with a note saying so.
            let milestone = |d: &&redis_advisor_core::report::ReportDiagnostic| {
                d.kind == DiagKind::UnknownVersion && build.name == "redis-8.0-m01"
            };
            assert!(
                report.diagnostics.iter().filter(|d| !milestone(d)).count() == 0,
                "{who} {what}: {:#?}",
                report.diagnostics
            );
            assert_eq!(
                report.inputs[0].blocks.len(),
                1,
                "{who} {what}: {:#?}",
                report.inputs[0].blocks
            );
            forms += 1;
        }
        let all: Vec<Input> = captures
            .iter()
            .map(|(w, t)| Input::new(*w, t.as_str()))
            .collect();
        let report = analyze(&all);
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| d.kind == DiagKind::UnknownVersion && build.name == "redis-8.0-m01"),
            "{who}: {:#?}",
            report.diagnostics
        );
        let (major, minor, patch) = build.version;
        assert_eq!(
            report.server.version.map(|v| (v.major, v.minor, v.patch)),
            Some((major, minor, patch)),
            "{who}: the version read from INFO"
        );
        let flavor = if build.is_valkey() {
            Flavor::Valkey
        } else {
            Flavor::Redis
        };
        assert_eq!(report.server.flavor, Some(flavor), "{who}");
        // Started without a config file: no memory limit.
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.id == RuleId::MaxmemoryUnset),
            "{who}: {:?}",
            report.findings.iter().map(|f| f.id).collect::<Vec<_>>()
        );
    }
    // 5.0: 2 forms; 6.x: 3 (x2); 7.0+: 4 (x6); each with INFO.
    assert_eq!(forms, 3 + 4 * 2 + 5 * 6);
}
