//! The memory estimator: how much memory a workload needs on a given Redis or
//! Valkey version, from a model of how it stores each kind of value (see
//! [`alloc`], and [`layout`] for what differs between versions), calibrated
//! against a real server of each version (docs/estimator-accuracy.md).

pub mod alloc;
pub mod cases;
pub mod layout;
pub mod model;

pub use layout::Layout;
pub use model::{Estimate, Limits, Line, estimate};
