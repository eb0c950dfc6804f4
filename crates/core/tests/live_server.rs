//! Captures INFO and CONFIG GET from a redis-server started by this test
//! (127.0.0.1, a free port) and checks that everything parses and that every
//! parameter the server reports is one the advisor knows. A newer server
//! version therefore shows up here as a failing test, not as a silent gap.

use redis_advisor_core::diag::DiagKind;
use redis_advisor_core::rules::RuleId;
use redis_advisor_core::{Input, analyze};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    _dir: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("no free port: {e}"));
    listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no port: {e}"))
}

fn cli(port: u16, args: &[&str]) -> String {
    let out = Command::new("redis-cli")
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("redis-cli could not run ({e}): run `bash scripts/setup.sh`"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn start() -> Server {
    let port = free_port();
    let dir = std::env::temp_dir().join(format!("redis-advisor-live-{port}"));
    let _ = std::fs::create_dir_all(&dir);
    let child = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
        ])
        .arg(&dir)
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("redis-server could not start ({e}): run `bash scripts/setup.sh`")
        });
    let server = Server {
        child,
        port,
        _dir: TempDir(dir),
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while cli(port, &["ping"]).trim() != "PONG" {
        assert!(
            Instant::now() < deadline,
            "redis-server did not answer on 127.0.0.1:{port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

#[test]
fn live_server_output_parses_clean_in_every_form() {
    let server = start();
    let p = server.port;
    cli(p, &["set", "cache:1", "v", "EX", "60"]);
    let captures = [
        ("INFO everything", cli(p, &["info", "everything"])),
        ("CONFIG GET --raw", cli(p, &["--raw", "config", "get", "*"])),
        (
            "CONFIG GET terminal",
            cli(p, &["--no-raw", "config", "get", "*"]),
        ),
        (
            "CONFIG GET RESP3",
            cli(p, &["-3", "--no-raw", "config", "get", "*"]),
        ),
        (
            "CONFIG GET --json",
            cli(p, &["--json", "config", "get", "*"]),
        ),
    ];
    for (what, text) in &captures {
        assert!(!text.trim().is_empty(), "{what}: the server said nothing");
        let report = analyze(&[Input::new(*what, text.as_str())]);
        let unknown: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.kind == DiagKind::UnknownParameter)
            .map(|d| &d.message)
            .collect();
        assert!(
            unknown.is_empty(),
            "{what}: parameters this advisor does not know yet: {unknown:#?}"
        );
        assert!(
            report.diagnostics.is_empty(),
            "{what}: {:#?}",
            report.diagnostics
        );
        assert_eq!(
            report.inputs[0].blocks.len(),
            1,
            "{what}: {:#?}",
            report.inputs[0].blocks
        );
    }
    let all: Vec<Input> = captures
        .iter()
        .map(|(w, t)| Input::new(*w, t.as_str()))
        .collect();
    let report = analyze(&all);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert!(report.server.version.is_some());
    // Started without a config file: no memory limit.
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.id == RuleId::MaxmemoryUnset)
    );
}
