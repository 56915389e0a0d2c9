//! A load's warnings: those worded where they were found, and those found
//! in bulk (one for each implausible draw) kept compact until they are
//! first listed. A file whose every row is implausible (a column in the
//! wrong unit) makes a million of them, which `summary` only counts: worded
//! at once they were 330 bytes each and two thirds of the load's time.

use std::sync::{Arc, OnceLock};

use super::Rejection;

/// Warnings found in bulk and not yet worded.
pub trait Unworded: std::fmt::Debug + Send + Sync {
    /// How many there are.
    fn count(&self) -> usize;

    /// Each one worded, in any order.
    fn word(&self) -> Vec<Rejection>;
}

/// The warnings of a load, in file then line order; a warning worded where
/// it was found comes before one worded later at the same line. Derefs to
/// the whole list, worded at the first look; [`Warnings::len`] counts
/// without wording.
#[derive(Clone, Default)]
pub struct Warnings {
    worded: Vec<Rejection>,
    unworded: Option<Arc<dyn Unworded>>,
    /// The files in the order read, which orders the unworded among the
    /// worded.
    files: Vec<String>,
    /// Every warning, in order, once asked for.
    all: OnceLock<Vec<Rejection>>,
}

impl Warnings {
    /// How many warnings, worded or not.
    pub fn len(&self) -> usize {
        self.worded.len() + self.unworded.as_ref().map_or(0, |u| u.count())
    }

    /// No warning at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a worded warning (then [`Warnings::sort_in_file_order`] puts it
    /// in its place).
    pub fn push(&mut self, warning: Rejection) {
        self.all = OnceLock::new();
        self.worded.push(warning);
    }

    /// Adds worded warnings.
    pub fn extend(&mut self, warnings: impl IntoIterator<Item = Rejection>) {
        self.all = OnceLock::new();
        self.worded.extend(warnings);
    }

    /// Puts the worded warnings in the order of `files` (the files read),
    /// then of lines; a stable sort, so a line's warnings keep their order.
    pub fn sort_in_file_order(&mut self, files: &[String]) {
        self.all = OnceLock::new();
        sort_in_file_order(&mut self.worded, files);
    }

    /// Sets the warnings found in bulk, to be worded when the list is first
    /// read and put among the others in the order of `files`.
    pub fn set_unworded(&mut self, unworded: Arc<dyn Unworded>, files: &[String]) {
        self.all = OnceLock::new();
        self.unworded = Some(unworded);
        self.files = files.to_vec();
    }

    /// Every warning, in order: the bulk ones worded at the first call.
    pub fn as_slice(&self) -> &[Rejection] {
        let Some(unworded) = &self.unworded else {
            return &self.worded;
        };
        self.all.get_or_init(|| {
            let mut later = unworded.word();
            sort_in_file_order(&mut later, &self.files);
            if self.worded.is_empty() {
                return later;
            }
            let key = |w: &Rejection| (rank(&self.files, &w.file), w.line);
            let mut all = Vec::with_capacity(self.worded.len() + later.len());
            let mut later = later.into_iter().peekable();
            for warning in &self.worded {
                while let Some(next) = later.next_if(|next| key(next) < key(warning)) {
                    all.push(next);
                }
                all.push(warning.clone());
            }
            all.extend(later);
            all
        })
    }
}

/// The position of the first file named `name`, or `None` (first).
fn rank(files: &[String], name: &str) -> Option<usize> {
    files.iter().position(|f| f == name)
}

fn sort_in_file_order(warnings: &mut [Rejection], files: &[String]) {
    // Each warning's file ranked once, not at every comparison: on a file
    // of a million implausible draws the names compared at every step of
    // the sort took a fifth of the load.
    let key = |w: &Rejection| (rank(files, &w.file), w.line);
    // Most lists are in order already (a reader's, line after line).
    if !warnings.is_sorted_by_key(key) {
        warnings.sort_by_cached_key(key);
    }
}

impl std::ops::Deref for Warnings {
    type Target = [Rejection];

