//! Aplastic anemia severity of one draw from its blood counts
//! (`clinical.md` §1: Camitta, modified by BSH), with its explanation.

use std::fmt;

use serde::Serialize;

use super::comparison::{Outcome, Span, below_cutoff};
use super::thresholds::Thresholds;
use crate::model::{Analyte, Decimal, Value, Values};

/// A severity category of one draw's blood counts, least severe first.
///
/// The counts alone never make a diagnosis: every published definition also
/// needs the bone marrow, so the screen says "blood counts meet the severe
/// criteria", never "severe aplastic anemia".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Fewer than 2 cytopenia criteria: no pancytopenic pattern to grade.
    None,
    /// At least 2 cytopenia criteria, fewer than 2 severe-criteria.
    NonSevere,
    /// At least 2 cytopenia criteria and at least 2 severe-criteria.
    Severe,
    /// Severe, and ANC below the very-severe cut-off.
    VerySevere,
}

impl Category {
    /// Every category, least severe first.
    pub const ALL: [Category; 4] = [
        Category::None,
        Category::NonSevere,
        Category::Severe,
        Category::VerySevere,
    ];

    /// The machine name of the JSON contract: `none`, `non-severe`,
    /// `severe`, `very-severe`.
    pub const fn name(self) -> &'static str {
        match self {
            Category::None => "none",
            Category::NonSevere => "non-severe",
            Category::Severe => "severe",
            Category::VerySevere => "very-severe",
        }
    }

    /// The words for the screen: `none`, `non-severe`, `severe`, `very severe`.
    pub const fn label(self) -> &'static str {
        match self {
            Category::None => "none",
            Category::NonSevere => "non-severe",
            Category::Severe => "severe",
            Category::VerySevere => "very severe",
        }
    }
}

impl Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Which rule of §1 a criterion belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CriterionGroup {
    /// One of the "2 of 3" severe-criteria.
    Severe,
    /// One of the cytopenia criteria, at least 2 of which are needed at all.
    Cytopenia,
    /// The ANC condition very severe adds.
    VerySevere,
}

impl CriterionGroup {
    /// `"severe"`, `"cytopenia"` or `"very-severe"`.
    pub const fn name(self) -> &'static str {
        match self {
            CriterionGroup::Severe => "severe",
            CriterionGroup::Cytopenia => "cytopenia",
            CriterionGroup::VerySevere => "very-severe",
        }
    }
}

/// One criterion of one draw: the rule, the draw's value, and the outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Criterion {
    /// The rule it belongs to.
    pub group: CriterionGroup,
    /// The analyte it tests.
    pub analyte: Analyte,
    /// Met when the value is strictly below this, in the analyte's canonical unit.
    pub cutoff: Decimal,
    /// The draw's value (missing, exact or censored).
    pub value: Value,
    /// Met, not met, or unknown.
    pub outcome: Outcome,
}

impl Criterion {
    /// The value to show beside the rule: with the digits that put it on
    /// its side of the cut-off ([`Value::shown_against`]).
    pub fn shown_value(&self) -> Value {
        self.value.shown_against(self.cutoff)
    }

    /// The rule in words with its unit, e.g. `"ANC < 0.5 x10^9/L"`,
    /// `"platelets < 20 x10^9/L"`, `"hemoglobin < 10 g/dL"`.
    pub fn rule(&self) -> String {
        format!(
            "{} < {} {}",
            rule_name(self.analyte),
            self.cutoff,
            rule_unit(self.analyte)
        )
    }
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.rule())
    }
}

/// The analyte as a criterion names it.
fn rule_name(analyte: Analyte) -> &'static str {
    match analyte {
        Analyte::Wbc => "WBC",
        Analyte::Rbc => "RBC",
        Analyte::Hgb => "hemoglobin",
        Analyte::Hct => "hematocrit",
        Analyte::Mcv => "MCV",
        Analyte::Plt => "platelets",
        Analyte::Anc => "ANC",
        Analyte::Alc => "ALC",
        Analyte::Retic => "reticulocytes",
    }
}

/// The unit as a rule writes it after a number: "x10^9/L" reads as a
/// multiplier, where the bare "10^9/L" after "0.5" would not.
fn rule_unit(analyte: Analyte) -> String {
    let unit = analyte.unit();
    if unit.starts_with("10^") {
        format!("x{unit}")
    } else {
        unit.to_string()
    }
}

/// How many criteria a draw is tested against.
pub const CRITERIA_COUNT: usize = 7;

/// Every criterion's group, analyte and cut-off, in the fixed order of
/// [`Severity::criteria`]: the severe-criteria (ANC, platelets,
/// reticulocytes), the cytopenia criteria (hemoglobin, platelets, ANC), then
/// the very-severe ANC.
pub fn criteria_cutoffs(t: &Thresholds) -> [(CriterionGroup, Analyte, Decimal); CRITERIA_COUNT] {
    [
        (CriterionGroup::Severe, Analyte::Anc, t.severe.anc),
        (CriterionGroup::Severe, Analyte::Plt, t.severe.plt),
        (CriterionGroup::Severe, Analyte::Retic, t.retic_cutoff()),
        (CriterionGroup::Cytopenia, Analyte::Hgb, t.cytopenia.hgb),
        (CriterionGroup::Cytopenia, Analyte::Plt, t.cytopenia.plt),
        (CriterionGroup::Cytopenia, Analyte::Anc, t.cytopenia.anc),
        (CriterionGroup::VerySevere, Analyte::Anc, t.very_severe.anc),
    ]
}

