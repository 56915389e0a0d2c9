//! The severity timeline on the charts' time axis (one block per column,
//! taller as the category gets worse), the dates on which the category
//! changed, and the cursor's readout under the charts.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::clinical::Category;
use crate::model::Analyte;
use crate::safe_text::counted;

use super::app::App;
use super::chart_data::{self, Window};
use super::format;
use super::patient_view::PatientRecord;
use super::theme::{Mark, category_block, category_glyph};

/// The category to show in each of `width` columns: the worst draw in the
/// column, else the last draw before it (a category holds until the next
/// draw), `None` before the first draw and after the last.
#[cfg(test)]
pub fn column_categories(
    days: &[f64],
    categories: &[Category],
    window: Window,
    width: u16,
) -> Vec<Option<Category>> {
    let worst = |range: std::ops::Range<usize>| categories.get(range)?.iter().copied().max();
    column_categories_by(days, categories, worst, window, width)
}

/// `column_categories`, the worst category of a range of draws given by
/// `worst` (a record answers without reading every draw).
fn column_categories_by(
    days: &[f64],
    categories: &[Category],
    worst: impl Fn(std::ops::Range<usize>) -> Option<Category>,
    window: Window,
    width: u16,
) -> Vec<Option<Category>> {
    let dots = usize::from(width) * 2;
    if dots < 2 {
        return Vec::new();
    }
    let x_at = |dot: f64| window.start + dot * window.span() / (dots - 1) as f64;
    // Where the draws' own axis ends: the last draw (a single one's axis is
    // widened to a day around it).
    let draws_end = chart_data::full_window(days).end;
    (0..usize::from(width))
        .map(|cell| {
            // The x range this cell covers, by the canvas's rounding, inside
            // the window (the window's end belongs to the last cell).
            let from = x_at(cell as f64 * 2.0 - 0.5).max(window.start);
            let to = x_at(cell as f64 * 2.0 + 1.5);
            let first = days.partition_point(|&x| x < from);
            let end = if to >= window.end {
                days.partition_point(|&x| x <= window.end)
            } else {
                days.partition_point(|&x| x < to)
            };
            // Between two draws the earlier one's category holds; past the
            // draws' own axis (an event widened it) nothing does.
            worst(first..end.max(first)).or_else(|| {
                first
                    .checked_sub(1)
                    .filter(|_| first < days.len() || from <= draws_end)
                    .and_then(|i| categories.get(i).copied())
            })
        })
        .collect()
}

/// Draws the timeline row.
pub fn render(
    app: &App,
    record: &PatientRecord,
    window: Window,
    gutter: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.width <= gutter || area.height == 0 {
        return;
    }
    buf.set_string(area.x, area.y, "sev.", app.theme.dim);
    let plot_x = area.x + gutter;
    let width = area.width - gutter;
    let categories = record.severities.categories();
    let worst = |range| record.worst_category(range);
    let columns = column_categories_by(&record.days, categories, worst, window, width);
    let cursor = record
        .days
        .get(app.cursor)
        .and_then(|&x| chart_data::cell_column(x, window, width));
    for (cell, category) in (0u16..).zip(columns) {
        let Some(category) = category else { continue };
        let mut style = app.theme.style(Mark::Category(category));
        if Some(cell) == cursor {
            style = style.patch(app.theme.cursor);
        }
        buf.set_string(plot_x + cell, area.y, category_block(category), style);
    }
}

/// The course in words: each change with its date, e.g.
/// `○ none 2023-06-19 → ◔ non-severe 2024-03-04`; no more of it than the
/// whole terminal could show (a patient may change category a million
/// times: a frame must not write them all).
pub fn course_spans(app: &App, record: &PatientRecord) -> Vec<Span<'static>> {
    let room = usize::from(app.size.0) * usize::from(app.size.1);
    let mut written = 0;
    let mut spans = Vec::new();
    for (i, &(draw, category)) in record.changes.iter().enumerate() {
        if written > room {
            break;
        }
        if i > 0 {
            spans.push(Span::styled(" → ", app.theme.dim));
        }
        // `none?` where missing values leave worse open (a draw of one
        // analyte): not read as a recovery between two very severe draws.
        let open = record
            .severities
            .get(draw)
            .is_some_and(|severity| !severity.could_be.is_empty());
        spans.push(Span::styled(
            format!(
                "{} {}",
                category_glyph(category),
                format::category_word(category, open)
            ),
            app.theme.style(Mark::Category(category)),
        ));
        spans.push(Span::raw(format!(" {}", record.when(draw))));
        written += spans.iter().rev().take(3).map(Span::width).sum::<usize>();
    }
    spans
}

