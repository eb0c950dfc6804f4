//! The scorecard: every real paste of tests/corpus/ through `analyze`.
//!
//! Fails on any `[[must_not]]` point raised, any paste read as nothing, any
//! panic. Prints the share of `[[must]]` points raised and checks it is the one
//! recorded in docs/corpus.md (`UPDATE_DOCS=1 cargo test -p redis-advisor-core
//! --test corpus` rewrites that page).
//!
//! A point's concept id is a rule id, or one of the few concepts read off the
//! rest of the report (see [`raised`]). A point with `evidence` counts only when a
//! finding of its rule quotes a line holding one of the expected substrings.
// A test on the host, never in the web build: the standard sort is fine here.
#![allow(clippy::disallowed_methods)]

use redis_advisor_core::report::Report;
use redis_advisor_core::workload::{QueueLibrary, Use};
use redis_advisor_core::{Input, analyze};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Expected {
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    must: Vec<Point>,
    #[serde(default)]
    must_not: Vec<Point>,
}

#[derive(Deserialize)]
struct Point {
    id: String,
    #[serde(default)]
    evidence: Vec<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// The paste files of one folder, in order.
fn pastes(dir: &Path) -> Vec<Input> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("paste") && n.ends_with(".txt"))
    });
    redis_advisor_core::sort::sort_by(&mut files, Ord::cmp);
    files
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let name = p.file_name()?.to_str()?.to_string();
            Some(Input::from_bytes(name, &bytes))
        })
        .collect()
}

/// The lines (1-based) of `input` that hold one of the substrings.
fn evidence_lines(inputs: &[Input], wanted: &[String]) -> Vec<(String, u32)> {
    let mut lines = Vec::new();
    for input in inputs {
        for w in wanted {
            for (at, _) in input.text.match_indices(w.as_str()) {
                let first = input.text[..at].matches('\n').count() as u32 + 1;
                let last = first + w.matches('\n').count() as u32;
                for l in first..=last {
                    lines.push((input.name.clone(), l));
                }
            }
        }
    }
    lines
}

/// Block kinds of the report that the advisor reads as server output, and the
/// paste kinds (expected.toml's `kinds`) that allow each.
fn misread(report: &Report, kinds: &[String]) -> bool {
    let allowed = |block: &str| {
        kinds.iter().any(|k| {
            matches!(
                (block, k.as_str()),
                ("info", "info" | "sentinel" | "cluster-info")
                    | ("config-get", "config-get")
                    | ("redis-conf", "redis-conf" | "sentinel")
            )
        })
    };
    report.inputs.iter().any(|i| {
        i.blocks
            .iter()
            .any(|b| matches!(b.kind, "info" | "config-get" | "redis-conf") && !allowed(b.kind))
    })
}

/// Whether the report raises a point.
fn raised(report: &Report, inputs: &[Input], kinds: &[String], point: &Point) -> bool {
    let lines = evidence_lines(inputs, &point.evidence);
    let cites = |e: &redis_advisor_core::report::Evidence| {
        point.evidence.is_empty()
            || e.line
                .is_some_and(|l| lines.iter().any(|(s, n)| *s == e.source && *n == l))
            || point
                .evidence
                .iter()
                .any(|w| !e.text.is_empty() && (w.contains(&e.text) || e.text.contains(w.as_str())))
    };
    let finding = |id: &str| {
        report.findings.iter().any(|f| {
            f.id.as_str() == id && (point.evidence.is_empty() || f.evidence.iter().any(cites))
        })
    };
    let queue = |lib: QueueLibrary| {
        report
            .workload
            .uses
            .iter()
            .any(|u| u.use_ == Use::Queue { library: lib })
    };
    let titled = |id: &str, words: &str| {
        report.findings.iter().any(|f| {
            f.id.as_str() == id
                && f.title.contains(words)
                && (point.evidence.is_empty() || f.evidence.iter().any(cites))
        })
    };
    match point.id.as_str() {
        // One rule covers the host's kernel settings.
        "overcommit-memory-disabled" => titled("host-kernel-settings", "overcommit"),
        "transparent-huge-pages" => titled("host-kernel-settings", "huge pages"),
        // One rule names what the server is when it is not a stock Redis.
        "keydb" => titled("server-variant", "KeyDB"),
        "valkey" => titled("server-variant", "Valkey"),
        "windows-port" => titled("server-variant", "Windows"),
        "managed-service" => titled("server-variant", "managed service"),
        "workload-bullmq" => queue(QueueLibrary::Bullmq) || queue(QueueLibrary::Bull),
        "workload-sidekiq" => queue(QueueLibrary::Sidekiq),
        "workload-celery" => queue(QueueLibrary::Celery),
        "workload-rq" => queue(QueueLibrary::Rq),
        "info-misread" => misread(report, kinds),
        // Defaults reported as the user's settings.
        "excerpt-filled-with-defaults" => report.config.iter().any(|c| c.origin == "default"),
        // A damaged value must be named where it is: a diagnostic on its line.
        "garbled-value" => {
            finding("garbled-value")
                || report.diagnostics.iter().any(|d| {
                    lines
                        .iter()
                        .any(|(s, n)| *s == d.source && *n == d.start.line)
                })
        }
        id => finding(id),
    }
}

