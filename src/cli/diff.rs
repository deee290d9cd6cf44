//! `headroom diff A.ron B.ron [--set D=V]... [--json]`: what changed between two plan
//! files and what it does to cost, status, bottlenecks, ceilings, the recommended
//! phase and (when both have a timeline) run-out dates and spend.
//!
//! Exits 0 whether or not the plans differ (unlike `diff(1)`): a difference is a
//! finding, not a failure. Non-zero means a file could not be read or is invalid.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use serde::Serialize;

use super::source::parse_assignment;
use crate::catalog::Catalog;
use crate::format::{percent, quantity, usd};
use crate::model::diff::{Delta, DiffSide, PlanDiff, diff};
use crate::model::{Evaluation, Model, Plan, Timeline, TimelineError, TimelineInput};
use crate::plan_file::load_plan;

/// Arguments of `headroom diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The plan before (.ron).
    #[arg(value_name = "A.ron")]
    pub before: PathBuf,
    /// The plan after (.ron).
    #[arg(value_name = "B.ron")]
    pub after: PathBuf,
    /// Set a driver in both plans before comparing, e.g. `--set users=5000`.
    #[arg(long = "set", value_name = "DRIVER=VALUE")]
    pub set: Vec<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One side loaded and evaluated.
struct Loaded {
    plan: Plan,
    model: Model,
    evaluation: Evaluation,
    timeline: Option<Timeline>,
}

impl Loaded {
    fn side(&self) -> DiffSide<'_> {
        DiffSide {
            plan: &self.plan,
            model: &self.model,
            evaluation: &self.evaluation,
            timeline: self.timeline.as_ref(),
        }
    }
}

fn load(path: &Path, set: &[String]) -> anyhow::Result<Loaded> {
    let (plan, model) = load_plan(path, Catalog::embedded())?;
    let mut drivers = model.plan_drivers();
    for assignment in set {
        let (index, value) =
            parse_assignment(&model, assignment).with_context(|| path.display().to_string())?;
        drivers[index] = value;
    }
    let evaluation = model.evaluate(&drivers);
    let timeline = match TimelineInput::from_plan(&model, &plan) {
        Ok(mut input) => {
            input.drivers.clone_from(&drivers);
            Some(
                model
                    .timeline(&input)
                    .with_context(|| format!("{}: timeline", path.display()))?,
            )
        }
        Err(TimelineError::NoStart) => None,
        Err(e) => return Err(e).with_context(|| path.display().to_string()),
    };
    Ok(Loaded {
        plan,
        model,
        evaluation,
        timeline,
    })
}

/// `diff --json`.
#[derive(Debug, Serialize)]
struct DiffReport<'a> {
    before: String,
    after: String,
    /// No plan change and no effect.
    identical: bool,
    #[serde(flatten)]
    diff: &'a PlanDiff,
}

pub fn run(args: &DiffArgs) -> anyhow::Result<()> {
    let a = load(&args.before, &args.set)?;
    let b = load(&args.after, &args.set)?;
    let result = diff(a.side(), b.side());
    if args.json {
        let report = DiffReport {
            before: args.before.display().to_string(),
            after: args.after.display().to_string(),
            identical: identical(&result),
            diff: &result,
        };
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!(
            "{}",
            table(
                &args.before.display().to_string(),
                &args.after.display().to_string(),
                &result
            )
        );
    }
    Ok(())
}

/// Whether nothing differs: no plan change and no effect.
pub fn identical(diff: &PlanDiff) -> bool {
    let e = &diff.effects;
    diff.changes.is_empty()
        && e.phases_added.is_empty()
        && e.phases_removed.is_empty()
        && !e.recommended_phase.changed()
        && e.phases.iter().all(|p| {
            !p.monthly_cost.changed()
                && !p.status.changed()
                && !p.bottleneck.changed()
                && p.ceilings.iter().all(|c| !c.changed())
        })
        && e.timeline.as_ref().is_none_or(|t| {
            !t.total_spend.changed() && t.runouts.iter().all(|r| r.before == r.after)
        })
}

/// `+$15`, `-$3.50`.
fn signed_usd(value: f64) -> String {
    if value > 0.0 {
        format!("+{}", usd(value))
    } else {
        usd(value)
    }
}

/// `+60 %`, `-12 %`.
fn signed_percent(fraction: f64) -> String {
    if fraction > 0.0 {
        format!("+{}", percent(fraction))
    } else {
        percent(fraction)
    }
}

