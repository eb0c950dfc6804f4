//! The estimator against the committed measurements of real servers of every
//! version (`crates/core/tests/calibration/<server>.tsv`, written by the
//! calibration harness): for each server, every case within ±5% and the
//! median within ±2%, estimated for that server's version.
// A test on the host, never in the web build: the standard parser and sort are fine here.
#![allow(clippy::disallowed_methods)]

use redis_advisor_core::estimate::Limits;
use redis_advisor_core::estimate::cases::{cases, predict};
use redis_advisor_core::estimate::layout::parse_target;
use std::collections::BTreeMap;

/// Every server the harness measures (scripts/servers.sh builds all but
/// Debian's 7.0.15, which apt installs).
const SERVERS: [&str; 9] = [
    "redis-5.0.14",
    "redis-6.0.20",
    "redis-6.2.16",
    "redis-7.0.15",
    "redis-7.2.6",
    "redis-7.4.1",
    "redis-8.0-m01",
    "valkey-7.2.7",
    "valkey-8.0.1",
];

fn check(server: &str) -> Vec<String> {
    let path = format!(
        "{}/tests/calibration/{server}.tsv",
        env!("CARGO_MANIFEST_DIR")
    );
    let table = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}: run the calibration harness with --write"));
    let measured: BTreeMap<&str, u64> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (name, bytes) = l.split_once('\t')?;
            Some((name, bytes.trim().parse().ok()?))
        })
        .collect();
    let (flavor, version) = parse_target(server).unwrap_or_else(|| panic!("{server}"));
    let limits = Limits::for_server(flavor, version);
    assert_eq!(
        limits.note, None,
        "{server} is a version the estimator knows"
    );
    let mut problems = Vec::new();
    let mut errors = Vec::new();
    for case in cases(false) {
        let Some(&real) = measured.get(case.name.as_str()) else {
            problems.push(format!(
                "{server}: no measurement for `{}`: rerun the calibration harness with --write",
                case.name
            ));
            continue;
        };
        let estimated = predict(&case, &limits);
        let error = (estimated as f64 - real as f64) / real as f64;
        if error.abs() > 0.05 {
            problems.push(format!(
                "{server}: {}: estimated {estimated} vs measured {real} ({:+.2}%)",
                case.name,
                error * 100.0
            ));
        }
        errors.push(error.abs());
    }
    errors.sort_by(f64::total_cmp);
    let median = errors.get(errors.len() / 2).copied().unwrap_or(1.0);
    if median > 0.02 {
        problems.push(format!("{server}: median error {:.2}%", median * 100.0));
    }
    problems
}

#[test]
fn estimates_match_every_measured_server() {
    let problems: Vec<String> = SERVERS.iter().flat_map(|s| check(s)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_committed_table_is_checked() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/calibration");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".tsv").map(str::to_string))
        .collect();
    files.sort();
    let mut expected: Vec<String> = SERVERS.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(files, expected);
}
