//! Properties that must hold for any input: analysis never panics and always
//! returns, and its report reads back from its JSON and from its bytes, while
//! bytes that are not a report are refused without a panic; a generated redis.conf reads back to the values it was written
//! with; redaction removes every secret planted in any form.
// A test on the host: `str::parse::<f64>` is the reference `units::parse_float` is checked against.
#![allow(clippy::disallowed_methods)]

use proptest::prelude::*;
use redis_advisor_core::redact::redact_text;
use redis_advisor_core::{Input, Report, analyze};

/// Text shaped like what people paste: lines from every format, mixed with noise.
fn pasted() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[a-z_]{1,20}:[0-9a-z.,=_-]{0,30}",
        "# [A-Z][a-z]{2,10}",
        "[a-z-]{2,25} [0-9a-z\"' .*-]{0,30}",
        "[0-9]{1,3}\\) \"[a-z-]{0,20}\"",
        "[0-9]{1,3}# \"[a-z-]{1,20}\" => \"[0-9a-z ]{0,10}\"",
        "127\\.0\\.0\\.1:6379> [A-Za-z ]{0,20}",
        "\\{\"[a-z-]{1,10}\":\"[0-9a-z]{0,8}\"",
        ".{0,80}",
    ];
    prop::collection::vec(line, 0..60).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn analysis_never_panics(text in pasted()) {
        let report = analyze(&[Input::new("paste", text)]);
        // Every position points inside the input.
        for d in &report.diagnostics {
            prop_assert!(d.start.line >= 1 && d.start.line <= d.end.line);
        }
        // Any report reads back whole from its JSON and from the bytes the
        // web app's worker sends.
        let json = serde_json::to_string(&report).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(Report::from_json(&json), Ok(report.clone()));
        prop_assert_eq!(Report::from_wire(&report.to_wire()), Ok(report));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let report = analyze(&[Input::from_bytes("bytes", &bytes)]);
        let json = serde_json::to_string(&report).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(Report::from_json(&json), Ok(report.clone()));
        prop_assert_eq!(Report::from_wire(&report.to_wire()), Ok(report));
    }

    /// A report's bytes with some of them changed (as a bug or another build
    /// would): read back as an error or as some report, never a panic.
    #[test]
    fn damaged_report_bytes_never_panic(
        text in pasted(),
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = analyze(&[Input::new("paste", text)]).to_wire();
        for (at, value) in damage {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let _ = Report::from_wire(&bytes);
    }

    #[test]
    fn a_generated_conf_reads_back(
        maxmemory_mb in 1u64..65536,
        policy in prop::sample::select(vec!["noeviction", "allkeys-lru", "volatile-lfu", "allkeys-random", "volatile-ttl"]),
        appendonly in any::<bool>(),
        hz in 1i64..500,
        saves in prop::collection::vec((1u64..100_000, 1u64..100_000), 0..4),
        unit in prop::sample::select(vec![("mb", 1u64 << 20), ("MB", 1 << 20), ("m", 1_000_000), ("gb", 1 << 30)]),
    ) {
        let amount = if unit.0 == "gb" { maxmemory_mb / 1024 + 1 } else { maxmemory_mb };
        let mut conf = format!("maxmemory {amount}{}\nmaxmemory-policy {policy}\nappendonly {}\nhz {hz}\n", unit.0, if appendonly { "yes" } else { "no" });
        if saves.is_empty() {
            conf.push_str("save \"\"\n");
        }
        for (s, c) in &saves {
            conf.push_str(&format!("save {s} {c}\n"));
        }
        let report = analyze(&[Input::new("redis.conf", conf)]);
        prop_assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        let get = |name: &str| report.config.iter().find(|c| c.name == name).map(|c| c.value.clone()).unwrap_or_default();
        prop_assert_eq!(get("maxmemory"), (amount * unit.1).to_string());
        prop_assert_eq!(get("maxmemory-policy"), policy.to_string());
        prop_assert_eq!(get("appendonly"), if appendonly { "yes" } else { "no" });
        prop_assert_eq!(get("hz"), hz.to_string());
        let want: Vec<String> = saves.iter().map(|(s, c)| format!("{s} {c}")).collect();
        prop_assert_eq!(get("save"), want.join(" "));
    }

    #[test]
    fn redaction_removes_every_planted_secret(
        secret in "[A-Za-z0-9]{8,24}",
        form in 0usize..11,
    ) {
        let text = match form {
            0 => format!("requirepass {secret}\nmaxmemory 1gb\n"),
            1 => format!("masterauth \"{secret}\"\n"),
            2 => format!("user app on >{secret} ~* +@all\n"),
            3 => format!("1) \"requirepass\"\n2) \"{secret}\"\n3) \"maxmemory\"\n4) \"0\"\n"),
            4 => format!("{{\"requirepass\":\"{secret}\",\"maxmemory\":\"0\"}}\n"),
            5 => format!("user app on #{secret} ~* +@all\n"),
            6 => format!("tls-key-file-pass {secret}\ntls-port 6380\n"),
            7 => format!("masterauth\n{secret}\nmaxmemory\n0\n"),
            8 => format!("1# \"masterauth\" => \"{secret}\"\n2# \"maxmemory\" => \"0\"\n"),
            9 => format!("redis-server --port 6379 --requirepass {secret}\n"),
            _ => format!("REDIS_URL=redis://app:{secret}@cache.internal:6379/0\n"),
        };
        let r = redact_text(&text);
        prop_assert!(!r.text.contains(&secret), "form {form}: {}", r.text);
        prop_assert!(!r.removed.is_empty());
        // And the analysis of the original never shows it: not in the JSON
        // report, not in the Markdown export.
        let report = analyze(&[Input::new("paste", text)]);
        prop_assert!(!report.to_json().contains(&secret), "form {form}");
        let markdown = redis_advisor_core::render::markdown(&report);
        prop_assert!(!markdown.contains(&secret), "form {form}");
    }
}

