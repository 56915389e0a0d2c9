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
mod options;
#[cfg(test)]
mod oracle;
mod readers;
mod rows;
mod shape;
mod source;
pub mod time;
pub mod units;
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
/// the export they are: MIMIC-IV `hosp/`, Synthea's CSV folder, OMOP CDM, else every
/// `*.csv` and `*.json`), merging patients by id across
/// files. Files may be gzip-compressed.
pub fn load(paths: &[PathBuf]) -> Result<Dataset, LoadError> {
    load_with(paths, &LoadOptions::default())
}

/// [`load`], reporting progress and holding back a partial last line as the
/// options ask.
pub fn load_with(paths: &[PathBuf], options: &LoadOptions<'_>) -> Result<Dataset, LoadError> {
    let planned = source::plan_paths(paths)?;
    let mut assembler = RowLog::default();
    let mut problems = Vec::new();
    for item in &planned {
        let (name, outcome) = match item {
            source::Planned::Read(origin) => {
                (origin.name(), read_one(&mut assembler, origin, options))
            }
            source::Planned::Join(path, table) => {
                let name = path.display().to_string();
                let origin = source::Origin::Path(path.clone());
                let outcome = source::open_stream(&origin, options.progress)
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
                let name = path.display().to_string();
                let origin = source::Origin::Path(path.clone());
                let outcome = source::open_stream(&origin, options.progress)
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
    finish(assembler, problems)
}

/// Reads one file (or standard input) by its contents.
fn read_one(
    assembler: &mut RowLog,
    origin: &source::Origin,
    options: &LoadOptions<'_>,
) -> Result<(), FileProblem> {
    let name = origin.name();
    match source::open_input(origin, options.progress) {
        Err(error) => Err(FileProblem(format!("cannot be read: {error}"))),
        Ok(source::Input::Csv(input)) => {
            if options.hold_back_partial_last_line {
                let input = options::HoldBackPartialLine::new(input);
                readers::csv_file::read_file(assembler, &name, input)
            } else {
                readers::csv_file::read_file(assembler, &name, input)
            }
        }
        Ok(source::Input::Json(text)) => readers::fhir::read_bundle(assembler, &name, &text),
    }
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
    for (name, bytes) in files {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            // Streamed, as from a file: a bomb is never held inflated.
            if let Err(FileProblem(reason)) = read_gzip(&mut assembler, name, bytes) {
                problems.push(UnusableFile {
                    file: name.to_string(),
                    reason,
                });
            }
            continue;
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let outcome = if source::is_json_bytes(name, bytes) {
            std::str::from_utf8(bytes)
                .map_err(|_| FileProblem("a JSON file that is not UTF-8 text".into()))
                .and_then(|text| readers::fhir::read_bundle(&mut assembler, name, text))
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
    finish(assembler, problems)
}

/// A gzip file in memory (the fuzzer's and tests' way in), read as a file
/// is: decompressed as it streams.
fn read_gzip(assembler: &mut RowLog, name: &str, bytes: &[u8]) -> Result<(), FileProblem> {
    use std::io::{BufRead, Read};
    let unreadable = |error: std::io::Error| FileProblem(format!("cannot be read: {error}"));
    let mut stream = source::decompressed(bytes).map_err(unreadable)?;
    let start = stream.fill_buf().map_err(unreadable)?;
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    if source::is_json_bytes(name, start) {
        let mut text = String::new();
        stream.read_to_string(&mut text).map_err(unreadable)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        return readers::fhir::read_bundle(assembler, name, text);
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
