//! The charts over time: the timeline (phase bands, the monthly cost, the spend so far
//! on its own axis, the budget, run-out dates) and the scenarios side by side (as the
//! window's Timeline and Scenarios tabs).

use super::canvas::{Anchor, Canvas, Dash, Font, Rgb, phase_color};
use super::frame::{Axis, Frame, LegendEntry, Marker, Plot, Swatch, spread};
use super::labels::{money_tick, money_ticks, money_unit, subtitle};
use super::{ChartKind, ChartStyle, ticks};
use crate::export::ReportData;
use crate::format::{date, usd};
use crate::model::Timeline;

/// The x ticks of a timeline: month steps labelled "Jan 2027".
fn month_ticks(timeline: &Timeline, n: usize) -> Vec<(f64, String)> {
    ticks::months(timeline.horizon_months, n)
        .into_iter()
        .filter_map(|m| {
            let month = timeline.months.get(m as usize)?;
            Some((f64::from(m), month.date.format("%b %Y").to_string()))
        })
        .collect()
}

/// The monthly cost as billed: month `m` at boundary `m`'s cost, a step per month,
/// then the run rate at the horizon's end.
fn cost_steps(timeline: &Timeline, plot: &Plot, factor: f64) -> Vec<(f64, f64)> {
    let horizon = timeline.horizon_months as usize;
    let mut points = Vec::with_capacity(2 * horizon + 1);
    for month in timeline.months.iter().take(horizon) {
        let x = f64::from(month.month);
        let y = plot.py(month.monthly_cost_usd * factor);
        points.push((plot.px(x), y));
        points.push((plot.px(x + 1.0), y));
    }
    if let Some(end) = timeline.months.get(horizon) {
        points.push((
            plot.px(f64::from(end.month)),
            plot.py(end.monthly_cost_usd * factor),
        ));
    }
    points
}

/// The timeline: phase bands, the monthly cost, the spend so far on the right axis,
/// the budget and every phase's run-out date. `None` without a timeline.
pub(super) fn timeline(data: &ReportData, style: &ChartStyle) -> Option<String> {
    let timeline = data.timeline.as_ref()?;
    let factor = style.period.months();
    let unit = money_unit(style.period);
    let horizon = f64::from(timeline.horizon_months);
    let title = format!("Timeline over {} months", timeline.horizon_months);
    let mut canvas = Canvas::new(ChartKind::Timeline, style, &title);
    let s = canvas.sizes;
    let c = canvas.colors;
    let names = data.model.phase_names();

    let max_cost = timeline
        .months
        .iter()
        .fold(0.0_f64, |a, m| a.max(m.monthly_cost_usd));
    let budget = timeline.budget_usd_per_month;
    let (y_ticks, step, count) = money_ticks(max_cost.max(budget.unwrap_or(0.0)) * factor);
    // The spend axis shares the grid: as many steps, each a round amount.
    let spend_top = timeline
        .months
        .iter()
        .fold(0.0_f64, |a, m| a.max(m.spend_before_usd));
    let spend_step = ticks::nice_ceil(spend_top.max(1.0) / count as f64);
    let spend_ticks: Vec<(f64, String)> = (0..=count)
        .map(|k| {
            (
                k as f64 * spend_step,
                money_tick(k as f64 * spend_step, spend_step * count as f64),
            )
        })
        .collect();

    // Bands of the recommended phase, from switch to switch.
    let mut bands = Vec::new();
    let mut from = 0.0;
    let mut phase = timeline.months.first().and_then(|m| m.recommended);
    for switch in &timeline.switches {
        bands.push((from, switch.months, phase));
        from = switch.months;
        phase = switch.to;
    }
    bands.push((from, horizon, phase));
    let band_color = |phase: Option<usize>| phase.map_or(c.over, phase_color);

    let mut legend = vec![
        LegendEntry {
            name: format!("monthly cost ({unit})"),
            color: c.text,
            swatch: Swatch::Line(Dash::Solid),
        },
        LegendEntry {
            name: "spent so far (right axis)".to_owned(),
            color: c.neutral,
            swatch: Swatch::Line(Dash::Dashed),
        },
    ];
    if let Some(budget) = budget {
        legend.push(LegendEntry {
            name: format!("budget {}", usd(budget * factor)),
            color: c.over,
            swatch: Swatch::Line(Dash::Dashed),
        });
    }
    let mut shown: Vec<Option<usize>> = Vec::new();
    for (a, b, phase) in &bands {
        if b > a && !shown.contains(phase) {
            shown.push(*phase);
        }
    }
    for phase in &shown {
        legend.push(LegendEntry {
            name: match phase {
                Some(p) => format!("{} recommended", names[*p]),
                None => "no phase ok".to_owned(),
            },
            color: band_color(*phase),
            swatch: Swatch::Box,
        });
    }
    let markers = timeline
        .phases
        .iter()
        .enumerate()
        .filter_map(|(p, t)| {
            let runout = t.runout?;
            Some(Marker {
                x: runout.months,
                label: format!("{} runs out {}", names[p], date(runout.date)),
                color: phase_color(p),
                dash: Dash::Solid,
            })
        })
        .collect();
    let x_ticks = |n: usize| month_ticks(timeline, n);
    let plot = Frame {
        title,
        subtitle: format!(
            "{} spent over {} months · {}",
            usd(timeline.total_spend_usd),
            timeline.horizon_months,
            subtitle(data)
        ),
        x: Axis::linear("", 0.0, horizon),
        x_ticks: &x_ticks,
        y: Axis::linear(format!("monthly cost, {unit}"), 0.0, step * count as f64),
        y_ticks,
        y2: Some((
            Axis::linear("spent so far, USD", 0.0, spend_step * count as f64),
            spend_ticks,
        )),
        legend,
        markers,
        left_labels: 0.0,
        right_labels: 0.0,
        x_grid: false,
    }
    .draw(&mut canvas);
    let opacity = match style.theme {
        super::Theme::Light => 0.13,
        super::Theme::Dark => 0.22,
    };
    for (a, b, phase) in bands {
        if b > a {
            let (x0, x1) = (plot.px(a), plot.px(b));
            canvas.rect(
                x0,
                plot.top,
                x1 - x0,
                plot.height(),
                band_color(phase),
                opacity,
            );
        }
    }
    canvas.begin_clip(plot.left, plot.top - 2.0, plot.width(), plot.height() + 4.0);
    if let Some(budget) = budget {
        let y = plot.py(budget * factor);
        canvas.line(
            (plot.left, y),
            (plot.right, y),
            c.over,
            s.line * 0.6,
            Dash::Dashed,
        );
    }
    let spend: Vec<(f64, f64)> = timeline
        .months
        .iter()
        .map(|m| (plot.px(f64::from(m.month)), plot.py2(m.spend_before_usd)))
        .collect();
    canvas.polyline(&spend, c.neutral, s.line * 0.8, Dash::Dashed);
    canvas.polyline(
        &cost_steps(timeline, &plot, factor),
        c.text,
        s.line,
        Dash::Solid,
    );
    canvas.end_clip();
    Some(canvas.finish())
}

