//! Count recovery (`clinical.md` §9, CIBMTR forms manual) and the nadir it
//! is counted from (§10).

use crate::model::{
    Analyte, CODE_MISSING, Censor, Decimal, Draw, DrawSlice, Event, Reading, Timestamp, Value,
};

use super::comparison::{Outcome, below_cutoff};
use super::insight_config::Windows;
use super::transfusion::transfusion_before;

/// The cut-off a recovery is counted at: ANC >= 0.5, platelets >= 20.
pub const ANC_RECOVERY: Decimal = Decimal::lit(5, 1);
/// Platelet recovery's cut-off, 10^9/L.
pub const PLT_RECOVERY: Decimal = Decimal::lit(20, 0);

/// A patient's draws, oldest first, as recovery reads them: one analyte at
/// a time. Draws already unpacked are one; the dataset's packed columns are
/// another, read value by value (`summary` of 100,000 patients unpacked
/// every draw's nine values for two of them).
pub trait Series {
    /// How many draws.
    fn count(&self) -> usize;
    /// The time of the draw at `index`.
    fn time(&self, index: usize) -> Timestamp;
    /// One value of the draw at `index` (missing when not measured).
    fn value(&self, index: usize, analyte: Analyte) -> Value;
    /// [`nadir`], found value by value unless the series knows a quicker way.
    fn lowest(&self, analyte: Analyte) -> Option<(usize, Reading)> {
        lowest_by_values(self, analyte)
    }
}

impl Series for [Draw] {
    fn count(&self) -> usize {
        self.len()
    }
    fn time(&self, index: usize) -> Timestamp {
        self[index].time
    }
    fn value(&self, index: usize, analyte: Analyte) -> Value {
        self[index].values.get(analyte)
    }
}

impl Series for DrawSlice<'_> {
    fn count(&self) -> usize {
        self.len()
    }
    fn time(&self, index: usize) -> Timestamp {
        self.times()[index]
    }
    fn value(&self, index: usize, analyte: Analyte) -> Value {
        DrawSlice::value(self, index, analyte)
    }
    /// Compared by their codes, none unpacked: a code is an exact amount,
    /// ordered as its thousandths (`summary` of 100,000 patients finds two
    /// nadirs each). A value kept outside the codes (censored, or more
    /// digits) sends the whole series the long way.
    fn lowest(&self, analyte: Analyte) -> Option<(usize, Reading)> {
        let mut lowest: Option<(usize, u32)> = None;
        for index in 0..self.len() {
            let code = self.code(index, analyte);
            if code == CODE_MISSING {
                continue;
            }
            let Some(thousandths) = Value::code_thousandths(code) else {
                return lowest_by_values(self, analyte);
            };
            // The earliest of equals stays.
            if lowest.is_none_or(|(_, least)| thousandths < least) {
                lowest = Some((index, thousandths));
            }
        }
        let (index, _) = lowest?;
        Some((index, self.value(index, analyte).reading()?))
    }
}

/// The lowest value of an analyte among these draws and its index (the
/// earliest on a tie); a censored `<x` counts as below `x`, so it is lower
/// than an exact `x` and higher than anything exact below `x`.
pub fn nadir(draws: &(impl Series + ?Sized), analyte: Analyte) -> Option<(usize, Reading)> {
    draws.lowest(analyte)
}

/// [`nadir`] read value by value.
fn lowest_by_values(draws: &(impl Series + ?Sized), analyte: Analyte) -> Option<(usize, Reading)> {
    (0..draws.count())
        .filter_map(|index| draws.value(index, analyte).reading().map(|r| (index, r)))
        // `min_by` keeps the first of equals: the earliest.
        .min_by(|(_, a), (_, b)| order_key(*a).cmp(&order_key(*b)))
}

/// Orders readings as the true values they allow: by bound, and at one
/// bound `<x` before `x` before `>x`.
fn order_key(reading: Reading) -> (Decimal, u8) {
    let rank = match reading.censor {
        Censor::Below => 0,
        Censor::Exact => 1,
        Censor::Above => 2,
    };
    (reading.amount, rank)
}