/// The severity of one draw and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Severity {
    /// The highest category the values present establish: the category of
    /// the least severe values the missing and censored results allow.
    pub category: Category,
    /// Every higher category some values of the missing and censored
    /// results would produce, ascending; empty when nothing is left open.
    pub could_be: Vec<Category>,
    /// All seven criteria in the order of [`criteria_cutoffs`].
    pub criteria: Vec<Criterion>,
}

impl Severity {
    /// How many of the 3 cytopenia criteria the values prove met (0-3): the
    /// screen's "1 cytopenia: not graded", the JSON `cytopenias`.
    pub fn cytopenias(&self) -> usize {
        self.criteria
            .iter()
            .filter(|c| c.group == CriterionGroup::Cytopenia && c.outcome == Outcome::Met)
            .count()
    }
}

/// Classifies one draw (`clinical.md` §1).
///
/// Each analyte the criteria test is split into bands by its cut-offs; every
/// value in a band meets the same criteria. Every combination of bands the
/// results allow is one possible truth of the draw, so the category is the
/// least severe combination's and `could_be` the rest. Bands, not
/// criteria, are combined, because one ANC decides three criteria at once.
pub fn classify(values: &Values, t: &Thresholds) -> Severity {
    let table = criteria_cutoffs(t);
    let criteria = table
        .iter()
        .map(|&(group, analyte, cutoff)| {
            let value = values.get(analyte);
            Criterion {
                group,
                analyte,
                cutoff,
                value,
                outcome: below_cutoff(value, cutoff),
            }
        })
        .collect();

    let mut reachable = [false; Category::ALL.len()];
    for met in possible_met_sets(values, &table) {
        reachable[category_of(met, &table) as usize] = true;
    }
    let mut possible = Category::ALL
        .into_iter()
        .filter(|category| reachable[*category as usize]);
    // Every analyte allows at least one band, so some category is reachable;
    // `None` is only the fallback that keeps this total.
    let category = possible.next().unwrap_or(Category::None);
    Severity {
        category,
        could_be: possible.collect(),
        criteria,
    }
}

/// A set of criteria, one bit per position in the criteria table.
type MetSet = u8;

/// Every set of met criteria some true values of the draw would give.
fn possible_met_sets(
    values: &Values,
    table: &[(CriterionGroup, Analyte, Decimal); CRITERIA_COUNT],
) -> Vec<MetSet> {
    let mut analytes: Vec<Analyte> = table.iter().map(|&(_, analyte, _)| analyte).collect();
    analytes.sort();
    analytes.dedup();
    let mut combinations: Vec<MetSet> = vec![0];
    for analyte in analytes {
        let options = band_met_sets(values.get(analyte), analyte, table);
        combinations = combinations
            .iter()
            .flat_map(|&so_far| options.iter().map(move |&option| so_far | option))
            .collect();
        combinations.sort_unstable();
        combinations.dedup();
    }
    combinations
}

/// The distinct cut-offs of one analyte's criteria, ascending: the edges of
/// the bands within which every value meets the same criteria.
pub(super) fn cutoff_edges(
    table: &[(CriterionGroup, Analyte, Decimal); CRITERIA_COUNT],
    analyte: Analyte,
) -> Vec<Decimal> {
    let mut edges: Vec<Decimal> = table
        .iter()
        .filter(|&&(_, of, _)| of == analyte)
        .map(|&(_, _, cutoff)| cutoff)
        .collect();
    edges.sort();
    edges.dedup();
    edges
}

/// The sets of this analyte's criteria met by the values `value` allows:
/// one per band between its cut-offs that the value reaches into. A missing
/// value reaches every band.
fn band_met_sets(
    value: Value,
    analyte: Analyte,
    table: &[(CriterionGroup, Analyte, Decimal); CRITERIA_COUNT],
) -> Vec<MetSet> {
    let edges = cutoff_edges(table, analyte);
    let span = Span::of(value);
    let mut sets = Vec::new();
    let mut from = Decimal::ZERO;
    for to in edges.iter().copied().map(Some).chain([None]) {
        let reached = match span {
            Some(span) => span.meets_band(from, to),
            None => to.is_none_or(|to| from < to),
        };
        if reached {
            // Every value in [from, to) is below exactly the cut-offs >= to.
            let met = table
                .iter()
                .enumerate()
                .filter(|&(_, &(_, of, cutoff))| of == analyte && to.is_some_and(|to| to <= cutoff))
                .fold(0, |set, (position, _)| set | 1 << position);
            sets.push(met);
        }
        if let Some(to) = to {
            from = to;
        }
    }
    sets
}

/// The category of a draw whose met criteria are exactly `met`.
fn category_of(
    met: MetSet,
    table: &[(CriterionGroup, Analyte, Decimal); CRITERIA_COUNT],
) -> Category {
    category_of_met(met, &table.map(|(group, ..)| group))
}

/// The category of a draw whose met criteria are exactly `met`, bit `i`
/// standing for the criterion of group `groups[i]`.
pub(super) fn category_of_met(met: MetSet, groups: &[CriterionGroup]) -> Category {
    let count = |group| {
        groups
            .iter()
            .enumerate()
            .filter(|&(position, &of)| of == group && met & (1 << position) != 0)
            .count()
    };
    let cytopenias = count(CriterionGroup::Cytopenia);
    let severe = count(CriterionGroup::Severe);
    let very_severe = count(CriterionGroup::VerySevere);
    if cytopenias < 2 {
        Category::None
    } else if severe < 2 {
        Category::NonSevere
    } else if very_severe == 0 {
        Category::Severe
    } else {
        Category::VerySevere
    }
}
