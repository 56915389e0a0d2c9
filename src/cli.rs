//! The command line: what each command does, in clap's derive form.

mod check;
mod config;
mod config_file;
mod json_escape;
mod report;
mod summary;
mod terminal_safe;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::clinical::{Config, ConfigError, Thresholds, render_config};
use crate::ingest::{self, LoadError};
use crate::model::Dataset;

pub use check::run_check;
use config::{describe_in_force, run_config};
pub use report::run_report;
pub use summary::run_summary;

const EXAMPLES: &str = "\
Examples:
  hemotrend                                  open the dashboard on the bundled sample data
  hemotrend labs/cbc-2025.csv                open the dashboard on one export
  hemotrend summary exports/ --format json   every patient's latest severity, as JSON
  hemotrend check exports/                   list every row that cannot load
  hemotrend report exports/ --patient P001 -o P001.html   one patient's printable report
  hemotrend config --defaults > config.toml  start a site configuration

PATH may be a CSV file (wide or long; MIMIC-IV labevents, Synthea
observations), FHIR R4 JSON or NDJSON, an HL7 v2 ORU^R01 message, an events
file, any of them gzip-compressed, a folder (every *.csv, *.json, *.ndjson
and *.hl7 in it; MIMIC-IV hosp/, Synthea and OMOP folders are read as the
exports they are), or - for standard input; several files merge by patient
id. Without PATH the bundled sample data are used.

Limits and cut-offs come from --config FILE, else from
$XDG_CONFIG_HOME/hemotrend/config.toml (else ~/.config/hemotrend/config.toml)
when it exists, else from the defaults of docs/clinical.md.

hemotrend is a review aid, not a diagnostic device.";

/// Review serial complete blood counts: trends, lows, and the severity of a
/// cytopenia by the published criteria, criterion by criterion.
#[derive(Debug, Parser)]
#[command(name = "hemotrend", version, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do; without a command, the dashboard opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Lab files (CSV, FHIR, HL7 v2, events; gzip too) or folders to open in the dashboard.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Only this patient (by id).
    #[arg(long, global = true, value_name = "ID")]
    pub patient: Option<String>,
    /// Dashboard: read the files again when they change, keeping the patient,
    /// draw and zoom on screen; a line still being written waits for its end
    /// (or is read with a warning once the file has been quiet for 2 s).
    #[arg(long, requires = "paths")]
    pub watch: bool,
    /// TOML file of reference limits and cut-offs (default: the standard
    /// path, when a file is there; else the defaults of docs/clinical.md).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Dashboard colours for a dark or a light terminal background (default:
    /// `theme` in the configuration file, else dark). NO_COLOR turns colour off.
    #[arg(long, global = true, value_enum, value_name = "THEME")]
    pub theme: Option<crate::tui::ThemeName>,
}

/// The commands besides the dashboard.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One line per patient: draws, first and last, the latest draw's
    /// severity and what is below its limit, and the worst draw.
    ///
    /// Rejected rows are listed on stderr; the exit status is 0, or 2 when a
    /// file cannot be used.
    #[command(
        after_help = "Example:\n  hemotrend summary sample-data/ --format json | jq '.patients[].severity.category'"
    )]
    Summary {
        /// Lab files (CSV, FHIR, HL7 v2, events; gzip too) or folders (none: the bundled sample data).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Validate only: list every row that cannot load, with file, line,
    /// column and reason.
    ///
    /// Exit status 0 when every row loaded whole, 1 when any row or cell
    /// was rejected, 2 when a file cannot be used at all. With --patient,
    /// the rows listed and the status are that patient's, and those of rows
    /// whose patient could not be read.
    #[command(after_help = "Example:\n  hemotrend check exports/ && echo clean")]
    Check {
        /// Lab files (CSV, FHIR, HL7 v2, events; gzip too) or folders (none: the bundled sample data).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// One self-contained HTML document for a note or for print: per
    /// patient the trend charts, the cumulative table with flags and the
    /// severity explanation; then rejected rows, warnings, the configuration
    /// in force and the files read.
    ///
    /// Written to stdout, or to a new file with --output (an existing file
    /// is never overwritten). Exit status 0, or 2 when a file cannot be used.
    #[command(
        after_help = "Example:\n  hemotrend report sample-data/ --patient P001 --output P001.html"
    )]
    Report {
        /// Lab files (CSV, FHIR, HL7 v2, events; gzip too) or folders (none: the bundled sample data).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Write to this new file instead of stdout (`-`: stdout).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the configuration in force as a commented TOML file, or the
    /// defaults of docs/clinical.md with --defaults.
    ///
    /// Exit status 0, or 2 when the configuration file cannot be used.
    #[command(
        after_help = "Example:\n  hemotrend config --defaults > ~/.config/hemotrend/config.toml"
    )]
    Config {
        /// The defaults of docs/clinical.md, whatever file is in force.
        #[arg(long)]
        defaults: bool,
    },
}

/// How `summary` writes its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned table for reading.
    Table,
    /// The stable JSON contract for scripts.
    Json,
    /// One CSV line per patient.
    Csv,
}

/// Exit status for a file (or a configuration) that cannot be used.
const EXIT_UNUSABLE: u8 = 2;
/// Exit status of `check` when any row or cell was rejected.
const EXIT_REJECTED: u8 = 1;

