//! The category of a draw without its explanation, fast enough for every
//! draw of millions: the same answer as [`classify`](super::classify),
//! precomputed.
//!
//! `classify` splits each tested analyte into bands by its cut-offs and
//! combines every band a value reaches into. Which categories a draw can
//! reach depends only on which bands each value reaches, so this table holds
//! the reachable categories for every combination of reached bands, built
//! once from the thresholds by `classify`'s own rules. Classifying a draw is
//! then a few integer comparisons per analyte and one lookup.

use std::sync::OnceLock;

use crate::model::{Analyte, CODE_ESCAPED, CODE_MISSING, Censor, Decimal, Value, Values};

use super::severity::{Category, CriterionGroup, category_of_met, criteria_cutoffs};
use super::thresholds::Thresholds;

/// Decimal places every amount is brought to for integer comparison: a
/// `Decimal` has at most 7, and 2^26 x 10^7 fits in a `u64`.
const SCALE: u8 = 7;

/// One tested analyte: the bands between its cut-offs.
#[derive(Clone, Debug)]
struct Bands {
    analyte: Analyte,
    /// Each band's lower end (inclusive) and upper end (exclusive; `None`
    /// for the last), in units of 10^-7.
    ends: Vec<(u64, Option<u64>)>,
}

/// Categories of draws by table lookup; built once per thresholds.
#[derive(Clone, Debug)]
pub struct CategoryTable {
    bands: Vec<Bands>,
    /// Per tested analyte, the bands each 14-bit value code reaches: made
    /// when first asked for (64 KiB), for grading a dataset's every draw.
    by_code: OnceLock<Vec<Vec<u8>>>,
    /// The reachable categories (bit `c` for [`Category`] `c`) of every
    /// combination of reached bands: the bands' bitmasks side by side, the
    /// first analyte in the lowest bits.
    reachable: Vec<u8>,
}

impl CategoryTable {
    /// The table of these thresholds.
    pub fn new(t: &Thresholds) -> CategoryTable {
        let table = criteria_cutoffs(t);
        let mut analytes: Vec<Analyte> = table.iter().map(|&(_, analyte, _)| analyte).collect();
        analytes.sort();
        analytes.dedup();
        let mut bands = Vec::new();
        // The criteria met in each band of each analyte, as classify finds them.
        let mut met_sets: Vec<Vec<u8>> = Vec::new();
        for analyte in analytes {
            let edges = super::severity::cutoff_edges(&table, analyte);
            let mut ends = Vec::new();
            let mut sets = Vec::new();
            let mut from = Decimal::ZERO;
            for to in edges.iter().copied().map(Some).chain([None]) {
                ends.push((scaled(from), to.map(scaled)));
                let met = table
                    .iter()
                    .enumerate()
                    .filter(|&(_, &(_, of, cutoff))| {
                        of == analyte && to.is_some_and(|to| to <= cutoff)
                    })
                    .fold(0u8, |set, (position, _)| set | 1 << position);
                sets.push(met);
                if let Some(to) = to {
                    from = to;
                }
            }
            bands.push(Bands { analyte, ends });
            met_sets.push(sets);
        }
        let groups: Vec<CriterionGroup> = table.iter().map(|&(group, ..)| group).collect();
        let bits: usize = met_sets.iter().map(Vec::len).sum();
        let reachable = (0..1usize << bits)
            .map(|masks| reachable_of(masks, &met_sets, &groups))
            .collect();
        CategoryTable {
            bands,
            reachable,
            by_code: OnceLock::new(),
        }
    }

    /// [`CategoryTable::category`] of a dataset's draw from its value
    /// codes: `code_of` gives an analyte's code, `value_of` its value (asked
    /// only for a value kept outside the codes).
    pub(crate) fn category_of_codes(
        &self,
        code_of: impl Fn(Analyte) -> u16,
        value_of: impl Fn(Analyte) -> Value,
    ) -> Category {
        let by_code = self.by_code.get_or_init(|| {
            self.bands
                .iter()
                .map(|bands| {
                    (0..=CODE_MISSING)
                        .map(|code| Value::from_code(code).map_or(0, |v| reached(v, &bands.ends)))
                        .collect()
                })
                .collect()
        });
        let mut index = 0usize;
        let mut shift = 0;
        for (bands, masks) in self.bands.iter().zip(by_code) {
            let code = code_of(bands.analyte);
            let mask = match masks.get(usize::from(code)) {
                Some(&mask) if code != CODE_ESCAPED => mask,
                _ => reached(value_of(bands.analyte), &bands.ends),
            };
            index |= (mask as usize) << shift;
            shift += bands.ends.len();
        }
        lowest(self.reachable.get(index).copied().unwrap_or(1))
    }

