//! Redis Advisor's core: reads what Redis says about itself (INFO, CONFIG GET,
//! redis.conf), and returns a report of findings with their evidence, fixes and
//! guide links.
//!
//! The core is pure: no IO, no clock, no UI. The CLI and the web app are thin
//! shells over [`analyze()`].

pub mod accept;
pub mod analyze;
pub mod config;
pub mod diag;
pub mod docs;
pub mod estimate;
mod hash;
pub mod measured;
pub mod params;
pub mod parse;
pub mod plan;
pub mod presets;
pub mod recommend;
pub mod redact;
pub mod render;
pub mod report;
pub mod rules;
pub mod sort;
pub mod units;
pub mod version;
pub mod wire;
pub mod workload;

pub use analyze::{Input, Options, analyze, analyze_with};
pub use report::{Finding, Report, Severity};
