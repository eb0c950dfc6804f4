//! Every number Redis reports, at the edges of its type: the rules' arithmetic
//! on INFO and CONFIG values must neither overflow nor panic. The inputs are
//! the fixtures' INFO and `CONFIG GET *` (captured from a real server, and the
//! documented managed-service and Valkey INFO) with digits replaced, all at
//! once and, for a primary and a replica, one value at a time, analyzed under
//! each kind of workload so that every rule runs.

mod common;

use redis_advisor_core::workload::{HostFacts, QueueLibrary, Use, Workload};
use redis_advisor_core::{Input, Options, analyze_with};

const EXTREMES: &[&str] = &[
    "18446744073709551615", // u64::MAX
    "9223372036854775807",  // i64::MAX
    "99999999999999999999999",
    "0",
    "1",
];

/// Every (INFO, `CONFIG GET *` as `--raw`) pair of the fixtures; an empty
/// config where only INFO was documented.
fn pairs() -> Vec<(String, String, String)> {
    let mut pairs: Vec<_> = common::captured_dirs()
        .iter()
        .map(|dir| {
            let server = dir.parent().map(common::name).unwrap_or_default();
            (
                format!("{server}/{}", common::name(dir)),
                common::read(&dir.join("info.txt")),
                // A sentinel has no CONFIG GET *: its INFO alone.
                std::fs::read_to_string(dir.join("config-raw.txt")).unwrap_or_default(),
            )
        })
        .collect();
    pairs.extend(
        common::documented_infos()
            .iter()
            .map(|f| (common::name(f), common::read(f), String::new())),
    );
    assert!(pairs.len() >= 15, "fixtures missing: {}", pairs.len());
    pairs
}

/// Every run of digits in `value` replaced by `n`.
fn digits_to(value: &str, n: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut in_digits = false;
    for c in value.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push_str(n);
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// The INFO with the values of the lines `pick` selects turned to `n`.
fn info_with(info: &str, n: &str, pick: impl Fn(usize) -> bool) -> String {
    info.lines()
        .enumerate()
        .map(|(i, line)| match line.split_once(':') {
            Some((key, value)) if pick(i) => format!("{key}:{}", digits_to(value, n)),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `--raw` CONFIG GET (name and value lines alternate) with the values the
/// pair index `pick` selects turned to `n`.
fn config_with(config: &str, n: &str, pick: impl Fn(usize) -> bool) -> String {
    config
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i % 2 == 1 && pick(i / 2) {
                digits_to(line, n)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn workloads() -> Vec<Option<Workload>> {
    let host = HostFacts {
        memory: Some(u64::MAX),
        somaxconn: Some(u32::MAX),
        ..HostFacts::default()
    };
    let queue = Use::Queue {
        library: QueueLibrary::Bullmq,
    };
    [
        vec![Use::Cache],
        vec![queue, Use::Cache, Use::Locks],
        vec![Use::Sessions { loss_ok: false }],
        vec![Use::Streams],
    ]
    .into_iter()
    .map(|uses| {
        Some(Workload {
            uses,
            host: host.clone(),
            ..Workload::default()
        })
    })
    .chain([None])
    .collect()
}

fn run(info: String, config: String, workload: &Option<Workload>) {
    let options = Options {
        workload: workload.clone(),
        ..Options::default()
    };
    let report = analyze_with(
        &[Input::new("info", info), Input::new("config", config)],
        &options,
    );
    assert!(report.inputs.len() == 2);
}

#[test]
fn every_value_at_once_at_each_extreme() {
    let workloads = workloads();
    for (_, info, config) in pairs() {
        for n in EXTREMES {
            for w in &workloads {
                run(
                    info_with(&info, n, |_| true),
                    config_with(&config, n, |_| true),
                    w,
                );
            }
        }
    }
}

#[test]
fn each_value_alone_at_the_largest_numbers() {
    // The test above runs all five workloads; one value at a time, the two that
    // switch on the most rules (a cache beside a queue and locks, and the
    // workload inferred from INFO) keep the run to seconds.
    let workloads: Vec<Option<Workload>> = workloads()
        .into_iter()
        .filter(|w| w.as_ref().is_none_or(|w| w.uses.len() > 1))
        .collect();
    assert_eq!(workloads.len(), 2);
    for (name, info, config) in pairs() {
        if !name.ends_with("/primary") && !name.ends_with("/replica") {
            continue;
        }
        for n in &EXTREMES[..2] {
            for line in 0..info.lines().count() {
                for w in &workloads {
                    run(info_with(&info, n, |i| i == line), config.clone(), w);
                }
            }
            for pair in 0..config.lines().count() / 2 {
                for w in &workloads {
                    run(info.clone(), config_with(&config, n, |i| i == pair), w);
                }
            }
        }
    }
}
