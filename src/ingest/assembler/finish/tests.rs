//! Tests of the columns' gathering: lab ranges sorted, remapped and found, columns gathered.

use proptest::prelude::*;

use super::columns::*;
use crate::model::{Analyte, Decimal, LabRange, RangeEntry};

fn range_entry(draw: u32, analyte: usize, lower: u32) -> RangeEntry {
    let range = LabRange {
        lower: Decimal::lit(lower, 0),
        upper: Decimal::lit(lower + 1, 0),
        places: (0, 0),
        significant: (0, 0),
    };
    RangeEntry::new(draw, Analyte::ALL[analyte % Analyte::ALL.len()], range)
}

/// Ranges of up to 40 entries, one per entry and analyte, in any order.
fn ranges() -> impl Strategy<Value = Vec<RangeEntry>> {
    proptest::collection::btree_set((0u32..40, 0usize..9), 0..120)
        .prop_map(|keys| {
            keys.into_iter()
                .map(|(draw, analyte)| range_entry(draw, analyte, draw * 10 + analyte as u32))
                .collect::<Vec<_>>()
        })
        .prop_shuffle()
}

proptest! {
    #[test]
    fn ranges_are_sorted_as_a_full_sort_sorts_them(mut ranges in ranges(), in_draw_order: bool) {
        if in_draw_order {
            ranges.sort_by_key(|r| r.draw);
        }
        let mut expected = ranges.clone();
        expected.sort_by_key(|r| (r.draw, r.analyte));
        sort_by_draw_then_analyte(&mut ranges);
        prop_assert_eq!(ranges, expected);
    }

    #[test]
    fn each_entrys_ranges_are_where_its_start_says(mut ranges in ranges()) {
        sort_by_draw_then_analyte(&mut ranges);
        let starts = range_starts(&ranges, 40);
        for entry in 0..40u32 {
            let found = &ranges[starts[entry as usize] as usize..starts[entry as usize + 1] as usize];
            let expected: Vec<RangeEntry> =
                ranges.iter().filter(|r| r.draw == entry).copied().collect();
            prop_assert_eq!(found, &expected[..]);
        }
    }

    #[test]
    fn kept_ranges_are_put_at_their_draws_position(
        ranges in ranges(),
        kept in proptest::sample::subsequence((0u32..40).collect::<Vec<_>>(), 0..40)
            .prop_shuffle(),
        replayed_entries in proptest::collection::vec(0u32..40, 0..10),
        replayed_ranges in ranges(),
    ) {
        let mut replayed = Bits::new(40);
        for &entry in &replayed_entries {
            replayed.set(entry as usize);
        }
        // A replayed entry's ranges are in the replay's own table.
        let replayed_ranges: Vec<RangeEntry> = replayed_ranges
            .into_iter()
            .filter(|r| replayed.get(r.draw as usize))
            .collect();
        let remapped = remap_ranges(
            &positions(&kept, 40),
            ranges.clone(),
            &replayed,
            &replayed_ranges,
        );
        let mut expected: Vec<RangeEntry> = ranges
            .iter()
            .filter(|r| !replayed.get(r.draw as usize))
            .chain(&replayed_ranges)
            .filter_map(|r| {
                let at = kept.iter().position(|&entry| entry == r.draw)?;
                Some(r.at(at as u32))
            })
            .collect();
        expected.sort_by_key(|r| (r.draw, r.analyte));
        prop_assert_eq!(remapped, expected);
    }
}

/// A table big enough to be sorted in two halves, scattered.
#[test]
fn a_big_table_of_ranges_is_sorted_as_a_full_sort_sorts_it() {
    let len = (1u32 << 16) + 7;
    let mut ranges: Vec<RangeEntry> = (0..len)
        .map(|i| {
            let scattered = (u64::from(i) * 40_503 % u64::from(len)) as u32;
            range_entry(scattered / 3, (scattered % 3) as usize, i)
        })
        .collect();
    let mut expected = ranges.clone();
    expected.sort_by_key(|r| (r.draw, r.analyte));
    sort_by_draw_then_analyte(&mut ranges);
    assert_eq!(ranges, expected);
}

/// Both sizes (one thread, two): each position gets its entry.
#[test]
fn columns_are_gathered_in_the_order_given() {
    for len in [0u32, 1, 5, 1 << 16, (1 << 16) + 3] {
        let data: Vec<u64> = (0..u64::from(len)).map(|i| i * 7 + 1).collect();
        // Scattered positions (i x 40,503 modulo len), the last tenth
        // cut off as `finish` cuts the dropped entries.
        let mut order: Vec<u32> = (0..len)
            .map(|i| ((u64::from(i) * 40_503) % u64::from(len.max(1))) as u32)
            .collect();
        order.truncate(order.len() * 9 / 10);
        let expected: Vec<u64> = order.iter().map(|&i| data[i as usize]).collect();
        assert_eq!(gather(data, &order), expected, "{len}");
    }
}
