//! The cost breakdown of the focus phase: one horizontal bar per cost item, largest
//! items as the model lists them, coloured by kind (node group, service, usage), the
//! amount written at each bar's end.

use super::canvas::{Anchor, Canvas, Dash, Font, phase_color};
use super::frame::{Axis, Frame, LegendEntry, Swatch};
use super::labels::{money_tick, money_unit, subtitle};
use super::{ChartKind, ChartStyle, ticks};
use crate::export::ReportData;
use crate::format::usd;
use crate::report::cost_item_name;

/// The kinds of cost items, their legend names and colours (as in the window).
const KINDS: [(&str, &str); 3] = [
    ("group", "node groups"),
    ("service", "services"),
    ("usage", "usage"),
];

/// The focus phase's cost items as horizontal bars.
pub(super) fn draw(data: &ReportData, style: &ChartStyle) -> String {
    let phase = data.focus_phase;
    let phase_model = &data.model.phases[phase];
    let evaluation = &data.evaluation.phases[phase];
    let factor = style.period.months();
    let unit = money_unit(style.period);
    let title = format!("Cost breakdown of {}", phase_model.name);
    let mut canvas = Canvas::new(ChartKind::Breakdown, style, &title);
    let s = canvas.sizes;
    let c = canvas.colors;
    let rows: Vec<(&str, usize, f64)> = evaluation
        .costs
        .iter()
        .map(|line| {
            let (name, kind) = cost_item_name(phase_model, line.item);
            let slot = KINDS.iter().position(|k| k.0 == kind).unwrap_or(2);
            (name, slot, line.monthly_usd * factor)
        })
        .collect();
    let count = rows.len().max(1);
    // Row labels shrink when there are many rows.
    let row_room = (canvas.height * 0.6) / count as f64;
    let font = Font::new(s.tick.min(row_room * 0.62), c.text);
    let left_labels = rows
        .iter()
        .map(|r| font.width(r.0))
        .fold(0.0, f64::max)
        .min(canvas.width * 0.3);
    let widest = rows.iter().fold(0.0_f64, |a, r| a.max(r.2));
    let value_room = rows
        .iter()
        .map(|r| font.width(&usd(r.2)))
        .fold(0.0, f64::max)
        + 2.0 * s.gap;
    // Room right of the longest bars for their amounts.
    let plot_width = (canvas.width - 2.0 * s.margin - left_labels - s.gap).max(1.0);
    let x_max = if widest > 0.0 {
        widest * plot_width / (plot_width - value_room).max(plot_width * 0.3)
    } else {
        1.0
    };
    let x_ticks = |n: usize| {
        ticks::linear(0.0, x_max, n)
            .into_iter()
            .map(|v| (v, money_tick(v, x_max)))
            .collect()
    };
    let legend = KINDS
        .iter()
        .enumerate()
        .filter(|(slot, _)| rows.iter().any(|r| r.1 == *slot))
        .map(|(slot, (_, name))| LegendEntry {
            name: (*name).to_owned(),
            color: phase_color(slot),
            swatch: Swatch::Box,
        })
        .collect();
    let plot = Frame {
        title,
        subtitle: format!(
            "{} in total · {}",
            usd(evaluation.monthly_cost_usd * factor),
            subtitle(data)
        ),
        x: Axis::linear(format!("cost, {unit}"), 0.0, x_max),
        x_ticks: &x_ticks,
        y: Axis::linear("", 0.0, count as f64),
        y_ticks: Vec::new(),
        y2: None,
        legend,
        markers: Vec::new(),
        left_labels,
        right_labels: 0.0,
        x_grid: true,
    }
    .draw(&mut canvas);
    if rows.is_empty() {
        let font = Font::new(s.label, c.muted).anchor(Anchor::Middle);
        canvas.text(
            (plot.left + plot.right) / 2.0,
            (plot.top + plot.bottom) / 2.0,
            "no cost items",
            font,
        );
    }
    let row_height = plot.height() / count as f64;
    let bar = row_height * 0.7;
    for (i, (name, slot, value)) in rows.iter().enumerate() {
        let middle = plot.top + (i as f64 + 0.5) * row_height;
        let (x0, x1) = (plot.px(0.0), plot.px(*value));
        canvas.rect(
            x0,
            middle - bar / 2.0,
            x1 - x0,
            bar,
            phase_color(*slot),
            1.0,
        );
        let baseline = middle + font.size * 0.35;
        let label = font.fit(name, left_labels);
        canvas.text(
            plot.left - s.gap,
            baseline,
            &label,
            font.anchor(Anchor::End),
        );
        canvas.text(x1 + s.gap, baseline, &usd(*value), font);
    }
    // The zero line over the bars' starts.
    canvas.line(
        (plot.left, plot.top),
        (plot.left, plot.bottom),
        c.axis,
        1.5 * s.scale.max(0.7),
        Dash::Solid,
    );
    canvas.finish()
}