#[derive(Default)]
struct Score {
    must: usize,
    raised: usize,
    rows: Vec<String>,
    failures: Vec<String>,
    by_id: BTreeMap<String, (usize, usize)>,
}

fn run() -> Score {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.retain(|d| d.join("expected.toml").is_file());
    redis_advisor_core::sort::sort_by(&mut dirs, Ord::cmp);
    let mut score = Score::default();
    for dir in &dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        let expected: Expected = match std::fs::read_to_string(dir.join("expected.toml"))
            .map_err(|e| e.to_string())
            .and_then(|t| toml::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(e) => e,
            Err(e) => {
                score.failures.push(format!("{name}: expected.toml: {e}"));
                continue;
            }
        };
        let inputs = pastes(dir);
        let report = match std::panic::catch_unwind(|| analyze(&inputs)) {
            Ok(r) => r,
            Err(_) => {
                score.failures.push(format!("{name}: analyze panicked"));
                continue;
            }
        };
        let read_something = !report.findings.is_empty()
            || report.inputs.iter().any(|i| {
                i.blocks
                    .iter()
                    .any(|b| !matches!(b.kind, "unrecognized" | "long-line"))
            });
        if !read_something {
            score.failures.push(format!("{name}: read as nothing"));
        }
        for p in &expected.must_not {
            if raised(&report, &inputs, &expected.kinds, p) {
                score
                    .failures
                    .push(format!("{name}: must not raise `{}`", p.id));
            }
        }
        let mut missed = Vec::new();
        let mut got = 0;
        for p in &expected.must {
            let ok = raised(&report, &inputs, &expected.kinds, p);
            let e = score.by_id.entry(p.id.clone()).or_default();
            e.0 += 1;
            if ok {
                e.1 += 1;
                got += 1;
            } else {
                missed.push(p.id.as_str());
            }
        }
        score.must += expected.must.len();
        score.raised += got;
        score.rows.push(format!(
            "| {name} | {got}/{} | {} |",
            expected.must.len(),
            if missed.is_empty() {
                String::new()
            } else {
                missed.join(", ")
            }
        ));
    }
    score
}

fn page(score: &Score) -> String {
    let share = 100.0 * score.raised as f64 / score.must.max(1) as f64;
    let mut s = String::new();
    s.push_str("# The corpus scorecard\n\n");
    s.push_str(
        "Every real paste of `tests/corpus/` (public pastes, each with its source and the review an\n\
         expert would give, written before the advisor was run on it) goes through `analyze`;\n\
         `crates/core/tests/corpus.rs` counts the expected points the report raises. It fails on\n\
         any point the review says must not be raised, on any paste read as nothing and on any\n\
         panic. A point with evidence counts only when a finding of its rule quotes a line holding\n\
         the expected text. This page is written by\n\
         `UPDATE_DOCS=1 cargo test -p redis-advisor-core --test corpus`, and the test checks it.\n\n",
    );
    s.push_str(&format!(
        "**{} of {} expected points raised ({share:.1}%)** over {} pastes. Target: 90%.\n\n",
        score.raised,
        score.must,
        score.rows.len()
    ));
    s.push_str("## By concept\n\n| concept | raised |\n| --- | --- |\n");
    for (id, (n, got)) in &score.by_id {
        s.push_str(&format!("| `{id}` | {got}/{n} |\n"));
    }
    s.push_str("\n## By paste\n\n| paste | raised | missed |\n| --- | --- | --- |\n");
    for r in &score.rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

#[test]
fn corpus_scorecard() {
    let score = run();
    let text = page(&score);
    println!("{text}");
    assert!(
        score.failures.is_empty(),
        "{} failures:\n{}",
        score.failures.len(),
        score.failures.join("\n")
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/corpus.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("docs/corpus.md: {e}"));
    } else {
        let recorded = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            recorded == text,
            "docs/corpus.md is not the current scorecard: run UPDATE_DOCS=1 cargo test -p redis-advisor-core --test corpus"
        );
    }
}
