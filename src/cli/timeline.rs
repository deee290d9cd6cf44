//! `headroom timeline`: the plan month by month as its drivers grow (MODEL.md §3):
//! the recommended phase and its cost, when each phase runs out, the spend over the
//! horizon; optionally the plan's scenarios side by side and the sensitivity to every
//! driver figure.
//!
//! Figures apply in this order: the plan, then `--scenario`, then `--set` and
//! `--growth`. With `--compare`, `--set` and `--growth` change the plan's own figures
//! and every scenario is applied over them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::source::{PlanSource, driver_index, parse_assignment};
use crate::export::tables::switches_text;
use crate::format::{csv_field, months, parse_quantity, percent, quantity, usd};
use crate::model::{
    Comparison, Growth, Model, PhaseSwitch, Sensitivity, SensitivityEffect, Timeline,
    TimelineError, TimelineInput, check_growth, find_scenario,
};

/// Arguments of `headroom timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub source: PlanSource,
    /// A driver's growth: `users=15%` (compound, per month), `users=+500` (added per
    /// month) or `users=0` (none). Replaces the plan's (and the scenario's).
    #[arg(long = "growth", value_name = "DRIVER=RATE")]
    pub growth: Vec<String>,
    /// Run one of the plan's scenarios (its values and growth over the plan's).
    #[arg(long, value_name = "NAME", conflicts_with = "compare")]
    pub scenario: Option<String>,
    /// Months to cover, 1..=120 (default: the plan's horizon, 24 unless it sets one).
    #[arg(long, value_name = "N")]
    pub months: Option<u32>,
    /// Month 0 (default: the plan's timeline start, else its date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub start: Option<NaiveDate>,
    /// Monthly budget in USD (default: the plan's, if any).
    #[arg(long, value_name = "USD", value_parser = parse_quantity)]
    pub budget: Option<f64>,
    /// Also compare the plan's scenarios side by side.
    #[arg(long, conflicts_with = "csv")]
    pub compare: bool,
    /// Also show which driver values and growth rates move cost and dates most (±10 %).
    #[arg(long, conflicts_with = "csv")]
    pub sensitivity: bool,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV (RFC 4180), one row per month.
    #[arg(long)]
    pub csv: bool,
}

/// Parses a growth RATE: `15%` compound per month, `+500` added per month, `0` none.
pub fn parse_growth(text: &str) -> Result<Growth, String> {
    let text = text.trim();
    let growth = if text == "0" || text.eq_ignore_ascii_case("none") {
        Growth::None
    } else if let Some(number) = text.strip_suffix('%') {
        let number = number.trim();
        Growth::Compound {
            percent_per_month: parse_quantity(number.strip_prefix('+').unwrap_or(number))?,
        }
    } else if let Some(number) = text.strip_prefix('+') {
        Growth::Linear {
            per_month: parse_quantity(number)?,
        }
    } else {
        return Err(format!(
            "{text:?}: expected a growth rate such as 15% (compound, per month), \
             +500 (added per month) or 0"
        ));
    };
    check_growth(growth)?;
    Ok(growth)
}

/// `15 %/month`, `+500/month`, `none`.
pub fn growth_label(growth: Growth) -> String {
    match growth {
        Growth::None => "none".to_owned(),
        Growth::Compound { percent_per_month } => {
            format!("{} %/month", quantity(percent_per_month))
        }
        Growth::Linear { per_month } => format!("+{}/month", quantity(per_month)),
    }
}

