//! Headroom: a desktop capacity planner.
//!
//! [`model`] is the pure planning model; [`catalog`] the dated price catalog.

pub mod app;
pub mod catalog;
pub mod cli;
pub mod export;
pub mod format;
pub mod model;
pub mod plan_file;
pub mod presets;
pub mod report;
