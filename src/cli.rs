//! The command line: what each command does, in clap's derive form.

mod config_file;
mod json_escape;
mod terminal_safe;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::clinical::{Config, ConfigError, Thresholds, render_config};
use crate::ingest::{self, LoadError};
use crate::model::Dataset;
use crate::report;

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

/// The configuration in force as a file, headed by where it came from.
/// The theme, when `--theme` or the file chose one, is written as the
/// file's `theme` key.
fn describe_in_force(config: &Config, theme: Option<crate::tui::ThemeName>) -> String {
    let changes = config.changes();
    let changed = if changes.is_empty() {
        "no number differs from docs/clinical.md".to_string()
    } else {
        format!("changed from docs/clinical.md: {}", changes.join(", "))
    };
    let mut rendered = render_config(&config.thresholds);
    if let Some(theme) = theme {
        let line = format!("theme = \"{}\"", theme.name());
        rendered = rendered.replacen(crate::clinical::THEME_LINE, &line, 1);
    }
    // The path comes from outside (the command line, $XDG_CONFIG_HOME).
    format!(
        "# In force: {}; {changed}.\n{rendered}",
        crate::safe_text::printable(&config.source.describe()),
    )
}

/// Runs `config`: prints the file.
fn run_config(text: &str) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let written = stdout.write_all(text.as_bytes());
    finish_output(written.and_then(|()| stdout.flush()), ExitCode::SUCCESS)
}

/// What of a load's report `summary --patient id` lists: the patient's own
/// rejections and warnings, and those whose patient could not be read
/// (they may be theirs), as `check --patient` lists them.
fn listed_for(report: &crate::model::LoadReport, id: &str) -> crate::model::LoadReport {
    let listed = |rows: &[crate::model::Rejection]| -> Vec<crate::model::Rejection> {
        rows.iter()
            .filter(|row| report::listed_for(row, Some(id)))
            .cloned()
            .collect()
    };
    crate::model::LoadReport {
        rejected: listed(&report.rejected),
        warnings: listed(&report.warnings).into_iter().collect(),
        ..report.clone()
    }
}

/// Runs `summary` with the configuration in force.
pub fn run_summary(
    paths: &[PathBuf],
    format: Format,
    patient: Option<&str>,
    config: &Config,
) -> ExitCode {
    let dataset = match load(paths) {
        Ok(dataset) => dataset,
        Err(error) => return unusable(&error),
    };
    let thresholds = &config.thresholds;
    let only = match patient {
        Some(id) => match dataset
            .find_patient(id)
            .and_then(|found| report::summarize_one(&dataset, found, thresholds))
        {
            Some(summary) => Some(summary),
            None => {
                return no_draw_of(id, &dataset);
            }
        },
        None => None,
    };
    // One patient's summary says nothing of other patients (their names
    // are in the reasons): their rejections and warnings are counted, not
    // listed, as `check --patient` does.
    let listed = match &only {
        Some(summary) => std::borrow::Cow::Owned(listed_for(dataset.report(), &summary.patient.id)),
        None => std::borrow::Cow::Borrowed(dataset.report()),
    };
    if !listed.rejected.is_empty() {
        let mut stderr = io::stderr().lock();
        let _ = report::write_rejections(&mut stderr, &listed.rejected);
        let line = if only.is_some() {
            // Rows and cells alone are counted for the whole load only.
            format!(
                "{} listed above.",
                crate::safe_text::counted(listed.rejected.len() as u64, "rejection")
            )
        } else {
            let rows = crate::safe_text::counted(listed.rows_rejected(), "row");
            let cells = match listed.cells_rejected {
                0 => String::new(),
                cells => format!(" and {} alone", crate::safe_text::counted(cells, "cell")),
            };
            format!("{rows}{cells} rejected (listed above).")
        };
        let _ = writeln!(stderr, "{line}");
    }
    let warnings = report::warnings_counted(&listed);
    if !warnings.is_empty() {
        let _ = writeln!(io::stderr().lock(), "{}", warnings.trim_start());
    }
    let others = (
        dataset.report().rejected.len() - listed.rejected.len(),
        dataset.report().warnings.len() - listed.warnings.len(),
    );
    if others != (0, 0) {
        let _ = writeln!(
            io::stderr().lock(),
            "{} and {} of other patients not listed (`hemotrend check` without --patient lists them).",
            crate::safe_text::counted(others.0 as u64, "rejection"),
            crate::safe_text::counted(others.1 as u64, "warning"),
        );
    }
    // Buffered: a locked stdout alone writes line by line, and a summary's
    // JSON has a line per value (1M draws: 14 s of system calls).
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    // On a terminal, CSV never carries raw controls; piped or redirected it
    // is written exactly.
    let csv_on_terminal = io::stdout().is_terminal();
    let written = match (format, only) {
        // Streamed: a summary per patient is made, written and dropped.
        (Format::Csv, None) if csv_on_terminal => {
            let mut safe = terminal_safe::TerminalSafe::new(&mut stdout);
            report::write_csv_dataset(&mut safe, &dataset, thresholds).and_then(|()| safe.flush())
        }
        (Format::Csv, None) => report::write_csv_dataset(&mut stdout, &dataset, thresholds),
        // Streamed too: patients' JSON made in blocks on every core.
        (Format::Json, None) => {
            let mut escaped = json_escape::buffered(&mut stdout);
            report::write_json_dataset(&mut escaped, &dataset, thresholds, config)
                .and_then(|()| escaped.flush())
        }
        // Streamed too, in two passes (the first for the column widths).
        (Format::Table, None) => {
            report::write_table(&mut stdout, dataset.patients(), &dataset, config)
        }
        (format, Some(summary)) => {
            let patient = summary.patient;
            let summaries = vec![summary];
            match format {
                Format::Table => report::write_table(
                    &mut stdout,
                    std::slice::from_ref(patient),
                    &dataset,
                    config,
                ),
                Format::Json => {
                    // C1 controls and bidi overrides as \u escapes: the same
                    // JSON, but safe to print on a terminal.
                    let mut escaped = json_escape::buffered(&mut stdout);
                    report::write_json(&mut escaped, summaries, &listed, config)
                        .and_then(|()| escaped.flush())
                }
                Format::Csv if csv_on_terminal => {
                    let mut safe = terminal_safe::TerminalSafe::new(&mut stdout);
                    report::write_csv(&mut safe, &summaries).and_then(|()| safe.flush())
                }
                Format::Csv => report::write_csv(&mut stdout, &summaries),
            }
        }
    };
    let status = finish_output(written.and_then(|()| stdout.flush()), ExitCode::SUCCESS);
    // The process ends here: freeing every patient's strings one by one
    // would only delay the exit (milliseconds for 100,000 patients).
    std::mem::forget(dataset);
    status
}

