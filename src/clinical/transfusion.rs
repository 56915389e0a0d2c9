//! Values drawn after a transfusion (`clinical.md` §8) and transfusion
//! independence (§7): pure functions of a draw's time and the events.

use crate::model::{Analyte, Event, EventKind, TimeForm, Timestamp};

use super::insight_config::Windows;

const SECONDS_PER_DAY: i64 = 86_400;

/// Which transfusion, if any, an analyte of a draw at `at` follows within its
/// window: a hemoglobin within `rbc_transfusion_days` after red cells, a
/// platelet count within `platelet_transfusion_days` after platelets. A
/// draw at the very time of the transfusion counts as after it (a date-only
/// record cannot say which came first); a draw exactly the window's length
/// after it does not (the 7th day after platelets counts again, as
/// CIBMTR's "at least 7 days" has it).
pub fn transfusion_before<'e>(
    at: Timestamp,
    analyte: Analyte,
    events: &'e [Event],
    windows: &Windows,
) -> Option<&'e Event> {
    let (kind, days) = match analyte {
        Analyte::Hgb => (EventKind::RbcTransfusion, windows.rbc_transfusion_days),
        Analyte::Plt => (
            EventKind::PlateletTransfusion,
            windows.platelet_transfusion_days,
        ),
        _ => return None,
    };
    latest_within(at, events, days, |k| k == kind)
}

/// The analytes of a draw at `at` that were drawn within a transfusion's
/// window (hemoglobin, platelets), in analyte order; empty when none.
pub fn after_transfusion(at: Timestamp, events: &[Event], windows: &Windows) -> Vec<Analyte> {
    [Analyte::Hgb, Analyte::Plt]
        .into_iter()
        .filter(|&analyte| transfusion_before(at, analyte, events, windows).is_some())
        .collect()
}

/// The latest red-cell or platelet transfusion within
/// `transfusion_free_days` before `at` (on or before it): `None` means the
/// draw is transfusion independent (§7).
pub fn last_transfusion_within<'e>(
    at: Timestamp,
    events: &'e [Event],
    windows: &Windows,
) -> Option<&'e Event> {
    latest_within(at, events, windows.transfusion_free_days, |kind| {
        kind.is_transfusion()
    })
}

/// The latest event of a wanted kind at or before `at` and less than `days`
/// whole days before it. Where the event or the draw is written as a date
/// alone, it has no time to count from: the window is counted in the
/// dates written (a draw dated the day before a transfusion dated
/// 2024-04-01 is never after it, whatever its offset; the 7th date after
/// it is out).
fn latest_within(
    at: Timestamp,
    events: &[Event],
    days: u32,
    wanted: impl Fn(EventKind) -> bool,
) -> Option<&Event> {
    let window = i64::from(days);
    events
        .iter()
        .filter(|event| wanted(event.kind))
        .filter(|event| {
            if at.form() == TimeForm::Date || event.at.form() == TimeForm::Date {
                (0..window).contains(&days_between(event.at, at))
            } else {
                (0..window * SECONDS_PER_DAY).contains(&(at.instant() - event.at.instant()))
            }
        })
        .max_by_key(|event| event.at.instant())
}

/// Calendar days from the date `from` shows to the date `to` shows
/// (negative when `to` is earlier): `2024-04-05 18:00` to `2024-04-12
/// 08:00` is 7, as the dates on screen read, not the 6 whole days between.
pub fn days_between(from: Timestamp, to: Timestamp) -> i64 {
    to.day_number() - from.day_number()
}

