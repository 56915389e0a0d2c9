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
    /// JSON or NDJSON (FHIR), read whole.
    Json(String),
    /// HL7 v2 messages, read whole as bytes (their text need not be UTF-8).
    Hl7(Vec<u8>),
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
                ["csv", "json", "ndjson", "hl7"]
                    .iter()
                    .any(|extension| has_extension(candidate, extension))
                    && is_readable_entry(candidate)
            })
            .collect();
        if found.is_empty() {
            return Err(LoadError {
                files: vec![UnusableFile {
                    file: path.display().to_string(),
                    reason: "the folder holds no *.csv, *.json, *.ndjson or *.hl7 file".to_string(),
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
/// one: as HL7 v2 by [`is_hl7_bytes`]; as JSON when it is named `*.json`
/// or `*.ndjson` or its first character is `{` (no CSV header starts so);
/// else as CSV.
pub fn open_input(path: &Path) -> io::Result<Input> {
    let file = fs::File::open(path)?;
    let mut reader = skip_bom(BufReader::with_capacity(1 << 16, file))?;
    if is_hl7_bytes(&path.to_string_lossy(), reader.fill_buf()?) {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        return Ok(Input::Hl7(bytes));
    }
    if has_extension(path, "json")
        || has_extension(path, "ndjson")
        || starts_with_brace(reader.fill_buf()?)
    {
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        return Ok(Input::Json(text));
    }
    Ok(Input::Csv(reader))
}

/// Whether a text (named `name`) is JSON, by the rule of [`open_input`].
pub fn is_json_bytes(name: &str, bytes: &[u8]) -> bool {
    has_extension(Path::new(name), "json")
        || has_extension(Path::new(name), "ndjson")
        || starts_with_brace(bytes)
}

/// Whether a file (named `name`, starting with `bytes` past any BOM) holds
/// HL7 v2 messages: named `*.hl7`, or (unless named `*.csv`) starting with
/// `MSH|`, `FHS|` or `BHS|` (after any white space) or the MLLP start byte
/// 0x0B.
pub fn is_hl7_bytes(name: &str, bytes: &[u8]) -> bool {
    let path = Path::new(name);
    if has_extension(path, "hl7") {
        return true;
    }
    if has_extension(path, "csv") {
        return false;
    }
    if bytes.first() == Some(&0x0B) {
        return true;
    }
    let start = bytes.iter().position(|byte| !byte.is_ascii_whitespace());
    let rest = start.map_or(&[][..], |at| &bytes[at..]);
    rest.len() > 3 && [&b"MSH|"[..], b"FHS|", b"BHS|"].contains(&&rest[..4])
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
