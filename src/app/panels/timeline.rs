//! The timeline tabs (issue 6): the plan over time with its controls (growth, start,
//! horizon, scenario), the scenarios side by side, and the sensitivity tornado. Every
//! figure comes from the document's cached timeline, comparison and sensitivity.

use chrono::{Months, NaiveDate};
use egui::{Color32, Response, RichText, Ui};
use egui_plot::{
    AxisHints, Bar, BarChart, Corner, GridInput, GridMark, HLine, HPlacement, Legend, Line,
    LineStyle, Plot, PlotPoint, Span, Text, VLine,
};

use super::charts::{hover_label_allowed, hovered, phase_color};
use crate::app::state::Document;
use crate::format::{self, quantity, usd, year_month};
use crate::model::{
    COMPARISON_MONTHS, Growth, MAX_GROWTH_PERCENT_PER_MONTH, MAX_HORIZON_MONTHS, SENSITIVITY_STEP,
    SensitivityEntry, SensitivityParameter, Timeline,
};

/// What the timeline controls keep between frames (not remembered between runs).
#[derive(Debug, Clone, Default)]
pub struct TimelinePanel {
    /// The start date as typed.
    start_text: String,
    /// Why the typed start was refused.
    start_error: Option<String>,
    /// Why the last growth edit was refused.
    growth_error: Option<String>,
}

/// The date `months` whole months after `start`.
fn month_date(start: NaiveDate, months: f64) -> Option<NaiveDate> {
    if months < 0.0 || months.fract() != 0.0 {
        return None;
    }
    start.checked_add_months(Months::new(months as u32))
}

/// Month marks on the x axis: every 1, 2, 3, 6, 12 or 24 months, about ten labels.
fn month_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let span = (hi - lo).max(1.0);
    let step = [1.0, 2.0, 3.0, 6.0, 12.0, 24.0]
        .into_iter()
        .find(|s| span / s <= 10.0)
        .unwrap_or(24.0);
    let mut marks = Vec::new();
    let mut m = (lo.max(0.0) / step).ceil() * step;
    while m <= hi {
        marks.push(GridMark {
            value: m,
            step_size: step,
        });
        m += step;
    }
    marks
}

/// A plot with months since `start` on the x axis, labelled `2026-03`.
fn date_plot<'a>(id: &'a str, start: NaiveDate) -> Plot<'a> {
    Plot::new(id)
        .x_grid_spacer(month_marks)
        .x_axis_formatter(move |mark, _| {
            month_date(start, mark.value).map_or_else(String::new, year_month)
        })
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
}

/// The monthly cost as billed: month `m` at boundary `m`'s cost, a step per month.
fn cost_steps(timeline: &Timeline) -> Vec<[f64; 2]> {
    let horizon = timeline.horizon_months as usize;
    let mut points = Vec::with_capacity(2 * horizon);
    for month in &timeline.months[..horizon] {
        let x = f64::from(month.month);
        points.push([x, month.monthly_cost_usd]);
        points.push([x + 1.0, month.monthly_cost_usd]);
    }
    // The run rate at the horizon's end (not billed).
    let end = &timeline.months[horizon];
    points.push([f64::from(end.month), end.monthly_cost_usd]);
    // No repeated point: a zero-length segment breaks the line's joins.
    points.dedup();
    points
}

fn growth_text(growth: Growth, unit: &str) -> String {
    match growth {
        Growth::None => "none".to_owned(),
        Growth::Compound { percent_per_month } => {
            format!("{} %/month", quantity(percent_per_month))
        }
        Growth::Linear { per_month } => format!("+{} {unit}/month", quantity(per_month)),
    }
}

