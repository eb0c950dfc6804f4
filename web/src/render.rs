//! Renders a guide from docs/ to HTML with pulldown-cmark. It runs when the
//! app is built (build.rs includes this file), so the page receives finished
//! HTML and no Markdown parser: headings get stable anchors (`{#id}`, or the
//! shared slug), links between pages become app routes, and raw HTML in a
//! page is shown as text.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use redis_advisor_core::docs::slug;

pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

pub struct Rendered {
    pub title: String,
    pub headings: Vec<Heading>,
    pub html: String,
}

/// `#/guide/memory.md#maxmemory` for a link found on page `from`.
pub fn route_for(from: &str, link: &str) -> Option<String> {
    if link.contains("://") || link.starts_with("mailto:") {
        return None;
    }
    let (target, anchor) = link.split_once('#').unwrap_or((link, ""));
    let page = if target.is_empty() {
        from.to_string()
    } else {
        resolve(from, target)
    };
    let anchor = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    Some(format!("#/guide/{page}{anchor}"))
}

fn resolve(from: &str, target: &str) -> String {
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

pub fn render(path: &str, text: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event> = Parser::new_ext(text, options).collect();
    let mut headings = Vec::new();
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
        i += 1;
    }
    let events = events.into_iter().map(|e| match e {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = route_for(path, &dest_url).map_or(dest_url, CowStr::from);
            Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        // Never let Markdown inject markup.
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    let title = headings
        .first()
        .map(|h| h.text.clone())
        .unwrap_or_else(|| path.to_string());
    Rendered {
        title,
        headings,
        html: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(
            route_for("memory.md", "rules/x.md").as_deref(),
            Some("#/guide/rules/x.md")
        );
        assert_eq!(
            route_for("rules/x.md", "../memory.md#maxmemory").as_deref(),
            Some("#/guide/memory.md#maxmemory")
        );
        assert_eq!(
            route_for("memory.md", "#fragmentation").as_deref(),
            Some("#/guide/memory.md#fragmentation")
        );
        assert_eq!(route_for("memory.md", "https://redis.io/"), None);
    }

    #[test]
    fn headings_get_ids_and_html_is_text() {
        let page = render(
            "t.md",
            "# Title {#top}\n\n## Set it up\n\n<script>alert(1)</script>\n",
        );
        assert_eq!(page.title, "Title");
        assert_eq!(page.headings[0].level, 1);
        assert_eq!(
            (page.headings[1].level, page.headings[1].id.as_str()),
            (2, "set-it-up")
        );
        assert!(page.html.contains("id=\"top\""));
        assert!(!page.html.contains("<script>"));
    }
}
