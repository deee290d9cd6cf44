//! `headroom`: the planner window, or the command line when given a subcommand.

use std::process::ExitCode;

use clap::Parser as _;
use headroom::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => headroom::cli::run(command),
        None => headroom::app::run(),
    }
}