pub fn run(args: &TimelineArgs) -> anyhow::Result<()> {
    let (mut plan, model) = args.source.load()?;
    if let Some(start) = args.start {
        plan.timeline.start = Some(start);
    }
    if let Some(months) = args.months {
        plan.timeline.horizon_months = months;
    }
    if let Some(budget) = args.budget {
        crate::model::check_driver_value("--budget", budget).map_err(anyhow::Error::msg)?;
        plan.timeline.budget_usd_per_month = Some(budget);
    }
    let mut input = TimelineInput::from_plan(&model, &plan).map_err(|e| match e {
        TimelineError::NoStart => anyhow!("{e}, or pass --start YYYY-MM-DD"),
        e => e.into(),
    })?;
    if let Some(name) = &args.scenario {
        input = input.with_scenario(&model, find_scenario(&plan, name)?);
    }
    for assignment in &args.source.set {
        let (index, value) = parse_assignment(&model, assignment)?;
        input.drivers[index] = value;
    }
    for assignment in &args.growth {
        let (name, rate) = assignment.split_once('=').ok_or_else(|| {
            anyhow!("--growth {assignment:?}: expected DRIVER=RATE, e.g. users=15% or users=+500")
        })?;
        let index = driver_index(&model, name.trim())?;
        input.growth[index] = parse_growth(rate)
            .map_err(|e| anyhow!(e))
            .with_context(|| format!("--growth {assignment}"))?;
    }

    let timeline = model.timeline(&input)?;
    if args.csv {
        print!("{}", csv(&model, &input, &timeline));
        return Ok(());
    }
    let comparison = args
        .compare
        .then(|| model.compare_scenarios(&input, &plan.scenarios))
        .transpose()?;
    let sensitivity = args
        .sensitivity
        .then(|| model.sensitivity(&input))
        .transpose()?;
    if args.json {
        let report = TimelineReport::new(
            &model,
            &input,
            &timeline,
            args.scenario.as_deref(),
            comparison.as_ref(),
            sensitivity.as_ref(),
        );
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let mut out = table(&model, &input, &timeline, args.scenario.as_deref());
        if let Some(comparison) = &comparison {
            out += &comparison_table(&model, comparison);
        }
        if let Some(sensitivity) = &sensitivity {
            out += &sensitivity_table(&model, sensitivity);
        }
        print!("{out}");
    }
    Ok(())
}

/// Drivers worth a column: declared by the plan, or growing.
fn shown_drivers(model: &Model, input: &TimelineInput) -> Vec<usize> {
    (0..model.drivers.len())
        .filter(|&i| model.drivers[i].declared || input.growth[i].moves(input.drivers[i]))
        .collect()
}

/// `timeline --json` (MODEL.md §3 and more).
#[derive(Debug, Serialize)]
struct TimelineReport<'a> {
    plan: &'a str,
    scenario: Option<&'a str>,
    start: NaiveDate,
    horizon_months: u32,
    budget_usd_per_month: Option<f64>,
    /// Drivers that grow, with their rates.
    growth: BTreeMap<&'a str, GrowthReport>,
    months: Vec<MonthReport<'a>>,
    runouts: Vec<RunoutReport<'a>>,
    switches: Vec<SwitchReport<'a>>,
    current_phase: Option<&'a str>,
    /// Months until the current phase runs out (null: not within the horizon).
    runway_months: Option<f64>,
    /// Σ monthly cost of months 0..horizon, USD.
    total_spend: f64,
    budget_exceeded_month: Option<u32>,
    budget_exceeded_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comparison: Option<Vec<ScenarioReport<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sensitivity: Option<SensitivityReport<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum GrowthReport {
    Compound { percent_per_month: f64 },
    Linear { per_month: f64 },
}

#[derive(Debug, Serialize)]
struct MonthReport<'a> {
    month: u32,
    date: NaiveDate,
    drivers: BTreeMap<&'a str, f64>,
    recommended_phase: Option<&'a str>,
    /// USD per month of `cost_phase`.
    monthly_cost: f64,
    /// The recommended phase, or the last one when none is ok.
    cost_phase: &'a str,
    over_capacity: bool,
    /// Spent in the months before this one, USD.
    spend_before: f64,
    bottleneck: Option<BottleneckReport<'a>>,
}

#[derive(Debug, Serialize)]
struct BottleneckReport<'a> {
    group: &'a str,
    resource: &'a str,
    utilization: f64,
}

#[derive(Debug, Serialize)]
struct RunoutReport<'a> {
    phase: &'a str,
    /// The day the phase stops being ok (null: not within the horizon).
    date: Option<NaiveDate>,
    /// The first month boundary at which it is not ok.
    month: Option<u32>,
    /// The exact moment, months since the start.
    months: Option<f64>,
    driver: Option<&'a str>,
    group: Option<&'a str>,
    resource: Option<&'a str>,
    method: Option<&'static str>,
    lead_time_days: f64,
    needed_from: Option<NaiveDate>,
    order_by: Option<NaiveDate>,
    order_late: bool,
}

