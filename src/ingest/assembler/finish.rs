//! From the log to the dataset: entries grouped by patient (in id order),
//! each patient's merged into draws, then the time and value columns
//! gathered in that order, one column at a time.

use crate::model::{Dataset, DatasetParts, Escape, Patient, PatientInfo, RangeEntry, Sex};

use super::implausible_draws::{DrawNote, Finding, ImplausibleDraws, Notes};
use super::merge::merge_patients;
use super::{LogView, RowLog};

/// Builds the dataset.
pub(super) fn finish(log: RowLog) -> Dataset {
    let RowLog {
        files,
        mut entries,
        mut patients,
        rejections,
        mut report,
        joined,
        mut not_joined,
        events: _,
    } = log;
    patients.forget_lookup();
    entries.escapes.sort_by_key(|e| (e.draw, e.analyte));
    // One range per entry and analyte (a run repeats no measure).
    sort_by_draw_then_analyte(&mut entries.ranges);
    let count = entries.len();
    let by_rank = patients_by_id(&patients);
    // Entries grouped by patient rank, in input order within each.
    let mut starts = vec![0usize; by_rank.len() + 1];
    let mut order = {
        let mut rank = vec![0u32; by_rank.len()];
        for (r, &patient) in by_rank.iter().enumerate() {
            rank[patient as usize] = r as u32;
        }
        for &patient in &entries.patient {
            starts[rank[patient as usize] as usize + 1] += 1;
        }
        for r in 0..by_rank.len() {
            starts[r + 1] += starts[r];
        }
        let mut fill = starts.clone();
        let mut order = vec![0u32; count];
        for (entry, &patient) in entries.patient.iter().enumerate() {
            let r = rank[patient as usize] as usize;
            order[fill[r]] = entry as u32;
            fill[r] += 1;
        }
        order
    };
    entries.patient = Vec::new();

    // How many draws each patient keeps, by rank.
    let mut kept = vec![0u32; by_rank.len()];
    let range_starts = range_starts(&entries.ranges, count);
    let view = LogView {
        entries: &entries,
        range_starts: &range_starts,
        patients: &patients,
        files: &files,
    };
    let mut changes = merge_patients(&view, &by_rank, &starts, &mut order, &mut kept);
    drop(range_starts);
    let mut values_changed = Bits::new(count);
    for &entry in &changes.values_changed {
        values_changed.set(entry as usize);
    }
    let mut replayed = Bits::new(count);
    for &entry in &changes.replayed {
        replayed.set(entry as usize);
    }
    for &(entry, packed) in &changes.values {
        entries.values[entry as usize] = packed;
    }
    for &(entry, time) in &changes.times {
        entries.time[entry as usize] = time;
    }

    // Kept entries to the front, patient after patient; dropped ones after.
    let mut dropped = Vec::new();
    let mut next = 0;
    for r in 0..by_rank.len() {
        for i in starts[r]..starts[r + 1] {
            if i - starts[r] < kept[r] as usize {
                order[next] = order[i];
                next += 1;
            } else {
                dropped.push(order[i]);
            }
        }
    }
    let draw_count = next;
    order[draw_count..].copy_from_slice(&dropped);
    drop(dropped);
    drop(starts);

    let changed_escapes = std::mem::take(&mut changes.escapes);
    let changed_ranges = std::mem::take(&mut changes.ranges);
    let details = std::mem::take(&mut changes.details);
    let in_draw_order = move || {
        let position = positions(&order[..draw_count], count);
        let escapes = remap_escapes(
            &position,
            entries
                .escapes
                .iter()
                .filter(|e| !values_changed.get(e.draw as usize))
                .chain(&changed_escapes),
        );
        drop(values_changed);
        let ranges = std::mem::take(&mut entries.ranges);
        // Kept for the plausibility warnings: which entry (so which file and
        // line) each draw position came from.
        order.truncate(draw_count);
        let values = std::mem::take(&mut entries.values);
        let times = std::mem::take(&mut entries.time);
        let lines = std::mem::take(&mut entries.lines);
        let entry_files = std::mem::take(&mut entries.files);
        // The rest of the log freed first, then one column gathered at a time,
        // so that only one is ever held twice; the lab ranges are put in order
        // in their own table meanwhile (a sort of two million in a
        // MIMIC-IV-shaped load), on a thread of their own for big loads.
        drop(entries);
        let (lab_ranges, values, times) = if ranges.len() < 1 << 16 {
            let lab_ranges = remap_ranges(&position, ranges, &replayed, &changed_ranges);
            (lab_ranges, gather(values, &order), gather(times, &order))
        } else {
            std::thread::scope(|scope| {
                let remapped =
                    scope.spawn(|| remap_ranges(&position, ranges, &replayed, &changed_ranges));
                let values = gather(values, &order);
                let times = gather(times, &order);
                // A panic there is a bug: carried on here.
                let lab_ranges = remapped
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (lab_ranges, values, times)
            })
        };
        drop(replayed);
        drop(position);
        (
            escapes,
            lab_ranges,
            values,
            times,
            order,
            lines,
            entry_files,
        )
    };
    let build = move || build_patients(patients, by_rank, kept, details);
    // The patients are built on a thread of their own for big loads, while
    // the columns are put in draw order (the two share nothing).
    let (mut dataset_patients, (escapes, lab_ranges, values, times, order, lines, entry_files)) =
        if count < 1 << 16 {
            (build(), in_draw_order())
        } else {
            std::thread::scope(|scope| {
                let built = scope.spawn(build);
                let columns = in_draw_order();
                // A panic there is a bug: carried on here.
                let built = built
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (built, columns)
            })
        };
    let mut unjoined = fill_in_joined(&mut dataset_patients, joined);
    // A patient whose row was refused has a warning of its own, at its line.
    not_joined.sort_unstable();
    unjoined.retain(|id| not_joined.binary_search(id).is_err());
    // Patients with results that the patients table does not hold: their
    // sex and age stay unknown (the adult limits of either sex), said once.
    if let (Some((first, rest)), Some(table)) = (
        unjoined.split_first(),
        files
            .iter()
            .find(|file| matches!(file.columns, super::FileColumns::Joined)),
    ) {
        let more = match rest.len() {
            0 => String::new(),
            n => format!(
                " and {} more",
                crate::safe_text::counted(n as u64, "patient")
            ),
        };
        let reason = format!(
            "patient {}{more} with results {} no row in this table: sex and age unknown, so the limits for the age and sex cannot apply",
            crate::safe_text::printable(first),
            if rest.is_empty() { "has" } else { "have" }
        );
        report.warnings.push(crate::model::Rejection::new(
            table.name.clone(),
            0,
            None,
            reason,
        ));
    }
    let merged = changes.merged;
    report.duplicates_merged += merged.duplicates;
    report.cells_rejected += merged.cells;
    report.derived += merged.derived;
    report.percentages_without_count += merged.without_count;
    let mut all = rejections;
    all.extend(merged.rejections);
    all.sort_by_key(|(key, _)| *key);
    report.rejected = all.into_iter().map(|(_, rejection)| rejection).collect();
    let parts = DatasetParts {
        patients: dataset_patients,
        times,
        values,
        escapes,
        lab_ranges,
    };
    // Percentages that gave no count, at their rows, among the readers'
    // warnings in file then line order (stable: a line's own order kept);
    // so is the note on patients a joined table does not hold (line 0).
    report
        .warnings
        .extend(merged.warnings.into_iter().map(|(_, warning)| warning));
    report.warnings.sort_in_file_order(&report.files);
    let mut dataset = Dataset::from_parts(parts, report);
    plausibility_warnings(&mut dataset, &order, &lines, &entry_files, &files);
    dataset
}

