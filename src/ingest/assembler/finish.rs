//! From the log to the dataset: entries grouped by patient (in id order),
//! each patient's merged into draws, then the time and value columns
//! gathered in that order, one column at a time.

mod columns;

use crate::model::{Dataset, DatasetParts, Patient, PatientInfo, Sex};

use self::columns::{
    Bits, gather, positions, range_starts, remap_escapes, remap_ranges, sort_by_draw_then_analyte,
};
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

#[cfg(test)]
mod tests;