impl TimelinePanel {
    /// The controls: scenario, start, horizon, and the growth of every growing driver.
    fn controls_ui(&mut self, ui: &mut Ui, document: &mut Document) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Scenario:");
            let mut chosen = document.scenario();
            let names: Vec<String> = document
                .plan()
                .scenarios
                .iter()
                .map(|s| s.name.clone())
                .collect();
            let shown = chosen.map_or("Plan", |i| names[i].as_str()).to_owned();
            egui::ComboBox::from_id_salt("timeline-scenario")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut chosen, None, "Plan");
                    for (i, name) in names.iter().enumerate() {
                        ui.selectable_value(&mut chosen, Some(i), name);
                    }
                })
                .response
                .widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, "Scenario")
                });
            if chosen != document.scenario() {
                document.set_scenario(chosen);
            }
            ui.separator();

            let label = ui.label("Start:");
            let plan_start = document.timeline_start();
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.start_text)
                    .desired_width(90.0)
                    .hint_text("YYYY-MM-DD"),
            );
            let edit = edit.labelled_by(label.id);
            if !edit.has_focus() && !edit.lost_focus() && self.start_error.is_none() {
                self.start_text = plan_start.map(format::date).unwrap_or_default();
            }
            if edit.lost_focus() {
                match format::parse_date(&self.start_text) {
                    Ok(start) => {
                        document.set_timeline_start(start);
                        self.start_error = None;
                    }
                    Err(message) => self.start_error = Some(message),
                }
            }
            ui.separator();

            ui.label("Horizon:");
            let mut horizon = document.horizon_months();
            let slider = ui.add(
                egui::Slider::new(&mut horizon, 1..=MAX_HORIZON_MONTHS)
                    .text("months")
                    .clamping(egui::SliderClamping::Always),
            );
            let slider = slider.on_hover_text("Horizon: months covered by the timeline");
            if slider.changed() {
                // In range by the slider's clamping.
                let _ = document.set_horizon_months(horizon);
            }
            ui.separator();
            ui.label("Growth:");
            let scenario = document
                .scenario()
                .map(|i| document.plan().scenarios[i].growth.clone())
                .unwrap_or_default();
            let drivers: Vec<usize> = (0..document.model().drivers.len())
                .filter(|&d| document.model().drivers[d].declared)
                .collect();
            let mut not_growing = Vec::new();
            for &d in &drivers {
                let Some(growth) = document.growth(d) else {
                    continue;
                };
                let info = document.model().drivers[d].clone();
                if growth == Growth::None && !scenario.contains_key(&info.name) {
                    not_growing.push(d);
                    continue;
                }
                ui.group(|ui| {
                    let label = ui.label(&info.name);
                    if let Some(over) = scenario.get(&info.name) {
                        ui.label(
                            RichText::new(format!("scenario: {}", growth_text(*over, &info.unit)))
                                .italics(),
                        );
                        return;
                    }
                    let mut kind = growth;
                    egui::ComboBox::from_id_salt(("growth-kind", d))
                        .width(70.0)
                        .selected_text(match growth {
                            Growth::None => "none",
                            Growth::Compound { .. } => "%/month",
                            Growth::Linear { .. } => "+/month",
                        })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut kind, Growth::None, "none");
                            let compound = match growth {
                                Growth::Compound { .. } => growth,
                                _ => Growth::Compound {
                                    percent_per_month: 0.0,
                                },
                            };
                            let linear = match growth {
                                Growth::Linear { .. } => growth,
                                _ => Growth::Linear { per_month: 0.0 },
                            };
                            ui.selectable_value(&mut kind, compound, "%/month");
                            ui.selectable_value(&mut kind, linear, "+/month");
                        })
                        .response
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::accesskit::Role::ComboBox,
                                true,
                                format!("{} growth kind", info.name),
                            )
                        });
                    if kind != growth {
                        self.apply_growth(document.set_growth_step(d, kind));
                        return;
                    }
                    let changed = match growth {
                        Growth::None => None,
                        Growth::Compound { percent_per_month } => {
                            let mut rate = percent_per_month;
                            ui.add(
                                egui::DragValue::new(&mut rate)
                                    .range(0.0..=MAX_GROWTH_PERCENT_PER_MONTH)
                                    .speed(0.1)
                                    .suffix(" %"),
                            )
                            .labelled_by(label.id)
                            .changed()
                            .then_some(Growth::Compound {
                                percent_per_month: rate,
                            })
                        }
                        Growth::Linear { per_month } => {
                            let mut rate = per_month;
                            ui.add(
                                egui::DragValue::new(&mut rate)
                                    .range(0.0..=f64::MAX)
                                    .speed((per_month.abs() * 0.01).max(0.1))
                                    .prefix("+")
                                    .suffix(format!(" {}", info.unit)),
                            )
                            .labelled_by(label.id)
                            .changed()
                            .then_some(Growth::Linear { per_month: rate })
                        }
                    };
                    if let Some(growth) = changed {
                        // Drags coalesce into one undo step (the document's feed_undo).
                        self.apply_growth(document.set_growth(d, growth));
                    }
                });
            }
            if !not_growing.is_empty() {
                ui.menu_button("Grow another driver…", |ui| {
                    for d in not_growing {
                        let name = document.model().drivers[d].name.clone();
                        if ui.button(&name).clicked() {
                            let growth = Growth::Compound {
                                percent_per_month: 0.0,
                            };
                            self.apply_growth(document.set_growth_step(d, growth));
                            ui.close();
                        }
                    }
                });
            }
        });
        if let Some(error) = &self.start_error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        if let Some(error) = &self.growth_error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
    }

    fn apply_growth(&mut self, result: Result<(), String>) {
        self.growth_error = result.err();
    }

    /// The Timeline tab: controls, the dates that matter, and the chart (its response
    /// returned; `None` when there is no timeline).
    pub fn timeline_ui(&mut self, ui: &mut Ui, document: &mut Document) -> Option<Response> {
        self.controls_ui(ui, document);
        let model = document.model();
        let phase_names: Vec<String> = model.phase_names();
        let driver_names: Vec<String> = model.driver_names();
        let resource_names: Vec<String> = model.resources.iter().map(|r| r.name.clone()).collect();
        let group_names: Vec<Vec<String>> = model
            .phases
            .iter()
            .map(|p| p.groups.iter().map(|g| g.name.clone()).collect())
            .collect();
        let timeline = match document.timeline() {
            Ok(timeline) => timeline,
            Err(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
                return None;
            }
        };

        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "Total spend over {} months: {}",
                    timeline.horizon_months,
                    usd(timeline.total_spend_usd)
                ))
                .strong(),
            );
            match (timeline.current_phase, timeline.runway_months) {
                (None, _) => {
                    ui.label("No phase is ok at the start");
                }
                (Some(p), None) => {
                    ui.label(format!("{} lasts the whole horizon", phase_names[p]));
                }
                (Some(p), Some(runway)) => {
                    ui.label(format!(
                        "Runway of {}: {}",
                        phase_names[p],
                        format::months(runway)
                    ));
                }
            }
            if let Some(m) = timeline.budget_exceeded_month {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "Over budget from {}",
                        year_month(timeline.months[m as usize].date)
                    ),
                );
            }
            ui.separator();
            for (p, phase) in timeline.phases.iter().enumerate() {
                if let Some(runout) = phase.runout {
                    ui.colored_label(
                        phase_color(p),
                        format!("{} runs out {}", phase_names[p], format::date(runout.date)),
                    )
                    .on_hover_text(format!(
                        "{}{} {} crosses its warn threshold",
                        runout
                            .driver
                            .map_or(String::new(), |d| format!("{} grows: ", driver_names[d])),
                        group_names[p][runout.group],
                        resource_names[runout.resource],
                    ));
                }
                if let Some(order_by) = phase.order_by {
                    let text = format!("order {} by {}", phase_names[p], format::date(order_by));
                    if phase.order_late {
                        ui.colored_label(ui.visuals().error_fg_color, format!("{text} (late)"));
                    } else {
                        ui.label(text);
                    }
                }
            }
        });
        Some(timeline_plot_ui(ui, timeline, &phase_names))
    }
}

