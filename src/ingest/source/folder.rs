//! A folder read as the export it is, told by the tables it holds:
//!
//! - MIMIC-IV `hosp/` (a `labevents` table): `labevents` read as a long
//!   file, `patients` joined for sex and the approximate birth date;
//!   `d_labitems` is not needed (the CBC itemids are known) and passed over;
//! - Synthea's CSV folder (`observations` beside `patients`, or beside
//!   another of its tables): `observations` read, `patients` joined for
//!   name, sex and birth date;
//! - an OMOP CDM folder (a `MEASUREMENT` table): `MEASUREMENT` read by its
//!   column names, `PERSON` joined for sex and birth date;
//! - MIMIC-IV as it ships (modules `hosp/`, `icu/` and no table of its
//!   own): its `hosp/`, as above;
//! - any other folder: every `*.csv` and `*.json` (plain or `.gz`) inside.
//!
//! Tables of an export that hold no lab results (admissions, encounters)
//! are skipped with a warning naming them, never an error; an events file
//! among them (told by its header) is read. Files that are
//! not tables (a licence, checksums) are passed over as before.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Origin, has_data_extension};
use crate::ingest::{LoadError, UnusableFile};

/// A table read only to fill in its patients' details.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinTable {
    /// MIMIC-IV `patients`: `gender`, `anchor_age` in `anchor_year`.
    MimicPatients,
    /// Synthea `patients.csv`: `FIRST`, `LAST`, `GENDER`, `BIRTHDATE`.
    SyntheaPatients,
    /// OMOP CDM `PERSON`: `gender_concept_id`, the birth date's parts.
    OmopPerson,
}

/// What the load does with one file of the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Planned {
    /// Read by its contents: CSV (wide or long) or JSON.
    Read(Origin),
    /// OMOP CDM `MEASUREMENT`, read by its column names.
    ReadOmop(PathBuf),
    /// Joined for its patients' details.
    Join(PathBuf, JoinTable),
    /// Not read; the warning says why.
    Skipped(PathBuf, String),
    /// A warning about a folder as a whole (a table it lacks).
    Note(PathBuf, String),
}

/// The plan for these paths, in order: `-` is standard input, a file is
/// read as given, a folder as the export it is.
pub fn plan_paths(paths: &[PathBuf]) -> Result<Vec<Planned>, LoadError> {
    let mut planned = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            planned.push(Planned::Read(Origin::Stdin));
            continue;
        }
        let metadata = fs::metadata(path).map_err(|error| LoadError::unusable(path, &error))?;
        if metadata.is_dir() {
            planned.extend(plan_folder(path)?);
        } else {
            planned.push(Planned::Read(Origin::Path(path.clone())));
        }
    }
    Ok(read_once(planned))
}

/// The plan with each file read once: one named twice (`a.csv a.csv`, a
/// file and its folder, `./a.csv` and `a.csv`, a link and its target)
/// would count each of its rows, rejections and events twice (two red-cell
/// units shown where one was given). Files are the same by their device
/// and inode (a hard link too), else by their canonical path; the second is
/// named in a warning.
fn read_once(planned: Vec<Planned>) -> Vec<Planned> {
    let mut seen: Vec<(FileKey, PathBuf)> = Vec::new();
    planned
        .into_iter()
        .map(|item| {
            let path = match &item {
                Planned::Read(Origin::Path(path))
                | Planned::ReadOmop(path)
                | Planned::Join(path, _) => path,
                _ => return item,
            };
            let Some(key) = file_key(path) else {
                return item;
            };
            if let Some((_, first)) = seen.iter().find(|(known, _)| *known == key) {
                let reason = format!(
                    "the same file as {}, named again: read once",
                    first.display()
                );
                return Planned::Skipped(path.clone(), reason);
            }
            seen.push((key, path.clone()));
            item
        })
        .collect()
}

/// What makes two paths one file.
#[derive(PartialEq, Eq)]
enum FileKey {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

/// [`FileKey`] of a path; `None` when it cannot be known (the load says
/// why the file cannot be read).
fn file_key(path: &Path) -> Option<FileKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let metadata = fs::metadata(path).ok()?;
        Some(FileKey::Inode(metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        fs::canonicalize(path).ok().map(FileKey::Path)
    }
}

/// The files of a folder, sorted by name: regular files, and links that
/// are dangling or lead to one (read, so that an entry which cannot be is
/// reported, never skipped in silence). Folders, FIFOs, sockets and devices
/// are passed over (opening a FIFO would wait for a writer), and so are
/// hidden files, as hidden folders are: an editor's lock (`.#a.csv`), the
/// metadata macOS writes beside a copied file (`._a.csv`), a backup.
fn folder_files(folder: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let entries = fs::read_dir(folder).map_err(|error| LoadError::unusable(folder, &error))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_name().as_encoded_bytes().starts_with(b"."))
        .map(|entry| entry.path())
        .filter(|candidate| fs::metadata(candidate).map_or(true, |m| m.is_file()))
        .collect();
    found.sort();
    Ok(found)
}

