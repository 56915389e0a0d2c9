//! Reference limits for children and newborns (`clinical.md` §2a): bands of
//! age `[from, to)`, some split by sex, each giving the limits of the
//! analytes it names.
//!
//! An analyte that no band names at an age under [`AgeLimits::adult_from`]
//! has no interval at that age (reticulocytes under 12 weeks): it is not
//! flagged, rather than flagged by adult limits that do not apply. A band
//! may give an upper limit alone (neutrophils in the first 2 weeks).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

mod defaults;

use super::age::{Age, AgeSpan, AgeUnit};
use super::decimal_config::deserialize_decimal;
use crate::model::{Analyte, Decimal, Sex, Timestamp};

/// The sex a band is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BandSex {
    /// Male patients only.
    Male,
    /// Female patients only.
    Female,
}

impl BandSex {
    /// `"male"` or `"female"`.
    pub const fn name(self) -> &'static str {
        match self {
            BandSex::Male => "male",
            BandSex::Female => "female",
        }
    }
}

/// One analyte's interval in a band; either end may be absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// Lower limit, or none for this age.
    #[serde(
        default,
        deserialize_with = "some_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub lower: Option<Decimal>,
    /// Upper limit, or none for this age.
    #[serde(
        default,
        deserialize_with = "some_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub upper: Option<Decimal>,
}

fn some_decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
    deserialize_decimal(deserializer).map(Some)
}

/// One band of age (and sex, where the table splits it) with the limits of
/// the analytes it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeBand {
    /// The age the band starts at (included).
    pub from: AgeSpan,
    /// The age the band ends at (excluded).
    pub to: AgeSpan,
    /// The sex it is for; absent: both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<BandSex>,
    /// White cells, 10^9/L.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wbc: Option<Interval>,
    /// Red cells, 10^12/L.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rbc: Option<Interval>,
    /// Hemoglobin, g/dL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hgb: Option<Interval>,
    /// Hematocrit, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hct: Option<Interval>,
    /// Mean cell volume, fL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcv: Option<Interval>,
    /// Platelets, 10^9/L.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plt: Option<Interval>,
    /// Absolute neutrophil count, 10^9/L.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anc: Option<Interval>,
    /// Absolute lymphocyte count, 10^9/L.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alc: Option<Interval>,
    /// Absolute reticulocyte count, 10^9/L.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retic: Option<Interval>,
}

impl AgeBand {
    /// This band's interval of `analyte`, when it names one.
    pub const fn get(&self, analyte: Analyte) -> Option<Interval> {
        match analyte {
            Analyte::Wbc => self.wbc,
            Analyte::Rbc => self.rbc,
            Analyte::Hgb => self.hgb,
            Analyte::Hct => self.hct,
            Analyte::Mcv => self.mcv,
            Analyte::Plt => self.plt,
            Analyte::Anc => self.anc,
            Analyte::Alc => self.alc,
            Analyte::Retic => self.retic,
        }
    }

    /// The band's name, as the screen and the JSON write it.
    pub const fn label(&self) -> BandLabel {
        BandLabel {
            from: self.from,
            to: self.to,
            sex: self.sex,
        }
    }

    /// An empty band from `from` to `to`, to fill in.
    pub(super) const fn empty(from: AgeSpan, to: AgeSpan) -> AgeBand {
        AgeBand {
            from,
            to,
            sex: None,
            wbc: None,
            rbc: None,
            hgb: None,
            hct: None,
            mcv: None,
            plt: None,
            anc: None,
            alc: None,
            retic: None,
        }
    }
}

/// The name of a band: `6 y - 12 y`, `12 y - 18 y, female`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BandLabel {
    /// Where it starts.
    pub from: AgeSpan,
    /// Where it ends.
    pub to: AgeSpan,
    /// Its sex, when the table splits it.
    pub sex: Option<BandSex>,
}