fn timeline_plot_ui(ui: &mut Ui, timeline: &Timeline, phase_names: &[String]) -> Response {
    let horizon = f64::from(timeline.horizon_months);
    let max_cost = timeline
        .months
        .iter()
        .fold(0.0_f64, |a, m| a.max(m.monthly_cost_usd));
    let budget = timeline.budget_usd_per_month;
    let left_top = max_cost.max(budget.unwrap_or(0.0)).max(1.0);
    // Spend so far shares the plot, on the right axis, at a round scale.
    let scale = crate::export::chart::nice_ceil(timeline.total_spend_usd.max(1.0) / left_top);
    let top = left_top * 1.3;
    let start = timeline.start;
    let text_color = ui.visuals().text_color();
    let over_color = ui.visuals().error_fg_color;
    let ctx = ui.ctx().clone();

    // Bands of the recommended phase, from switch to switch.
    let mut bands = Vec::new();
    let mut from = 0.0;
    let mut phase = timeline.months[0].recommended;
    for switch in &timeline.switches {
        bands.push((from, switch.months, phase));
        from = switch.months;
        phase = switch.to;
    }
    bands.push((from, horizon, phase));

    date_plot("timeline-chart", start)
        .legend(
            Legend::default()
                .position(Corner::LeftTop)
                .follow_insertion_order(true),
        )
        .custom_y_axes(vec![
            AxisHints::new_y()
                .label("USD per month")
                .formatter(|mark, _| usd(mark.value)),
            AxisHints::new_y()
                .label("spent so far")
                .placement(HPlacement::Right)
                .formatter(move |mark, _| usd(mark.value * scale)),
        ])
        .include_x(0.0)
        .include_x(horizon)
        .include_y(0.0)
        .include_y(top)
        .label_formatter(move |hover| {
            if !hover_label_allowed(&ctx) {
                return None;
            }
            let (name, point) = hovered(hover);
            let day = timeline.date_at(point.x.clamp(0.0, horizon));
            let value = if name == "spent so far" {
                usd(point.y * scale)
            } else {
                format!("{}/month", usd(point.y))
            };
            Some(format!("{name}\n{}\n{value}", format::date(day)))
        })
        .show(ui, |plot| {
            for (a, b, phase) in bands {
                if b <= a {
                    continue;
                }
                let (name, color) = match phase {
                    Some(p) => (phase_names[p].clone(), phase_color(p)),
                    None => ("no phase ok".to_owned(), over_color),
                };
                plot.span(
                    Span::new(name, a..=b)
                        .fill(color.gamma_multiply(0.12))
                        .border_color(color)
                        .border_width(0.0),
                );
            }
            plot.line(
                Line::new("monthly cost", cost_steps(timeline))
                    .allow_band(false)
                    .color(text_color)
                    .width(2.0),
            );
            let spend: Vec<[f64; 2]> = timeline
                .months
                .iter()
                .map(|m| [f64::from(m.month), m.spend_before_usd / scale])
                .collect();
            plot.line(
                Line::new("spent so far", spend)
                    .color(Color32::from_rgb(120, 120, 120))
                    .style(LineStyle::dashed_dense())
                    .width(1.5),
            );
            if let Some(budget) = budget {
                plot.hline(
                    HLine::new(format!("budget {}/month", usd(budget)), budget)
                        .color(over_color)
                        .style(LineStyle::dashed_loose()),
                );
            }
            let mut runouts: Vec<(usize, f64, NaiveDate)> = timeline
                .phases
                .iter()
                .enumerate()
                .filter_map(|(p, t)| t.runout.map(|r| (p, r.months, r.date)))
                .collect();
            runouts.sort_by(|a, b| a.1.total_cmp(&b.1));
            for (k, (p, months, date)) in runouts.into_iter().enumerate() {
                let color = phase_color(p);
                plot.vline(VLine::new("", months).color(color).width(1.5));
                plot.text(
                    Text::new(
                        "",
                        // Staggered so that close run-outs do not overlap.
                        PlotPoint::new(months, top * (1.0 - 0.08 * (k % 4) as f64)),
                        RichText::new(format!(
                            " {} runs out {} ",
                            phase_names[p],
                            format::date(date)
                        ))
                        .small()
                        .color(color),
                    )
                    // Right of the marker in the first half, left of it in the second.
                    .anchor(if months < horizon / 2.0 {
                        egui::Align2::LEFT_TOP
                    } else {
                        egui::Align2::RIGHT_TOP
                    }),
                );
            }
        })
        .response
}

