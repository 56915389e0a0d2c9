//! Patients and their draws, as loaded: the one structure every view reads.

use std::ops::Range;

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

/// Every loaded patient (sorted by id) with their draws (oldest first), and
/// the report of what was not loaded.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    patients: Vec<Patient>,
    times: Vec<Timestamp>,
    values: Vec<Values>,
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
        DrawSlice {
            times: &self.times[patient.draws.clone()],
            values: &self.values[patient.draws.clone()],
        }
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

    /// Every draw, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Draw> + ExactSizeIterator + 'a {
        self.times
            .iter()
            .zip(self.values)
            .map(|(&time, &values)| Draw { time, values })
    }
}

/// Collects patients and draws into a [`Dataset`].
#[derive(Debug, Default)]
pub struct DatasetBuilder {
    patients: Vec<(PatientInfo, Vec<Draw>)>,
}

impl DatasetBuilder {
    /// An empty builder.
    pub fn new() -> DatasetBuilder {
        DatasetBuilder::default()
    }

    /// Adds a patient with their draws, which must be in input order; they are
    /// sorted by time, keeping input order on a tie.
    pub fn add_patient(&mut self, info: PatientInfo, draws: Vec<Draw>) -> &mut DatasetBuilder {
        self.patients.push((info, draws));
        self
    }

    /// The dataset, patients sorted by id.
    pub fn build(self, report: LoadReport) -> Dataset {
        let mut patients = self.patients;
        patients.sort_by(|(a, _), (b, _)| a.id.cmp(&b.id));
        let total = patients.iter().map(|(_, draws)| draws.len()).sum();
        let mut dataset = Dataset {
            patients: Vec::with_capacity(patients.len()),
            times: Vec::with_capacity(total),
            values: Vec::with_capacity(total),
            report,
        };
        for (info, mut draws) in patients {
            draws.sort_by_key(|draw| draw.time.instant());
            let start = dataset.times.len();
            for draw in draws {
                dataset.times.push(draw.time);
                dataset.values.push(draw.values);
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
}
