//! Everything the screen derives from one patient's draws, computed once
//! when the patient is selected, so no frame re-classifies or re-flags.
//!
//! A patient may have a million draws: each draw's category comes from the
//! category table, its full severity (with the criteria) only when a frame
//! asks for that draw, and long series carry range summaries
//! ([`RangeIndex`]) so that a frame reads a few points per column.

use std::sync::Arc;

use crate::clinical::{
    Age, Category, CategoryTable, Flag, RangeInUse, Severity, Thresholds, classify,
    flag_with_lab_range, range_in_use, show_beside_limits,
};
use crate::model::{ANALYTE_COUNT, Analyte, Dataset, Draw, LabRange, Patient, Sex, Timestamp};

use crate::report::words::TimeShown;

use super::chart_data::{Window, all_time_ends, all_time_window, x_of};
use super::series_index::{Extremes, Highest, RangeIndex};

mod series;

/// Series longer than this get range summaries.
const LONG_SERIES: usize = 4096;

/// Each draw's severity: the category at hand, the full classification
/// (with its criteria) made when asked for.
#[derive(Clone, Debug)]
pub struct Severities {
    draws: Arc<[Draw]>,
    thresholds: Thresholds,
    categories: Vec<Category>,
}

impl Severities {
    /// The severity of the draw at `index`.
    pub fn get(&self, index: usize) -> Option<Severity> {
        let draw = self.draws.get(index)?;
        Some(classify(&draw.values, &self.thresholds))
    }

    /// Every draw's category, oldest first.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }
}

/// One patient's draws with their flags, severities and chart points.
#[derive(Clone, Debug)]
pub struct PatientRecord {
    /// Position of the patient in [`Dataset::patients`].
    pub patient: usize,
    /// The patient's sex, for the reference limits.
    pub sex: Sex,
    /// The patient's birth date, for the limits by age.
    pub birth_date: Option<Timestamp>,
    /// The draws, oldest first.
    pub draws: Arc<[Draw]>,
    /// Each draw's time as days since the epoch (chart x).
    pub days: Vec<f64>,
    /// The first and last times of the draws and events, as recorded: the
    /// ends of the axis over all time.
    pub ends: Option<(Timestamp, Timestamp)>,
    /// Each draw's flags, by analyte index, against the lab's range where
    /// the input gave one (the lab's range wins, `clinical.md` §2).
    pub flags: Vec<[Option<Flag>; ANALYTE_COUNT]>,
    /// Each draw's lab ranges, by analyte index; empty when the patient's
    /// results came with none (most files), to keep the record small.
    pub lab: Vec<[Option<LabRange>; ANALYTE_COUNT]>,
    /// True when any value shown was derived from a percentage.
    pub any_derived: bool,
    /// Each draw's severity.
    pub severities: Severities,
    /// How each draw's time is written: with the time of day where another
    /// draw shares its date, and the offset where the two offsets differ.
    pub needs_time: Vec<TimeShown>,
    /// The first draw and every draw whose category differs from the one
    /// before: `(draw, category)`.
    pub changes: Vec<(usize, Category)>,
    /// Chart points of each analyte, `(x, y)` for the draws that measured it.
    pub points: Vec<Vec<(f64, f64)>>,
    /// The draw of each chart point, in step with `points`.
    pub point_draws: Vec<Vec<usize>>,
    /// The window showing every draw.
    pub full: Window,
    /// Per analyte: the widest value and the widest marks and flag after
    /// it (`‡L`) in the table.
    pub widths: [(usize, usize); ANALYTE_COUNT],
    /// Which hemoglobins and platelet counts follow a transfusion (§8).
    pub transfused: super::transfused::Transfused,
    /// How many of the load's rejected rows and warnings are this
    /// patient's: the header says so, and the popup marks them.
    pub own_rejections: (usize, usize),
    /// Draws that lost a result the load refused (a cell it could not
    /// read, a value in conflict): `(draw, how many)`, by draw.
    pub refused: Vec<(usize, usize)>,
    /// Per analyte, where its lower limit changes among the draws that
    /// measured it (a child's age band, a lab's range); empty or one run
    /// where one limit holds throughout.
    pub limit_steps: [Vec<crate::report::chart_scale::LimitStep>; ANALYTE_COUNT],
    /// Range summaries of each analyte's long series of points.
    extremes: Vec<Option<RangeIndex<Extremes>>>,
    /// Range summaries of a long series of categories.
    highest_category: Option<RangeIndex<Highest>>,
}

