//! The hemotrend binary: parses the command line and runs the command.

#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use hemotrend::cli::{Cli, run};

fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(cli) => run(cli),
        // Help and the version go to standard output: a write that fails
        // (a full disk, `> /dev/full`) is said, as every command's is;
        // clap prints them, with its colours as TERM, NO_COLOR and CLICOLOR
        // ask.
        Err(shown)
            if matches!(
                shown.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            let written = shown.print().and_then(|()| std::io::stdout().flush());
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(error) => {
                    let _ = writeln!(std::io::stderr(), "hemotrend: cannot write output: {error}");
                    ExitCode::from(2)
                }
            }
        }
        Err(error) => error.exit(),
    }
}