    fn deref(&self) -> &[Rejection] {
        self.as_slice()
    }
}

impl std::fmt::Debug for Warnings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl PartialEq for Warnings {
    fn eq(&self, other: &Warnings) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Warnings {}

impl FromIterator<Rejection> for Warnings {
    fn from_iter<I: IntoIterator<Item = Rejection>>(warnings: I) -> Warnings {
        Warnings {
            worded: warnings.into_iter().collect(),
            ..Warnings::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Bulk warnings that count how often they are worded.
    #[derive(Debug)]
    struct Counted {
        warnings: Vec<(&'static str, u64, &'static str)>,
        worded: AtomicUsize,
    }

    impl Unworded for Counted {
        fn count(&self) -> usize {
            self.warnings.len()
        }

        fn word(&self) -> Vec<Rejection> {
            self.worded.fetch_add(1, Ordering::Relaxed);
            self.warnings
                .iter()
                .map(|&(file, line, reason)| warning(file, line, reason))
                .collect()
        }
    }

    fn warning(file: &str, line: u64, reason: &str) -> Rejection {
        Rejection::new(file.into(), line, None, reason.into())
    }

    fn files() -> Vec<String> {
        vec!["b.csv".into(), "a.csv".into()]
    }

    /// Warnings worded where found (in file order) and in bulk (in patient
    /// order, so not in file order).
    fn both() -> (Warnings, Arc<Counted>) {
        let mut warnings: Warnings = [
            warning("b.csv", 0, "b whole file"),
            warning("b.csv", 4, "b found at 4"),
            warning("a.csv", 2, "a found at 2"),
        ]
        .into_iter()
        .collect();
        let bulk = Arc::new(Counted {
            warnings: vec![
                ("a.csv", 2, "a bulk at 2"),
                ("b.csv", 9, "b bulk at 9"),
                ("b.csv", 4, "b bulk at 4"),
                ("a.csv", 1, "a bulk at 1"),
                ("b.csv", 4, "b bulk at 4, second"),
            ],
            worded: AtomicUsize::new(0),
        });
        warnings.set_unworded(bulk.clone(), &files());
        (warnings, bulk)
    }

    fn reasons(warnings: &Warnings) -> Vec<&str> {
        warnings.iter().map(|w| w.reason.as_str()).collect()
    }

    #[test]
    fn bulk_warnings_are_counted_without_being_worded() {
        let (warnings, bulk) = both();
        assert_eq!(warnings.len(), 8);
        assert!(!warnings.is_empty());
        assert_eq!(bulk.worded.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn bulk_warnings_are_worded_once_and_put_in_file_then_line_order() {
        let (warnings, bulk) = both();
        let expected = [
            "b whole file",
            "b found at 4",
            "b bulk at 4",
            "b bulk at 4, second",
            "b bulk at 9",
            "a bulk at 1",
            "a found at 2",
            "a bulk at 2",
        ];
        assert_eq!(reasons(&warnings), expected);
        assert_eq!(reasons(&warnings), expected);
        assert_eq!(bulk.worded.load(Ordering::Relaxed), 1);
        assert_eq!(warnings.as_slice().len(), warnings.len());
    }

    #[test]
    fn a_warning_added_later_is_listed_in_its_place() {
        let (mut warnings, _) = both();
        assert_eq!(warnings.first().map(|w| w.line), Some(0));
        warnings.push(warning("a.csv", 1, "a found at 1"));
        warnings.sort_in_file_order(&files());
        let listed = reasons(&warnings);
        assert_eq!(listed.len(), 9);
        assert_eq!(listed[5..7], ["a found at 1", "a bulk at 1"]);
    }

    #[test]
    fn warnings_alike_compare_equal_however_they_were_found() {
        let (bulk, _) = both();
        let worded: Warnings = bulk.iter().cloned().collect();
        assert_eq!(bulk, worded);
        assert_eq!(format!("{bulk:?}"), format!("{worded:?}"));
        let fewer: Warnings = bulk.iter().skip(1).cloned().collect();
        assert_ne!(bulk, fewer);
    }
}
