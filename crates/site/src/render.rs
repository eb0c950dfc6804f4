//! One guide from docs/ to HTML with pulldown-cmark: headings get stable
//! anchors (`{#id}`, or the shared slug, the same ids the rules link to) and a
//! link to themselves, links between pages point at the built pages
//! (`memory.md#maxmemory` becomes `memory.html#maxmemory`, relative, so the
//! site works from any sub-path), and raw HTML in a page is shown as text.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use redis_advisor_core::docs::slug;

#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Rendered {
    pub title: String,
    pub headings: Vec<Heading>,
    pub html: String,
    /// The pages this one links to, relative to docs/, in order (for the
    /// reading order the index gives).
    pub links: Vec<String>,
}

/// The built page of a guide: `rules/x.md` is `rules/x.html`.
pub fn page_file(md: &str) -> String {
    match md.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => md.to_string(),
    }
}

/// Where a link written on a guide points once built: another guide's page
/// (relative, as written) or the link unchanged (an outside address, an
/// anchor on the same page).
pub fn href_for(link: &str) -> String {
    if link.contains("://") || link.starts_with("mailto:") {
        return link.to_string();
    }
    let (target, anchor) = link.split_once('#').unwrap_or((link, ""));
    let target = page_file(target);
    if anchor.is_empty() {
        target
    } else {
        format!("{target}#{anchor}")
    }
}

/// `../memory.md` seen from `rules/x.md` is `memory.md`.
pub fn resolve(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(path: &str, text: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event> = Parser::new_ext(text, options).collect();
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level: l, id, .. }) = &events[i] {
            let l = *l;
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    title.push_str(t);
                }
                j += 1;
            }
            let anchor = id.as_ref().map_or_else(|| slug(&title), |i| i.to_string());
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(anchor.clone()));
            }
            headings.push(Heading {
                level: level(l),
                id: anchor,
                text: title,
            });
        }
        if let Event::Start(Tag::Link { dest_url, .. }) = &events[i] {
            let (target, _) = dest_url.split_once('#').unwrap_or((dest_url, ""));
            if !target.is_empty() && !dest_url.contains("://") {
                links.push(resolve(path, target));
            }
        }
        i += 1;
    }
    let mut anchors = headings.iter().map(|h| h.id.clone());
    let mut out_events = Vec::with_capacity(events.len());
    for e in events {
        match e {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => out_events.push(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(href_for(&dest_url)),
                title,
                id,
            })),
            // Never let Markdown inject markup.
            Event::Html(h) | Event::InlineHtml(h) => out_events.push(Event::Text(h)),
            Event::End(TagEnd::Heading(l)) => {
                // Below the title, a heading links to itself: its address to share.
                if let Some(id) = anchors.next()
                    && l != HeadingLevel::H1
                {
                    out_events.push(Event::InlineHtml(CowStr::from(format!(
                        " <a class=\"self\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
                        escape(&id)
                    ))));
                }
                out_events.push(Event::End(TagEnd::Heading(l)));
            }
            other => out_events.push(other),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, out_events.into_iter());
    let title = headings
        .first()
        .map(|h| h.text.clone())
        .unwrap_or_else(|| path.to_string());
    Rendered {
        title,
        headings,
        html: out,
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_at_the_built_pages() {
        assert_eq!(href_for("rules/x.md"), "rules/x.html");
        assert_eq!(
            href_for("../memory.md#maxmemory"),
            "../memory.html#maxmemory"
        );
        assert_eq!(href_for("#fragmentation"), "#fragmentation");
        assert_eq!(href_for("https://redis.io/x.md"), "https://redis.io/x.md");
        assert_eq!(resolve("rules/x.md", "../memory.md"), "memory.md");
        assert_eq!(resolve("memory.md", "rules/x.md"), "rules/x.md");
    }

    #[test]
    fn headings_get_ids_and_html_is_text() {
        let page = render(
            "t.md",
            "# Title {#top}\n\n## Set it up\n\n<script>alert(1)</script>\n\n[m](memory.md#a)\n",
        );
        assert_eq!(page.title, "Title");
        assert_eq!(page.headings[0].level, 1);
        assert_eq!(
            (page.headings[1].level, page.headings[1].id.as_str()),
            (2, "set-it-up")
        );
        assert!(page.html.contains("<h1 id=\"top\">Title</h1>"));
        assert!(page.html.contains("href=\"#set-it-up\""));
        assert!(page.html.contains("href=\"memory.html#a\""));
        assert!(!page.html.contains("<script>"));
        assert_eq!(page.links, ["memory.md"]);
    }
}
