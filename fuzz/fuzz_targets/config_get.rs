//! CONFIG GET parser, in each of its forms (chosen by the first byte).
#![no_main]
use libfuzzer_sys::fuzz_target;
use redis_advisor_core::parse::config_get::{ConfigForm, parse};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let form = match first % 4 {
        0 => ConfigForm::Raw,
        1 => ConfigForm::Terminal,
        2 => ConfigForm::Resp3,
        _ => ConfigForm::Json,
    };
    let parsed = parse(text, form);
    for d in &parsed.diagnostics {
        assert!(text.get(d.span.start..d.span.end).is_some(), "{:?}", d.span);
    }
});
