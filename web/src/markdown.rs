//! The guides, compiled in from docs/: build.rs renders every page with
//! pulldown-cmark (see render.rs) and the app receives the HTML, the title
//! and the headings (for the table of contents and the search).

/// A heading of a guide, with the anchor links land on.
#[derive(Debug, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: &'static str,
    pub text: &'static str,
}

/// A rendered guide.
#[derive(Debug, PartialEq)]
pub struct Page {
    /// Relative to docs/, e.g. `memory.md` or `rules/maxmemory-unset.md`.
    pub path: &'static str,
    pub title: &'static str,
    pub headings: &'static [Heading],
    pub html: &'static str,
}

mod generated {
    use super::{Heading, Page};
    include!(concat!(env!("OUT_DIR"), "/docs.rs"));
}

pub use generated::PAGES;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_compiled_in_with_headings_and_no_raw_html() {
        assert!(PAGES.len() >= 5);
        assert_eq!(PAGES[0].path, "index.md");
        for page in PAGES {
            assert!(!page.headings.is_empty(), "{} has no heading", page.path);
            assert_eq!(page.title, page.headings[0].text);
            assert!(!page.html.contains("<script"), "{}", page.path);
            for h in page.headings {
                assert!(
                    page.html.contains(&format!("id=\"{}\"", h.id)),
                    "{}#{}",
                    page.path,
                    h.id
                );
            }
        }
    }
}
