use std::process::ExitCode;

use clap::Parser;
use hemotrend::cli::{Cli, Command, Format, run_check, run_summary};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Summary { paths, format }) => {
            run_summary(&paths, format, cli.patient.as_deref())
        }
        Some(Command::Check { paths }) => run_check(&paths),
        // Until the dashboard lands, the default command prints the summary.
        None => run_summary(&cli.paths, Format::Table, cli.patient.as_deref()),
    }
}
