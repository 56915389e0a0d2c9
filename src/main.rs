use std::process::ExitCode;

use clap::Parser;
use hemotrend::cli::{Cli, run};

fn main() -> ExitCode {
    run(Cli::parse())
}
