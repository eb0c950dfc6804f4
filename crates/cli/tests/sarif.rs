//! `check --format sarif` is SARIF 2.1.0: every output validates against the
//! OASIS schema (vendored in tests/sarif/, source named in its README), and
//! points at the reviewed files' lines, the rules' guides and the accepted
//! findings' reasons.

use serde_json::Value;
use std::process::Command;

fn sarif(args: &[&str], cwd: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_redis-advisor"))
        .args(["check", "--format", "sarif", "--fail-on", "never"])
        .args(args)
        .current_dir(format!("{}/tests/cmd/{cwd}", env!("CARGO_MANIFEST_DIR")))
        .env("REDIS_ADVISOR_TODAY", "2026-12-02")
        .env_remove("REDIS_ADVISOR_GUIDE_BASE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run redis-advisor: {e}"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e})"))
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sarif/sarif-schema-2.1.0.json"
    ))
    .unwrap_or_else(|e| panic!("schema: {e}"));
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("schema: {e}"));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"))
}

fn assert_valid(log: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not SARIF 2.1.0:\n{}", errors.join("\n"));
}

fn results(log: &Value) -> &[Value] {
    log["runs"][0]["results"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

#[test]
fn the_validator_rejects_what_is_not_sarif() {
    // The check can fail: a log without its version, a result without a message.
    let v = validator();
    assert!(!v.is_valid(&serde_json::json!({ "runs": [] })));
    assert!(!v.is_valid(&serde_json::json!({
        "version": "2.1.0",
        "runs": [{ "tool": { "driver": { "name": "x" } }, "results": [{ "ruleId": "a" }] }]
    })));
    // helpUri must be an absolute URI, with one fragment.
    let with_help = |uri: &str| {
        serde_json::json!({
            "version": "2.1.0",
            "runs": [{ "tool": { "driver": { "name": "x", "rules": [{ "id": "a", "helpUri": uri }] } } }]
        })
    };
    assert!(v.is_valid(&with_help("https://example.org/docs/a.md#b")));
    assert!(v.is_valid(&with_help("http://127.0.0.1:8080/#/guide/a.md%23b")));
    assert!(!v.is_valid(&with_help("docs/a.md#b")));
    assert!(!v.is_valid(&with_help("http://127.0.0.1:8080/#/guide/a.md#b")));
}

#[test]
fn every_output_is_valid_sarif() {
    for (args, cwd) in [
        (&["redis.conf"][..], "accept.in"),
        (&["redis.conf"][..], "accept-changed.in"),
        (&["info.txt", "config.txt"][..], "ci.in"),
        (
            &[
                "--guide-base",
                "https://example.org/redis-advisor/docs/",
                "info.txt",
                "config.txt",
            ][..],
            "ci.in",
        ),
        (&["paste.txt"][..], "mixed.in"),
        (&["bad.conf", "binary.conf"][..], "files.in"),
        (
            &["redis.conf", "--accept", "nopass-acl-user=x"][..],
            "open.in",
        ),
    ] {
        let log = sarif(args, cwd);
        assert_valid(&log);
        assert_eq!(log["version"], "2.1.0", "{cwd} {args:?}");
    }
}

#[test]
fn results_point_at_lines_and_rules_at_guides() {
    let log = sarif(
        &["--guide-base", "https://example.org/docs/", "redis.conf"],
        "accept-changed.in",
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert_eq!(
        rules.len(),
        redis_advisor_core::rules::registry::RULES.len()
    );
    for (i, rule) in rules.iter().enumerate() {
        let r = redis_advisor_core::rules::registry::RULES[i];
        assert_eq!(rule["id"], r.id.as_str());
        assert_eq!(
            rule["helpUri"],
            format!("https://example.org/docs/{}", r.guide)
        );
    }
    let exposed = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "unauthenticated-exposed")
        .unwrap_or_else(|| panic!("no unauthenticated-exposed result"));
    assert_eq!(exposed["level"], "error");
    assert_eq!(
        rules[exposed["ruleIndex"].as_u64().unwrap_or(9999) as usize]["id"],
        "unauthenticated-exposed"
    );
    let loc = &exposed["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "redis.conf");
    // redis.conf line 2 is `bind * -::*`.
    assert_eq!(loc["region"]["startLine"], 2);
    assert_eq!(loc["region"]["startColumn"], 1);
    // The evidence changed: the acceptance's notice is a tool notification.
    let notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert!(
        notes
            .iter()
            .any(|n| n["descriptor"]["id"] == "acceptance-evidence-changed"),
        "{notes:?}"
    );
    assert!(exposed.get("suppressions").is_none());
}

#[test]
fn accepted_findings_are_suppressed_with_their_reason() {
    let log = sarif(&["redis.conf"], "accept.in");
    let suppressed: Vec<&Value> = results(&log)
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 2, "{suppressed:?}");
    let exposed = suppressed
        .iter()
        .find(|r| r["ruleId"] == "unauthenticated-exposed")
        .unwrap_or_else(|| panic!("not suppressed"));
    let s = &exposed["suppressions"][0];
    assert_eq!(s["kind"], "external");
    assert_eq!(s["status"], "accepted");
    assert_eq!(
        s["justification"],
        "lab server, reachable only behind the lab firewall"
    );
    assert_eq!(s["properties"]["expires"], "2027-01-31");
    assert_eq!(s["properties"]["origin"], "redis-advisor.toml:3");
    // By default, the guide pages scripts/serve.sh serves.
    let rules = &log["runs"][0]["tool"]["driver"]["rules"];
    let i = exposed["ruleIndex"].as_u64().unwrap_or(9999) as usize;
    let help = rules[i]["helpUri"].as_str().unwrap_or("");
    assert!(
        help.starts_with("http://127.0.0.1:8080/guides/security.html#"),
        "{help}"
    );
}
