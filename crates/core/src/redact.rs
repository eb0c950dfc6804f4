//! Secrets never leave the core: every text of a report is scrubbed of the
//! secret values the inputs held (passwords, ACL passwords and hashes) and of
//! passwords in `redis://user:password@host` URLs.

pub const REDACTED: &str = "<redacted>";

/// Replaces every known secret and every URL password in `text`.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = url_passwords(text);
    for secret in secrets {
        // Very short values would match innocent text; they are still never quoted
        // as values (evidence for a secret names the parameter only).
        if secret.len() >= 3 && out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), REDACTED);
        }
    }
    out
}

/// `redis://user:secret@host` and `rediss://:secret@host` → the password replaced.
pub fn url_passwords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("://") {
        let (head, tail) = rest.split_at(pos + 3);
        out.push_str(head);
        // The authority ends at the first '/', whitespace or quote.
        let end = tail
            .find(|c: char| c == '/' || c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(at) => match authority[..at].find(':') {
                Some(colon) => {
                    out.push_str(&authority[..=colon]);
                    out.push_str(REDACTED);
                    out.push_str(&authority[at..]);
                }
                None => out.push_str(authority),
            },
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_keep_everything_but_the_password() {
        assert_eq!(
            url_passwords("REDIS_URL=redis://app:s3cret@10.0.0.1:6379/0"),
            "REDIS_URL=redis://app:<redacted>@10.0.0.1:6379/0"
        );
        assert_eq!(
            url_passwords("rediss://:pw@host"),
            "rediss://:<redacted>@host"
        );
        assert_eq!(
            url_passwords("redis://host:6379 and http://x/y"),
            "redis://host:6379 and http://x/y"
        );
    }

    #[test]
    fn known_secrets_are_replaced_everywhere() {
        let s = scrub(
            "requirepass hunter2 and again hunter2",
            &["hunter2".to_string()],
        );
        assert_eq!(s, "requirepass <redacted> and again <redacted>");
    }
}

/// Text with its secrets replaced, and what was replaced (for people to see).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    /// "line 12: requirepass", "line 3: password in a URL".
    pub removed: Vec<String>,
}

/// Replaces the secrets of a pasted text before it leaves the page (a share
/// link, an export): `requirepass`, `masterauth` and TLS passphrases in
/// redis.conf, a command line or CONFIG GET output (any form), ACL passwords
/// and hashes in `user` lines, and passwords in `redis://` URLs.
pub fn redact_text(text: &str) -> Redacted {
    use crate::parse::split::{BlockKind, split};
    use crate::parse::{conf, config_get};
    let index = crate::diag::LineIndex::new(text);
    // (span of the text to replace) — found by the parsers, so only real values go.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    // Occurrences of `secret` in `span` after the first `anchor` (the parameter's
    // name, so "a" is not found inside "requirepass").
    let mut push = |span: crate::diag::Span, anchor: &str, secret: &str, what: String| {
        if secret.is_empty() {
            return;
        }
        let Some(area) = text.get(span.start..span.end) else {
            return;
        };
        let lower = area.to_ascii_lowercase();
        let mut from = lower
            .find(&anchor.to_ascii_lowercase())
            .map_or(0, |p| p + anchor.len());
        while let Some(pos) = area[from..].find(secret) {
            let start = span.start + from + pos;
            edits.push((start, start + secret.len(), what.clone()));
            from += pos + secret.len();
        }
    };
    // What to search: the blocks, and every line too long to be read (on its
    // own, or inside INFO, whose parser skips it) as a redis.conf line and as
    // `redis-cli --json` output (one line), so no secret in it leaves.
    let mut work: Vec<(BlockKind, crate::diag::Span)> = split(text)
        .into_iter()
        .filter(|b| b.kind != BlockKind::LongLine)
        .map(|b| (b.kind, b.span))
        .collect();
    for (span, _) in index.lines(text) {
        if span.len() > crate::diag::MAX_LINE_BYTES {
            work.push((BlockKind::Conf, span));
            let form = config_get::ConfigForm::Json;
            work.push((BlockKind::Config { form }, span));
        }
    }
    for (kind, span) in work {
        let base = span.start;
        let slice = &text[span.start..span.end];
        match kind {
            BlockKind::Conf => {
                for d in conf::parse(slice).value.directives {
                    let span = d.line.offset(base);
                    let line = index.line_of(span.start) + 1;
                    if crate::params::lookup(&d.name).is_some_and(|p| p.secret) {
                        for a in &d.args {
                            push(span, &d.name, a, format!("line {line}: {}", d.name));
                        }
                    }
                    if d.name == "user" {
                        for rule in d.args.iter().skip(1) {
                            if let Some(secret) = rule
                                .get(1..)
                                .filter(|_| rule.starts_with(['>', '<', '#', '!']))
                            {
                                let user = d.args.first().map_or("", String::as_str);
                                push(
                                    span,
                                    user,
                                    secret,
                                    format!("line {line}: password of ACL user {user}"),
                                );
                            }
                        }
                    }
                }
            }
            BlockKind::Config { form } => {
                for e in config_get::parse(slice, form).value.entries {
                    if crate::params::lookup(&e.name).is_some_and(|p| p.secret) {
                        let span = e.lines.offset(base);
                        let line = index.line_of(span.start) + 1;
                        push(span, &e.name, &e.value, format!("line {line}: {}", e.name));
                    }
                }
            }
            _ => {}
        }
    }
    crate::sort::sort_by_key(&mut edits, |e| (e.0, std::cmp::Reverse(e.1)));
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let mut at = 0;
    for (start, end, what) in edits {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        at = end;
        if !removed.contains(&what) {
            removed.push(what);
        }
    }
    out.push_str(&text[at..]);
    let with_urls = url_passwords(&out);
    if with_urls != out {
        removed.push("passwords in URLs".to_string());
    }
    Redacted {
        text: with_urls,
        removed,
    }
}

