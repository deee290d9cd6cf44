//! Compare with… (issue 6 item 5 in the window): the open plan, at the window's driver
//! values, against another plan file or one of its own scenarios: what changed in the
//! plan and what it does to cost, status, bottlenecks, ceilings, the recommended phase,
//! run-out dates and spend. Every figure comes from [`crate::model::diff`], computed
//! once per change of the plan, the drivers or the other side (cached like the
//! timeline).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use egui::{Color32, Context, RichText, Ui};

use crate::app::state::{Document, Snapshot};
use crate::app::theme::status_color;
use crate::catalog::Catalog;
use crate::format::{percent, quantity, usd};
use crate::model::diff::{BottleneckName, Delta, DiffSide, PlanDiff, diff};
use crate::model::{Evaluation, Model, Plan, Status, Timeline, TimelineInput};
use crate::plan_file::load_plan;

/// A plan file read for comparison.
#[derive(Debug, Clone)]
struct OtherFile {
    path: PathBuf,
    plan: Plan,
    model: Model,
}

/// What the open plan is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Against {
    /// The file last chosen with File ▸ Compare with….
    File,
    /// One of the open plan's scenarios, by name.
    Scenario(String),
}

/// What the cached diff was computed from.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    snapshot: Snapshot,
    against: Against,
    same_drivers: bool,
    file_generation: u64,
}

/// What the compare window asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareAction {
    /// Show the Compare with… file dialog.
    ChooseFile,
}

/// The Compare window: its other side, the file read for it, and the cached diff.
#[derive(Debug, Default)]
pub struct ComparePanel {
    open: bool,
    against: Option<Against>,
    file: Option<OtherFile>,
    /// The file that could not be read, and why (`file:line:column: …`).
    error: Option<(PathBuf, String)>,
    /// Evaluate the file at the window's driver values too (as `diff --set` does).
    same_drivers: bool,
    file_generation: u64,
    cache: Option<(Key, Result<PlanDiff, String>)>,
}

