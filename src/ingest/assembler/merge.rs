//! Each patient's entries merged into draws: taken as they are when they
//! are plainly separate draws, else replayed row by row.

use crate::model::{Analyte, Escape, PackedValues, PatientInfo, RangeEntry, Timestamp, Values};

use super::draws::{Percents, derive_counts};
use super::replay::replay;
use super::{LogView, Merged};

/// What the merge of every patient changes in the columns.
#[derive(Default)]
pub(super) struct Changes {
    /// New values of entries (draws merged from several rows, or with counts
    /// derived from percentages), packed where they are made: unpacked, a
    /// MIMIC-IV-shaped load's 300,000 were 24 MB at the load's peak.
    pub(super) values: Vec<(u32, PackedValues)>,
    /// The new values without a code, by entry (as the `draw`).
    pub(super) escapes: Vec<Escape>,
    /// Lab ranges of replayed draws, by entry.
    pub(super) ranges: Vec<RangeEntry>,
    /// New times of entries: a draw whose rows wrote its instant in
    /// several ways shows the one [`crate::model::Timestamp::shown_of`] picks.
    pub(super) times: Vec<(u32, Timestamp)>,
    /// Entries whose values are in `values`.
    pub(super) values_changed: Vec<u32>,
    /// Entries replayed: their lab ranges are in `ranges`.
    pub(super) replayed: Vec<u32>,
    /// Name, sex and birth date of replayed patients, by rank.
    pub(super) details: Vec<(usize, PatientInfo)>,
    pub(super) merged: Merged,
}

/// Merges every patient's entries into draws, on two threads for big
/// loads (each patient's entries are a slice of `order` of its own).
pub(super) fn merge_patients(
    view: &LogView<'_>,
    by_rank: &[u32],
    starts: &[usize],
    order: &mut [u32],
    kept: &mut [u32],
) -> Changes {
    let merge_ranks = |first: usize, order: &mut [u32], kept: &mut [u32]| {
        let mut changes = Changes::default();
        let base = starts[first];
        for (offset, kept) in kept.iter_mut().enumerate() {
            let r = first + offset;
            let segment = &mut order[starts[r] - base..starts[r + 1] - base];
            *kept = merge_patient(view, by_rank[r], r, segment, &mut changes) as u32;
        }
        changes
    };
    let count = order.len();
    if count < 1 << 16 {
        return merge_ranks(0, order, kept);
    }
    // Half the entries each.
    let middle = starts
        .partition_point(|&start| start < count / 2)
        .min(by_rank.len());
    let (order_low, order_high) = order.split_at_mut(starts[middle]);
    let (kept_low, kept_high) = kept.split_at_mut(middle);
    let (mut low, high) = std::thread::scope(|scope| {
        let high = scope.spawn(|| merge_ranks(middle, order_high, kept_high));
        let low = merge_ranks(0, order_low, kept_low);
        (low, high.join())
    });
    // A panic there is a bug: carried on here, never a half-merged dataset.
    let high = high.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    low.values.extend(high.values);
    low.times.extend(high.times);
    low.escapes.extend(high.escapes);
    low.ranges.extend(high.ranges);
    low.values_changed.extend(high.values_changed);
    low.replayed.extend(high.replayed);
    low.details.extend(high.details);
    low.merged.rejections.extend(high.merged.rejections);
    low.merged.warnings.extend(high.merged.warnings);
    low.merged.cells += high.merged.cells;
    low.merged.duplicates += high.merged.duplicates;
    low.merged.derived += high.merged.derived;
    low.merged.without_count += high.merged.without_count;
    low
}

