//! Which values of a patient's draws follow a transfusion (`clinical.md`
//! §8), found once per patient with the clinical core's
//! [`transfusion_before`] (the definition JSON's `latest.after_transfusion`
//! uses), and the words the table and the readout mark them with.

use crate::clinical::{Windows, transfusion_before};
use crate::model::{Analyte, Draw, Event};

use super::format;

/// The two analytes a transfusion raises, in the order of the flags kept.
const MARKED: [Analyte; 2] = [Analyte::Hgb, Analyte::Plt];

/// Per draw: whether its hemoglobin and its platelet count were drawn
/// within a transfusion's window.
#[derive(Clone, Debug, Default)]
pub struct Transfused {
    /// `[hemoglobin, platelets]` per draw; empty when no draw is marked, so
    /// a patient without transfusions costs nothing.
    draws: Vec<[bool; 2]>,
}

impl Transfused {
    /// The marks of `draws` (oldest first) given the patient's `events`.
    pub fn build(draws: &[Draw], events: &[Event], windows: &Windows) -> Transfused {
        if !events.iter().any(|e| e.kind.is_transfusion()) {
            return Transfused::default();
        }
        let marks: Vec<[bool; 2]> = draws
            .iter()
            .map(|draw| {
                MARKED.map(|analyte| {
                    !draw.values.get(analyte).is_missing()
                        && transfusion_before(draw.time, analyte, events, windows).is_some()
                })
            })
            .collect();
        if marks.iter().flatten().any(|&m| m) {
            Transfused { draws: marks }
        } else {
            Transfused::default()
        }
    }

    /// True when `analyte` of the draw at `draw` follows a transfusion
    /// within its window (never for a value not measured).
    pub fn at(&self, draw: usize, analyte: Analyte) -> bool {
        let Some(slot) = MARKED.iter().position(|&a| a == analyte) else {
            return false;
        };
        self.draws
            .get(draw)
            .and_then(|marks| marks.get(slot).copied())
            .unwrap_or(false)
    }

    /// True when any value is marked.
    pub fn any(&self) -> bool {
        !self.draws.is_empty()
    }
}

/// A window as the legend writes it: `7 d`, `8 wk` for whole weeks of two
/// or more.
pub fn window_words(days: u32) -> String {
    if days >= 14 && days.is_multiple_of(7) {
        format!("{} wk", days / 7)
    } else {
        format!("{days} d")
    }
}

/// The legend of the mark, with the windows in use:
/// `‡ within 7 d of platelets (PLT), 8 wk of red cells (Hb)`.
pub fn legend(windows: &Windows) -> String {
    format!(
        "{} within {} of platelets (PLT), {} of red cells (Hb)",
        format::TRANSFUSED_MARK,
        window_words(windows.platelet_transfusion_days),
        window_words(windows.rbc_transfusion_days),
    )
}

/// What the readout says of a draw's values after a transfusion, naming
/// the transfusion each follows: `‡ Hb after RBC tx 2024-04-01`, `‡ PLT
/// after PLT tx 2024-04-12`; empty when none is marked. One short chunk
/// each, so that a narrow readout wraps between them and cuts none.
pub fn readout_words(draw: &Draw, events: &[Event], windows: &Windows) -> Vec<String> {
    MARKED
        .into_iter()
        .filter(|&analyte| !draw.values.get(analyte).is_missing())
        .filter_map(|analyte| {
            let event = transfusion_before(draw.time, analyte, events, windows)?;
            Some(format!(
                "{} {} after {} {}",
                format::TRANSFUSED_MARK,
                analyte.short_label(),
                event.kind.label(),
                format::date(event.at)
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;
    use crate::model::{Decimal, EventKind, Values};

    fn day(text: &str) -> crate::model::Timestamp {
        crate::ingest::time::parse_time(text).expect("a test time")
    }

    fn draw(at: &str) -> Draw {
        Draw {
            time: day(at),
            values: Values::EMPTY
                .with(Analyte::Hgb, Decimal::lit(8, 0))
                .with(Analyte::Plt, Decimal::lit(20, 0)),
        }
    }

    fn events() -> Vec<Event> {
        vec![
            Event::new(day("2024-04-01T10:00"), EventKind::PlateletTransfusion),
            Event::new(day("2024-04-01T10:00"), EventKind::RbcTransfusion),
        ]
    }

    #[rstest]
    #[case::same_hour("2024-04-01T10:00", true, true)]
    #[case::seventh_day_begins("2024-04-07T10:00", true, true)]
    #[case::seventh_day_ends("2024-04-08T09:59", true, true)]
    #[case::seven_days_later("2024-04-08T10:00", true, false)]
    #[case::eighth_week("2024-05-26T10:00", true, false)]
    #[case::eight_weeks_later("2024-05-27T10:00", false, false)]
    #[case::before("2024-04-01T09:59", false, false)]
    fn marks_follow_the_windows(#[case] at: &str, #[case] hgb: bool, #[case] plt: bool) {
        let marks = Transfused::build(&[draw(at)], &events(), &Windows::default());
        assert_eq!(marks.at(0, Analyte::Hgb), hgb, "Hb {at}");
        assert_eq!(marks.at(0, Analyte::Plt), plt, "PLT {at}");
        assert!(!marks.at(0, Analyte::Anc));
        assert!(!marks.at(1, Analyte::Hgb), "no such draw");
        assert_eq!(marks.any(), hgb || plt);
    }

    #[test]
    fn a_value_not_measured_is_not_marked() {
        let mut only_anc = draw("2024-04-02");
        only_anc.values = Values::EMPTY.with(Analyte::Anc, Decimal::lit(1, 0));
        let marks = Transfused::build(&[only_anc], &events(), &Windows::default());
        assert!(!marks.any());
        assert!(readout_words(&only_anc, &events(), &Windows::default()).is_empty());
    }

    #[test]
    fn the_words_name_the_window_and_the_transfusion() {
        let windows = Windows::default();
        assert_eq!(
            legend(&windows),
            "‡ within 7 d of platelets (PLT), 8 wk of red cells (Hb)"
        );
        let after = draw("2024-04-03");
        assert_eq!(
            readout_words(&after, &events(), &windows),
            [
                "‡ Hb after RBC tx 2024-04-01",
                "‡ PLT after PLT tx 2024-04-01"
            ]
        );
        let later = draw("2024-04-20");
        assert_eq!(
            readout_words(&later, &events(), &windows),
            ["‡ Hb after RBC tx 2024-04-01"]
        );
        assert_eq!(window_words(10), "10 d");
        assert_eq!(window_words(7), "7 d");
    }
}