/// A file's name for titles: `plan.ron`.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl ComparePanel {
    /// Reads `path` and compares the open plan with it. A file that cannot be read or
    /// is invalid shows its error in the window; the open plan is never touched.
    pub fn open_file(&mut self, path: PathBuf) {
        self.open = true;
        self.against = Some(Against::File);
        self.file_generation += 1;
        self.cache = None;
        match load_plan(&path, Catalog::embedded()) {
            Ok((plan, model)) => {
                self.error = None;
                self.file = Some(OtherFile { path, plan, model });
            }
            Err(error) => {
                self.file = None;
                self.error = Some((path, error.to_string()));
            }
        }
    }

    /// Compares the open plan with its scenario `name`.
    pub fn open_scenario(&mut self, name: String) {
        self.open = true;
        self.against = Some(Against::Scenario(name));
        self.cache = None;
    }

    /// Whether the window is shown.
    pub fn is_open(&self) -> bool {
        self.open && self.against.is_some()
    }

    /// Closes the window.
    pub fn close(&mut self) {
        self.open = false;
    }

    /// The error shown for a file that could not be read.
    pub fn error(&self) -> Option<&str> {
        self.error.as_ref().map(|(_, message)| message.as_str())
    }

    /// The window's title: "Compare with plan.ron", "Compare with scenario aggressive".
    pub fn title(&self) -> String {
        match &self.against {
            Some(Against::Scenario(name)) => format!("Compare with scenario {name}"),
            Some(Against::File) => {
                let path = self
                    .file
                    .as_ref()
                    .map(|f| f.path.as_path())
                    .or(self.error.as_ref().map(|(p, _)| p.as_path()));
                format!("Compare with {}", path.map_or_else(String::new, file_name))
            }
            None => "Compare".to_owned(),
        }
    }

    /// The diff for the open document, recomputed only when the plan, the drivers or
    /// the other side changed. `None` when nothing is compared (or the file is bad).
    pub fn diff(&mut self, document: &Document) -> Option<&Result<PlanDiff, String>> {
        let against = self.against.clone()?;
        if against == Against::File && self.file.is_none() {
            return None;
        }
        let key = Key {
            snapshot: document.snapshot(),
            against: against.clone(),
            same_drivers: self.same_drivers,
            file_generation: self.file_generation,
        };
        let fresh = self.cache.as_ref().is_some_and(|(k, _)| *k == key);
        if !fresh {
            let result = match &against {
                Against::Scenario(name) => compare_with_scenario(document, name),
                Against::File => {
                    let file = self.file.as_ref().expect("checked above");
                    compare_with_plan(document, &file.plan, &file.model, self.same_drivers)
                }
            };
            self.cache = Some((key, result));
        }
        self.cache.as_ref().map(|(_, result)| result)
    }

    /// Draws the window (when open). Returns what it asks the app to do.
    pub fn window_ui(&mut self, ctx: &Context, document: &Document) -> Option<CompareAction> {
        if !self.is_open() {
            return None;
        }
        let mut open = true;
        let mut action = None;
        egui::Window::new(self.title())
            .id(egui::Id::unique("compare-window"))
            .open(&mut open)
            .collapsible(false)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .default_width(680.0)
            .default_height(520.0)
            .show(ctx, |ui| {
                action = self.contents_ui(ui, document);
            });
        if !open {
            self.open = false;
        }
        action
    }

    fn contents_ui(&mut self, ui: &mut Ui, document: &Document) -> Option<CompareAction> {
        let mut action = None;
        ui.horizontal_wrapped(|ui| {
            self.picker_ui(ui, document);
            if ui.button("Choose file…").clicked() {
                action = Some(CompareAction::ChooseFile);
            }
            if self.against == Some(Against::File) && self.file.is_some() {
                ui.checkbox(&mut self.same_drivers, "At the window's driver values")
                    .on_hover_text(
                        "Evaluate the file at the driver values set in the window \
                         (drivers both plans have) instead of its own",
                    );
            }
        });
        ui.separator();
        if self.against == Some(Against::File)
            && let Some((path, message)) = &self.error
        {
            ui.label(format!("{} could not be read:", path.display()));
            ui.add(
                egui::Label::new(
                    RichText::new(message)
                        .monospace()
                        .color(ui.visuals().error_fg_color),
                )
                .wrap(),
            );
            ui.label("The current plan is unchanged.");
            return action;
        }
        let other = self.other_name();
        let now = document.title().to_owned();
        match self.diff(document) {
            None => {}
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            Some(Ok(result)) => {
                ui.label(format!(
                    "Before: {now} at the window's driver values. After: {other}."
                ));
                egui::ScrollArea::vertical()
                    .id_salt("compare-scroll")
                    .auto_shrink([false, true])
                    .show(ui, |ui| diff_ui(ui, result));
            }
        }
        action
    }

    fn other_name(&self) -> String {
        match &self.against {
            Some(Against::Scenario(name)) => format!("scenario {name}"),
            Some(Against::File) => self
                .file
                .as_ref()
                .map_or_else(String::new, |f| file_name(&f.path)),
            None => String::new(),
        }
    }

    /// Pick the other side: the file read last or one of the plan's scenarios.
    fn picker_ui(&mut self, ui: &mut Ui, document: &Document) {
        ui.label("Compare with:");
        let mut chosen = self.against.clone();
        let file_label = self
            .file
            .as_ref()
            .map(|f| file_name(&f.path))
            .or(self.error.as_ref().map(|(p, _)| file_name(p)));
        let label_of = |against: &Option<Against>| match against {
            Some(Against::File) => file_label.clone().unwrap_or_default(),
            Some(Against::Scenario(name)) => format!("scenario {name}"),
            None => String::new(),
        };
        egui::ComboBox::from_id_salt("compare-with")
            .selected_text(label_of(&chosen))
            .show_ui(ui, |ui| {
                if let Some(name) = &file_label {
                    ui.selectable_value(&mut chosen, Some(Against::File), name);
                }
                for scenario in &document.plan().scenarios {
                    ui.selectable_value(
                        &mut chosen,
                        Some(Against::Scenario(scenario.name.clone())),
                        format!("scenario {}", scenario.name),
                    );
                }
            })
            .response
            .widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, "Compare with")
            });
        if chosen != self.against {
            self.against = chosen;
            self.cache = None;
        }
    }
}

/// One side of a diff, owned.
struct Side {
    plan: Plan,
    evaluation: Evaluation,
    timeline: Option<Timeline>,
}