/// Why a recovery date is not given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoRecovery {
    /// The analyte was never measured.
    NoValues,
    /// The nadir is not below the cut-off: there was nothing to recover from.
    NeverBelow,
    /// No value is proven below the cut-off, but one censored across it
    /// (`<30` platelets against 20) may have been: a recovery from it can
    /// be neither dated nor ruled out.
    NotKnownBelow,
    /// The draws after the nadir never give three in a row.
    NotReached,
}

impl NoRecovery {
    /// In words, for the screen.
    pub const fn describe(self) -> &'static str {
        match self {
            NoRecovery::NoValues => "not measured",
            NoRecovery::NeverBelow => "never below the cut-off",
            NoRecovery::NotKnownBelow => "not known to have been below the cut-off",
            NoRecovery::NotReached => "not reached",
        }
    }
}

/// Neutrophil recovery: the first of three consecutive draws on different
/// days with ANC >= 0.5, after the ANC nadir.
pub fn anc_recovery(draws: &(impl Series + ?Sized)) -> Result<Timestamp, NoRecovery> {
    recovery(draws, Analyte::Anc, ANC_RECOVERY, |_| true)
}

/// Platelet recovery: the first of three consecutive draws on different
/// days with platelets >= 20, each drawn at least the platelet window (7
/// days) after the last platelet transfusion, after the platelet nadir.
pub fn plt_recovery(
    draws: &(impl Series + ?Sized),
    events: &[Event],
    windows: &Windows,
) -> Result<Timestamp, NoRecovery> {
    recovery(draws, Analyte::Plt, PLT_RECOVERY, |time| {
        transfusion_before(time, Analyte::Plt, events, windows).is_none()
    })
}

/// The recovery rule for one analyte. Draws without the analyte are passed
/// over; a draw that does not prove the value at or above the cut-off (or is
/// not `eligible`) ends a run; a second draw on a day already in the run
/// neither adds to it nor, when it agrees, ends it.
fn recovery(
    draws: &(impl Series + ?Sized),
    analyte: Analyte,
    cutoff: Decimal,
    eligible: impl Fn(Timestamp) -> bool,
) -> Result<Timestamp, NoRecovery> {
    let (lowest, reading) = nadir(draws, analyte).ok_or(NoRecovery::NoValues)?;
    // Recovery is from a value proven below the cut-off: a nadir censored
    // across it (`<30` against 20) may not have been below at all.
    match below_cutoff(Value::new(reading), cutoff) {
        Outcome::Met => {}
        outcome => {
            let censored_across = (0..draws.count()).any(|index| {
                let value = draws.value(index, analyte);
                !value.is_missing() && below_cutoff(value, cutoff) == Outcome::Unknown
            });
            return Err(if outcome == Outcome::NotMet && !censored_across {
                NoRecovery::NeverBelow
            } else {
                NoRecovery::NotKnownBelow
            });
        }
    }
    // The run's draws, each on a day of its own: three at most, as the
    // run ends there (held in place: `summary` looks for two recoveries
    // of each of 100,000 patients).
    let mut run = [(Timestamp::UNIX_EPOCH, (0i32, 0u8, 0u8)); 3];
    let mut len = 0;
    for index in lowest + 1..draws.count() {
        let value = draws.value(index, analyte);
        if value.is_missing() {
            continue;
        }
        let time = draws.time(index);
        let meets = below_cutoff(value, cutoff) == Outcome::NotMet && eligible(time);
        if !meets {
            len = 0;
            continue;
        }
        let civil = time.civil();
        let day = (civil.year, civil.month, civil.day);
        // Three different dates: with offsets, written dates need not rise
        // with the instants (03-02 +09:00, then 03-01 -05:00, then 03-02).
        if run[..len].iter().any(|&(_, seen)| seen == day) {
            continue;
        }
        run[len] = (time, day);
        len += 1;
        if len == run.len() {
            return Ok(run[0].0);
        }
    }
    Err(NoRecovery::NotReached)
}

#[cfg(test)]
#[path = "recovery_tests.rs"]
mod tests;
