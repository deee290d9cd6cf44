//! Charts (egui_plot): the monthly cost of every phase across one driver's range,
//! the utilization of each phase's bottleneck with the thresholds, and the cost
//! breakdown of the selected phase. The sweep is cached in the document.

use egui::{Color32, RichText, Ui};
use egui_plot::{
    Bar, BarChart, Corner, GridInput, GridMark, HLine, Legend, Line, LineStyle, Plot, PlotPoint,
    PlotUi, Text, VLine,
};
use serde::{Deserialize, Serialize};

use super::chart_menu::{ChartRequest, chart_menu};
use super::timeline::{TimelinePanel, scenarios_ui, sensitivity_ui};
use crate::app::state::Document;
use crate::app::theme::status_color;
use crate::export::ChartKind;
use crate::format::{percent, quantity, usd};
use crate::model::{Status, Sweep};
use crate::report::cost_item_name;

/// Which chart is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ChartTab {
    /// Monthly cost of every phase across the driver's range.
    #[default]
    Cost,
    /// Utilization of every phase's bottleneck across the range.
    Utilization,
    /// Cost breakdown of the selected phase.
    Breakdown,
    /// The plan over time: phase bands, cost, spend, budget, run-outs.
    Timeline,
    /// Scenarios side by side.
    Scenarios,
    /// Tornado of cost and run-out against every driver value and growth rate.
    Sensitivity,
}

impl ChartTab {
    /// Whether the tab plots across one driver's range (and shows the driver picker).
    fn sweeps(self) -> bool {
        matches!(self, Self::Cost | Self::Utilization)
    }
}

/// The charts' settings (remembered between runs).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartsPanel {
    /// The chart shown.
    pub tab: ChartTab,
    /// The swept driver, by name (the plan's main driver when unset or unknown).
    pub driver: Option<String>,
    /// The timeline controls' typing state.
    #[serde(skip)]
    pub timeline: TimelinePanel,
}

/// A distinct colour per phase, stable across charts and the same as in exports.
pub(crate) fn phase_color(index: usize) -> Color32 {
    let [r, g, b] = crate::export::chart::phase_rgb(index);
    Color32::from_rgb(r, g, b)
}

/// Where on the x axis a driver value sits (log10 of it on a log sweep).
fn x_of(sweep: &Sweep, value: f64) -> f64 {
    if sweep.log {
        value.max(f64::MIN_POSITIVE).log10()
    } else {
        value
    }
}

/// The driver value at an x position.
/// The plot a hover label is about (empty away from data) and the point under it.
pub(super) fn hovered<'a>(hover: &egui_plot::HoverPosition<'a>) -> (&'a str, egui_plot::PlotPoint) {
    match hover {
        egui_plot::HoverPosition::NearDataPoint {
            plot_name,
            position,
            ..
        } => (plot_name, *position),
        egui_plot::HoverPosition::Elsewhere { position } => ("", *position),
    }
}

/// Whether a plot's hover label may show: not while a popup is open (a chart's context
/// menu opened at the pointer would otherwise stay hidden behind the label's tooltip).
pub(super) fn hover_label_allowed(ctx: &egui::Context) -> bool {
    !egui::Popup::is_any_open(ctx)
}

fn value_of(log: bool, x: f64) -> f64 {
    if log { 10f64.powf(x) } else { x }
}

/// Grid marks at 1, 2 and 5 × 10^k on a log10 axis.
fn log_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let mut marks = Vec::new();
    let decades = hi - lo;
    let mut k = lo.floor() as i32 - 1;
    while f64::from(k) <= hi {
        for (factor, step) in [(1.0_f64, 1.0), (2.0, 0.3), (5.0, 0.3)] {
            if decades > 6.0 && factor != 1.0 {
                continue;
            }
            let x = f64::from(k) + factor.log10();
            if (lo..=hi).contains(&x) {
                marks.push(GridMark {
                    value: x,
                    step_size: step,
                });
            }
        }
        k += 1;
    }
    marks
}

