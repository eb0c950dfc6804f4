//! The report as SARIF 2.1.0, for code scanners (GitHub code scanning and
//! others): one run, every rule of the registry as a reporting descriptor
//! whose `helpUri` is its guide, one result per finding pointing at the
//! reviewed files' lines, accepted findings as results with an external
//! suppression, and acceptance notices and input diagnostics as the
//! invocation's notifications.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use redis_advisor_core::accept::fingerprint;
use redis_advisor_core::diag::Level;
use redis_advisor_core::report::{Finding, NoticeKind, Report, Severity};
use redis_advisor_core::rules::id::RuleId;
use redis_advisor_core::rules::registry;
use serde_json::{Value, json};

/// The schema this output follows: OASIS's SARIF 2.1.0 (errata 01).
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where `helpUri` points by default: the guides' static pages as the web app
/// serves them (`bash scripts/serve.sh`: `guides/memory.html#maxmemory`).
/// `--guide-base` or `REDIS_ADVISOR_GUIDE_BASE` sets another base, to which
/// the guide's `page.md#anchor` is appended, e.g. a copy of docs/ in a
/// repository browser.
pub const DEFAULT_GUIDE_BASE: &str = "http://127.0.0.1:8080/guides/";

/// The environment variable that sets the guides' base address.
pub const GUIDE_BASE_VAR: &str = "REDIS_ADVISOR_GUIDE_BASE";

/// A guide's address: `base` followed by `page.md#anchor`, or, without a
/// base, its static page (`page.html#anchor`) under [`DEFAULT_GUIDE_BASE`].
/// A URI has one fragment, so behind a base that already has one the guide's
/// own `#` is written `%23`.
pub fn guide_uri(base: Option<&str>, guide: &str) -> String {
    match base {
        None => {
            let (page, anchor) = guide.split_once('#').unwrap_or((guide, ""));
            let page = page.strip_suffix(".md").unwrap_or(page);
            let page = if page.is_empty() { "index" } else { page };
            if anchor.is_empty() {
                format!("{DEFAULT_GUIDE_BASE}{page}.html")
            } else {
                format!("{DEFAULT_GUIDE_BASE}{page}.html#{anchor}")
            }
        }
        Some(base) if base.contains('#') => format!("{base}{}", guide.replace('#', "%23")),
        Some(base) => format!("{base}{guide}"),
    }
}

/// The key of each result's partial fingerprint (the core's evidence fingerprint).
const FINGERPRINT_KEY: &str = "redisAdvisorEvidence/v1";

/// Checks a guide base: an absolute address (SARIF's `helpUri` is an absolute URI).
pub fn check_guide_base(base: &str) -> Result<String, String> {
    let scheme_ok = base.split_once(':').is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
    });
    if !scheme_ok || base.chars().any(char::is_whitespace) {
        return Err(format!(
            "--guide-base `{base}`: give an absolute address, e.g. https://example.org/docs/ (SARIF's helpUri must be absolute)"
        ));
    }
    Ok(base.to_string())
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Characters a path keeps in a URI: unreserved ones and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// An input's name as a URI: a relative path stays relative (resolved
/// against the directory the scanner is given, the repository for GitHub),
/// an absolute one becomes a `file:` URI.
pub fn uri(source: &str) -> String {
    let path = source.replace('\\', "/");
    if let Some(abs) = path.strip_prefix('/') {
        return format!("file:///{}", utf8_percent_encode(abs, PATH));
    }
    let mut rel = path.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    utf8_percent_encode(rel, PATH).to_string()
}

fn region(line: u32, column: u32) -> Value {
    json!({ "startLine": line.max(1), "startColumn": column.max(1) })
}

fn locations(f: &Finding, first_input: Option<&str>) -> Vec<Value> {
    let mut out: Vec<Value> = f
        .evidence
        .iter()
        .filter_map(|e| {
            let line = e.line?;
            Some(json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&e.source) },
                    "region": region(line, 1),
                },
                "message": { "text": e.text },
            }))
        })
        .collect();
    if out.is_empty() {
        // Resting only on defaults nobody wrote down: the first input, whose
        // configuration leaves them at their default.
        if let Some(source) = first_input {
            out.push(json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(source) },
                    "region": region(1, 1),
                },
                "message": { "text": f.evidence.iter().map(|e| e.text.as_str()).collect::<Vec<_>>().join("; ") },
            }));
        }
    }
    out
}

