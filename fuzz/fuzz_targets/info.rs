//! INFO parser: returns for any text; every span it hands out lies inside the
//! text on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redis_advisor_core::parse::info;

fuzz_target!(|text: &str| {
    let parsed = info::parse(text);
    for f in &parsed.value.fields {
        for s in [f.key, f.value, f.line] {
            assert!(
                s.start <= s.end && text.get(s.start..s.end).is_some(),
                "{s:?}"
            );
        }
    }
    for d in &parsed.diagnostics {
        assert!(text.get(d.span.start..d.span.end).is_some(), "{:?}", d.span);
    }
    // The accessors the rules use.
    let _ = parsed.value.version();
    let _ = parsed.value.key_totals();
    let _ = parsed.value.cmdstats();
    let _ = parsed.value.keyspace();
});
