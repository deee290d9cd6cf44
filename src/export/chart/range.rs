//! The range charts: monthly cost and bottleneck utilization of every phase across the
//! swept driver, the current value marked (as the window's Cost and Utilization tabs).

use super::canvas::{Anchor, Canvas, Dash, Font, phase_color};
use super::frame::{Axis, Frame, LegendEntry, Marker, Plot, Swatch, spread};
use super::labels::{driver_axis, driver_ticks, money_ticks, money_unit, subtitle};
use super::{ChartKind, ChartStyle};
use crate::export::ReportData;
use crate::format::{percent, quantity};

/// The top of the utilization axis: lines past 150 % leave the chart (they are over).
const UTILIZATION_TOP: f64 = 1.5;

/// One line per phase across the sweep, with its legend entry.
fn phase_legend(data: &ReportData) -> Vec<LegendEntry> {
    data.model
        .phases
        .iter()
        .enumerate()
        .map(|(p, phase)| LegendEntry {
            name: phase.name.clone(),
            color: phase_color(p),
            swatch: Swatch::Line(Dash::Solid),
        })
        .collect()
}

/// The current driver value, marked.
fn current_marker(data: &ReportData, canvas: &Canvas) -> Marker {
    let sweep = &data.sweep;
    let info = &data.model.drivers[sweep.driver];
    let value = data.drivers[sweep.driver];
    Marker {
        x: value,
        label: format!("now: {} {}", quantity(value), info.name),
        color: canvas.colors.text,
        dash: Dash::Solid,
    }
}

/// Every phase's series drawn as lines, clipped to the plot.
fn lines(canvas: &mut Canvas, plot: &Plot, data: &ReportData, series: &[Vec<f64>], factor: f64) {
    canvas.begin_clip(plot.left, plot.top - 2.0, plot.width(), plot.height() + 4.0);
    for (p, values) in series.iter().enumerate() {
        let points: Vec<(f64, f64)> = data
            .sweep
            .values
            .iter()
            .zip(values)
            .map(|(&x, &y)| (plot.px(x), plot.py(y * factor)))
            .collect();
        canvas.polyline(&points, phase_color(p), canvas.sizes.line, Dash::Solid);
    }
    canvas.end_clip();
}

fn x_axis(data: &ReportData) -> Axis {
    let sweep = &data.sweep;
    let lo = sweep.values.first().copied().unwrap_or(0.0);
    let hi = sweep.values.last().copied().unwrap_or(1.0);
    let mut axis = Axis::linear(driver_axis(data, sweep), lo, hi);
    axis.log = sweep.log;
    axis
}

/// Monthly (or yearly) cost of every phase across the swept driver; where the
/// recommended phase changes, a dashed line.
pub(super) fn cost(data: &ReportData, style: &ChartStyle) -> String {
    let sweep = &data.sweep;
    let factor = style.period.months();
    let unit = money_unit(style.period);
    let info = &data.model.drivers[sweep.driver];
    let title = format!("Cost per phase across {}", info.name);
    let mut canvas = Canvas::new(ChartKind::Cost, style, &title);
    let top = sweep
        .monthly_cost_usd
        .iter()
        .flatten()
        .fold(0.0_f64, |a, &b| a.max(b))
        * factor;
    let (y_ticks, step, count) = money_ticks(top);
    let mut markers = vec![current_marker(data, &canvas)];
    for (value, phase) in &sweep.changes {
        let (label, color) = match phase {
            Some(p) => (
                format!("{} from {}", data.model.phases[*p].name, quantity(*value)),
                phase_color(*p),
            ),
            None => (
                format!("no phase ok from {}", quantity(*value)),
                canvas.colors.over,
            ),
        };
        markers.push(Marker {
            x: *value,
            label,
            color,
            dash: Dash::Dashed,
        });
    }
    let x_ticks = |n: usize| driver_ticks(sweep, n);
    let plot = Frame {
        title,
        subtitle: subtitle(data),
        x: x_axis(data),
        x_ticks: &x_ticks,
        y: Axis::linear(format!("cost, {unit}"), 0.0, step * count as f64),
        y_ticks,
        y2: None,
        legend: phase_legend(data),
        markers,
        left_labels: 0.0,
        right_labels: 0.0,
        x_grid: true,
    }
    .draw(&mut canvas);
    lines(&mut canvas, &plot, data, &sweep.monthly_cost_usd, factor);
    canvas.finish()
}

