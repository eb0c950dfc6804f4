//! The guides as a static site: every page under docs/ becomes one HTML page
//! (`docs/rules/x.md` -> `rules/x.html`) with a sidebar, a table of contents,
//! previous/next links, light and dark themes and a print stylesheet, and no
//! script needed to read it. `search.js` (the search over titles and
//! headings, its index built here, and the copy buttons) only adds to a page.
//!
//! [`check`] reads a built site back and reports every link or anchor that
//! does not resolve.

// The site is built on the host, never in the page: the web app's size rules
// (clippy.toml: the standard sort) do not apply here.
#![allow(clippy::disallowed_methods)]

pub mod check;
pub mod render;

use render::{Heading, Rendered, escape, page_file};
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

pub use check::check;

const CSS: &str = include_str!("../assets/guides.css");
const SCRIPT: &str = include_str!("../assets/search.js");

/// A guide once rendered: its path under docs/ and its content.
pub struct Page {
    pub path: String,
    pub rendered: Rendered,
}

/// The Markdown files under `dir`, relative to `base`, sorted.
fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) -> io::Result<()> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, base, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path
                .strip_prefix(base)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            out.push((rel, path));
        }
    }
    Ok(())
}

/// Every page of `docs`, rendered, in reading order: the index, the guides in
/// the order the index lists them (then any it does not), the rule reference,
/// then the rules in the order it lists them.
pub fn pages(docs: &Path) -> io::Result<Vec<Page>> {
    let mut files = Vec::new();
    collect(docs, docs, &mut files)?;
    let mut pages = Vec::new();
    for (rel, path) in files {
        let text = std::fs::read_to_string(&path)?;
        let rendered = render::render(&rel, &text);
        pages.push(Page {
            path: rel,
            rendered,
        });
    }
    let order_of = |index: &str| -> Vec<String> {
        pages
            .iter()
            .find(|p| p.path == index)
            .map(|p| p.rendered.links.clone())
            .unwrap_or_default()
    };
    let topics = order_of("index.md");
    let rules = order_of("rules/index.md");
    let rank = |path: &str| -> (u8, usize, String) {
        let listed = |list: &[String]| list.iter().position(|l| l == path).unwrap_or(usize::MAX);
        if path == "index.md" {
            (0, 0, String::new())
        } else if path == "rules/index.md" {
            (2, 0, String::new())
        } else if path.starts_with("rules/") {
            (3, listed(&rules), path.to_string())
        } else {
            (1, listed(&topics), path.to_string())
        }
    };
    pages.sort_by_key(|p| rank(&p.path));
    Ok(pages)
}

/// `../` once per folder `path` is in: the way back to the site's root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn sidebar(pages: &[Page], current: &str, root: &str) -> String {
    let mut out = String::from(
        "<nav class=\"sidebar\" aria-label=\"Guides\">\n<div id=\"search\"></div>\n<ul>\n",
    );
    let in_rules = current.starts_with("rules/");
    for p in pages.iter().filter(|p| !p.path.starts_with("rules/")) {
        let _ = writeln!(out, "{}", item(p, current, root));
    }
    let reference = pages.iter().find(|p| p.path == "rules/index.md");
    if let Some(r) = reference {
        let mut li = item(r, current, root);
        if in_rules {
            li.truncate(li.len() - "</li>".len());
            li.push_str("\n<ul>\n");
            for p in pages
                .iter()
                .filter(|p| p.path.starts_with("rules/") && p.path != "rules/index.md")
            {
                let _ = writeln!(li, "{}", item(p, current, root));
            }
            li.push_str("</ul></li>");
        }
        let _ = writeln!(out, "{li}");
    }
    out.push_str("</ul>\n</nav>\n");
    out
}

fn item(p: &Page, current: &str, root: &str) -> String {
    let here = if p.path == current {
        " aria-current=\"page\""
    } else {
        ""
    };
    format!(
        "<li><a href=\"{root}{}\"{here}>{}</a></li>",
        page_file(&p.path),
        escape(&p.rendered.title)
    )
}

/// The table of contents: the page's headings below its title, when there
/// are a few.
fn toc(headings: &[Heading]) -> String {
    let shown: Vec<&Heading> = headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .collect();
    if shown.len() < 3 {
        return String::new();
    }
    let mut out = String::from(
        "<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">On this page</h2>\n<ul>\n",
    );
    for h in shown {
        let _ = writeln!(
            out,
            "<li class=\"l{}\"><a href=\"#{}\">{}</a></li>",
            h.level,
            escape(&h.id),
            escape(&h.text)
        );
    }
    out.push_str("</ul>\n</nav>\n");
    out
}

