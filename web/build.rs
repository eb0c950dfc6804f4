//! Compiles docs/**/*.md into the app: the guides have one source, docs/.
//! Each page is rendered to HTML here, with pulldown-cmark, so the page
//! downloads finished HTML and no Markdown parser.
// The build script runs on the host, never in the page: the standard sort is fine here.
#![allow(clippy::disallowed_methods)]

use std::fmt::Write;
use std::path::{Path, PathBuf};

#[path = "src/render.rs"]
mod render;

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path
                .strip_prefix(base)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            out.push((rel, path));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let docs = manifest.join("../docs");
    println!("cargo:rerun-if-changed={}", docs.display());
    println!("cargo:rerun-if-changed=src/render.rs");
    let mut pages = Vec::new();
    collect(&docs, &docs, &mut pages);
    // Reading order: the index, the topic guides, then the rule reference.
    pages.sort_by_key(|(rel, _)| {
        (
            rel != "index.md",
            rel.starts_with("rules/"),
            rel != "rules/index.md",
            rel.clone(),
        )
    });
    let mut code = String::from(
        "/// Every page under docs/, rendered, in reading order.\npub static PAGES: &[Page] = &[\n",
    );
    for (rel, path) in &pages {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => panic!("cannot read {}: {e}", path.display()),
        };
        let page = render::render(rel, &text);
        let _ = write!(
            code,
            "    Page {{ path: {rel:?}, title: {:?}, headings: &[",
            page.title
        );
        for h in &page.headings {
            let _ = write!(
                code,
                "Heading {{ level: {}, id: {:?}, text: {:?} }}, ",
                h.level, h.id, h.text
            );
        }
        let _ = writeln!(code, "], html: {:?} }},", page.html);
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("docs.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
