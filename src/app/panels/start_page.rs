//! The start page: the five presets, one line each, and "Open plan…".

use egui::{RichText, Ui};

use crate::app::menu::Action;
use crate::presets::PRESETS;

/// Draws the start page; returns what the user picked.
pub fn start_page_ui(ui: &mut Ui, recent: &[std::path::PathBuf]) -> Option<Action> {
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.heading(RichText::new("Headroom").size(28.0).strong());
            ui.label("Live headroom, bottlenecks, ceilings and monthly cost for every phase of a growth plan.");
        });
        ui.add_space(24.0);
        let width = ui.available_width().min(760.0);
        let margin = ((ui.available_width() - width) / 2.0).max(0.0);
        ui.horizontal(|ui| {
            ui.add_space(margin);
            ui.vertical(|ui| {
                ui.set_width(width);
                ui.label(RichText::new("Start from a preset").strong().size(16.0));
                ui.add_space(6.0);
                egui::Grid::new("presets")
                    .num_columns(2)
                    .spacing([14.0, 10.0])
                    .show(ui, |ui| {
                        for preset in &PRESETS {
                            if ui
                                .add(egui::Button::new(preset.name).min_size(egui::vec2(150.0, 0.0)))
                                .on_hover_text(format!("Open the {} preset (seed {})", preset.name, preset.seed))
                                .clicked()
                            {
                                action = Some(Action::OpenPreset(preset.name));
                            }
                            ui.add(egui::Label::new(preset.summary).wrap());
                            ui.end_row();
                        }
                    });
                ui.add_space(16.0);
                ui.separator();
                ui.add_space(8.0);
                if ui
                    .button("Open plan…")
                    .on_hover_text("Open a plan file (.ron) — Ctrl+O")
                    .clicked()
                {
                    action = Some(Action::Open);
                }
                if !recent.is_empty() {
                    ui.add_space(12.0);
                    ui.label(RichText::new("Recent plans").strong());
                    for path in recent {
                        if ui
                            .link(path.display().to_string())
                            .on_hover_text("Open this plan file")
                            .clicked()
                        {
                            action = Some(Action::OpenRecent(path.clone()));
                        }
                    }
                }
            });
        });
    });
    action
}
