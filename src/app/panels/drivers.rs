//! The drivers panel: a slider and a typed field per declared driver, a reset to
//! the plan's value, and the built-in drivers the plan does not use.

use std::collections::BTreeMap;

use egui::{Color32, RichText, Ui, WidgetInfo, accesskit::Role};

use crate::app::state::Document;
use crate::format::{parse_quantity, quantity};
use crate::model::SliderScale;

/// What a driver's typed field holds between frames.
#[derive(Debug, Clone, Default)]
struct Field {
    /// The text being edited.
    text: String,
    /// The user changed the text since it last showed the value.
    edited: bool,
    /// Why the typed value was refused.
    error: Option<String>,
}

/// Transient state of the drivers panel (the typed fields).
#[derive(Debug, Default)]
pub struct DriversPanel {
    fields: BTreeMap<String, Field>,
}

impl DriversPanel {
    /// Forgets typed text and errors (a new plan was opened).
    pub fn clear(&mut self) {
        self.fields.clear();
    }

    /// Draws the panel and applies the user's changes to `document`.
    pub fn ui(&mut self, ui: &mut Ui, document: &mut Document) {
        ui.heading("Drivers");
        ui.add_space(4.0);
        egui::ScrollArea::vertical().show(ui, |ui| {
            let declared: Vec<usize> = (0..document.model().drivers.len())
                .filter(|&i| document.model().drivers[i].declared)
                .collect();
            for index in declared {
                self.driver_ui(ui, document, index);
                ui.add_space(6.0);
                ui.separator();
            }
            let unused: Vec<&str> = document
                .model()
                .drivers
                .iter()
                .filter(|d| !d.declared)
                .map(|d| d.name.as_str())
                .collect();
            if !unused.is_empty() {
                ui.add_space(4.0);
                for name in unused {
                    ui.add_enabled(
                        false,
                        egui::Label::new(format!("{name} — not used by this plan")),
                    )
                    .on_disabled_hover_text(format!(
                        "The plan does not declare {name}; no component depends on it, so it stays at 0."
                    ));
                }
            }
        });
    }

    fn driver_ui(&mut self, ui: &mut Ui, document: &mut Document, index: usize) {
        let info = document.model().drivers[index].clone();
        let current = document.drivers()[index];
        let plan_value = document.plan_value(index);
        let meaning = if info.meaning.is_empty() {
            info.name.clone()
        } else {
            info.meaning.clone()
        };
        let hover = format!(
            "{meaning}\nSlider range {} – {} {} ({} scale); plan value {}",
            quantity(info.min),
            quantity(info.max),
            info.unit,
            match info.scale {
                SliderScale::Log => "logarithmic",
                SliderScale::Linear => "linear",
            },
            quantity(plan_value),
        );

        // The slider: its text is the driver name (the accessible label too).
        let mut value = current;
        let slider_width = (ui.available_width() - 90.0).max(80.0);
        ui.spacing_mut().slider_width = slider_width;
        let slider = egui::Slider::new(&mut value, info.min..=info.max.max(info.min))
            .logarithmic(info.scale == SliderScale::Log)
            .clamping(egui::SliderClamping::Never)
            .show_value(false)
            .text(RichText::new(&info.name).strong());
        let response = ui.add(slider).on_hover_text(&hover);
        if response.changed() && value != current && document.set_driver(index, value).is_ok() {
            // A drag moves the value: the typed field shows it again.
            self.fields.remove(&info.name);
        }

        let field = self.fields.entry(info.name.clone()).or_default();
        if !field.edited {
            field.text = quantity(document.drivers()[index]);
        }
        ui.horizontal(|ui| {
            let edit = egui::TextEdit::singleline(&mut field.text)
                .desired_width(90.0)
                .hint_text("e.g. 400k, 21M");
            let response = ui.add(edit);
            let label = format!("{} value", info.name);
            response.widget_info(|| WidgetInfo::labeled(Role::TextInput, true, &label));
            let response = response.on_hover_text(format!(
                "{hover}\nType a number: 21M, 400k, 1.5e6, 12,000. Enter applies it."
            ));
            if response.changed() {
                field.edited = true;
            }
            let commit = response.lost_focus() && field.edited;
            ui.label(RichText::new(&info.unit).weak());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let reset = ui
                    .add_enabled(
                        document.drivers()[index] != plan_value,
                        egui::Button::new("Reset"),
                    )
                    .on_hover_text(format!(
                        "Reset {} to the plan's value ({})",
                        info.name,
                        quantity(plan_value)
                    ));
                let reset_label = format!("Reset {}", info.name);
                reset.widget_info(|| WidgetInfo::labeled(Role::Button, true, &reset_label));
                if reset.clicked() {
                    // The plan's value passed validation; it is always accepted.
                    let _ = document.set_driver_step(index, plan_value);
                    field.edited = false;
                    field.error = None;
                }
            });
            if commit {
                let parsed = parse_quantity(&field.text)
                    .and_then(|v| document.set_driver_step(index, v).map(|()| v));
                match parsed {
                    Ok(_) => {
                        field.edited = false;
                        field.error = None;
                    }
                    Err(message) => field.error = Some(message),
                }
            }
        });
        if let Some(error) = &field.error {
            ui.add(egui::Label::new(RichText::new(error).color(error_color(ui))).wrap());
        }
    }
}

fn error_color(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}