/// The table a file holds, by its name: `labevents.csv.gz` is `labevents`;
/// `None` for a file that is not a CSV table.
fn table_name(path: &Path) -> Option<String> {
    if !has_data_extension(path, "csv") {
        return None;
    }
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.strip_suffix(".csv").map(str::to_string)
}

/// Which export a folder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Export {
    Mimic,
    Synthea,
    Omop,
    Plain,
}

/// Tables that make a folder holding `observations` Synthea's CSV export:
/// its patients, or any other of its tables (an export without
/// `patients.csv` still reads as one, with a note, never its encounters
/// read as lab results).
const SYNTHEA_TABLES: [&str; 12] = [
    "patients",
    "encounters",
    "conditions",
    "medications",
    "procedures",
    "immunizations",
    "allergies",
    "careplans",
    "devices",
    "imaging_studies",
    "organizations",
    "providers",
];

fn export_of(tables: &[(PathBuf, String)]) -> Export {
    let has = |wanted: &str| tables.iter().any(|(_, table)| table == wanted);
    if has("labevents") {
        Export::Mimic
    } else if has("observations") && SYNTHEA_TABLES.iter().any(|table| has(table)) {
        Export::Synthea
    } else if has("measurement") {
        Export::Omop
    } else {
        Export::Plain
    }
}

fn plan_folder(folder: &Path) -> Result<Vec<Planned>, LoadError> {
    let files = folder_files(folder)?;
    let tables: Vec<(PathBuf, String)> = files
        .iter()
        .filter_map(|path| Some((path.clone(), table_name(path)?)))
        .collect();
    let export = export_of(&tables);
    let (lab, patients, passed, label) = match export {
        Export::Mimic => (
            "labevents",
            JoinTable::MimicPatients,
            &["d_labitems"][..],
            "a MIMIC-IV",
        ),
        Export::Synthea => (
            "observations",
            JoinTable::SyntheaPatients,
            &[][..],
            "a Synthea",
        ),
        Export::Omop => ("measurement", JoinTable::OmopPerson, &[][..], "an OMOP CDM"),
        Export::Plain => return plan_plain(folder, files),
    };
    let mut planned = Vec::new();
    let mut joined = false;
    for (path, table) in tables {
        let patients_table = match export {
            Export::Omop => "person",
            _ => "patients",
        };
        if table == lab && export == Export::Omop {
            planned.push(Planned::ReadOmop(path));
        } else if table == lab {
            planned.push(Planned::Read(Origin::Path(path)));
        } else if table == patients_table {
            joined = true;
            planned.push(Planned::Join(path, patients));
        } else if is_events_file(&path) {
            // An events file beside the export's tables (DESIGN.md: told
            // apart by its header, so that it can sit beside lab files).
            planned.push(Planned::Read(Origin::Path(path)));
        } else if !passed.contains(&table.as_str()) {
            let reason =
                format!("{label} table ({table}) that holds no lab results: skipped, not read");
            planned.push(Planned::Skipped(path, reason));
        }
    }
    if !joined {
        planned.push(Planned::Note(
            folder.to_path_buf(),
            format!("{label} folder without its patients table: sex and age are unknown"),
        ));
    }
    Ok(planned)
}

/// Whether a table in an export folder is an events file (treatments and
/// transfusions), told by its header as beside any lab file: its first
/// line (of at most 64 KiB, inflated when gzip) names an `event` column.
fn is_events_file(path: &Path) -> bool {
    use std::io::{BufRead, Read};
    let origin = Origin::Path(path.to_path_buf());
    let Ok(stream) = super::open_stream(&origin, None, super::Inflate::AsRead) else {
        return false;
    };
    let Ok(reader) = super::skip_bom(stream) else {
        return false;
    };
    let mut line = Vec::new();
    if reader.take(64 * 1024).read_until(b'\n', &mut line).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&line);
    let headers: Vec<String> = text
        .trim_end()
        .split(',')
        .map(|name| name.trim().trim_matches('"').to_string())
        .collect();
    crate::ingest::readers::events::event_columns(&headers).is_some()
}