fn pager(prev: Option<&Page>, next: Option<&Page>, root: &str) -> String {
    let mut out = String::from("<nav class=\"pager\" aria-label=\"Previous and next\">\n");
    if let Some(p) = prev {
        let _ = writeln!(
            out,
            "<a class=\"prev\" rel=\"prev\" href=\"{root}{}\"><span>Previous</span> {}</a>",
            page_file(&p.path),
            escape(&p.rendered.title)
        );
    }
    if let Some(n) = next {
        let _ = writeln!(
            out,
            "<a class=\"next\" rel=\"next\" href=\"{root}{}\"><span>Next</span> {}</a>",
            page_file(&n.path),
            escape(&n.rendered.title)
        );
    }
    out.push_str("</nav>\n");
    out
}

/// One page of the site, whole.
fn layout(pages: &[Page], i: usize) -> String {
    let page = &pages[i];
    let root = root_of(&page.path);
    let app = format!("{root}../");
    let title = &page.rendered.title;
    let mut out = String::with_capacity(page.rendered.html.len() + 8192);
    let _ = write!(
        out,
        "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'\">
<meta name=\"referrer\" content=\"no-referrer\">
<meta name=\"color-scheme\" content=\"light dark\">
<title>{title} · Redis Advisor guides</title>
<link rel=\"icon\" href=\"data:,\">
<link rel=\"stylesheet\" href=\"{root}guides.css\">
<script src=\"{root}search.js\" defer></script>
</head>
<body data-root=\"{root}\">
<a class=\"skip\" href=\"#content\">Skip to the page</a>
<header class=\"top\">
<a class=\"brand\" href=\"{app}\">Redis Advisor</a>
<nav aria-label=\"Main\">
<a href=\"{app}\">Review</a>
<a href=\"{app}#/plan\">Plan</a>
<a href=\"{root}index.html\" aria-current=\"page\">Guides</a>
</nav>
</header>
<div class=\"layout\">
{sidebar}<main id=\"content\">
<article class=\"guide\">
{toc_and_body}</article>
{pager}</main>
</div>
<footer class=\"foot\"><p>From <code>docs/{source}</code> in the Redis Advisor repository.</p></footer>
</body>
</html>
",
        title = escape(title),
        sidebar = sidebar(pages, &page.path, &root),
        toc_and_body = with_toc(&page.rendered),
        pager = pager(
            i.checked_sub(1).and_then(|p| pages.get(p)),
            pages.get(i + 1),
            &root
        ),
        source = escape(&page.path),
    );
    out
}

/// The page's HTML with its table of contents after the title.
fn with_toc(r: &Rendered) -> String {
    let toc = toc(&r.headings);
    match r.html.find("</h1>\n") {
        Some(end) if !toc.is_empty() => {
            let at = end + "</h1>\n".len();
            format!("{}{toc}{}", &r.html[..at], &r.html[at..])
        }
        _ => format!("{toc}{}", r.html),
    }
}

/// The search index: every page's file, title and headings.
fn search_index(pages: &[Page]) -> String {
    let entries: Vec<serde_json::Value> = pages
        .iter()
        .map(|p| {
            let headings: Vec<serde_json::Value> = p
                .rendered
                .headings
                .iter()
                .skip(1)
                .map(|h| serde_json::json!([h.id, h.text]))
                .collect();
            serde_json::json!([page_file(&p.path), p.rendered.title, headings])
        })
        .collect();
    serde_json::Value::Array(entries).to_string()
}

/// Builds every page of `docs` into `out` (created if needed), with
/// `guides.css` and `search.js`. Returns the files written, relative to `out`.
pub fn build(docs: &Path, out: &Path) -> io::Result<Vec<String>> {
    let pages = pages(docs)?;
    let mut written = Vec::new();
    for i in 0..pages.len() {
        let file = page_file(&pages[i].path);
        let path = out.join(&file);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, layout(&pages, i))?;
        written.push(file);
    }
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("guides.css"), CSS)?;
    written.push("guides.css".into());
    let script = format!(
        "// The guides' search index: every page's title and headings.\nconst INDEX = {};\n{SCRIPT}",
        search_index(&pages)
    );
    std::fs::write(out.join("search.js"), script)?;
    written.push("search.js".into());
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_tables_of_contents() {
        assert_eq!(root_of("memory.md"), "");
        assert_eq!(root_of("rules/x.md"), "../");
        let r = render::render("t.md", "# T\n\n## A\n\n## B\n\n### C\n\ntext\n");
        let html = with_toc(&r);
        let h1 = html.find("</h1>").unwrap_or(usize::MAX);
        let nav = html.find("<nav class=\"toc\"").unwrap_or(0);
        assert!(h1 < nav, "the contents follow the title: {html}");
        assert!(html.contains("<li class=\"l3\"><a href=\"#c\">C</a></li>"));
        let short = render::render("t.md", "# T\n\n## A\n");
        assert!(!with_toc(&short).contains("toc"));
    }
}
