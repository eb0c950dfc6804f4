//! The whole analysis, from raw bytes (invalid UTF-8 included) to the JSON
//! report the CLI prints.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redis_advisor_core::{Input, analyze};

fuzz_target!(|data: &[u8]| {
    let report = analyze(&[Input::from_bytes("paste", data)]);
    assert!(serde_json::to_string(&report).is_ok());
    let _ = redis_advisor_core::render::markdown(&report);
});
