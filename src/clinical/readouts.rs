//! Trend read-outs of one analyte over the draws in view (`clinical.md`
//! §10): nadir, crossings of the lower limit and the severity cut-offs, time
//! below the limit, and the change from the previous draw.

use crate::model::{Analyte, Censor, Decimal, Draw, Reading, Timestamp, Value};

use super::comparison::{Outcome, below_cutoff};
use super::recovery::nadir;
use super::severity::criteria_cutoffs;
use super::thresholds::Thresholds;
use super::transfusion::days_elapsed;

/// Which way a value crossed a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crossing {
    /// From at or above the line to below it.
    Down,
    /// From below the line to at or above it.
    Up,
}

impl Crossing {
    /// `"down"` or `"up"`, as the JSON writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Crossing::Down => "down",
            Crossing::Up => "up",
        }
    }

    /// The side the value moved to, as the read-outs say it: a crossing is
    /// a change of side, which a limit that changes with age can make while
    /// the value rises (Hb 11.0 then 11.4, the limit 10.5 then 11.5).
    pub const fn words(self) -> &'static str {
        match self {
            Crossing::Down => "below",
            Crossing::Up => "at or above",
        }
    }
}

/// One draw where the value moved to the other side of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCrossing {
    /// The draw's time.
    pub at: Timestamp,
    /// The line crossed: the lower limit or a severity cut-off.
    pub cutoff: Decimal,
    /// Which way.
    pub direction: Crossing,
}

/// The change of one analyte from one draw to the next draw that has it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    /// The earlier value and its time.
    pub previous: (Timestamp, Reading),
    /// The later value and its time.
    pub latest: (Timestamp, Reading),
    /// `latest - previous`, exact: `(negative, magnitude)`; `None` when
    /// either is censored (the difference is then not known).
    pub delta: Option<(bool, Decimal)>,
    /// The difference as a percentage of the earlier value, to one decimal;
    /// `None` when censored or the earlier value is 0.
    pub percent: Option<f64>,
    /// Whole days between the two.
    pub days: u64,
    /// The earlier and later values as stored, to show them as the lab
    /// wrote them (`32.0`, not the reading's `32`).
    pub shown: (Value, Value),
}

impl Change {
    /// The percentage as the read-outs write it, `" (+18.8%)"`, without a
    /// sign when it is 0 (`" (0.0%)"`, as the change is `0`); empty when
    /// there is none.
    pub fn percent_text(&self) -> String {
        match self.percent {
            Some(0.0) => " (0.0%)".to_string(),
            Some(percent) => format!(" ({percent:+.1}%)"),
            None => String::new(),
        }
    }

    /// The difference as signed text (`+1.2`, `-0.35`, `0`), or `?`, with
    /// the precision of the values it is between, as they are shown: the
    /// places the lab wrote when both are as written (14.1 to 15.1 is
    /// `+1.0`); when either was converted or derived, the places of the
    /// coarser of the two as shown, as a difference of rounded numbers has
    /// (12.6 to 11.3 g/dL converted is `-1.3`, never `-1.28912`; 9.3 to 16
    /// derived is `+7`).
    pub fn delta_text(&self) -> String {
        let Some((negative, magnitude)) = self.delta else {
            return "?".into();
        };
        let (earlier, later) = self.shown;
        match rounded_places(earlier, later) {
            Some(places) => signed(negative, &magnitude.to_string_places(places)),
            None => {
                let places = earlier.shown_decimals().max(later.shown_decimals());
                signed(negative, &magnitude.to_string_with_min_decimals(places))
            }
        }
    }
}

/// The places a difference involving a converted or derived value is shown
/// with: those of the coarser such value as shown (a value as written is
/// exact to its places, and does not make the difference coarser: 1 then
/// 1.32* is `+0.32`); `None` when both are as written.
fn rounded_places(earlier: Value, later: Value) -> Option<u8> {
    [earlier, later]
        .iter()
        .filter(|value| value.significant_digits().is_some())
        .filter_map(|value| value.shown_amount())
        .map(|text| text.split_once('.').map_or(0, |(_, f)| f.len()))
        .min()
        .and_then(|places| u8::try_from(places).ok())
}

