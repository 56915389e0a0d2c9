//! Every number of `clinical.md` §1-§3, with its documented default.
//!
//! All of them can be overridden from the `--config` TOML file; a table left
//! out keeps its defaults, but a table given must be complete (a half-given
//! CTCAE line silently falling back to a default would be worse than an
//! error).

use serde::{Deserialize, Serialize};

use super::age_limits::AgeLimits;
use super::decimal_config::deserialize_decimal;
use crate::model::{Analyte, Decimal};

/// How the reticulocytes were counted, which picks the severe-criterion
/// cut-off (`clinical.md` §1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RetMethod {
    /// Automated analyser: reticulocytes < 60 x10^9/L (BSH, Killick 2016).
    #[default]
    Automated,
    /// Manual count: reticulocytes < 20 x10^9/L (the older BCSH 2009 criterion;
    /// not Camitta, whose criterion was a corrected count < 1 %).
    Manual,
}

impl RetMethod {
    /// `"automated"` or `"manual"`, as the config file and the screen write it.
    pub const fn name(self) -> &'static str {
        match self {
            RetMethod::Automated => "automated",
            RetMethod::Manual => "manual",
        }
    }

    /// Whose criterion the cut-off is (`clinical.md` §1), as the screen and
    /// the report name it.
    pub const fn source(self) -> &'static str {
        match self {
            RetMethod::Automated => "BSH 2016",
            RetMethod::Manual => "BCSH 2009",
        }
    }
}

/// Every clinical cut-off hemotrend uses; `Default` is `clinical.md`, group
/// by group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Lower and upper reference limits by sex (§2): flags `L` / `H` and LLN.
    pub reference: ReferenceLimits,
    /// Critical lows (§2): flag `LL`.
    pub critical_low: CriticalLows,
    /// The "2 of 3" severe-criteria (§1).
    pub severe: SevereCutoffs,
    /// The cytopenia criteria, at least 2 of which grade a draw at all (§1).
    pub cytopenia: CytopeniaCutoffs,
    /// The extra condition of very severe (§1).
    pub very_severe: VerySevereCutoffs,
    /// Which reticulocyte cut-off of [`SevereCutoffs`] is in force.
    pub retic_method: RetMethod,
    /// CTCAE v5.0 grade lines below the LLN (§3).
    pub ctcae: CtcaeCutoffs,
    /// Which response scheme assesses immunosuppression (§7).
    pub response_scheme: super::insight_config::ResponseScheme,
    /// The windows of §7-§9 (transfusions, baseline, assessment).
    pub windows: super::insight_config::Windows,
    /// Limits for children and newborns, by age (§2a).
    pub age: AgeLimits,
}

impl Thresholds {
    /// The reticulocyte severe-criterion cut-off for [`Thresholds::retic_method`].
    pub fn retic_cutoff(&self) -> Decimal {
        match self.retic_method {
            RetMethod::Automated => self.severe.retic_automated,
            RetMethod::Manual => self.severe.retic_manual,
        }
    }
}

/// One number for each sex.
///
/// A config file writes it as `{ male = 13.5, female = 12.0 }`, or as one
/// number when both sexes share it (`lower = 150`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct BySex {
    /// For male patients.
    pub male: Decimal,
    /// For female patients.
    pub female: Decimal,
}

impl BySex {
    /// The same number for both sexes.
    pub const fn both(value: Decimal) -> BySex {
        BySex {
            male: value,
            female: value,
        }
    }
}

/// One analyte's reference interval, by sex.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Lower reference limit (LLN): below it is flagged `L`.
    pub lower: BySex,
    /// Upper reference limit: above it is flagged `H`.
    pub upper: BySex,
}

impl Limits {
    /// Limits that do not depend on sex.
    const fn same(lower: Decimal, upper: Decimal) -> Limits {
        Limits {
            lower: BySex::both(lower),
            upper: BySex::both(upper),
        }
    }
}