    /// The category [`classify`](super::classify) gives these values.
    pub fn category(&self, values: &Values) -> Category {
        lowest(self.reachable_of(values))
    }

    /// [`CategoryTable::category`] of a draw whose values `value_of` gives
    /// (only the analytes the criteria test are asked for).
    pub fn category_by(&self, value_of: impl Fn(Analyte) -> Value) -> Category {
        lowest(self.reachable_by(value_of))
    }

    /// The category and the higher categories left open (`classify`'s
    /// `category` and `could_be`), without the criteria.
    pub fn category_and_could_be(
        &self,
        values: &Values,
    ) -> (Category, impl Iterator<Item = Category>) {
        let reachable = self.reachable_of(values);
        let category = lowest(reachable);
        let higher = Category::ALL
            .into_iter()
            .filter(move |&c| c > category && reachable & 1 << c as u8 != 0);
        (category, higher)
    }

    /// The category, and whether missing or censored values leave a higher
    /// one open (`classify`'s `could_be` is not empty).
    pub fn category_and_open(&self, values: &Values) -> (Category, bool) {
        let reachable = self.reachable_of(values);
        let category = lowest(reachable);
        (category, reachable >> (category as u8 + 1) != 0)
    }

    /// The reachable categories of a draw, as a bit set.
    fn reachable_of(&self, values: &Values) -> u8 {
        self.reachable_by(|analyte| values.get(analyte))
    }

    fn reachable_by(&self, value_of: impl Fn(Analyte) -> Value) -> u8 {
        let mut index = 0usize;
        let mut shift = 0;
        for bands in &self.bands {
            index |= (reached(value_of(bands.analyte), &bands.ends) as usize) << shift;
            shift += bands.ends.len();
        }
        self.reachable.get(index).copied().unwrap_or(1)
    }
}

/// The least severe category of a non-empty set (`None` for an empty one,
/// which no draw has: every value reaches some band).
fn lowest(reachable: u8) -> Category {
    Category::ALL
        .into_iter()
        .find(|&category| reachable & 1 << category as u8 != 0)
        .unwrap_or(Category::None)
}

/// The categories reachable when each analyte may lie in any band of its
/// mask (a slice of `masks`), by the category rules of `classify`.
fn reachable_of(masks: usize, met_sets: &[Vec<u8>], groups: &[CriterionGroup]) -> u8 {
    let mut combinations: Vec<u8> = vec![0];
    let mut shift = 0;
    for sets in met_sets {
        let mut next = Vec::new();
        for (band, &met) in sets.iter().enumerate() {
            if masks >> (shift + band) & 1 == 1 {
                next.extend(combinations.iter().map(|&so_far| so_far | met));
            }
        }
        next.sort_unstable();
        next.dedup();
        combinations = next;
        shift += sets.len();
    }
    combinations
        .into_iter()
        .fold(0, |set, met| set | 1 << category_of_met(met, groups) as u8)
}

