//! Every wrapping people paste INFO in, generated from the project's own real
//! captures (tests/fixtures/**/info.txt): each wrapped text must give the same
//! findings as the clean capture, with evidence on the same lines (for wrappers
//! that keep one line per line) and quoting the same text.

use redis_advisor_core::{Input, Report, analyze};
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.file_name().is_some_and(|n| n == "info.txt") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures"),
        &mut out,
    );
    redis_advisor_core::sort::sort_by(&mut out, Ord::cmp);
    out
}

/// A wrapper applied to each line (`n` is the line's number, for timestamps).
type PerLine = fn(usize, &str) -> String;

/// Wrappers that keep one line per line: evidence stays on the same lines.
const PER_LINE: &[(&str, PerLine)] = &[
    ("iso timestamp", |n, l| {
        format!("2024-05-01T10:00:{:02}.{:03}Z {l}", n / 1000 % 60, n % 1000)
    }),
    ("epoch ms", |n, l| {
        format!("{} {l}", 1_714_557_600_000u64 + n as u64)
    }),
    ("tai64n", |n, l| format!("@4000000066321f1a{n:08x} {l}")),
    ("syslog #015", |_, l| {
        format!("May  1 10:00:00 cache-01 redis[4242]: {l}#015")
    }),
    ("klog", |n, l| {
        format!(
            "I0501 10:00:00.{:06}   12345 main.go:42] {l}",
            n % 1_000_000
        )
    }),
    ("logrus", |_, l| {
        format!("time=\"2024-05-01T10:00:00Z\" level=info msg=\"{l}\"")
    }),
    ("compose", |_, l| format!("redis_1  | {l}")),
    ("markdown quote", |_, l| format!("> {l}")),
    ("indentation", |_, l| format!("    {l}")),
    ("literal ^M", |_, l| format!("{l}^M")),
    ("markdown escapes", |_, l| {
        let escaped = l.replace('_', "\\_");
        match escaped.strip_prefix('#') {
            Some(rest) => format!("\\#{rest}"),
            None => escaped,
        }
    }),
    ("space after colon", |_, l| l.replacen(':', ": ", 1)),
    ("quote in compose", |_, l| format!("> redis-1  | {l}")),
];

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l))
}

fn per_line(text: &str, wrap: PerLine) -> String {
    lines(text)
        .enumerate()
        .map(|(n, l)| wrap(n, l) + "\n")
        .collect()
}

/// Raw RESP as `nc` shows it: the bulk length, then the payload.
fn resp(text: &str) -> String {
    format!("${}\r\n{text}\r\n", text.len())
}

/// INFO as a client library prints it: a flat dict of fields, the keyspace
/// lines as nested dicts (`quote` is `"` for JSON, `'` for Python).
fn dump(text: &str, quote: char, sep: &str) -> String {
    let mut pairs = Vec::new();
    for l in lines(text) {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let value = if k.starts_with("db") && v.contains("keys=") {
            let inner: Vec<String> = v
                .split(',')
                .filter_map(|kv| kv.split_once('='))
                .map(|(a, b)| format!("{quote}{a}{quote}{sep}{b}"))
                .collect();
            format!("{{{}}}", inner.join(", "))
        } else {
            format!("{quote}{v}{quote}")
        };
        pairs.push(format!("{quote}{k}{quote}{sep}{value}"));
    }
    format!("{{{}}}\n", pairs.join(", "))
}

/// The findings as compared: rule, title, and each evidence's line and text.
fn findings(r: &Report, with_lines: bool) -> Vec<String> {
    let mut out: Vec<String> = r
        .findings
        .iter()
        .map(|f| {
            let ev: Vec<String> = f
                .evidence
                .iter()
                .filter(|e| e.source != "workload")
                .map(|e| {
                    if with_lines {
                        format!("{:?}:{}", e.line, e.text)
                    } else {
                        String::new()
                    }
                })
                .collect();
            format!("{} | {} | {}", f.id, f.title, ev.join(" / "))
        })
        .collect();
    redis_advisor_core::sort::sort_by(&mut out, Ord::cmp);
    out
}

