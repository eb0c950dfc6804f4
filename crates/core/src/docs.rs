//! Heading anchors, shared by the docs tests and the web app's renderer so a
//! link that resolves in one resolves in the other.

/// The anchor of a heading without an explicit `{#id}`: letters (ASCII ones
/// lowercased), digits and dashes. Lowercasing only ASCII keeps Unicode's case
/// tables out of the web app; the guides' headings are English.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-') && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs() {
        assert_eq!(super::slug("Set maxmemory"), "set-maxmemory");
        assert_eq!(super::slug("RDB, AOF or both?"), "rdb-aof-or-both");
        assert_eq!(
            super::slug("  `appendfsync` — choices "),
            "appendfsync-choices"
        );
    }
}
