//! Reading exports into a [`Dataset`]: CSV (wide or long, MIMIC-IV's
//! `labevents.csv` among them) and FHIR R4 Bundles, any accepted unit,
//! every refused row reported with file, line, column and reason.

mod assembler;
mod boundary;
pub mod cell;
mod csv_record;
mod derive;
#[cfg(test)]
mod equivalence_tests;
mod long_value;
mod number_hint;
mod options;
#[cfg(test)]
mod oracle;
mod readers;
mod rows;
mod shape;
mod source;
mod split_time;
pub mod time;
pub mod units;
mod unread_tests;
pub mod vocabulary;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::Dataset;

use assembler::RowLog;
pub use options::LoadOptions;

/// Why a whole file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem(pub String);

/// A file that cannot be used at all, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnusableFile {
    /// The file (or folder) as named.
    pub file: String,
    /// What is wrong and what was expected.
    pub reason: String,
}

/// Files that could not be used; nothing is loaded when there is any.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// Every unusable file, in the order met.
    pub files: Vec<UnusableFile>,
}

impl LoadError {
    /// One unusable path with an I/O error.
    fn unusable(path: &Path, error: &std::io::Error) -> LoadError {
        LoadError {
            files: vec![UnusableFile {
                file: path.display().to_string(),
                reason: format!("cannot be read: {error}"),
            }],
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, problem) in self.files.iter().enumerate() {
            if position > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}", problem.file, problem.reason)?;
        }
        Ok(())
    }
}

/// Loads every file these paths name (`-`: standard input; folders: as
/// the export they are: MIMIC-IV `hosp/`, Synthea's CSV folder, OMOP CDM,
/// else every `*.csv`, `*.json`, `*.ndjson` and `*.hl7`), merging patients
/// by id across files. Files may be gzip-compressed.
pub fn load(paths: &[PathBuf]) -> Result<Dataset, LoadError> {
    load_with(paths, &LoadOptions::default())
}

/// [`load`], reporting progress and holding back a partial last line as the
/// options ask.
pub fn load_with(paths: &[PathBuf], options: &LoadOptions<'_>) -> Result<Dataset, LoadError> {
    let planned = source::plan_paths(paths)?;
    let mut assembler = RowLog::default();
    let mut problems = Vec::new();
    // FHIR files side by side are read as one group (references resolve
    // across them: a Bulk Data export's Observations name Patients of
    // another file); a group ends where another kind of file comes.
    let mut fhir: Vec<(String, String)> = Vec::new();
    // The HL7 files are one group wherever they stand among the others (a
    // folder is read in name order): a result corrects or withdraws one of
    // another file (labs send each message as a file). Their results are
    // logged when every file has been read.
    let mut hl7 = readers::hl7::Group::default();
    for item in &planned {
        let (name, outcome) = match item {
            source::Planned::Read(origin) => {
                let name = origin.name();
                let input = source::open_input(origin, options.progress);
                if let Ok(source::Input::Json(text)) = input {
                    fhir.push((name, text));
                    continue;
                }
                read_fhir_group(&mut assembler, &mut fhir, &mut problems);
                let outcome = read_input(&mut assembler, &mut hl7, &name, input, options);
                (name, outcome)
            }
            source::Planned::Join(path, table) => {
                read_fhir_group(&mut assembler, &mut fhir, &mut problems);
                let name = path.display().to_string();
                let origin = source::Origin::Path(path.clone());
                let outcome =
                    source::open_stream(&origin, options.progress, source::Inflate::Ahead)
                        .map_err(|error| FileProblem(format!("cannot be read: {error}")))
                        .and_then(|input| {
                            readers::patient_table::read_patient_table(
                                &mut assembler,
                                &name,
                                *table,
                                input,
                            )
                        });
                (name, outcome)
            }
            source::Planned::ReadOmop(path) => {
                read_fhir_group(&mut assembler, &mut fhir, &mut problems);
                let name = path.display().to_string();
                let origin = source::Origin::Path(path.clone());
                let outcome =
                    source::open_stream(&origin, options.progress, source::Inflate::Ahead)
                        .map_err(|error| FileProblem(format!("cannot be read: {error}")))
                        .and_then(|input| {
                            readers::omop::read_measurements(&mut assembler, &name, input)
                        });
                (name, outcome)
            }
            source::Planned::Skipped(path, reason) | source::Planned::Note(path, reason) => {
                assembler.warn_file(path.display().to_string(), reason.clone());
                continue;
            }
        };
        if let Err(FileProblem(reason)) = outcome {
            problems.push(UnusableFile { file: name, reason });
        }
    }
    // Every other file first: the HL7 results join the load after them,
    // whatever stands between.
    read_fhir_group(&mut assembler, &mut fhir, &mut problems);
    log_hl7_group(&mut assembler, &mut hl7, &mut problems);
    finish(assembler, problems)
}

