//! The reference load, for tests only: the `csv` crate reading record by
//! record, each row merged at once by the online assembler, as hemotrend
//! loaded before issue #4. The chunked, parallel reader and the row log
//! must give exactly the dataset and report this gives.

mod assemble;
mod read;

use crate::model::Dataset;

use super::{FileProblem, LoadError, UnusableFile};

/// Loads CSV files already in memory, each `(name, bytes)`, the reference way.
pub fn load_bytes(files: &[(&str, &[u8])]) -> Result<Dataset, LoadError> {
    let mut assembler = assemble::Assembler::default();
    let mut problems = Vec::new();
    for (name, bytes) in files {
        // gzip is inflated whole here (the oracle reads small inputs); a
        // stream that cannot be inflated is unusable, as for the reader.
        let inflated;
        let bytes: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            let mut decoder = super::source::GzipMembers::new(*bytes);
            if let Err(error) = std::io::Read::read_to_end(&mut decoder, &mut out) {
                problems.push(UnusableFile {
                    file: name.to_string(),
                    reason: format!("cannot be read: {}", super::source::explain_gzip(error)),
                });
                continue;
            }
            inflated = out;
            &inflated
        } else {
            bytes
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Err(FileProblem(reason)) = read::read_file(&mut assembler, name, bytes) {
            problems.push(UnusableFile {
                file: name.to_string(),
                reason,
            });
        }
    }
    if problems.is_empty() {
        Ok(assembler.finish())
    } else {
        Err(LoadError { files: problems })
    }
}
