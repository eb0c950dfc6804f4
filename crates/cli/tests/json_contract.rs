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

// A test, never in the web build: the standard sort is fine here.
#[allow(clippy::disallowed_methods)]
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
            "tool_version",
            "workload"
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

/// Hostile files through the binary: never a panic, never exit 2 for bad content.
#[test]
fn hostile_files_give_diagnostics_not_failures() {
    let dir = std::env::temp_dir().join(format!("redis-advisor-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut big = String::from("# Server\nredis_version:7.0.15\n# Commandstats\n");
    while big.len() < 50 << 20 {
        big.push_str(
            "cmdstat_get:calls=1,usec=1,usec_per_call=1.00,rejected_calls=0,failed_calls=0\n",
        );
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("big.txt", big.into_bytes()),
        (
            "long-line.conf",
            format!("maxmemory {}\n", "9".repeat(10_000)).into_bytes(),
        ),
        (
            "invalid-utf8.txt",
            b"maxmemory 1gb\n\xc3\x28\xa0\xa1\nappendonly yes\n".to_vec(),
        ),
        (
            "past-u64.conf",
            b"maxmemory 18446744073709551616\nmaxclients 99999999999999999999999\n".to_vec(),
        ),
        (
            "empty-values.conf",
            b"maxmemory\nsave\nrequirepass \"\"\n".to_vec(),
        ),
        ("empty.txt", Vec::new()),
    ];
    for (name, bytes) in &cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        let out = Command::new(env!("CARGO_BIN_EXE_redis-advisor"))
            .args(["check", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code == 0 || code == 1,
            "{name}: exit {code}, stderr {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e})"));
        if *name != "empty.txt" && *name != "big.txt" {
            assert!(
                json["diagnostics"]
                    .as_array()
                    .is_some_and(|d| !d.is_empty()),
                "{name}: no diagnostics"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every workload file in examples/ reads, estimates and plans.
#[test]
fn every_example_workload_file_works() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut n = 0;
    for entry in std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        for command in ["estimate", "plan"] {
            let out = Command::new(env!("CARGO_BIN_EXE_redis-advisor"))
                .args([command, "--format", "json"])
                .arg(entry.path())
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(
                out.status.code().is_some_and(|c| c <= 1),
                "{command} {}: {}",
                entry.path().display(),
                String::from_utf8_lossy(&out.stderr)
            );
            let _: Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        }
        n += 1;
    }
    assert!(n >= 3, "expected example workload files");
}

/// `redis-advisor check ... | head -1`: a closed pipe is not an error, and no
/// backtrace or panic message reaches the user.
#[test]
fn a_closed_pipe_is_quiet() {
    use std::io::Read;
    let dir = std::env::temp_dir().join(format!("redis-advisor-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("many.conf");
    // Many findings' worth of output: the same bad lines, many times.
    std::fs::write(&path, "maxmemory 4gbb\n".repeat(20_000)).unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_redis-advisor"))
        .args(["check", "--fail-on", "never"])
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut first = [0u8; 64];
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read(&mut first);
        drop(out);
    }
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "exit {status:?}, stderr {err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn accepted_findings_and_notices_fields() {
    let out = Command::new(env!("CARGO_BIN_EXE_redis-advisor"))
        .args(["check", "--format", "json", "redis.conf"])
        .current_dir(format!(
            "{}/tests/cmd/accept.in",
            env!("CARGO_MANIFEST_DIR")
        ))
        .env("REDIS_ADVISOR_TODAY", "2027-02-01")
        .output()
        .unwrap_or_else(|e| panic!("cannot run redis-advisor: {e}"));
    let json: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e})"));
    // The expired acceptance's finding is back and counts: exit 1.
    assert_eq!(out.status.code(), Some(1));
    let accepted = json["accepted"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert_eq!(accepted.len(), 1);
    assert_eq!(
        keys(&accepted[0]),
        ["expires", "finding", "fingerprint", "origin", "reason"]
    );
    assert_eq!(accepted[0]["finding"]["id"], "appendfsync-always");
    assert_eq!(accepted[0]["origin"], "redis-advisor.toml:9");
    let notices = json["acceptance_notices"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert_eq!(notices.len(), 1);
    assert_eq!(
        keys(&notices[0]),
        ["kind", "message", "node", "origin", "rule"]
    );
    assert_eq!(notices[0]["kind"], "expired");
    assert_eq!(notices[0]["rule"], "unauthenticated-exposed");
    // Accepted findings are not in `findings` nor in `summary`.
    let findings = json["findings"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert!(findings.iter().all(|f| f["id"] != "appendfsync-always"));
    assert_eq!(json["summary"]["warning"], 0);
    assert_eq!(json["summary"]["critical"], 1);
}
