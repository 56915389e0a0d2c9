//! The patient list's facts, computed once at start: each patient's current
//! severity and latest platelet direction; then filtering and sorting,
//! which are cheap enough to redo on every key press.

use std::cmp::Reverse;

use crate::clinical::{Category, Direction, Thresholds, direction};
use crate::model::{Analyte, Dataset, Patient};
use crate::report;
use crate::text::printable;

/// One patient as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PatientRow {
    /// Position in [`Dataset::patients`].
    pub index: usize,
    /// The id, made safe to draw.
    pub id: String,
    /// The name, made safe to draw.
    pub name: Option<String>,
    /// The latest draw's category.
    pub category: Category,
    /// True when missing values leave a higher category open.
    pub open: bool,
    /// Which way the platelets moved between the last two counts.
    pub platelets: Option<Direction>,
    /// The latest draw's time (seconds since the epoch), for sorting.
    pub latest: i64,
    /// The latest draw's date, as shown.
    pub latest_date: String,
    /// Id and name in lower case, for the filter.
    haystack: String,
}

/// How the patient list is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Most severe first, then by id.
    Severity,
    /// By id.
    Id,
    /// Latest draw first.
    Latest,
}

impl SortKey {
    /// The next key of the `s` cycle.
    pub const fn next(self) -> SortKey {
        match self {
            SortKey::Severity => SortKey::Id,
            SortKey::Id => SortKey::Latest,
            SortKey::Latest => SortKey::Severity,
        }
    }

    /// How the list title names it.
    pub const fn label(self) -> &'static str {
        match self {
            SortKey::Severity => "severity",
            SortKey::Id => "id",
            SortKey::Latest => "latest draw",
        }
    }
}

/// The rows of every patient with at least one draw, in id order; with
/// `only`, just that patient.
pub fn build_rows(
    dataset: &Dataset,
    thresholds: &Thresholds,
    only: Option<&str>,
) -> Vec<PatientRow> {
    let position = |patient: &Patient| {
        dataset
            .patients()
            .iter()
            .position(|p| std::ptr::eq(p, patient))
            .unwrap_or(0)
    };
    // Summaries follow the dataset's id order, so positions can be walked
    // in step rather than searched for each patient.
    let mut next = 0;
    report::summarize(dataset, thresholds)
        .into_iter()
        .filter(|summary| only.is_none_or(|id| summary.patient.id == id))
        .map(|summary| {
            let patient = summary.patient;
            let index = match dataset.patients().get(next) {
                Some(p) if std::ptr::eq(p, patient) => next,
                _ => position(patient),
            };
            next = index + 1;
            let name = patient.name.as_deref().map(|n| printable(n).into_owned());
            PatientRow {
                index,
                id: printable(&patient.id).into_owned(),
                haystack: format!("{}\n{}", patient.id, patient.name.as_deref().unwrap_or(""))
                    .to_lowercase(),
                name,
                category: summary.severity.category,
                open: !summary.severity.could_be.is_empty(),
                platelets: platelet_direction(dataset, patient),
                latest: summary.latest.time.instant(),
                latest_date: super::format::date(summary.latest.time),
            }
        })
        .collect()
}

/// The direction between the last two draws that counted platelets.
fn platelet_direction(dataset: &Dataset, patient: &Patient) -> Option<Direction> {
    let mut counts = dataset
        .draws(patient)
        .iter()
        .rev()
        .map(|draw| draw.values.get(Analyte::Plt))
        .filter(|value| !value.is_missing());
    let latest = counts.next()?;
    let previous = counts.next()?;
    direction(previous, latest)
}

/// The arrow for a platelet direction; `·` when there is no earlier count
/// or the values (censored) leave it open.
pub const fn arrow(direction: Option<Direction>) -> &'static str {
    match direction {
        Some(Direction::Up) => "↑",
        Some(Direction::Down) => "↓",
        Some(Direction::Steady) => "→",
        None => "·",
    }
}

