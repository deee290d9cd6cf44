//! The sensitivity tornado: the change of total spend over the horizon when each
//! driver value and growth rate moves by −10 % and +10 %, one at a time, in the
//! model's order (largest impact first).

use super::canvas::{Anchor, Canvas, Dash, Font, phase_color};
use super::frame::{Axis, Frame, LegendEntry, Swatch};
use super::labels::subtitle;
use super::{ChartKind, ChartStyle, ticks};
use crate::export::ReportData;
use crate::format::{percent, usd};
use crate::model::SensitivityParameter;

/// A change of spend with its sign: `+$1,200`, `-$300`, `$0`.
fn signed_usd(value: f64) -> String {
    if value > 0.0 {
        format!("+{}", usd(value))
    } else {
        usd(value)
    }
}

/// The tornado of total spend. `None` without a sensitivity analysis.
pub(super) fn draw(data: &ReportData, style: &ChartStyle) -> Option<String> {
    let sensitivity = data.sensitivity.as_ref()?;
    let step = percent(sensitivity.step);
    let horizon = sensitivity.base.horizon_months;
    let title = format!("Sensitivity: total spend at −{step} and +{step}");
    let mut canvas = Canvas::new(ChartKind::Sensitivity, style, &title);
    let s = canvas.sizes;
    let c = canvas.colors;
    let rows: Vec<(String, f64, f64)> = sensitivity
        .entries
        .iter()
        .map(|e| {
            let driver = &data.model.drivers[e.driver].name;
            let name = match e.parameter {
                SensitivityParameter::Value => format!("{driver} value"),
                SensitivityParameter::Growth => format!("{driver} growth"),
            };
            (
                name,
                e.low.total_spend_delta_usd,
                e.high.total_spend_delta_usd,
            )
        })
        .collect();
    let count = rows.len().max(1);
    let row_room = (canvas.height * 0.6) / count as f64;
    let font = Font::new(s.tick.min(row_room * 0.5), c.text);
    let left_labels = rows
        .iter()
        .map(|r| font.width(&r.0))
        .fold(0.0, f64::max)
        .min(canvas.width * 0.25);
    let lo = rows.iter().fold(0.0_f64, |a, r| a.min(r.1).min(r.2));
    let hi = rows.iter().fold(0.0_f64, |a, r| a.max(r.1).max(r.2));
    let (lo, hi) = if hi - lo > 0.0 { (lo, hi) } else { (0.0, 1.0) };
    let value_room = rows
        .iter()
        .flat_map(|r| [signed_usd(r.1), signed_usd(r.2)])
        .map(|t| font.width(&t))
        .fold(0.0, f64::max)
        + 2.0 * s.gap;
    // Room beyond the longest bars for their amounts, on each side that has bars.
    let plot_width = (canvas.width - 2.0 * s.margin - left_labels - s.gap).max(1.0);
    let sides = f64::from(u8::from(lo < 0.0) + u8::from(hi > 0.0));
    let per_px = (hi - lo) / (plot_width - sides * value_room).max(plot_width * 0.3);
    let x_min = if lo < 0.0 {
        lo - value_room * per_px
    } else {
        0.0
    };
    let x_max = if hi > 0.0 {
        hi + value_room * per_px
    } else {
        0.0
    };
    let x_ticks = |n: usize| {
        ticks::linear(x_min, x_max, n)
            .into_iter()
            .map(|v| (v, signed_usd(v)))
            .collect()
    };
    let low_color = phase_color(0);
    let high_color = phase_color(1);
    let plot = Frame {
        title,
        subtitle: format!(
            "{} spent over {horizon} months · one driver figure at a time · {}",
            usd(sensitivity.base.total_spend_usd),
            subtitle(data)
        ),
        x: Axis::linear(
            format!("change of total spend over {horizon} months, USD"),
            x_min,
            x_max,
        ),
        x_ticks: &x_ticks,
        y: Axis::linear("", 0.0, count as f64),
        y_ticks: Vec::new(),
        y2: None,
        legend: vec![
            LegendEntry {
                name: format!("−{step}"),
                color: low_color,
                swatch: Swatch::Box,
            },
            LegendEntry {
                name: format!("+{step}"),
                color: high_color,
                swatch: Swatch::Box,
            },
        ],
        markers: Vec::new(),
        left_labels,
        right_labels: 0.0,
        x_grid: true,
    }
    .draw(&mut canvas);
    if rows.is_empty() {
        canvas.text(
            (plot.left + plot.right) / 2.0,
            (plot.top + plot.bottom) / 2.0,
            "no driver value above 0 and no growth: nothing to vary",
            Font::new(s.label, c.muted).anchor(Anchor::Middle),
        );
    }
    let row_height = plot.height() / count as f64;
    let bar = row_height * 0.36;
    let zero = plot.px(0.0);
    for (i, (name, low, high)) in rows.iter().enumerate() {
        let middle = plot.top + (i as f64 + 0.5) * row_height;
        let label = font.fit(name, left_labels);
        canvas.text(
            plot.left - s.gap,
            middle + font.size * 0.35,
            &label,
            font.anchor(Anchor::End),
        );
        for (delta, color, y) in [(*low, low_color, middle - bar), (*high, high_color, middle)] {
            let end = plot.px(delta);
            canvas.rect(zero, y, end - zero, bar, color, 1.0);
            let baseline = y + bar / 2.0 + font.size * 0.35;
            if delta >= 0.0 {
                canvas.text(end + s.gap * 0.6, baseline, &signed_usd(delta), font);
            } else {
                let font = font.anchor(Anchor::End);
                canvas.text(end - s.gap * 0.6, baseline, &signed_usd(delta), font);
            }
        }
    }
    canvas.line(
        (zero, plot.top),
        (zero, plot.bottom),
        c.axis,
        1.5 * s.scale.max(0.7),
        Dash::Solid,
    );
    Some(canvas.finish())
}
