//! Patients and their draws, as loaded: the one structure every view reads.

use std::ops::Range;

use super::analyte::Analyte;
use super::lab_range::{self, LabRange, RangeEntry};
use super::load_report::LoadReport;
use super::timestamp::Timestamp;
use super::value::Values;

/// Sex as the input gave it; it selects the reference limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Male limits.
    Male,
    /// Female limits.
    Female,
    /// Not given or not M/F: the more sensitive limit of the two is used.
    #[default]
    Unknown,
}

impl Sex {
    /// `"M"`, `"F"`, or `None` when unknown (as JSON writes it).
    pub const fn code(self) -> Option<&'static str> {
        match self {
            Sex::Male => Some("M"),
            Sex::Female => Some("F"),
            Sex::Unknown => None,
        }
    }
}

/// One blood draw: when, and the values measured in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Draw {
    /// Collection time.
    pub time: Timestamp,
    /// Each analyte's value in canonical units (missing where not measured).
    pub values: Values,
}

/// One patient: who, and which draws are theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patient {
    /// The identifier as written in the input.
    pub id: String,
    /// Display name, when the input has one.
    pub name: Option<String>,
    /// Sex, for the reference limits.
    pub sex: Sex,
    /// Birth date, when the input has one.
    pub birth_date: Option<Timestamp>,
    /// Positions of this patient's draws in the dataset, oldest first.
    draws: Range<usize>,
}

impl Patient {
    /// How many draws this patient has.
    pub fn draw_count(&self) -> usize {
        self.draws.len()
    }
}

/// Who a patient is, before their draws are attached.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatientInfo {
    /// The identifier as written in the input.
    pub id: String,
    /// Display name, when the input has one.
    pub name: Option<String>,
    /// Sex, for the reference limits.
    pub sex: Sex,
    /// Birth date, when the input has one.
    pub birth_date: Option<Timestamp>,
}

/// Every loaded patient (sorted by id) with their draws (oldest first), the
/// reference ranges labs gave with results, and the report of what was not
/// loaded.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    patients: Vec<Patient>,
    times: Vec<Timestamp>,
    values: Vec<Values>,
    /// Lab ranges, sorted by draw position then analyte: sparse, since most
    /// results come without one.
    lab_ranges: Vec<RangeEntry>,
    report: LoadReport,
}

impl Dataset {
    /// Every patient, sorted by id.
    pub fn patients(&self) -> &[Patient] {
        &self.patients
    }

    /// The patient with this id.
    pub fn patient(&self, id: &str) -> Option<&Patient> {
        self.patients
            .binary_search_by(|patient| patient.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.patients[index])
    }

    /// A patient's draws, oldest first (ties in input order).
    pub fn draws(&self, patient: &Patient) -> DrawSlice<'_> {
        let range = patient.draws.clone();
        let first = self
            .lab_ranges
            .partition_point(|entry| (entry.draw as usize) < range.start);
        let end = self
            .lab_ranges
            .partition_point(|entry| (entry.draw as usize) < range.end);
        DrawSlice {
            times: &self.times[range.clone()],
            values: &self.values[range.clone()],
            lab_ranges: &self.lab_ranges[first..end],
            start: range.start,
        }
    }

    /// The reference range the lab gave with this analyte's result in the
    /// patient's draw at `draw_index` (oldest = 0), if it gave one.
    pub fn lab_range(
        &self,
        patient: &Patient,
        draw_index: usize,
        analyte: Analyte,
    ) -> Option<LabRange> {
        if draw_index >= patient.draws.len() {
            return None;
        }
        let position = u32::try_from(patient.draws.start + draw_index).ok()?;
        lab_range::find(&self.lab_ranges, position, analyte)
    }

    /// How many draws all patients have together.
    pub fn draw_count(&self) -> usize {
        self.times.len()
    }

    /// What the load kept out, and why.
    pub fn report(&self) -> &LoadReport {
        &self.report
    }
}

/// One patient's draws, oldest first: a cheap view into the dataset.
#[derive(Clone, Copy, Debug)]
pub struct DrawSlice<'a> {
    times: &'a [Timestamp],
    values: &'a [Values],
    /// The lab ranges of these draws only.
    lab_ranges: &'a [RangeEntry],
    /// Dataset position of the first draw, to find its lab ranges.
    start: usize,
}

impl<'a> DrawSlice<'a> {
    /// How many draws.
    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// The draw at this position, oldest = 0.
    pub fn get(&self, index: usize) -> Option<Draw> {
        Some(Draw {
            time: *self.times.get(index)?,
            values: *self.values.get(index)?,
        })
    }

    /// The most recent draw (the later input line on a tie).
    pub fn latest(&self) -> Option<Draw> {
        self.len().checked_sub(1).and_then(|last| self.get(last))
    }

    /// Collection times, oldest first.
    pub fn times(&self) -> &'a [Timestamp] {
        self.times
    }

    /// The range the lab gave with this analyte's result in the draw at
    /// `index` (oldest = 0), if it gave one.
    pub fn lab_range(&self, index: usize, analyte: Analyte) -> Option<LabRange> {
        if index >= self.len() {
            return None;
        }
        let position = u32::try_from(self.start + index).ok()?;
        lab_range::find(self.lab_ranges, position, analyte)
    }

    /// Every draw, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Draw> + ExactSizeIterator + 'a {
        self.times
            .iter()
            .zip(self.values)
            .map(|(&time, &values)| Draw { time, values })
    }
}

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
        let mut dataset = Dataset {
            patients: Vec::with_capacity(patients.len()),
            times: Vec::with_capacity(total),
            values: Vec::with_capacity(total),
            lab_ranges: Vec::new(),
            report,
        };
        for (info, draws, ranges) in patients {
            // Sort positions rather than draws, to carry the ranges along.
            let mut order: Vec<usize> = (0..draws.len()).collect();
            order.sort_by_key(|&index| draws[index].time.instant());
            let start = dataset.times.len();
            let mut position_of = vec![0usize; draws.len()];
            for (offset, &index) in order.iter().enumerate() {
                position_of[index] = start + offset;
                dataset.times.push(draws[index].time);
                dataset.values.push(draws[index].values);
            }
            for (index, analyte, range) in ranges {
                let Some(&position) = position_of.get(index) else {
                    continue;
                };
                if let Ok(draw) = u32::try_from(position) {
                    dataset.lab_ranges.push(RangeEntry {
                        draw,
                        analyte,
                        range,
                    });
                }
            }
            dataset.patients.push(Patient {
                id: info.id,
                name: info.name,
                sex: info.sex,
                birth_date: info.birth_date,
                draws: start..dataset.times.len(),
            });
        }
        dataset
            .lab_ranges
            .sort_by_key(|entry| (entry.draw, entry.analyte));
        dataset
            .lab_ranges
            .dedup_by_key(|entry| (entry.draw, entry.analyte));
        dataset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Analyte, Decimal};

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