impl Side {
    fn diff_side<'a>(&'a self, model: &'a Model) -> DiffSide<'a> {
        DiffSide {
            plan: &self.plan,
            model,
            evaluation: &self.evaluation,
            timeline: self.timeline.as_ref(),
        }
    }
}

/// The timeline of `input`, `None` when the plan has none (no start date).
fn timeline_of(model: &Model, input: Result<TimelineInput, String>) -> Option<Timeline> {
    input.ok().and_then(|input| model.timeline(&input).ok())
}

/// The open plan at the window's driver values.
fn current_side(document: &Document) -> (Side, Result<TimelineInput, String>) {
    let plan = document.plan_to_save();
    let model = document.model();
    let input = TimelineInput::from_plan(model, &plan)
        .map(|mut input| {
            input.drivers = document.drivers().to_vec();
            input
        })
        .map_err(|e| e.to_string());
    let side = Side {
        timeline: timeline_of(model, input.clone()),
        evaluation: document.evaluation().clone(),
        plan,
    };
    (side, input)
}

/// The open plan (at the window's driver values) against `plan`, at its own driver
/// values or, with `same_drivers`, at the window's for the drivers both have.
pub fn compare_with_plan(
    document: &Document,
    plan: &Plan,
    model: &Model,
    same_drivers: bool,
) -> Result<PlanDiff, String> {
    let (before, _) = current_side(document);
    let mut plan = plan.clone();
    let mut drivers = model.plan_drivers();
    if same_drivers {
        let ours = document.model();
        for (index, info) in model.drivers.iter().enumerate() {
            if let Some(mine) = ours.driver_index(&info.name) {
                drivers[index] = document.drivers()[mine];
            }
        }
        for driver in &mut plan.drivers {
            if let Some(index) = model.driver_index(&driver.name) {
                driver.value = drivers[index];
            }
        }
    }
    let input = TimelineInput::from_plan(model, &plan)
        .map(|mut input| {
            input.drivers.clone_from(&drivers);
            input
        })
        .map_err(|e| e.to_string());
    let after = Side {
        evaluation: model.evaluate(&drivers),
        timeline: timeline_of(model, input),
        plan,
    };
    Ok(diff(
        before.diff_side(document.model()),
        after.diff_side(model),
    ))
}

/// The open plan (at the window's driver values) against the same plan with its
/// scenario `name` applied: the scenario's driver values and growth rates.
pub fn compare_with_scenario(document: &Document, name: &str) -> Result<PlanDiff, String> {
    let model = document.model();
    let (before, input) = current_side(document);
    let scenario = crate::model::find_scenario(&before.plan, name)
        .map_err(|e| e.to_string())?
        .clone();
    let mut drivers = document.drivers().to_vec();
    for (driver, value) in &scenario.drivers {
        if let Some(index) = model.driver_index(driver) {
            drivers[index] = *value;
        }
    }
    let mut plan = before.plan.clone();
    for driver in &mut plan.drivers {
        if let Some(value) = scenario.drivers.get(&driver.name) {
            driver.value = *value;
        }
        if let Some(growth) = scenario.growth.get(&driver.name) {
            driver.growth = *growth;
        }
    }
    let after = Side {
        evaluation: model.evaluate(&drivers),
        timeline: timeline_of(
            model,
            input.map(|input| {
                let mut input = input.with_scenario(model, &scenario);
                input.drivers.clone_from(&drivers);
                input
            }),
        ),
        plan,
    };
    Ok(diff(before.diff_side(model), after.diff_side(model)))
}

/// Whether a change is good news, bad news or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Neither (or no change).
    Neutral,
    /// Cheaper, more headroom, later run-out.
    Better,
    /// Dearer, less headroom, earlier run-out.
    Worse,
}

/// One row of the effects table.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectRow {
    /// What ("Growth monthly cost").
    pub what: String,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
    /// The difference ("+$15", "+30 days"), empty when there is none to give.
    pub change: String,
    /// The relative difference ("+60 %"), empty when none.
    pub relative: String,
    /// Good or bad news.
    pub tone: Tone,
}