impl ChartsPanel {
    /// The driver the range charts sweep: the picked one when the plan declares it,
    /// else the plan's main driver.
    pub fn driver_index(&self, model: &crate::model::Model) -> usize {
        self.driver
            .as_deref()
            .and_then(|name| model.driver_index(name))
            .filter(|&i| model.drivers[i].declared)
            .unwrap_or(model.main_driver)
    }

    /// The phase the breakdown shows: the selected one, else the recommended, else the first.
    pub fn breakdown_phase(document: &Document, selected: Option<usize>) -> usize {
        selected
            .filter(|&p| p < document.model().phases.len())
            .or(document.evaluation().recommended)
            .unwrap_or(0)
    }

    /// Draws the tabs and the chosen chart. `selected` is the phase for the breakdown.
    /// Returns what was asked in a chart's context menu.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        document: &mut Document,
        selected: Option<usize>,
    ) -> Option<ChartRequest> {
        let declared: Vec<usize> = (0..document.model().drivers.len())
            .filter(|&i| document.model().drivers[i].declared)
            .collect();
        let driver = self.driver_index(document.model());
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tab, ChartTab::Cost, "Cost across range");
            ui.selectable_value(
                &mut self.tab,
                ChartTab::Utilization,
                "Bottleneck utilization",
            );
            ui.selectable_value(&mut self.tab, ChartTab::Breakdown, "Cost breakdown");
            ui.selectable_value(&mut self.tab, ChartTab::Timeline, "Timeline");
            ui.selectable_value(&mut self.tab, ChartTab::Scenarios, "Scenarios");
            ui.selectable_value(&mut self.tab, ChartTab::Sensitivity, "Sensitivity");
            ui.separator();
            if self.tab.sweeps() {
                ui.label("Driver:");
                let mut chosen = driver;
                egui::ComboBox::from_id_salt("chart-driver")
                    .selected_text(&document.model().drivers[driver].name)
                    .show_ui(ui, |ui| {
                        for &d in &declared {
                            ui.selectable_value(&mut chosen, d, &document.model().drivers[d].name);
                        }
                    })
                    .response
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::accesskit::Role::ComboBox,
                            true,
                            "Chart driver",
                        )
                    });
                if chosen != driver {
                    self.driver = Some(document.model().drivers[chosen].name.clone());
                }
            }
        });
        let mut request = None;
        let (kind, plots) = match self.tab {
            ChartTab::Cost => (ChartKind::Cost, vec![cost_chart_ui(ui, document, driver)]),
            ChartTab::Utilization => (
                ChartKind::Utilization,
                vec![utilization_chart_ui(ui, document, driver)],
            ),
            ChartTab::Breakdown => {
                let phase = Self::breakdown_phase(document, selected);
                (
                    ChartKind::Breakdown,
                    vec![breakdown_chart_ui(ui, document, phase)],
                )
            }
            ChartTab::Timeline => (
                ChartKind::Timeline,
                self.timeline
                    .timeline_ui(ui, document)
                    .into_iter()
                    .collect(),
            ),
            ChartTab::Scenarios => (
                ChartKind::Scenarios,
                scenarios_ui(ui, document).into_iter().collect(),
            ),
            ChartTab::Sensitivity => (ChartKind::Sensitivity, sensitivity_ui(ui, document)),
        };
        for plot in &plots {
            chart_menu(plot, kind, &mut request);
        }
        request
    }
}

/// A plot over a driver's range with readable ticks and the current value marked.
fn range_plot<'a>(
    id: &'a str,
    sweep: &Sweep,
    unit: &str,
    y_label: &'a str,
    legend: Corner,
) -> Plot<'a> {
    let log = sweep.log;
    let mut plot = Plot::new(id)
        .legend(
            Legend::default()
                .position(legend)
                .follow_insertion_order(true),
        )
        .x_axis_label(if unit.is_empty() {
            "driver".to_owned()
        } else {
            unit.to_owned()
        })
        .y_axis_label(y_label)
        .x_axis_formatter(move |mark, _| quantity(value_of(log, mark.value)))
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false);
    if log {
        plot = plot.x_grid_spacer(log_marks);
    }
    plot
}

