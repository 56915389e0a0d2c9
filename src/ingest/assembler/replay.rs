//! One patient's rows merged into draws exactly as they would have been
//! merged one by one in input order: rows of one time (and specimen) form a
//! draw, a repeated value (or one that agrees, [`agree`]) merges, a
//! different value for the same analyte refuses the later row, naming the
//! earlier line. A name, sex or birth date differing from the one given
//! earlier costs that cell alone (DESIGN.md "Bad input": only a row's
//! patient, time or field count loses the row): the earlier stays, and the
//! row's values load.
//!
//! Rows of different patients never meet, so a patient's rows replayed in
//! their input order give what the whole input replayed in order would.

use hashbrown::HashMap;

use crate::ingest::derive::{DERIVATIONS, not_derived_reason};
use crate::ingest::rows::Measure;
use crate::model::{LabRange, Sex, Timestamp, Value};

use super::agree::{Agreement, agree};

use super::draws::{DrawState, derive_counts};
use super::entries::{NO_MEASURE, Source, measure_of};
use super::patients::Given;
use super::{ConflictField, LogView, Merged, PatientDraws};

/// One observation of a row: which measure, its value and range, and the
/// column it came from.
#[derive(Clone, Copy)]
struct Observed {
    measure: Measure,
    value: Value,
    range: Option<LabRange>,
    column: usize,
}

/// What the patient has been given so far, and by which row.
#[derive(Default)]
struct Known {
    name: Option<(String, Source)>,
    sex: Option<(Sex, Source)>,
    birth: Option<(Timestamp, Source)>,
}

impl Known {
    /// Keeps the first of each detail given, with where it was given.
    fn fill(
        &mut self,
        name: Option<&str>,
        sex: Option<Sex>,
        birth: Option<Timestamp>,
        source: Source,
    ) {
        if let (Some(name), None) = (name, &self.name) {
            self.name = Some((name.to_string(), source));
        }
        if let (Some(sex), None) = (sex, self.sex) {
            self.sex = Some((sex, source));
        }
        if let (Some(birth), None) = (birth, self.birth) {
            self.birth = Some((birth, source));
        }
    }
}

/// Replays the rows of `entries` (one patient's, in input order).
pub fn replay(log: &LogView<'_>, patient: u32, entries: &[u32]) -> PatientDraws {
    let mut known = Known::default();
    let mut draws: Vec<DrawState> = Vec::new();
    let mut at_instant = DrawsAt::default();
    let mut merged = Merged::default();
    let mut rows = Rows::default();
    // Where the details last checked were given, when on a line of their
    // own (a PID segment, a FHIR Patient): its results are not checked
    // again.
    let mut details_checked: Option<Source> = None;
    for &entry in entries {
        log.rows_into(entry, &mut rows);
        let file = log.entries.file_of(entry);
        let first_line = log.entries.lines.get(entry);
        let time = log.entries.time[entry as usize];
        let specimen = log.entries.specimen(entry);
        let (name, sex, birth) = log.details(patient, entry);
        let details_at = log.entries.details_at.get(&entry).copied();
        let lines = log.entries.row_lines(entry, first_line);
        for (line, observations) in lines.zip(rows.iter()) {
            let source = Source { file, line };
            // The row's name, sex and birth date are checked whatever
            // becomes of its values: a row refused for a value that
            // conflicts still says whose details differ.
            let details_source = details_at.map_or(Source { file, line }, |at| Source {
                file: at.file,
                line: at.line,
            });
            if details_at.is_none() || details_checked != Some(details_source) {
                details_checked = details_at.map(|_| details_source);
                for (field, reason) in check_details(log, &known, name, sex, birth, details_source)
                {
                    merged.rejections.push(log.rejection(
                        (patient, entry),
                        details_source,
                        field,
                        reason,
                    ));
                    merged.cells += 1;
                }
                known.fill(name, sex, birth, details_source);
            }
            let existing = at_instant.find(time.instant(), file, specimen);
            let conflict =
                existing.and_then(|d| check_values(log, &draws[d], observations, source));
            if let Some((field, reason)) = conflict {
                merged
                    .rejections
                    .push(log.rejection((patient, entry), source, field, reason));
                continue;
            }
            let draw = match existing {
                Some(draw) => {
                    // One instant written two ways shows one of them,
                    // whatever the order of the files.
                    draws[draw].time = draws[draw].time.shown_of(time);
                    draw
                }
                None => {
                    draws.push(DrawState::new(entry, time));
                    draws.len() - 1
                }
            };
            at_instant.join(time.instant(), draw, file, specimen);
            let mut anything_new = existing.is_none();
            for observed in observations {
                anything_new |= merge_value(&mut draws[draw], observed, (source, entry));
            }
            if !anything_new {
                merged.duplicates += 1;
            }
        }
    }
    for draw in &mut draws {
        let (derived, without) = derive_counts(&mut draw.values, &draw.percents);
        merged.derived += derived;
        for (slot, derivation) in DERIVATIONS.iter().enumerate() {
            let given = draw.percents[slot].zip(draw.percent_places[slot]);
            let Some(((percent, source), (column, entry))) = given.filter(|_| without[slot]) else {
                continue;
            };
            merged.without_count += 1;
            let base = draw.values.get(derivation.base);
            let reason = not_derived_reason(derivation, base, percent);
            let field = ConflictField::Value(column);
            let (key, warning) = log.rejection((patient, entry), source, field, reason);
            // Dated as the draw is (its first row's time as written).
            merged.warnings.push((key, warning.at(Some(draw.time))));
        }
    }
    PatientDraws {
        heads: draws
            .into_iter()
            .map(|d| (d.head, d.time, d.values, d.ranges))
            .collect(),
        name: known.name.map(|(name, _)| name),
        sex: known.sex.map_or(Sex::Unknown, |(sex, _)| sex),
        birth: known.birth.map(|(birth, _)| birth),
        merged,
    }
}

