//! Which files a command line names: files as given, folders as their `*.csv`.

use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::{LoadError, UnusableFile};

/// The files to read for these paths, in order: a file as given, a folder as
/// every `*.csv` directly inside it, sorted by name.
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
            .filter(|candidate| is_csv(candidate) && candidate.is_file())
            .collect();
        if found.is_empty() {
            return Err(LoadError {
                files: vec![UnusableFile {
                    file: path.display().to_string(),
                    reason: "the folder holds no *.csv file".to_string(),
                }],
            });
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"))
}

/// Opens a file read-only, past a UTF-8 byte-order mark if it starts with one.
pub fn open_without_bom(path: &Path) -> io::Result<impl Read> {
    let file = fs::File::open(path)?;
    skip_bom(BufReader::with_capacity(1 << 16, file))
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