/// One line per phase of a `[phase][point]` series across the sweep.
fn phase_lines(plot: &mut PlotUi<'_>, sweep: &Sweep, series: &[Vec<f64>], names: &[String]) {
    for (p, values) in series.iter().enumerate() {
        let points: Vec<[f64; 2]> = sweep
            .values
            .iter()
            .zip(values)
            .map(|(&v, &y)| [x_of(sweep, v), y])
            .collect();
        plot.line(
            Line::new(&names[p], points)
                .color(phase_color(p))
                .width(2.0),
        );
    }
}

/// The swept driver's current value, a grey vertical line named in the legend.
fn current_line(plot: &mut PlotUi<'_>, sweep: &Sweep, current: f64) {
    plot.vline(
        VLine::new(
            format!("current {}", quantity(current)),
            x_of(sweep, current),
        )
        .color(Color32::GRAY)
        .width(1.5),
    );
}

fn cost_chart_ui(ui: &mut Ui, document: &mut Document, driver: usize) -> egui::Response {
    let current = document.drivers()[driver];
    let info = document.model().drivers[driver].clone();
    let names: Vec<String> = document.model().phase_names();
    let sweep = document.sweep(driver);
    let log = sweep.log;
    let name = info.name.clone();
    let ctx = ui.ctx().clone();
    range_plot(
        "cost-chart",
        sweep,
        &format!("{} ({})", info.name, info.unit),
        "USD per month",
        Corner::LeftTop,
    )
    .y_axis_formatter(|mark, _| usd(mark.value))
    .include_y(0.0)
    .label_formatter(move |hover| {
        if !hover_label_allowed(&ctx) {
            return None;
        }
        let (name_of, position) = hovered(hover);
        Some(format!(
            "{name_of}\n{name} {}\n{}/month",
            quantity(value_of(log, position.x)),
            usd(position.y)
        ))
    })
    .show(ui, |plot| {
        phase_lines(plot, sweep, &sweep.monthly_cost_usd, &names);
        current_line(plot, sweep, current);
        // Where the recommended phase changes: a dashed line and a label at the top
        // (unnamed, so the legend lists only the phases).
        let top = sweep
            .monthly_cost_usd
            .iter()
            .flatten()
            .fold(0.0_f64, |a, &b| a.max(b));
        for (k, (value, phase)) in sweep.changes.iter().enumerate() {
            let (label, color) = match phase {
                Some(p) => (
                    format!("{} from {}", names[*p], quantity(*value)),
                    phase_color(*p),
                ),
                None => (format!("none ok from {}", quantity(*value)), Color32::RED),
            };
            let x = x_of(sweep, *value);
            plot.vline(
                VLine::new("", x)
                    .color(color)
                    .style(LineStyle::dashed_loose()),
            );
            plot.text(
                Text::new(
                    "",
                    // Staggered in three rows so that close changes do not overlap.
                    PlotPoint::new(x, top * (1.0 - 0.08 * (k % 3) as f64)),
                    RichText::new(label).small().color(color),
                )
                .anchor(egui::Align2::LEFT_TOP),
            );
        }
    })
    .response
}

