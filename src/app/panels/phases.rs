//! The phases view: one card per phase with its status, cost, bottleneck, a headroom
//! bar per node group × resource, node counts and the driver ceilings with runway.
//! Every figure is read from the document's one evaluation.

use egui::{RichText, Sense, Stroke, Ui, WidgetInfo, accesskit::Role};

use super::explain;
use crate::app::state::Document;
use crate::app::theme::{BarMarks, headroom_bar, recommended_color, status_chip, status_color};
use crate::format::{multiple, percent, quantity, usd};
use crate::model::{Count, Status};

/// Narrowest card before the view drops to fewer columns.
const CARD_MIN_WIDTH: f32 = 360.0;

/// Sets a widget's accessible name (what tests and screen readers find).
fn name(response: &egui::Response, label: String) {
    response.widget_info(|| WidgetInfo::labeled(Role::Label, true, &label));
}

/// Draws the phases view. `selected` is the phase the cost breakdown chart shows;
/// clicking a card's name selects it.
pub fn phases_ui(ui: &mut Ui, document: &Document, selected: &mut Option<usize>) {
    let evaluation = document.evaluation();
    let model = document.model();
    ui.horizontal_wrapped(|ui| {
        ui.heading(document.title());
        ui.add_space(12.0);
        let text = match evaluation.recommended {
            Some(r) => format!("Recommended phase: {}", model.phases[r].name),
            None => "Recommended phase: none — every phase is over a threshold".to_owned(),
        };
        let color = recommended_color(ui);
        ui.label(RichText::new(text).strong().color(color)).on_hover_text(
            "The first phase, in plan order, whose every group × resource is below its warn threshold.",
        );
    });
    if !model.description.is_empty() {
        ui.add(egui::Label::new(RichText::new(&model.description).weak()).wrap());
    }
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let phases = model.phases.len();
            let columns =
                ((ui.available_width() / CARD_MIN_WIDTH).floor() as usize).clamp(1, phases.max(1));
            for row in (0..phases).collect::<Vec<_>>().chunks(columns) {
                ui.columns(columns, |cols| {
                    for (col, &phase) in cols.iter_mut().zip(row) {
                        card_ui(col, document, phase, selected);
                    }
                });
                ui.add_space(8.0);
            }
        });
}

