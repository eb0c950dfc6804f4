//! Accepting a finding: a team says "we know, and here is why" for one rule,
//! optionally only on one node or only while one evidence line is there, until
//! an optional date. An accepted finding leaves `Report::findings` (so it no
//! longer counts for a CLI's exit code) for `Report::accepted`, with its
//! reason. It comes back, with a notice in `Report::acceptance_notices`, when
//! the acceptance expires or when the evidence it was accepted on changes; an
//! acceptance that matches nothing any more is reported too.
//!
//! Pure like the rest of the core: the date to compare expiries with is given
//! by the caller, never read from a clock.

use crate::report::{
    AcceptanceNotice, AcceptedFinding, Counts, Finding, NoticeKind, Report, Severity,
};
use crate::rules::id::RuleId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day, `YYYY-MM-DD`: when an acceptance expires, and today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

fn leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A real day of the Gregorian calendar, or `None` (2026-02-30, month 13).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD` (exactly: four, two and two digits).
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("`{s}` is not a date: write it YYYY-MM-DD, e.g. 2027-01-31");
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b.get(r.clone())
                .filter(|d| d.iter().all(u8::is_ascii_digit))
                .map(|d| d.iter().fold(0u16, |n, &c| n * 10 + u16::from(c - b'0')))
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
        else {
            return Err(bad());
        };
        Date::new(year, month as u8, day as u8)
            .ok_or_else(|| format!("`{s}` is not a day of the calendar"))
    }

    /// The day `days` days after 1970-01-01 (negative: before), for callers
    /// that read a clock in seconds since the Unix epoch. `None` outside the
    /// years 0–9999. (Howard Hinnant's `civil_from_days`.)
    pub fn from_unix_days(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok().filter(|y| *y <= 9999)?,
            month as u8,
            day as u8,
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One finding accepted: which rule (id or code), optionally where, why, until when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// A rule id (`maxmemory-unset`) or code (`MEM001`).
    pub rule: String,
    /// Only the finding on this node: the report's node label (`node 2 (port
    /// 6380, slave)`) or its beginning before the parenthesis (`node 2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Only while one of the finding's evidence lines contains this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Only while the finding's evidence is exactly what it was when accepted
    /// ([`fingerprint`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    pub reason: String,
    /// The last day the acceptance holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// Where it was written, for people: `redis-advisor.toml:4`, `--accept`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub origin: String,
}

/// Why an acceptance cannot be used as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AcceptError {
    /// No rule has this id or code; `closest` is the known id nearest to it.
    UnknownRule {
        given: String,
        closest: &'static str,
    },
    NoReason,
    EmptyEvidence,
    BadFingerprint(String),
}

impl fmt::Display for AcceptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AcceptError::UnknownRule { given, closest } => write!(
                f,
                "no rule `{given}` (the closest is `{closest}`; `redis-advisor rules` lists them)"
            ),
            AcceptError::NoReason => f.write_str("an acceptance needs a reason"),
            AcceptError::EmptyEvidence => f.write_str(
                "`evidence` is empty: give the text of an evidence line, or leave it out",
            ),
            AcceptError::BadFingerprint(s) => write!(
                f,
                "`{s}` is not a fingerprint: 16 hexadecimal digits, as the report shows for an accepted finding"
            ),
        }
    }
}

/// The known rule id nearest to `given` (edit distance over ids and codes).
pub fn closest_rule(given: &str) -> &'static str {
    let given = given.to_ascii_lowercase();
    RuleId::ALL
        .iter()
        .map(|r| {
            let d = strsim::levenshtein(&given, r.as_str())
                .min(strsim::levenshtein(&given, &r.code().to_ascii_lowercase()));
            (d, r.as_str())
        })
        .min_by_key(|(d, _)| *d)
        .map_or("", |(_, id)| id)
}

