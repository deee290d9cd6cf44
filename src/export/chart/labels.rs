//! Texts the charts share: the subtitle naming the plan, money units per period, the
//! swept driver's axis and its ticks.

use super::ticks;
use crate::export::{Period, ReportData};
use crate::format::{date, quantity, usd};
use crate::model::Sweep;

/// "LLM chat on Kubernetes · scenario fast · 2025-11-04": what the chart is of.
pub(super) fn subtitle(data: &ReportData) -> String {
    let mut parts = Vec::with_capacity(3);
    parts.push(if data.model.title.trim().is_empty() {
        data.plan.name.clone()
    } else {
        data.model.title.clone()
    });
    if let Some(scenario) = &data.scenario {
        parts.push(format!("scenario {scenario}"));
    }
    if let Some(day) = data.date {
        parts.push(date(day));
    }
    parts.join(" · ")
}

/// "USD/month" or "USD/year".
pub(super) fn money_unit(period: Period) -> String {
    format!("USD/{}", period.name())
}

/// The swept driver's axis name: "users (users)", or the name alone without a unit.
pub(super) fn driver_axis(data: &ReportData, sweep: &Sweep) -> String {
    let info = &data.model.drivers[sweep.driver];
    let scale = if sweep.log { ", log scale" } else { "" };
    if info.unit.trim().is_empty() || info.unit == info.name {
        format!("{}{scale}", info.name)
    } else {
        format!("{} ({}){scale}", info.name, info.unit)
    }
}

/// About `n` ticks across the sweep's range, labelled `1.5k`, `21M`: decades (with 2
/// and 5 when they fit) on a log sweep.
pub(super) fn driver_ticks(sweep: &Sweep, n: usize) -> Vec<(f64, String)> {
    let lo = sweep.values.first().copied().unwrap_or(0.0);
    let hi = sweep.values.last().copied().unwrap_or(1.0);
    let values = if sweep.log {
        let all = ticks::log(lo, hi);
        if all.len() <= n {
            all
        } else {
            let decades: Vec<f64> = all
                .into_iter()
                .filter(|v| (v.log10() - v.log10().round()).abs() < 1e-9)
                .collect();
            let every = decades.len().div_ceil(n.max(1)).max(1);
            decades.into_iter().step_by(every).collect()
        }
    } else {
        ticks::linear(lo, hi, n)
    };
    values.into_iter().map(|v| (v, quantity(v))).collect()
}

/// A money tick label: `$1,250`, or `$800k`, `$1.2M` on an axis whose top reaches
/// $100k (so that every label of one axis reads alike).
pub(super) fn money_tick(value: f64, top: f64) -> String {
    if top >= 1e5 {
        format!("${}", quantity(value))
    } else {
        usd(value)
    }
}

/// A left money axis from 0 over `top`: its step and step count.
pub(super) fn money_ticks(top: f64) -> (Vec<(f64, String)>, f64, usize) {
    let (step, count) = ticks::from_zero(top, 6);
    let list = (0..=count)
        .map(|k| {
            (
                k as f64 * step,
                money_tick(k as f64 * step, step * count as f64),
            )
        })
        .collect();
    (list, step, count)
}