#[derive(Debug, Serialize)]
struct SwitchReport<'a> {
    month: u32,
    months: f64,
    date: NaiveDate,
    from: Option<&'a str>,
    to: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct ScenarioReport<'a> {
    name: &'a str,
    description: &'a str,
    growth: BTreeMap<&'a str, GrowthReport>,
    switches: Vec<SwitchReport<'a>>,
    /// Monthly cost at months 6, 12 and 24 (null past the horizon), keyed by month.
    monthly_cost_at: BTreeMap<String, Option<f64>>,
    total_spend: f64,
    runway_months: Option<f64>,
    budget_exceeded_month: Option<u32>,
    runouts: Vec<RunoutReport<'a>>,
}

#[derive(Debug, Serialize)]
struct SensitivityReport<'a> {
    step: f64,
    entries: Vec<SensitivityEntryReport<'a>>,
}

#[derive(Debug, Serialize)]
struct SensitivityEntryReport<'a> {
    driver: &'a str,
    parameter: &'static str,
    /// The larger change of total spend, USD (the sort key).
    spend_impact: f64,
    /// The largest shift of a run-out, months.
    runout_impact_months: f64,
    low: EffectReport<'a>,
    high: EffectReport<'a>,
}

#[derive(Debug, Serialize)]
struct EffectReport<'a> {
    cost_start_delta: f64,
    cost_horizon_delta: f64,
    total_spend_delta: f64,
    runout_delta_months: BTreeMap<&'a str, Option<f64>>,
}

impl<'a> TimelineReport<'a> {
    fn new(
        model: &'a Model,
        input: &TimelineInput,
        timeline: &Timeline,
        scenario: Option<&'a str>,
        comparison: Option<&'a Comparison>,
        sensitivity: Option<&Sensitivity>,
    ) -> Self {
        let phase_name = |p: usize| model.phases[p].name.as_str();
        Self {
            plan: &model.name,
            scenario,
            start: timeline.start,
            horizon_months: timeline.horizon_months,
            budget_usd_per_month: timeline.budget_usd_per_month,
            growth: growth_map(model, input),
            months: timeline
                .months
                .iter()
                .map(|m| MonthReport {
                    month: m.month,
                    date: m.date,
                    drivers: model
                        .drivers
                        .iter()
                        .zip(timeline.drivers(m.month))
                        .map(|(d, v)| (d.name.as_str(), *v))
                        .collect(),
                    recommended_phase: m.recommended.map(phase_name),
                    monthly_cost: m.monthly_cost_usd,
                    cost_phase: phase_name(m.cost_phase),
                    over_capacity: m.over_capacity,
                    spend_before: m.spend_before_usd,
                    bottleneck: m.bottleneck.map(|b| BottleneckReport {
                        group: &model.phases[m.cost_phase].groups[b.group].name,
                        resource: &model.resources[b.resource].name,
                        utilization: b.utilization,
                    }),
                })
                .collect(),
            runouts: runout_reports(model, timeline),
            switches: switch_reports(model, &timeline.switches),
            current_phase: timeline.current_phase.map(phase_name),
            runway_months: timeline.runway_months,
            total_spend: timeline.total_spend_usd,
            budget_exceeded_month: timeline.budget_exceeded_month,
            budget_exceeded_date: timeline
                .budget_exceeded_month
                .map(|m| timeline.months[m as usize].date),
            comparison: comparison.map(|c| {
                c.runs
                    .iter()
                    .map(|run| ScenarioReport {
                        name: &run.name,
                        description: &run.description,
                        growth: growth_map(model, &run.input),
                        switches: switch_reports(model, &run.timeline.switches),
                        monthly_cost_at: crate::model::COMPARISON_MONTHS
                            .iter()
                            .zip(run.costs_compared())
                            .map(|(m, c)| (m.to_string(), c))
                            .collect(),
                        total_spend: run.timeline.total_spend_usd,
                        runway_months: run.timeline.runway_months,
                        budget_exceeded_month: run.timeline.budget_exceeded_month,
                        runouts: runout_reports(model, &run.timeline),
                    })
                    .collect()
            }),
            sensitivity: sensitivity.map(|s| SensitivityReport {
                step: s.step,
                entries: s
                    .entries
                    .iter()
                    .map(|e| SensitivityEntryReport {
                        driver: &model.drivers[e.driver].name,
                        parameter: e.parameter.as_str(),
                        spend_impact: e.spend_impact_usd(),
                        runout_impact_months: e.runout_impact_months(),
                        low: effect_report(model, &e.low),
                        high: effect_report(model, &e.high),
                    })
                    .collect(),
            }),
        }
    }
}