impl Acceptance {
    /// Checks what can be checked without a report: the rule exists, a reason
    /// is given, the evidence and fingerprint are usable.
    pub fn validate(&self) -> Result<(), AcceptError> {
        if RuleId::find(self.rule.trim()).is_none() {
            return Err(AcceptError::UnknownRule {
                given: self.rule.clone(),
                closest: closest_rule(self.rule.trim()),
            });
        }
        if self.reason.trim().is_empty() {
            return Err(AcceptError::NoReason);
        }
        if self
            .evidence
            .as_deref()
            .is_some_and(|e| e.trim().is_empty())
        {
            return Err(AcceptError::EmptyEvidence);
        }
        if let Some(fp) = &self.fingerprint
            && (fp.len() != 16 || !fp.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(AcceptError::BadFingerprint(fp.clone()));
        }
        Ok(())
    }

    /// The rule it names (by id or code, current or renamed), if it exists.
    pub fn rule_id(&self) -> Option<RuleId> {
        RuleId::find(self.rule.trim())
    }

    /// Past its last day on `today` (never, without a date to compare with).
    pub fn expired(&self, today: Option<Date>) -> bool {
        matches!((self.expires, today), (Some(e), Some(t)) if t > e)
    }

    fn node_matches(&self, f: &Finding) -> bool {
        match (&self.node, &f.node) {
            (None, _) => true,
            (Some(want), Some(label)) => {
                let want = want.trim();
                label == want || label.split(" (").next() == Some(want)
            }
            (Some(_), None) => false,
        }
    }

    /// Rule and node match: the acceptance is about this finding.
    fn about(&self, rule: RuleId, f: &Finding) -> bool {
        f.id == rule && self.node_matches(f)
    }

    fn evidence_matches(&self, f: &Finding) -> bool {
        let line = match self.evidence.as_deref().map(str::trim) {
            None => true,
            Some(want) => f.evidence.iter().any(|e| e.text.contains(want)),
        };
        line && self
            .fingerprint
            .as_ref()
            .is_none_or(|fp| fp.eq_ignore_ascii_case(&fingerprint(f)))
    }

    fn describe(&self) -> String {
        let mut s = format!("`{}`", self.rule.trim());
        if let Some(n) = &self.node {
            s.push_str(&format!(" on {n}"));
        }
        if !self.origin.is_empty() {
            s.push_str(&format!(" ({})", self.origin));
        }
        s
    }
}

/// A fingerprint of a finding's evidence: FNV-1a (64 bits) over the rule id
/// and the text of each evidence line (not their file names or line numbers,
/// which change between captures of the same server), as 16 hex digits.
pub fn fingerprint(f: &Finding) -> String {
    fingerprint_of(f.id.as_str(), f.evidence.iter().map(|e| e.text.as_str()))
}

fn fingerprint_of<'a>(id: &str, texts: impl Iterator<Item = &'a str>) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
    };
    feed(id.as_bytes());
    for text in texts {
        feed(b"\n");
        feed(text.as_bytes());
    }
    format!("{h:016x}")
}