/// `+$15`, `-$3.50`, `$0`.
pub fn signed_usd(value: f64) -> String {
    if value > 0.0 {
        format!("+{}", usd(value))
    } else {
        usd(value)
    }
}

/// `+60 %`, `-12 %`.
pub fn signed_percent(fraction: f64) -> String {
    if fraction > 0.0 {
        format!("+{}", percent(fraction))
    } else {
        percent(fraction)
    }
}

/// Cost rows: up is worse.
fn money_row(what: String, delta: &Delta) -> EffectRow {
    let changed = delta.changed();
    EffectRow {
        what,
        before: usd(delta.before),
        after: usd(delta.after),
        change: if changed {
            signed_usd(delta.delta)
        } else {
            "—".to_owned()
        },
        relative: match delta.relative {
            Some(r) if changed => signed_percent(r),
            _ => String::new(),
        },
        tone: if delta.delta > 0.0 {
            Tone::Worse
        } else if delta.delta < 0.0 {
            Tone::Better
        } else {
            Tone::Neutral
        },
    }
}

fn bottleneck_text(b: Option<&BottleneckName>) -> String {
    b.map_or_else(
        || "none".to_owned(),
        |b| format!("{} {} at {}", b.group, b.resource, percent(b.utilization)),
    )
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "not within the horizon".to_owned(), crate::format::date)
}

/// The effects table: every shared phase's monthly cost, then (changed rows only)
/// status, bottleneck, ceilings, the recommended phase, run-out dates, and the spend.
pub fn effect_rows(result: &PlanDiff) -> Vec<EffectRow> {
    let e = &result.effects;
    let mut rows = Vec::new();
    let plain = |what: String, before: String, after: String, tone: Tone| EffectRow {
        what,
        before,
        after,
        change: String::new(),
        relative: String::new(),
        tone,
    };
    for name in &e.phases_removed {
        rows.push(plain(
            format!("Phase {name}"),
            "in the plan".to_owned(),
            "removed".to_owned(),
            Tone::Neutral,
        ));
    }
    for name in &e.phases_added {
        rows.push(plain(
            format!("Phase {name}"),
            "not in the plan".to_owned(),
            "added".to_owned(),
            Tone::Neutral,
        ));
    }
    for phase in &e.phases {
        rows.push(money_row(
            format!("{} monthly cost", phase.name),
            &phase.monthly_cost,
        ));
        if phase.status.changed() {
            let (before, after) = (phase.status.before, phase.status.after);
            rows.push(plain(
                format!("{} status", phase.name),
                before.as_str().to_owned(),
                after.as_str().to_owned(),
                if after > before {
                    Tone::Worse
                } else {
                    Tone::Better
                },
            ));
        }
        let (before, after) = (
            bottleneck_text(phase.bottleneck.before.as_ref()),
            bottleneck_text(phase.bottleneck.after.as_ref()),
        );
        // A utilization change too small to show is not a row.
        if before != after {
            rows.push(plain(
                format!("{} bottleneck", phase.name),
                before,
                after,
                Tone::Neutral,
            ));
        }
        for ceiling in phase.ceilings.iter().filter(|c| c.changed()) {
            let show = |v: Option<f64>| v.map_or_else(|| "none".to_owned(), quantity);
            let tone = match (ceiling.before, ceiling.after) {
                (Some(a), Some(b)) if b > a => Tone::Better,
                (Some(a), Some(b)) if b < a => Tone::Worse,
                _ => Tone::Neutral,
            };
            rows.push(EffectRow {
                what: format!("{} {} ceiling", phase.name, ceiling.driver),
                before: show(ceiling.before),
                after: show(ceiling.after),
                change: String::new(),
                relative: ceiling.relative.map_or_else(String::new, signed_percent),
                tone,
            });
        }
    }
    if e.recommended_phase.changed() {
        rows.push(plain(
            "Recommended phase".to_owned(),
            e.recommended_phase
                .before
                .clone()
                .unwrap_or_else(|| "none".to_owned()),
            e.recommended_phase
                .after
                .clone()
                .unwrap_or_else(|| "none".to_owned()),
            Tone::Neutral,
        ));
    }
    if let Some(t) = &e.timeline {
        for r in t.runouts.iter().filter(|r| r.before != r.after) {
            let (change, tone) = match (r.before, r.after) {
                (Some(a), Some(b)) => {
                    let days = (b - a).num_days();
                    (
                        format!("{days:+} days"),
                        if days > 0 { Tone::Better } else { Tone::Worse },
                    )
                }
                (Some(_), None) => (String::new(), Tone::Better),
                (None, Some(_)) => (String::new(), Tone::Worse),
                (None, None) => (String::new(), Tone::Neutral),
            };
            rows.push(EffectRow {
                what: format!("{} runs out", r.phase),
                before: date_text(r.before),
                after: date_text(r.after),
                change,
                relative: String::new(),
                tone,
            });
        }
        rows.push(money_row(
            "Total spend over the horizon".to_owned(),
            &t.total_spend,
        ));
    }
    rows
}