fn card_ui(ui: &mut Ui, document: &Document, phase: usize, selected: &mut Option<usize>) {
    let evaluation = document.evaluation();
    let model = document.model();
    let phase_model = &model.phases[phase];
    let eval = &evaluation.phases[phase];
    let recommended = evaluation.recommended == Some(phase);
    let stroke = if recommended {
        Stroke::new(2.5, recommended_color(ui))
    } else if *selected == Some(phase) {
        Stroke::new(1.5, ui.visuals().selection.stroke.color)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    egui::Frame::group(ui.style())
        .stroke(stroke)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // Header: name, status, recommended.
            ui.horizontal(|ui| {
                let title = ui
                    .add(
                        egui::Label::new(RichText::new(&phase_model.name).strong().size(16.0))
                            .sense(Sense::click()),
                    )
                    .on_hover_text("Click to show this phase's cost breakdown in the charts");
                if title.clicked() {
                    *selected = Some(phase);
                }
                let chip = status_chip(ui, eval.status).on_hover_text(status_text(eval.status));
                name(
                    &chip,
                    format!("{} status: {}", phase_model.name, eval.status.as_str()),
                );
                if recommended {
                    ui.label(
                        RichText::new("RECOMMENDED")
                            .small()
                            .strong()
                            .color(recommended_color(ui)),
                    );
                }
            });
            if !phase_model.description.is_empty() {
                ui.add(egui::Label::new(RichText::new(&phase_model.description).weak()).wrap());
            }
            ui.add_space(4.0);

            // Cost.
            ui.horizontal_wrapped(|ui| {
                let cost = ui
                    .label(
                        RichText::new(format!("{}/month", usd(eval.monthly_cost_usd)))
                            .size(18.0)
                            .strong(),
                    )
                    .on_hover_ui(|ui| explain::monthly_cost_ui(ui, document, phase));
                name(
                    &cost,
                    format!(
                        "{} monthly cost: {}",
                        phase_model.name,
                        usd(eval.monthly_cost_usd)
                    ),
                );
                if let (Some(per), Some(users)) = (eval.cost_per_user_usd, model.users_driver()) {
                    let response = ui
                        .label(format!("{} per user", usd(per)))
                        .on_hover_ui(|ui| {
                            explain::cost_per_unit_ui(ui, document, phase, users, per)
                        });
                    name(
                        &response,
                        format!("{} cost per user: {}", phase_model.name, usd(per)),
                    );
                } else if let Some(per) = eval.cost_per_main_unit_usd {
                    let main = model.main_driver;
                    ui.label(format!(
                        "{} per {}",
                        usd(per),
                        singular(&model.drivers[main].unit)
                    ))
                    .on_hover_ui(|ui| explain::cost_per_unit_ui(ui, document, phase, main, per));
                }
            });

            // Bottleneck.
            if let Some(b) = eval.bottleneck {
                let text = format!(
                    "Bottleneck: {} {} at {}",
                    phase_model.groups[b.group].name,
                    model.resources[b.resource].name,
                    percent(b.utilization)
                );
                let response = ui
                    .label(RichText::new(&text).color(status_color(ui, eval.status)))
                    .on_hover_ui(|ui| explain::bottleneck_ui(ui, document, phase));
                name(
                    &response,
                    format!("{} {}", phase_model.name, text.to_lowercase()),
                );
            }
            ui.add_space(4.0);

            // Groups.
            for (g, group) in phase_model.groups.iter().enumerate() {
                let nodes = eval.groups[g].nodes;
                let count = match group.count {
                    Count::Fixed(_) => format!("{nodes} node{}", if nodes == 1 { "" } else { "s" }),
                    Count::Autoscale { min, max, .. } => format!("{nodes} of {min}–{max} nodes"),
                };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&group.name).strong());
                    let response = ui
                        .label(
                            RichText::new(format!("{count} · {}/node", usd(group.node_price_usd)))
                                .weak(),
                        )
                        .on_hover_ui(|ui| explain::nodes_ui(ui, document, phase, g));
                    name(
                        &response,
                        format!("{} {} nodes: {count}", phase_model.name, group.name),
                    );
                });
                // Room for the resource name and the numbers on either side of the bar.
                let bar_width = (ui.available_width() - 270.0).clamp(60.0, 360.0);
                egui::Grid::new(("bars", phase, g))
                    .num_columns(3)
                    .min_col_width(104.0)
                    .spacing([8.0, 2.0])
                    .show(ui, |ui| {
                        for (l, used) in eval.groups[g].resources.iter().enumerate() {
                            let info = &model.resources[used.resource];
                            let load = &group.loads[l];
                            ui.label(&info.name);
                            let bar = headroom_bar(
                                ui,
                                bar_width,
                                used.utilization,
                                used.status,
                                BarMarks {
                                    warn: load.warn,
                                    critical: load.critical,
                                },
                            )
                            .on_hover_ui(|ui| explain::resource_ui(ui, document, phase, g, l));
                            name(
                                &bar,
                                format!(
                                    "{} {} {} utilization: {}",
                                    phase_model.name,
                                    group.name,
                                    info.name,
                                    percent(used.utilization)
                                ),
                            );
                            ui.label(
                                RichText::new(format!(
                                    "{} · {}/{} {}",
                                    percent(used.utilization),
                                    quantity(used.demand),
                                    quantity(used.capacity),
                                    info.unit
                                ))
                                .small(),
                            )
                            .on_hover_ui(|ui| explain::resource_ui(ui, document, phase, g, l));
                            ui.end_row();
                        }
                    });
                ui.add_space(2.0);
            }

            // Ceilings.
            let ceilings: Vec<(usize, f64)> = eval
                .ceilings
                .iter()
                .enumerate()
                .filter(|(d, _)| model.drivers[*d].declared)
                .filter_map(|(d, c)| c.map(|c| (d, c)))
                .collect();
            if !ceilings.is_empty() {
                ui.add_space(2.0);
                ui.label(RichText::new("Ceilings").strong());
                for (d, ceiling) in ceilings {
                    let info = &model.drivers[d];
                    let current = document.drivers()[d];
                    let runway = if current > 0.0 {
                        format!(" ({} current)", multiple(ceiling / current))
                    } else {
                        String::new()
                    };
                    let color = if ceiling <= current {
                        status_color(ui, Status::Warn)
                    } else {
                        ui.visuals().text_color()
                    };
                    let text =
                        format!("{}: {} {}{runway}", info.name, quantity(ceiling), info.unit);
                    let response = ui
                        .label(RichText::new(&text).color(color))
                        .on_hover_ui(|ui| explain::ceiling_ui(ui, document, phase, d, ceiling));
                    name(&response, format!("{} ceiling {text}", phase_model.name));
                }
            }
        });
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Ok => "ok: every group × resource is below its warn threshold",
        Status::Warn => "warn: some resource is between its warn and critical thresholds",
        Status::Over => "over: some resource is at or above its critical threshold",
    }
}

/// "tasks" → "task" for "$13 per task" (units are plural nouns in plans).
fn singular(unit: &str) -> &str {
    unit.strip_suffix('s')
        .filter(|u| !u.is_empty())
        .unwrap_or(unit)
}