/// The two values of a change as they are to be shown: a converted or
/// derived value gets more significant digits, one at a time, until the
/// values shown carry the change shown: their difference is the change (to
/// its places), and a change shown as `0` is one whose percentage is too.
/// 0.448 then 0.362 derived, shown to one digit, would read `0.4 -> 0.4:
/// -0.1`; they read `0.45 -> 0.36: -0.09`. Values as written are shown as
/// written, and agree with their exact difference already.
fn shown_with_the_change(change: &Change) -> (Value, Value) {
    let (earlier, later) = change.shown;
    let raised = |value: Value, more: u8| match value.significant_digits() {
        Some(digits) => value.with_significant_digits(digits.saturating_add(more)),
        None => value,
    };
    // Every digit a rounded value holds, and no zeros past them.
    let whole = |value: Value| match (value.significant_digits(), value.reading()) {
        (Some(digits), Some(reading)) => {
            let held = reading
                .amount
                .mantissa()
                .checked_ilog10()
                .map_or(1, |d| d + 1);
            value.with_significant_digits(digits.max(u8::try_from(held).unwrap_or(u8::MAX)))
        }
        _ => value,
    };
    let Some((_, magnitude)) = change.delta else {
        // A censored value: no difference is shown, but its bound is shown
        // on its side of the other value (`9.85 -> <9.83`, never `<9.9`
        // that reads as possibly higher).
        let (from, to) = (change.previous.1.amount, change.latest.1.amount);
        if from == to {
            return change.shown;
        }
        return (earlier.shown_against(to), later.shown_against(from));
    };
    if rounded_places(earlier, later).is_none() {
        return change.shown;
    }
    let amount = |value: Value| value.shown_amount().and_then(|t| Decimal::parse(&t).ok());
    // 15 significant digits show every digit a value holds.
    for more in 0..15 {
        let shown = (raised(earlier, more), raised(later, more));
        let candidate = Change { shown, ..*change };
        let text = candidate.delta_text();
        let (Some(places), Some(from), Some(to)) = (
            rounded_places(shown.0, shown.1),
            amount(shown.0),
            amount(shown.1),
        ) else {
            return shown;
        };
        let carried =
            difference(to, from).map(|(sign, size)| signed(sign, &size.to_string_places(places)));
        let zero_agrees = text != "0" || magnitude == Decimal::ZERO || change.percent == Some(0.0);
        // And never in the other order than they are: 12.57 then 12.56892
        // is no `12.57 -> 13`.
        let order_agrees = from.cmp(&to) == change.previous.1.amount.cmp(&change.latest.1.amount);
        if carried.as_deref() == Some(text.as_str()) && zero_agrees && order_agrees {
            return shown;
        }
    }
    (whole(earlier), whole(later))
}

/// A difference's digits with its sign; `0` without one.
fn signed(negative: bool, text: &str) -> String {
    if text.bytes().all(|byte| matches!(byte, b'0' | b'.')) {
        "0".into()
    } else if negative {
        format!("-{text}")
    } else {
        format!("+{text}")
    }
}

/// Everything §10 reads out for one analyte.
#[derive(Clone, Debug, PartialEq)]
pub struct Readout {
    /// Which analyte.
    pub analyte: Analyte,
    /// The lowest value and its time (the earliest on a tie).
    pub nadir: Option<(Timestamp, Reading)>,
    /// The nadir's value as stored, to show it as the lab wrote it.
    pub nadir_shown: Option<Value>,
    /// Every crossing, oldest first.
    pub crossings: Vec<LineCrossing>,
    /// The first draw of the current run below the lower limit, when the
    /// latest value is below it (each draw against the limit in force at
    /// it: a child's limits change with age, a lab's with the lab).
    pub below_since: Option<Timestamp>,
    /// The lower limit in force at the latest draw read (`None`: the age
    /// has none).
    pub lower: Option<Decimal>,
    /// That limit as it is shown: as written, unless the caller, which
    /// knows the range it came from, sets the text the range shows beside
    /// the latest value (a lab's limit converted from mmol/L, 12.00493
    /// g/dL, is `12.0`, or `12.005` beside a value of 12.00).
    pub lower_text: Option<String>,
    /// The latest value is censored across that limit (`<200` against
    /// 150): neither below it nor not, as its flag `?` says.
    pub latest_undecided: bool,
    /// The latest value against the previous one.
    pub change: Option<Change>,
}

