//! The planner window (eframe): the start page or the open plan with its drivers,
//! phases and charts, menus, undo, and remembered state.
//!
//! The app owns one [`state::Document`]; panels read its evaluation (computed once
//! per change) and report changes back. Nothing repaints unless input arrives.

pub mod autosave;
mod export_actions;
pub mod export_dialog;
pub mod files;
pub mod jobs;
pub mod menu;
pub mod panels;
pub mod state;
pub mod status;
pub mod theme;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use eframe::egui;
use egui::ThemePreference;
use serde::{Deserialize, Serialize};

use export_dialog::{ExportSettings, export_window_ui};
use files::{FileDialogs, FileEvent, NativeDialogs, NoDialogs, PathKind, PathRequest};
use jobs::Jobs;
use menu::{Action, MenuState};
use panels::chart_menu::ChartRequest;
use panels::charts::ChartsPanel;
use panels::compare::{CompareAction, ComparePanel};
use panels::drivers::DriversPanel;
use state::{Document, PlanSource};
use status::Notice;

use crate::catalog::Catalog;
use crate::plan_file::{SaveError, load_plan, plan_to_ron, save_plan_atomic};
use crate::presets;

/// The app icon (256 px, from `icons/headroom.svg`).
const ICON_PNG: &[u8] = include_bytes!("../../icons/headroom-256.png");

/// Recent files kept in File ▸ Recent.
const MAX_RECENT: usize = 10;