fn tone_color(ui: &Ui, tone: Tone) -> Color32 {
    match tone {
        Tone::Neutral => ui.visuals().text_color(),
        Tone::Better => status_color(ui, Status::Ok),
        Tone::Worse => status_color(ui, Status::Over),
    }
}

fn diff_ui(ui: &mut Ui, result: &PlanDiff) {
    ui.add_space(4.0);
    ui.label(RichText::new(format!("Changes in the plan ({})", result.changes.len())).strong());
    if result.changes.is_empty() {
        ui.label("No change in the plan itself.");
    } else {
        egui::Grid::new("compare-changes")
            .striped(true)
            .spacing([20.0, 4.0])
            .show(ui, |ui| {
                ui.label(RichText::new("Field").weak());
                ui.label(RichText::new("Before").weak());
                ui.label(RichText::new("After").weak());
                ui.end_row();
                for change in &result.changes {
                    ui.label(RichText::new(&change.path).monospace());
                    ui.add(egui::Label::new(&change.before).wrap());
                    ui.add(egui::Label::new(&change.after).wrap());
                    ui.end_row();
                }
            });
    }
    ui.add_space(10.0);
    ui.label(RichText::new("Effects").strong());
    let rows = effect_rows(result);
    egui::Grid::new("compare-effects")
        .striped(true)
        .spacing([20.0, 4.0])
        .show(ui, |ui| {
            for header in ["", "Before", "After", "Change", ""] {
                ui.label(RichText::new(header).weak());
            }
            ui.end_row();
            for row in &rows {
                let color = tone_color(ui, row.tone);
                ui.label(&row.what);
                ui.label(&row.before);
                ui.label(RichText::new(&row.after).color(color));
                ui.label(RichText::new(&row.change).color(color));
                ui.label(RichText::new(&row.relative).color(color));
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diff::{Effects, Pair, PhaseEffect};

    fn phase(before: f64, after: f64) -> PhaseEffect {
        PhaseEffect {
            name: "Growth".to_owned(),
            monthly_cost: Delta::new(before, after),
            status: Pair {
                before: Status::Ok,
                after: Status::Ok,
            },
            bottleneck: Pair {
                before: None,
                after: None,
            },
            ceilings: Vec::new(),
        }
    }

    fn plan_diff(phases: Vec<PhaseEffect>) -> PlanDiff {
        PlanDiff {
            changes: Vec::new(),
            effects: Effects {
                phases_removed: Vec::new(),
                phases_added: Vec::new(),
                phases,
                recommended_phase: Pair {
                    before: None,
                    after: None,
                },
                timeline: None,
            },
        }
    }

    #[test]
    fn a_dearer_phase_is_worse_and_a_cheaper_one_better() {
        let rows = effect_rows(&plan_diff(vec![phase(25.0, 40.0)]));
        assert_eq!(rows[0].change, "+$15");
        assert_eq!(rows[0].relative, "+60 %");
        assert_eq!(rows[0].tone, Tone::Worse);
        let rows = effect_rows(&plan_diff(vec![phase(40.0, 25.0)]));
        assert_eq!(rows[0].change, "-$15");
        assert_eq!(rows[0].tone, Tone::Better);
        let rows = effect_rows(&plan_diff(vec![phase(40.0, 40.0)]));
        assert_eq!(rows[0].change, "—");
        assert_eq!(rows[0].relative, "");
        assert_eq!(rows[0].tone, Tone::Neutral);
    }
}
