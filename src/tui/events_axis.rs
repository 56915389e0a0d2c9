//! The events row under the charts, on their shared date axis: one glyph
//! per event kind (`R` red cells, `P` platelets, `I` start of
//! immunosuppression, ...), a digit where several events share a column, and
//! a legend naming the kinds shown.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::App;
use super::chart_data::{self, Window};
use crate::model::{Event, EventKind};

/// Whether the row is drawn: only for a patient with events.
pub fn rows_for(events: &[Event]) -> u16 {
    u16::from(!events.is_empty())
}

/// What each cell column of a plot `width` wide shows: the one event's
/// glyph, or the count (`2`-`9`, `+` beyond) of several. A treatment's
/// start (IST, HSCT, ...) is never folded into a count: its letter takes
/// the column (the first kind's, when two start together), and the count
/// of its column moves to a free column beside it, else is left out (the
/// readout and the events list name every event).
pub fn columns(events: &[Event], window: Window, width: u16) -> Vec<Option<char>> {
    // Per column: how many events, the last kind, and the first treatment.
    let mut cells: Vec<(usize, Option<EventKind>, Option<EventKind>)> =
        vec![(0, None, None); usize::from(width)];
    for event in events {
        let x = chart_data::x_of(event.at);
        let Some(cell) = chart_data::cell_column(x, window, width) else {
            continue;
        };
        if let Some(slot) = cells.get_mut(usize::from(cell)) {
            slot.0 += 1;
            slot.1 = Some(event.kind);
            if !event.kind.is_transfusion() {
                slot.2 = Some(slot.2.map_or(event.kind, |first| first.min(event.kind)));
            }
        }
    }
    let count = |n: usize| match n {
        1 => None,
        2..=9 => char::from_digit(n as u32, 10),
        _ => Some('+'),
    };
    let mut shown: Vec<Option<char>> = cells
        .iter()
        .map(|&(n, kind, treatment)| match (n, treatment, kind) {
            (0, _, _) | (_, _, None) => None,
            (_, Some(treatment), _) => Some(treatment.glyph()),
            (1, None, Some(kind)) => Some(kind.glyph()),
            (n, None, Some(_)) => count(n),
        })
        .collect();
    for (cell, &(n, _, treatment)) in cells.iter().enumerate() {
        if treatment.is_none() || n < 2 {
            continue;
        }
        // How many share the treatment's column, beside it.
        let rest = count(n);
        let free = |c: usize| cells.get(c).is_some_and(|&(n, _, _)| n == 0);
        // Never against another count, which would read as one number.
        let count_at = |c: Option<usize>| {
            c.and_then(|c| shown.get(c).copied().flatten())
                .is_some_and(|glyph| glyph.is_ascii_digit() || glyph == '+')
        };
        let beside = [
            (cell + 1, Some(cell + 2)),
            (cell.wrapping_sub(1), cell.checked_sub(2)),
        ]
        .into_iter()
        .find(|&(c, beyond)| {
            free(c) && shown.get(c).is_some_and(Option::is_none) && !count_at(beyond)
        })
        .map(|(c, _)| c);
        if let Some(beside) = beside {
            shown[beside] = rest;
        }
    }
    shown
}

/// The kinds in view, in kind order, and whether a column counts several.
fn kinds_in_view(events: &[Event], window: Window, width: u16) -> (Vec<EventKind>, bool) {
    let mut kinds: Vec<EventKind> = events
        .iter()
        .filter(|e| window.contains(chart_data::x_of(e.at)))
        .map(|e| e.kind)
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let several = columns(events, window, width)
        .iter()
        .flatten()
        .any(|c| c.is_ascii_digit() || *c == '+');
    (kinds, several)
}

/// A kind's label where the row is narrow: `RBC`, `PLT`, `IST`, ...
fn short_label(kind: EventKind) -> &'static str {
    match kind {
        EventKind::RbcTransfusion => "RBC",
        EventKind::PlateletTransfusion => "PLT",
        EventKind::Ist => "IST",
        EventKind::Eltrombopag => "eltromb.",
        EventKind::GCsf => "G-CSF",
        EventKind::Hsct => "HSCT",
        EventKind::Chemotherapy => "chemo",
        EventKind::Other => "other",
    }
}

/// The legend's entries, long (`R RBC tx`) or short (`R RBC`), with
/// `2-9 several` when a column holds more than one.
fn entries(events: &[Event], window: Window, width: u16, short: bool) -> Vec<String> {
    let (kinds, several) = kinds_in_view(events, window, width);
    let mut words: Vec<String> = kinds
        .iter()
        .map(|&k| {
            let label = if short { short_label(k) } else { k.label() };
            format!("{}={label}", k.glyph())
        })
        .collect();
    if several {
        words.push("2-9=several".into());
    }
    words
}

/// The legend of the kinds in view: `R RBC tx  P PLT tx  I IST start`,
/// and `2-9 several` when a column holds more than one (the row draws it
/// through [`placement`]).
#[cfg(test)]
pub fn legend(events: &[Event], window: Window, width: u16) -> String {
    entries(events, window, width, false).join("  ")
}