/// Opens the window and blocks until it closes.
pub fn run() -> ExitCode {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Headroom")
        .with_app_id("headroom")
        .with_inner_size([1280.0, 820.0])
        .with_min_inner_size([720.0, 480.0]);
    match eframe::icon_data::from_png_bytes(ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(error) => eprintln!("warning: the app icon could not be decoded: {error}"),
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    match eframe::run_native(
        "Headroom",
        options,
        Box::new(|cc| Ok(Box::new(HeadroomApp::new(cc)))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: could not open the window: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The plan that was open when the window closed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LastPlan {
    /// The plan itself, as RON (a file may have moved since).
    pub ron: String,
    /// Where it came from.
    pub source: Option<PlanSource>,
    /// Driver values by name, as the user left them.
    pub drivers: BTreeMap<String, f64>,
}

/// What the window remembers between runs (eframe persistence). Every field has a
/// default, so a config written by an older Headroom still loads.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    /// The plan open at exit.
    pub last_plan: Option<LastPlan>,
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// Light, dark or system.
    pub theme: ThemePreference,
    /// Chart tab and driver.
    pub charts: ChartsPanel,
    /// The choices of File ▸ Export… (also the size and theme of chart files).
    pub export: ExportSettings,
}

/// The document a [`LastPlan`] describes (its driver values set).
fn document_from(last: &LastPlan) -> Result<Document, crate::plan_file::PlanFileError> {
    let source = last
        .source
        .clone()
        .unwrap_or_else(|| PlanSource::Preset("last plan".to_owned()));
    let mut document = Document::from_text(&last.ron, source)?;
    for (name, value) in &last.drivers {
        if let Some(index) = document.model().driver_index(name) {
            // A value the model refuses is skipped; the plan's stays.
            let _ = document.set_driver(index, *value);
        }
    }
    Ok(document)
}

/// An error shown in a dialog until dismissed.
#[derive(Debug, Clone, PartialEq)]
struct ErrorDialog {
    title: String,
    message: String,
}

/// What waits for an answer to "Save changes?" (the plan has unsaved changes).
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    /// File ▸ New from preset.
    OpenPreset(&'static str),
    /// Open (after the dialog), Open recent, a dropped file.
    OpenPath(PathBuf),
    /// File ▸ Quit or closing the window.
    Quit,
}

/// The answer to "Save changes?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Save,
    Discard,
    Cancel,
}

/// The application.
pub struct HeadroomApp {
    remembered: Remembered,
    document: Option<Document>,
    drivers_panel: DriversPanel,
    selected_phase: Option<usize>,
    error: Option<ErrorDialog>,
    notice: Option<String>,
    dialogs: Box<dyn FileDialogs>,
    events_tx: Sender<FileEvent>,
    events_rx: Receiver<FileEvent>,
    title: String,
    theme_applied: Option<ThemePreference>,
    /// "Save changes?" is shown, for this.
    unsaved_prompt: Option<Pending>,
    /// Done after the Save As dialog answers and the save succeeds.
    after_save: Option<Pending>,
    /// The window may close (a quit was confirmed or nothing was unsaved).
    closing: bool,
    /// Where the working plan is autosaved (`None`: no autosave).
    autosave_path: Option<PathBuf>,
    /// When the last autosave was written (`ctx` time, seconds) and of what.
    last_autosave: Option<(f64, state::Snapshot)>,
    /// An autosave file of ours (or of a previous run) may exist.
    autosave_on_disk: bool,
    /// A plan left unsaved by a previous run, offered for recovery.
    recovery: Option<LastPlan>,
    /// The Compare window.
    compare: ComparePanel,
    /// The Export window is shown.
    export_open: bool,
    /// Exports, chart files and chart images under way.
    jobs: Jobs,
    /// Finished jobs' results, until dismissed.
    notices: Vec<Notice>,
    /// The chart whose "Save as…" waits for its dialog's answer.
    pending_chart: Option<ChartRequest>,
}

impl HeadroomApp {
    /// The window's app: restores what it remembers from `cc.storage`.
    pub fn new(cc: &eframe::CreationContext<'_>) -> Self {
        let remembered: Remembered = cc
            .storage
            .and_then(|storage| eframe::get_value(storage, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_state(remembered, Box::new(NativeDialogs))
            .with_autosave(autosave::default_path())
    }

    /// Autosaves to `path` (`None`: no autosave; tests use a scratch folder). A plan
    /// found there, left by a run that crashed or was killed, is offered for recovery.
    #[must_use]
    pub fn with_autosave(mut self, path: Option<PathBuf>) -> Self {
        self.recovery = None;
        self.autosave_on_disk = false;
        match path.as_deref().and_then(autosave::read) {
            None => {}
            Some(Ok(last)) => {
                self.recovery = Some(last);
                self.autosave_on_disk = true;
            }
            // Left in place (the next autosave replaces it), and said.
            Some(Err(message)) => {
                self.error = Some(ErrorDialog {
                    title: "An unsaved plan from the last run could not be read".to_owned(),
                    message,
                });
            }
        }
        self.autosave_path = path;
        self
    }

    /// Whether "Recover unsaved plan?" is shown.
    pub fn recovery_offered(&self) -> bool {
        self.recovery.is_some()
    }

    /// Autosaves the working plan if it has unsaved changes that are not written yet
    /// and the last autosave is at least [`autosave::INTERVAL`] old (`now_s`: seconds,
    /// the `ctx` clock); removes the autosave once nothing is unsaved. Returns how long
    /// to wait before an autosave that is due later (the window asks for one repaint
    /// then), `None` when nothing waits.
    pub fn autosave_tick(&mut self, now_s: f64) -> Option<Duration> {
        let path = self.autosave_path.clone()?;
        if self.recovery.is_some() {
            // The previous run's plan stays until the user answers.
            return None;
        }
        let Some(document) = self.document.as_ref().filter(|d| d.is_modified()) else {
            if self.autosave_on_disk {
                autosave::remove(&path);
                self.autosave_on_disk = false;
            }
            return None;
        };
        let snapshot = document.snapshot();
        if let Some((at, written)) = &self.last_autosave {
            if *written == snapshot {
                return None;
            }
            let since = now_s - at;
            let interval = autosave::INTERVAL.as_secs_f64();
            if (0.0..interval).contains(&since) {
                return Some(Duration::from_secs_f64(interval - since));
            }
        }
        let working = self.working_plan()?;
        match autosave::write(&path, &working) {
            Ok(()) => self.autosave_on_disk = true,
            // Said once; tried again after the next change.
            Err(message) => self.notice = Some(format!("Autosave failed: {message}")),
        }
        self.last_autosave = Some((now_s, snapshot));
        None
    }

    fn remove_autosave(&mut self) {
        if let Some(path) = &self.autosave_path
            && self.autosave_on_disk
        {
            autosave::remove(path);
            self.autosave_on_disk = false;
        }
    }

    /// An app without eframe (tests, benchmarks): no dialogs, nothing remembered.
    pub fn new_for_test() -> Self {
        Self::with_state(Remembered::default(), Box::new(NoDialogs))
    }

    /// An app restored from `remembered`, showing dialogs with `dialogs`.
    pub fn with_state(remembered: Remembered, dialogs: Box<dyn FileDialogs>) -> Self {
        let (events_tx, events_rx) = channel();
        let mut app = Self {
            remembered,
            document: None,
            drivers_panel: DriversPanel::default(),
            selected_phase: None,
            error: None,
            notice: None,
            dialogs,
            events_tx,
            events_rx,
            title: String::new(),
            theme_applied: None,
            unsaved_prompt: None,
            after_save: None,
            closing: false,
            autosave_path: None,
            last_autosave: None,
            autosave_on_disk: false,
            recovery: None,
            compare: ComparePanel::default(),
            export_open: false,
            jobs: Jobs::default(),
            notices: Vec::new(),
            pending_chart: None,
        };
        if let Some(last) = app.remembered.last_plan.clone() {
            app.restore_last_plan(&last);
        }
        app
    }

    fn restore_last_plan(&mut self, last: &LastPlan) {
        match document_from(last) {
            Ok(document) => self.document = Some(document),
            Err(error) => {
                self.error = Some(ErrorDialog {
                    title: "The last plan could not be reopened".to_owned(),
                    message: error.to_string(),
                });
            }
        }
    }

    /// A sender tests use to hand the app a path as if a dialog had answered.
    pub fn file_events(&self) -> Sender<FileEvent> {
        self.events_tx.clone()
    }

    /// The open document, if any.
    pub fn document(&self) -> Option<&Document> {
        self.document.as_ref()
    }

    /// The open document, mutably (tests, benchmarks).
    pub fn document_mut(&mut self) -> Option<&mut Document> {
        self.document.as_mut()
    }

    /// The error dialog's message, if one is shown.
    pub fn error_message(&self) -> Option<&str> {
        self.error.as_ref().map(|e| e.message.as_str())
    }

    /// The Compare window (tests).
    pub fn compare_panel(&self) -> &ComparePanel {
        &self.compare
    }

    /// Whether the Export window is shown.
    pub fn export_window_shown(&self) -> bool {
        self.export_open
    }

    /// The results of finished background jobs, until dismissed.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Whether a background job (export, chart file, chart image) is under way.
    pub fn jobs_busy(&self) -> bool {
        self.jobs.busy()
    }

    /// Whether "Save changes?" (Save / Discard / Cancel) is shown.
    pub fn unsaved_prompt_shown(&self) -> bool {
        self.unsaved_prompt.is_some()
    }

    /// The open plan as it is now: its text, where it came from, the driver values.
    fn working_plan(&self) -> Option<LastPlan> {
        self.document.as_ref().map(|document| LastPlan {
            ron: plan_to_ron(document.plan()),
            source: Some(document.source().clone()),
            drivers: document
                .model()
                .drivers
                .iter()
                .zip(document.drivers())
                .filter(|(info, _)| info.declared)
                .map(|(info, value)| (info.name.clone(), *value))
                .collect(),
        })
    }

    /// What the window would remember now.
    pub fn remembered(&self) -> Remembered {
        let mut remembered = self.remembered.clone();
        remembered.last_plan = self.working_plan();
        remembered
    }

    /// The window title: "Headroom — plan title (file name)".
    pub fn window_title(&self) -> String {
        match &self.document {
            None => "Headroom".to_owned(),
            Some(document) => {
                let modified = if document.is_modified() { " •" } else { "" };
                match document.source() {
                    PlanSource::File(_) => format!(
                        "Headroom — {} ({}){modified}",
                        document.title(),
                        document.source().label()
                    ),
                    PlanSource::Preset(_) => format!("Headroom — {}{modified}", document.title()),
                }
            }
        }
    }

    /// Opens an embedded preset (as File ▸ New from preset does).
    pub fn open_preset(
        &mut self,
        preset: &presets::Preset,
    ) -> Result<(), crate::plan_file::PlanFileError> {
        self.open_document(Document::from_preset(preset)?);
        Ok(())
    }

    /// Opens a document (as one undoable step when a plan is already open).
    fn open_document(&mut self, document: Document) {
        self.drivers_panel.clear();
        self.selected_phase = None;
        self.notice = None;
        self.compare.close();
        match &mut self.document {
            Some(current) => current.replace_with(document),
            None => self.document = Some(document),
        }
    }

    fn open_path(&mut self, path: PathBuf) {
        match load_plan(&path, Catalog::embedded()) {
            Ok((plan, model)) => {
                self.remember_recent(&path);
                self.open_document(Document::new(plan, model, PlanSource::File(path)));
            }
            Err(error) => {
                self.error = Some(ErrorDialog {
                    title: "The plan could not be opened".to_owned(),
                    message: error.to_string(),
                });
            }
        }
    }

    /// Saves the plan to `path` through [`save_plan_atomic`] (keeping `NAME.ron.bak`).
    /// Returns whether it was saved; a failure shows the error and leaves the plan in
    /// memory as it was (still modified).
    fn save_to(&mut self, path: PathBuf) -> bool {
        let Some(document) = &mut self.document else {
            return false;
        };
        let plan = document.plan_to_save();
        match save_plan_atomic(&path, &plan_to_ron(&plan)) {
            Ok(()) => {
                self.notice = Some(format!("Saved {}", path.display()));
            }
            // The new file is in place; only the folder sync failed: say so.
            Err(error @ SaveError::FolderSync { .. }) => {
                self.notice = Some(error.to_string());
            }
            Err(error) => {
                self.error = Some(ErrorDialog {
                    title: "The plan could not be saved".to_owned(),
                    message: error.to_string(),
                });
                return false;
            }
        }
        document.mark_saved(plan, path.clone());
        self.remember_recent(&path);
        true
    }

    fn remember_recent(&mut self, path: &std::path::Path) {
        let recent = &mut self.remembered.recent;
        recent.retain(|p| p != path);
        recent.insert(0, path.to_path_buf());
        recent.truncate(MAX_RECENT);
    }

    fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::OpenPreset(name) => self.unless_unsaved(ctx, Pending::OpenPreset(name)),
            Action::Open => self.dialogs.open(self.events_tx.clone(), ctx.clone()),
            Action::OpenRecent(path) => self.unless_unsaved(ctx, Pending::OpenPath(path)),
            Action::Save => match self.document.as_ref().map(|d| d.source().clone()) {
                Some(PlanSource::File(path)) => {
                    self.save_to(path);
                }
                Some(PlanSource::Preset(_)) => self.apply(ctx, Action::SaveAs),
                None => {}
            },
            Action::SaveAs => {
                // A Save As of its own: nothing waits for it.
                self.after_save = None;
                self.ask_save_as(ctx);
            }
            Action::CompareWithFile => self.ask_compare_file(ctx),
            Action::CompareWithScenario(name) => self.compare.open_scenario(name),
            Action::Export => self.export_open = self.document.is_some(),
            Action::Quit => self.unless_unsaved(ctx, Pending::Quit),
            Action::Undo => {
                if let Some(document) = &mut self.document {
                    document.undo();
                    self.drivers_panel.clear();
                }
            }
            Action::Redo => {
                if let Some(document) = &mut self.document {
                    document.redo();
                    self.drivers_panel.clear();
                }
            }
            Action::Theme(theme) => self.remembered.theme = theme,
            Action::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            Action::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            Action::ZoomReset => ctx.set_zoom_factor(1.0),
        }
    }

    fn ask_compare_file(&self, ctx: &egui::Context) {
        self.dialogs.ask_path(
            self.events_tx.clone(),
            ctx.clone(),
            PathRequest {
                title: "Compare with plan".to_owned(),
                kind: PathKind::OpenFile,
                filter: Some(("Headroom plan".to_owned(), vec!["ron".to_owned()])),
                answer: FileEvent::CompareWith,
            },
        );
    }

    fn ask_save_as(&self, ctx: &egui::Context) {
        if let Some(document) = &self.document {
            let name = format!("{}.ron", document.model().name);
            self.dialogs
                .save_as(self.events_tx.clone(), ctx.clone(), name);
        }
    }

    /// Does `pending` now, or asks "Save changes?" first when the plan has unsaved
    /// changes.
    fn unless_unsaved(&mut self, ctx: &egui::Context, pending: Pending) {
        if self.document.as_ref().is_some_and(Document::is_modified) {
            self.unsaved_prompt = Some(pending);
        } else {
            self.proceed(ctx, pending);
        }
    }

    /// Does what waited for "Save changes?" (or needed no asking).
    fn proceed(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::OpenPreset(name) => match presets::find(name).map(|p| self.open_preset(p)) {
                Some(Ok(())) => {}
                Some(Err(error)) => {
                    self.error = Some(ErrorDialog {
                        title: format!("The preset {name} could not be opened"),
                        message: error.to_string(),
                    });
                }
                None => {}
            },
            Pending::OpenPath(path) => self.open_path(path),
            Pending::Quit => {
                self.remove_autosave();
                self.closing = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Acts on the answer to "Save changes?".
    fn answer_unsaved_prompt(&mut self, ctx: &egui::Context, answer: Answer) {
        let Some(pending) = self.unsaved_prompt.take() else {
            return;
        };
        match answer {
            Answer::Cancel => {}
            Answer::Discard => {
                if pending == Pending::Quit
                    && let Some(document) = &mut self.document
                {
                    // What is remembered for the next start is the saved plan.
                    document.revert_to_saved();
                }
                self.proceed(ctx, pending);
            }
            Answer::Save => match self.document.as_ref().map(|d| d.source().clone()) {
                Some(PlanSource::File(path)) => {
                    // A failed save shows its error; nothing else happens.
                    if self.save_to(path) {
                        self.proceed(ctx, pending);
                    }
                }
                Some(PlanSource::Preset(_)) => {
                    self.after_save = Some(pending);
                    self.ask_save_as(ctx);
                }
                None => self.proceed(ctx, pending),
            },
        }
    }

    /// Draws one frame of the whole window into `ui` (what eframe, tests and the
    /// benchmark call).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.theme_applied != Some(self.remembered.theme) {
            ctx.set_theme(self.remembered.theme);
            self.theme_applied = Some(self.remembered.theme);
        }
        while let Ok(event) = self.events_rx.try_recv() {
            match event {
                FileEvent::Open(path) => self.unless_unsaved(&ctx, Pending::OpenPath(path)),
                FileEvent::SaveAs(path) => {
                    let saved = self.save_to(path);
                    match self.after_save.take() {
                        Some(pending) if saved => self.proceed(&ctx, pending),
                        _ => {}
                    }
                }
                FileEvent::CompareWith(path) => {
                    if self.document.is_some() {
                        self.compare.open_file(path);
                    }
                }
                FileEvent::ExportTo(path) => self.start_export(&ctx, path),
                FileEvent::SaveChart(path) => self.start_save_chart(&ctx, path),
            }
        }
        for done in self.jobs.finished() {
            self.job_finished(&ctx, done);
        }
        self.open_dropped_files(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            if self.document.as_ref().is_some_and(Document::is_modified) {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.unsaved_prompt = Some(Pending::Quit);
            } else {
                self.remove_autosave();
                self.closing = true;
            }
        }
        let mut actions: Vec<Action> = menu::shortcuts(ui).into_iter().collect();

        let recent = self.remembered.recent.clone();
        let scenarios: Vec<String> = self.document.as_ref().map_or_else(Vec::new, |d| {
            d.plan().scenarios.iter().map(|s| s.name.clone()).collect()
        });
        egui::Panel::top("menu").show(ui, |ui| {
            let state = MenuState {
                has_document: self.document.is_some(),
                can_undo: self.document.as_ref().is_some_and(Document::can_undo),
                can_redo: self.document.as_ref().is_some_and(Document::can_redo),
                recent: &recent,
                scenarios: &scenarios,
                theme: self.remembered.theme,
            };
            actions.extend(menu::menu_bar_ui(ui, state));
        });

        let mut chart_request = None;
        match &mut self.document {
            None => {
                egui::CentralPanel::default().show(ui, |ui| {
                    actions.extend(panels::start_page::start_page_ui(ui, &recent));
                });
            }
            Some(document) => {
                if status::has_content(
                    self.notice.as_deref(),
                    self.jobs.running().count(),
                    &self.notices,
                ) {
                    egui::Panel::bottom("status").show(ui, |ui| {
                        status::status_bar_ui(
                            ui,
                            self.notice.as_deref(),
                            self.jobs.running(),
                            &mut self.notices,
                        );
                    });
                }
                egui::Panel::left("drivers")
                    .resizable(true)
                    .default_size(300.0)
                    .size_range(220.0..=520.0)
                    .show(ui, |ui| self.drivers_panel.ui(ui, document));
                // Tall enough for the Timeline tab's controls, summary and chart.
                egui::Panel::bottom("charts")
                    .resizable(true)
                    .default_size(380.0)
                    .size_range(160.0..=700.0)
                    .show(ui, |ui| {
                        chart_request =
                            self.remembered.charts.ui(ui, document, self.selected_phase);
                    });
                egui::CentralPanel::default().show(ui, |ui| {
                    panels::phases::phases_ui(ui, document, &mut self.selected_phase);
                });
                document.feed_undo(ctx.input(|i| i.time));
                if document.undo_in_flux() {
                    // One delayed frame lets the undoer close the step after a drag.
                    ctx.request_repaint_after(Duration::from_millis(600));
                }
            }
        }

        if let Some(request) = chart_request {
            self.chart_request(&ctx, request);
        }
        self.export_window(&ctx);
        if let Some(document) = &self.document
            && self.compare.window_ui(&ctx, document) == Some(CompareAction::ChooseFile)
        {
            self.ask_compare_file(&ctx);
        }

        self.error_dialog_ui(&ctx);
        if let Some(answer) = self.unsaved_prompt_ui(&ctx) {
            self.answer_unsaved_prompt(&ctx, answer);
        }
        self.recovery_ui(&ctx);

        for action in actions {
            self.apply(&ctx, action);
        }
        if let Some(wait) = self.autosave_tick(ctx.input(|i| i.time)) {
            // One repaint when the next autosave is due; none while nothing is unsaved.
            ctx.request_repaint_after(wait);
        }
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// A `.ron` dropped onto the window opens (asking first when the plan has unsaved
    /// changes); anything else is refused with a message. Ignored while a dialog is up.
    fn open_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .collect()
        });
        if dropped.is_empty() || self.unsaved_prompt.is_some() || self.recovery.is_some() {
            return;
        }
        let is_plan = |path: &PathBuf| {
            path.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        };
        match dropped.iter().find(|path| is_plan(path)) {
            Some(path) => self.unless_unsaved(ctx, Pending::OpenPath(path.clone())),
            None => {
                let names: Vec<String> = dropped
                    .iter()
                    .map(|path| {
                        path.file_name().map_or_else(
                            || path.display().to_string(),
                            |n| n.to_string_lossy().into_owned(),
                        )
                    })
                    .collect();
                self.error = Some(ErrorDialog {
                    title: "Only plan files can be opened".to_owned(),
                    message: format!(
                        "{} is not a plan file: Headroom opens .ron plan files.",
                        names.join(", ")
                    ),
                });
            }
        }
    }

    /// "Save changes?" with Save / Discard / Cancel; Escape or a click outside cancels.
    fn unsaved_prompt_ui(&self, ctx: &egui::Context) -> Option<Answer> {
        let pending = self.unsaved_prompt.as_ref()?;
        let title = self.document.as_ref().map_or("the plan", Document::title);
        let what = match pending {
            Pending::OpenPreset(_) | Pending::OpenPath(_) => "before opening another plan",
            Pending::Quit => "before quitting",
        };
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.heading(format!("Save changes to {title} {what}?"));
            ui.add_space(6.0);
            ui.label("Your changes are lost if you discard them.");
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(Answer::Save);
                }
                if ui.button("Discard").clicked() {
                    answer = Some(Answer::Discard);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        if answer.is_none() && modal.should_close() {
            answer = Some(Answer::Cancel);
        }
        answer
    }

    /// "Recover unsaved plan?" with Recover / Discard.
    fn recovery_ui(&mut self, ctx: &egui::Context) {
        let Some(last) = &self.recovery else {
            return;
        };
        let mut recover = None;
        egui::Modal::new(egui::Id::unique("recover-unsaved")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.heading("Recover unsaved plan?");
            ui.add_space(6.0);
            let from = last
                .source
                .as_ref()
                .map_or_else(|| "a plan".to_owned(), PlanSource::label);
            ui.label(format!(
                "Headroom did not close normally. Unsaved changes to {from} were kept."
            ));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Recover").clicked() {
                    recover = Some(true);
                }
                if ui.button("Discard").clicked() {
                    recover = Some(false);
                }
            });
        });
        let Some(recover) = recover else {
            return;
        };
        let last = self.recovery.take().expect("shown above");
        if recover {
            match document_from(&last) {
                // Still unsaved: the autosave stays until it is saved or discarded.
                Ok(document) => self.open_document(document),
                Err(error) => {
                    self.error = Some(ErrorDialog {
                        title: "The unsaved plan could not be recovered".to_owned(),
                        message: error.to_string(),
                    });
                }
            }
        } else {
            self.remove_autosave();
        }
    }

    fn error_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(error) = &self.error else {
            return;
        };
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("error-dialog")).show(ctx, |ui| {
            ui.set_max_width(640.0);
            ui.heading(&error.title);
            ui.add_space(6.0);
            ui.add(
                egui::Label::new(
                    egui::RichText::new(&error.message)
                        .monospace()
                        .color(ui.visuals().error_fg_color),
                )
                .wrap(),
            );
            ui.add_space(6.0);
            ui.label("The current plan is unchanged.");
            ui.add_space(6.0);
            if ui.button("OK").clicked() {
                close = true;
            }
        });
        if close || modal.should_close() {
            self.error = None;
        }
    }
}

impl eframe::App for HeadroomApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.remembered());
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    #[test]
    fn recent_files_keep_the_last_ten_newest_first_without_duplicates() {
        let mut app = HeadroomApp::new_for_test();
        for i in 0..12 {
            app.remember_recent(Path::new(&format!("/plans/{i}.ron")));
        }
        app.remember_recent(Path::new("/plans/5.ron"));
        let recent = &app.remembered.recent;
        assert_eq!(recent.len(), MAX_RECENT);
        assert_eq!(MAX_RECENT, 10, "issue 5: the last 10");
        assert_eq!(recent[0], PathBuf::from("/plans/5.ron"));
        assert_eq!(recent[1], PathBuf::from("/plans/11.ron"));
        assert_eq!(recent.iter().filter(|p| p.ends_with("5.ron")).count(), 1);
    }
}