fn utilization_chart_ui(ui: &mut Ui, document: &mut Document, driver: usize) -> egui::Response {
    let current = document.drivers()[driver];
    let info = document.model().drivers[driver].clone();
    let names: Vec<String> = document.model().phase_names();
    let (warns, criticals) = document.model().distinct_thresholds();
    let warn_color = status_color(ui, Status::Warn);
    let over_color = status_color(ui, Status::Over);
    let sweep = document.sweep(driver);
    let log = sweep.log;
    let name = info.name.clone();
    let ctx = ui.ctx().clone();
    range_plot(
        "utilization-chart",
        sweep,
        &format!("{} ({})", info.name, info.unit),
        "bottleneck utilization",
        Corner::RightBottom,
    )
    .y_axis_formatter(|mark, _| percent(mark.value))
    .include_y(0.0)
    .include_y(1.0)
    .label_formatter(move |hover| {
        if !hover_label_allowed(&ctx) {
            return None;
        }
        let (name_of, position) = hovered(hover);
        Some(format!(
            "{name_of}\n{name} {}\n{}",
            quantity(value_of(log, position.x)),
            percent(position.y)
        ))
    })
    .show(ui, |plot| {
        // 0–150 %: the thresholds stay readable; a line leaving the top is over.
        plot.set_plot_bounds_y(0.0..=1.5);
        phase_lines(plot, sweep, &sweep.bottleneck_utilization, &names);
        for (value, resources) in &warns {
            plot.hline(
                HLine::new(
                    threshold_name("warn", *value, resources, warns.len()),
                    *value,
                )
                .color(warn_color)
                .style(LineStyle::dashed_dense()),
            );
        }
        for (value, resources) in &criticals {
            plot.hline(
                HLine::new(
                    threshold_name("critical", *value, resources, criticals.len()),
                    *value,
                )
                .color(over_color)
                .style(LineStyle::dashed_dense()),
            );
        }
        current_line(plot, sweep, current);
    })
    .response
}

/// "warn 80 % (ram)"; the resources are named only when thresholds differ.
fn threshold_name(kind: &str, value: f64, resources: &[String], distinct: usize) -> String {
    if distinct > 1 && resources.len() <= 2 {
        format!("{kind} {} ({})", percent(value), resources.join(", "))
    } else {
        format!("{kind} {}", percent(value))
    }
}

fn breakdown_chart_ui(ui: &mut Ui, document: &Document, phase: usize) -> egui::Response {
    let phase_model = &document.model().phases[phase];
    let eval = &document.evaluation().phases[phase];
    ui.label(format!(
        "{}: {}/month — click a phase name to show its breakdown",
        phase_model.name,
        usd(eval.monthly_cost_usd)
    ));
    let text_color = ui.visuals().text_color();
    // Horizontal bars, first item on top, one chart per kind (the legend names them).
    let count = eval.costs.len();
    let mut kinds: [(&str, Color32, Vec<Bar>); 3] = [
        ("node groups", phase_color(0), Vec::new()),
        ("services", phase_color(1), Vec::new()),
        ("usage", phase_color(2), Vec::new()),
    ];
    let mut labels = Vec::with_capacity(count);
    for (i, line) in eval.costs.iter().enumerate() {
        let (name, kind) = cost_item_name(phase_model, line.item);
        let y = (count - 1 - i) as f64;
        let slot = match kind {
            "group" => 0,
            "service" => 1,
            _ => 2,
        };
        let label = format!("{name}: {}", usd(line.monthly_usd));
        kinds[slot].2.push(
            Bar::new(y, line.monthly_usd)
                .horizontal()
                .name(&label)
                .fill(kinds[slot].1)
                .width(0.7),
        );
        labels.push((y, line.monthly_usd, label));
    }
    let widest = eval.costs.iter().fold(0.0_f64, |a, l| a.max(l.monthly_usd));
    Plot::new("breakdown-chart")
        .legend(Legend::default().position(Corner::RightBottom))
        .x_axis_label("USD per month")
        .x_axis_formatter(|mark, _| usd(mark.value))
        .show_axes([true, false])
        .show_grid([true, false])
        .include_x(0.0)
        // Room on the right for the labels of the longest bars.
        .include_x(widest * 1.45)
        .include_y(-0.6)
        .include_y(count as f64 - 0.4)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .show(ui, |plot| {
            for (name, color, bars) in kinds {
                if !bars.is_empty() {
                    plot.bar_chart(
                        BarChart::new(name, bars)
                            .color(color)
                            .element_formatter(Box::new(|bar, _| bar.name.clone())),
                    );
                }
            }
            for (y, value, label) in labels {
                plot.text(
                    Text::new(
                        "",
                        PlotPoint::new(value, y),
                        RichText::new(format!("  {label}")).small(),
                    )
                    .color(text_color)
                    .anchor(egui::Align2::LEFT_CENTER),
                );
            }
        })
        .response
}
