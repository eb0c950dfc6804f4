//! The memory estimator: how much memory a workload needs on Redis 7, from a
//! model of how Redis stores each kind of value (see [`alloc`]), calibrated
//! against a real server (docs/estimator-accuracy.md).

pub mod alloc;
pub mod cases;
pub mod model;

pub use model::{Estimate, Limits, Line, estimate};