/// The rows of one entry, each as its observations in column order; reused
/// from entry to entry (a vector per row made the replay of a large load
/// spend as much in the allocator as in merging).
#[derive(Default)]
struct Rows {
    observed: Vec<Observed>,
    /// Where each row's observations end in `observed`.
    ends: Vec<usize>,
}

impl Rows {
    fn iter(&self) -> impl Iterator<Item = &[Observed]> {
        self.ends.iter().scan(0, |start, &end| {
            let row = self.observed.get(*start..end).unwrap_or_default();
            *start = end;
            Some(row)
        })
    }
}

impl LogView<'_> {
    /// The rows of an entry, each as its observations in column order.
    fn rows_into(&self, entry: u32, rows: &mut Rows) {
        rows.observed.clear();
        rows.ends.clear();
        let index = entry as usize;
        let values = self.entries.values[index].unpack(entry, &self.entries.escapes);
        let percents = self.percents(entry);
        let entry_ranges = self.ranges_of(entry);
        let range = |analyte| {
            entry_ranges
                .iter()
                .find(|r| r.analyte == analyte)
                .map(|r| r.range())
        };
        let value_of = |measure: Measure| match measure {
            Measure::Count(analyte) => values.get(analyte),
            Measure::Percent(analyte) => DERIVATIONS
                .iter()
                .position(|d| d.target == analyte)
                .map_or(Value::MISSING, |slot| percents[slot]),
        };
        let observe = |measure: Measure, column: usize| Observed {
            measure,
            value: value_of(measure),
            range: match measure {
                Measure::Count(analyte) => range(analyte),
                Measure::Percent(_) => None,
            },
            column,
        };
        let file = self.entries.file_of(entry);
        match self.entries.run(entry) {
            None => {
                rows.observed.extend(
                    self.wide_columns(file)
                        .iter()
                        .map(|&(measure, column)| observe(measure, column))
                        .filter(|observed| !observed.value.is_missing()),
                );
                rows.ends.push(rows.observed.len());
            }
            Some(codes) => {
                let column = self.value_column(file);
                for code in codes {
                    if let (code, Some(measure)) = (code, measure_of(code))
                        && code != NO_MEASURE
                    {
                        rows.observed.push(observe(measure, column));
                    }
                    rows.ends.push(rows.observed.len());
                }
            }
        }
    }

    /// An entry's name, sex and birth date, as its rows give them.
    fn details(&self, patient: u32, entry: u32) -> (Option<&str>, Option<Sex>, Option<Timestamp>) {
        let code = self.entries.details[entry as usize];
        let name = match code.name() {
            Given::No => None,
            Given::First => self.patients.first_name(patient),
            Given::Other => self
                .entries
                .other_names
                .get(&entry)
                .and_then(|name| std::str::from_utf8(name).ok()),
        };
        let birth = match code.birth() {
            Given::No => None,
            Given::First => self.patients.first_birth(patient),
            Given::Other => self.entries.other_births.get(&entry).copied(),
        };
        (name, code.sex(), birth)
    }
}

