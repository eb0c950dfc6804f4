//! The guides built as the site the web app links to: every link and anchor
//! resolves in the built HTML, every rule's guide link (and every other
//! guide address the core writes, as plan lines do) lands on its heading,
//! and each page carries its sidebar, previous/next and the page's source.

use redis_advisor_core::rules::registry::RULES;
use redis_advisor_site::render::page_file;
use redis_advisor_site::{build, check};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The site built into a fresh folder, as scripts/web-build.sh lays out
/// dist/: the guides under guides/, beside the app's index.html (a stand-in
/// here; the app itself is built by Trunk).
fn built(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("redis-advisor-site-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = build(&root().join("docs"), &dir.join("guides")).unwrap_or_else(|e| panic!("{e}"));
    assert!(files.len() > 60, "{} files built", files.len());
    std::fs::write(dir.join("index.html"), "<!doctype html><title>app</title>")
        .unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_link_and_anchor_resolves() {
    let dir = built("links");
    let (problems, checked) = check(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(problems, Vec::<String>::new());
    // Each page links at least its sidebar: tens of pages times tens of links.
    assert!(checked > 2000, "only {checked} links checked");
}

/// Every `"page.md#anchor"` string literal in the core's code: the guide
/// links of rules, of plan lines and of anything else the core writes.
fn guide_literals() -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![root().join("crates/core/src")];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                // The code, not its tests (which name pages that do not exist on purpose).
                let text = read(&path);
                let code: String = text
                    .split("#[cfg(test)]")
                    .next()
                    .unwrap_or_default()
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                for piece in code.split('"').skip(1).step_by(2) {
                    let ok = piece.split_once(".md#").is_some_and(|(page, anchor)| {
                        let word = |s: &str, extra: &str| {
                            !s.is_empty()
                                && s.chars().all(|c| {
                                    c.is_ascii_lowercase()
                                        || c.is_ascii_digit()
                                        || "-".contains(c)
                                        || extra.contains(c)
                                })
                        };
                        word(page, "/") && word(anchor, "")
                    });
                    if ok {
                        out.push(piece.to_string());
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_guide_link_of_the_core_lands_on_its_heading() {
    let dir = built("rules");
    let mut links: Vec<String> = RULES.iter().map(|r| r.guide.to_string()).collect();
    let literals = guide_literals();
    assert!(
        literals.iter().any(|l| l == "persistence.md#appendfsync"),
        "plan lines found"
    );
    links.extend(literals);
    for link in &links {
        let (page, anchor) = link.split_once('#').unwrap_or((link, ""));
        let html = read(&dir.join("guides").join(page_file(page)));
        let heading = ["h1", "h2", "h3", "h4"]
            .iter()
            .any(|h| html.contains(&format!("<{h} id=\"{anchor}\">")));
        assert!(
            heading,
            "{link}: no heading with id \"{anchor}\" in guides/{}",
            page_file(page)
        );
    }
    // Each rule has its own page, titled by its id.
    for rule in RULES {
        let html = read(&dir.join("guides/rules").join(format!("{}.html", rule.id)));
        assert!(
            html.contains(&format!("<h1 id=\"{}\">", rule.id)),
            "{}",
            rule.id
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pages_have_a_sidebar_contents_neighbours_and_no_script_in_their_text() {
    let dir = built("layout");
    let memory = read(&dir.join("guides/memory.html"));
    assert!(memory.contains("<nav class=\"sidebar\" aria-label=\"Guides\">"));
    assert!(memory.contains("<a href=\"memory.html\" aria-current=\"page\">"));
    assert!(memory.contains("<nav class=\"toc\""));
    assert!(memory.contains("rel=\"prev\"") && memory.contains("rel=\"next\""));
    assert!(memory.contains("<link rel=\"stylesheet\" href=\"guides.css\">"));
    // One script, the search's, and none written in a page's text.
    assert_eq!(memory.matches("<script").count(), 1);
    let rule = read(&dir.join("guides/rules/maxmemory-unset.html"));
    assert!(rule.contains("href=\"../guides.css\""));
    assert!(rule.contains("href=\"../memory.html#maxmemory\""));
    assert!(rule.contains("<a class=\"brand\" href=\"../../\">"));
    // The first page has no previous one, the last no next one.
    let index = read(&dir.join("guides/index.html"));
    assert!(!index.contains("rel=\"prev\"") && index.contains("rel=\"next\""));
    let script = read(&dir.join("guides/search.js"));
    assert!(script.starts_with("// The guides' search index") && script.contains("\"maxmemory\""));
    std::fs::remove_dir_all(&dir).ok();
}
