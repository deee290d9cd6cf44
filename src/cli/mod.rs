//! The `headroom` command line (MODEL.md §3): a thin layer over the model.

mod check;
mod diff;
mod eval;
mod export;
mod presets;
mod set;
mod source;
mod sweep;
mod timeline;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Capacity planner: headroom, bottlenecks, ceilings and monthly cost per phase.
#[derive(Debug, Parser)]
#[command(name = "headroom", version, about, long_about = None)]
pub struct Cli {
    /// What to do; with none, the planner window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the embedded presets.
    Presets(presets::PresetsArgs),
    /// Evaluate every phase of a plan at given driver values.
    Eval(eval::EvalArgs),
    /// Validate a plan file; exit 0 or print what is wrong and where.
    Check(check::CheckArgs),
    /// Evaluate a plan at N values of one driver.
    Sweep(sweep::SweepArgs),
    /// The plan month by month as drivers grow: run-out dates, cost, spend, scenarios.
    Timeline(timeline::TimelineArgs),
    /// Change driver values in a plan file in place (atomic save, comments kept).
    Set(set::SetArgs),
    /// Compare two plan files: what changed and what it does to cost, ceilings and dates.
    Diff(diff::DiffArgs),
    /// Export a review deck: an HTML report, Markdown, CSV, XLSX, or charts as SVG/PNG.
    Export(export::ExportArgs),
}

/// Runs a subcommand, printing errors to stderr.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Presets(args) => presets::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Sweep(args) => sweep::run(&args),
        Command::Timeline(args) => timeline::run(&args),
        Command::Set(args) => set::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Export(args) => export::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