/// Notes each implausible draw (`clinical.md` §11), at the file and line
/// its first row came from, to be worded as a warning when the warnings are
/// first listed.
fn plausibility_warnings(
    dataset: &mut Dataset,
    order: &[u32],
    lines: &super::lines::Lines,
    entry_files: &[(u32, u32)],
    files: &[super::FileInfo],
) {
    // The file and line of the entry at draw position `position`.
    let place = |position: usize| {
        let entry = *order.get(position)?;
        let after = entry_files.partition_point(|&(first, _)| first <= entry);
        let file = after.checked_sub(1).map_or(0, |i| entry_files[i].1);
        Some((file, lines.get(entry)))
    };
    // The patients of `range` (draw positions from `position` on), read
    // value by value: a draw is not unpacked for five of its values.
    let note = |range: std::ops::Range<usize>, mut position: usize| {
        let mut notes = Notes::default();
        for patient in dataset.patients().get(range).unwrap_or_default() {
            let draws = dataset.draws(patient);
            let before_birth = crate::clinical::drawn_before_birth(
                patient.birth_date,
                patient.birth_approximate,
                draws.times(),
            );
            for (index, &time) in draws.times().iter().enumerate() {
                if index == 0
                    && let Some(reason) = &before_birth
                    && let Some(place) = place(position)
                {
                    let finding = Finding::BornAfter(reason.as_str().into());
                    let number = notes.patient(&patient.id);
                    notes.push(DrawNote::new(place, number, time, finding));
                }
                // Most draws are proven plausible by their codes alone.
                if !crate::clinical::plainly_plausible(|a| draws.code(index, a)) {
                    for found in crate::clinical::plausibility_of(|a| draws.value(index, a)) {
                        let Some(place) = place(position) else {
                            continue;
                        };
                        let number = notes.patient(&patient.id);
                        let finding = Finding::Implausible(found);
                        notes.push(DrawNote::new(place, number, time, finding));
                    }
                }
                position += 1;
            }
        }
        notes.shrink_to_fit();
        notes
    };
    // Half the patients on another thread for big loads, the notes joined
    // in patient order.
    let patients = dataset.patients().len();
    let (low, high) = if order.len() < 1 << 16 {
        (note(0..patients, 0), Notes::default())
    } else {
        let middle = patients / 2;
        let draws_before: usize = dataset.patients()[..middle]
            .iter()
            .map(|patient| dataset.draws(patient).len())
            .sum();
        let (low, high) = std::thread::scope(|scope| {
            let high = scope.spawn(|| note(middle..patients, draws_before));
            (note(0..middle, 0), high.join())
        });
        // A panic there is a bug: carried on here.
        (
            low,
            high.unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    };
    if low.is_empty() && high.is_empty() {
        return;
    }
    let names = files.iter().map(|file| file.name.clone()).collect();
    let draws = ImplausibleDraws::new(names, vec![low, high]);
    let report = dataset.report_mut();
    report.warnings.sort_in_file_order(&report.files);
    report
        .warnings
        .set_unworded(std::sync::Arc::new(draws), &report.files);
}

/// The dataset's patients, in id order, each owning its kept draws; the
/// ids are copied out and freed before the names are, so that the log's
/// copy and the patients' never both hold every id and name.
fn build_patients(
    mut patients: super::patients::Patients,
    by_rank: Vec<u32>,
    kept: Vec<u32>,
    replayed: Vec<(usize, PatientInfo)>,
) -> Vec<Patient> {
    let mut replayed = replayed.into_iter().peekable();
    let count = kept.iter().filter(|&&k| k > 0).count();
    let mut built = Vec::with_capacity(count);
    // The log's number of each patient built, to find its first name;
    // `u32::MAX` for a replayed one, whose name is known.
    let mut numbers = Vec::with_capacity(count);
    let mut start = 0u32;
    for (r, (&patient, &count)) in by_rank.iter().zip(&kept).enumerate() {
        let draws = start..start + count;
        start += count;
        if count == 0 {
            // No draw kept (the only one held no value): no patient, and
            // its replayed details are passed over with it.
            let _ = replayed.next_if(|(rank, _)| *rank == r);
            continue;
        }
        let id = String::from_utf8_lossy(patients.id(patient)).into_owned();
        let info = match replayed.next_if(|(rank, _)| *rank == r) {
            Some((_, info)) => {
                numbers.push(u32::MAX);
                PatientInfo { id, ..info }
            }
            None => {
                numbers.push(patient);
                PatientInfo {
                    id,
                    name: None,
                    sex: patients.first_sex(patient).unwrap_or(Sex::Unknown),
                    birth_date: patients.first_birth(patient),
                    birth_approximate: false,
                }
            }
        };
        built.push(Patient::new(info, draws));
    }
    drop((by_rank, kept));
    patients.forget_ids();
    let names = patients.into_first_names(&numbers);
    for ((slot, patient), position) in built.iter_mut().zip(numbers).zip(0..) {
        if patient == u32::MAX {
            continue;
        }
        if let Some(name) = names.get(position) {
            slot.name = Some(name.to_string());
        }
    }
    built
}

/// Fills each patient's missing name, sex and birth date from the joined
/// tables (the first row of a patient's id there wins).
/// Returns the ids of the patients the tables do not hold and whose sex
/// and age are unknown: one whose own rows gave either (a CSV file opened
/// beside an export folder) needs no row there.
fn fill_in_joined(patients: &mut [Patient], mut joined: Vec<PatientInfo>) -> Vec<String> {
    let mut unjoined = Vec::new();
    if joined.is_empty() {
        return unjoined;
    }
    // Stable: the first of a patient's rows comes first.
    joined.sort_by(|a, b| a.id.cmp(&b.id));
    joined.dedup_by(|later, first| later.id == first.id);
    for patient in patients {
        let Ok(at) = joined.binary_search_by(|info| info.id.as_str().cmp(&patient.id)) else {
            if patient.sex == Sex::Unknown && patient.birth_date.is_none() {
                unjoined.push(patient.id.clone());
            }
            continue;
        };
        let info = &mut joined[at];
        if patient.name.is_none() {
            patient.name = info.name.take();
        }
        if patient.sex == Sex::Unknown {
            patient.sex = info.sex;
        }
        if patient.birth_date.is_none() {
            patient.birth_date = info.birth_date;
            patient.birth_approximate = info.birth_approximate;
        }
    }
    unjoined
}

/// Patients by id (bytes, as `String` orders them): the patient at each rank.
fn patients_by_id(patients: &super::patients::Patients) -> Vec<u32> {
    let prefix = |patient: u32| {
        let mut eight = [0u8; 8];
        let id = patients.id(patient);
        let len = id.len().min(8);
        eight[..len].copy_from_slice(&id[..len]);
        u64::from_be_bytes(eight)
    };
    let mut keyed: Vec<(u64, u32)> = (0..patients.len() as u32).map(|p| (prefix(p), p)).collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| patients.id(a.1).cmp(patients.id(b.1)))
    });
    keyed.into_iter().map(|(_, patient)| patient).collect()
}