/// The severity cut-offs of §1 that test an analyte, highest first, each
/// once: its crossings are counted at these and at its lower limit.
pub fn cutoffs_of(analyte: Analyte, thresholds: &Thresholds) -> Vec<Decimal> {
    let mut lines: Vec<Decimal> = criteria_cutoffs(thresholds)
        .into_iter()
        .filter(|&(_, tested, _)| tested == analyte)
        .map(|(_, _, cutoff)| cutoff)
        .collect();
    lines.sort_unstable_by(|a, b| b.cmp(a));
    lines.dedup();
    lines
}

/// The read-outs of `analyte` over `draws` (oldest first). `lower_at(i)`
/// is the lower limit in force at draw `i` (the lab's, else the one for
/// the age and sex; `None` where the age has none), and `cutoffs` the
/// severity cut-offs crossings are counted at beside it.
pub fn readout(
    draws: &[Draw],
    analyte: Analyte,
    lower_at: impl Fn(usize) -> Option<Decimal>,
    cutoffs: &[Decimal],
) -> Readout {
    let lowest = nadir(draws, analyte);
    let nadir = lowest.map(|(index, reading)| (draws[index].time, reading));
    // A rounded nadir is shown below every other value shown (12.569
    // beside a 12.57 as written, never a `13` that reads higher).
    let nadir_shown = lowest.map(|(index, lowest)| {
        draws
            .iter()
            .filter_map(|draw| draw.values.get(analyte).reading())
            .filter(|other| other.censor == Censor::Exact && other.amount != lowest.amount)
            .fold(draws[index].values.get(analyte), |shown, other| {
                shown.shown_against(other.amount)
            })
    });
    let mut crossings = Vec::new();
    for &line in cutoffs {
        push_crossings(draws, analyte, |_| Some(line), &mut crossings);
    }
    push_crossings(draws, analyte, &lower_at, &mut crossings);
    crossings.sort_by_key(|c| (c.at.instant(), std::cmp::Reverse(c.cutoff)));
    // A lower limit equal to a cut-off (ANC 1.5) is crossed once.
    crossings.dedup();
    // Back from the latest value, which must be proven below: a value
    // censored across the limit (`<200` against 150) neither ends the run
    // (it is not proven at or above) nor starts one; a draw at an age with
    // no limit is not below it.
    let mut below_since = None;
    for (index, draw) in draws.iter().enumerate().rev() {
        if draw.values.get(analyte).is_missing() {
            continue;
        }
        let below = lower_at(index).map(|lower| proven_below(draw, analyte, lower));
        match below {
            Some(Some(true)) => below_since = Some(draw.time),
            Some(None) if below_since.is_some() => {}
            Some(Some(false) | None) | None => break,
        }
    }
    let last = draws
        .iter()
        .rposition(|draw| !draw.values.get(analyte).is_missing());
    let change = last.and_then(|last| change_at(draws, last, analyte));
    let lower = last.and_then(&lower_at);
    let latest_undecided = last
        .zip(lower)
        .is_some_and(|(last, lower)| proven_below(&draws[last], analyte, lower).is_none());
    Readout {
        analyte,
        nadir,
        nadir_shown,
        crossings,
        below_since,
        lower,
        lower_text: lower.map(|lower| lower.to_string()),
        latest_undecided,
        change,
    }
}

