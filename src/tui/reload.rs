//! A reload of the watched files, as the dashboard takes it in: new data
//! replace the old without losing what the user was looking at (patient,
//! draw, zoom, filter, pane), and the status bar says what changed; a reload
//! that fails keeps the last good data on screen, with a warning.

use crate::clinical::Thresholds;
use crate::ingest::LoadError;
use crate::model::{Analyte, Dataset, Timestamp};
use crate::safe_text::printable;

use super::app::App;
use super::roster::{self, PatientRow};

/// The result of reading the files again, ready for [`App::reload`]: the
/// patient list's rows are built off the UI thread too.
#[derive(Debug)]
pub struct Reload(Outcome);

#[derive(Debug)]
enum Outcome {
    Loaded {
        // Boxed: a dataset is much larger than a load error.
        dataset: Box<Dataset>,
        rows: Vec<PatientRow>,
    },
    Failed(LoadError),
}

impl Reload {
    /// A reload from a load's result, with the list rows of the patients
    /// shown (`only`: one patient, as `--patient` asks).
    pub fn from_load(
        loaded: Result<Dataset, LoadError>,
        thresholds: &Thresholds,
        only: Option<&str>,
    ) -> Reload {
        Reload(match loaded {
            Ok(dataset) => {
                // Worded on the watching thread, as at the first load.
                let _ = dataset.report().warnings.as_slice();
                let rows = roster::build_rows(&dataset, thresholds, only);
                Outcome::Loaded {
                    dataset: Box::new(dataset),
                    rows,
                }
            }
            Err(error) => Outcome::Failed(error),
        })
    }
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// What to say, already safe to draw.
    pub text: String,
    /// True when it warns (data kept out, a file unreadable).
    pub warning: bool,
}

/// Where the user was: the patient by id, the draw by time.
struct Place {
    patient: Option<String>,
    /// The cursor draw's instant, and how many draws before it share it.
    draw: Option<(i64, usize)>,
}

impl App {
    /// Takes in a reload: on success the new data, with the patient, the
    /// cursor's draw, the zoom, the filter, the sort and the pane kept; on
    /// failure the data stay as they were. Either way the status bar says so.
    pub fn reload(&mut self, reload: Reload) {
        self.reloads += 1;
        match reload.0 {
            Outcome::Failed(error) => {
                self.reload_failed = true;
                let files: Vec<String> = error
                    .files
                    .iter()
                    .map(|f| format!("{}: {}", printable(&f.file), printable(&f.reason)))
                    .collect();
                self.notice = Some(Notice {
                    // What failed first: at 80 columns the end is cut.
                    text: format!(
                        "reload failed: {}; showing the data read before",
                        files.join("; ")
                    ),
                    warning: true,
                });
            }
            Outcome::Loaded { dataset, rows } => {
                self.reload_failed = false;
                let place = self.place();
                let change = describe_change(&self.dataset, &dataset);
                self.dataset = *dataset;
                self.rows = rows;
                let lost = self.restore(&place);
                let mut text = format!("reload {}: {}", self.reloads, change.text);
                if let Some(id) = &lost {
                    text.push_str(&format!(
                        "; patient {} is no longer in the data",
                        printable(id)
                    ));
                }
                self.notice = Some(Notice {
                    text,
                    warning: change.warning || lost.is_some(),
                });
            }
        }
    }

    /// The patient and draw under the cursor now.
    fn place(&self) -> Place {
        let patient = self.selected_patient().map(|p| p.id.clone());
        let draw = self.record.as_ref().and_then(|record| {
            let time = record.draws.get(self.cursor)?.time.instant();
            let before = record
                .draws
                .get(..self.cursor)
                .unwrap_or(&[])
                .iter()
                .filter(|d| d.time.instant() == time)
                .count();
            Some((time, before))
        });
        Place { patient, draw }
    }