/// The positions in `rows` of the patients matching `filter` (id or name,
/// any case), in `sort` order.
pub fn arrange(rows: &[PatientRow], filter: &str, sort: SortKey) -> Vec<usize> {
    let needle = filter.to_lowercase();
    let mut shown: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.haystack.contains(&needle))
        .map(|(position, _)| position)
        .collect();
    // Rows are in id order already; stable sorts keep it as the tie-break.
    match sort {
        SortKey::Id => {}
        SortKey::Severity => {
            shown.sort_by_key(|&i| rows.get(i).map(|r| Reverse((r.category, r.open))));
        }
        SortKey::Latest => shown.sort_by_key(|&i| rows.get(i).map(|r| Reverse(r.latest))),
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Decimal, Draw, LoadReport, PatientInfo, Timestamp, Values};

    fn dataset() -> Dataset {
        let mut builder = crate::model::DatasetBuilder::new();
        let draw = |day: u8, plt: u32, anc: &str, hgb: &str| Draw {
            time: Timestamp::from_date(2024, 1, day).unwrap(),
            values: Values::EMPTY
                .with(Analyte::Plt, Decimal::lit(plt, 0))
                .with(Analyte::Anc, Decimal::parse(anc).unwrap())
                .with(Analyte::Hgb, Decimal::parse(hgb).unwrap()),
        };
        let info = |id: &str, name: &str| PatientInfo {
            id: id.into(),
            name: Some(name.into()),
            ..PatientInfo::default()
        };
        builder.add_patient(info("B2", "Zed, Ann"), vec![draw(1, 30, "1.0", "9")]);
        builder.add_patient(
            info("A1", "Young, Bo"),
            vec![draw(1, 200, "3", "14"), draw(9, 150, "3", "14")],
        );
        builder.add_patient(
            info("C3", "Xu, Cy\u{1b}[2J"),
            vec![draw(2, 10, "0.1", "7"), draw(3, 12, "0.1", "7")],
        );
        builder.build(LoadReport::default())
    }

    #[test]
    fn rows_carry_severity_direction_and_safe_text() {
        let rows = build_rows(&dataset(), &Thresholds::default(), None);
        let ids: Vec<_> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["A1", "B2", "C3"]);
        assert_eq!(rows[0].platelets, Some(Direction::Down));
        assert_eq!(rows[1].platelets, None);
        assert_eq!(rows[2].platelets, Some(Direction::Up));
        // ANC 0.1 and platelets 12 meet two severe-criteria without the
        // missing reticulocytes, and ANC < 0.2 makes it very severe.
        assert_eq!(rows[2].category, Category::VerySevere);
        assert!(!rows[2].open);
        assert_eq!(rows[1].category, Category::NonSevere);
        assert_eq!(rows[2].name.as_deref(), Some("Xu, Cy\\u{1b}[2J"));
        assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn filter_matches_id_or_name_in_any_case_and_sorts() {
        let rows = build_rows(&dataset(), &Thresholds::default(), None);
        assert_eq!(arrange(&rows, "", SortKey::Id), [0, 1, 2]);
        assert_eq!(arrange(&rows, "", SortKey::Severity), [2, 1, 0]);
        assert_eq!(arrange(&rows, "", SortKey::Latest), [0, 2, 1]);
        assert_eq!(arrange(&rows, "zed", SortKey::Id), [1]);
        assert_eq!(arrange(&rows, "c3", SortKey::Id), [2]);
        assert!(arrange(&rows, "nobody", SortKey::Id).is_empty());
    }

    #[test]
    fn only_keeps_one_patient() {
        let rows = build_rows(&dataset(), &Thresholds::default(), Some("B2"));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].index, 1);
    }

    #[test]
    fn sort_cycles_through_three_keys() {
        assert_eq!(SortKey::Severity.next().next().next(), SortKey::Severity);
    }
}
