//! The planning model (MODEL.md §1–2): plan types, validation, compilation and
//! evaluation. Pure Rust: no GUI, no I/O.

mod ceiling;
mod compile;
pub mod diff;
mod error;
mod evaluate;
mod plan;
mod sweep;
mod timeline;
mod validate;

pub use ceiling::ceiling;
pub use compile::{
    Count, DriverInfo, GroupModel, Linear, Load, Model, PhaseModel, ResourceInfo, ServiceCost,
    SharedThreshold, UsageCost, thresholds,
};
pub use error::{FieldPath, PlanErrors, Segment, ValidationError};
pub use evaluate::{
    Bottleneck, CostItem, CostLine, EvalOptions, Evaluation, GroupEvaluation, PhaseEvaluation,
    ResourceUse, Status, node_count, resource_use,
};
pub use plan::*;
pub use sweep::Sweep;
pub use timeline::*;
pub use validate::{
    KIND_RESOURCES, MAX_GROWTH_PERCENT_PER_MONTH, MAX_HORIZON_MONTHS, MAX_MAGNITUDE, MAX_NODES,
    check_driver_value, check_growth, validate,
};
