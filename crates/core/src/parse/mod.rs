//! Parsers. Each takes text and returns a value plus diagnostics; none fails.

pub mod conf;
pub mod config_get;
pub mod info;
pub mod log;
pub mod split;
pub mod unwrap;
