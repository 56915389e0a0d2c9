//! A header line met again among a file's rows, as `cat` of two exports
//! writes it (and of two `.csv.gz` files, which read as one of two
//! members). The same header is passed over, with a warning. A header
//! naming other columns ends what can be read: the rows after it would be
//! read under the first header's columns and units (`hgb,plt` swapped made
//! platelets 11.5), so they are not read, and the file says where to split.

use crate::ingest::csv_record::Fields;
use crate::ingest::shape;
use crate::ingest::vocabulary::{ColumnRole, classify_column};

use super::parse::Plan;

/// What a record that is a header is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeated {
    /// The file's own header again.
    Same,
    /// A header of other columns (or of the same in another order or unit).
    Other,
}

/// Why a repeated header of the file's own columns is passed over.
pub const SAME_HEADER: &str =
    "the header again (two exports joined?): passed over, and the rows after it read as before";

/// Whether `record` (a row the general reader could not load) is a header:
/// one whose cell under the patient or the time names a patient or time
/// column, and the file's own header or another one that makes a usable
/// file. Only rows refused or ignored are looked at.
pub fn repeated_header(record: &impl Fields, plan: Plan<'_>) -> Option<Repeated> {
    let name_at = |index: usize| {
        let name = record.text(index).unwrap_or_default().trim();
        // A byte-order mark where the joined file began.
        name.strip_prefix('\u{FEFF}').unwrap_or(name)
    };
    // First the cells under the patient and the time, which a header names
    // (a MIMIC-IV row of another test with a comment comes this way: its
    // `10000032` is no column's name, and it costs no more).
    let common = plan.shape.common();
    let names_a_column = |index: usize| {
        matches!(
            classify_column(name_at(index)),
            Ok(ColumnRole::PatientId | ColumnRole::Time)
        )
    };
    if !names_a_column(common.patient) && !names_a_column(common.time) {
        return None;
    }
    let names: Vec<&str> = (0..record.count()).map(name_at).collect();
    let same = names.len() == plan.headers.len()
        && names
            .iter()
            .zip(plan.headers)
            .all(|(name, header)| name.eq_ignore_ascii_case(header));
    if same {
        return Some(Repeated::Same);
    }
    let owned: Vec<String> = names.iter().map(|name| (*name).to_string()).collect();
    shape::plan(&owned).is_ok().then_some(Repeated::Other)
}

/// Why the rows from a header of other columns on are not read.
pub fn other_header_reason(header_line: u64, rows_after: u64) -> String {
    let rows = match rows_after {
        0 => String::new(),
        1 => " and the row after it".to_string(),
        n => format!(" and the {n} rows after it"),
    };
    format!(
        "another header, naming other columns than line {header_line}'s (two exports joined?): \
         the rows after it would be read under line {header_line}'s columns and units, so this \
         line{rows} are not read; split the file here and load the two parts"
    )
}

#[cfg(test)]
mod tests {
    use crate::ingest::load_texts;
    use crate::model::{Analyte, Dataset};

    /// `rows` rows of patient P1, a day apart from 2024-01-01, platelets
    /// then hemoglobin.
    fn rows(from_day: usize, count: usize, swapped: bool) -> String {
        (from_day..from_day + count)
            .map(|day| {
                let (plt, hgb) = (100 + day, "11.5");
                let date = format!("2024-01-{:02}", day + 1);
                if swapped {
                    format!("P1,{date},{hgb},{plt}\n")
                } else {
                    format!("P1,{date},{plt},{hgb}\n")
                }
            })
            .collect()
    }

    fn platelets(dataset: &Dataset) -> Vec<String> {
        let patient = dataset.patient("P1").expect("P1");
        dataset
            .draws(patient)
            .iter()
            .map(|draw| {
                draw.values
                    .get(Analyte::Plt)
                    .shown_amount()
                    .unwrap_or_default()
            })
            .collect()
    }

    /// Two exports joined, the second with its columns in another order:
    /// its rows are never read under the first header (hemoglobin 11.5 as
    /// platelets), wherever the header falls among the chunks the workers
    /// read (a few bytes each in tests).
    #[test]
    fn rows_after_a_header_of_other_columns_are_not_read() {
        let text = format!(
            "patient_id,collected_at,plt,hgb\n{}patient_id,collected_at,hgb,plt\n{}",
            rows(0, 12, false),
            rows(12, 9, true)
        );
        let dataset = load_texts(&[("joined.csv", &text)]).expect("loads");
        let expected: Vec<String> = (100..112).map(|plt| plt.to_string()).collect();
        assert_eq!(platelets(&dataset), expected);
        let report = dataset.report();
        assert_eq!(report.rejected.len(), 1);
        assert_eq!(report.rejected[0].line, 14);
        assert_eq!(report.rejected[0].reason, super::other_header_reason(1, 9),);
        assert!(
            report.rejected[0]
                .reason
                .contains("this line and the 9 rows after it")
        );
    }

    /// The same header again (or in capitals) is passed over with a
    /// warning, and every row after it loads.
    #[test]
    fn the_same_header_again_is_passed_over() {
        for again in [
            "patient_id,collected_at,plt,hgb",
            "PATIENT_ID, Collected_At ,PLT,HGB",
        ] {
            let text = format!(
                "patient_id,collected_at,plt,hgb\n{}{again}\n{}",
                rows(0, 12, false),
                rows(12, 9, false)
            );
            let dataset = load_texts(&[("joined.csv", &text)]).expect("loads");
            assert_eq!(platelets(&dataset).len(), 21, "{again}");
            let report = dataset.report();
            assert!(report.rejected.is_empty(), "{again}: {:?}", report.rejected);
            let warned: Vec<(u64, &str)> = report
                .warnings
                .iter()
                .map(|w| (w.line, w.reason.as_str()))
                .collect();
            assert_eq!(warned, [(14, super::SAME_HEADER)], "{again}");
        }
    }

    /// A long file's header again is no row of another test.
    #[test]
    fn a_long_files_header_again_is_passed_over() {
        let header = "patient_id,collected_at,test,value,unit\n";
        let row = |day: usize| format!("P1,2024-01-{:02},plt,{},10^9/L\n", day + 1, 100 + day);
        let text: String = std::iter::once(header.to_string())
            .chain((0..8).map(row))
            .chain(std::iter::once(header.to_string()))
            .chain((8..16).map(row))
            .collect();
        let dataset = load_texts(&[("long.csv", &text)]).expect("loads");
        assert_eq!(platelets(&dataset).len(), 16);
        let report = dataset.report();
        assert_eq!(report.ignored, 0);
        assert_eq!(report.warnings.len(), 1);
        assert_eq!(report.warnings[0].line, 10);
    }
}
