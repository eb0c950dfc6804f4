//! Acceptances from `redis-advisor.toml` and `--accept RULE=REASON`, and the
//! date to compare their expiry with. The matching itself is the core's
//! (`redis_advisor_core::accept`).

use redis_advisor_core::accept::{Acceptance, Date};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file's name, looked for next to the reviewed files, then in the
/// current directory.
pub const FILE_NAME: &str = "redis-advisor.toml";

/// The environment variable that fixes today's date (tests, reproducible CI runs).
pub const TODAY_VAR: &str = "REDIS_ADVISOR_TODAY";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    accept: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: Spanned<String>,
    reason: Spanned<String>,
    #[serde(default)]
    node: Option<String>,
    #[serde(default)]
    evidence: Option<Spanned<String>>,
    #[serde(default)]
    fingerprint: Option<Spanned<String>>,
    #[serde(default)]
    expires: Option<Spanned<toml::Value>>,
}

/// The 1-based line and column of byte `at` in `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Reads the acceptances of a `redis-advisor.toml`; an error names the file
/// and the line.
pub fn parse_file(name: &str, text: &str) -> Result<Vec<Acceptance>, String> {
    let at = |span: std::ops::Range<usize>| {
        let (line, column) = position(text, span.start);
        format!("{name}:{line}:{column}")
    };
    let file: File = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        match e.span() {
            Some(span) => format!("{}: {message}", at(span)),
            None => format!("{name}: {message}"),
        }
    })?;
    let mut out = Vec::with_capacity(file.accept.len());
    for entry in file.accept {
        let entry_at = at(entry.span());
        let (line, _) = position(text, entry.span().start);
        let e = entry.into_inner();
        let expires = match e.expires {
            None => None,
            Some(v) => {
                let span = v.span();
                Some(read_date(v.into_inner()).map_err(|m| format!("{}: {m}", at(span)))?)
            }
        };
        let rule_at = at(e.rule.span());
        let reason_at = at(e.reason.span());
        let evidence_at = e.evidence.as_ref().map(|s| at(s.span()));
        let fingerprint_at = e.fingerprint.as_ref().map(|s| at(s.span()));
        let a = Acceptance {
            rule: e.rule.into_inner(),
            node: e.node,
            evidence: e.evidence.map(Spanned::into_inner),
            fingerprint: e.fingerprint.map(Spanned::into_inner),
            reason: e.reason.into_inner(),
            expires,
            origin: format!("{name}:{line}"),
        };
        use redis_advisor_core::accept::AcceptError as E;
        a.validate().map_err(|err| {
            let at = match err {
                E::UnknownRule { .. } => &rule_at,
                E::NoReason => &reason_at,
                E::EmptyEvidence => evidence_at.as_ref().unwrap_or(&entry_at),
                E::BadFingerprint(_) => fingerprint_at.as_ref().unwrap_or(&entry_at),
            };
            format!("{at}: {err}")
        })?;
        out.push(a);
    }
    Ok(out)
}

/// `expires = 2027-01-31` (a TOML date) or `expires = "2027-01-31"`.
fn read_date(v: toml::Value) -> Result<Date, String> {
    match v {
        toml::Value::String(s) => Date::parse(&s),
        toml::Value::Datetime(dt) => match (dt.date, dt.time) {
            (Some(d), None) => Date::new(d.year, d.month, d.day)
                .ok_or_else(|| format!("`{dt}` is not a day of the calendar")),
            _ => Err(format!(
                "`expires = {dt}`: give a day without a time, e.g. 2027-01-31"
            )),
        },
        other => Err(format!(
            "`expires` is a {}: give a date, e.g. 2027-01-31",
            other.type_str()
        )),
    }
}

/// `--accept RULE=REASON`.
pub fn parse_flag(arg: &str) -> Result<Acceptance, String> {
    let Some((rule, reason)) = arg.split_once('=') else {
        return Err(format!(
            "--accept {arg}: write it RULE=REASON, e.g. --accept maxmemory-unset=\"a lab server\""
        ));
    };
    let a = Acceptance {
        rule: rule.trim().to_string(),
        reason: reason.trim().to_string(),
        origin: "--accept".to_string(),
        ..Acceptance::default()
    };
    a.validate().map_err(|e| format!("--accept {arg}: {e}"))?;
    Ok(a)
}

