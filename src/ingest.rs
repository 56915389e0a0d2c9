//! Reading exports into a [`Dataset`]: CSV (wide or long, MIMIC-IV's
//! `labevents.csv` among them), FHIR R4 (Bundles, resources, NDJSON) and
//! HL7 v2 ORU^R01 messages, any accepted unit,
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

/// Loads every file these paths name (folders: every `*.csv`, `*.json`,
/// `*.ndjson` and `*.hl7` inside), merging patients by id across files.
pub fn load(paths: &[PathBuf]) -> Result<Dataset, LoadError> {
    load_with(paths, &LoadOptions::default())
}

/// [`load`], reporting progress and holding back a partial last line as the
/// options ask.
pub fn load_with(paths: &[PathBuf], options: &LoadOptions<'_>) -> Result<Dataset, LoadError> {
    let files = source::expand_paths(paths)?;
    let mut assembler = RowLog::default();
    let mut problems = Vec::new();
    // FHIR files side by side are read as one group (references resolve
    // across them); a group ends where another kind of file comes.
    let mut fhir: Vec<(String, String)> = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let input = source::open_input(path);
        if !matches!(input, Ok(source::Input::Json(_))) {
            read_fhir_group(&mut assembler, &mut fhir, &mut problems);
        }
        let outcome = match input {
            Err(error) => Err(FileProblem(format!("cannot be read: {error}"))),
            Ok(source::Input::Csv(input)) => {
                let input = options::CountingReader::new(input, options.progress);
                if options.hold_back_partial_last_line {
                    let input = options::HoldBackPartialLine::new(input);
                    readers::csv_file::read_file(&mut assembler, &name, input)
                } else {
                    readers::csv_file::read_file(&mut assembler, &name, input)
                }
            }
            Ok(source::Input::Json(text)) => {
                fhir.push((name, text));
                continue;
            }
            Ok(source::Input::Hl7(bytes)) => readers::hl7::read_file(&mut assembler, &name, &bytes),
        };
        if let Err(FileProblem(reason)) = outcome {
            problems.push(UnusableFile { file: name, reason });
        }
    }
    read_fhir_group(&mut assembler, &mut fhir, &mut problems);
    finish(assembler, problems)
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

/// How many bytes [`load`] of these paths reads: the sum of the sizes of
/// the files they name (folders: their `*.csv` and `*.json`), for a
/// progress display; 0 when they cannot be listed (the load says why).
pub fn input_size(paths: &[PathBuf]) -> u64 {
    source::expand_paths(paths).map_or(0, |files| {
        files
            .iter()
            .filter_map(|file| std::fs::metadata(file).ok())
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
    // As in `load_with`: FHIR files side by side are one group.
    let mut fhir: Vec<(String, String)> = Vec::new();
    for (name, bytes) in files {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let hl7 = source::is_hl7_bytes(name, bytes);
        if hl7 || !source::is_json_bytes(name, bytes) {
            read_fhir_group(&mut assembler, &mut fhir, &mut problems);
        }
        let outcome = if hl7 {
            readers::hl7::read_file(&mut assembler, name, bytes)
        } else if source::is_json_bytes(name, bytes) {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    fhir.push((name.to_string(), text.to_string()));
                    Ok(())
                }
                Err(_) => Err(FileProblem("a JSON file that is not UTF-8 text".into())),
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
    read_fhir_group(&mut assembler, &mut fhir, &mut problems);
    finish(assembler, problems)
}

fn finish(assembler: RowLog, problems: Vec<UnusableFile>) -> Result<Dataset, LoadError> {
    if problems.is_empty() {
        Ok(assembler.finish())
    } else {
        Err(LoadError { files: problems })
    }
}
