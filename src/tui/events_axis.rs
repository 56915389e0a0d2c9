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
/// glyph, or the count (`2`-`9`, `+` beyond) of several.
pub fn columns(events: &[Event], window: Window, width: u16) -> Vec<Option<char>> {
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
        .into_iter()
        .map(|(count, kind)| match (count, kind) {
            (0, _) | (_, None) => None,
            (1, Some(kind)) => Some(kind.glyph()),
            (n @ 2..=9, _) => char::from_digit(n as u32, 10),
            _ => Some('+'),
        })
        .collect()
}

/// The legend of the kinds in view: `R RBC tx  P PLT tx  I IST start`,
/// and `2-9 several` when a column holds more than one.
pub fn legend(events: &[Event], window: Window, width: u16) -> String {
    let mut kinds: Vec<EventKind> = events
        .iter()
        .filter(|e| window.contains(chart_data::x_of(e.at)))
        .map(|e| e.kind)
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut words: Vec<String> = kinds
        .iter()
        .map(|k| format!("{} {}", k.glyph(), k.label()))
        .collect();
    if columns(events, window, width)
        .iter()
        .flatten()
        .any(|c| c.is_ascii_digit() || *c == '+')
    {
        words.push("2-9 several".into());
    }
    words.join("  ")
}

/// Draws the row: `evt.` in the gutter, the glyphs on the date axis, and
/// the legend after the last glyph where it fits.
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
    let last = cells.iter().rposition(Option::is_some);
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
    let text = legend(events, window, width);
    let from = last.map_or(0, |l| l + 3);
    if from + text.chars().count() <= usize::from(width) {
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
            "R RBC tx  I IST start  2-9 several"
        );
    }
}