/// Loads the paths, or the bundled sample data when there are none.
fn load(paths: &[PathBuf]) -> Result<Dataset, LoadError> {
    ingest::load_named(paths, &ingest::LoadOptions::default())
}

/// Runs the command line: the configuration is resolved first, and an
/// unusable one stops every command before any input is read.
pub fn run(cli: Cli) -> ExitCode {
    if let Some(Command::Config { defaults: true }) = cli.command {
        return run_config(&render_config(&Thresholds::default()));
    }
    let (config, file_theme) = match config_file::resolve_with_theme(cli.config.as_deref()) {
        Ok(resolved) => resolved,
        Err(error) => return unusable_config(&error),
    };
    let theme = cli.theme.or(file_theme).unwrap_or_default();
    let patient = cli.patient.as_deref();
    match cli.command {
        Some(Command::Summary { paths, format }) => run_summary(&paths, format, patient, &config),
        Some(Command::Check { paths }) => run_check(&paths, patient),
        Some(Command::Report { paths, output }) => {
            run_report(&paths, output.as_deref(), patient, &config)
        }
        Some(Command::Config { .. }) => {
            let chosen = cli.theme.or(file_theme);
            run_config(&describe_in_force(&config, chosen))
        }
        // `hemotrend labs.csv summary`: a command after a path is read as
        // a file; said so, not "summary: cannot be read".
        None if let Some(command) = cli.paths.iter().find(|path| {
            ["summary", "check", "report", "config"]
                .iter()
                .any(|name| path.as_os_str() == *name)
                && !path.exists()
        }) =>
        {
            eprintln!(
                "hemotrend: {0}: no such file; to run `{0}`, write it before the paths \
                 (hemotrend {0} FILE...)",
                command.display()
            );
            ExitCode::from(EXIT_UNUSABLE)
        }
        // Standard input is read once: a reload could not read it again.
        None if cli.watch && cli.paths.iter().any(|path| path.as_os_str() == "-") => {
            eprintln!(
                "hemotrend: --watch reads the files again as they change, and standard input \
                 (-) cannot be read again: name files"
            );
            ExitCode::from(EXIT_UNUSABLE)
        }
        None => match crate::tui::run_dashboard(&cli.paths, patient, config, cli.watch, theme) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => dashboard_failed(&error),
        },
    }
}

/// The configuration in force for this command line: `--config FILE`, else
/// the standard path when a file is there, else the defaults.
pub fn resolve_config(cli: &Cli) -> Result<Config, ConfigError> {
    config_file::resolve_config(cli.config.as_deref())
}

/// Prints an unusable configuration on stderr (the message, then the line
/// at fault); exit status 2.
pub fn unusable_config(error: &ConfigError) -> ExitCode {
    let shown = error.to_string();
    let mut lines = shown.lines();
    let first = lines.next().unwrap_or_default();
    eprintln!(
        "hemotrend: configuration {}",
        crate::safe_text::printable(first)
    );
    for line in lines {
        eprintln!("{}", crate::safe_text::printable(line));
    }
    ExitCode::from(EXIT_UNUSABLE)
}

/// `--patient ID` names no patient of the data: said on stderr, exit 2.
fn no_such_patient(id: &str) -> ExitCode {
    eprintln!(
        "hemotrend: {}",
        crate::tui::DashboardError::NoPatient(id.to_string(), 0)
    );
    ExitCode::from(EXIT_UNUSABLE)
}

/// [`no_such_patient`], saying so when every row of theirs was rejected
/// (they have no draw, but the files do name them).
fn no_draw_of(id: &str, dataset: &Dataset) -> ExitCode {
    let (rejected, _) = dataset.report().count_of(id);
    if rejected == 0 {
        return no_such_patient(id);
    }
    eprintln!(
        "hemotrend: {}",
        crate::tui::DashboardError::NoPatient(id.to_string(), rejected)
    );
    ExitCode::from(EXIT_UNUSABLE)
}

/// Why the dashboard did not run, said on stderr, as an exit status: 2 for
/// data or a setting that cannot be used, 1 for a terminal that failed.
fn dashboard_failed(error: &crate::tui::DashboardError) -> ExitCode {
    use crate::tui::DashboardError;
    match error {
        DashboardError::Unusable(error) => unusable(error),
        DashboardError::NoPatient(..) => {
            eprintln!("hemotrend: {error}");
            ExitCode::from(EXIT_UNUSABLE)
        }
        DashboardError::Terminal(_) => {
            eprintln!("hemotrend: {error}");
            ExitCode::FAILURE
        }
        DashboardError::NoTerminal | DashboardError::Signals(_) | DashboardError::Watch(_) => {
            eprintln!("hemotrend: {error}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// Prints every unusable file on stderr; exit status 2.
pub fn unusable(error: &LoadError) -> ExitCode {
    for problem in &error.files {
        eprintln!(
            "hemotrend: {}: {}",
            crate::safe_text::printable(&problem.file),
            crate::safe_text::printable(&problem.reason)
        );
    }
    ExitCode::from(EXIT_UNUSABLE)
}

/// A closed pipe (`| head`) is not an error; other write errors are.
fn finish_output(result: io::Result<()>, status: ExitCode) -> ExitCode {
    match result {
        Ok(()) => status,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => status,
        Err(error) => {
            eprintln!("hemotrend: cannot write output: {error}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}