/// Applies acceptances to a report from `analyze`: each finding the first
/// matching, unexpired acceptance covers moves to `accepted`; `summary`
/// counts what is left; every acceptance that expired, no longer matches its
/// finding's evidence, matches nothing, or names no rule is reported in
/// `acceptance_notices`. `today` decides expiry (without it nothing expires).
pub fn apply(mut report: Report, acceptances: &[Acceptance], today: Option<Date>) -> Report {
    if acceptances.is_empty() {
        return report;
    }
    let rules: Vec<Option<RuleId>> = acceptances.iter().map(Acceptance::rule_id).collect();
    let mut used = vec![false; acceptances.len()];
    let findings = std::mem::take(&mut report.findings);
    for f in findings {
        let hit = acceptances.iter().zip(&rules).position(|(a, rule)| {
            rule.is_some_and(|r| a.about(r, &f)) && !a.expired(today) && a.evidence_matches(&f)
        });
        match hit {
            Some(i) => {
                used[i] = true;
                let a = &acceptances[i];
                report.accepted.push(AcceptedFinding {
                    fingerprint: fingerprint(&f),
                    finding: f,
                    reason: a.reason.trim().to_string(),
                    expires: a.expires.map(|d| d.to_string()),
                    origin: a.origin.clone(),
                });
            }
            None => report.findings.push(f),
        }
    }
    for ((a, rule), used) in acceptances.iter().zip(&rules).zip(used) {
        let notice = |kind, message: String| AcceptanceNotice {
            kind,
            rule: a.rule.trim().to_string(),
            node: a.node.clone(),
            origin: a.origin.clone(),
            message,
        };
        let Some(rule) = *rule else {
            let closest = closest_rule(a.rule.trim());
            report.acceptance_notices.push(notice(
                NoticeKind::UnknownRule,
                format!(
                    "{} names no rule (the closest is `{closest}`): it accepts nothing",
                    a.describe()
                ),
            ));
            continue;
        };
        let current: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| a.about(rule, f))
            .collect();
        let back = match current.len() {
            0 => String::new(),
            1 => ": its finding counts again".to_string(),
            n => format!(": its {n} findings count again"),
        };
        if a.expired(today) {
            let until = a.expires.map(|d| d.to_string()).unwrap_or_default();
            let tail = if current.is_empty() {
                ", and nothing matches it now: remove it".to_string()
            } else {
                back
            };
            report.acceptance_notices.push(notice(
                NoticeKind::Expired,
                format!(
                    "the acceptance of {} expired after {until} (reason: {}){tail}",
                    a.describe(),
                    a.reason.trim()
                ),
            ));
        } else if !used {
            if current.is_empty() {
                report.acceptance_notices.push(notice(
                    NoticeKind::Unused,
                    format!(
                        "the acceptance of {} matches no finding of this report: the finding is gone, or the acceptance can be removed",
                        a.describe()
                    ),
                ));
            } else {
                let gone = a.evidence.as_deref().map(str::trim).filter(|e| {
                    !current
                        .iter()
                        .any(|f| f.evidence.iter().any(|l| l.text.contains(e)))
                });
                let what = match (gone, &a.fingerprint) {
                    (Some(e), _) => format!("no evidence line contains `{e}` any more"),
                    (None, Some(fp)) => format!(
                        "its fingerprint was {fp}, it is now {}",
                        current
                            .iter()
                            .map(|f| fingerprint(f))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    (None, None) => "it no longer matches".to_string(),
                };
                report.acceptance_notices.push(notice(
                    NoticeKind::EvidenceChanged,
                    format!(
                        "the evidence changed since {} was accepted ({what}){back}",
                        a.describe()
                    ),
                ));
            }
        }
    }
    report.summary = count(&report.findings);
    report
}