/// The reference limits of every analyte (`clinical.md` §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReferenceLimits {
    /// White cells, 10^9/L.
    pub wbc: Limits,
    /// Red cells, 10^12/L.
    pub rbc: Limits,
    /// Hemoglobin, g/dL.
    pub hgb: Limits,
    /// Hematocrit, %.
    pub hct: Limits,
    /// Mean cell volume, fL.
    pub mcv: Limits,
    /// Platelets, 10^9/L.
    pub plt: Limits,
    /// Absolute neutrophil count, 10^9/L.
    pub anc: Limits,
    /// Absolute lymphocyte count, 10^9/L.
    pub alc: Limits,
    /// Absolute reticulocyte count, 10^9/L.
    pub retic: Limits,
}

impl ReferenceLimits {
    /// This analyte's limits.
    pub const fn get(&self, analyte: Analyte) -> &Limits {
        match analyte {
            Analyte::Wbc => &self.wbc,
            Analyte::Rbc => &self.rbc,
            Analyte::Hgb => &self.hgb,
            Analyte::Hct => &self.hct,
            Analyte::Mcv => &self.mcv,
            Analyte::Plt => &self.plt,
            Analyte::Anc => &self.anc,
            Analyte::Alc => &self.alc,
            Analyte::Retic => &self.retic,
        }
    }
}

impl Default for ReferenceLimits {
    fn default() -> Self {
        let d = Decimal::lit;
        ReferenceLimits {
            wbc: Limits::same(d(40, 1), d(110, 1)),
            rbc: Limits {
                lower: BySex {
                    male: d(45, 1),
                    female: d(40, 1),
                },
                upper: BySex {
                    male: d(59, 1),
                    female: d(52, 1),
                },
            },
            hgb: Limits {
                lower: BySex {
                    male: d(135, 1),
                    female: d(120, 1),
                },
                upper: BySex {
                    male: d(175, 1),
                    female: d(155, 1),
                },
            },
            hct: Limits {
                lower: BySex {
                    male: d(41, 0),
                    female: d(36, 0),
                },
                upper: BySex {
                    male: d(51, 0),
                    female: d(47, 0),
                },
            },
            mcv: Limits::same(d(80, 0), d(100, 0)),
            // 150 x10^9/L = "150,000 per µL", the seed document's limit.
            plt: Limits::same(d(150, 0), d(450, 0)),
            anc: Limits::same(d(15, 1), d(77, 1)),
            alc: Limits::same(d(10, 1), d(48, 1)),
            retic: Limits::same(d(25, 0), d(100, 0)),
        }
    }
}

/// Critical lows, flag `LL` (`clinical.md` §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CriticalLows {
    /// White cells below this, 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub wbc: Decimal,
    /// Hemoglobin below this, g/dL.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub hgb: Decimal,
    /// Platelets below this, 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub plt: Decimal,
    /// ANC below this, 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub anc: Decimal,
}

impl CriticalLows {
    /// The critical low of this analyte, for the four that have one.
    pub const fn get(&self, analyte: Analyte) -> Option<Decimal> {
        match analyte {
            Analyte::Wbc => Some(self.wbc),
            Analyte::Hgb => Some(self.hgb),
            Analyte::Plt => Some(self.plt),
            Analyte::Anc => Some(self.anc),
            Analyte::Rbc | Analyte::Hct | Analyte::Mcv | Analyte::Alc | Analyte::Retic => None,
        }
    }
}

impl Default for CriticalLows {
    fn default() -> Self {
        CriticalLows {
            wbc: Decimal::lit(10, 1),
            hgb: Decimal::lit(70, 1),
            plt: Decimal::lit(20, 0),
            anc: Decimal::lit(5, 1),
        }
    }
}

/// The severe-criteria, "2 of 3" (`clinical.md` §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SevereCutoffs {
    /// ANC below this, 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub anc: Decimal,
    /// Platelets below this, 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub plt: Decimal,
    /// Reticulocytes below this, automated count (BSH), 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub retic_automated: Decimal,
    /// Reticulocytes below this, manual count (BCSH 2009), 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub retic_manual: Decimal,
}

