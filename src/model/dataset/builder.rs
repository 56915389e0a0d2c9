//! Builds a [`Dataset`] from patients and their draws, in any order.

use crate::model::analyte::Analyte;
use crate::model::lab_range::{LabRange, RangeEntry};
use crate::model::load_report::LoadReport;
use crate::model::packed::PackedValues;

use super::{Dataset, DatasetParts, Draw, Patient, PatientInfo};

/// A lab range of one draw given to [`DatasetBuilder::add_patient_with_ranges`]:
/// the draw's position in the vector given, the analyte and the range.
pub type DrawRange = (usize, Analyte, LabRange);

/// Collects patients and draws into a [`Dataset`].
#[derive(Debug, Default)]
pub struct DatasetBuilder {
    patients: Vec<(PatientInfo, Vec<Draw>, Vec<DrawRange>)>,
}

impl DatasetBuilder {
    /// An empty builder.
    pub fn new() -> DatasetBuilder {
        DatasetBuilder::default()
    }

    /// Adds a patient with their draws, which must be in input order; they are
    /// sorted by time, keeping input order on a tie.
    pub fn add_patient(&mut self, info: PatientInfo, draws: Vec<Draw>) -> &mut DatasetBuilder {
        self.add_patient_with_ranges(info, draws, Vec::new())
    }

    /// [`DatasetBuilder::add_patient`] with the ranges labs gave, each naming
    /// its draw by position in `draws` (a range naming no draw is dropped).
    pub fn add_patient_with_ranges(
        &mut self,
        info: PatientInfo,
        draws: Vec<Draw>,
        ranges: Vec<DrawRange>,
    ) -> &mut DatasetBuilder {
        self.patients.push((info, draws, ranges));
        self
    }

    /// The dataset, patients sorted by id.
    pub fn build(self, report: LoadReport) -> Dataset {
        let mut patients = self.patients;
        patients.sort_by(|(a, ..), (b, ..)| a.id.cmp(&b.id));
        let total = patients.iter().map(|(_, draws, _)| draws.len()).sum();
        let mut parts = DatasetParts {
            patients: Vec::with_capacity(patients.len()),
            times: Vec::with_capacity(total),
            values: Vec::with_capacity(total),
            ..DatasetParts::default()
        };
        for (info, draws, ranges) in patients {
            // Sort positions rather than draws, to carry the ranges along.
            let mut order: Vec<usize> = (0..draws.len()).collect();
            order.sort_by_key(|&index| draws[index].time.instant());
            let start = position(parts.times.len());
            let mut position_of = vec![0u32; draws.len()];
            for (offset, &index) in order.iter().enumerate() {
                let at = position(parts.times.len());
                position_of[index] = at;
                parts.times.push(draws[index].time);
                let packed = PackedValues::pack(&draws[index].values, at, &mut parts.escapes);
                parts.values.push(packed);
                debug_assert_eq!(at, start + offset as u32);
            }
            for (index, analyte, range) in ranges {
                if let Some(&draw) = position_of.get(index) {
                    parts.lab_ranges.push(RangeEntry::new(draw, analyte, range));
                }
            }
            let end = position(parts.times.len());
            parts.patients.push(Patient::new(info, start..end));
        }
        parts
            .lab_ranges
            .sort_by_key(|entry| (entry.draw, entry.analyte));
        parts
            .lab_ranges
            .dedup_by_key(|entry| (entry.draw, entry.analyte));
        Dataset::from_parts(parts, report)
    }
}

/// A draw position; a dataset holds fewer than 2^32 draws (at 26 bytes
/// each, 100 GB), which a loader checks before building one.
fn position(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Decimal, Timestamp, Values};

    fn draw(day: u8, platelets: u32) -> Draw {
        Draw {
            time: Timestamp::from_date(2024, 1, day).unwrap(),
            values: Values::EMPTY.with(Analyte::Plt, Decimal::lit(platelets, 0)),
        }
    }

    fn info(id: &str) -> PatientInfo {
        PatientInfo {
            id: id.to_string(),
            ..PatientInfo::default()
        }
    }

    #[test]
    fn patients_sorted_by_id_and_draws_by_time() {
        let mut builder = DatasetBuilder::new();
        builder.add_patient(info("b"), vec![draw(3, 30), draw(1, 10), draw(2, 20)]);
        builder.add_patient(info("a"), vec![draw(5, 50)]);
        let dataset = builder.build(LoadReport::default());
        let ids: Vec<_> = dataset.patients().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let b = dataset.patient("b").unwrap();
        let platelets: Vec<_> = dataset
            .draws(b)
            .iter()
            .map(|d| d.values.reading(Analyte::Plt).unwrap().amount.to_string())
            .collect();
        assert_eq!(platelets, ["10", "20", "30"]);
        assert_eq!(dataset.draw_count(), 4);
        assert!(dataset.patient("c").is_none());
    }

    #[test]
    fn a_tie_keeps_input_order_so_latest_is_the_later_line() {
        let mut builder = DatasetBuilder::new();
        builder.add_patient(info("a"), vec![draw(1, 10), draw(1, 99)]);
        let dataset = builder.build(LoadReport::default());
        let latest = dataset.draws(&dataset.patients()[0]).latest().unwrap();
        assert_eq!(
            latest.values.reading(Analyte::Plt).unwrap().amount,
            Decimal::lit(99, 0)
        );
    }

    #[test]
    fn lab_ranges_follow_their_draws_through_the_sort() {
        let range = |lower, upper| LabRange {
            lower: Decimal::lit(lower, 0),
            upper: Decimal::lit(upper, 0),
            places: (0, 0),
            significant: (0, 0),
        };
        let mut builder = DatasetBuilder::new();
        // Given newest first: the range of the draw given at position 0
        // (day 3) must end up on the draw at index 2.
        builder.add_patient_with_ranges(
            info("b"),
            vec![draw(3, 30), draw(1, 10), draw(2, 20)],
            vec![
                (0, Analyte::Plt, range(140, 400)),
                (1, Analyte::Hgb, range(12, 16)),
                (7, Analyte::Plt, range(1, 2)),
            ],
        );
        builder.add_patient(info("a"), vec![draw(5, 50)]);
        let dataset = builder.build(LoadReport::default());
        let b = dataset.patient("b").unwrap();
        assert_eq!(dataset.lab_range(b, 2, Analyte::Plt), Some(range(140, 400)));
        assert_eq!(dataset.lab_range(b, 0, Analyte::Hgb), Some(range(12, 16)));
        assert_eq!(dataset.lab_range(b, 0, Analyte::Plt), None);
        assert_eq!(dataset.lab_range(b, 1, Analyte::Plt), None);
        assert_eq!(dataset.lab_range(b, 3, Analyte::Plt), None);
        let draws = dataset.draws(b);
        assert_eq!(draws.lab_range(2, Analyte::Plt), Some(range(140, 400)));
        assert_eq!(draws.lab_range(0, Analyte::Hgb), Some(range(12, 16)));
        assert_eq!(draws.lab_range(9, Analyte::Hgb), None);
        // Patient a's only draw comes first in the dataset and has none.
        let a = dataset.patient("a").unwrap();
        assert_eq!(dataset.lab_range(a, 0, Analyte::Plt), None);
        assert_eq!(dataset.draws(a).lab_range(0, Analyte::Hgb), None);
    }
}