/// `$25 → $40 (+$15, +60 %)`.
fn money_change(delta: &Delta) -> String {
    let relative = delta
        .relative
        .map(|r| format!(", {}", signed_percent(r)))
        .unwrap_or_default();
    format!(
        "{} → {} ({}{relative})",
        usd(delta.before),
        usd(delta.after),
        signed_usd(delta.delta)
    )
}

fn ceiling_text(value: Option<f64>) -> String {
    value.map_or_else(|| "none".to_owned(), quantity)
}

fn optional(text: Option<&str>) -> &str {
    text.unwrap_or("none")
}

/// The readable diff: plan changes, then effects (changed rows only), then a summary.
pub fn table(before: &str, after: &str, diff: &PlanDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{before} → {after}");
    if identical(diff) {
        let _ = writeln!(out, "no differences");
        return out;
    }
    let e = &diff.effects;

    let _ = writeln!(out, "\nplan changes ({}):", diff.changes.len());
    if diff.changes.is_empty() {
        let _ = writeln!(out, "  none (the effects come from --set)");
    }
    let width = diff
        .changes
        .iter()
        .map(|c| c.path.chars().count())
        .max()
        .unwrap_or(0);
    for change in &diff.changes {
        let _ = writeln!(
            out,
            "  {:width$}  {} → {}",
            change.path, change.before, change.after
        );
    }

    let _ = writeln!(out, "\neffects:");
    let mut summary: Vec<String> = Vec::new();
    for name in &e.phases_removed {
        let _ = writeln!(out, "  phase {name}: removed");
    }
    for name in &e.phases_added {
        let _ = writeln!(out, "  phase {name}: added");
    }
    for phase in &e.phases {
        let mut rows: Vec<String> = Vec::new();
        if phase.monthly_cost.changed() {
            rows.push(format!(
                "monthly cost {}",
                money_change(&phase.monthly_cost)
            ));
            let relative = phase
                .monthly_cost
                .relative
                .map(|r| format!(" ({})", signed_percent(r)))
                .unwrap_or_default();
            summary.push(format!(
                "cost of {} {}/month{relative}",
                phase.name,
                signed_usd(phase.monthly_cost.delta)
            ));
        }
        if phase.status.changed() {
            rows.push(format!(
                "status {} → {}",
                phase.status.before.as_str(),
                phase.status.after.as_str()
            ));
        }
        if phase.bottleneck.changed() {
            let show = |b: &Option<crate::model::diff::BottleneckName>| {
                b.as_ref().map_or_else(
                    || "none".to_owned(),
                    |b| format!("{} {} at {}", b.group, b.resource, percent(b.utilization)),
                )
            };
            rows.push(format!(
                "bottleneck {} → {}",
                show(&phase.bottleneck.before),
                show(&phase.bottleneck.after)
            ));
        }
        for c in phase.ceilings.iter().filter(|c| c.changed()) {
            let relative = c
                .relative
                .map(|r| format!(" ({})", signed_percent(r)))
                .unwrap_or_default();
            let text = format!(
                "{} ceiling {} → {}",
                c.driver,
                ceiling_text(c.before),
                ceiling_text(c.after)
            );
            rows.push(format!("{text}{relative}"));
            summary.push(format!("{text} in {}", phase.name));
        }
        if !rows.is_empty() {
            let _ = writeln!(out, "  phase {}:", phase.name);
            for row in rows {
                let _ = writeln!(out, "    {row}");
            }
        }
    }
    if e.recommended_phase.changed() {
        let text = format!(
            "recommended phase {} → {}",
            optional(e.recommended_phase.before.as_deref()),
            optional(e.recommended_phase.after.as_deref())
        );
        let _ = writeln!(out, "  {text}");
        summary.push(text);
    }
    if let Some(t) = &e.timeline {
        for r in t.runouts.iter().filter(|r| r.before != r.after) {
            let date = |d: Option<chrono::NaiveDate>| {
                d.map_or_else(|| "not within the horizon".to_owned(), |d| d.to_string())
            };
            let text = format!(
                "{} runs out {} → {}",
                r.phase,
                date(r.before),
                date(r.after)
            );
            let _ = writeln!(out, "  {text}");
            summary.push(text);
        }
        if t.total_spend.changed() {
            let _ = writeln!(out, "  total spend {}", money_change(&t.total_spend));
            summary.push(format!("total spend {}", signed_usd(t.total_spend.delta)));
        }
    }
    if summary.is_empty() {
        let _ = writeln!(out, "  none");
        summary.push("no effect on cost, ceilings or dates".to_owned());
    }
    let _ = writeln!(out, "\nsummary: {}", summary.join(", "));
    out
}
