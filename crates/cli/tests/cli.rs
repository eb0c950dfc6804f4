//! The CLI's case files: arguments, exit code and the exact output, in
//! tests/cmd/*.toml (TRYCMD=overwrite rewrites them after a deliberate change).

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// Secrets planted in every input form never reach the command line's output,
/// in any format, nor its errors.
#[test]
fn planted_secrets_never_reach_the_output() {
    use std::io::Write;
    let forms = [
        "requirepass conf-s3cret-1\nmaxmemory 1gb\n",
        "masterauth \"conf s3cret-2\"\n",
        "user app on >acl-s3cret-3 #4f3c2b1a0f3c2b1a0f3c2b1a0f3c2b1a0f3c2b1a0f3c2b1a0f3c2b1a0f3c2b1a ~* +@all\n",
        "tls-key-file-pass tls-s3cret-4\ntls-port 6380\n",
        "redis-server --port 6379 --requirepass cmd-s3cret-5\n",
        "127.0.0.1:6379> CONFIG GET *\n1) \"requirepass\"\n2) \"term-s3cret-6\"\n3) \"maxmemory\"\n4) \"0\"\n",
        "masterauth\nraw-s3cret-7\nmaxmemory\n0\n",
        "1# \"masterauth\" => \"resp3-s3cret-8\"\n2# \"maxmemory\" => \"0\"\n",
        "{\"requirepass\":\"json-s3cret-9\",\"maxmemory\":\"0\"}\n",
        "REDIS_URL=redis://app:url-s3cret-10@cache.internal:6379/0\n",
    ];
    let secrets = [
        "conf-s3cret-1",
        "conf s3cret-2",
        "acl-s3cret-3",
        "4f3c2b1a0f3c2b1a",
        "tls-s3cret-4",
        "cmd-s3cret-5",
        "term-s3cret-6",
        "raw-s3cret-7",
        "resp3-s3cret-8",
        "json-s3cret-9",
        "url-s3cret-10",
    ];
    for form in forms {
        for format in ["human", "json", "markdown"] {
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redis-advisor"))
                .args(["check", "--format", format, "-"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run redis-advisor: {e}"));
            if let Some(mut stdin) = child.stdin.take() {
                stdin
                    .write_all(form.as_bytes())
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
            assert!(matches!(out.status.code(), Some(0 | 1)), "{form}: {out:?}");
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(!all.is_empty());
            for s in secrets {
                assert!(
                    !all.contains(s),
                    "{format} output of {form:?} shows {s}:\n{all}"
                );
            }
        }
    }
}
