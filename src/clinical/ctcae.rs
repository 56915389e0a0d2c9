//! CTCAE v5.0 grades of the "decreased" terms (`clinical.md` §3).
//!
//! Grade n holds below the grade-n line: grade 1 below the LLN, grades 2-4
//! below the lines of [`CtcaeCutoffs`](super::thresholds::CtcaeCutoffs). "<A-B"
//! in CTCAE means B <= value < A, so a value equal to a line is in the lower
//! grade: ANC 0.5 is G3, 0.49 is G4; a value equal to the LLN is grade 0.

use std::fmt;

use super::comparison::{Outcome, below_cutoff};
use super::flags::reference_range;
use super::thresholds::Thresholds;
use crate::model::{Analyte, Decimal, Sex, Value};

/// The CTCAE version graded; v6 moved the platelet and neutrophil lines, so
/// the screen names it.
pub const CTCAE_VERSION: &str = "CTCAE v5.0";

/// The analytes CTCAE v5.0 grades as "decreased" terms, in the order the
/// screen's and the report's grade lines list them.
pub const CTCAE_GRADED: [Analyte; 5] = [
    Analyte::Wbc,
    Analyte::Hgb,
    Analyte::Plt,
    Analyte::Anc,
    Analyte::Alc,
];

/// A CTCAE grade, or the range of grades a censored value allows.
///
/// `low == high` for an exact value; platelets `<30` allow 3..=4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Grade {
    /// The least grade the value allows (0: not decreased).
    pub low: u8,
    /// The greatest grade the value allows.
    pub high: u8,
}

impl Grade {
    /// True when the value decides a single grade.
    pub const fn is_exact(self) -> bool {
        self.low == self.high
    }
}

impl fmt::Display for Grade {
    /// `G3`, or `G3-4` for a range.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = if self.is_exact() {
            format!("G{}", self.low)
        } else {
            format!("G{}-{}", self.low, self.high)
        };
        f.pad(&text)
    }
}

/// The CTCAE grade of a value, against the LLN of `t` for this sex.
///
/// `None` for a missing value and for the analytes without a "decreased"
/// term graded here (RBC, hematocrit, MCV, reticulocytes). Hemoglobin
/// ("anemia") stops at grade 3: CTCAE gives grade 4 no number.
pub fn ctcae_grade(analyte: Analyte, value: Value, sex: Sex, t: &Thresholds) -> Option<Grade> {
    let (lln, _) = reference_range(analyte, sex, t);
    ctcae_grade_with_lln(analyte, value, Some(lln), t)
}

/// [`ctcae_grade`] with an explicit LLN, such as the lab's own or the one
/// for the patient's age (`None`: the age has no lower limit, so grades come
/// from the numbered lines alone).
///
/// A value proven at or above the LLN is grade 0 even where a child's LLN
/// lies below a grade line (hemoglobin 9.5 g/dL at 2 months, LLN 9.0): the
/// terms are "decreased", and a count normal for the age is not.
pub fn ctcae_grade_with_lln(
    analyte: Analyte,
    value: Value,
    lln: Option<Decimal>,
    t: &Thresholds,
) -> Option<Grade> {
    let [g2, g3, g4] = t.ctcae.lines(analyte)?;
    if value.is_missing() {
        return None;
    }
    // Each line compared once (a table of 100,000 patients grades five
    // analytes each): the LLN's outcome first, then the grade lines'.
    let outcomes = [(1, lln), (2, g2), (3, g3), (4, g4)]
        .map(|(grade, line)| (grade, line.map(|line| below_cutoff(value, line))));
    let at_lln = outcomes[0].1;
    if at_lln == Some(Outcome::NotMet) {
        return Some(Grade { low: 0, high: 0 });
    }
    // A lower value never has a lower grade, so the least grade the value
    // allows is the highest line it is proven below, and the greatest is the
    // highest line it may be below.
    let highest = |keep: fn(Outcome) -> bool| {
        outcomes
            .iter()
            .filter(|&&(_, outcome)| outcome.is_some_and(keep))
            .map(|&(grade, _)| grade)
            .max()
            .unwrap_or(0)
    };
    // A censored value that may lie at or above the LLN may be grade 0
    // (`<1.5` at 2 months, LLN 1.0: 1.2 is normal), whatever lines it is
    // proven below.
    let may_be_normal = at_lln.is_some_and(|outcome| outcome != Outcome::Met);
    Some(Grade {
        low: if may_be_normal {
            0
        } else {
            highest(|outcome| outcome == Outcome::Met)
        },
        high: highest(|outcome| outcome != Outcome::NotMet),
    })
}