/// Runs `check`.
///
/// With `--patient`, every row is still checked (a rejected row may have
/// no patient that can be read), and the verdict ends with that patient's
/// draws; a patient the files do not hold is an error, as for `summary`.
pub fn run_check(paths: &[PathBuf], patient: Option<&str>) -> ExitCode {
    let dataset = match load(paths) {
        Ok(dataset) => dataset,
        Err(error) => return unusable(&error),
    };
    // A patient whose every row was rejected has no draw, and `check` is
    // where their rows are listed; only an id the files never name is an
    // error.
    let only = match patient {
        Some(id) => {
            let found = dataset.find_patient(id);
            if found.is_none() && dataset.report().count_of(id) == (0, 0) {
                return no_such_patient(id);
            }
            // The id as the files write it (found whatever its case).
            Some((found.map_or(id, |patient| patient.id.as_str()), found))
        }
        None => None,
    };
    let report = dataset.report();
    let clean = match only {
        // The patient's rows, and those whose patient could not be read
        // (they may be theirs): another patient's rejection is not this
        // patient's verdict.
        Some((id, _)) => !report
            .rejected
            .iter()
            .any(|row| report::listed_for(row, Some(id))),
        None => report.is_clean(),
    };
    let status = if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_REJECTED)
    };
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let written = report::write_check(&mut stdout, &dataset, only.map(|(id, _)| id))
        .and_then(|()| match only {
            Some((id, found)) => report::write_check_patient(&mut stdout, &dataset, id, found),
            None => Ok(()),
        })
        .and_then(|()| stdout.flush());
    finish_output(written, status)
}

/// Runs `report`: the HTML document on stdout or in a new file.
pub fn run_report(
    paths: &[PathBuf],
    output: Option<&std::path::Path>,
    patient: Option<&str>,
    config: &Config,
) -> ExitCode {
    let dataset = match load(paths) {
        Ok(dataset) => dataset,
        Err(error) => return unusable(&error),
    };
    let chosen: Option<Vec<&crate::model::Patient>> = match patient {
        Some(id) => match dataset.find_patient(id) {
            Some(found) => Some(vec![found]),
            None => {
                return no_draw_of(id, &dataset);
            }
        },
        None => None,
    };
    let stamp = report::html::ReportStamp {
        generated: Some(report::html::now_utc()),
    };
    // `-` is stdout, as it is stdin among the paths: never a file named `-`.
    let output = output.filter(|path| path.as_os_str() != "-");
    let written = match output {
        None => {
            let mut stdout = io::BufWriter::new(io::stdout().lock());
            report::html::write_html(&mut stdout, &dataset, config, chosen.as_deref(), &stamp)
                .and_then(|()| stdout.flush())
        }
        Some(path) => {
            // create_new: an input file named by mistake is never lost.
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(file) => {
                    let mut file = io::BufWriter::new(file);
                    report::html::write_html(&mut file, &dataset, config, chosen.as_deref(), &stamp)
                        .and_then(|()| file.flush())
                }
                Err(error) => {
                    let why = if path.is_dir() {
                        "is a folder; --output names the file to write (a new one)".to_string()
                    } else if error.kind() == io::ErrorKind::AlreadyExists {
                        "exists; the report never overwrites a file (remove it or choose another name)".to_string()
                    } else {
                        error.to_string()
                    };
                    eprintln!(
                        "hemotrend: {}: {why}",
                        crate::safe_text::printable(&path.display().to_string())
                    );
                    return ExitCode::from(EXIT_UNUSABLE);
                }
            }
        }
    };
    finish_output(written, ExitCode::SUCCESS)
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
