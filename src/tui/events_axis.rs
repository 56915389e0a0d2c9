//! The events rows under the charts, on their shared date axis: one glyph
//! per event kind (`R` red cells, `P` platelets, `I` start of
//! immunosuppression, ...), a digit where several events share a column, and
//! a legend naming the kinds shown. Where a treatment's start shares a
//! column with transfusions and the charts leave room, each has a row
//! (`rx`, `tx`), so that neither hides the other; else one row counts them
//! together, in their column.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::App;
use super::chart_data::{self, Window};
use crate::model::{Event, EventKind};

/// The rows wanted over `window`, `width` cells wide: none for a patient
/// without events; two where a treatment's start shares a column with a
/// transfusion (one row would count them together, the treatment's letter
/// unseen); else one.
pub fn rows_for(events: &[Event], window: Window, width: u16) -> u16 {
    if events.is_empty() {
        return 0;
    }
    let (treatments, transfusions) = split(events);
    let shared = columns(&treatments, window, width)
        .iter()
        .zip(columns(&transfusions, window, width))
        .any(|(a, b)| a.is_some() && b.is_some());
    1 + u16::from(shared)
}

/// Treatments' starts, and transfusions.
fn split(events: &[Event]) -> (Vec<Event>, Vec<Event>) {
    events
        .iter()
        .cloned()
        .partition(|e| !e.kind.is_transfusion())
}

/// What each cell column of a plot `width` wide shows: the one event's
/// glyph, or the count (`2`-`9`, `+` beyond) of several, in their own
/// column (the readout and the events list name every event).
pub fn columns(events: &[Event], window: Window, width: u16) -> Vec<Option<char>> {
    // Per column: how many events, and the kind of the last.
    let mut cells: Vec<(usize, Option<EventKind>)> = vec![(0, None); usize::from(width)];
    for event in events {
        let x = chart_data::x_of(event.at);
        let Some(cell) = chart_data::cell_column(x, window, width) else {
            continue;
        };
        if let Some(slot) = cells.get_mut(usize::from(cell)) {
            slot.0 += 1;
            slot.1 = Some(event.kind);
        }
    }
    cells
        .iter()
        .map(|&(n, kind)| match (n, kind) {
            (0, _) | (_, None) => None,
            (1, Some(kind)) => Some(kind.glyph()),
            (2..=9, Some(_)) => char::from_digit(n as u32, 10),
            (_, Some(_)) => Some('+'),
        })
        .collect()
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

/// Draws the rows: treatments (`rx`) above transfusions (`tx`) when the
/// area has two ([`rows_for`]), else one row (`evt.`, where a treatment
/// sharing a column with transfusions is counted with them); each with
/// its glyphs on the date axis and its legend in the room they leave.
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
    let (treatments, transfusions) = split(events);
    if area.height >= 2 && !treatments.is_empty() && !transfusions.is_empty() {
        let (top, bottom) = (
            Rect { height: 1, ..area },
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
        );
        render_row(app, ("rx", &treatments), window, gutter, top, buf);
        render_row(app, ("tx", &transfusions), window, gutter, bottom, buf);
    } else {
        render_row(app, ("evt.", events), window, gutter, area, buf);
    }
}

/// One row: its label in the gutter, the glyphs, the legend.
fn render_row(
    app: &App,
    (label, events): (&str, &[Event]),
    window: Window,
    gutter: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    buf.set_string(area.x, area.y, label, app.theme.dim);
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
    fn events_in_one_column_are_counted_there() {
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
        // A treatment among transfusions in one column is counted with
        // them, in that column, never beside it on another date (a row of
        // its own shows it: see `rows_for`).
        events[1].kind = EventKind::Hsct;
        let cells = columns(&events, window, 11);
        assert_eq!((cells[8], cells[9], cells[10]), (None, Some('2'), None));
        // Ten and more: `+`.
        let many: Vec<Event> = (0..12).map(|_| at("2024-01-05")).collect();
        assert_eq!(columns(&many, window, 11)[4], Some('+'));
    }

    #[test]
    fn a_treatment_sharing_a_column_with_a_transfusion_wants_a_row_of_its_own() {
        let window = Window {
            start: at("2024-01-01").at.days(),
            end: at("2024-01-11").at.days(),
        };
        let mut events = vec![at("2024-01-01"), at("2024-01-05")];
        assert_eq!(rows_for(&events, window, 11), 1);
        events[1].kind = EventKind::Ist;
        // Apart: one row shows both.
        assert_eq!(rows_for(&events, window, 11), 1);
        // In one column: a row each.
        events[0] = at("2024-01-05T06:00");
        assert_eq!(rows_for(&events, window, 11), 2);
        // Two treatments together are counted on one row.
        events[0].kind = EventKind::Eltrombopag;
        assert_eq!(rows_for(&events, window, 11), 1);
        assert_eq!(rows_for(&[], window, 11), 0);
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
