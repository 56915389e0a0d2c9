//! Which files a command line names (files as given, folders as their
//! `*.csv` and `*.json`), and which reader each file needs.

use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::{LoadError, UnusableFile};

/// A file opened for the reader of its shape.
pub enum Input {
    /// CSV, read as a stream.
    Csv(BufReader<fs::File>),
    /// JSON (a FHIR Bundle), read whole.
    Json(String),
}

/// The files to read for these paths, in order: a file as given, a folder as
/// every `*.csv` and `*.json` directly inside it, sorted by name.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = fs::metadata(path).map_err(|error| LoadError::unusable(path, &error))?;
        if !metadata.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries = fs::read_dir(path).map_err(|error| LoadError::unusable(path, &error))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|candidate| {
                (has_extension(candidate, "csv") || has_extension(candidate, "json"))
                    && is_readable_entry(candidate)
            })
            .collect();
        if found.is_empty() {
            return Err(LoadError {
                files: vec![UnusableFile {
                    file: path.display().to_string(),
                    reason: "the folder holds no *.csv or *.json file".to_string(),
                }],
            });
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// A regular file, or a link that is dangling or leads to one: read, so
/// that an entry which cannot be (a dangling link, a file gone since the
/// listing) is reported, never skipped in silence. Folders, FIFOs, sockets
/// and devices are passed over (opening a FIFO would wait for a writer).
fn is_readable_entry(path: &Path) -> bool {
    match fs::metadata(path) {
        Ok(metadata) => metadata.is_file(),
        // Gone or dangling since the listing: read it, and say so.
        Err(_) => true,
    }
}

fn has_extension(path: &Path, wanted: &str) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case(wanted))
}

/// Opens a file read-only, past a UTF-8 byte-order mark if it starts with
/// one: as JSON when it is named `*.json` or its first character is `{`
/// (no CSV header starts so), else as CSV.
pub fn open_input(path: &Path) -> io::Result<Input> {
    let file = fs::File::open(path)?;
    let mut reader = skip_bom(BufReader::with_capacity(1 << 16, file))?;
    if has_extension(path, "json") || starts_with_brace(reader.fill_buf()?) {
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        return Ok(Input::Json(text));
    }
    Ok(Input::Csv(reader))
}

/// Whether a text (named `name`) is JSON, by the rule of [`open_input`].
pub fn is_json_bytes(name: &str, bytes: &[u8]) -> bool {
    has_extension(Path::new(name), "json") || starts_with_brace(bytes)
}

/// True when the first byte that is not white space is `{`.
fn starts_with_brace(bytes: &[u8]) -> bool {
    bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{')
}

/// Consumes a leading UTF-8 BOM (EF BB BF); a BOM adds no line.
fn skip_bom<R: BufRead>(mut reader: R) -> io::Result<R> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let start = reader.fill_buf()?;
    if start.starts_with(BOM) {
        reader.consume(BOM.len());
    }
    Ok(reader)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_skipped_and_other_bytes_kept() {
        let mut text = String::new();
        skip_bom(&b"\xEF\xBB\xBFa,b\n"[..])
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "a,b\n");
        let mut text = String::new();
        skip_bom(&b"a,b\n"[..])
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "a,b\n");
    }
}