/// Each entry's draw position, `u32::MAX` for entries not kept.
fn positions(kept: &[u32], count: usize) -> Vec<u32> {
    let mut position = vec![u32::MAX; count];
    for (at, &entry) in kept.iter().enumerate() {
        position[entry as usize] = at as u32;
    }
    position
}

/// The escapes of the kept entries, by draw position.
fn remap_escapes<'a>(position: &[u32], escapes: impl Iterator<Item = &'a Escape>) -> Vec<Escape> {
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
fn remap_ranges(
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
fn range_starts(ranges: &[RangeEntry], count: usize) -> Vec<u32> {
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
fn sort_by_draw_then_analyte(ranges: &mut [RangeEntry]) {
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
fn gather<T: Copy + Send + Sync>(data: Vec<T>, order: &[u32]) -> Vec<T> {
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
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, index: usize) {
        if let Some(word) = self.0.get_mut(index / 64) {
            *word |= 1 << (index % 64);
        }
    }

    fn get(&self, index: usize) -> bool {
        self.0
            .get(index / 64)
            .is_some_and(|word| word >> (index % 64) & 1 == 1)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Analyte, Decimal, LabRange};

    fn range_entry(draw: u32, analyte: usize, lower: u32) -> RangeEntry {
        let range = LabRange {
            lower: Decimal::lit(lower, 0),
            upper: Decimal::lit(lower + 1, 0),
            places: (0, 0),
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
}
