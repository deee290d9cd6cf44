//! The document the window edits: the plan, its compiled model, the driver values,
//! the one [`Evaluation`] every panel reads, the chart sweep, and undo/redo.
//!
//! Nothing here knows egui beyond the [`Undoer`]: panels read the evaluation and
//! call the setters, which recompute it once per change.

use std::path::PathBuf;
use std::sync::Arc;

use egui::util::undoer::{Settings as UndoSettings, Undoer};
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use chrono::NaiveDate;

use crate::model::{
    Comparison, Evaluation, Growth, MAX_HORIZON_MONTHS, Model, Plan, Sensitivity, Sweep, Timeline,
    TimelineInput, check_driver_value, check_growth,
};
use crate::plan_file::{PlanFileError, parse_plan};
use crate::presets::Preset;

/// Points sampled across a driver's range for the charts.
pub const SWEEP_POINTS: usize = 200;

/// Where the open plan came from (shown in the title, used by Save).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanSource {
    /// An embedded preset, by name.
    Preset(String),
    /// A plan file on disk.
    File(PathBuf),
}

impl PlanSource {
    /// The name used in errors and the title: the preset name or the file name.
    pub fn label(&self) -> String {
        match self {
            Self::Preset(name) => format!("preset {name}"),
            Self::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }
}

/// What undo and redo restore: the plan (shared, so snapshots are cheap), where it
/// came from, and the driver values.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The plan.
    pub plan: Arc<Plan>,
    /// Where it came from.
    pub source: PlanSource,
    /// Driver values, indexed like [`Model::drivers`].
    pub drivers: Vec<f64>,
}

impl PartialEq for Snapshot {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.plan, &other.plan) || self.plan == other.plan)
            && self.source == other.source
            && self.drivers == other.drivers
    }
}

/// What the timeline views were computed from: the plan (its growth, start, horizon and
/// scenarios), the driver values and the picked scenario.
#[derive(Debug, Clone)]
struct TimelineKey {
    plan: Arc<Plan>,
    drivers: Vec<f64>,
    scenario: Option<usize>,
}

impl TimelineKey {
    fn matches(&self, plan: &Arc<Plan>, drivers: &[f64], scenario: Option<usize>) -> bool {
        Arc::ptr_eq(&self.plan, plan) && self.drivers == drivers && self.scenario == scenario
    }
}

/// The cached timeline views (each computed on first use after a change).
#[derive(Debug, Clone)]
struct TimelineCache {
    key: TimelineKey,
    /// The input of the shown timeline (the picked scenario applied).
    input: Result<TimelineInput, String>,
    timeline: Result<Timeline, String>,
    comparison: Option<Result<Comparison, String>>,
    sensitivity: Option<Result<Sensitivity, String>>,
}

/// The open plan and everything computed from it.
pub struct Document {
    /// The plan as loaded (driver values in it are the "plan values").
    plan: Arc<Plan>,
    /// Where it came from.
    source: PlanSource,
    /// The compiled plan.
    model: Model,
    /// Current driver values, indexed like [`Model::drivers`].
    drivers: Vec<f64>,
    /// The model at `drivers`, with ceilings: what every panel reads.
    evaluation: Evaluation,
    /// Cached chart data with the other drivers' values it was computed at (the swept
    /// one zeroed); recomputed when the plan or another driver changes.
    sweep: Option<(Vec<f64>, Sweep)>,
    /// The scenario the timeline shows (index into the plan's scenarios; `None`: the plan).
    scenario: Option<usize>,
    /// Cached timeline, comparison and sensitivity (recomputed when the plan, the
    /// drivers or the scenario change).
    timeline: Option<TimelineCache>,
    /// Undo history over [`Snapshot`]s.
    undoer: Undoer<Snapshot>,
    /// The state last saved to (or loaded from) its source, for the "modified" mark.
    saved: Snapshot,
}

impl Document {
    /// Opens a plan at its own driver values.
    pub fn new(plan: Plan, model: Model, source: PlanSource) -> Self {
        let plan = Arc::new(plan);
        let drivers = model.plan_drivers();
        let evaluation = model.evaluate(&drivers);
        let saved = Snapshot {
            plan: Arc::clone(&plan),
            source: source.clone(),
            drivers: drivers.clone(),
        };
        Self {
            plan,
            source,
            model,
            drivers,
            evaluation,
            sweep: None,
            scenario: None,
            timeline: None,
            undoer: Undoer::with_settings(UndoSettings {
                max_undos: 200,
                stable_time: 0.5,
                auto_save_interval: 10.0,
            }),
            saved,
        }
    }

