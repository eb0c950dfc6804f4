//! Input nobody should paste, and people do: it gives diagnostics, never a panic.

use redis_advisor_core::diag::DiagKind;
use redis_advisor_core::rules::RuleId;
use redis_advisor_core::{Input, analyze};

#[test]
fn binary_noise() {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let report = analyze(&[Input::from_bytes("noise.bin", &bytes)]);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.kind == DiagKind::InvalidUtf8)
    );
}

#[test]
fn fifty_megabytes_of_info() {
    let mut text = String::with_capacity(50 << 20);
    text.push_str("# Server\nredis_version:7.0.15\n# Commandstats\n");
    let mut i = 0u64;
    while text.len() < 50 << 20 {
        text.push_str(&format!(
            "cmdstat_cmd{i}:calls={i},usec=1,usec_per_call=1.00,rejected_calls=0,failed_calls=0\n"
        ));
        i += 1;
    }
    let report = analyze(&[Input::new("big", text)]);
    assert!(
        report.diagnostics.is_empty(),
        "{:?}",
        report.diagnostics.first()
    );
    assert_eq!(report.inputs[0].blocks.len(), 1);
}

#[test]
fn over_the_size_limit_is_cut_and_said() {
    // Long comment lines: cheap to read, so the test measures the limit, not the parser.
    let line = format!("# {}\n", "c".repeat(1000));
    let mut text = String::from("maxmemory 1gb\n");
    text.push_str(&line.repeat(redis_advisor_core::analyze::MAX_INPUT_BYTES / line.len() + 10));
    let report = analyze(&[Input::new("huge.conf", text)]);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.kind == DiagKind::TooLarge)
    );
}

#[test]
fn a_ten_thousand_character_line() {
    let long = "x".repeat(10_000);
    let text = format!("maxmemory 1gb\n{long}\nrequirepass {long}\n# Memory\nused_memory:{long}\n");
    let report = analyze(&[Input::new("long", text)]);
    assert!(!report.diagnostics.is_empty());
    // Messages quote a clipped value, not 10,000 characters.
    assert!(
        report.diagnostics.iter().all(|d| d.message.len() < 400),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn numbers_past_u64_and_empty_values() {
    let text =
        "maxmemory 99999999999999999999999\nmaxclients 99999999999999999999\nhz\ntimeout \"\"\n";
    let report = analyze(&[Input::new("redis.conf", text)]);
    let lines: Vec<u32> = report.diagnostics.iter().map(|d| d.start.line).collect();
    assert_eq!(lines, [1, 2, 3, 4], "{:#?}", report.diagnostics);
    let info =
        "# Memory\nused_memory:184467440737095516160\nmaxmemory:\nmem_fragmentation_ratio:\n";
    let report = analyze(&[Input::new("info", info)]);
    assert_eq!(
        report.server.used_memory, None,
        "a number past u64 is unknown, not wrapped"
    );
}

#[test]
fn lone_carriage_returns_and_nul_bytes() {
    let text = "maxmemory 1gb\r\r\nappendonly\0 yes\n\u{feff}# Server\r\nredis_version:7.0.15\r\n";
    let _ = analyze(&[Input::new("odd", text)]);
}

#[test]
fn every_prefix_of_a_real_paste_is_handled() {
    // Cutting a paste at any byte (a truncated copy) never panics.
    let text = "127.0.0.1:6379> CONFIG GET *\n1) \"maxmemory\"\n2) \"0\"\n{\"save\":\"\\u00e9\"}\n 1# \"a\" => \"b\\x41\"\nsave 900 1\nrequirepass \"a\\\"b\"\n# Memory\nused_memory:1\n";
    for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        let _ = analyze(&[Input::new("cut", &text[..cut])]);
    }
}

#[test]
fn a_line_past_the_line_limit_is_skipped_and_said() {
    use redis_advisor_core::parse::split::MAX_LINE_BYTES;
    // An INFO with a runaway line in the middle: the fields on both sides are
    // read, the line is not, and nothing of it reaches the report.
    let long = format!("executable:/{}", "x".repeat(MAX_LINE_BYTES));
    let text = format!(
        "# Server\nredis_version:7.0.15\n{long}\n# Memory\nused_memory:1000\nmaxmemory:0\nmaxmemory_policy:noeviction\n"
    );
    let report = analyze(&[Input::new("paste", text)]);
    let said: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagKind::TooLarge)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        said,
        [format!(
            "this line is {} bytes long: lines over {MAX_LINE_BYTES} bytes are not read",
            long.len()
        )]
    );
    assert_eq!(report.diagnostics[0].start.line, 3);
    assert_eq!(report.server.nodes, 1);
    assert_eq!(report.server.used_memory, Some(1000));
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.id == RuleId::MaxmemoryUnset)
    );
    let json = report.to_json();
    assert!(json.len() < MAX_LINE_BYTES, "the line reached the report");

    // Elsewhere a long line is a block of its own, between the blocks around it.
    let text = format!("maxmemory 1gb\n{long}\nappendonly yes\n");
    let report = analyze(&[Input::new("paste", text)]);
    let kinds: Vec<&str> = report.inputs[0].blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, ["redis-conf", "long-line", "redis-conf"]);
    assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
    assert!(report.to_json().len() < MAX_LINE_BYTES);

    // Just under the limit, the line is read like any other.
    let under = format!("executable:/{}", "x".repeat(MAX_LINE_BYTES - 13));
    let report = analyze(&[Input::new("paste", format!("# Server\n{under}\n"))]);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.kind != DiagKind::TooLarge)
    );
}
