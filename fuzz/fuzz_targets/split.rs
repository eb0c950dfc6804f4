//! The paste splitter: blocks are in order, do not overlap and lie inside the
//! text on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redis_advisor_core::parse::split::split;

fuzz_target!(|text: &str| {
    let mut end = 0;
    for b in split(text) {
        assert!(b.span.start >= end, "overlap at {:?}", b.span);
        assert!(text.get(b.span.start..b.span.end).is_some(), "{:?}", b.span);
        end = b.span.end;
    }
});