#[cfg(test)]
mod redact_text_tests {
    use super::*;

    #[test]
    fn every_form_loses_its_secrets() {
        let text = "requirepass s3cret-conf\nmasterauth \"quoted s3cret\"\nuser app on >acl-s3cret #4a3f ~* +@all\nredis-server --requirepass cmd-s3cret --maxmemory 1gb\n\n127.0.0.1:6379> CONFIG GET *\n1) \"requirepass\"\n2) \"term-s3cret\"\n3) \"maxmemory\"\n4) \"0\"\n\n{\"masterauth\":\"json-s3cret\",\"port\":\"6379\"}\nREDIS_URL=redis://u:url-s3cret@h:6379\n";
        let r = redact_text(text);
        for s in [
            "s3cret-conf",
            "quoted s3cret",
            "acl-s3cret",
            "4a3f",
            "cmd-s3cret",
            "term-s3cret",
            "json-s3cret",
            "url-s3cret",
        ] {
            assert!(!r.text.contains(s), "{s} left in:\n{}", r.text);
        }
        assert!(r.text.contains("maxmemory 1gb") || r.text.contains("--maxmemory 1gb"));
        assert!(
            r.removed
                .iter()
                .any(|w| w.starts_with("line 1: requirepass")),
            "{:?}",
            r.removed
        );
        assert!(r.removed.contains(&"passwords in URLs".to_string()));
    }

    #[test]
    fn a_short_secret_only_goes_where_it_was_set() {
        let r = redact_text("requirepass a\nappendonly yes\n");
        assert_eq!(r.text, "requirepass <redacted>\nappendonly yes\n");
    }

    #[test]
    fn secrets_on_lines_too_long_to_read_are_still_removed() {
        let pad = "x".repeat(crate::diag::MAX_LINE_BYTES);
        let text = format!(
            "requirepass long-s3cret-{pad}\nuser app on >acl-s3cret ~{pad} +@all\n{{\"masterauth\":\"json-s3cret\",\"pad\":\"{pad}\"}}\n# Server\nredis_version:7.0.15\n{{\"masterauth\":\"in-info-s3cret\",\"pad\":\"{pad}\"}}\nused_memory:1\n"
        );
        let r = redact_text(&text);
        for s in ["long-s3cret", "acl-s3cret", "json-s3cret", "in-info-s3cret"] {
            assert!(!r.text.contains(s), "{s} left");
        }
        assert_eq!(r.removed.len(), 4, "{:?}", r.removed);
    }
}
