use std::process::ExitCode;

use clap::Parser;
use hemotrend::cli::{Cli, Command, run_check, run_summary};
use hemotrend::tui::run_dashboard;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Summary { paths, format }) => {
            run_summary(&paths, format, cli.patient.as_deref())
        }
        Some(Command::Check { paths }) => run_check(&paths),
        None => run_dashboard(&cli.paths, cli.patient.as_deref()),
    }
}
