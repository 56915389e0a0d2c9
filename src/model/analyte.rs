//! The nine CBC analytes hemotrend reads, with their canonical names and units.

use std::fmt;

/// How many analytes there are; the length of every per-analyte array.
pub const ANALYTE_COUNT: usize = 9;

/// One measured quantity of a complete blood count.
///
/// The order is the order of the cumulative report's columns and of
/// [`Analyte::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Analyte {
    /// White blood cells, 10^9/L.
    Wbc,
    /// Red blood cells, 10^12/L.
    Rbc,
    /// Hemoglobin, g/dL.
    Hgb,
    /// Hematocrit, %.
    Hct,
    /// Mean cell volume, fL.
    Mcv,
    /// Platelets, 10^9/L.
    Plt,
    /// Absolute neutrophil count, 10^9/L.
    Anc,
    /// Absolute lymphocyte count, 10^9/L.
    Alc,
    /// Absolute reticulocyte count, 10^9/L.
    Retic,
}

impl Analyte {
    /// Every analyte, in report order.
    pub const ALL: [Analyte; ANALYTE_COUNT] = [
        Analyte::Wbc,
        Analyte::Rbc,
        Analyte::Hgb,
        Analyte::Hct,
        Analyte::Mcv,
        Analyte::Plt,
        Analyte::Anc,
        Analyte::Alc,
        Analyte::Retic,
    ];

    /// Position in [`Analyte::ALL`] and in every per-analyte array.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The canonical machine name used in JSON and CSV output (`plt`, `anc`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Analyte::Wbc => "wbc",
            Analyte::Rbc => "rbc",
            Analyte::Hgb => "hgb",
            Analyte::Hct => "hct",
            Analyte::Mcv => "mcv",
            Analyte::Plt => "plt",
            Analyte::Anc => "anc",
            Analyte::Alc => "alc",
            Analyte::Retic => "retic",
        }
    }

    /// A short label for column headings (`WBC`, `Hb`, `Retic`...).
    pub const fn short_label(self) -> &'static str {
        match self {
            Analyte::Wbc => "WBC",
            Analyte::Rbc => "RBC",
            Analyte::Hgb => "Hb",
            Analyte::Hct => "Hct",
            Analyte::Mcv => "MCV",
            Analyte::Plt => "PLT",
            Analyte::Anc => "ANC",
            Analyte::Alc => "ALC",
            Analyte::Retic => "Retic",
        }
    }

    /// The clinical name, as a chart title would write it.
    pub const fn long_label(self) -> &'static str {
        match self {
            Analyte::Wbc => "White cells",
            Analyte::Rbc => "Red cells",
            Analyte::Hgb => "Hemoglobin",
            Analyte::Hct => "Hematocrit",
            Analyte::Mcv => "Mean cell volume",
            Analyte::Plt => "Platelets",
            Analyte::Anc => "Neutrophils (absolute)",
            Analyte::Alc => "Lymphocytes (absolute)",
            Analyte::Retic => "Reticulocytes (absolute)",
        }
    }

    /// The canonical unit every stored value of this analyte is in.
    pub const fn unit(self) -> &'static str {
        match self {
            Analyte::Wbc | Analyte::Plt | Analyte::Anc | Analyte::Alc | Analyte::Retic => "10^9/L",
            Analyte::Rbc => "10^12/L",
            Analyte::Hgb => "g/dL",
            Analyte::Hct => "%",
            Analyte::Mcv => "fL",
        }
    }

    /// The analyte with this canonical name, if any.
    pub fn from_name(name: &str) -> Option<Analyte> {
        Analyte::ALL.into_iter().find(|a| a.name() == name)
    }
}

impl fmt::Display for Analyte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_matches_position_in_all() {
        for (position, analyte) in Analyte::ALL.into_iter().enumerate() {
            assert_eq!(analyte.index(), position);
            assert_eq!(Analyte::from_name(analyte.name()), Some(analyte));
        }
    }

    #[test]
    fn canonical_names_are_the_json_contract() {
        let names: Vec<_> = Analyte::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(
            names,
            [
                "wbc", "rbc", "hgb", "hct", "mcv", "plt", "anc", "alc", "retic"
            ]
        );
    }
}