/// The readout: the cursor's draw, its category, the exact values of the
/// analytes not charted (the charted ones are in their chart titles), then
/// the transfusion a hemoglobin or platelet count follows (`‡`), the
/// change of each charted count and the events since the previous draw,
/// on at most `rows` lines: what does not fit after the values gives way
/// to "i: more" (the `i` popup has it all). The values always show.
pub fn readout_lines(
    app: &App,
    record: &PatientRecord,
    width: u16,
    rows: usize,
) -> Vec<Line<'static>> {
    let theme = app.theme;
    let Some(draw) = record.draws.get(app.cursor) else {
        return Vec::new();
    };
    let mut chunks = vec![vec![
        Span::styled("▶ ", theme.cursor),
        Span::styled(record.when_in_full(app.cursor), theme.heading),
        Span::styled(
            format!("  draw {} of {}  ", app.cursor + 1, record.len()),
            theme.dim,
        ),
    ]];
    if let Some(severity) = record.severities.get(app.cursor) {
        let category = severity.category;
        let mut chunk = vec![Span::styled(
            format!(
                "{} {}",
                category_glyph(category),
                format::category_word(category, !severity.could_be.is_empty())
            ),
            theme.style(Mark::Category(category)),
        )];
        // "none" with a cytopenia met (an isolated critical low) says so:
        // never a healthy-looking word alone.
        if category == crate::clinical::Category::None && severity.cytopenias() > 0 {
            chunk.push(Span::styled(
                // Short, as the line is: only one can leave it "none".
                format!(" · {} cytopenia", severity.cytopenias()),
                theme.heading,
            ));
        }
        if record
            .changes
            .iter()
            .any(|&(d, _)| d == app.cursor && d > 0)
        {
            chunk.push(Span::styled(" (changed here)", theme.dim));
        }
        chunk.push(Span::raw("   "));
        chunks.push(chunk);
    }
    // A result of this draw the load refused: a `-` in the table may be a
    // value that was there.
    if let Some(&(_, count)) = record.refused.iter().find(|(d, _)| *d == app.cursor) {
        chunks.push(vec![
            Span::styled(
                format!(
                    "{} {} refused (r)",
                    format::REFUSED_MARK,
                    counted(count as u64, "result")
                ),
                theme.warning,
            ),
            Span::raw("   "),
        ]);
    }
    let charted = super::charts::charted(app);
    for analyte in Analyte::ALL.into_iter().filter(|a| !charted.contains(a)) {
        let value = draw.values.get(analyte);
        if value.is_missing() {
            continue;
        }
        let flag = record.flag(app.cursor, analyte);
        let mut text = format::analyte_value(analyte, value);
        if record.after_transfusion_at(app.cursor, analyte) {
            text.push_str(format::TRANSFUSED_MARK);
        }
        if let Some(flag) = flag {
            text = format!("{text} {}", flag.code());
        }
        let mut chunk = vec![
            Span::styled(format!("{} ", analyte.short_label()), theme.dim),
            Span::styled(text, theme.style(Mark::Flag(flag))),
        ];
        // The range the flag was judged by, when it is the lab's own.
        if record.lab_range(app.cursor, analyte).is_some() {
            let range = record.range_used(app.cursor, analyte, &app.thresholds);
            chunk.push(Span::styled(
                format!(" ({})", format::range_text(range)),
                theme.dim,
            ));
        }
        chunk.push(Span::raw("  "));
        chunks.push(chunk);
    }
    let derived = draw
        .values
        .iter()
        .any(|(_, v)| v.reading().is_some_and(|r| r.derived));
    if derived {
        // Cut, the legend would lose what `× RBC` is of.
        let legend = if format::DERIVED_LEGEND.chars().count() + 2 <= usize::from(width) {
            format::DERIVED_LEGEND
        } else {
            format::DERIVED_LEGEND_SHORT
        };
        chunks.push(vec![Span::styled(format!("{legend}  "), theme.dim)]);
    }
    let values = chunks.len();
    // The charted analytes' values are in the chart titles; their change
    // from the previous value is here (the `i` popup has every analyte's).
    let changes: Vec<String> = charted
        .iter()
        .filter_map(|&analyte| {
            crate::clinical::change_at(&record.draws, app.cursor, analyte)
                .map(|change| format!("{} {}", analyte.short_label(), change.delta_text()))
        })
        .collect();
    if !changes.is_empty() {
        chunks.push(vec![Span::styled(
            format!("Δ {}  ", changes.join(" ")),
            theme.dim,
        )]);
    }
    let events = app
        .selected_patient()
        .map_or(&[][..], |patient| app.dataset.events(patient));
    // What was done since the previous draw.
    if let Some(previous) = app.cursor.checked_sub(1).and_then(|i| record.draws.get(i)) {
        let since: Vec<String> = events
            .iter()
            .filter(|e| {
                e.at.instant() > previous.time.instant() && e.at.instant() <= draw.time.instant()
            })
            .map(crate::report::insight_words::event_text)
            .collect();
        if !since.is_empty() {
            chunks.push(vec![Span::styled(
                format!("since the previous draw: {}  ", since.join("; ")),
                theme.dim,
            )]);
        }
    }
    // Named for the charted analytes too: the transfusion they follow is
    // said only here.
    if record.transfused.any() {
        let notes = super::transfused::readout_words(draw, events, &app.thresholds.windows);
        for (at, words) in notes.into_iter().enumerate() {
            chunks.insert(
                values + at,
                vec![Span::styled(format!("{words}  "), theme.dim)],
            );
        }
    }
    fit_rows(chunks, values, width, rows, theme.dim)
}