/// The Scenarios tab: the comparison table and every scenario's cost line (the chart's
/// response returned; `None` when there is no comparison).
pub fn scenarios_ui(ui: &mut Ui, document: &mut Document) -> Option<Response> {
    let phase_names: Vec<String> = document.model().phase_names();
    let comparison = match document.comparison() {
        Ok(comparison) => comparison,
        Err(message) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
            return None;
        }
    };
    if comparison.runs.len() < 2 {
        ui.label("This plan has no scenarios: add some under `scenarios` in the plan file.");
    }
    let title = |name: &str| {
        if name == "plan" {
            "Plan".to_owned()
        } else {
            name.to_owned()
        }
    };
    let phase_or_none = |p: Option<usize>| p.map_or("no phase ok", |p| phase_names[p].as_str());
    egui::ScrollArea::horizontal()
        .id_salt("scenario-table")
        .show(ui, |ui| {
            egui::Grid::new("scenario-comparison")
                .striped(true)
                .spacing([24.0, 4.0])
                .show(ui, |ui| {
                    ui.label("");
                    for (r, run) in comparison.runs.iter().enumerate() {
                        ui.label(RichText::new(title(&run.name)).strong().color(run_color(r)))
                            .on_hover_text(&run.description);
                    }
                    ui.end_row();
                    ui.label("Phase switches");
                    for run in &comparison.runs {
                        let switches: Vec<String> = run
                            .timeline
                            .switches
                            .iter()
                            .map(|s| {
                                format!("{} from {}", phase_or_none(s.to), format::date(s.date))
                            })
                            .collect();
                        ui.label(if switches.is_empty() {
                            "none".to_owned()
                        } else {
                            switches.join("\n")
                        });
                    }
                    ui.end_row();
                    for (k, month) in COMPARISON_MONTHS.iter().enumerate() {
                        ui.label(format!("Cost at {month} months"));
                        for run in &comparison.runs {
                            ui.label(
                                run.costs_compared()[k]
                                    .map_or("—".to_owned(), |c| format!("{}/month", usd(c))),
                            );
                        }
                        ui.end_row();
                    }
                    ui.label(format!(
                        "Total spend ({} months)",
                        comparison.runs[0].timeline.horizon_months
                    ));
                    for run in &comparison.runs {
                        ui.label(RichText::new(usd(run.timeline.total_spend_usd)).strong());
                    }
                    ui.end_row();
                });
        });

    let start = comparison.runs[0].timeline.start;
    let horizon = f64::from(comparison.runs[0].timeline.horizon_months);
    let response = date_plot("scenario-chart", start)
        .legend(
            Legend::default()
                .position(Corner::LeftTop)
                .follow_insertion_order(true),
        )
        .y_axis_label("USD per month")
        .y_axis_formatter(|mark, _| usd(mark.value))
        .include_x(0.0)
        .include_x(horizon)
        .include_y(0.0)
        .show(ui, |plot| {
            for (r, run) in comparison.runs.iter().enumerate() {
                plot.line(
                    Line::new(title(&run.name), cost_steps(&run.timeline))
                        .allow_band(false)
                        .color(run_color(r))
                        .width(2.0),
                );
            }
        })
        .response;
    Some(response)
}

