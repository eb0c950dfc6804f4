//! The estimator against the committed measurements of a real redis-server
//! (`crates/core/tests/calibration.tsv`, written by the calibration harness):
//! every case within ±5%, the median within ±2%.
// A test on the host, never in the web build: the standard parser and sort are fine here.
#![allow(clippy::disallowed_methods)]

use redis_advisor_core::estimate::cases::{cases, predict};
use std::collections::BTreeMap;

#[test]
fn estimates_match_the_measured_server() {
    let table = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/calibration.tsv"
    ))
    .unwrap_or_else(|e| panic!("calibration.tsv: {e}: run the calibration harness with --write"));
    let measured: BTreeMap<&str, u64> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (name, bytes) = l.split_once('\t')?;
            Some((name, bytes.trim().parse().ok()?))
        })
        .collect();
    let mut errors = Vec::new();
    for case in cases(false) {
        let Some(&real) = measured.get(case.name.as_str()) else {
            panic!(
                "no measurement for `{}`: rerun the calibration harness with --write",
                case.name
            );
        };
        let error = (predict(&case) as f64 - real as f64) / real as f64;
        assert!(
            error.abs() <= 0.05,
            "{}: estimated {} vs measured {real} ({:+.2}%)",
            case.name,
            predict(&case),
            error * 100.0
        );
        errors.push(error.abs());
    }
    errors.sort_by(f64::total_cmp);
    let median = errors[errors.len() / 2];
    assert!(median <= 0.02, "median error {:.2}%", median * 100.0);
}
