//! The datasets the report's equivalence tests read: the bundled sample
//! and test files, or the shared real exports.

use std::path::PathBuf;

use crate::model::Dataset;

/// The datasets of the bundled files, or of the shared real exports.
pub fn datasets(real: bool) -> Vec<Dataset> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let folder = if real {
        root.join("../shared/real-data")
    } else {
        root.join("tests/data")
    };
    let mut paths: Vec<PathBuf> = vec![root.join("sample-data")];
    for entry in std::fs::read_dir(folder).unwrap() {
        paths.push(entry.unwrap().path());
    }
    if real {
        paths.push(root.join("../shared/real-data/mimic-iv-demo/hosp"));
    }
    paths
        .iter()
        .filter_map(|path| {
            crate::ingest::load_named(
                std::slice::from_ref(path),
                &crate::ingest::LoadOptions::default(),
            )
            .ok()
        })
        .collect()
}