impl PatientRecord {
    /// The record of the patient at `index` in the dataset, if any.
    pub fn build(dataset: &Dataset, index: usize, t: &Thresholds) -> Option<PatientRecord> {
        let patient: &Patient = dataset.patients().get(index)?;
        let slice = dataset.draws(patient);
        let mut draws: Vec<Draw> = slice.iter().collect();
        let days: Vec<f64> = draws.iter().map(|d| x_of(d.time)).collect();
        let mut lab: Vec<[Option<LabRange>; ANALYTE_COUNT]> = (0..draws.len())
            .map(|i| Analyte::ALL.map(|a| slice.lab_range(i, a)))
            .collect();
        if lab.iter().flatten().all(Option::is_none) {
            lab = Vec::new();
        }
        let lab_of =
            |i: usize, a: Analyte| lab.get(i).and_then(|r| r.get(a.index()).copied().flatten());
        let flags: Vec<[Option<Flag>; ANALYTE_COUNT]> = draws
            .iter()
            .enumerate()
            .map(|(i, draw)| {
                Analyte::ALL.map(|a| {
                    let age = Age::of(patient.birth_date, draw.time);
                    flag_with_lab_range(a, draw.values.get(a), patient.sex, age, lab_of(i, a), t)
                })
            })
            .collect();
        // Every view below shows these values: with digits that agree
        // with their flags.
        for (i, draw) in draws.iter_mut().enumerate() {
            show_beside_limits(draw, patient.birth_date, patient.sex, |a| lab_of(i, a), t);
        }
        let draws: Arc<[Draw]> = draws.into();
        let any_derived = draws.iter().any(|d| {
            d.values
                .iter()
                .any(|(_, v)| v.reading().is_some_and(|r| r.derived))
        });
        let table = CategoryTable::new(t);
        let categories: Vec<Category> = draws.iter().map(|d| table.category(&d.values)).collect();
        let mut changes: Vec<(usize, Category)> = Vec::new();
        for (i, &category) in categories.iter().enumerate() {
            if changes.last().is_none_or(|&(_, c)| c != category) {
                changes.push((i, category));
            }
        }
        let times: Vec<crate::model::Timestamp> = draws.iter().map(|d| d.time).collect();
        let needs_time = crate::report::words::how_shown(&times);
        let mut points = vec![Vec::new(); ANALYTE_COUNT];
        let mut point_draws = vec![Vec::new(); ANALYTE_COUNT];
        for (i, draw) in draws.iter().enumerate() {
            for (analyte, value) in draw.values.iter() {
                if let Some(reading) = value.reading()
                    && let (Some(p), Some(d)) = (
                        points.get_mut(analyte.index()),
                        point_draws.get_mut(analyte.index()),
                    )
                {
                    // A value under its bound (`<20`) is drawn under it, on
                    // the row of the counts under the 20 line, never on the
                    // line's own row (which holds 20 and more).
                    let amount = reading.amount.to_f64();
                    let y = match reading.censor {
                        crate::model::Censor::Below => amount.next_down(),
                        _ => amount,
                    };
                    p.push((days.get(i).copied().unwrap_or_default(), y));
                    d.push(i);
                }
            }
        }
        let ends = all_time_ends(draws.iter().map(|d| d.time), dataset.events(patient));
        let transfused =
            super::transfused::Transfused::build(&draws, dataset.events(patient), &t.windows);
        let mut widths = [(0, 0); ANALYTE_COUNT];
        for (i, (draw, flags)) in draws.iter().zip(&flags).enumerate() {
            for ((analyte, value), width) in draw.values.iter().zip(widths.iter_mut()) {
                // The marks go with the flag, after the number: numbers
                // stay aligned whether or not a value has a mark.
                let mark = usize::from(lab_of(i, analyte).is_some() && !value.is_missing())
                    + usize::from(transfused.at(i, analyte));
                let text = super::format::analyte_value(analyte, value).chars().count();
                let flag = super::format::flag(flags.get(analyte.index()).copied().flatten());
                *width = (width.0.max(text), width.1.max(mark + flag.len()));
            }
        }
        let extremes = points
            .iter()
            .map(|series: &Vec<(f64, f64)>| {
                (series.len() > LONG_SERIES)
                    .then(|| RangeIndex::new(series.len(), |i| Extremes::of(series[i].1, i)))
            })
            .collect();
        let limit_of = |i: usize, a: Analyte| {
            let draw = draws.get(i)?;
            let age = Age::of(patient.birth_date, draw.time);
            Some(range_in_use(a, patient.sex, age, lab_of(i, a), t))
        };
        let limit_steps = Analyte::ALL.map(|a| {
            // Without lab ranges, ages only grow: one age band at the
            // first and the last draw is one limit throughout (no walk
            // over a million draws).
            let last = draws.len().saturating_sub(1);
            let (first, latest) = (limit_of(0, a), limit_of(last, a));
            if lab.is_empty()
                && first.map(|r| (r.band, r.source)) == latest.map(|r| (r.band, r.source))
            {
                return Vec::new();
            }
            crate::report::chart_scale::limit_steps(
                (0..draws.len())
                    .filter(|&i| draws[i].values.get(a).reading().is_some())
                    .map(|i| {
                        let lower = limit_of(i, a).and_then(|r| r.lower);
                        (i, days.get(i).copied().unwrap_or_default(), lower)
                    }),
            )
        });
        let highest_category = (categories.len() > LONG_SERIES)
            .then(|| RangeIndex::new(categories.len(), |i| Highest(categories[i] as u8)));
        Some(PatientRecord {
            limit_steps,
            widths,
            patient: index,
            sex: patient.sex,
            birth_date: patient.birth_date,
            full: all_time_window(ends),
            ends,
            severities: Severities {
                draws: Arc::clone(&draws),
                thresholds: t.clone(),
                categories,
            },
            draws,
            days,
            flags,
            lab,
            any_derived,
            needs_time,
            changes,
            points,
            point_draws,
            transfused,
            own_rejections: dataset.report().count_of(&patient.id),
            refused: dataset.refused_by_draw(&patient.id, &times),
            extremes,
            highest_category,
        })
    }