/// Plan first in the neutral colour, then the palette.
fn run_color(run: usize) -> Color32 {
    if run == 0 {
        Color32::from_rgb(128, 128, 128)
    } else {
        phase_color(run - 1)
    }
}

/// The Sensitivity tab: tornado charts of the cost at the horizon and of the first
/// run-out, each driver value and growth rate at −10 % and +10 % (the charts'
/// responses returned).
pub fn sensitivity_ui(ui: &mut Ui, document: &mut Document) -> Vec<Response> {
    let driver_names: Vec<String> = document.model().driver_names();
    let phase_names: Vec<String> = document.model().phase_names();
    let sensitivity = match document.sensitivity() {
        Ok(sensitivity) => sensitivity,
        Err(message) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
            return Vec::new();
        }
    };
    if sensitivity.entries.is_empty() {
        ui.label("No driver value above 0 and no growth: nothing to vary.");
        return Vec::new();
    }
    let name = |e: &SensitivityEntry| match e.parameter {
        SensitivityParameter::Value => driver_names[e.driver].clone(),
        SensitivityParameter::Growth => format!("{} growth", driver_names[e.driver]),
    };
    let step = format::percent(SENSITIVITY_STEP);
    let horizon = sensitivity.base.horizon_months;
    // The first phase to run out in the unchanged timeline.
    let first = sensitivity
        .base
        .phases
        .iter()
        .enumerate()
        .filter_map(|(p, t)| t.runout.map(|r| (p, r)))
        .min_by(|a, b| a.1.months.total_cmp(&b.1.months));

    let mut by_cost: Vec<&SensitivityEntry> = sensitivity.entries.iter().collect();
    let cost_impact = |e: &SensitivityEntry| {
        e.low
            .cost_horizon_delta_usd
            .abs()
            .max(e.high.cost_horizon_delta_usd.abs())
    };
    by_cost.sort_by(|a, b| {
        cost_impact(b)
            .total_cmp(&cost_impact(a))
            .then(b.spend_impact_usd().total_cmp(&a.spend_impact_usd()))
    });
    let cost_rows: Vec<TornadoRow> = by_cost
        .iter()
        .map(|e| {
            (
                name(e),
                e.low.cost_horizon_delta_usd,
                e.high.cost_horizon_delta_usd,
            )
        })
        .collect();
    let runout_rows: Option<(String, Vec<TornadoRow>)> = first.map(|(p, runout)| {
        let delta = |e: &SensitivityEntry, low: bool| {
            let effect = if low { &e.low } else { &e.high };
            effect.runout_delta_months[p].unwrap_or(0.0)
        };
        let mut rows: Vec<TornadoRow> = sensitivity
            .entries
            .iter()
            .map(|e| (name(e), delta(e, true), delta(e, false)))
            .collect();
        rows.sort_by(|a, b| {
            b.1.abs()
                .max(b.2.abs())
                .total_cmp(&a.1.abs().max(a.2.abs()))
        });
        (
            format!(
                "{} runs out {}: change, months",
                phase_names[p],
                format::date(runout.date)
            ),
            rows,
        )
    });

    ui.label(format!(
        "Each driver value and growth rate at −{step} and +{step}, one at a time"
    ));
    ui.columns(if runout_rows.is_some() { 2 } else { 1 }, |columns| {
        columns[0].label(format!("Monthly cost at month {horizon}: change, USD"));
        let mut plots = vec![tornado_ui(
            &mut columns[0],
            "tornado-cost",
            &cost_rows,
            &step,
            usd,
        )];
        if let Some((title, rows)) = &runout_rows {
            columns[1].label(title);
            plots.push(tornado_ui(
                &mut columns[1],
                "tornado-runout",
                rows,
                &step,
                |m| format!("{m:+.2}"),
            ));
        }
        plots
    })
}

