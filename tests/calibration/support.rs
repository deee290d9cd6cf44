//! Helpers every calibration module shares: load a preset, find its drivers and
//! phases, evaluate it with one driver set, compare with a seed figure.

use headroom::model::{Evaluation, Model, Plan};
use headroom::presets;

/// MODEL.md §4: ± 25 % unless stated.
pub const TOLERANCE: f64 = 0.25;

/// The embedded preset, parsed and compiled against the embedded catalog.
pub fn load(name: &str) -> (Plan, Model) {
    presets::find(name)
        .unwrap_or_else(|| panic!("preset {name} is embedded"))
        .load()
        .unwrap_or_else(|e| panic!("preset {name} loads against the embedded catalog: {e}"))
}

/// `actual` is within `tolerance_fraction` of the seed's `target`.
pub fn assert_within(actual: f64, target: f64, tolerance_fraction: f64, what: &str) {
    assert!(
        actual.is_finite() && (actual - target).abs() <= tolerance_fraction * target.abs(),
        "{what}: model gives {actual:.4}, seed target {target} ± {:.0} %",
        tolerance_fraction * 100.0
    );
}

/// Index of a driver the preset declares.
pub fn driver_index(model: &Model, name: &str) -> usize {
    model
        .driver_index(name)
        .unwrap_or_else(|| panic!("driver {name:?}"))
}

/// Index of a phase by its exact name.
pub fn phase_index(model: &Model, name: &str) -> usize {
    model
        .phase_index(name)
        .unwrap_or_else(|| panic!("phase {name:?} exists"))
}

/// The model evaluated with one driver set, the others at the plan's values.
pub fn evaluate_with(model: &Model, driver: &str, value: f64) -> Evaluation {
    let mut drivers = model.plan_drivers();
    drivers[driver_index(model, driver)] = value;
    model.evaluate(&drivers)
}

/// The ceiling of `driver` for a phase at the plan's driver values.
pub fn plan_ceiling(model: &Model, phase: &str, driver: &str) -> f64 {
    let evaluation = model.evaluate(&model.plan_drivers());
    evaluation.phases[phase_index(model, phase)].ceilings[driver_index(model, driver)]
        .unwrap_or_else(|| panic!("{driver} moves phase {phase:?}"))
}
