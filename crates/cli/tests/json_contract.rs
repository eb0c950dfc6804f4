//! The JSON report is a contract (docs/cli.md): these are its fields.

use serde_json::Value;
use std::process::Command;

fn run_json(args: &[&str], cwd: &str) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_redis-advisor"))
        .args(args)
        .current_dir(format!("{}/tests/cmd/{cwd}", env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap_or_else(|e| panic!("cannot run redis-advisor: {e}"));
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e})"));
    (out.status.code().unwrap_or(-1), json)
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    k.sort_unstable();
    k
}

#[test]
fn top_level_and_finding_fields() {
    let (code, json) = run_json(&["check", "--format", "json", "redis.conf"], "open.in");
    assert_eq!(code, 1);
    assert_eq!(
        keys(&json),
        [
            "config",
            "diagnostics",
            "findings",
            "inputs",
            "schema",
            "server",
            "summary",
            "tool_version"
        ]
    );
    assert_eq!(json["schema"], 1);
    let findings = json["findings"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert!(findings.len() >= 2);
    for f in findings {
        for field in [
            "id", "code", "severity", "category", "title", "detail", "evidence", "guide",
        ] {
            assert!(f.get(field).is_some(), "finding lacks {field}: {f}");
        }
        assert!(matches!(
            f["severity"].as_str(),
            Some("critical" | "warning" | "info")
        ));
        let id = f["id"].as_str().unwrap_or("");
        assert!(
            id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{id}"
        );
        assert!(f["guide"].as_str().is_some_and(|g| g.contains(".md#")));
        for e in f["evidence"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            assert_eq!(keys(e), ["line", "source", "text"]);
        }
        if let Some(fix) = f.get("fix") {
            assert!(fix["conf"].is_array() && fix["config_set"].is_array());
        }
    }
    // Most severe first.
    assert_eq!(findings[0]["severity"], "critical");
    assert_eq!(findings[0]["evidence"][0]["line"], 2);
    assert_eq!(findings[0]["evidence"][0]["text"], "bind * -::*");
}

#[test]
fn diagnostics_carry_positions() {
    let (code, json) = run_json(
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "bad.conf",
        ],
        "files.in",
    );
    assert_eq!(code, 0);
    let d = &json["diagnostics"][0];
    assert_eq!(
        keys(d),
        ["end", "kind", "level", "message", "source", "start"]
    );
    assert_eq!(d["start"]["line"], 2);
    assert_eq!(d["kind"], "bad-value");
    assert_eq!(d["level"], "error");
}