fn result(f: &Finding, rule_index: Option<usize>, first_input: Option<&str>) -> Value {
    let mut text = format!("{}: {}", f.title, f.detail);
    if let Some(node) = &f.node {
        text = format!("[{node}] {text}");
    }
    if let Some(fix) = &f.fix
        && !fix.conf.is_empty()
    {
        text.push_str(&format!(" Fix in redis.conf: {}.", fix.conf.join("; ")));
    }
    let mut r = json!({
        "ruleId": f.id,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": locations(f, first_input),
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint(f) },
        "properties": {
            "code": f.code,
            "category": f.category.name(),
            "severity": f.severity.name(),
        },
    });
    if let Some(i) = rule_index {
        r["ruleIndex"] = json!(i);
    }
    if let Some(node) = &f.node {
        r["properties"]["node"] = json!(node);
    }
    if let Some(fix) = &f.fix {
        r["properties"]["fix"] = json!(fix);
    }
    r
}

/// The SARIF log of a report.
pub fn sarif(report: &Report, guide_base: Option<&str>) -> Value {
    let rules: Vec<Value> = registry::RULES
        .iter()
        .map(|r| {
            let help_uri = guide_uri(guide_base, r.guide);
            json!({
                "id": r.id,
                "name": r.code,
                "shortDescription": { "text": r.summary() },
                "helpUri": help_uri,
                "help": {
                    "text": format!("{} Guide: {help_uri}", r.summary()),
                    "markdown": format!("{} [Guide: {}]({help_uri})", r.summary(), r.guide),
                },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "code": r.code, "category": r.category.name(), "tags": [r.category.name()] },
            })
        })
        .collect();
    let index = |id: RuleId| registry::RULES.iter().position(|r| r.id == id);
    let first_input = report.inputs.first().map(|i| i.source.as_str());
    let mut results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(f, index(f.id), first_input))
        .collect();
    for a in &report.accepted {
        let mut r = result(&a.finding, index(a.finding.id), first_input);
        let mut suppression = json!({
            "kind": "external",
            "status": "accepted",
            "justification": a.reason,
        });
        let mut props = serde_json::Map::new();
        if let Some(e) = &a.expires {
            props.insert("expires".into(), json!(e));
        }
        if !a.origin.is_empty() {
            props.insert("origin".into(), json!(a.origin));
        }
        if !props.is_empty() {
            suppression["properties"] = Value::Object(props);
        }
        r["suppressions"] = json!([suppression]);
        results.push(r);
    }
    let mut notifications: Vec<Value> = report
        .acceptance_notices
        .iter()
        .map(|n| {
            let mut v = json!({
                "level": if n.kind == NoticeKind::Unused { "note" } else { "warning" },
                "message": { "text": n.message },
                "descriptor": { "id": format!("acceptance-{}", n.kind.name()) },
            });
            if let Some(rule) = registry::find(&n.rule) {
                v["associatedRule"] = json!({ "id": rule.id });
                if let Some(i) = index(rule.id) {
                    v["associatedRule"]["index"] = json!(i);
                }
            }
            v
        })
        .collect();
    notifications.extend(report.diagnostics.iter().map(|d| {
        json!({
            "level": match d.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Note => "note",
            },
            "message": { "text": d.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&d.source) },
                    "region": region(d.start.line, d.start.column),
                }
            }],
        })
    }));
    let mut invocation = json!({ "executionSuccessful": true });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "redis-advisor",
                    "version": report.tool_version,
                    "semanticVersion": report.tool_version,
                    "rules": rules,
                }
            },
            "invocations": [invocation],
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_uris() {
        assert_eq!(uri("info.txt"), "info.txt");
        assert_eq!(uri("./ci/info.txt"), "ci/info.txt");
        assert_eq!(uri("my dir/redis.conf"), "my%20dir/redis.conf");
        assert_eq!(uri("/etc/redis/redis.conf"), "file:///etc/redis/redis.conf");
        assert_eq!(uri("c:\\x\\y.txt"), "c%3A/x/y.txt");
    }

    #[test]
    fn a_guide_address_has_one_fragment() {
        assert_eq!(
            guide_uri(None, "eviction.md#policies"),
            "http://127.0.0.1:8080/guides/eviction.html#policies"
        );
        assert_eq!(
            guide_uri(None, "rules/maxmemory-unset.md"),
            "http://127.0.0.1:8080/guides/rules/maxmemory-unset.html"
        );
        assert_eq!(
            guide_uri(Some("https://example.org/docs/"), "eviction.md#policies"),
            "https://example.org/docs/eviction.md#policies"
        );
        assert_eq!(
            guide_uri(Some("https://example.org/#/guide/"), "eviction.md#policies"),
            "https://example.org/#/guide/eviction.md%23policies"
        );
    }

    #[test]
    fn a_guide_base_is_absolute() {
        assert!(check_guide_base("https://example.org/docs/").is_ok());
        assert!(check_guide_base(DEFAULT_GUIDE_BASE).is_ok());
        for bad in ["docs/", "", ":x", "https://a b/"] {
            assert!(check_guide_base(bad).is_err(), "{bad}");
        }
    }
}
