//! Checks that a loaded set of thresholds makes sense before it is used.
//!
//! Classification is sound for any numbers, but a config file with a lower
//! limit above its upper limit, or CTCAE lines out of order, would show
//! flags and grades that contradict each other; refuse it instead.

use super::thresholds::{BySex, Thresholds};
use crate::model::{Analyte, Decimal};

/// Why a set of thresholds is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ThresholdsError {
    /// A lower reference limit is not below its upper limit.
    #[error(
        "reference.{analyte}: the {sex} lower limit {lower} is not below the upper limit {upper}"
    )]
    LimitsOutOfOrder {
        /// The analyte's canonical name.
        analyte: &'static str,
        /// `"male"` or `"female"`.
        sex: &'static str,
        /// The lower limit given.
        lower: Decimal,
        /// The upper limit given.
        upper: Decimal,
    },
    /// A critical low is above a lower reference limit.
    #[error("critical_low.{analyte} {critical} is above the lower reference limit {lower}")]
    CriticalAboveLower {
        /// The analyte's canonical name.
        analyte: &'static str,
        /// The critical low given.
        critical: Decimal,
        /// The lower limit it exceeds.
        lower: Decimal,
    },
    /// An age band that ends where or before it starts, or an interval in
    /// it whose lower limit is not below its upper limit.
    #[error("age.band from {from} to {to}: {problem}")]
    AgeBandOutOfOrder {
        /// The band's start, as written.
        from: String,
        /// The band's end, as written.
        to: String,
        /// What is wrong.
        problem: String,
    },
    /// A severity cut-off not below the one of the category under it
    /// (very severe ANC under severe ANC under cytopenia ANC; severe
    /// platelets under cytopenia platelets).
    #[error("{higher} {high} is not below {lower} {low}: {why}")]
    CutoffsOutOfOrder {
        /// The cut-off of the worse category (`severe.plt`).
        higher: &'static str,
        /// Its value.
        high: Decimal,
        /// The cut-off it must be under (`cytopenia.plt`), or `0`.
        lower: &'static str,
        /// Its value.
        low: Decimal,
        /// Why the order matters.
        why: &'static str,
    },
    /// A severity cut-off at or under 0, which no value can be under.
    #[error(
        "{cutoff} {value} must be above 0: no value is under it, so the criterion could never be met"
    )]
    CutoffNotPositive {
        /// The cut-off (`severe.plt`).
        cutoff: &'static str,
        /// Its value.
        value: Decimal,
    },
    /// A critical low or a CTCAE grade line at or under 0: no value is
    /// under it, so it would never flag or grade.
    #[error("the {line} of {analyte}, {value}, must be above 0: no value is under it")]
    LineNotPositive {
        /// `critical low` or `CTCAE grade line`.
        line: &'static str,
        /// The analyte's canonical name.
        analyte: &'static str,
        /// Its value.
        value: Decimal,
    },
    /// CTCAE lines that do not fall strictly from grade 2 to grade 4.
    #[error(
        "ctcae.{analyte}: the grade lines must fall strictly from grade 2 to the highest grade"
    )]
    GradeLinesOutOfOrder {
        /// The analyte's canonical name.
        analyte: &'static str,
    },
}

impl Thresholds {
    /// Refuses thresholds whose numbers contradict each other.
    pub fn validate(&self) -> Result<(), ThresholdsError> {
        for analyte in Analyte::ALL {
            let limits = self.reference.get(analyte);
            let sexes = |by: BySex| [("male", by.male), ("female", by.female)];
            for ((sex, lower), (_, upper)) in
                sexes(limits.lower).into_iter().zip(sexes(limits.upper))
            {
                if lower >= upper {
                    return Err(ThresholdsError::LimitsOutOfOrder {
                        analyte: analyte.name(),
                        sex,
                        lower,
                        upper,
                    });
                }
            }
            if let Some(critical) = self.critical_low.get(analyte) {
                if critical <= Decimal::ZERO {
                    return Err(ThresholdsError::LineNotPositive {
                        line: "critical low",
                        analyte: analyte.name(),
                        value: critical,
                    });
                }
                let lower = limits.lower.male.min(limits.lower.female);
                if critical > lower {
                    return Err(ThresholdsError::CriticalAboveLower {
                        analyte: analyte.name(),
                        critical,
                        lower,
                    });
                }
            }
            if let Some(lines) = self.ctcae.lines(analyte) {
                let present: Vec<Decimal> = lines.into_iter().flatten().collect();
                if let Some(&value) = present.iter().find(|&&line| line <= Decimal::ZERO) {
                    return Err(ThresholdsError::LineNotPositive {
                        line: "CTCAE grade line",
                        analyte: analyte.name(),
                        value,
                    });
                }
                if present.windows(2).any(|pair| pair[0] <= pair[1]) {
                    return Err(ThresholdsError::GradeLinesOutOfOrder {
                        analyte: analyte.name(),
                    });
                }
            }
        }
        self.validate_cutoffs()?;
        self.validate_age()
    }

    /// Refuses severity cut-offs out of order (`clinical.md` §1: a worse
    /// category's line lies under the milder one's) or at 0.
    fn validate_cutoffs(&self) -> Result<(), ThresholdsError> {
        let (severe, cytopenia) = (&self.severe, &self.cytopenia);
        let nested = "a worse category's cut-off lies under the milder one's";
        let ordered = [
            (
                "very_severe.anc",
                self.very_severe.anc,
                "severe.anc",
                severe.anc,
            ),
            ("severe.anc", severe.anc, "cytopenia.anc", cytopenia.anc),
            ("severe.plt", severe.plt, "cytopenia.plt", cytopenia.plt),
        ];
        for (higher, high, lower, low) in ordered {
            if high >= low {
                let why = nested;
                return Err(ThresholdsError::CutoffsOutOfOrder {
                    higher,
                    high,
                    lower,
                    low,
                    why,
                });
            }
        }
        let positive = [
            ("very_severe.anc", self.very_severe.anc),
            ("severe.plt", severe.plt),
            ("severe.retic_automated", severe.retic_automated),
            ("severe.retic_manual", severe.retic_manual),
            ("cytopenia.hgb", cytopenia.hgb),
        ];
        for (cutoff, value) in positive {
            if value <= Decimal::ZERO {
                return Err(ThresholdsError::CutoffNotPositive { cutoff, value });
            }
        }
        Ok(())
    }

    /// Refuses age bands that end before they start (counted for a birth
    /// on 1 January 2000) and intervals out of order.
    fn validate_age(&self) -> Result<(), ThresholdsError> {
        for band in &self.age.band {
            let error = |problem: String| ThresholdsError::AgeBandOutOfOrder {
                from: band.from.to_string(),
                to: band.to.to_string(),
                problem,
            };
            let birth = (2000, 1, 1);
            if band.to.days_after(birth) <= band.from.days_after(birth) {
                return Err(error("the band ends before it starts".to_string()));
            }
            for analyte in Analyte::ALL {
                if let Some(interval) = band.get(analyte)
                    && let (Some(lower), Some(upper)) = (interval.lower, interval.upper)
                    && lower >= upper
                {
                    return Err(error(format!(
                        "{}: the lower limit {lower} is not below the upper limit {upper}",
                        analyte.name()
                    )));
                }
            }
        }
        Ok(())
    }
}
