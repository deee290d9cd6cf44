//! `headroom eval`: every phase of a plan at given driver values.

use std::fmt::Write as _;

use clap::Args;

use super::source::PlanSource;
use crate::format::{multiple, percent, quantity, usd};
use crate::model::{Evaluation, Model};
use crate::report::{EvalReport, cost_item_name};

/// Arguments of `headroom eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub source: PlanSource,
    /// Print the JSON object of MODEL.md §3 instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &EvalArgs) -> anyhow::Result<()> {
    let (_, model) = args.source.load()?;
    let drivers = args.source.drivers(&model)?;
    let evaluation = model.evaluate(&drivers);
    if args.json {
        let report = EvalReport::new(&model, &evaluation);
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&model, &evaluation));
    }
    Ok(())
}

/// The human-readable evaluation: drivers, one block per phase.
pub fn table(model: &Model, evaluation: &Evaluation) -> String {
    let mut out = String::new();
    let title = if model.title.is_empty() {
        &model.name
    } else {
        &model.title
    };
    let _ = writeln!(out, "{} ({})", title, model.name);
    let drivers: Vec<String> = model
        .drivers
        .iter()
        .zip(&evaluation.drivers)
        .filter(|(d, _)| d.declared)
        .map(|(d, v)| format!("{} {}", d.name, quantity(*v)))
        .collect();
    let _ = writeln!(out, "drivers: {}", drivers.join(", "));
    let recommended = evaluation
        .recommended
        .map_or("none (every phase is at warn or over)", |i| {
            model.phases[i].name.as_str()
        });
    let _ = writeln!(out, "recommended phase: {recommended}");

    let main = model.main_driver;
    let main_name = &model.drivers[main].name;
    for (index, (phase, eval)) in model.phases.iter().zip(&evaluation.phases).enumerate() {
        let marker = if evaluation.recommended == Some(index) {
            "  ← recommended"
        } else {
            ""
        };
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}  [{}]  {}/month{}{}",
            phase.name,
            eval.status.as_str(),
            usd(eval.monthly_cost_usd),
            eval.cost_per_main_unit_usd
                .map(|c| format!(", {} per {}", usd(c), singular(main_name)))
                .unwrap_or_default(),
            marker
        );
        if let Some(b) = eval.bottleneck {
            let _ = writeln!(
                out,
                "  bottleneck: {} {} at {}",
                phase.groups[b.group].name,
                model.resources[b.resource].name,
                percent(b.utilization)
            );
        }
        for (group, g) in phase.groups.iter().zip(&eval.groups) {
            let resources: Vec<String> = g
                .resources
                .iter()
                .map(|r| {
                    let info = &model.resources[r.resource];
                    format!(
                        "{} {} ({}/{}{}{})",
                        info.name,
                        percent(r.utilization),
                        quantity(r.demand),
                        quantity(r.capacity),
                        if info.unit.is_empty() { "" } else { " " },
                        info.unit
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "  {} ×{} at {}: {}",
                group.name,
                g.nodes,
                usd(group.node_price_usd),
                resources.join(", ")
            );
        }
        let costs: Vec<String> = eval
            .costs
            .iter()
            .map(|c| format!("{} {}", cost_item_name(phase, c.item).0, usd(c.monthly_usd)))
            .collect();
        let _ = writeln!(out, "  cost: {}", costs.join(" + "));
        let ceilings: Vec<String> = model
            .drivers
            .iter()
            .zip(&eval.ceilings)
            .zip(&evaluation.drivers)
            .filter_map(|((d, c), current)| {
                let c = (*c)?;
                let runway = if *current > 0.0 {
                    format!(" ({} current)", multiple(c / current))
                } else {
                    String::new()
                };
                Some(format!("{} {}{}", d.name, quantity(c), runway))
            })
            .collect();
        if !ceilings.is_empty() {
            let _ = writeln!(out, "  ceilings: {}", ceilings.join(", "));
        }
    }
    out
}

/// `users` → `user`, for "per user".
fn singular(name: &str) -> &str {
    name.strip_suffix('s').unwrap_or(name)
}
