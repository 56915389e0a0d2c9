//! The index of a group's files: their Patients (each read, and refused
//! where it conflicts with an earlier one of its id), reports, panels,
//! specimens and encounters, and the entries that cannot be read.

use crate::ingest::assembler::RowLog;
use crate::ingest::assembler::entries::{DetailsAt, Source};

use super::collect::{Collected, Located};
use super::context::{self, At, Index};
use super::{column, patient, resources};

/// The Patients, reports and panels of every file; Patients and entries
/// that cannot be read are rejected (Patients count as rows).
pub(super) fn build_index(assembler: &mut RowLog, group: &[(u32, Collected<'_>)]) -> Index {
    let mut index = Index::new(group.iter().map(|(file, _)| *file).collect());
    for (g, (file, collected)) in group.iter().enumerate() {
        let mut rows = 0u64;
        for unreadable in &collected.unreadable {
            rows += 1;
            let source = Source {
                file: *file,
                line: unreadable.line,
            };
            assembler.reject(
                source,
                0,
                column(&unreadable.path, ""),
                unreadable.reason.clone(),
            );
        }
        for note in &collected.notes {
            let source = Source {
                file: *file,
                line: note.line,
            };
            assembler.warn(source, column(&note.path, ""), note.reason.clone());
        }
        for (i, located) in collected.resources.iter().enumerate() {
            let at = At { file: g, index: i };
            match located.kind.as_deref() {
                Some("Patient") => {
                    rows += 1;
                    match patient::read_patient(located.text, located.full_url.as_deref()) {
                        Ok((id, known, refused)) => {
                            // A contained Patient's id is local to its
                            // container: two Observations that each contain
                            // a Patient `pat` are of two people.
                            let id = match located.container {
                                Some(container) => {
                                    let owner = collected.resources.get(container);
                                    let owner = owner
                                        .and_then(|o| o.id.clone())
                                        .unwrap_or_else(|| format!("resource {container}"));
                                    format!("{owner}#{id}")
                                }
                                None => id,
                            };
                            let source = DetailsAt {
                                file: *file,
                                line: located.line,
                                fhir_index: Some(i as u32),
                            };
                            for (element, reason) in refused {
                                assembler.reject_of(
                                    Some(&id),
                                    Source {
                                        file: *file,
                                        line: located.line,
                                    },
                                    i as u64,
                                    column(&located.path, element),
                                    reason,
                                );
                                assembler.report_mut().cells_rejected += 1;
                            }
                            for differs in index.add_patient(at, located, id.clone(), known, source)
                            {
                                refuse_detail(assembler, located, (&id, source), &differs);
                            }
                        }
                        Err((element, reason)) => {
                            let source = Source {
                                file: *file,
                                line: located.line,
                            };
                            assembler.reject(
                                source,
                                i as u64,
                                column(&located.path, element),
                                reason,
                            );
                        }
                    }
                }
                // A report or panel that cannot be read lends nothing; its
                // Observations say why they cannot load.
                Some(kind @ ("Specimen" | "Encounter")) => index.add_sample(at, located, kind),
                Some("DiagnosticReport") => {
                    if let Ok(report) = serde_json::from_str::<resources::Report>(located.text) {
                        index.add_report(at, located, &report);
                    }
                }
                Some("Observation") => {
                    if let Ok(panel) =
                        serde_json::from_str::<resources::Observation<'_>>(located.text)
                        && !panel.has_member.is_empty()
                    {
                        index.add_panel(at, located, &panel);
                    }
                }
                _ => {}
            }
        }
        assembler.report_mut().rows_read += rows;
    }
    index
}

/// Refuses a Patient's detail that differs from an earlier Patient's of
/// the same id, in the words of a CSV file's conflicting rows.
fn refuse_detail(
    assembler: &mut RowLog,
    located: &Located<'_>,
    (patient, at): (&str, DetailsAt),
    differs: &context::Differs,
) {
    let what = match differs.element {
        "gender" => "sex",
        "birthDate" => "birth date",
        _ => "name",
    };
    let (earlier_file, earlier_line) = (differs.earlier_at.file, differs.earlier_at.line);
    let place = if earlier_file == at.file {
        format!("line {earlier_line}")
    } else {
        format!(
            "line {earlier_line} of {}",
            assembler.file_name(earlier_file)
        )
    };
    let reason = format!(
        "{what} {} conflicts with {} on {place} for the same patient (the earlier is kept)",
        differs.later, differs.earlier
    );
    let source = Source {
        file: at.file,
        line: at.line,
    };
    assembler.reject_of(
        Some(patient),
        source,
        u64::from(at.fhir_index.unwrap_or_default()),
        column(&located.path, differs.element),
        reason,
    );
    assembler.report_mut().cells_rejected += 1;
}
