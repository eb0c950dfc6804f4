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