    /// Finds the place again in the new data; the id of a patient who is
    /// gone, if so.
    fn restore(&mut self, place: &Place) -> Option<String> {
        let window = self.window;
        self.shown = roster::arrange(&self.rows, &self.filter, self.sort);
        self.before_each_char.clear();
        let found = place.patient.as_deref().and_then(|id| {
            self.shown.iter().position(|&row| {
                self.rows
                    .get(row)
                    .and_then(|r| self.dataset.patients().get(r.index))
                    .is_some_and(|p| p.id == id)
            })
        });
        self.selected = found.unwrap_or(0);
        // A new patient starts at the latest draw over all time; the same
        // patient keeps the draw and the window.
        self.load_selected();
        if found.is_some() {
            if let (Some(draw), Some(record)) = (place.draw, &self.record) {
                let times: Vec<Timestamp> = record.draws.iter().map(|d| d.time).collect();
                self.cursor = cursor_for(&times, draw);
            }
            self.window = window;
        }
        self.popup_scroll = self.popup_scroll.min(self.popup_last_scroll());
        self.keep_selection_visible();
        place.patient.clone().filter(|_| found.is_none())
    }
}

/// The draw at `time` (the `before`-th of those sharing it), else the last
/// draw before that time, else the first.
fn cursor_for(times: &[Timestamp], (time, before): (i64, usize)) -> usize {
    let first = times.partition_point(|t| t.instant() < time);
    let same = times
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|t| t.instant() == time)
        .count();
    if same > 0 {
        first + before.min(same - 1)
    } else {
        first.saturating_sub(1)
    }
}

/// What a reload changed, in words.
struct Change {
    text: String,
    warning: bool,
}

/// `3 new draws, 1 draw changed, 1 new rejected cell`, or `no change`;
/// fewer draws or patients than before is a warning (a file was cut or
/// replaced).
fn describe_change(old: &Dataset, new: &Dataset) -> Change {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    let mut warning = false;
    let (old_draws, new_draws) = (old.draw_count(), new.draw_count());
    if new_draws > old_draws {
        parts.push(count(new_draws - old_draws, "new draw", "new draws"));
    } else if new_draws < old_draws {
        parts.push(count(old_draws - new_draws, "draw fewer", "draws fewer"));
        warning = true;
    }
    let new_patients = new
        .patients()
        .iter()
        .filter(|p| old.patient(&p.id).is_none())
        .count();
    if new_patients > 0 {
        parts.push(count(new_patients, "new patient", "new patients"));
    }
    let gone = old
        .patients()
        .iter()
        .filter(|p| new.patient(&p.id).is_none())
        .count();
    if gone > 0 {
        parts.push(count(gone, "patient gone", "patients gone"));
        warning = true;
    }
    // A value corrected in place (a file rewritten) is a change too.
    let changed = changed_draws(old, new);
    if changed > 0 {
        parts.push(count(changed, "draw changed", "draws changed"));
    }
    // Sex and birth date set the limits and flags; events the marks of a
    // transfusion and the response: "no change" would be untrue.
    let (details, events) = changed_details_and_events(old, new);
    if details > 0 {
        parts.push(count(
            details,
            "patient's details changed",
            "patients' details changed",
        ));
    }
    let (old_events, new_events) = (old.event_count(), new.event_count());
    if new_events > old_events {
        parts.push(count(new_events - old_events, "new event", "new events"));
    } else if new_events < old_events {
        parts.push(count(
            old_events - new_events,
            "event fewer",
            "events fewer",
        ));
    } else if events > 0 {
        parts.push(count(
            events,
            "patient's events changed",
            "patients' events changed",
        ));
    }
    // Rows and cells apart, as the header and `check` count them.
    let (old_report, new_report) = (old.report(), new.report());
    for ((old_n, new_n), (one, many)) in [
        (
            (old_report.rows_rejected(), new_report.rows_rejected()),
            ("rejected row", "rejected rows"),
        ),
        (
            (old_report.cells_rejected, new_report.cells_rejected),
            ("rejected cell", "rejected cells"),
        ),
    ] {
        let n = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        if new_n > old_n {
            parts.push(count(
                n(new_n - old_n),
                &format!("new {one}"),
                &format!("new {many}"),
            ));
            warning = true;
        } else if new_n < old_n {
            parts.push(count(
                n(old_n - new_n),
                &format!("{one} fewer"),
                &format!("{many} fewer"),
            ));
        }
    }
    let (old_warnings, new_warnings) = (old_report.warnings.len(), new_report.warnings.len());
    if new_warnings > old_warnings {
        parts.push(count(
            new_warnings - old_warnings,
            "new warning",
            "new warnings",
        ));
        warning = true;
    } else if new_warnings < old_warnings {
        parts.push(count(
            old_warnings - new_warnings,
            "warning fewer",
            "warnings fewer",
        ));
    }
    if parts.is_empty() {
        parts.push("no change".to_string());
    }
    Change {
        text: parts.join(", "),
        warning,
    }
}

