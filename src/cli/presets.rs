//! `headroom presets`: the embedded presets.

use clap::Args;
use serde::Serialize;

use crate::presets::PRESETS;

/// Arguments of `headroom presets`.
#[derive(Debug, Args)]
pub struct PresetsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct PresetRow {
    name: &'static str,
    seed: &'static str,
    summary: &'static str,
    phases: Vec<String>,
}

pub fn run(args: &PresetsArgs) -> anyhow::Result<()> {
    let mut rows = Vec::with_capacity(PRESETS.len());
    for preset in &PRESETS {
        let (_, model) = preset.load()?;
        rows.push(PresetRow {
            name: preset.name,
            seed: preset.seed,
            summary: preset.summary,
            phases: model.phase_names(),
        });
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for row in &rows {
        println!("{:width$}  seed {}  {}", row.name, row.seed, row.summary);
        println!("{:width$}           phases: {}", "", row.phases.join(" → "));
    }
    Ok(())
}
