//! The bytes the web app's analysis worker hands to the page: any bytes read as
//! a report give an error or a report, never a panic, and every report an
//! input produces reads back whole.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redis_advisor_core::{Input, Report, analyze};

fuzz_target!(|data: &[u8]| {
    let _ = Report::from_wire(data);
    let report = analyze(&[Input::from_bytes("paste", data)]);
    assert_eq!(Report::from_wire(&report.to_wire()), Ok(report));
});