/// The summary's counts of `findings`.
pub fn count(findings: &[Finding]) -> Counts {
    let mut c = Counts::default();
    for f in findings {
        match f.severity {
            Severity::Critical => c.critical += 1,
            Severity::Warning => c.warning += 1,
            Severity::Info => c.info += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Input, analyze};

    /// Hand-written: what `docker run redis` amounts to, with AOF on every write.
    const CONF: &str = "bind * -::*\nprotected-mode no\nappendonly yes\nappendfsync always\n";

    fn report(conf: &str) -> Report {
        analyze(&[Input::new("redis.conf", conf)])
    }

    fn accept(rule: &str) -> Acceptance {
        Acceptance {
            rule: rule.to_string(),
            reason: "a lab server".to_string(),
            origin: "test".to_string(),
            ..Acceptance::default()
        }
    }

    fn ids(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.id.as_str()).collect()
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn an_accepted_finding_is_listed_apart_and_not_counted() {
        let before = report(CONF);
        assert!(ids(&before.findings).contains(&"appendfsync-always"));
        let after = apply(before.clone(), &[accept("appendfsync-always")], None);
        assert!(!ids(&after.findings).contains(&"appendfsync-always"));
        assert_eq!(after.accepted.len(), 1);
        let a = &after.accepted[0];
        assert_eq!(a.finding.id.as_str(), "appendfsync-always");
        assert_eq!(a.reason, "a lab server");
        assert_eq!(a.fingerprint, fingerprint(&a.finding));
        assert_eq!(after.summary.warning + 1, before.summary.warning);
        assert_eq!(after.summary, count(&after.findings));
        assert!(after.acceptance_notices.is_empty());
        // By code, in any case, too.
        let by_code = apply(before, &[accept("per001")], None);
        assert_eq!(
            ids(&by_code
                .accepted
                .iter()
                .map(|a| a.finding.clone())
                .collect::<Vec<_>>()),
            ["appendfsync-always"]
        );
    }

    #[test]
    fn an_acceptance_holds_through_its_last_day_then_the_finding_comes_back() {
        let mut a = accept("appendfsync-always");
        a.expires = Some(day("2027-01-31"));
        let on_the_day = apply(report(CONF), &[a.clone()], Some(day("2027-01-31")));
        assert_eq!(on_the_day.accepted.len(), 1);
        assert!(on_the_day.acceptance_notices.is_empty());
        let after = apply(report(CONF), &[a.clone()], Some(day("2027-02-01")));
        assert!(after.accepted.is_empty());
        assert!(ids(&after.findings).contains(&"appendfsync-always"));
        assert_eq!(after.acceptance_notices.len(), 1);
        let n = &after.acceptance_notices[0];
        assert_eq!(n.kind, NoticeKind::Expired);
        assert!(
            n.message.contains("expired after 2027-01-31"),
            "{}",
            n.message
        );
        assert!(n.message.contains("counts again"), "{}", n.message);
        // The JSON contract carries accepted findings and notices whole.
        assert_eq!(Report::from_json(&after.to_json()), Ok(after.clone()));
        assert_eq!(
            Report::from_json(&on_the_day.to_json()),
            Ok(on_the_day.clone())
        );
        // Without a date to compare with, nothing expires.
        assert_eq!(apply(report(CONF), &[a], None).accepted.len(), 1);
    }

    #[test]
    fn an_acceptance_limited_to_an_evidence_line_lets_go_when_the_line_changes() {
        let mut a = accept("appendfsync-always");
        a.evidence = Some("appendonly yes".to_string());
        assert_eq!(apply(report(CONF), &[a.clone()], None).accepted.len(), 1);
        // The same finding, resting on another line now.
        let changed = CONF.replace("appendonly yes", "appendonly  yes");
        let after = apply(report(&changed), &[a], None);
        assert!(after.accepted.is_empty());
        assert!(ids(&after.findings).contains(&"appendfsync-always"));
        let n = &after.acceptance_notices[0];
        assert_eq!(n.kind, NoticeKind::EvidenceChanged);
        assert!(
            n.message
                .contains("no evidence line contains `appendonly yes`"),
            "{}",
            n.message
        );
    }

    #[test]
    fn a_pinned_fingerprint_lets_go_when_any_evidence_changes() {
        let first = apply(report(CONF), &[accept("unauthenticated-exposed")], None);
        let fp = first.accepted[0].fingerprint.clone();
        let mut a = accept("unauthenticated-exposed");
        a.fingerprint = Some(fp.clone());
        a.validate().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(apply(report(CONF), &[a.clone()], None).accepted.len(), 1);
        // Line numbers do not matter, the lines' text does.
        let moved = format!("# a comment\n{CONF}");
        assert_eq!(apply(report(&moved), &[a.clone()], None).accepted.len(), 1);
        let changed = CONF.replace("bind * -::*", "bind 0.0.0.0");
        let after = apply(report(&changed), &[a], None);
        assert!(ids(&after.findings).contains(&"unauthenticated-exposed"));
        let n = &after.acceptance_notices[0];
        assert_eq!(n.kind, NoticeKind::EvidenceChanged);
        assert!(
            n.message.contains(&format!("its fingerprint was {fp}")),
            "{}",
            n.message
        );
    }

    #[test]
    fn an_acceptance_that_matches_nothing_is_reported() {
        let after = apply(report(CONF), &[accept("maxmemory-above-host-memory")], None);
        assert!(after.accepted.is_empty());
        assert_eq!(after.acceptance_notices[0].kind, NoticeKind::Unused);
        assert_eq!(after.findings, report(CONF).findings);
    }

    #[test]
    fn an_unknown_rule_is_named_with_the_closest_one() {
        let a = accept("appendfsync-alway");
        assert_eq!(
            a.validate(),
            Err(AcceptError::UnknownRule {
                given: "appendfsync-alway".to_string(),
                closest: "appendfsync-always"
            })
        );
        assert!(
            a.validate()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
                .contains("closest is `appendfsync-always`")
        );
        let after = apply(report(CONF), &[a], None);
        assert!(after.accepted.is_empty());
        assert_eq!(after.acceptance_notices[0].kind, NoticeKind::UnknownRule);
        assert!(
            after.acceptance_notices[0]
                .message
                .contains("`appendfsync-always`")
        );
        assert_eq!(closest_rule("MEM01"), "maxmemory-unset");
    }

    #[test]
    fn validation_refuses_what_cannot_work() {
        let mut a = accept("appendfsync-always");
        a.reason = "  ".to_string();
        assert_eq!(a.validate(), Err(AcceptError::NoReason));
        let mut a = accept("appendfsync-always");
        a.evidence = Some(String::new());
        assert_eq!(a.validate(), Err(AcceptError::EmptyEvidence));
        let mut a = accept("appendfsync-always");
        a.fingerprint = Some("xyz".to_string());
        assert!(matches!(a.validate(), Err(AcceptError::BadFingerprint(_))));
    }

    #[test]
    fn an_acceptance_limited_to_a_node_accepts_only_there() {
        // Two INFO blocks: two nodes, findings labelled per node (hand-written).
        let info = |port: u32, frag: &str| {
            format!(
                "# Server\nredis_version:7.0.15\ntcp_port:{port}\n# Memory\nused_memory:2000000000\n\
                 used_memory_rss:4000000000\nmem_fragmentation_ratio:{frag}\nmaxmemory:0\n"
            )
        };
        let paste = format!("{}\n{}", info(6379, "2.00"), info(6380, "2.00"));
        let r = analyze(&[Input::new("paste", paste)]);
        let frag: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.id.as_str() == "memory-fragmentation")
            .collect();
        assert_eq!(frag.len(), 2, "{:?}", ids(&r.findings));
        let mut a = accept("memory-fragmentation");
        a.node = Some("node 2".to_string());
        let after = apply(r.clone(), &[a], None);
        assert_eq!(after.accepted.len(), 1);
        assert!(
            after.accepted[0]
                .finding
                .node
                .as_deref()
                .is_some_and(|n| n.starts_with("node 2 ("))
        );
        assert_eq!(
            after
                .findings
                .iter()
                .filter(|f| f.id.as_str() == "memory-fragmentation")
                .count(),
            1
        );
        let mut elsewhere = accept("memory-fragmentation");
        elsewhere.node = Some("node 3".to_string());
        let after = apply(r, &[elsewhere], None);
        assert!(after.accepted.is_empty());
        assert_eq!(after.acceptance_notices[0].kind, NoticeKind::Unused);
    }

    #[test]
    fn dates_read_and_count_as_the_calendar_does() {
        assert_eq!(
            day("2024-02-29"),
            Date {
                year: 2024,
                month: 2,
                day: 29
            }
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "2026/01/01",
            "",
            "2026-01-0x",
            "２０２６-01-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(day("2027-01-31").to_string(), "2027-01-31");
        assert_eq!(Date::from_unix_days(0), Some(day("1970-01-01")));
        assert_eq!(Date::from_unix_days(-1), Some(day("1969-12-31")));
        // 2000-03-01 is day 11017; 2026-12-02 is day 20789 (date -d @$((20789*86400))).
        assert_eq!(Date::from_unix_days(11_017), Some(day("2000-03-01")));
        assert_eq!(Date::from_unix_days(20_789), Some(day("2026-12-02")));
        assert_eq!(Date::from_unix_days(i64::MAX), None);
        assert!(day("2026-12-31") < day("2027-01-01"));
    }

    #[test]
    fn the_fingerprint_is_fnv1a_of_the_rule_and_evidence_texts() {
        let r = apply(report(CONF), &[accept("appendfsync-always")], None);
        let f = &r.accepted[0].finding;
        assert_eq!(fingerprint(f).len(), 16);
        // FNV-1a's published test vectors: "a" and "foobar".
        assert_eq!(fingerprint_of("a", std::iter::empty()), "af63dc4c8601ec8c");
        assert_eq!(
            fingerprint_of("foobar", std::iter::empty()),
            "85944171f73967e8"
        );
        let texts: Vec<&str> = f.evidence.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            fingerprint(f),
            fingerprint_of(
                &format!("appendfsync-always\n{}", texts.join("\n")),
                std::iter::empty()
            )
        );
    }
}
