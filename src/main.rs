//! The hemotrend binary: parses the command line and runs the command.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use hemotrend::cli::{Cli, run};

fn main() -> ExitCode {
    run(Cli::parse())
}