/// Pushes each draw where the value moved to the other side of the line,
/// `line_at(i)` at draw `i` (a draw without a line, or a value missing or
/// censored across it, is passed over).
fn push_crossings(
    draws: &[Draw],
    analyte: Analyte,
    line_at: impl Fn(usize) -> Option<Decimal>,
    crossings: &mut Vec<LineCrossing>,
) {
    let mut side: Option<bool> = None;
    for (index, draw) in draws.iter().enumerate() {
        let Some(line) = line_at(index) else {
            // No lower limit at this age (a newborn's ANC): nothing is
            // below it, so the first draw below the limit that follows
            // crosses it, as the time below starts there.
            if !draw.values.get(analyte).is_missing() {
                side = Some(false);
            }
            continue;
        };
        let Some(below) = proven_below(draw, analyte, line) else {
            continue;
        };
        if side.is_some_and(|was| was != below) {
            crossings.push(LineCrossing {
                at: draw.time,
                cutoff: line,
                direction: if below { Crossing::Down } else { Crossing::Up },
            });
        }
        side = Some(below);
    }
}

/// Whether the value is proven below (`Some(true)`) or at or above
/// (`Some(false)`) the line; `None` when missing or censored across it.
fn proven_below(draw: &Draw, analyte: Analyte, line: Decimal) -> Option<bool> {
    match below_cutoff(draw.values.get(analyte), line) {
        Outcome::Met => Some(true),
        Outcome::NotMet => Some(false),
        Outcome::Unknown => None,
    }
}

/// The change of `analyte` at draw `index` from the previous draw that has
/// it; `None` when the draw has no value or none before it does.
pub fn change_at(draws: &[Draw], index: usize, analyte: Analyte) -> Option<Change> {
    let latest_draw = draws.get(index)?;
    let latest = latest_draw.values.reading(analyte)?;
    let previous_draw = draws[..index]
        .iter()
        .rev()
        .find(|draw| !draw.values.get(analyte).is_missing())?;
    let previous = previous_draw.values.reading(analyte)?;
    let exact = previous.censor == Censor::Exact && latest.censor == Censor::Exact;
    let delta = exact
        .then(|| difference(latest.amount, previous.amount))
        .flatten();
    let percent = delta.and_then(|(negative, magnitude)| {
        let tenths = percent_tenths(magnitude, previous.amount)? as f64;
        Some(if negative { -tenths } else { tenths } / 10.0)
    });
    let mut change = Change {
        previous: (previous_draw.time, previous),
        latest: (latest_draw.time, latest),
        delta,
        percent,
        days: days_elapsed(previous_draw.time, latest_draw.time),
        shown: (
            previous_draw.values.get(analyte),
            latest_draw.values.get(analyte),
        ),
    };
    change.shown = shown_with_the_change(&change);
    Some(change)
}

/// `magnitude` as a percentage of `base` in tenths, rounded half away
/// from zero in exact integers (+0.6 on 3.2 is 18.75 %, so 188; binary
/// floating point made it 187.49999...); `None` when `base` is 0.
fn percent_tenths(magnitude: Decimal, base: Decimal) -> Option<u128> {
    let (ms, bs) = (u32::from(magnitude.scale()), u32::from(base.scale()));
    // magnitude / base x 1000, both brought to integers.
    let numerator = u128::from(magnitude.mantissa()) * 10u128.pow(bs) * 1000;
    let denominator = u128::from(base.mantissa()) * 10u128.pow(ms);
    (denominator > 0).then(|| (2 * numerator + denominator) / (2 * denominator))
}

/// `a - b`, exact, as `(negative, magnitude)`.
pub(crate) fn difference(a: Decimal, b: Decimal) -> Option<(bool, Decimal)> {
    let scale = u32::from(a.scale().max(b.scale()));
    let fixed = |d: Decimal| i64::from(d.mantissa()) * 10i64.pow(scale - u32::from(d.scale()));
    let diff = fixed(a) - fixed(b);
    let magnitude = Decimal::new(diff.unsigned_abs(), scale).ok()?;
    Some((diff < 0, magnitude))
}

#[cfg(test)]
#[path = "readouts_tests.rs"]
mod tests;
