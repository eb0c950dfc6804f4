//! The module boundaries ARCHITECTURE.md states, checked on the source so that
//! an import cycle cannot come back unnoticed: the parsers do not use the
//! splitter (the splitter uses them), and the report is a boundary type that
//! names rules by `rules::id::RuleId` without using the rules.

use std::path::Path;

/// A source file without its test module.
fn source(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The `crate::…` and `super::…` paths a file names, outside comments.
fn paths(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for start in ["crate::", "super::"] {
            let mut rest = code;
            while let Some(i) = rest.find(start) {
                let tail = &rest[i..];
                let end = tail
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(tail.len());
                found.push(tail[..end].to_string());
                rest = &tail[start.len()..];
            }
        }
    }
    found
}

#[test]
fn the_parsers_do_not_use_the_splitter() {
    for file in [
        "parse/info.rs",
        "parse/conf.rs",
        "parse/config_get.rs",
        "parse/unwrap.rs",
    ] {
        let used = paths(&source(file));
        assert!(
            !used.is_empty() || file == "parse/unwrap.rs",
            "{file}: nothing found"
        );
        for p in &used {
            assert!(
                !p.starts_with("crate::parse::split") && !p.starts_with("super::split"),
                "{file} uses {p}: shared helpers live in crate::diag"
            );
        }
    }
    // The splitter does use the parsers' recognizers: the edge goes one way.
    assert!(
        paths(&source("parse/split.rs"))
            .iter()
            .any(|p| p.starts_with("crate::parse::conf"))
    );
}

#[test]
fn the_report_does_not_use_the_rules() {
    let used = paths(&source("report.rs"));
    assert!(used.iter().any(|p| p.starts_with("crate::rules::id")));
    for p in &used {
        assert!(
            !p.starts_with("crate::rules") || p.starts_with("crate::rules::id"),
            "report.rs uses {p}: the report names rules by rules::id::RuleId only"
        );
        assert!(!p.starts_with("crate::analyze"), "report.rs uses {p}");
    }
    // And the list of rules depends on nothing in the crate.
    let id = source("rules/id.rs");
    let used = paths(&id);
    assert!(used.is_empty(), "rules/id.rs uses {used:?}");
}
