//! `headroom check PLAN.ron`: validate a plan file.

use std::path::PathBuf;

use clap::Args;

use crate::catalog::Catalog;
use crate::format::count;
use crate::plan_file::load_plan;

/// Arguments of `headroom check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plan file (.ron).
    #[arg(value_name = "PLAN.ron")]
    pub plan: PathBuf,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<()> {
    let (plan, model) = load_plan(&args.plan, Catalog::embedded())?;
    let declared = model.drivers.iter().filter(|d| d.declared).count();
    println!(
        "{}: ok — plan {:?}, {}, {}, {}",
        args.plan.display(),
        plan.name,
        count(model.phases.len(), "phase"),
        count(declared, "driver"),
        count(plan.components.len(), "component")
    );
    Ok(())
}