/// [`days_between`] a draw and a later one, never negative: a later draw
/// recorded at another offset can show an earlier date (`2024-03-02 00:15
/// +01:00`, then `2024-03-01 23:30 -05:00`, five hours on), and no time
/// goes backwards (0).
pub fn days_elapsed(from: Timestamp, to: Timestamp) -> u64 {
    days_between(from, to).max(0).unsigned_abs()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn day(text: &str) -> Timestamp {
        crate::ingest::time::parse_time(text).expect("a test time")
    }

    fn events() -> Vec<Event> {
        vec![
            Event::new(day("2024-04-01"), EventKind::PlateletTransfusion),
            Event::new(day("2024-04-01"), EventKind::RbcTransfusion),
        ]
    }

    #[rstest]
    #[case::same_day("2024-04-01", true)]
    #[case::sixth_day("2024-04-07T23:59", true)]
    #[case::seventh_day("2024-04-08", false)]
    #[case::before("2024-03-31", false)]
    fn platelets_after_a_platelet_transfusion(#[case] drawn: &str, #[case] after: bool) {
        let events = events();
        let found = transfusion_before(day(drawn), Analyte::Plt, &events, &Windows::default());
        assert_eq!(found.is_some(), after, "{drawn}");
    }

    #[rstest]
    #[case::seventh_week("2024-05-26", true)]
    #[case::eighth_week_begins("2024-05-27", false)]
    #[case::far_after("2024-08-01", false)]
    fn hemoglobin_after_red_cells(#[case] drawn: &str, #[case] after: bool) {
        // 2024-04-01 + 56 days = 2024-05-27.
        let events = events();
        let found = transfusion_before(day(drawn), Analyte::Hgb, &events, &Windows::default());
        assert_eq!(found.is_some(), after, "{drawn}");
    }

    /// A transfusion dated 2024-04-01 (no time) is counted in the dates
    /// written, whatever a draw's offset: the day before is never after it,
    /// the 7th date after it is out, the 6th in.
    #[rstest]
    #[case::the_day_before_late_at_night("2024-03-31T22:00-05:00", Analyte::Hgb, false)]
    #[case::seventh_date_early_in_the_east("2024-04-08T01:00+09:00", Analyte::Plt, false)]
    #[case::sixth_date_late_in_the_west("2024-04-07T23:00-05:00", Analyte::Plt, true)]
    #[case::fifty_fifth_date("2024-05-26T20:00-05:00", Analyte::Hgb, true)]
    #[case::fifty_sixth_date("2024-05-27T00:30+09:00", Analyte::Hgb, false)]
    fn a_transfusion_dated_alone_counts_in_written_dates(
        #[case] drawn: &str,
        #[case] analyte: Analyte,
        #[case] after: bool,
    ) {
        let events = events();
        let found = transfusion_before(day(drawn), analyte, &events, &Windows::default());
        assert_eq!(found.is_some(), after, "{drawn}");
    }

    #[test]
    fn days_between_are_the_dates_shown_apart() {
        let days = |from: &str, to: &str| days_between(day(from), day(to));
        assert_eq!(days("2024-04-05T18:00-05:00", "2024-04-12T08:00+09:00"), 7);
        assert_eq!(days("2024-04-05T18:00", "2024-04-12T08:00"), 7);
        assert_eq!(days("2024-03-01T12:00Z", "2024-03-02"), 1);
        assert_eq!(days("2024-03-02", "2024-03-01T23:30-05:00"), -1);
    }

    /// Between a draw and a later one: 00:15 +01:00, then 23:30 -05:00 of
    /// the day before by its own date, five hours on, is 0 days, never -1.
    #[test]
    fn days_elapsed_never_go_backwards() {
        let elapsed = |from: &str, to: &str| days_elapsed(day(from), day(to));
        assert_eq!(
            elapsed("2024-03-02T00:15+01:00", "2024-03-01T23:30-05:00"),
            0
        );
        assert_eq!(
            elapsed("2024-04-05T18:00-05:00", "2024-04-12T08:00+09:00"),
            7
        );
    }

    #[test]
    fn other_analytes_are_never_marked() {
        let marked = after_transfusion(day("2024-04-02"), &events(), &Windows::default());
        assert_eq!(marked, vec![Analyte::Hgb, Analyte::Plt]);
        let events = events();
        let found = transfusion_before(
            day("2024-04-02"),
            Analyte::Anc,
            &events,
            &Windows::default(),
        );
        assert!(found.is_none());
    }

    #[test]
    fn the_windows_are_configurable() {
        let windows = Windows {
            platelet_transfusion_days: 3,
            ..Windows::default()
        };
        let marked = after_transfusion(day("2024-04-04"), &events(), &windows);
        assert_eq!(marked, vec![Analyte::Hgb]);
    }

    #[rstest]
    #[case::within("2024-05-26", true)]
    #[case::independent("2024-05-27", false)]
    fn transfusion_independence_has_an_eight_week_window(
        #[case] drawn: &str,
        #[case] transfused: bool,
    ) {
        let events = events();
        let found = last_transfusion_within(day(drawn), &events, &Windows::default());
        assert_eq!(found.is_some(), transfused);
    }
}