/// The bands (bit per band) a value reaches: every non-empty band when
/// missing; else those sharing a value with the values it allows.
fn reached(value: Value, ends: &[(u64, Option<u64>)]) -> u8 {
    if let Some((mantissa, scale)) = value.exact_parts() {
        // An exact value allows itself only: it lies in exactly one band
        // (they are consecutive from 0 up), and an empty band holds none.
        let amount = u64::from(mantissa) * POWERS[usize::from(SCALE - scale.min(SCALE))];
        return ends
            .iter()
            .position(|&(from, to)| from <= amount && to.is_none_or(|to| amount < to))
            .map_or(0, |band| 1 << band);
    }
    let Some(reading) = value.reading() else {
        return ends
            .iter()
            .enumerate()
            .filter(|&(_, &(from, to))| to.is_none_or(|to| from < to))
            .fold(0, |mask, (band, _)| mask | 1 << band);
    };
    let amount = scaled(reading.amount);
    // The allowed values: `low` (closed unless `low_open`) up to `high`
    // (closed unless `high_open`; none for no upper end), as bounds.rs.
    let (low, high): (u64, Option<(u64, bool)>) = match reading.censor {
        Censor::Exact => (amount, Some((amount, true))),
        Censor::Below if amount == 0 => (0, Some((0, true))),
        Censor::Below => (0, Some((amount, false))),
        Censor::Above => (amount, None),
    };
    let mut mask = 0;
    for (band, &(from, to)) in ends.iter().enumerate() {
        let not_empty = to.is_none_or(|to| from < to);
        let at_or_above_from = match high {
            None => true,
            Some((at, included)) => at > from || (at == from && included),
        };
        // An open low end allows values just above it, so both kinds
        // reach below `to` exactly when the end is below it.
        let below_to = to.is_none_or(|to| low < to);
        if not_empty && at_or_above_from && below_to {
            mask |= 1 << band;
        }
    }
    mask
}

/// Powers of ten up to 10^7.
const POWERS: [u64; SCALE as usize + 1] =
    [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

/// An amount in units of 10^-7, exactly.
fn scaled(amount: Decimal) -> u64 {
    u64::from(amount.mantissa()) * POWERS[usize::from(SCALE - amount.scale().min(SCALE))]
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::clinical::{RetMethod, classify};
    use crate::model::Reading;

    fn value_strategy() -> impl Strategy<Value = Value> {
        let amounts = prop_oneof![
            // Around every default cut-off, exactly on them, and far off.
            prop::sample::select(vec![
                "0",
                "0.1",
                "0.2",
                "0.19",
                "0.21",
                "0.5",
                "0.49",
                "1",
                "1.5",
                "1.49",
                "10",
                "9.9",
                "19",
                "20",
                "21",
                "49",
                "50",
                "51",
                "59",
                "60",
                "61",
                "150",
                "1000",
                "0.0000001",
            ])
            .prop_map(|text| Decimal::parse(text).unwrap()),
            (0u64..70_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s).unwrap()),
        ];
        let censors = prop::sample::select(vec![Censor::Exact, Censor::Below, Censor::Above]);
        prop_oneof![
            1 => Just(Value::MISSING),
            4 => (amounts, censors).prop_map(|(amount, censor)| Value::new(Reading {
                amount,
                censor,
                derived: false,
            })),
        ]
    }

    fn thresholds_strategy() -> impl Strategy<Value = Thresholds> {
        (any::<bool>(), 0u32..4, 0u32..30).prop_map(|(manual, anc_shift, plt)| {
            let mut t = Thresholds::default();
            if manual {
                t.retic_method = RetMethod::Manual;
            }
            // Cut-offs that coincide, reach zero, or change order.
            t.very_severe.anc = Decimal::new(u64::from(anc_shift) * 2, 1).unwrap();
            t.severe.plt = Decimal::lit(plt, 0);
            t
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn agrees_with_classify(
            t in thresholds_strategy(),
            hgb in value_strategy(),
            plt in value_strategy(),
            anc in value_strategy(),
            retic in value_strategy(),
        ) {
            let mut values = Values::EMPTY;
            values.set(Analyte::Hgb, hgb);
            values.set(Analyte::Plt, plt);
            values.set(Analyte::Anc, anc);
            values.set(Analyte::Retic, retic);
            let full = classify(&values, &t);
            let table = CategoryTable::new(&t);
            prop_assert_eq!(table.category(&values), full.category);
            prop_assert_eq!(
                table.category_and_open(&values),
                (full.category, !full.could_be.is_empty())
            );
            let mut escapes = Vec::new();
            let packed = crate::model::PackedValues::pack(&values, 0, &mut escapes);
            let by_codes = table.category_of_codes(
                |analyte| packed.code(analyte),
                |analyte| packed.value(analyte, 0, &escapes),
            );
            prop_assert_eq!(by_codes, full.category);
        }
    }
}