/// Of the patients in both datasets: how many have another name, sex or
/// birth date in `new`, and how many other events.
fn changed_details_and_events(old: &Dataset, new: &Dataset) -> (usize, usize) {
    let (mut details, mut events) = (0, 0);
    for patient in new.patients() {
        let Some(before) = old.patient(&patient.id) else {
            continue;
        };
        details += usize::from(
            (
                &before.name,
                before.sex,
                before.birth_date,
                before.birth_approximate,
            ) != (
                &patient.name,
                patient.sex,
                patient.birth_date,
                patient.birth_approximate,
            ),
        );
        events += usize::from(old.events(before) != new.events(patient));
    }
    (details, events)
}

/// How many draws of patients in both datasets changed in `new`: at a
/// time both have, other values or lab ranges (a result or a range
/// corrected in a rewritten file); or moved to another time (as many as
/// are gone from one time and come at another: the rest are new draws or
/// draws fewer, counted apart). Draws of one time are compared in their
/// order.
fn changed_draws(old: &Dataset, new: &Dataset) -> usize {
    let mut changed = 0;
    for patient in new.patients() {
        let Some(before) = old.patient(&patient.id) else {
            continue;
        };
        let (was, now) = (old.draws(before), new.draws(patient));
        let (mut i, mut j) = (0, 0);
        let (mut gone, mut come) = (0, 0);
        loop {
            match (was.get(i), now.get(j)) {
                (Some(a), Some(b)) => match a.time.instant().cmp(&b.time.instant()) {
                    std::cmp::Ordering::Less => {
                        gone += 1;
                        i += 1;
                    }
                    std::cmp::Ordering::Greater => {
                        come += 1;
                        j += 1;
                    }
                    std::cmp::Ordering::Equal => {
                        let ranges = Analyte::ALL
                            .iter()
                            .any(|&analyte| was.lab_range(i, analyte) != now.lab_range(j, analyte));
                        changed += usize::from(a.values != b.values || ranges);
                        i += 1;
                        j += 1;
                    }
                },
                (Some(_), None) => {
                    gone += 1;
                    i += 1;
                }
                (None, Some(_)) => {
                    come += 1;
                    j += 1;
                }
                (None, None) => break,
            }
        }
        changed += gone.min(come);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_finds_its_draw_by_time_among_ties() {
        let day = |d| Timestamp::from_date(2024, 1, d).unwrap();
        let times = [day(1), day(3), day(3), day(9)];
        let at = |d: u8| day(d).instant();
        assert_eq!(cursor_for(&times, (at(3), 0)), 1);
        assert_eq!(cursor_for(&times, (at(3), 1)), 2);
        assert_eq!(cursor_for(&times, (at(3), 5)), 2);
        assert_eq!(cursor_for(&times, (at(9), 0)), 3);
        // Gone: the last draw before it; before every draw: the first.
        assert_eq!(cursor_for(&times, (at(5), 0)), 2);
        assert_eq!(cursor_for(&times, (at(1) - 1, 0)), 0);
        assert_eq!(cursor_for(&[], (0, 0)), 0);
    }
}
