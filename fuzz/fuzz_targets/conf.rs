//! redis.conf parser and the `redis-server` command-line form.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redis_advisor_core::parse::conf;

fuzz_target!(|text: &str| {
    let parsed = conf::parse(text);
    for d in &parsed.diagnostics {
        assert!(text.get(d.span.start..d.span.end).is_some(), "{:?}", d.span);
    }
    if let Some(line) = text.lines().next() {
        let _ = conf::parse_command_line(line);
    }
});