fn growth_map<'a>(model: &'a Model, input: &TimelineInput) -> BTreeMap<&'a str, GrowthReport> {
    model
        .drivers
        .iter()
        .zip(&input.growth)
        .filter_map(|(d, g)| {
            let report = match *g {
                Growth::None => return None,
                Growth::Compound { percent_per_month } => {
                    GrowthReport::Compound { percent_per_month }
                }
                Growth::Linear { per_month } => GrowthReport::Linear { per_month },
            };
            Some((d.name.as_str(), report))
        })
        .collect()
}

fn runout_reports<'a>(model: &'a Model, timeline: &Timeline) -> Vec<RunoutReport<'a>> {
    model
        .phases
        .iter()
        .zip(&timeline.phases)
        .map(|(phase, p)| {
            let r = p.runout;
            RunoutReport {
                phase: &phase.name,
                date: r.map(|r| r.date),
                month: r.map(|r| r.month),
                months: r.map(|r| r.months),
                driver: r
                    .and_then(|r| r.driver)
                    .map(|d| model.drivers[d].name.as_str()),
                group: r.map(|r| phase.groups[r.group].name.as_str()),
                resource: r.map(|r| model.resources[r.resource].name.as_str()),
                method: r.map(|r| r.method.as_str()),
                lead_time_days: phase.lead_time_days,
                needed_from: p.needed_from.map(|n| n.date),
                order_by: p.order_by,
                order_late: p.order_late,
            }
        })
        .collect()
}

fn switch_reports<'a>(model: &'a Model, switches: &[PhaseSwitch]) -> Vec<SwitchReport<'a>> {
    let name = |p: Option<usize>| p.map(|p| model.phases[p].name.as_str());
    switches
        .iter()
        .map(|s| SwitchReport {
            month: s.month,
            months: s.months,
            date: s.date,
            from: name(s.from),
            to: name(s.to),
        })
        .collect()
}

fn effect_report<'a>(model: &'a Model, effect: &SensitivityEffect) -> EffectReport<'a> {
    EffectReport {
        cost_start_delta: effect.cost_start_delta_usd,
        cost_horizon_delta: effect.cost_horizon_delta_usd,
        total_spend_delta: effect.total_spend_delta_usd,
        runout_delta_months: model
            .phases
            .iter()
            .zip(&effect.runout_delta_months)
            .map(|(p, d)| (p.name.as_str(), *d))
            .collect(),
    }
}

/// One row per month boundary; units in the headers.
fn csv(model: &Model, input: &TimelineInput, timeline: &Timeline) -> String {
    let shown = shown_drivers(model, input);
    let mut header = vec!["month".to_owned(), "date".to_owned()];
    for &i in &shown {
        let driver = &model.drivers[i];
        header.push(csv_field(&if driver.unit.is_empty() {
            driver.name.clone()
        } else {
            format!("{} ({})", driver.name, driver.unit)
        }));
    }
    header.extend(
        [
            "recommended_phase",
            "cost_phase",
            "over_capacity",
            "monthly_cost_usd",
            "spend_before_usd",
            "bottleneck_group",
            "bottleneck_resource",
            "bottleneck_utilization",
        ]
        .map(str::to_owned),
    );
    let mut out = header.join(",") + "\r\n";
    for m in &timeline.months {
        let drivers = timeline.drivers(m.month);
        let phase = &model.phases[m.cost_phase];
        let mut row = vec![m.month.to_string(), m.date.to_string()];
        row.extend(shown.iter().map(|&i| drivers[i].to_string()));
        row.push(csv_field(
            m.recommended.map_or("", |p| model.phases[p].name.as_str()),
        ));
        row.push(csv_field(&phase.name));
        row.push(m.over_capacity.to_string());
        row.push(m.monthly_cost_usd.to_string());
        row.push(m.spend_before_usd.to_string());
        match m.bottleneck {
            Some(b) => {
                row.push(csv_field(&phase.groups[b.group].name));
                row.push(csv_field(&model.resources[b.resource].name));
                row.push(b.utilization.to_string());
            }
            None => row.extend([String::new(), String::new(), String::new()]),
        }
        out += &(row.join(",") + "\r\n");
    }
    out
}