    /// Opens an embedded preset.
    pub fn from_preset(preset: &Preset) -> Result<Self, PlanFileError> {
        let (plan, model) = preset.load()?;
        Ok(Self::new(
            plan,
            model,
            PlanSource::Preset(preset.name.to_owned()),
        ))
    }

    /// Opens a plan from RON text; `source` names it in errors.
    pub fn from_text(text: &str, source: PlanSource) -> Result<Self, PlanFileError> {
        let file = match &source {
            PlanSource::Preset(name) => format!("assets/presets/{name}.ron"),
            PlanSource::File(path) => path.display().to_string(),
        };
        let (plan, model) = parse_plan(text, &file, Catalog::embedded())?;
        Ok(Self::new(plan, model, source))
    }

    /// The plan as loaded.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Where the plan came from.
    pub fn source(&self) -> &PlanSource {
        &self.source
    }

    /// The compiled plan.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Current driver values, indexed like [`Model::drivers`].
    pub fn drivers(&self) -> &[f64] {
        &self.drivers
    }

    /// The evaluation at the current driver values (computed once per change).
    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// The plan's title, or its name when it has none.
    pub fn title(&self) -> &str {
        if self.model.title.is_empty() {
            &self.model.name
        } else {
            &self.model.title
        }
    }

    /// Whether the plan or the drivers differ from what was last saved or opened.
    pub fn is_modified(&self) -> bool {
        self.snapshot() != self.saved
    }

    /// The current undoable state.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            plan: Arc::clone(&self.plan),
            source: self.source.clone(),
            drivers: self.drivers.clone(),
        }
    }

    /// Sets a driver value after checking it; recomputes the evaluation.
    /// Returns the model's message when the value is refused (nothing changes then).
    pub fn set_driver(&mut self, index: usize, value: f64) -> Result<(), String> {
        check_driver_value(&self.model.drivers[index].name, value)?;
        if self.drivers[index] != value {
            self.drivers[index] = value;
            self.recompute();
        }
        Ok(())
    }

    /// Sets a driver as one discrete, undoable step (typed value, reset button).
    pub fn set_driver_step(&mut self, index: usize, value: f64) -> Result<(), String> {
        let before = self.snapshot();
        self.set_driver(index, value)?;
        self.undoer.add_undo(&before);
        self.undoer.add_undo(&self.snapshot());
        Ok(())
    }

    /// The plan's own value of a driver (what "reset" restores).
    pub fn plan_value(&self, index: usize) -> f64 {
        self.model.drivers[index].value
    }

    /// Replaces the whole document by `other` as one undoable step (open, new from preset).
    pub fn replace_with(&mut self, other: Document) {
        let before = self.snapshot();
        let Document {
            plan,
            source,
            model,
            drivers,
            evaluation,
            saved,
            ..
        } = other;
        self.plan = plan;
        self.source = source;
        self.model = model;
        self.drivers = drivers;
        self.evaluation = evaluation;
        self.saved = saved;
        self.sweep = None;
        self.scenario = None;
        self.timeline = None;
        self.undoer.add_undo(&before);
        self.undoer.add_undo(&self.snapshot());
    }

    /// Lets the undoer see the current state; slider drags coalesce into one step.
    pub fn feed_undo(&mut self, time_s: f64) {
        let snapshot = self.snapshot();
        self.undoer.feed_state(time_s, &snapshot);
    }

    /// Whether a change is still settling into an undo point (ask for a repaint later).
    pub fn undo_in_flux(&self) -> bool {
        self.undoer.is_in_flux()
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.undoer.has_undo(&self.snapshot())
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.undoer.has_redo(&self.snapshot())
    }

    /// Undoes the last change.
    pub fn undo(&mut self) {
        let current = self.snapshot();
        if let Some(state) = self.undoer.undo(&current).cloned() {
            self.restore(state);
        }
    }

    /// Redoes the last undone change.
    pub fn redo(&mut self) {
        let current = self.snapshot();
        if let Some(state) = self.undoer.redo(&current).cloned() {
            self.restore(state);
        }
    }

    fn restore(&mut self, state: Snapshot) {
        if !Arc::ptr_eq(&state.plan, &self.plan) {
            match Model::compile(&state.plan, Catalog::embedded()) {
                Ok(model) => self.model = model,
                // Every snapshot held a plan that compiled; keep the current one if not.
                Err(_) => return,
            }
            self.plan = state.plan;
            self.sweep = None;
        }
        self.source = state.source;
        self.drivers = state.drivers;
        self.recompute();
    }

    /// The plan with the current driver values written into it: what Save writes.
    pub fn plan_to_save(&self) -> Plan {
        let mut plan = (*self.plan).clone();
        for driver in &mut plan.drivers {
            if let Some(index) = self.model.driver_index(&driver.name) {
                driver.value = self.drivers[index];
            }
        }
        plan
    }

    /// Drops the unsaved changes: back to the state last saved or opened (as one
    /// undoable step).
    pub fn revert_to_saved(&mut self) {
        let before = self.snapshot();
        self.restore(self.saved.clone());
        self.undoer.add_undo(&before);
        self.undoer.add_undo(&self.snapshot());
    }

    /// Records a successful save of `plan` to `path`: the saved plan becomes the
    /// plan (its values are the new "plan values").
    pub fn mark_saved(&mut self, plan: Plan, path: PathBuf) {
        let before = self.snapshot();
        if plan != *self.plan {
            if let Ok(model) = Model::compile(&plan, Catalog::embedded()) {
                self.model = model;
            }
            self.plan = Arc::new(plan);
        }
        self.source = PlanSource::File(path);
        self.sweep = None;
        self.recompute();
        self.saved = self.snapshot();
        self.undoer.add_undo(&before);
        self.undoer.add_undo(&self.saved);
    }

    fn recompute(&mut self) {
        self.evaluation = self.model.evaluate(&self.drivers);
    }

    /// The chart data for `driver`, recomputed only when the plan or another
    /// driver's value changed since the last call.
    pub fn sweep(&mut self, driver: usize) -> &Sweep {
        let mut held = self.drivers.clone();
        held[driver] = 0.0;
        let fresh = self
            .sweep
            .as_ref()
            .is_some_and(|(at, s)| s.driver == driver && *at == held);
        if !fresh {
            let sweep = self.model.sweep(&self.drivers, driver, SWEEP_POINTS);
            self.sweep = Some((held, sweep));
        }
        &self.sweep.as_ref().expect("just computed").1
    }
}