/// MIMIC-IV as PhysioNet ships it: a folder of modules (`hosp/`, `icu/`)
/// beside its licence and checksums, with no table of its own. Its `hosp/`
/// is read as above; the other modules hold no lab results read here, and
/// are named as skipped. `None` for a folder without a MIMIC-IV `hosp/`.
fn plan_mimic_modules(folder: &Path) -> Result<Option<Vec<Planned>>, LoadError> {
    let hosp = folder.join("hosp");
    if !hosp.is_dir() {
        return Ok(None);
    }
    let tables: Vec<String> = folder_files(&hosp)?
        .iter()
        .filter_map(|path| table_name(path))
        .collect();
    if !tables.iter().any(|table| table == "labevents") {
        return Ok(None);
    }
    let mut planned = plan_folder(&hosp)?;
    let entries = fs::read_dir(folder).map_err(|error| LoadError::unusable(folder, &error))?;
    let mut modules: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir() && path.file_name().is_some_and(|name| name != "hosp"))
        .collect();
    modules.sort();
    for module in modules {
        let name = module
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let reason = format!(
            "a MIMIC-IV module ({name}/) whose tables are not read: lab results are read from hosp/"
        );
        planned.push(Planned::Skipped(module, reason));
    }
    Ok(Some(planned))
}

/// Any other folder: every `*.csv` and `*.json` (plain or gzip) inside; its
/// folders (but hidden ones, `.git`) are named as not read, never passed
/// over in silence: a folder of exports names each export, and each is
/// read when named itself.
fn plan_plain(folder: &Path, files: Vec<PathBuf>) -> Result<Vec<Planned>, LoadError> {
    let read = |path: &PathBuf| {
        ["csv", "json", "ndjson", "hl7"]
            .iter()
            .any(|extension| has_data_extension(path, extension))
    };
    let tables_not_read: Vec<(PathBuf, String)> = files
        .iter()
        .filter(|path| !read(path))
        .filter_map(|path| Some((path.clone(), table_not_read(path)?)))
        .collect();
    let mut found: Vec<Planned> = files
        .into_iter()
        .filter(read)
        .map(|path| Planned::Read(Origin::Path(path)))
        .collect();
    if found.is_empty() {
        if let Some(planned) = plan_mimic_modules(folder)? {
            return Ok(planned);
        }
        return Err(LoadError {
            files: vec![UnusableFile {
                file: folder.display().to_string(),
                reason: "the folder holds no *.csv, *.json, *.ndjson or *.hl7 file (plain or .gz), and is not \
                         a MIMIC-IV hosp/, Synthea CSV or OMOP folder"
                    .to_string(),
            }],
        });
    }
    let entries = fs::read_dir(folder).map_err(|error| LoadError::unusable(folder, &error))?;
    let mut inside: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_dir()
                && path
                    .file_name()
                    .is_some_and(|name| !name.to_string_lossy().starts_with('.'))
        })
        .collect();
    inside.sort();
    for sub in inside {
        let reason = "a folder inside the folder given: not read (the files of a folder are \
                      read, not those of the folders in it; name this one to read it)";
        found.push(Planned::Skipped(sub, reason.to_string()));
    }
    found.extend(
        tables_not_read
            .into_iter()
            .map(|(path, reason)| Planned::Skipped(path, reason)),
    );
    Ok(found)
}

/// Why a file of a folder that hemotrend does not read is worth a word: a
/// table in another format (tab-separated, a spreadsheet), or a `.txt`
/// whose first line reads as a header of three or more columns (a lab
/// table saved under another name); `None` for anything else, which is
/// passed over in silence (a licence, checksums, notes).
fn table_not_read(path: &Path) -> Option<String> {
    // A spreadsheet's lock file (`~$labs.xlsx`, `.~lock.labs.ods#`) is no
    // table of its own.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with("~$") || name.starts_with(".~lock") {
        return None;
    }
    let spreadsheet = ["xlsx", "xls", "ods"];
    if spreadsheet.iter().any(|e| has_data_extension(path, e)) {
        return Some(
            "a spreadsheet, not read: hemotrend reads CSV; save it as CSV UTF-8 (comma-separated) \
             in the folder"
                .to_string(),
        );
    }
    if ["tsv", "tab"].iter().any(|e| has_data_extension(path, e)) {
        return Some(
            "a table named as tab-separated, not read: hemotrend reads CSV (comma-separated); \
             save it as CSV in the folder"
                .to_string(),
        );
    }
    let text_table = ["txt", "dat", "psv"]
        .iter()
        .any(|e| has_data_extension(path, e));
    if !text_table || path.extension().is_some_and(|e| e == "gz") {
        return None;
    }
    let mut first = [0u8; 4096];
    let read = std::io::Read::read(&mut fs::File::open(path).ok()?, &mut first).ok()?;
    let line = first.get(..read)?.split(|&b| b == b'\n').next()?;
    let fields = |separator: u8| line.split(|&b| b == separator).count();
    let columns = [b',', b'\t', b';', b'|']
        .map(fields)
        .into_iter()
        .max()
        .unwrap_or(1);
    (columns >= 3).then(|| {
        format!(
            "a text file whose first line reads as a header of {columns} columns, not read: the \
             files of a folder are read by their names (*.csv); if it holds lab results, name it \
             .csv (comma-separated)"
        )
    })
}

#[cfg(test)]
mod tests;
