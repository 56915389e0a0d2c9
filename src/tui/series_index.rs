//! Summaries of ranges of a long series, so that a frame costs what the
//! chart's width costs, not what the number of draws costs: a patient with
//! a million draws is drawn column by column from summaries of blocks of
//! 64 points and a sparse table over them, each column's lowest and highest
//! found in constant time plus at most two partial blocks.

use std::ops::Range;

/// Points per block.
const BLOCK: usize = 64;

/// What can summarize a range: combining two summaries of ranges (which
/// may overlap) gives the summary of their union.
pub trait Summary: Copy {
    /// The summary of two ranges.
    fn merge(self, other: Self) -> Self;
}

/// A series' summaries by block, and by runs of 2^k blocks.
#[derive(Clone, Debug)]
pub struct RangeIndex<T> {
    /// `levels[k][j]`: the summary of blocks `j..j + 2^k`.
    levels: Vec<Vec<T>>,
}

impl<T: Summary> RangeIndex<T> {
    /// The index of a series of `len` items, `item(i)` summarizing item `i`.
    pub fn new(len: usize, item: impl Fn(usize) -> T) -> RangeIndex<T> {
        let summarize = |range: Range<usize>| range.map(&item).reduce(T::merge);
        let blocks: Vec<T> = (0..len.div_ceil(BLOCK))
            .filter_map(|block| summarize(block * BLOCK..((block + 1) * BLOCK).min(len)))
            .collect();
        let mut levels = vec![blocks];
        let mut width = 1;
        while width * 2 <= levels[0].len() {
            let below = &levels[levels.len() - 1];
            let level: Vec<T> = (0..=levels[0].len() - width * 2)
                .map(|j| below[j].merge(below[j + width]))
                .collect();
            levels.push(level);
            width *= 2;
        }
        RangeIndex { levels }
    }

    /// The summary of items `range` (none for an empty range); `item` as
    /// given to [`RangeIndex::new`].
    pub fn query(&self, range: Range<usize>, item: impl Fn(usize) -> T) -> Option<T> {
        if range.is_empty() {
            return None;
        }
        let scan = |r: Range<usize>| r.map(&item).reduce(T::merge);
        let first_full = range.start.div_ceil(BLOCK);
        let end_full = range.end / BLOCK;
        if first_full >= end_full {
            return scan(range);
        }
        let head = scan(range.start..first_full * BLOCK);
        let tail = scan(end_full * BLOCK..range.end);
        let blocks = end_full - first_full;
        let level = (usize::BITS - 1 - blocks.leading_zeros()) as usize;
        let span = 1 << level;
        let table = self.levels.get(level)?;
        let middle = table.get(first_full)?.merge(*table.get(end_full - span)?);
        // Head, middle, tail in order: ties go to the earlier.
        [head, Some(middle), tail]
            .into_iter()
            .flatten()
            .reduce(T::merge)
    }
}

/// The lowest and highest value of a range, each at its first occurrence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extremes {
    /// The lowest value and its position.
    pub low: (f64, usize),
    /// The highest value and its position.
    pub high: (f64, usize),
}

impl Extremes {
    /// One value at one position.
    pub fn of(value: f64, at: usize) -> Extremes {
        Extremes {
            low: (value, at),
            high: (value, at),
        }
    }
}

impl Summary for Extremes {
    fn merge(self, other: Extremes) -> Extremes {
        let earlier_on_tie = |a: (f64, usize), b: (f64, usize), a_wins: bool| {
            if a.0 == b.0 {
                if a.1 <= b.1 { a } else { b }
            } else if a_wins {
                a
            } else {
                b
            }
        };
        Extremes {
            low: earlier_on_tie(self.low, other.low, self.low.0 < other.low.0),
            high: earlier_on_tie(self.high, other.high, self.high.0 > other.high.0),
        }
    }
}

/// The highest of small values (a category's order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highest(pub u8);