/// The readable timeline: one line per month, then run-outs, switches and totals.
fn table(
    model: &Model,
    input: &TimelineInput,
    timeline: &Timeline,
    scenario: Option<&str>,
) -> String {
    let mut out = String::new();
    let phase_name = |p: Option<usize>| p.map_or("none", |p| model.phases[p].name.as_str());
    let _ = writeln!(
        out,
        "{}: timeline from {} over {}{}",
        model.name,
        timeline.start,
        months(f64::from(timeline.horizon_months)),
        scenario
            .map(|s| format!(" (scenario {s})"))
            .unwrap_or_default()
    );
    let growing: Vec<String> = model
        .drivers
        .iter()
        .zip(&input.growth)
        .filter(|(_, g)| !g.is_none())
        .map(|(d, g)| format!("{} {}", d.name, growth_label(*g)))
        .collect();
    let _ = writeln!(
        out,
        "growth: {}",
        if growing.is_empty() {
            "none (every driver holds its value; give --growth users=15%)".to_owned()
        } else {
            growing.join(", ")
        }
    );
    if let Some(budget) = timeline.budget_usd_per_month {
        let _ = writeln!(out, "budget: {}/month", usd(budget));
    }

    let shown = shown_drivers(model, input);
    let _ = writeln!(out);
    let mut header = format!("{:>5}  {:<10}", "month", "date");
    for &i in &shown {
        let _ = write!(header, " {:>9}", model.drivers[i].name);
    }
    let width = model
        .phases
        .iter()
        .map(|p| p.name.len())
        .max()
        .unwrap_or(4)
        .max(11);
    let _ = writeln!(
        out,
        "{header}  {:<width$} {:>10} {:>10}  bottleneck",
        "recommended", "$/month", "spent"
    );
    for m in &timeline.months {
        let drivers = timeline.drivers(m.month);
        let mut line = format!("{:>5}  {:<10}", m.month, m.date);
        for &i in &shown {
            let _ = write!(line, " {:>9}", quantity(drivers[i]));
        }
        let recommended = if m.over_capacity {
            "none (over)".to_owned()
        } else {
            phase_name(m.recommended).to_owned()
        };
        let bottleneck = m
            .bottleneck
            .map(|b| {
                format!(
                    "{} {} {}",
                    model.phases[m.cost_phase].groups[b.group].name,
                    model.resources[b.resource].name,
                    percent(b.utilization)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{line}  {recommended:<width$} {:>10} {:>10}  {bottleneck}",
            usd(m.monthly_cost_usd),
            usd(m.spend_before_usd),
        );
    }
    if timeline.months.iter().any(|m| m.over_capacity) {
        let _ = writeln!(
            out,
            "none (over): no phase is ok; the last phase's cost is counted"
        );
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "runs out (first moment a warn threshold is passed):");
    for (phase, p) in model.phases.iter().zip(&timeline.phases) {
        let runs_out = match p.runout {
            None => format!("not within {}", months(f64::from(timeline.horizon_months))),
            Some(r) => {
                let by = match r.driver {
                    Some(d) => format!(", {} grows", model.drivers[d].name),
                    None => ", already at the start".to_owned(),
                };
                format!(
                    "{} (month {:.2}{by}: {} {})",
                    r.date, r.months, phase.groups[r.group].name, model.resources[r.resource].name
                )
            }
        };
        let order = match (p.needed_from, p.order_by) {
            (Some(_), None) => "  current phase".to_owned(),
            (Some(needed), Some(order_by)) => format!(
                "  needed from {}, order by {}{}",
                needed.date,
                order_by,
                if p.order_late { " (late)" } else { "" }
            ),
            _ => String::new(),
        };
        let _ = writeln!(out, "  {:<width$} {runs_out}{order}", phase.name);
    }
    if !timeline.switches.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "phase switches:");
        for s in &timeline.switches {
            let _ = writeln!(
                out,
                "  {}  {} → {}",
                s.date,
                phase_name(s.from),
                phase_name(s.to)
            );
        }
    }
    let _ = writeln!(out);
    let current = phase_name(timeline.current_phase);
    let _ = writeln!(
        out,
        "runway of the current phase ({current}): {}",
        timeline.runway_months.map_or_else(
            || format!(
                "more than the horizon ({})",
                months(f64::from(timeline.horizon_months))
            ),
            months
        )
    );
    let _ = writeln!(
        out,
        "total spend over {}: {}",
        months(f64::from(timeline.horizon_months)),
        usd(timeline.total_spend_usd)
    );
    if let Some(budget) = timeline.budget_usd_per_month {
        let _ = match timeline.budget_exceeded_month {
            Some(m) => writeln!(
                out,
                "budget {}/month: first exceeded in month {m} ({})",
                usd(budget),
                timeline.months[m as usize].date
            ),
            None => writeln!(out, "budget {}/month: never exceeded", usd(budget)),
        };
    }
    out
}