/// Logs the results of the HL7 files read, and empties the group.
fn log_hl7_group(
    assembler: &mut RowLog,
    group: &mut readers::hl7::Group,
    problems: &mut Vec<UnusableFile>,
) {
    if let Err((file, FileProblem(reason))) = group.log(assembler) {
        problems.push(UnusableFile { file, reason });
    }
}

/// Reads one opened file (or standard input) by its contents; HL7 messages
/// join `hl7`'s group.
fn read_input(
    assembler: &mut RowLog,
    hl7: &mut readers::hl7::Group,
    name: &str,
    input: std::io::Result<source::Input<'_>>,
    options: &LoadOptions<'_>,
) -> Result<(), FileProblem> {
    match input {
        Err(error) => Err(FileProblem(format!("cannot be read: {error}"))),
        Ok(source::Input::Csv(input)) => {
            if options.hold_back_partial_last_line || options.warn_unended_last_line {
                let unended = std::sync::atomic::AtomicBool::new(false);
                let input = options::HoldBackPartialLine::new(
                    input,
                    Some(&unended),
                    options.hold_back_partial_last_line,
                );
                let read = readers::csv_file::read_file(assembler, name, input);
                if unended.load(std::sync::atomic::Ordering::Relaxed) {
                    if let Some(held_back) = options.held_back {
                        held_back.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    if options.warn_unended_last_line && read.is_ok() {
                        assembler.warn_file(name.to_string(), UNENDED_LAST_LINE.to_string());
                    }
                }
                read
            } else {
                readers::csv_file::read_file(assembler, name, input)
            }
        }
        Ok(source::Input::Json(text)) => read_fhir_alone(assembler, name, &text),
        Ok(source::Input::Hl7(bytes)) => readers::hl7::read_file(assembler, hl7, name, &bytes),
    }
}

/// The warning on a last line read without its newline under `--watch`.
const UNENDED_LAST_LINE: &str = "its last line has no line end: read as it is after 2 s without \
     a change, though a line still being written would be cut short (end the file with a \
     newline)";

/// One FHIR file read as a group of its own.
fn read_fhir_alone(assembler: &mut RowLog, name: &str, text: &str) -> Result<(), FileProblem> {
    match readers::fhir::read_group(assembler, &[(name, text)])
        .into_iter()
        .next()
    {
        Some((_, problem)) => Err(problem),
        None => Ok(()),
    }
}

/// Reads the FHIR files gathered so far as one group, and empties it.
fn read_fhir_group(
    assembler: &mut RowLog,
    group: &mut Vec<(String, String)>,
    problems: &mut Vec<UnusableFile>,
) {
    if group.is_empty() {
        return;
    }
    let files: Vec<(&str, &str)> = group
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    for (position, FileProblem(reason)) in readers::fhir::read_group(assembler, &files) {
        problems.push(UnusableFile {
            file: group[position].0.clone(),
            reason,
        });
    }
    group.clear();
}

/// How many bytes [`load`] of these paths reads from disk: the sum of the
/// sizes of the files they name (compressed, as the progress counts them),
/// for a progress display; 0 when they cannot be listed (the load says
/// why) or for standard input.
pub fn input_size(paths: &[PathBuf]) -> u64 {
    source::plan_paths(paths).map_or(0, |planned| {
        planned
            .iter()
            .filter_map(|item| match item {
                source::Planned::Read(source::Origin::Path(path))
                | source::Planned::ReadOmop(path)
                | source::Planned::Join(path, _) => std::fs::metadata(path).ok(),
                _ => None,
            })
            .map(|metadata| metadata.len())
            .sum()
    })
}

/// The files a load of these paths reads (those of a folder, MIMIC-IV's
/// `hosp/` tables), for `--watch` to watch; none when they cannot be
/// listed (the load says why).
pub fn files_read(paths: &[PathBuf]) -> Vec<PathBuf> {
    source::plan_paths(paths).map_or(Vec::new(), |planned| {
        planned
            .into_iter()
            .filter_map(|item| match item {
                source::Planned::Read(source::Origin::Path(path))
                | source::Planned::ReadOmop(path)
                | source::Planned::Join(path, _) => Some(path),
                _ => None,
            })
            .collect()
    })
}

/// Loads what a command names: these paths, or the bundled sample data
/// when there are none. Every command and the dashboard decide it here.
pub fn load_named(paths: &[PathBuf], options: &LoadOptions<'_>) -> Result<Dataset, LoadError> {
    if paths.is_empty() {
        load_texts(crate::sample::FILES)
    } else {
        load_with(paths, options)
    }
}

/// Loads files already in memory, each `(name, text)`: the bundled sample
/// data, and fixtures in tests.
pub fn load_texts(files: &[(&str, &str)]) -> Result<Dataset, LoadError> {
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, text)| (*name, text.as_bytes()))
        .collect();
    load_bytes(&files)
}