/// The timeline: growth, start, horizon, the scenario picker and the cached views.
impl Document {
    /// The picked scenario (index into the plan's scenarios), `None` for the plan's own.
    pub fn scenario(&self) -> Option<usize> {
        self.scenario.filter(|&i| i < self.plan.scenarios.len())
    }

    /// Shows the timeline of a scenario (`None`: the plan's own figures).
    pub fn set_scenario(&mut self, scenario: Option<usize>) {
        self.scenario = scenario.filter(|&i| i < self.plan.scenarios.len());
    }

    /// The plan's growth of a driver (index into [`Model::drivers`]); `None` when the
    /// plan does not declare it.
    pub fn growth(&self, driver: usize) -> Option<Growth> {
        let name = &self.model.drivers[driver].name;
        self.plan
            .drivers
            .iter()
            .find(|d| &d.name == name)
            .map(|d| d.growth)
    }

    /// Sets a driver's growth in the plan after checking it (undo coalesces a drag:
    /// call [`Self::feed_undo`] each frame). Refused with the model's message.
    pub fn set_growth(&mut self, driver: usize, growth: Growth) -> Result<(), String> {
        check_growth(growth)?;
        let name = self.model.drivers[driver].name.clone();
        if self.growth(driver).is_none() {
            return Err(format!("{name} is not declared in the plan"));
        }
        if self.growth(driver) != Some(growth) {
            self.edit_plan(|plan| {
                if let Some(d) = plan.drivers.iter_mut().find(|d| d.name == name) {
                    d.growth = growth;
                }
            });
        }
        Ok(())
    }

    /// Sets a driver's growth as one discrete, undoable step (kind changed, typed rate).
    pub fn set_growth_step(&mut self, driver: usize, growth: Growth) -> Result<(), String> {
        let before = self.snapshot();
        self.set_growth(driver, growth)?;
        self.undoer.add_undo(&before);
        self.undoer.add_undo(&self.snapshot());
        Ok(())
    }