/// Merges one patient's entries (input order) into draws; leaves the kept
/// entries at the front of `segment` in draw order and returns how many.
fn merge_patient(
    view: &LogView<'_>,
    patient: u32,
    rank: usize,
    segment: &mut [u32],
    changes: &mut Changes,
) -> usize {
    // Entries in input order (as `segment` holds them) that came in time
    // order are separate draws as they stand.
    if (view.patients.in_time_order(patient) || plainly_separate(view, segment))
        && let Some(derived) = derive_each(view, segment)
    {
        // Sorted by time then input order: each entry is a draw.
        for (entry, values, count) in derived {
            changes.merged.derived += count;
            let packed = PackedValues::pack(&values, entry, &mut changes.escapes);
            changes.values.push((entry, packed));
            changes.values_changed.push(entry);
        }
        return segment.len();
    }
    segment.sort_unstable();
    let outcome = replay(view, patient, segment);
    changes.replayed.extend_from_slice(segment);
    changes.values_changed.extend_from_slice(segment);
    // A draw left without any value (a percentage that gave no count) is
    // no draw, and never the patient's latest (DESIGN.md).
    let mut heads: Vec<(i64, u32)> = outcome
        .heads
        .iter()
        .filter(|(_, _, values, _)| !values.is_empty())
        .map(|&(entry, time, _, _)| (time.instant(), entry))
        .collect();
    heads.sort_unstable();
    for (entry, time, values, ranges) in outcome.heads {
        if values.is_empty() {
            continue;
        }
        if time != view.entries.time[entry as usize] {
            changes.times.push((entry, time));
        }
        let packed = PackedValues::pack(&values, entry, &mut changes.escapes);
        changes.values.push((entry, packed));
        for (analyte, range) in Analyte::ALL.into_iter().zip(ranges) {
            if let Some(range) = range {
                changes.ranges.push(RangeEntry::new(entry, analyte, range));
            }
        }
    }
    let kept = heads.len();
    let dropped: Vec<u32> = {
        let mut is_head: Vec<u32> = heads.iter().map(|&(_, entry)| entry).collect();
        is_head.sort_unstable();
        segment
            .iter()
            .copied()
            .filter(|entry| is_head.binary_search(entry).is_err())
            .collect()
    };
    for (slot, &(_, entry)) in segment.iter_mut().zip(&heads) {
        *slot = entry;
    }
    segment[kept..].copy_from_slice(&dropped);
    changes.details.push((
        rank,
        PatientInfo {
            id: String::new(),
            name: outcome.name,
            sex: outcome.sex,
            birth_date: outcome.birth,
            birth_approximate: false,
        },
    ));
    let merged = outcome.merged;
    changes.merged.rejections.extend(merged.rejections);
    changes.merged.warnings.extend(merged.warnings);
    changes.merged.cells += merged.cells;
    changes.merged.duplicates += merged.duplicates;
    changes.merged.derived += merged.derived;
    changes.merged.without_count += merged.without_count;
    kept
}

/// The values of each entry (a draw of its own) that holds percentages,
/// with the absolute counts they give, and how many; `None` when a
/// percentage gives none: the patient is then replayed, which names each
/// such row.
fn derive_each(view: &LogView<'_>, segment: &[u32]) -> Option<Vec<(u32, Values, u64)>> {
    let mut derived = Vec::new();
    for &entry in segment {
        let percents = view.percents(entry);
        if percents.iter().all(|p| p.is_missing()) {
            continue;
        }
        let mut values = view.entries.values[entry as usize].unpack(entry, &view.entries.escapes);
        let given: Percents = percents
            .map(|p| (!p.is_missing()).then_some((p, super::entries::Source { file: 0, line: 0 })));
        let (count, without) = derive_counts(&mut values, &given);
        if without.contains(&true) {
            return None;
        }
        derived.push((entry, values, count));
    }
    Some(derived)
}

/// True when every entry is a draw of its own and no detail conflicts:
/// no two share a time and specimen (or a time across files), no second
/// name or birth date, one sex.
/// Sorts `segment` by time, then input order.
fn plainly_separate(view: &LogView<'_>, segment: &mut [u32]) -> bool {
    let entries = view.entries;
    let mut sex = None;
    for &entry in segment.iter() {
        let code = entries.details[entry as usize];
        if code.has_other() {
            return false;
        }
        match (sex, code.sex()) {
            (_, None) => {}
            (None, given) => sex = given,
            (Some(first), Some(given)) if first != given => return false,
            _ => {}
        }
    }
    // Sorted by keys gathered once: a sort that looked each entry's time
    // up in the column at every comparison was 3 % of a large load.
    let mut keyed: Vec<(i64, u32)> = segment
        .iter()
        .map(|&entry| (entries.time[entry as usize].instant(), entry))
        .collect();
    keyed.sort_unstable();
    for (slot, &(_, entry)) in segment.iter_mut().zip(&keyed) {
        *slot = entry;
    }
    let mut group = 0;
    while group < keyed.len() {
        let instant = keyed[group].0;
        let end = group
            + keyed[group..]
                .iter()
                .take_while(|&&(time, _)| time == instant)
                .count();
        let same_time = &segment[group..end];
        // Draws at one time are told apart only by specimen, and only
        // within one file (two files' rows of one instant are one draw):
        // compare them pairwise (few ever share a time).
        if same_time.len() > 16 {
            return false;
        }
        for (i, &a) in same_time.iter().enumerate() {
            if same_time[i + 1..].iter().any(|&b| {
                entries.specimen(a) == entries.specimen(b)
                    || entries.file_of(a) != entries.file_of(b)
            }) {
                return false;
            }
        }
        group = end;
    }
    true
}
