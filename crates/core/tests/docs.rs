//! The guides under docs/: the rule reference is generated from the registry
//! and up to date, every rule's guide link lands on a heading, and every
//! internal link and anchor between pages resolves.
//!
//! `UPDATE_DOCS=1 cargo test -p redis-advisor-core --test docs` rewrites docs/rules/.

mod common;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};
use redis_advisor_core::docs::slug;
use redis_advisor_core::rules::{reference, registry::RULES};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Every page (path relative to docs/) with its anchors and its links.
fn pages() -> BTreeMap<String, (BTreeSet<String>, Vec<String>)> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![docs_dir()];
    while let Some(dir) = dirs.pop() {
        for path in common::read_dir(&dir) {
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let rel = path
                .strip_prefix(docs_dir())
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let text = common::read(&path);
            let mut anchors = BTreeSet::new();
            let mut links = Vec::new();
            let mut in_heading: Option<(Option<String>, String)> = None;
            for event in Parser::new_ext(&text, options()) {
                match event {
                    Event::Start(Tag::Heading { id, .. }) => {
                        in_heading = Some((id.map(|i| i.to_string()), String::new()))
                    }
                    Event::Text(t) | Event::Code(t) => {
                        if let Some((_, s)) = in_heading.as_mut() {
                            s.push_str(&t);
                        }
                    }
                    Event::End(pulldown_cmark::TagEnd::Heading(_)) => {
                        if let Some((id, title)) = in_heading.take() {
                            anchors.insert(id.unwrap_or_else(|| slug(&title)));
                        }
                    }
                    Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
                    _ => {}
                }
            }
            let _ = HeadingLevel::H1;
            out.insert(rel, (anchors, links));
        }
    }
    out
}

fn resolve(from: &str, link: &str) -> String {
    let base = Path::new(from).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = Vec::new();
    for c in base.join(link).components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn rule_reference_is_generated_and_current() {
    let dir = docs_dir().join("rules");
    let mut expected: BTreeMap<String, String> = RULES
        .iter()
        .map(|r| (format!("{}.md", r.id), reference::page(r)))
        .collect();
    expected.insert("index.md".to_string(), reference::index());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let _ = std::fs::create_dir_all(&dir);
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    for (name, text) in &expected {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == *text,
            "docs/rules/{name} is out of date: run UPDATE_DOCS=1 cargo test -p redis-advisor-core --test docs"
        );
    }
    let stale: Vec<_> = common::read_dir(&dir)
        .into_iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !expected.contains_key(n))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/rules has pages for no rule: {stale:?}"
    );
}

#[test]
fn every_rule_guide_link_lands_on_a_heading() {
    let pages = pages();
    for rule in RULES {
        let (page, anchor) = rule.guide.split_once('#').unwrap_or((rule.guide, ""));
        let (anchors, _) = pages
            .get(page)
            .unwrap_or_else(|| panic!("{}: no page docs/{page}", rule.id));
        assert!(
            anchors.contains(anchor),
            "{}: docs/{page} has no heading #{anchor}; it has {anchors:?}",
            rule.id
        );
    }
}

#[test]
fn every_internal_link_resolves() {
    let pages = pages();
    for (page, (anchors, links)) in &pages {
        for link in links {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (target, anchor) = link.split_once('#').unwrap_or((link, ""));
            let target_page = if target.is_empty() {
                page.clone()
            } else {
                resolve(page, target)
            };
            let Some((target_anchors, _)) = pages.get(&target_page) else {
                panic!("docs/{page}: link to {link}: no page docs/{target_page}");
            };
            let _ = anchors;
            assert!(
                anchor.is_empty() || target_anchors.contains(anchor),
                "docs/{page}: link to {link}: no heading #{anchor} in docs/{target_page}"
            );
        }
    }
}
