//! Workload files: read (with their limits checked), estimated and turned into
//! recommended configurations; and read without the check, which the
//! estimator must survive on its own.
#![no_main]
use libfuzzer_sys::fuzz_target;
use redis_advisor_core::estimate::model::{Limits, estimate};
use redis_advisor_core::plan::Plan;
use redis_advisor_core::recommend::recommend;

fuzz_target!(|text: &str| {
    if let Ok(plan) = Plan::from_json(text) {
        let e = estimate(&plan, &Limits::default());
        assert!(e.used_memory <= e.used_memory_high || e.used_memory_high == u64::MAX);
        let _ = recommend(&plan);
    }
    if let Ok(plan) = serde_json::from_str::<Plan>(text) {
        let _ = estimate(&plan, &Limits::default());
        let _ = recommend(&plan);
    }
});