fn comparison_table(model: &Model, comparison: &Comparison) -> String {
    let mut out = String::from("\nscenarios side by side:\n");
    let width = comparison
        .runs
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = writeln!(
        out,
        "  {:<width$} {:>10} {:>10} {:>10} {:>12}  phase switches",
        "scenario", "6 months", "12 months", "24 months", "total spend"
    );
    for run in &comparison.runs {
        let costs = run
            .costs_compared()
            .map(|c| c.map_or_else(|| "–".to_owned(), usd));
        let _ = writeln!(
            out,
            "  {:<width$} {:>10} {:>10} {:>10} {:>12}  {}",
            run.name,
            costs[0],
            costs[1],
            costs[2],
            usd(run.timeline.total_spend_usd),
            switches_text(model, &run.timeline.switches)
        );
    }
    out
}

fn sensitivity_table(model: &Model, sensitivity: &Sensitivity) -> String {
    let mut out = format!(
        "\nsensitivity (each figure ±{}, largest change of total spend first):\n",
        percent(sensitivity.step)
    );
    let _ = writeln!(
        out,
        "  {:<22} {:>14} {:>14} {:>16}",
        "figure", "spend −10 %", "spend +10 %", "run-out shift"
    );
    for entry in &sensitivity.entries {
        let label = format!(
            "{} {}",
            model.drivers[entry.driver].name,
            entry.parameter.as_str()
        );
        let signed = |v: f64| {
            if v > 0.0 {
                format!("+{}", usd(v))
            } else {
                usd(v)
            }
        };
        let _ = writeln!(
            out,
            "  {label:<22} {:>14} {:>14} {:>16}",
            signed(entry.low.total_spend_delta_usd),
            signed(entry.high.total_spend_delta_usd),
            format!("{:.2} months", entry.runout_impact_months()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_as_model_md_writes_them() {
        assert_eq!(
            parse_growth("15%"),
            Ok(Growth::Compound {
                percent_per_month: 15.0
            })
        );
        assert_eq!(
            parse_growth("+500"),
            Ok(Growth::Linear { per_month: 500.0 })
        );
        assert_eq!(
            parse_growth("+1.5k"),
            Ok(Growth::Linear { per_month: 1500.0 })
        );
        assert_eq!(parse_growth("0"), Ok(Growth::None));
        assert!(parse_growth("500").is_err(), "a bare number is ambiguous");
        assert!(parse_growth("-5%").is_err());
        assert!(parse_growth("5000%").is_err());
        assert!(parse_growth("+lots").is_err());
    }
}