/// Loads files already in memory as raw bytes, each `(name, bytes)`: what
/// the fuzzer feeds.
pub fn load_bytes(files: &[(&str, &[u8])]) -> Result<Dataset, LoadError> {
    let mut assembler = RowLog::default();
    let mut problems = Vec::new();
    // As in `load_with`: FHIR files side by side are one group, and the
    // HL7 files, wherever they stand, another.
    let mut fhir: Vec<(String, String)> = Vec::new();
    let mut hl7 = readers::hl7::Group::default();
    for (name, bytes) in files {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            read_fhir_group(&mut assembler, &mut fhir, &mut problems);
            // Streamed, as from a file: a bomb is never held inflated.
            if let Err(FileProblem(reason)) = read_gzip(&mut assembler, &mut hl7, name, bytes) {
                problems.push(UnusableFile {
                    file: name.to_string(),
                    reason,
                });
            }
            continue;
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let is_hl7 = source::is_hl7_bytes(name, bytes);
        let json = !is_hl7 && source::is_json_bytes(name, bytes);
        if !json {
            read_fhir_group(&mut assembler, &mut fhir, &mut problems);
        }
        let outcome = if is_hl7 {
            readers::hl7::read_file(&mut assembler, &mut hl7, name, bytes)
        } else if json {
            match source::json_text(bytes.to_vec()) {
                Ok(text) => {
                    fhir.push((name.to_string(), text));
                    Ok(())
                }
                Err(error) => Err(FileProblem(format!("cannot be read: {error}"))),
            }
        } else {
            readers::csv_file::read_file(&mut assembler, name, bytes)
        };
        if let Err(FileProblem(reason)) = outcome {
            problems.push(UnusableFile {
                file: name.to_string(),
                reason,
            });
        }
    }
    // Every other file first: the HL7 results join the load after them,
    // whatever stands between.
    read_fhir_group(&mut assembler, &mut fhir, &mut problems);
    log_hl7_group(&mut assembler, &mut hl7, &mut problems);
    finish(assembler, problems)
}

/// A gzip file in memory (the fuzzer's and tests' way in), read as a file
/// is: decompressed as it streams; HL7 messages join `hl7`'s group.
fn read_gzip(
    assembler: &mut RowLog,
    hl7: &mut readers::hl7::Group,
    name: &str,
    bytes: &[u8],
) -> Result<(), FileProblem> {
    use std::io::{BufRead, Read};
    let unreadable = |error: std::io::Error| FileProblem(format!("cannot be read: {error}"));
    let mut stream = source::decompressed(bytes).map_err(unreadable)?;
    let start = stream.fill_buf().map_err(unreadable)?;
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    if source::is_hl7_bytes(name, start) {
        let mut all = Vec::new();
        stream.read_to_end(&mut all).map_err(unreadable)?;
        return readers::hl7::read_file(assembler, hl7, name, &all);
    }
    if source::is_json_bytes(name, start) {
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).map_err(unreadable)?;
        let text = source::json_text(bytes).map_err(unreadable)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        return read_fhir_alone(assembler, name, text);
    }
    readers::csv_file::read_file(assembler, name, stream)
}

fn finish(assembler: RowLog, problems: Vec<UnusableFile>) -> Result<Dataset, LoadError> {
    if problems.is_empty() {
        Ok(assembler.finish())
    } else {
        Err(LoadError { files: problems })
    }
}