    /// How many draws.
    pub fn len(&self) -> usize {
        self.draws.len()
    }

    /// True when the patient has no draws.
    pub fn is_empty(&self) -> bool {
        self.draws.is_empty()
    }

    /// The flag of one analyte in one draw.
    pub fn flag(&self, draw: usize, analyte: Analyte) -> Option<Flag> {
        self.flags
            .get(draw)
            .and_then(|flags| flags.get(analyte.index()).copied().flatten())
    }

    /// True when `analyte` of the draw at `draw` was drawn within a
    /// transfusion's window (`clinical.md` §8: platelets 7 days after
    /// platelets, hemoglobin 8 weeks after red cells, as configured): the
    /// hook for marking values after a transfusion in the charts.
    pub fn after_transfusion_at(&self, draw: usize, analyte: Analyte) -> bool {
        self.transfused.at(draw, analyte)
    }

    /// The range the lab gave with this result, if any.
    pub fn lab_range(&self, draw: usize, analyte: Analyte) -> Option<LabRange> {
        self.lab
            .get(draw)
            .and_then(|ranges| ranges.get(analyte.index()).copied().flatten())
    }

    /// The offset, in days east of UTC, that the latest draw was recorded
    /// in: the chart's dates are read on this clock, so that a draw at
    /// 23:30 -08:00 is on the same date on the axis as in the readout.
    pub fn clock_days(&self) -> f64 {
        crate::report::chart_scale::clock_days(self.draws.last().map(|d| d.time))
    }

    /// The patient's age at a draw; `None` when the birth date is unknown.
    pub fn age(&self, draw: usize) -> Option<Age> {
        Age::of(self.birth_date, self.draws.get(draw)?.time)
    }

    /// The range this result is judged by: the lab's, else the configured
    /// limits for the patient's age and sex; its limits shown apart from
    /// the draw's value as shown ([`RangeInUse::beside`]).
    pub fn range_used(&self, draw: usize, analyte: Analyte, t: &Thresholds) -> RangeInUse {
        let value = self
            .draws
            .get(draw)
            .map_or(crate::model::Value::MISSING, |d| d.values.get(analyte));
        range_in_use(
            analyte,
            self.sex,
            self.age(draw),
            self.lab_range(draw, analyte),
            t,
        )
        .beside(value)
    }

    /// True when any result of this patient came with the lab's range.
    pub fn any_lab_range(&self) -> bool {
        !self.lab.is_empty()
    }

    /// A draw's time as the table and readout write it: the date, with the
    /// time of day when another draw shares the date.
    pub fn when(&self, draw: usize) -> String {
        match (self.draws.get(draw), self.needs_time.get(draw)) {
            (Some(d), Some(how)) => how.text(d.time),
            _ => String::new(),
        }
    }

    /// True when any draw's time of day must be shown.
    pub fn any_time(&self) -> bool {
        self.needs_time.iter().any(|&how| how != TimeShown::Date)
    }

    /// The widest [`PatientRecord::when`]: a date (10), with the time of
    /// day (16), with the seconds (19), or with an offset too (up to 26:
    /// `+02:00`).
    pub fn when_width(&self) -> usize {
        (0..self.draws.len())
            .filter(|&draw| {
                self.needs_time
                    .get(draw)
                    .is_some_and(|&how| !matches!(how, TimeShown::Date | TimeShown::Time))
            })
            .map(|draw| self.when(draw).chars().count())
            .max()
            .map_or(if self.any_time() { 16 } else { 10 }, |widest| {
                widest.max(if self.any_time() { 16 } else { 10 })
            })
    }

    /// The cursor read-out's time of draw `draw`: with the offset, and the
    /// seconds when another draw falls in its minute.
    pub fn when_in_full(&self, draw: usize) -> String {
        let Some(time) = self.draws.get(draw).map(|d| d.time) else {
            return String::new();
        };
        if self
            .needs_time
            .get(draw)
            .is_some_and(|how| how.has_seconds())
        {
            crate::report::words::date_time_seconds_zone(time)
        } else {
            crate::report::words::date_time_zone(time)
        }
    }
}

#[cfg(test)]
mod tests;