/// The chunks packed on at most `rows` lines (never fewer than the first
/// `keep` chunks need): as many of the later ones as fit beside a closing
/// "i: more" when not all do.
fn fit_rows(
    chunks: Vec<Vec<Span<'static>>>,
    keep: usize,
    width: u16,
    rows: usize,
    style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    let all = format::pack(chunks.clone(), width);
    if all.len() <= rows {
        return all;
    }
    let more = || vec![Span::styled("i: more", style)];
    let mut shown = chunks.len();
    while shown > keep {
        shown -= 1;
        let mut some: Vec<_> = chunks[..shown].to_vec();
        some.push(more());
        let lines = format::pack(some, width);
        if lines.len() <= rows || shown == keep {
            return lines;
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_hold_until_the_next_draw_and_the_worst_wins_a_column() {
        let window = Window {
            start: 0.0,
            end: 9.0,
        };
        let days = [0.0, 3.0, 3.1, 9.0];
        let categories = [
            Category::None,
            Category::Severe,
            Category::NonSevere,
            Category::VerySevere,
        ];
        // 5 cells = 10 dot columns, one dot per day.
        let columns = column_categories(&days, &categories, window, 5);
        assert_eq!(
            columns,
            [
                Some(Category::None),
                Some(Category::Severe),
                Some(Category::NonSevere),
                Some(Category::NonSevere),
                Some(Category::VerySevere),
            ]
        );
        let later = Window {
            start: 5.0,
            end: 9.0,
        };
        let columns = column_categories(&days, &categories, later, 2);
        assert_eq!(
            columns[0],
            Some(Category::NonSevere),
            "held from before the window"
        );
        let before = Window {
            start: -9.0,
            end: -1.0,
        };
        assert_eq!(
            column_categories(&days, &categories, before, 2),
            [None, None]
        );
        // A single draw's category holds across the day around it.
        let single = Window {
            start: -0.5,
            end: 0.5,
        };
        let columns = column_categories(&[0.0], &[Category::Severe], single, 4);
        assert_eq!(
            columns,
            [None, None, Some(Category::Severe), Some(Category::Severe)]
        );
        // After the last draw (an event widened the axis) no category holds.
        let after = Window {
            start: 5.0,
            end: 21.0,
        };
        let columns = column_categories(&days, &categories, after, 4);
        assert_eq!(
            columns,
            [
                Some(Category::NonSevere),
                Some(Category::VerySevere),
                None,
                None
            ]
        );
    }
}
