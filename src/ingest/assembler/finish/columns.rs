//! The helpers that put the columns in draw order: draw positions, escapes
//! and lab ranges remapped to them, ranges sorted and found, columns
//! gathered, and a set of entries as bits.

use crate::model::{Escape, RangeEntry};

/// Each entry's draw position, `u32::MAX` for entries not kept.
pub(super) fn positions(kept: &[u32], count: usize) -> Vec<u32> {
    let mut position = vec![u32::MAX; count];
    for (at, &entry) in kept.iter().enumerate() {
        position[entry as usize] = at as u32;
    }
    position
}

/// The escapes of the kept entries, by draw position.
pub(super) fn remap_escapes<'a>(
    position: &[u32],
    escapes: impl Iterator<Item = &'a Escape>,
) -> Vec<Escape> {
    let mut escapes: Vec<Escape> = escapes
        .filter_map(|e| {
            let draw = *position.get(e.draw as usize)?;
            (draw != u32::MAX).then_some(Escape { draw, ..*e })
        })
        .collect();
    escapes.sort_by_key(|e| (e.draw, e.analyte));
    escapes
}

/// The lab ranges of the kept entries, by draw position, made in the log's
/// own table: the ranges of entries dropped or `replayed` taken out, those
/// of the replayed draws (`replayed_ranges`) put in. The table is the
/// largest of the log's at the load's peak of memory (two million ranges
/// in a MIMIC-IV-shaped file of 10 million rows), where a second one took
/// 32 MB more.
pub(super) fn remap_ranges(
    position: &[u32],
    mut ranges: Vec<RangeEntry>,
    replayed: &Bits,
    replayed_ranges: &[RangeEntry],
) -> Vec<RangeEntry> {
    let at_position = |range: &RangeEntry| {
        let draw = *position.get(range.draw as usize)?;
        (draw != u32::MAX).then_some(range.at(draw))
    };
    ranges.retain_mut(|range| {
        if replayed.get(range.draw as usize) {
            return false;
        }
        at_position(range).map(|moved| *range = moved).is_some()
    });
    // No larger than what was taken out (a replayed draw's ranges are some
    // of its rows'), so the table does not grow.
    ranges.extend(replayed_ranges.iter().filter_map(at_position));
    // Sorted where they lie: putting them in order by counting needs the
    // second table, or (followed in place) took four times as long.
    sort_by_draw_then_analyte(&mut ranges);
    ranges.shrink_to_fit();
    ranges
}

/// Where each of `count` entries' ranges start in `ranges` (sorted by
/// entry), then where the last one's end.
pub(super) fn range_starts(ranges: &[RangeEntry], count: usize) -> Vec<u32> {
    let mut starts = vec![0u32; count + 1];
    for range in ranges {
        if let Some(next) = starts.get_mut(range.draw as usize + 1) {
            *next += 1;
        }
    }
    for entry in 0..count {
        starts[entry + 1] += starts[entry];
    }
    starts
}

/// Sorts lab ranges by draw, then analyte (one range per draw and analyte:
/// no order between equals to keep). Ranges already in draw order (as a
/// long file's come) have only each draw's few put in analyte order.
pub(super) fn sort_by_draw_then_analyte(ranges: &mut [RangeEntry]) {
    // One number per range, compared at once.
    let key = |r: &RangeEntry| (u64::from(r.draw) << 8) | r.analyte as u64;
    // As the log keeps a long file's.
    if ranges.is_sorted_by_key(key) {
        return;
    }
    if ranges.is_sorted_by_key(|r| r.draw) {
        for draw in ranges.chunk_by_mut(|a, b| a.draw == b.draw) {
            if !draw.is_sorted_by_key(|r| r.analyte) {
                draw.sort_unstable_by_key(|r| r.analyte);
            }
        }
        return;
    }
    if ranges.len() < 1 << 16 {
        ranges.sort_unstable_by_key(key);
        return;
    }
    // Big tables in two halves, each sorted on a thread of its own, after
    // every range of the lower half is put before every one of the upper.
    let middle = ranges.len() / 2;
    ranges.select_nth_unstable_by_key(middle, key);
    let (low, high) = ranges.split_at_mut(middle);
    std::thread::scope(|scope| {
        scope.spawn(|| high.sort_unstable_by_key(key));
        low.sort_unstable_by_key(key);
    });
}

/// `data[order[i]]` for every `i` of `order`, in a new column (`data` is
/// freed after), on two threads for big loads.
///
/// Gathered rather than permuted in place: following the permutation's
/// cycles in place, each step waited for the load of the one before (on
/// the shuffled wide 1M file, 0.1 s of a 0.45 s load); gathered, the random
/// reads are independent and overlap. The price is a second copy of one
/// column while it is gathered (16 MB for a million draws' values).
pub(super) fn gather<T: Copy + Send + Sync>(data: Vec<T>, order: &[u32]) -> Vec<T> {
    let Some(&filler) = data.first() else {
        return Vec::new();
    };
    let fill = |out: &mut [T], order: &[u32]| {
        for (slot, &from) in out.iter_mut().zip(order) {
            *slot = data.get(from as usize).copied().unwrap_or(filler);
        }
    };
    let mut out = vec![filler; order.len()];
    if order.len() < 1 << 16 {
        fill(&mut out, order);
    } else {
        let middle = order.len() / 2;
        let (low, high) = out.split_at_mut(middle);
        let (order_low, order_high) = order.split_at(middle);
        std::thread::scope(|scope| {
            scope.spawn(|| fill(high, order_high));
            fill(low, order_low);
        });
    }
    out
}

/// A set of entries, one bit each.
pub(super) struct Bits(Vec<u64>);

impl Bits {
    pub(super) fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    pub(super) fn set(&mut self, index: usize) {
        if let Some(word) = self.0.get_mut(index / 64) {
            *word |= 1 << (index % 64);
        }
    }

    pub(super) fn get(&self, index: usize) -> bool {
        self.0
            .get(index / 64)
            .is_some_and(|word| word >> (index % 64) & 1 == 1)
    }
}