/// One row of a tornado: its name, the change at −10 % and at +10 %.
type TornadoRow = (String, f64, f64);

/// Horizontal bars around 0, largest first on top: `(name, low, high)` per row.
fn tornado_ui(
    ui: &mut Ui,
    id: &str,
    rows: &[TornadoRow],
    step: &str,
    value: fn(f64) -> String,
) -> Response {
    let count = rows.len();
    let y_of = |i: usize| (count - 1 - i) as f64;
    let low: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, (name, delta, _))| {
            Bar::new(y_of(i), *delta)
                .horizontal()
                .width(0.6)
                .name(format!("{name} −{step}: {}", value(*delta)))
        })
        .collect();
    let high: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, (name, _, delta))| {
            Bar::new(y_of(i), *delta)
                .horizontal()
                .width(0.6)
                .name(format!("{name} +{step}: {}", value(*delta)))
        })
        .collect();
    let widest = rows
        .iter()
        .fold(0.0_f64, |a, r| a.max(r.1.abs()).max(r.2.abs()))
        .max(1e-9);
    let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let text_color = ui.visuals().text_color();
    Plot::new(id)
        .legend(Legend::default().position(Corner::RightBottom))
        .x_axis_formatter(move |mark, _| value(mark.value))
        .show_axes([true, false])
        .show_grid([true, false])
        .include_x(-widest * 2.2)
        .include_x(widest * 1.6)
        .include_y(-0.6)
        .include_y(count as f64 - 0.4)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(format!("−{step}"), low)
                    .color(Color32::from_rgb(66, 133, 244))
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
            plot.bar_chart(
                BarChart::new(format!("+{step}"), high)
                    .color(Color32::from_rgb(234, 134, 0))
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
            // The change at the end of each bar (the axis alone is too coarse to read).
            for (i, (_, low, high)) in rows.iter().enumerate() {
                for delta in [*low, *high] {
                    if delta == 0.0 {
                        continue;
                    }
                    plot.text(
                        Text::new(
                            "",
                            PlotPoint::new(delta, y_of(i)),
                            RichText::new(format!(" {} ", value(delta))).small(),
                        )
                        .color(text_color)
                        .anchor(if delta > 0.0 {
                            egui::Align2::LEFT_CENTER
                        } else {
                            egui::Align2::RIGHT_CENTER
                        }),
                    );
                }
            }
            // Row names at the left edge.
            for (i, name) in names.iter().enumerate() {
                plot.text(
                    Text::new(
                        "",
                        PlotPoint::new(-widest * 2.15, y_of(i)),
                        RichText::new(name).small(),
                    )
                    .color(text_color)
                    .anchor(egui::Align2::LEFT_CENTER),
                );
            }
        })
        .response
}
