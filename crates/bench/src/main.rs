//! `cargo run --release -p redis-advisor-bench`: parse and analyze timings on
//! the fixtures captured from a real redis-server, and the `redis` crate's
//! INFO parser on the same text in the same run. Figures go to
//! docs/performance.md. Nothing here asserts a time: machines are noisy, so
//! read the ratios, which come from one run.
// A benchmark on the host, never in the web build: the standard sort is fine here.
#![allow(clippy::disallowed_methods)]

use redis_advisor_core::parse::info;
use redis_advisor_core::{Input, analyze};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/redis-7.0.15")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Median time of one call, over rounds of `iters` calls each.
fn median<F: FnMut()>(iters: u32, rounds: usize, f: F) -> Duration {
    let samples = sorted_rounds(iters, rounds, f);
    samples[samples.len() / 2]
}

/// Time of one call in each round of `iters` calls, fastest first.
fn sorted_rounds<F: FnMut()>(iters: u32, rounds: usize, mut f: F) -> Vec<Duration> {
    for _ in 0..iters {
        f();
    }
    let mut samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                f();
            }
            t.elapsed() / iters
        })
        .collect();
    samples.sort();
    samples
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / d.as_secs_f64() / 1e6
}

fn main() {
    let info_text = read(&fixtures().join("defaults/info.txt"));
    let config_text = read(&fixtures().join("defaults/config-raw.txt"));

    if std::env::var_os("BENCH_PROFILE_SPLIT").is_some() {
        let idx = redis_advisor_core::diag::LineIndex::new(&config_text);
        let idx2 = redis_advisor_core::diag::LineIndex::new(&info_text);
        for _ in 0..200 {
            black_box(redis_advisor_core::parse::split::split_indexed(
                &config_text,
                &idx,
            ));
            black_box(redis_advisor_core::parse::split::split_indexed(
                &info_text, &idx2,
            ));
        }
        return;
    }
    if std::env::var_os("BENCH_PROFILE").is_some() {
        // A short fixed workload for a profiler (valgrind --tool=callgrind).
        let pair = [
            Input::new("info.txt", info_text.as_str()),
            Input::new("config.txt", config_text.as_str()),
        ];
        for _ in 0..200 {
            black_box(analyze(black_box(&pair)));
        }
        return;
    }
    println!("# Redis Advisor benchmark (release build, medians of 15 rounds)\n");
    println!(
        "INFO fixture: {} bytes, {} lines; CONFIG GET fixture: {} bytes\n",
        info_text.len(),
        info_text.lines().count(),
        config_text.len()
    );

    // Interleave the two INFO parsers so both see the same machine state.
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..5 {
        ours.push(median(2000, 3, || {
            let p = info::parse(black_box(&info_text));
            black_box(p.value.get("used_memory"));
        }));
        theirs.push(median(2000, 3, || {
            let d = redis::InfoDict::new(black_box(&info_text));
            black_box(d.get::<u64>("used_memory"));
        }));
    }
    ours.sort();
    theirs.sort();
    let (o, t) = (ours[2], theirs[2]);
    println!("| INFO parse | time per parse | throughput |");
    println!("| --- | --- | --- |");
    println!(
        "| redis-advisor `parse::info::parse` | {:.1} µs | {:.0} MB/s |",
        o.as_secs_f64() * 1e6,
        mb_per_s(info_text.len(), o)
    );
    println!(
        "| redis crate `InfoDict::new` | {:.1} µs | {:.0} MB/s |",
        t.as_secs_f64() * 1e6,
        mb_per_s(info_text.len(), t)
    );
    println!(
        "\nthroughput ratio (ours / redis crate): {:.2}x\n",
        t.as_secs_f64() / o.as_secs_f64()
    );

    let pair = [
        Input::new("info.txt", info_text.as_str()),
        Input::new("config.txt", config_text.as_str()),
    ];
    // More rounds for the headline figure; the fastest round is printed too, as
    // the figure least disturbed by whatever else the machine runs.
    let full_rounds = sorted_rounds(300, 31, || {
        black_box(analyze(black_box(&pair)));
    });
    let full = full_rounds[full_rounds.len() / 2];
    let info_only = [Input::new("info.txt", info_text.as_str())];
    let only = median(300, 15, || {
        black_box(analyze(black_box(&info_only)));
    });
    // Where the time of the pair goes, stage by stage (same run).
    let index_info = redis_advisor_core::diag::LineIndex::new(&info_text);
    let index_config = redis_advisor_core::diag::LineIndex::new(&config_text);
    let t_index = median(300, 15, || {
        black_box(redis_advisor_core::diag::LineIndex::new(black_box(
            &info_text,
        )));
        black_box(redis_advisor_core::diag::LineIndex::new(black_box(
            &config_text,
        )));
    });
    let t_split = median(300, 15, || {
        black_box(redis_advisor_core::parse::split::split_indexed(
            &info_text,
            &index_info,
        ));
        black_box(redis_advisor_core::parse::split::split_indexed(
            &config_text,
            &index_config,
        ));
    });
    let t_info = median(300, 15, || {
        black_box(info::parse(black_box(&info_text)));
    });
    let t_config = median(300, 15, || {
        black_box(redis_advisor_core::parse::config_get::parse(
            black_box(&config_text),
            redis_advisor_core::parse::config_get::ConfigForm::Raw,
        ));
    });
    let dump = redis_advisor_core::parse::config_get::parse(
        &config_text,
        redis_advisor_core::parse::config_get::ConfigForm::Raw,
    )
    .value;
    let parsed_info = info::parse(&info_text).value;
    let t_builder = median(300, 15, || {
        let mut b = redis_advisor_core::config::Builder::new();
        b.config_get(1, 0, black_box(&dump));
        b.info(0, 0, black_box(&parsed_info));
        black_box(b.finish(parsed_info.version()));
    });
    let t_workload = median(300, 15, || {
        black_box(redis_advisor_core::workload::view(
            None,
            Some(black_box(&parsed_info)),
        ));
    });
    let stage = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6);
    println!("| stage of the pair | time |");
    println!("| --- | --- |");
    println!("| line index (both inputs) | {} |", stage(t_index));
    println!("| split into blocks | {} |", stage(t_split));
    println!("| INFO parse | {} |", stage(t_info));
    println!("| CONFIG GET parse | {} |", stage(t_config));
    println!("| effective configuration | {} |", stage(t_builder));
    println!("| workload inference | {} |", stage(t_workload));
    println!(
        "| the rest: {} rules, report | {} |\n",
        redis_advisor_core::rules::registry::RULES.len(),
        stage(full.saturating_sub(t_index + t_split + t_info + t_config + t_builder + t_workload))
    );
    println!("| analyze | time per call |");
    println!("| --- | --- |");
    println!(
        "| INFO + CONFIG GET pair (parse, effective config, all rules, report) | {:.1} µs (fastest round {:.1} µs) |",
        full.as_secs_f64() * 1e6,
        full_rounds[0].as_secs_f64() * 1e6
    );
    println!("| INFO alone | {:.1} µs |", only.as_secs_f64() * 1e6);

    // Scaling: analysis time against input size, from 1 KB to 50 MB of INFO-shaped text.
    println!("\n| input size | analyze time | MB/s |");
    println!("| --- | --- | --- |");
    let line_block: String = info_text
        .lines()
        .filter(|l| l.starts_with("cmdstat_") || l.contains(':'))
        .map(|l| format!("{l}\n"))
        .collect();
    for &size in &[
        1_000usize, 10_000, 100_000, 1_000_000, 10_000_000, 50_000_000,
    ] {
        let mut text = String::with_capacity(size + line_block.len());
        while text.len() < size {
            text.push_str(&line_block);
        }
        text.truncate(
            text[..size.min(text.len())]
                .rfind('\n')
                .map_or(size, |i| i + 1),
        );
        let input = [Input::new("big", text.as_str())];
        let iters = (20_000_000 / size.max(1)).clamp(1, 2000) as u32;
        let d = median(iters, 5, || {
            black_box(analyze(black_box(&input)));
        });
        println!(
            "| {} | {:.3} ms | {:.0} |",
            human(size),
            d.as_secs_f64() * 1e3,
            mb_per_s(size, d)
        );
    }
}

fn human(n: usize) -> String {
    if n >= 1_000_000 {
        format!("{} MB", n / 1_000_000)
    } else {
        format!("{} KB", n / 1000)
    }
}