/// "Plan" for the plan's own run, else the scenario's name.
fn run_title(name: &str, index: usize) -> String {
    if index == 0 && name == "plan" {
        "Plan".to_owned()
    } else {
        name.to_owned()
    }
}

/// Plan first in the neutral colour, then the palette (as the window).
fn run_color(index: usize, neutral: Rgb) -> Rgb {
    if index == 0 {
        neutral
    } else {
        phase_color(index - 1)
    }
}

/// The monthly cost of every scenario over time, each line named at its end. `None`
/// without scenarios.
pub(super) fn scenarios(data: &ReportData, style: &ChartStyle) -> Option<String> {
    let comparison = data.comparison.as_ref()?;
    let first = &comparison.runs.first()?.timeline;
    let factor = style.period.months();
    let unit = money_unit(style.period);
    let title = "Scenarios: monthly cost over time".to_owned();
    let mut canvas = Canvas::new(ChartKind::Scenarios, style, &title);
    let s = canvas.sizes;
    let c = canvas.colors;
    let horizon = comparison
        .runs
        .iter()
        .map(|r| r.timeline.horizon_months)
        .max()
        .unwrap_or(first.horizon_months);
    let top = comparison
        .runs
        .iter()
        .flat_map(|r| &r.timeline.months)
        .fold(0.0_f64, |a, m| a.max(m.monthly_cost_usd))
        * factor;
    let (y_ticks, step, count) = money_ticks(top);
    let font = Font::new(s.tick, c.text).bold();
    let titles: Vec<String> = comparison
        .runs
        .iter()
        .enumerate()
        .map(|(r, run)| run_title(&run.name, r))
        .collect();
    let max_label = canvas.width * 0.2;
    let right_labels = titles
        .iter()
        .map(|t| font.width(t))
        .fold(0.0, f64::max)
        .min(max_label)
        + 2.0 * s.gap;
    let legend = titles
        .iter()
        .enumerate()
        .map(|(r, t)| LegendEntry {
            name: t.clone(),
            color: run_color(r, c.neutral),
            swatch: Swatch::Line(Dash::Solid),
        })
        .collect();
    let longest = comparison
        .runs
        .iter()
        .max_by_key(|r| r.timeline.horizon_months)
        .map_or(first, |r| &r.timeline);
    let x_ticks = |n: usize| month_ticks(longest, n);
    let plot = Frame {
        title,
        subtitle: format!(
            "the plan's own growth and each scenario's · {}",
            subtitle(data)
        ),
        x: Axis::linear("", 0.0, f64::from(horizon)),
        x_ticks: &x_ticks,
        y: Axis::linear(format!("monthly cost, {unit}"), 0.0, step * count as f64),
        y_ticks,
        y2: None,
        legend,
        markers: Vec::new(),
        left_labels: 0.0,
        right_labels,
        x_grid: true,
    }
    .draw(&mut canvas);
    canvas.begin_clip(plot.left, plot.top - 2.0, plot.width(), plot.height() + 4.0);
    for (r, run) in comparison.runs.iter().enumerate() {
        let width = if r == 0 { s.line * 1.2 } else { s.line };
        let points = cost_steps(&run.timeline, &plot, factor);
        canvas.polyline(&points, run_color(r, c.neutral), width, Dash::Solid);
    }
    canvas.end_clip();
    // Each line named at its end, the names moved apart where lines end close.
    let mut ends: Vec<(f64, usize)> = comparison
        .runs
        .iter()
        .enumerate()
        .map(|(r, run)| {
            let end = run
                .timeline
                .months
                .last()
                .map_or(0.0, |m| m.monthly_cost_usd);
            (plot.py(end * factor) + s.tick * 0.35, r)
        })
        .collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rows: Vec<f64> = ends.iter().map(|e| e.0).collect();
    spread(&mut rows, s.tick * 1.15, plot.top + s.tick, plot.bottom);
    for ((_, r), row) in ends.iter().zip(rows) {
        let text = font.fit(&titles[*r], right_labels - 2.0 * s.gap);
        let font = Font {
            color: run_color(*r, c.neutral),
            ..font.anchor(Anchor::Start)
        };
        canvas.text(plot.right + s.gap, row, &text, font);
    }
    Some(canvas.finish())
}
