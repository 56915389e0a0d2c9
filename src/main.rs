//! The hemotrend binary: parses the command line and runs the command.

#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use hemotrend::cli::{Cli, run};

fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(cli) => run(cli),
        // Help and the version go to standard output: a write that fails
        // (a full disk, `> /dev/full`) is said, as every command's is.
        Err(shown)
            if matches!(
                shown.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            // Styled on a terminal (unless NO_COLOR), plain otherwise, as
            // clap prints it.
            let styled = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
            let text = if styled {
                shown.render().ansi().to_string()
            } else {
                shown.render().to_string()
            };
            let mut stdout = std::io::stdout().lock();
            let written = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush());
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
