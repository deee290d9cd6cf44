//! Headroom: a desktop capacity planner.
//!
//! [`model`] is the pure planning model; [`catalog`] the dated price catalog.

pub mod catalog;
pub mod model;
pub mod plan_file;
pub mod presets;