impl Default for SevereCutoffs {
    fn default() -> Self {
        SevereCutoffs {
            anc: Decimal::lit(5, 1),
            plt: Decimal::lit(20, 0),
            retic_automated: Decimal::lit(60, 0),
            retic_manual: Decimal::lit(20, 0),
        }
    }
}

/// The cytopenia criteria of aplastic anemia, "at least 2 of" (`clinical.md` §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CytopeniaCutoffs {
    /// Hemoglobin below this, g/dL.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub hgb: Decimal,
    /// Platelets below this, 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub plt: Decimal,
    /// ANC below this, 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub anc: Decimal,
}

impl Default for CytopeniaCutoffs {
    fn default() -> Self {
        CytopeniaCutoffs {
            hgb: Decimal::lit(10, 0),
            plt: Decimal::lit(50, 0),
            anc: Decimal::lit(15, 1),
        }
    }
}

/// What very severe adds to severe (`clinical.md` §1, Bacigalupo 1988).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VerySevereCutoffs {
    /// ANC below this, 10^9/L.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub anc: Decimal,
}

impl Default for VerySevereCutoffs {
    fn default() -> Self {
        VerySevereCutoffs {
            anc: Decimal::lit(2, 1),
        }
    }
}

/// One CTCAE term's lines: grade 1 is below the LLN (from
/// [`ReferenceLimits`]), and grade n is below the grade-n line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeLines {
    /// Grade 2 below this.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub g2_below: Decimal,
    /// Grade 3 below this.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub g3_below: Decimal,
    /// Grade 4 below this.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub g4_below: Decimal,
}

/// The CTCAE "anemia" lines: like [`GradeLines`] but without grade 4, which
/// CTCAE defines by consequences, not by a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnemiaLines {
    /// Grade 2 below this, g/dL.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub g2_below: Decimal,
    /// Grade 3 below this, g/dL.
    #[serde(deserialize_with = "deserialize_decimal")]
    pub g3_below: Decimal,
}

/// The CTCAE v5.0 "decreased" terms hemotrend grades (`clinical.md` §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CtcaeCutoffs {
    /// Platelet count decreased.
    pub plt: GradeLines,
    /// Neutrophil count decreased.
    pub anc: GradeLines,
    /// White blood cell decreased.
    pub wbc: GradeLines,
    /// Lymphocyte count decreased.
    pub alc: GradeLines,
    /// Anemia (hemoglobin).
    pub hgb: AnemiaLines,
}

impl CtcaeCutoffs {
    /// The lines of grades 2, 3 and 4 for this analyte (`None` for a grade
    /// with no number), or `None` when CTCAE has no term graded here.
    pub const fn lines(&self, analyte: Analyte) -> Option<[Option<Decimal>; 3]> {
        let lines = match analyte {
            Analyte::Plt => &self.plt,
            Analyte::Anc => &self.anc,
            Analyte::Wbc => &self.wbc,
            Analyte::Alc => &self.alc,
            Analyte::Hgb => return Some([Some(self.hgb.g2_below), Some(self.hgb.g3_below), None]),
            Analyte::Rbc | Analyte::Hct | Analyte::Mcv | Analyte::Retic => return None,
        };
        Some([
            Some(lines.g2_below),
            Some(lines.g3_below),
            Some(lines.g4_below),
        ])
    }
}

impl Default for CtcaeCutoffs {
    fn default() -> Self {
        let d = Decimal::lit;
        let lines = |g2_below, g3_below, g4_below| GradeLines {
            g2_below,
            g3_below,
            g4_below,
        };
        CtcaeCutoffs {
            plt: lines(d(75, 0), d(50, 0), d(25, 0)),
            anc: lines(d(15, 1), d(10, 1), d(5, 1)),
            wbc: lines(d(30, 1), d(20, 1), d(10, 1)),
            alc: lines(d(8, 1), d(5, 1), d(2, 1)),
            hgb: AnemiaLines {
                g2_below: d(100, 1),
                g3_below: d(80, 1),
            },
        }
    }
}
