//! The end of a load: percentages turned into counts, the warnings made once
//! every row is in (plausibility, draws before birth), and the dataset built.

use crate::ingest::derive::{DERIVATIONS, not_derived_reason};
use crate::model::{Dataset, DatasetBuilder, Draw, DrawRange, Rejection};

use super::draw::DrawInProgress;
use super::{Assembler, Source};

impl Assembler {
    /// The dataset: patients by id, each one's draws by time then input
    /// order, with absolute counts derived from percentages where missing.
    pub fn finish(mut self) -> Dataset {
        // Warnings made here (percentages that gave no count, plausibility)
        // put every warning in file then line order.
        let before = self.report.warnings.len();
        for draw in &mut self.draws {
            let (derived, without) = draw.derive_counts();
            self.report.derived += derived;
            self.report.percentages_without_count += without.len() as u64;
            let patient = &self.patients[draw.patient as usize].info.id;
            for not in without {
                let derivation = &DERIVATIONS[not.derivation];
                let base = draw.values.get(derivation.base);
                let reason = not_derived_reason(derivation, base, not.percent);
                let column = self.headers[not.source.file as usize]
                    .get(not.column)
                    .cloned();
                let file = self.files[not.source.file as usize].clone();
                let warning = Rejection::new(file, not.source.line, column, reason);
                self.report
                    .warnings
                    .push(warning.of(Some(patient)).at(Some(draw.time)));
            }
        }
        // A draw left without any value (a percentage that gave no count)
        // is no draw: the others renumbered, with their lab ranges.
        if self.draws.iter().any(|draw| draw.values.is_empty()) {
            let mut renumbered = vec![None; self.draws.len()];
            let mut next = 0u32;
            for (id, draw) in self.draws.iter().enumerate() {
                if !draw.values.is_empty() {
                    renumbered[id] = Some(next);
                    next += 1;
                }
            }
            self.draws.retain(|draw| !draw.values.is_empty());
            self.lab_ranges = std::mem::take(&mut self.lab_ranges)
                .into_iter()
                .filter_map(|((id, analyte), range)| {
                    Some(((renumbered[id as usize]?, analyte), range))
                })
                .collect();
        }
        // Plausibility warnings (clinical.md §11) at each draw's first row.
        // Draws before the birth date: one warning a patient, at their
        // earliest draw (the first row of it), before its own warnings.
        let mut earliest: Vec<Option<&DrawInProgress>> = vec![None; self.patients.len()];
        let mut times: Vec<Vec<crate::model::Timestamp>> = vec![Vec::new(); self.patients.len()];
        for draw in &self.draws {
            let patient = draw.patient as usize;
            times[patient].push(draw.time);
            let slot = &mut earliest[patient];
            if slot.is_none_or(|e| {
                (draw.time.instant(), draw.first.file, draw.first.line)
                    < (e.time.instant(), e.first.file, e.first.line)
            }) {
                *slot = Some(draw);
            }
        }
        for (patient, known) in self.patients.iter().enumerate() {
            let mut patient_times = std::mem::take(&mut times[patient]);
            patient_times.sort_by_key(|time| time.instant());
            let info = &known.info;
            let reason = crate::clinical::drawn_before_birth(
                info.birth_date,
                info.birth_approximate,
                &patient_times,
            );
            if let (Some(reason), Some(draw)) = (reason, earliest[patient]) {
                let file = self.files[draw.first.file as usize].clone();
                let warning = Rejection::new(file, draw.first.line, None, reason);
                self.report
                    .warnings
                    .push(warning.of(Some(&info.id)).at(Some(draw.time)));
            }
        }
        for draw in &self.draws {
            for found in crate::clinical::plausibility(&draw.values) {
                let patient = &self.patients[draw.patient as usize].info.id;
                let reason = format!("patient {patient}, {}: {}", draw.time, found.reason());
                let file = self.files[draw.first.file as usize].clone();
                let warning = Rejection::new(file, draw.first.line, None, reason);
                self.report
                    .warnings
                    .push(warning.of(Some(patient)).at(Some(draw.time)));
            }
        }
        if self.report.warnings.len() > before {
            self.report.warnings.sort_in_file_order(&self.report.files);
        }
        let mut per_patient: Vec<Vec<(Source, u32)>> = vec![Vec::new(); self.patients.len()];
        for (id, draw) in self.draws.iter().enumerate() {
            per_patient[draw.patient as usize].push((draw.first, id as u32));
        }
        // Each draw's position among its patient's draws, once sorted.
        let mut position = vec![0u32; self.draws.len()];
        for ids in &mut per_patient {
            ids.sort_by_key(|&(first, id)| (self.draws[id as usize].time.instant(), first));
            for (offset, &(_, id)) in ids.iter().enumerate() {
                position[id as usize] = offset as u32;
            }
        }
        let mut ranges: Vec<Vec<DrawRange>> = vec![Vec::new(); self.patients.len()];
        for (&(id, analyte), &range) in &self.lab_ranges {
            let patient = self.draws[id as usize].patient as usize;
            ranges[patient].push((position[id as usize] as usize, analyte, range));
        }
        let mut builder = DatasetBuilder::new();
        for ((patient, ids), ranges) in self.patients.into_iter().zip(per_patient).zip(ranges) {
            // A patient left with no draw (their only one held no value) is
            // no patient of the dataset.
            if ids.is_empty() {
                continue;
            }
            let draws = ids
                .iter()
                .map(|&(_, id)| {
                    let draw = &self.draws[id as usize];
                    Draw {
                        time: draw.time,
                        values: draw.values,
                    }
                })
                .collect();
            builder.add_patient_with_ranges(patient.info, draws, ranges);
        }
        builder.build(self.report)
    }
}
