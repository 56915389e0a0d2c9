//! The latest draw's most alarming result, shown beside the category so
//! that an isolated critical cytopenia (immune thrombocytopenia with
//! platelets 6: `none`, but CTCAE grade 4) never reads or sorts as healthy
//! (`clinical.md` §1 "Words on screen").

use super::{Flag, Thresholds, ctcae_grade_with_lln, flag_for_range, range_in_use};
use crate::model::{Analyte, DrawSlice, Patient};

/// The highest CTCAE grade the latest draw proves, else its worst flag,
/// with the analyte it belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Alarm {
    /// The CTCAE grade proven (0: none).
    pub grade: u8,
    /// The greatest grade the value allows: above `grade` for a censored
    /// value (`<30` platelets: grade 3 or 4).
    pub grade_high: u8,
    /// The flag of that analyte.
    pub flag: Option<Flag>,
    /// Which analyte; `None` when every value is within its limits.
    pub analyte: Option<Analyte>,
}

const fn flag_rank(flag: Option<Flag>) -> usize {
    match flag {
        None => 0,
        Some(Flag::Undecided) => 1,
        Some(Flag::High) => 2,
        Some(Flag::Low) => 3,
        Some(Flag::CriticalLow) => 4,
    }
}

/// How many [`Alarm::rank`]s there are.
pub const RANKS: usize = 5 * 5;

impl Alarm {
    /// Higher is more alarming: the grade first, then the flag.
    pub const fn rank(self) -> usize {
        self.grade as usize * 5 + flag_rank(self.flag)
    }

    /// `G4 PLT`, `G3-4 PLT` (a censored value: either grade), `LL ANC`,
    /// `H MCV`, or nothing.
    pub fn text(self) -> String {
        match (self.analyte, self.grade, self.flag) {
            (Some(analyte), 1.., _) if self.grade_high > self.grade => format!(
                "G{}-{} {}",
                self.grade,
                self.grade_high,
                analyte.short_label()
            ),
            (Some(analyte), 1.., _) => format!("G{} {}", self.grade, analyte.short_label()),
            (Some(analyte), 0, Some(flag)) => format!("{} {}", flag.code(), analyte.short_label()),
            _ => String::new(),
        }
    }

    /// [`Alarm::text`] one character shorter for a range of grades, where
    /// room is short: `G3+ PLT` (grade 3 or more) for `G3-4 PLT`.
    pub fn short_text(self) -> String {
        match self.analyte {
            Some(analyte) if self.grade > 0 && self.grade_high > self.grade => {
                format!("G{}+ {}", self.grade, analyte.short_label())
            }
            _ => self.text(),
        }
    }

    /// The grade (or flag) alone, where not even [`Alarm::short_text`]
    /// fits: `G3+`, `G4`, `LL`; a grade is never shown as less than the
    /// value allows for want of room.
    pub fn grade_text(self) -> String {
        match (self.analyte, self.grade, self.flag) {
            (Some(_), 1.., _) if self.grade_high > self.grade => format!("G{}+", self.grade),
            (Some(_), 1.., _) => format!("G{}", self.grade),
            (Some(_), 0, Some(flag)) => flag.code().to_string(),
            _ => String::new(),
        }
    }
}

/// The alarm of the latest draw of `patient` (its last position), against
/// the limits in force for it: the lab's, the age's, else the adult ones.
pub fn latest_alarm(patient: &Patient, draws: &DrawSlice<'_>, t: &Thresholds) -> Alarm {
    let Some(index) = draws.len().checked_sub(1) else {
        return Alarm::default();
    };
    let Some(latest) = draws.get(index) else {
        return Alarm::default();
    };
    let age = t.age.age_for_limits(patient.birth_date, latest.time);
    let mut worst = Alarm::default();
    for (analyte, value) in latest.values.iter() {
        if value.is_missing() {
            continue;
        }
        let lab = draws.lab_range(index, analyte);
        let range = range_in_use(analyte, patient.sex, age, lab, t);
        let flag = flag_for_range(analyte, value, range, t);
        let (grade, grade_high) = ctcae_grade_with_lln(analyte, value, range.lower, t)
            .map_or((0, 0), |g| (g.low, g.high));
        let alarm = Alarm {
            grade,
            grade_high,
            flag,
            analyte: Some(analyte),
        };
        // A grade counts without a flag too: a newborn's ANC of 0.8 has no
        // lower limit to be flagged against, but is CTCAE grade 3.
        if (flag.is_some() || grade > 0) && alarm.rank() > worst.rank() {
            worst = alarm;
        }
    }
    worst
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alarm_reads_without_colour_and_ranks_grades_first() {
        let g4 = Alarm {
            grade: 4,
            grade_high: 4,
            flag: Some(Flag::CriticalLow),
            analyte: Some(Analyte::Plt),
        };
        let h = Alarm {
            grade: 0,
            grade_high: 0,
            flag: Some(Flag::High),
            analyte: Some(Analyte::Mcv),
        };
        // `<30` platelets: grade 3 or 4.
        let g3_4 = Alarm {
            grade: 3,
            grade_high: 4,
            flag: Some(Flag::Low),
            analyte: Some(Analyte::Plt),
        };
        assert_eq!(g4.text(), "G4 PLT");
        assert_eq!(g4.short_text(), "G4 PLT");
        assert_eq!(g3_4.text(), "G3-4 PLT");
        assert_eq!(g3_4.short_text(), "G3+ PLT");
        assert_eq!(g3_4.grade_text(), "G3+");
        assert_eq!(g4.grade_text(), "G4");
        assert_eq!(h.grade_text(), "H");
        assert_eq!(Alarm::default().grade_text(), "");
        assert_eq!(h.text(), "H MCV");
        assert_eq!(Alarm::default().text(), "");
        assert!(g4.rank() > h.rank() && h.rank() > Alarm::default().rank());
        assert!(g4.rank() < RANKS);
    }
}
