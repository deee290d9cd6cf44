//! [`ReportData`]: everything an export shows, computed once from a plan, its driver
//! values and an optional scenario. Every format reads it; none recomputes the model.

use chrono::NaiveDate;

use super::ExportError;
use crate::catalog::Catalog;
use crate::model::{
    Comparison, Evaluation, Model, Plan, Sensitivity, Sweep, Timeline, TimelineInput, find_scenario,
};

/// Points of the exported range charts (more than the window's: a slide is wide).
pub const SWEEP_POINTS: usize = 400;

/// What to compute.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataOptions {
    /// Run one of the plan's scenarios (its driver values and growth over the base).
    pub scenario: Option<String>,
    /// Driver values set after the scenario (the CLI's `--set`), by index.
    pub overrides: Vec<(usize, f64)>,
    /// The driver the range charts sweep; `None`: the plan's main driver.
    pub sweep_driver: Option<usize>,
    /// The phase of the breakdown chart; `None`: the recommended phase (else the last).
    pub focus_phase: Option<usize>,
    /// The date the report shows; `None`: the plan's date.
    pub date: Option<NaiveDate>,
}

/// Everything an export shows.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The plan as written.
    pub plan: Plan,
    /// The compiled plan.
    pub model: Model,
    /// The driver values evaluated (base, then the scenario, then the overrides),
    /// indexed like [`Model::drivers`].
    pub drivers: Vec<f64>,
    /// The scenario applied, by name.
    pub scenario: Option<String>,
    /// The report's date: `--date`, else the plan's date.
    pub date: Option<NaiveDate>,
    /// The price catalog's as-of date.
    pub catalog_as_of: NaiveDate,
    /// Every phase at [`Self::drivers`], with ceilings.
    pub evaluation: Evaluation,
    /// Every phase across the swept driver's range.
    pub sweep: Sweep,
    /// The phase the breakdown chart shows.
    pub focus_phase: usize,
    /// The timeline, when the plan has a start date and a driver that grows.
    pub timeline: Option<Timeline>,
    /// The plan's figures and every scenario's, when it has scenarios and a timeline.
    pub comparison: Option<Comparison>,
    /// ±10 % on every driver value and growth rate of [`Self::timeline`].
    pub sensitivity: Option<Sensitivity>,
    /// Why a section is missing ("no driver grows: no timeline"), for the report.
    pub notes: Vec<String>,
}

impl ReportData {
    /// Computes everything from a plan and its model at `base_drivers` (the plan's
    /// values, or the window's sliders): the scenario applies over them, then the
    /// overrides. The comparison applies every scenario over the base and overrides.
    pub fn compute(
        plan: Plan,
        model: Model,
        base_drivers: Vec<f64>,
        options: &DataOptions,
    ) -> Result<Self, ExportError> {
        let mut base = base_drivers;
        for &(index, value) in &options.overrides {
            base[index] = value;
        }
        let scenario = match &options.scenario {
            Some(name) => {
                Some(find_scenario(&plan, name).map_err(|e| ExportError::Input(e.to_string()))?)
            }
            None => None,
        };
        let mut notes = Vec::new();
        let plan_input = TimelineInput::from_plan(&model, &plan).map(|mut input| {
            input.drivers.clone_from(&base);
            input
        });
        // The drivers: base, the scenario's values, then the overrides again (they win).
        let mut drivers = base.clone();
        if let Some(scenario) = scenario {
            for (name, value) in &scenario.drivers {
                if let Some(index) = model.driver_index(name) {
                    drivers[index] = *value;
                }
            }
            for &(index, value) in &options.overrides {
                drivers[index] = value;
            }
        }
        let evaluation = model.evaluate(&drivers);
        let sweep_driver = options
            .sweep_driver
            .filter(|&d| d < model.drivers.len())
            .unwrap_or(model.main_driver);
        let sweep = model.sweep(&drivers, sweep_driver, SWEEP_POINTS);
        let focus_phase = options
            .focus_phase
            .filter(|&p| p < model.phases.len())
            .or(evaluation.recommended)
            .unwrap_or(model.phases.len().saturating_sub(1));

        let (mut timeline, mut comparison, mut sensitivity) = (None, None, None);
        match &plan_input {
            Err(error) => notes.push(format!("No timeline: {error}.")),
            Ok(plan_input) => {
                let mut input = match scenario {
                    Some(scenario) => plan_input.with_scenario(&model, scenario),
                    None => plan_input.clone(),
                };
                input.drivers.clone_from(&drivers);
                let grows =
                    (0..model.drivers.len()).any(|i| input.growth[i].moves(input.drivers[i]));
                if !grows && plan.scenarios.is_empty() {
                    notes.push("No timeline: no driver of the plan grows.".to_owned());
                } else {
                    let fail = |e: crate::model::TimelineError| ExportError::Input(e.to_string());
                    if grows {
                        timeline = Some(model.timeline(&input).map_err(fail)?);
                        sensitivity = Some(model.sensitivity(&input).map_err(fail)?);
                    } else {
                        notes.push("No timeline: no driver grows in this scenario.".to_owned());
                    }
                    if !plan.scenarios.is_empty() {
                        comparison = Some(
                            model
                                .compare_scenarios(plan_input, &plan.scenarios)
                                .map_err(fail)?,
                        );
                    }
                }
            }
        }
        Ok(Self {
            date: options.date.or(plan.date),
            catalog_as_of: Catalog::embedded().as_of,
            scenario: scenario.map(|s| s.name.clone()),
            plan,
            model,
            drivers,
            evaluation,
            sweep,
            focus_phase,
            timeline,
            comparison,
            sensitivity,
            notes,
        })
    }

    /// The plan's own driver values with `options` applied (the CLI's case).
    pub fn from_plan(plan: Plan, model: Model, options: &DataOptions) -> Result<Self, ExportError> {
        let drivers = model.plan_drivers();
        Self::compute(plan, model, drivers, options)
    }
}