#[test]
fn every_wrapping_of_every_capture_reads_as_the_capture() {
    let files = fixtures();
    assert!(files.len() >= 10, "fixtures not found: {files:?}");
    let mut checked = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let clean = analyze(&[Input::new("info.txt", text.as_str())]);
        assert!(!clean.findings.is_empty() || clean.server.version.is_some());
        let want = findings(&clean, true);
        let want_ids = findings(&clean, false);
        for (name, wrap) in PER_LINE {
            let wrapped = per_line(&text, *wrap);
            let got = analyze(&[Input::new("info.txt", wrapped.as_str())]);
            // Evidence quotes the text as given: escaped, for markdown escapes.
            let got_findings: Vec<String> = findings(&got, true)
                .into_iter()
                .map(|f| {
                    // Only the evidence part (after the title) is normalized.
                    let (head, ev) = f.rsplit_once(" | ").unwrap_or((&f, ""));
                    let ev = match *name {
                        "markdown escapes" => ev.replace('\\', ""),
                        "space after colon" => ev.replace(": ", ":"),
                        _ => ev.to_string(),
                    };
                    format!("{head} | {ev}")
                })
                .collect();
            assert_eq!(got_findings, want, "{}: {name}", path.display());
            assert_eq!(got.server.nodes, 1, "{}: {name}", path.display());
            checked += 1;
        }
        // RESP adds one line before the payload.
        let got = analyze(&[Input::new("info.txt", resp(&text).as_str())]);
        assert_eq!(findings(&got, false), want_ids, "{}: resp", path.display());
        // Printouts put INFO on one line: the same findings, other lines.
        for (name, quote, sep) in [
            ("python dict", '\'', ": "),
            ("json", '"', ": "),
            ("ruby hash", '"', "=>"),
        ] {
            let printed = dump(&text, quote, sep);
            let got = analyze(&[Input::new("info.txt", printed.as_str())]);
            let ids = |r: &Report| {
                let mut v: Vec<String> = r.findings.iter().map(|f| f.id.to_string()).collect();
                redis_advisor_core::sort::sort_by(&mut v, Ord::cmp);
                v
            };
            assert_eq!(ids(&got), ids(&clean), "{}: {name}", path.display());
            checked += 1;
        }
    }
    println!("{checked} wrapped texts from {} captures", files.len());
}

/// No wrapper test goes quadratic: adversarial prefixes (long runs of what a
/// wrapper starts with) analyze in time linear in their size.
#[test]
fn adversarial_prefixes_stay_linear() {
    let patterns: [&str; 8] = [
        "> > > > > > > > > > > > > > > > > > ",
        "2024-05-01T10:00:00.123Z 2024-05-01T10:00:00.123Z ",
        "redis_1  | redis_1  | redis_1  | ",
        "{'a': {'b': {'c': ",
        "\\#\\#\\#\\#\\#\\#\\_\\_\\_",
        "$12\n*3\n$4\n",
        "**********************",
        "time=\"x\" level=info msg=\"msg=\\\"msg=",
    ];
    for p in patterns {
        // One line (kept under the 64 KiB a line is read up to), and many lines.
        let small = p.repeat(150) + "\n";
        let small_lines = format!("{p}used_memory:1\n").repeat(2_000);
        let time = |text: &str| {
            let start = std::time::Instant::now();
            let _ = analyze(&[Input::new("paste", text)]);
            start.elapsed()
        };
        for (a, b) in [
            (small.clone(), p.repeat(1_200) + "\n"),
            (
                small_lines.clone(),
                format!("{p}used_memory:1\n").repeat(16_000),
            ),
        ] {
            let (ta, tb) = (time(&a), time(&b));
            // Eight times the input: linear is ~8x; quadratic would be ~64x.
            assert!(
                tb < ta * 24 + std::time::Duration::from_millis(50),
                "{p:?}: {ta:?} for {} bytes, {tb:?} for {} bytes",
                a.len(),
                b.len()
            );
        }
    }
}