impl Summary for Highest {
    fn merge(self, other: Highest) -> Highest {
        Highest(self.0.max(other.0))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn ranges_summarize_as_a_scan_does(
            values in prop::collection::vec(0u8..6, 0..700),
            ranges in prop::collection::vec((0usize..700, 0usize..700), 1..20),
        ) {
            let item = |i: usize| Extremes::of(f64::from(values[i]), i);
            let index = RangeIndex::new(values.len(), item);
            let highest = RangeIndex::new(values.len(), |i| Highest(values[i]));
            for (a, b) in ranges {
                let (a, b) = (a.min(values.len()), b.min(values.len()));
                let range = a.min(b)..a.max(b);
                let scanned = range.clone().map(item).reduce(Extremes::merge);
                prop_assert_eq!(index.query(range.clone(), item), scanned);
                let top = range.clone().map(|i| values[i]).max().map(Highest);
                prop_assert_eq!(highest.query(range, |i| Highest(values[i])), top);
            }
        }
    }

    /// A record of one patient with `count` draws a day apart, platelets
    /// from `values` in turn (so long series repeat their lows and highs).
    fn record(count: usize, values: &[u32]) -> crate::tui::patient_view::PatientRecord {
        use crate::model::{
            Analyte, DatasetBuilder, Decimal, Draw, LoadReport, PatientInfo, Timestamp, Values,
        };
        let start = Timestamp::from_date(2000, 1, 1).unwrap().instant();
        let draws = (0..count)
            .map(|i| {
                let day = crate::model::CivilTime::from_unix_seconds(start + i as i64 * 86_400);
                Draw {
                    time: Timestamp::from_date(day.year, day.month, day.day).unwrap(),
                    values: Values::EMPTY
                        .with(Analyte::Plt, Decimal::lit(values[i % values.len()], 0))
                        .with(
                            Analyte::Anc,
                            Decimal::lit(values[(i * 7) % values.len()] / 10, 1),
                        ),
                }
            })
            .collect();
        let mut builder = DatasetBuilder::new();
        builder.add_patient(
            PatientInfo {
                id: "P".into(),
                ..PatientInfo::default()
            },
            draws,
        );
        let dataset = builder.build(LoadReport::default());
        crate::tui::patient_view::PatientRecord::build(
            &dataset,
            0,
            &crate::clinical::Thresholds::default(),
        )
        .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]

        #[test]
        fn a_records_trace_is_the_downsampled_series(
            count in prop::sample::select(vec![3usize, 40, 5000, 20_000]),
            values in prop::collection::vec(0u32..300, 1..50),
            from in 0.0f64..1.0,
            span in 0.01f64..1.0,
            width in 1u16..200,
        ) {
            use crate::model::Analyte;
            use crate::tui::chart_data::{Window, downsample};
            let record = record(count, &values);
            let full = record.full;
            let start = full.start + from * full.span();
            let window = Window { start, end: start + span * full.span() };
            for analyte in [Analyte::Plt, Analyte::Anc] {
                let (points, visible) = record.visible(analyte, window);
                let shown = &points[visible.clone()];
                let expected = downsample(shown, window, width);
                let kept: Vec<(f64, f64)> = record
                    .trace(analyte, visible.clone(), window, width)
                    .into_iter()
                    .map(|i| points[i])
                    .collect();
                prop_assert_eq!(kept, expected);
                let highest = shown.iter().map(|p| p.1).reduce(f64::max);
                prop_assert_eq!(record.highest(analyte, visible.clone()), highest);
            }
            let categories = record.severities.categories();
            let range = (count / 3)..(count / 3 + count / 2);
            prop_assert_eq!(
                record.worst_category(range.clone()),
                categories[range].iter().copied().max()
            );
        }
    }

    #[test]
    fn the_first_of_equal_extremes_is_kept() {
        let values = [3.0, 1.0, 5.0, 1.0, 5.0];
        let item = |i: usize| Extremes::of(values[i], i);
        let all = (0..5).map(item).reduce(Extremes::merge).unwrap();
        assert_eq!(all.low, (1.0, 1));
        assert_eq!(all.high, (5.0, 2));
    }
}