/// Where the legend goes on a row whose glyphs are `cells`: `(column,
/// text)` pieces in the free stretches (two cells clear of any glyph), the
/// long legend in the widest stretch when it fits, else the short one, else
/// the short entries spread over the stretches left to right, so that every
/// kind shown is named at 80 columns too. An entry that fits nowhere is
/// left out rather than cut.
fn placement(cells: &[Option<char>], long: &[String], short: &[String]) -> Vec<(usize, String)> {
    let width = cells.len();
    let mut gaps: Vec<(usize, usize)> = Vec::new();
    let mut run_start = None;
    for i in 0..=width {
        let empty = cells.get(i).is_some_and(Option::is_none);
        match (empty, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(s)) => {
                let from = if s == 0 { 0 } else { s + 2 };
                let to = if i == width { i } else { i.saturating_sub(2) };
                if to > from {
                    gaps.push((from, to - from));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    let widest = gaps.iter().copied().max_by_key(|&(_, len)| len);
    // Each glyph with `=` (`R=RBC tx`): a key, never read as an event on
    // the date under it.
    for words in [long, short] {
        let text = words.join("  ");
        if let Some((from, len)) = widest
            && text.chars().count() <= len
        {
            return vec![(from, text)];
        }
    }
    let mut pieces = Vec::new();
    let mut words = short.iter().peekable();
    for (from, len) in gaps {
        let mut text = String::new();
        while let Some(word) = words.peek() {
            let extra = if text.is_empty() { 0 } else { 2 };
            if text.chars().count() + extra + word.chars().count() > len {
                break;
            }
            if !text.is_empty() {
                text.push_str("  ");
            }
            text.push_str(word);
            words.next();
        }
        if !text.is_empty() {
            pieces.push((from, text));
        }
    }
    pieces
}

/// Draws the row: `evt.` in the gutter, the glyphs on the date axis, and
/// the legend in the room the glyphs leave.
pub fn render(
    app: &App,
    events: &[Event],
    window: Window,
    gutter: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.width <= gutter || area.height == 0 || events.is_empty() {
        return;
    }
    buf.set_string(area.x, area.y, "evt.", app.theme.dim);
    let width = area.width - gutter;
    let cells = columns(events, window, width);
    for (cell, glyph) in (0u16..).zip(&cells) {
        if let Some(glyph) = glyph {
            buf.set_string(
                area.x + gutter + cell,
                area.y,
                glyph.to_string(),
                app.theme.heading,
            );
        }
    }
    let long = entries(events, window, width, false);
    let short = entries(events, window, width, true);
    for (from, text) in placement(&cells, &long, &short) {
        let x = area.x + gutter + u16::try_from(from).unwrap_or(0);
        buf.set_string(x, area.y, text, app.theme.dim);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::time::parse_time;

    fn at(text: &str) -> Event {
        Event::new(parse_time(text).expect("a time"), EventKind::RbcTransfusion)
    }

    #[test]
    fn events_in_one_column_are_counted() {
        let window = Window {
            start: at("2024-01-01").at.days(),
            end: at("2024-01-11").at.days(),
        };
        let mut events = vec![at("2024-01-01"), at("2024-01-10"), at("2024-01-10T01:00")];
        events[0].kind = EventKind::Ist;
        let cells = columns(&events, window, 11);
        assert_eq!(cells[0], Some('I'));
        assert_eq!(cells[9], Some('2'));
        assert_eq!(cells.iter().flatten().count(), 2);
        assert_eq!(
            legend(&events, window, 11),
            "R=RBC tx  I=IST start  2-9=several"
        );
        // A treatment's start among transfusions keeps its letter, and the
        // column's count moves beside it.
        events[1].kind = EventKind::Hsct;
        let cells = columns(&events, window, 11);
        assert_eq!((cells[9], cells[10]), (Some('H'), Some('2')));
        // Its count beside it, on the side that is free.
        events.push(at("2024-01-11"));
        let cells = columns(&events, window, 11);
        assert_eq!(
            (cells[8], cells[9], cells[10]),
            (Some('2'), Some('H'), Some('R'))
        );
        // Never against another count: `2` then `2H` would read as 22.
        events.extend([at("2024-01-08"), at("2024-01-08T01:00")]);
        let cells = columns(&events, window, 11);
        assert_eq!(
            (cells[7], cells[8], cells[9], cells[10]),
            (Some('2'), None, Some('H'), Some('R'))
        );
    }

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_legend_takes_the_widest_room_clear_of_the_glyphs() {
        let long = words(&["R=RBC tx", "P=PLT tx"]);
        let short = words(&["R=RBC", "P=PLT"]);
        let mut cells = vec![None; 40];
        cells[5] = Some('R');
        cells[6] = Some('P');
        assert_eq!(
            placement(&cells, &long, &short),
            [(9, "R=RBC tx  P=PLT tx".to_string())]
        );
        // Glyphs at the end: the legend goes before them.
        let mut cells = vec![None; 24];
        cells[22] = Some('R');
        assert_eq!(
            placement(&cells, &long, &short),
            [(0, "R=RBC tx  P=PLT tx".to_string())]
        );
    }

    #[test]
    fn a_narrow_row_shortens_then_spreads_the_legend() {
        let long = words(&["R=RBC tx", "P=PLT tx", "I=IST start", "2-9=several"]);
        let short = words(&["R=RBC", "P=PLT", "I=IST", "2-9=several"]);
        let mut cells = vec![None; 47];
        cells[19] = Some('4');
        cells[20] = Some('R');
        cells[25] = Some('R');
        let pieces = placement(&cells, &long, &short);
        assert_eq!(
            pieces,
            [
                (0, "R=RBC  P=PLT".to_string()),
                (28, "I=IST  2-9=several".to_string())
            ]
        );
        let mut wider = vec![None; 80];
        wider[0] = Some('R');
        assert_eq!(
            placement(&wider, &long, &short),
            [(
                3,
                "R=RBC tx  P=PLT tx  I=IST start  2-9=several".to_string()
            )]
        );
    }
}