impl BandLabel {
    /// The short name the screen writes: `6–12 y`, `0 d–18 y`, `12–18 y F`.
    pub fn short(&self) -> String {
        let ages = if self.from.unit == self.to.unit {
            format!("{}–{}", self.from.amount, self.to)
        } else {
            format!("{}–{}", self.from, self.to)
        };
        match self.sex {
            Some(BandSex::Male) => format!("{ages} M"),
            Some(BandSex::Female) => format!("{ages} F"),
            None => ages,
        }
    }
}

impl fmt::Display for BandLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.sex {
            Some(sex) => format!("{} - {}, {}", self.from, self.to, sex.name()),
            None => format!("{} - {}", self.from, self.to),
        };
        f.pad(&text)
    }
}

/// The children's and newborns' limits, and the age they end at.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgeLimits {
    /// From this age on, the adult limits apply.
    pub adult_from: AgeSpan,
    /// The bands, in any order.
    pub band: Vec<AgeBand>,
}

/// The limits an age band sets for one analyte at one age.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AgeRange {
    /// Lower limit (none: not flagged low at this age).
    pub lower: Option<Decimal>,
    /// Upper limit (none: not flagged high at this age).
    pub upper: Option<Decimal>,
    /// The band it comes from; `None` when no band names the analyte at
    /// this age ("no interval for this age").
    pub band: Option<BandLabel>,
}

impl AgeLimits {
    /// The age at `at` of a patient born on `birth`, where the limits by
    /// age apply to it: `None` for an adult (from [`AgeLimits::adult_from`]
    /// on) as for an unknown birth date, since the adult limits apply to
    /// both. Found once for a draw's analytes, this spares each of them the
    /// calendar's arithmetic that tells an adult (a table of 100,000
    /// patients did it 900,000 times).
    pub fn age_for_limits(&self, birth: Option<Timestamp>, at: Timestamp) -> Option<Age> {
        Age::of(birth, at).filter(|age| !age.reached(self.adult_from))
    }

    /// The limits of `analyte` at `age` for `sex`; `None` from
    /// [`AgeLimits::adult_from`] on, where the adult limits apply.
    ///
    /// Sex unknown where the bands split by sex: the higher lower limit and
    /// the lower upper limit of the two (the more sensitive of each, as for
    /// adults).
    pub fn range(&self, analyte: Analyte, sex: Sex, age: Age) -> Option<AgeRange> {
        if age.reached(self.adult_from) {
            return None;
        }
        let fits = |band: &&AgeBand| {
            age.within(band.from, band.to)
                && band.get(analyte).is_some()
                && match (band.sex, sex) {
                    (None, _) | (_, Sex::Unknown) => true,
                    (Some(BandSex::Male), Sex::Male) | (Some(BandSex::Female), Sex::Female) => true,
                    (Some(_), _) => false,
                }
        };
        let bands: Vec<&AgeBand> = self.band.iter().filter(fits).collect();
        // A band for this sex wins over one for both.
        let chosen: Vec<&AgeBand> = if bands.iter().any(|b| b.sex.is_some()) && sex != Sex::Unknown
        {
            bands.into_iter().filter(|b| b.sex.is_some()).collect()
        } else {
            bands
        };
        let Some(first) = chosen.first() else {
            return Some(AgeRange {
                lower: None,
                upper: None,
                band: None,
            });
        };
        let intervals = chosen.iter().filter_map(|b| b.get(analyte));
        let lower = intervals.clone().filter_map(|i| i.lower).max();
        let upper = intervals.filter_map(|i| i.upper).min();
        let mut label = first.label();
        if chosen.len() > 1 {
            // Both sexes' bands combined: name the ages only.
            label.sex = None;
        }
        Some(AgeRange {
            lower,
            upper,
            band: Some(label),
        })
    }
}

impl Default for AgeLimits {
    fn default() -> Self {
        AgeLimits {
            adult_from: AgeSpan::new(18, AgeUnit::Year),
            band: defaults::bands(),
        }
    }
}
