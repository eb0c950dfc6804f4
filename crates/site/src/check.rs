//! The link check over a built site: every `href` and `src` of every HTML
//! file under a folder resolves to a file of that folder, and every `#anchor`
//! to an element with that id in the page it names. A fragment starting with
//! `/` is the web app's own route (`index.html#/plan`) and only its file is
//! checked.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

/// The values of every `name="..."` attribute in `html`, unescaped.
pub fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let Some(end) = rest.find('"') else { break };
        out.push(
            rest[..end]
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        );
        rest = &rest[end..];
    }
    out
}

fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, base, out)?;
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// `target` (a relative address) seen from the file `from`, both relative to
/// the site's root; `None` when it leaves the site.
fn resolve(from: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if target.is_empty() || target.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// What is wrong with the site under `root`: one line per link that does not
/// resolve. Empty when every link does. Also returns how many links it checked.
pub fn check(root: &Path) -> io::Result<(Vec<String>, usize)> {
    let mut files = Vec::new();
    walk(root, root, &mut files)?;
    let set: BTreeSet<&str> = files.iter().map(String::as_str).collect();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for f in files.iter().filter(|f| f.ends_with(".html")) {
        let text = std::fs::read_to_string(root.join(f))?;
        ids.insert(f, attributes(&text, "id").into_iter().collect());
        texts.insert(f.as_str(), text);
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (file, text) in &texts {
        let links = attributes(text, "href")
            .into_iter()
            .chain(attributes(text, "src"));
        for link in links {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("data:") {
                continue;
            }
            checked += 1;
            let (target, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target_file = if target.is_empty() {
                Some(file.to_string())
            } else {
                resolve(file, target.split('?').next().unwrap_or(target))
            };
            let Some(target_file) = target_file else {
                problems.push(format!("{file}: {link} leaves the site"));
                continue;
            };
            if !set.contains(target_file.as_str()) {
                problems.push(format!("{file}: {link}: no file {target_file}"));
                continue;
            }
            if fragment.is_empty() || fragment.starts_with('/') {
                continue;
            }
            let found = ids
                .get(target_file.as_str())
                .is_some_and(|set| set.contains(fragment));
            if !found {
                problems.push(format!(
                    "{file}: {link}: no id \"{fragment}\" in {target_file}"
                ));
            }
        }
    }
    Ok((problems, checked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_resolve_within_the_site() {
        assert_eq!(
            resolve("guides/a.html", "b.html").as_deref(),
            Some("guides/b.html")
        );
        assert_eq!(
            resolve("guides/rules/x.html", "../../").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            resolve("guides/a.html", "../").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            resolve("guides/a.html", "rules/").as_deref(),
            Some("guides/rules/index.html")
        );
        assert_eq!(resolve("a.html", "../x.html"), None);
        assert_eq!(
            attributes("<a href=\"a.html#b\" id=\"x\"><p id=\"y&amp;\">", "id"),
            ["x", "y&"]
        );
    }

    #[test]
    fn a_broken_link_or_anchor_is_reported() -> io::Result<()> {
        let dir = std::env::temp_dir().join(format!("site-check-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("guides"))?;
        std::fs::write(dir.join("index.html"), "<p id=\"top\">app</p>")?;
        std::fs::write(
            dir.join("guides/a.html"),
            "<h2 id=\"here\">A</h2> <a href=\"#here\">ok</a> <a href=\"../#/plan\">app</a> \
             <a href=\"b.html#nowhere\">bad anchor</a> <a href=\"c.html\">no file</a> \
             <a href=\"https://redis.io/\">outside</a>",
        )?;
        std::fs::write(dir.join("guides/b.html"), "<h1 id=\"b\">B</h1>")?;
        let (problems, checked) = check(&dir)?;
        std::fs::remove_dir_all(&dir)?;
        assert_eq!(checked, 4);
        assert_eq!(
            problems,
            [
                "guides/a.html: b.html#nowhere: no id \"nowhere\" in guides/b.html",
                "guides/a.html: c.html: no file guides/c.html"
            ]
        );
        Ok(())
    }
}
