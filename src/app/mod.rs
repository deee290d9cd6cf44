//! The planner window (eframe). For now a start page with the presets and a
//! read-only phase summary; the full planner (sliders, charts) is the window issue.

use std::process::ExitCode;

use eframe::egui;

use crate::format::{percent, usd};
use crate::model::{Evaluation, Model};
use crate::presets::{PRESETS, Preset};

/// Opens the window and blocks until it closes.
pub fn run() -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Headroom")
            .with_inner_size([1100.0, 720.0]),
        ..Default::default()
    };
    match eframe::run_native(
        "Headroom",
        options,
        Box::new(|_cc| Ok(Box::new(HeadroomApp::default()))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: could not open the window: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The application state: the chosen preset, compiled and evaluated once.
#[derive(Default)]
pub struct HeadroomApp {
    open: Option<(Model, Evaluation)>,
    error: Option<String>,
}

impl HeadroomApp {
    fn open_preset(&mut self, preset: &Preset) {
        match preset.load() {
            Ok((_, model)) => {
                let evaluation = model.evaluate(&model.plan_drivers());
                self.open = Some((model, evaluation));
                self.error = None;
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    fn start_page_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Presets");
        for preset in &PRESETS {
            ui.horizontal(|ui| {
                if ui.button(preset.name).clicked() {
                    self.open_preset(preset);
                }
                ui.label(preset.summary);
            });
        }
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
    }
}

fn phases_ui(ui: &mut egui::Ui, model: &Model, evaluation: &Evaluation) {
    ui.heading(if model.title.is_empty() {
        &model.name
    } else {
        &model.title
    });
    egui::Grid::new("phases").striped(true).show(ui, |ui| {
        for header in ["Phase", "Status", "Monthly cost", "Bottleneck"] {
            ui.strong(header);
        }
        ui.end_row();
        for (index, (phase, eval)) in model.phases.iter().zip(&evaluation.phases).enumerate() {
            let name = if evaluation.recommended == Some(index) {
                format!("{} (recommended)", phase.name)
            } else {
                phase.name.clone()
            };
            ui.label(name);
            ui.label(eval.status.as_str());
            ui.label(usd(eval.monthly_cost_usd));
            ui.label(eval.bottleneck.map_or(String::new(), |b| {
                format!(
                    "{} {} {}",
                    phase.groups[b.group].name,
                    model.resources[b.resource].name,
                    percent(b.utilization)
                )
            }));
            ui.end_row();
        }
    });
}

impl eframe::App for HeadroomApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            self.start_page_ui(ui);
            ui.separator();
            if let Some((model, evaluation)) = &self.open {
                phases_ui(ui, model, evaluation);
            }
        });
    }
}