/// "warn 80 %", with the resources when thresholds differ between them.
fn threshold_label(kind: &str, value: f64, resources: &[String], distinct: usize) -> String {
    if distinct > 1 && resources.len() <= 2 {
        format!("{kind} {} ({})", percent(value), resources.join(", "))
    } else {
        format!("{kind} {}", percent(value))
    }
}

/// Utilization of every phase's bottleneck across the swept driver, 0–150 %, with
/// the warn and critical thresholds of the plan's resources.
pub(super) fn utilization(data: &ReportData, style: &ChartStyle) -> String {
    let sweep = &data.sweep;
    let info = &data.model.drivers[sweep.driver];
    let title = format!("Bottleneck utilization across {}", info.name);
    let mut canvas = Canvas::new(ChartKind::Utilization, style, &title);
    let s = canvas.sizes;
    let c = canvas.colors;
    let (warns, criticals) = data.model.distinct_thresholds();
    let mut thresholds: Vec<(f64, String, super::canvas::Rgb)> = Vec::new();
    for (value, resources) in &warns {
        let label = threshold_label("warn", *value, resources, warns.len());
        thresholds.push((*value, label, c.warn));
    }
    for (value, resources) in &criticals {
        let label = threshold_label("critical", *value, resources, criticals.len());
        thresholds.push((*value, label, c.over));
    }
    thresholds.retain(|t| t.0 <= UTILIZATION_TOP);
    let font = Font::new(s.tick, c.text);
    let right_labels = thresholds
        .iter()
        .map(|t| font.width(&t.1))
        .fold(0.0, f64::max)
        .min(canvas.width * 0.25);
    let right_labels = if right_labels > 0.0 {
        right_labels + s.gap * 1.5
    } else {
        0.0
    };
    let y_ticks = (0..=6)
        .map(|k| {
            let v = f64::from(k) * 0.25;
            (v, percent(v))
        })
        .collect();
    let x_ticks = |n: usize| driver_ticks(sweep, n);
    let plot = Frame {
        title,
        subtitle: subtitle(data),
        x: x_axis(data),
        x_ticks: &x_ticks,
        y: Axis::linear("utilization of the bottleneck", 0.0, UTILIZATION_TOP),
        y_ticks,
        y2: None,
        legend: phase_legend(data),
        markers: vec![current_marker(data, &canvas)],
        left_labels: 0.0,
        right_labels,
        x_grid: true,
    }
    .draw(&mut canvas);
    // Thresholds: a dashed line across, named in the right margin.
    thresholds.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut rows: Vec<f64> = thresholds
        .iter()
        .map(|t| plot.py(t.0) + s.tick * 0.35)
        .collect();
    spread(&mut rows, s.tick * 1.15, plot.top + s.tick, plot.bottom);
    for ((value, label, color), row) in thresholds.iter().zip(rows) {
        let y = plot.py(*value);
        canvas.line(
            (plot.left, y),
            (plot.right, y),
            *color,
            s.line * 0.6,
            Dash::Dashed,
        );
        let text = font.fit(label, right_labels - s.gap * 1.5);
        let font = Font {
            color: *color,
            ..font.anchor(Anchor::Start)
        };
        canvas.text(plot.right + s.gap, row, &text, font);
    }
    lines(&mut canvas, &plot, data, &sweep.bottleneck_utilization, 1.0);
    canvas.finish()
}