/// The configuration file: `--config`, else `redis-advisor.toml` next to the
/// first reviewed file that has one, else in the current directory.
pub fn find(explicit: Option<&str>, files: &[String]) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(PathBuf::from(path));
    }
    files
        .iter()
        .filter(|f| f.as_str() != "-")
        .map(|f| match Path::new(f).parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(FILE_NAME),
            _ => PathBuf::from(FILE_NAME),
        })
        .chain(std::iter::once(PathBuf::from(FILE_NAME)))
        .find(|p| p.is_file())
}

/// Today: [`TODAY_VAR`] when set, else the system clock's day in UTC.
pub fn today() -> Result<Date, String> {
    if let Some(v) = std::env::var_os(TODAY_VAR) {
        let v = v.to_string_lossy();
        return Date::parse(v.trim()).map_err(|e| format!("{TODAY_VAR}: {e}"));
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| format!("the system clock is before 1970: {e}"))?
        .as_secs();
    Date::from_unix_days(i64::try_from(secs / 86_400).unwrap_or(i64::MAX))
        .ok_or_else(|| "the system clock is past the year 9999".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        assert_eq!(position("ab\ncd", 0), (1, 1));
        assert_eq!(position("ab\ncd", 4), (2, 2));
        assert_eq!(position("ab", 99), (1, 3));
    }

    #[test]
    fn a_file_reads_with_origins_and_dates() {
        let text = "# accepted findings\n\n[[accept]]\nrule = \"maxmemory-unset\"\nreason = \"lab\"\nexpires = 2027-01-31\n\n[[accept]]\nrule = \"PER001\"\nreason = \"benchmark box\"\nexpires = \"2026-12-31\"\nnode = \"node 2\"\n";
        let got = parse_file("redis-advisor.toml", text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].origin, "redis-advisor.toml:3");
        assert_eq!(
            got[0].expires.map(|d| d.to_string()).as_deref(),
            Some("2027-01-31")
        );
        assert_eq!(got[1].origin, "redis-advisor.toml:8");
        assert_eq!(got[1].node.as_deref(), Some("node 2"));
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            (
                "[[accept]]\nrule = \"maxmemory-unset\"\nreasn = \"x\"\n",
                "f:3:1: unknown field `reasn`",
            ),
            (
                "[[accept]]\nrule = \"maxmemory-unst\"\nreason = \"x\"\n",
                "f:2:8: no rule `maxmemory-unst` (the closest is `maxmemory-unset`",
            ),
            (
                "[[accept]]\nrule = \"maxmemory-unset\"\nreason = \"x\"\nexpires = 2027-02-30\n",
                "f:4:11:",
            ),
            (
                "[[accept]]\nrule = \"maxmemory-unset\"\nreason = \"x\"\nexpires = \"soon\"\n",
                "f:4:11: `soon` is not a date",
            ),
            (
                "[[accept]]\nrule = \"maxmemory-unset\"\nreason = \"\"\n",
                "f:3:10: an acceptance needs a reason",
            ),
            (
                "[[accept]]\nrule = \"maxmemory-unset\"\n",
                "missing field `reason`",
            ),
            ("[[accept]\n", "f:1:"),
            ("accept = 3\n", "f:1:10:"),
        ];
        for (text, want) in cases {
            let got = parse_file("f", text).err().unwrap_or_default();
            assert!(got.contains(want), "{text:?}: {got}");
        }
    }

    #[test]
    fn the_flag_needs_a_rule_and_a_reason() {
        assert_eq!(
            parse_flag("maxmemory-unset=a lab").map(|a| a.reason),
            Ok("a lab".to_string())
        );
        assert!(parse_flag("maxmemory-unset").is_err());
        assert!(parse_flag("maxmemory-unset=").is_err());
        assert!(
            parse_flag("nope=x")
                .err()
                .unwrap_or_default()
                .contains("the closest is")
        );
    }
}
