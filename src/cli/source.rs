//! Where a plan comes from on the command line (a file or `--preset`) and the
//! `--set DRIVER=VALUE` overrides.

use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use clap::Args;

use crate::catalog::Catalog;
use crate::format::parse_quantity;
use crate::model::{Model, Plan, check_driver_value};
use crate::plan_file::load_plan;
use crate::presets;

/// A plan file or an embedded preset, and driver overrides.
#[derive(Debug, Args)]
pub struct PlanSource {
    /// Plan file (.ron).
    #[arg(value_name = "PLAN.ron", required_unless_present = "preset")]
    pub plan: Option<PathBuf>,
    /// An embedded preset instead of a file (see `headroom presets`).
    #[arg(long, value_name = "NAME", conflicts_with = "plan")]
    pub preset: Option<String>,
    /// Set a driver, e.g. `--set users=5000 --set triples=21M`.
    #[arg(long = "set", value_name = "DRIVER=VALUE")]
    pub set: Vec<String>,
}

impl PlanSource {
    /// Loads and compiles the plan.
    pub fn load(&self) -> anyhow::Result<(Plan, Model)> {
        match (&self.plan, &self.preset) {
            (_, Some(name)) => {
                let preset = presets::find(name).ok_or_else(|| {
                    let names: Vec<_> = presets::PRESETS.iter().map(|p| p.name).collect();
                    anyhow!("no preset {name:?} (expected one of {})", names.join(", "))
                })?;
                Ok(preset.load()?)
            }
            (Some(path), None) => Ok(load_plan(path, Catalog::embedded())?),
            (None, None) => bail!("give a plan file or --preset NAME"),
        }
    }

    /// The plan's driver values with the `--set` overrides applied.
    pub fn drivers(&self, model: &Model) -> anyhow::Result<Vec<f64>> {
        let mut drivers = model.plan_drivers();
        for assignment in &self.set {
            let (index, value) = parse_assignment(model, assignment)?;
            drivers[index] = value;
        }
        Ok(drivers)
    }
}

/// Parses `DRIVER=VALUE` against a model's drivers.
pub fn parse_assignment(model: &Model, assignment: &str) -> anyhow::Result<(usize, f64)> {
    let (name, value) = assignment
        .split_once('=')
        .ok_or_else(|| anyhow!("--set {assignment:?}: expected DRIVER=VALUE, e.g. users=5000"))?;
    let name = name.trim();
    let index = driver_index(model, name)?;
    let value = parse_quantity(value)
        .map_err(|e| anyhow!(e))
        .with_context(|| format!("--set {assignment}"))?;
    check_driver_value(name, value).map_err(|e| anyhow!("--set {assignment}: {e}"))?;
    Ok((index, value))
}

/// A driver's index, or an error listing the drivers there are.
pub fn driver_index(model: &Model, name: &str) -> anyhow::Result<usize> {
    model.driver_index(name).ok_or_else(|| {
        let names: Vec<_> = model.drivers.iter().map(|d| d.name.as_str()).collect();
        anyhow!(
            "plan {:?} has no driver {name:?} (expected one of {})",
            model.name,
            names.join(", ")
        )
    })
}
