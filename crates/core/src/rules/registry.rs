//! The registry: every rule, from the one list in `id.rs` (which also makes
//! the `mod` lines and [`RuleId`]). A rule not in the list never runs.

pub use super::RULES;
use super::{Rule, RuleId};

/// Finds a rule by id or code, or by an id or code it had before a rename
/// ([`super::REDIRECTS`]), ignoring ASCII case.
pub fn find(id_or_code: &str) -> Option<&'static Rule> {
    RuleId::find(id_or_code).map(RuleId::rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Category;
    use std::collections::HashSet;

    #[test]
    fn ids_and_codes_are_unique_and_well_formed() {
        let mut ids = HashSet::new();
        let mut codes = HashSet::new();
        for r in RULES {
            assert!(ids.insert(r.id), "duplicate id {}", r.id);
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(
                r.id.as_str()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                r.id
            );
            assert!(
                r.code.len() == 6 && r.code[3..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                r.code
            );
            assert_eq!(
                &r.code[..3],
                r.category.prefix(),
                "{}: a code starts with its category's prefix",
                r.id
            );
            assert!(
                r.guide.contains(".md#"),
                "{}: guide must be page.md#anchor",
                r.id
            );
        }
    }

    #[test]
    fn every_rule_documents_itself() {
        for r in RULES {
            for section in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## Sources",
            ] {
                assert!(r.doc.contains(section), "{} lacks `{section}`", r.id);
            }
            assert!(!r.summary().is_empty(), "{} lacks a summary line", r.id);
            let sources = r.doc.split("## Sources").nth(1).unwrap_or("");
            assert!(sources.contains("- "), "{} names no source", r.id);
        }
    }

    #[test]
    fn find_by_id_or_code() {
        assert_eq!(find("maxmemory-unset").map(|r| r.code), Some("MEM001"));
        assert_eq!(find("mem001").map(|r| r.id), Some(RuleId::MaxmemoryUnset));
        assert_eq!(find("MAN001").map(|r| r.code), Some("EVI006"));
        assert!(find("nope").is_none());
    }

    #[test]
    fn every_category_has_its_own_prefix() {
        let prefixes: HashSet<&str> = Category::ALL.iter().map(|c| c.prefix()).collect();
        assert_eq!(prefixes.len(), Category::ALL.len());
        for c in Category::ALL {
            assert_eq!(c.prefix().len(), 3);
            assert!(c.prefix().bytes().all(|b| b.is_ascii_uppercase()), "{c:?}");
        }
    }

    #[test]
    fn since_is_a_release() {
        use crate::version::Version;
        for r in RULES {
            assert!(
                r.since >= Version::new(2, 0, 0) && r.since.major <= 8,
                "{}: since {}",
                r.id,
                r.since
            );
        }
    }
}