/// A number for a workload file: small, near Redis's limits, or anything a u64 holds.
fn amount() -> impl Strategy<Value = u64> {
    prop_oneof![
        0..2_000u64,
        (1u64 << 32) - 2..(1u64 << 32) + 2,
        any::<u64>(),
        Just(u64::MAX),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever numbers a workload holds, the estimate comes back (no overflow:
    /// tests run with overflow checks; no loop as long as a count).
    #[test]
    fn any_workload_estimates(n in prop::collection::vec(amount(), 12), rate in any::<f64>()) {
        let rate = if rate.is_finite() { rate.to_string() } else { "1e308".to_string() };
        let json = format!(
            r#"{{"clients": {0}, "replicas": {1}, "components": [
              {{"kind": "cache", "count": {2}, "key-length": {3}, "value": {{"type": "hash", "fields": {4}, "field-size": {5}, "value-size": {6}}}, "ttl": {7}}},
              {{"kind": "data", "count": {8}, "value": {{"type": "set", "members": {9}, "member-size": {10}}}}},
              {{"kind": "data", "count": {2}, "value": {{"type": "set", "members": {9}, "integers": true}}}},
              {{"kind": "data", "count": {8}, "value": {{"type": "zset", "members": {4}, "member-size": {11}}}}},
              {{"kind": "data", "count": {3}, "value": {{"type": "list", "elements": {9}, "element-size": {6}}}}},
              {{"kind": "data", "count": {11}, "value": {{"type": "string", "size": {10}, "integer": true}}}},
              {{"kind": "stream", "name": "s", "length": {4}, "fields": {5}, "value-size": {6}}},
              {{"kind": "queue", "library": "bullmq", "queues": {0}, "jobs-per-minute": {rate}, "payload": {7},
                "backlog": {8}, "completed": {{"count": {9}}}, "failed": {{"age": {10}}}, "events-cap": {11}}},
              {{"kind": "pub-sub", "subscribers": {1}, "message-size": {2}, "backlog-messages": {3}}},
              {{"kind": "locks", "count": {4}}},
              {{"kind": "rate-limiters", "keys": {5}}}
            ]}}"#,
            n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], n[11]
        );
        let plan: redis_advisor_core::plan::Plan = serde_json::from_str(&json)
            .map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
        let e = redis_advisor_core::estimate::model::estimate(
            &plan,
            &redis_advisor_core::estimate::model::Limits::default(),
        );
        prop_assert!(e.maxmemory > 0 && e.host_memory > 0);
        // The recommended configurations are built from the same estimate.
        prop_assert!(!redis_advisor_core::recommend::recommend(&plan).is_empty());
        // Checked, the same plan is either accepted or refused with a reason.
        if let Err(why) = redis_advisor_core::plan::Plan::from_json(&json) {
            prop_assert!(why.contains("past") || why.contains("between"), "{}", why);
        }
    }
}

/// Strings near the grammar of decimal numbers: signs, points, exponents, words.
fn number_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+]?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][-+]?[0-9]{0,4})?",
        "[-+.eE0-9]{0,12}",
        "[-+]?(inf|infinity|nan|INF|NaN|Infinity|in|nana|infinit)",
        "[-+0-9.eEinfatyx_ ]{0,10}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    /// `parse_float` accepts exactly what `f64::from_str` accepts, and reads the
    /// same value: bit for bit when the number has at most 15 significant
    /// digits and an exponent within ±22, otherwise within 1e-14 relative.
    #[test]
    fn parse_float_reads_what_std_reads(s in number_like()) {
        use redis_advisor_core::units::parse_float;
        let ours = parse_float(&s);
        let std = s.parse::<f64>().ok();
        prop_assert_eq!(ours.is_some(), std.is_some(), "{:?}: {:?} vs {:?}", s, ours, std);
        if let (Some(a), Some(b)) = (ours, std) {
            if a.is_nan() || b.is_nan() {
                prop_assert!(a.is_nan() && b.is_nan());
            } else if a != b {
                let rel = ((a - b) / b).abs();
                prop_assert!(rel < 1e-14, "{:?}: {} vs {} ({})", s, a, b, rel);
            }
        }
    }

    #[test]
    fn parse_float_is_exact_for_short_decimals(
        int in 0u64..100_000_000,
        frac in 0u64..100_000_000,
        frac_digits in 0usize..8,
        exp in -22i32..=22,
        neg in any::<bool>(),
    ) {
        use redis_advisor_core::units::parse_float;
        let frac = format!("{frac:08}");
        // The value's own exponent (after the fraction digits) stays within ±22.
        let exp = exp.max(frac_digits as i32 - 22);
        let text = format!(
            "{}{int}.{}e{exp}",
            if neg { "-" } else { "" },
            &frac[..frac_digits],
        );
        let expected: f64 = text.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(parse_float(&text).map(f64::to_bits), Some(expected.to_bits()), "{}", text);
    }
}
