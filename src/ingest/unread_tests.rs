//! Tests named like a blood count that no reader reads (`Platelet Count`
//! in a long file, a `measurement_source_value` of concept 0 in OMOP, an
//! HL7 OBX-3 or a FHIR code with only the lab's own code):
//! their rows are counted ignored, and each name is said once per file, at
//! its first row, with how many rows it had.

/// The names met in one file (or one chunk of it), each with where it was
/// first met (`At`: a line, or a file's line) and its rows, in the order
/// met.
#[derive(Debug)]
pub struct UnreadTests<At> {
    seen: Vec<(String, At, u64)>,
}

impl<At> Default for UnreadTests<At> {
    fn default() -> Self {
        UnreadTests { seen: Vec::new() }
    }
}

impl<At: Copy> UnreadTests<At> {
    /// Counts `rows` rows of `name`, first met `at` when it is new.
    pub fn note(&mut self, name: &str, at: At, rows: u64) {
        match self.seen.iter_mut().find(|(seen, _, _)| seen == name) {
            Some((_, _, count)) => *count += rows,
            None => self.seen.push((name.to_string(), at, rows)),
        }
    }

    /// Forgets every name (a chunk's buffers are read into again).
    pub fn clear(&mut self) {
        self.seen.clear();
    }

    /// Each name, where it was first met, and its rows.
    pub fn iter(&self) -> impl Iterator<Item = (&str, At, u64)> {
        self.seen
            .iter()
            .map(|(name, at, rows)| (name.as_str(), *at, *rows))
    }
}

/// Why a test named like a blood count is not read (a long file's test, a
/// source value): its name is not one hemotrend reads.
pub fn reason(name: &str, rows: u64) -> String {
    said(
        name,
        rows,
        "is not a name hemotrend reads: its values are not loaded (counted ignored); name the \
         test as docs/inputs.md lists (plt, wbc, hgb, anc, ...) or by its LOINC code",
    )
}

/// Why a coded result named like a blood count is not read (an HL7 OBX-3,
/// a FHIR Observation's code): it carries no LOINC code, only a local one,
/// and a local code's name is not read as the test, since a lab's own
/// codes name what it likes.
pub fn coded_reason(name: &str, rows: u64) -> String {
    said(
        name,
        rows,
        "has no LOINC code, only the lab's own: its values are not loaded (counted ignored); \
         send it with its LOINC code (777-3 platelets, 6690-2 leukocytes, 718-7 hemoglobin, ...)",
    )
}

/// `test "<name>" (on N rows, the first here) is named like a blood count
/// but <why>`.
fn said(name: &str, rows: u64, why: &str) -> String {
    let on = match rows {
        1 => "on this row".to_string(),
        n => format!("on {n} rows, the first here"),
    };
    format!(
        "test \"{}\" ({on}) is named like a blood count but {why}",
        crate::safe_text::printable(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_is_counted_once_where_first_met() {
        let mut unread = UnreadTests::default();
        unread.note("Platelet Count", 2, 1);
        unread.note("WBC Count", 3, 1);
        unread.note("Platelet Count", 9, 4);
        let seen: Vec<_> = unread.iter().collect();
        assert_eq!(seen, [("Platelet Count", 2, 5), ("WBC Count", 3, 1)]);
        unread.clear();
        assert_eq!(unread.iter().count(), 0);
    }
}