/// Each of name, sex and birth date that differs from the one given
/// earlier, in that order.
fn check_details(
    log: &LogView<'_>,
    known: &Known,
    name: Option<&str>,
    sex: Option<Sex>,
    birth: Option<Timestamp>,
    source: Source,
) -> Vec<(ConflictField, String)> {
    let mut found = Vec::new();
    if let (Some(name), Some((given, earlier))) = (name, &known.name)
        && name != given
    {
        let reason = log.conflict(("name", true), given, name, *earlier, source);
        found.push((ConflictField::Name, reason));
    }
    if let (Some(sex), Some((given, earlier))) = (sex, known.sex)
        && sex != given
    {
        let shown = |sex: Sex| sex.code().unwrap_or("unknown").to_string();
        let reason = log.conflict(("sex", true), &shown(given), &shown(sex), earlier, source);
        found.push((ConflictField::Sex, reason));
    }
    if let (Some(birth), Some((given, earlier))) = (birth, known.birth)
        && !birth.same_written_date(given)
    {
        let reason = log.conflict(
            ("birth date", true),
            &given.to_string(),
            &birth.to_string(),
            earlier,
            source,
        );
        found.push((ConflictField::BirthDate, reason));
    }
    found
}

/// [`crate::ingest::units::inexact_factor`] of a count; none of a
/// percentage.
fn inexact_factor(measure: Measure) -> Option<crate::model::Decimal> {
    match measure {
        Measure::Count(analyte) => crate::ingest::units::inexact_factor(analyte),
        Measure::Percent(_) => None,
    }
}

/// A value that is not the same result as the one already in the draw
/// ([`agree`]); lab ranges never conflict.
fn check_values(
    log: &LogView<'_>,
    draw: &DrawState,
    observations: &[Observed],
    source: Source,
) -> Option<(ConflictField, String)> {
    for observed in observations {
        let Some((existing, earlier)) = draw.given(observed.measure) else {
            continue;
        };
        if agree(existing, observed.value, inexact_factor(observed.measure)) != Agreement::Conflict
        {
            continue;
        }
        let [earlier_text, text] = existing.shown_apart(observed.value);
        let what = observed.measure.to_string();
        let reason = log.conflict((&what, false), &earlier_text, &text, earlier, source);
        return Some((ConflictField::Value(observed.column), reason));
    }
    None
}

/// Puts an observation into its draw: a measure not given yet, or a more
/// precise value of one that agrees; the range goes with the value kept,
/// or fills in where the kept value came without one. True when the
/// measure was new to the draw.
fn merge_value(state: &mut DrawState, observed: &Observed, (source, entry): (Source, u32)) -> bool {
    let existing = state.given(observed.measure);
    let inexact = inexact_factor(observed.measure);
    let replaced = existing.is_some_and(|(earlier, _)| {
        agree(earlier, observed.value, inexact) == Agreement::KeepLater
    });
    if existing.is_none() || replaced {
        let place = (observed.column, entry);
        state.give(observed.measure, observed.value, source, place);
    }
    if let (Measure::Count(analyte), Some(range)) = (observed.measure, observed.range) {
        let slot = &mut state.ranges[analyte.index()];
        if existing.is_none() || replaced || slot.is_none() {
            *slot = Some(range);
        }
    }
    existing.is_none()
}

/// A file and specimen whose rows joined a draw.
type Tag<'a> = (u32, Option<&'a [u8]>);

/// One patient's draws by instant, each with the files and specimens whose
/// rows joined it: a row joins the draw of its own file and specimen, else
/// the first draw at its instant that no row of its file has joined (two
/// files' rows of one instant are one draw whatever ids each gives; one
/// file's two specimens are two).
#[derive(Default)]
struct DrawsAt<'a> {
    by_instant: HashMap<i64, Vec<(usize, Vec<Tag<'a>>)>>,
}

impl<'a> DrawsAt<'a> {
    fn find(&self, instant: i64, file: u32, specimen: Option<&'a [u8]>) -> Option<usize> {
        let draws = self.by_instant.get(&instant)?;
        draws
            .iter()
            .find(|(_, tags)| tags.contains(&(file, specimen)))
            .or_else(|| {
                draws
                    .iter()
                    .find(|(_, tags)| tags.iter().all(|t| t.0 != file))
            })
            .map(|(draw, _)| *draw)
    }

    fn join(&mut self, instant: i64, draw: usize, file: u32, specimen: Option<&'a [u8]>) {
        let draws = self.by_instant.entry(instant).or_default();
        match draws.iter_mut().find(|(d, _)| *d == draw) {
            Some((_, tags)) => {
                if !tags.contains(&(file, specimen)) {
                    tags.push((file, specimen));
                }
            }
            None => draws.push((draw, vec![(file, specimen)])),
        }
    }
}