    /// The timeline's start: `timeline.start`, else the plan's date.
    pub fn timeline_start(&self) -> Option<NaiveDate> {
        self.plan.timeline.start.or(self.plan.date)
    }

    /// Sets `timeline.start` as one undoable step.
    pub fn set_timeline_start(&mut self, start: NaiveDate) {
        if self.plan.timeline.start == Some(start) {
            return;
        }
        let before = self.snapshot();
        self.edit_plan(|plan| plan.timeline.start = Some(start));
        self.undoer.add_undo(&before);
        self.undoer.add_undo(&self.snapshot());
    }

    /// The timeline's horizon, months.
    pub fn horizon_months(&self) -> u32 {
        self.plan.timeline.horizon_months
    }

    /// Sets the horizon (`1..=MAX_HORIZON_MONTHS`; a slider drag coalesces into one undo
    /// step through [`Self::feed_undo`]).
    pub fn set_horizon_months(&mut self, months: u32) -> Result<(), String> {
        if !(1..=MAX_HORIZON_MONTHS).contains(&months) {
            return Err(format!(
                "a horizon of {months} months: expected 1..={MAX_HORIZON_MONTHS}"
            ));
        }
        if self.plan.timeline.horizon_months != months {
            self.edit_plan(|plan| plan.timeline.horizon_months = months);
        }
        Ok(())
    }

    /// A changed copy of the plan becomes the plan (growth and the timeline's settings
    /// are not compiled into the model, so the model stays).
    fn edit_plan(&mut self, edit: impl FnOnce(&mut Plan)) {
        let mut plan = (*self.plan).clone();
        edit(&mut plan);
        self.plan = Arc::new(plan);
    }

    /// The timeline's input at the current driver values, the picked scenario applied.
    fn timeline_input(&self, scenario: Option<usize>) -> Result<TimelineInput, String> {
        let mut input =
            TimelineInput::from_plan(&self.model, &self.plan).map_err(|e| e.to_string())?;
        input.drivers.clone_from(&self.drivers);
        Ok(match scenario.and_then(|i| self.plan.scenarios.get(i)) {
            Some(scenario) => input.with_scenario(&self.model, scenario),
            None => input,
        })
    }

    fn timeline_cache(&mut self) -> &mut TimelineCache {
        let scenario = self.scenario();
        let fresh = self
            .timeline
            .as_ref()
            .is_some_and(|c| c.key.matches(&self.plan, &self.drivers, scenario));
        if !fresh {
            let input = self.timeline_input(scenario);
            let timeline = input
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|input| self.model.timeline(input).map_err(|e| e.to_string()));
            self.timeline = Some(TimelineCache {
                key: TimelineKey {
                    plan: Arc::clone(&self.plan),
                    drivers: self.drivers.clone(),
                    scenario,
                },
                input,
                timeline,
                comparison: None,
                sensitivity: None,
            });
        }
        self.timeline.as_mut().expect("just computed")
    }

    /// The timeline shown (the picked scenario's), computed once per change of the
    /// plan, the drivers or the scenario. An error says why there is none.
    pub fn timeline(&mut self) -> Result<&Timeline, &str> {
        self.timeline_cache()
            .timeline
            .as_ref()
            .map_err(String::as_str)
    }

    /// The plan's timeline and every scenario's, at the current driver values.
    pub fn comparison(&mut self) -> Result<&Comparison, &str> {
        if self.timeline_cache().comparison.is_none() {
            let base = self.timeline_input(None);
            let comparison = base.and_then(|base| {
                self.model
                    .compare_scenarios(&base, &self.plan.scenarios)
                    .map_err(|e| e.to_string())
            });
            self.timeline_cache().comparison = Some(comparison);
        }
        self.timeline_cache()
            .comparison
            .as_ref()
            .expect("just computed")
            .as_ref()
            .map_err(String::as_str)
    }

    /// ±10 % on every driver value and growth rate of the shown timeline.
    pub fn sensitivity(&mut self) -> Result<&Sensitivity, &str> {
        let cache = self.timeline_cache();
        if cache.sensitivity.is_none() {
            let sensitivity = cache
                .input
                .clone()
                .and_then(|input| self.model.sensitivity(&input).map_err(|e| e.to_string()));
            self.timeline_cache().sensitivity = Some(sensitivity);
        }
        self.timeline_cache()
            .sensitivity
            .as_ref()
            .expect("just computed")
            .as_ref()
            .map_err(String::as_str)
    }
}
