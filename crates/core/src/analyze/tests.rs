//! The pipeline end to end on small texts.

use super::*;
use crate::diag::DiagKind;
use crate::rules::RuleId;

#[test]
fn empty_input_gives_an_empty_report() {
    let r = analyze(&[Input::new("paste", "")]);
    assert!(r.findings.is_empty());
    assert!(r.diagnostics.is_empty());
}

#[test]
fn unrecognized_lines_are_reported_with_their_numbers() {
    let r = analyze(&[Input::new(
        "paste",
        "maxmemory 1gb\n\nhello world\nmore text\n",
    )]);
    let d: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.kind, d.start.line, d.message.as_str()))
        .collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].1, 3);
    assert!(
        d[0].2.starts_with("lines 3–4: not recognized"),
        "{}",
        d[0].2
    );
}

#[test]
fn bad_value_message_has_the_line() {
    let text = "# redis.conf\nport 6379\nmaxmemory 4gbb\n";
    let r = analyze(&[Input::new("redis.conf", text)]);
    let d = &r.diagnostics[0];
    assert_eq!(d.start.line, 3);
    assert!(
        d.message.starts_with("\"4gbb\" is not a memory size"),
        "{}",
        d.message
    );
    assert!(d.message.contains("e.g. 4gb, 512mb"), "{}", d.message);
}

#[test]
fn invalid_utf8_and_binary_never_panic() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let r = analyze(&[Input::from_bytes("bin", &bytes)]);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.kind == DiagKind::InvalidUtf8)
    );
}

#[test]
fn a_secret_on_a_shared_line_is_never_quoted() {
    let text = "redis-server --maxmemory 0 --requirepass sup3rs3cret --masterauth other-s3cret\n\n{\"maxmemory\":\"0\",\"requirepass\":\"json-s3cret\"}\n";
    let report = analyze(&[Input::new("paste", text)]);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.id == RuleId::MaxmemoryUnset)
    );
    let json = report.to_json();
    for secret in ["sup3rs3cret", "other-s3cret", "json-s3cret"] {
        assert!(!json.contains(secret), "{secret} leaked: {json}");
    }
}

#[test]
fn secrets_never_reach_the_report() {
    let text = "requirepass hunter2-secret\nmasterauth other-secret\nuser app on >pw-secret ~* +@all\nbind 0.0.0.0\nprotected-mode no\n";
    let json = analyze(&[Input::new("redis.conf", text)]).to_json();
    for secret in ["hunter2-secret", "other-secret", "pw-secret"] {
        assert!(!json.contains(secret), "{secret} leaked");
    }
}

/// `CONFIG GET` wins over redis.conf whatever order the inputs come in, in
/// `effective_config` (what `plan --current` compares with) as in `analyze`.
#[test]
fn effective_config_applies_precedence_not_input_order() {
    use crate::config::Origin;
    let get = Input::new("config.txt", "maxmemory\n2147483648\n");
    let conf = Input::new("redis.conf", "maxmemory 1gb\nappendonly yes\n");
    for inputs in [[get.clone(), conf.clone()], [conf.clone(), get.clone()]] {
        let config = effective_config(&inputs);
        assert_eq!(config.bytes("maxmemory"), Some(2 << 30));
        assert!(matches!(
            config.get("maxmemory").map(|s| &s.origin),
            Some(Origin::ConfigGet { .. })
        ));
        assert_eq!(config.bool("appendonly"), Some(true));
        let reported = analyze(&inputs).config;
        let maxmemory = reported.iter().find(|c| c.name == "maxmemory");
        assert_eq!(maxmemory.map(|c| c.value.as_ref()), Some("2147483648"));
    }
}

/// A version the advisor does not know is advised as the nearest known one,
/// and the report says so; a known one gets no note. The report keeps the
/// version as reported.
#[test]
fn unknown_versions_are_named_in_a_note() {
    use crate::version::Version;
    let info = "# Server\nredis_version:9.0.1\n# Memory\nmaxmemory:0\n";
    let r = analyze(&[Input::new("info", info)]);
    let notes: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagKind::UnknownVersion)
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(notes[0].start.line, 2);
    assert!(
        notes[0].message.contains("Redis 8.0"),
        "{}",
        notes[0].message
    );
    assert_eq!(r.server.version, Some(Version::new(9, 0, 1)));
    let valkey = "# Server\nredis_version:7.2.4\nserver_name:valkey\nvalkey_version:9.1.0\n";
    let r = analyze(&[Input::new("info", valkey)]);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.kind == DiagKind::UnknownVersion && d.message.contains("Valkey 8.0"))
    );
    let known = "# Server\nredis_version:7.0.15\n";
    let r = analyze(&[Input::new("info", known)]);
    assert!(
        r.diagnostics
            .iter()
            .all(|d| d.kind != DiagKind::UnknownVersion)
    );
    assert_eq!(r.server.version, Some(Version::new(7, 0, 15)));
}
