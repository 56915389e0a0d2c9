//! The patient list: severity glyph and word, id, name when there is room,
//! the latest platelet direction, and the latest draw's date on wide screens.
//! Only the visible rows are drawn, so thousands of patients scroll freely.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::app::App;
use super::format::{category_word, fit};
use super::keys::Mode;
use super::layout::Pane;
use super::roster::{PatientRow, arrow};
use super::theme::{Mark, category_glyph};

/// Width of the severity column, a category's word with the latest
/// draw's alarm beside it (`none G3+ PLT`).
const WORD: usize = 12;
/// The longest category word (`very severe`, `non-severe?`): the severity
/// column gives up its last column to an id before it would cut one.
const LONGEST_WORD: usize = 11;

/// The list's columns: `(id, name, date)` widths, 0 hiding a column, and
/// the severity column's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Widths {
    id: usize,
    name: usize,
    date: usize,
    word: usize,
}

/// The few words on the first screen at every size that say what the
/// categories are (the full caveat is in the severity panel).
fn caveat_for(width: u16) -> &'static str {
    const WORDS: [&str; 3] = [
        " blood-count criteria, not a diagnosis ",
        " CBC, not a diagnosis ",
        "not a diagnosis",
    ];
    let room = usize::from(width.saturating_sub(2));
    WORDS
        .into_iter()
        .find(|w| w.chars().count() <= room)
        .unwrap_or("")
}

/// How many patients a list drawn in `area` shows (borders and the header
/// line taken off).
pub fn rows_for(area: Rect) -> u16 {
    area.height.saturating_sub(3)
}

/// Column widths for an inner width. An id is cut only when even a
/// narrower severity column leaves no room for it: two MIMIC-IV ids of
/// eight digits cut to six were one patient to the eye.
fn columns(inner: usize, longest_id: usize) -> Widths {
    // glyph + space, word + space, arrow.
    let fixed = |word: usize| 2 + word + 1 + 1;
    let wanted = longest_id.clamp(4, 12);
    let word = if inner.saturating_sub(fixed(WORD) + 1) < wanted {
        LONGEST_WORD
    } else {
        WORD
    };
    let room = inner.saturating_sub(fixed(word) + 1);
    let id = wanted.min(room);
    let left = room.saturating_sub(id);
    let date = if left >= 11 + 16 { 11 } else { 0 };
    let name = if left.saturating_sub(date) >= 8 {
        left - date
    } else {
        0
    };
    Widths {
        id,
        name,
        date,
        word,
    }
}

/// Draws the list.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let focused = app.focus == Pane::Patients;
    let count = if app.shown.len() == app.rows.len() {
        app.rows.len().to_string()
    } else {
        format!("{}/{}", app.shown.len(), app.rows.len())
    };
    let title = if area.width >= 40 {
        format!(" Patients {count} · sorted by {} ", app.sort.label())
    } else {
        format!(" Patients {count} · {} ", app.sort.label())
    };
    let block = Block::bordered()
        .title(Line::styled(title, theme.heading))
        .title_bottom(Line::styled(caveat_for(area.width), theme.text))
        .border_style(if focused { theme.focus } else { theme.border });
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let longest = app
        .shown
        .iter()
        .take(2000)
        .filter_map(|&i| app.rows.get(i))
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(4);
    let widths = columns(usize::from(inner.width), longest);
    let mut lines = vec![header_line(app, widths)];
    let rows = usize::from(rows_for(area));
    // Clamp here too, so a stale offset can never hide the selection.
    let offset = app
        .list_offset
        .min(app.selected)
        .max((app.selected + 1).saturating_sub(rows));
    for (position, &row_index) in app.shown.iter().enumerate().skip(offset).take(rows) {
        let Some(row) = app.rows.get(row_index) else {
            continue;
        };
        let line = row_line(app, row, widths);
        let line = if position == app.selected {
            line.patch_style(theme.selected)
        } else {
            line
        };
        lines.push(line);
    }
    if app.shown.is_empty() {
        // With no filter typed, nothing loaded: "matches" would send the
        // reader looking for a filter.
        let words = if app.filter().is_empty() {
            " no patient loaded (r lists why)"
        } else {
            " no patient matches"
        };
        lines.push(Line::styled(words, theme.dim));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The filter being typed, or the column headings.
fn header_line(app: &App, widths: Widths) -> Line<'static> {
    let Widths {
        id: id_w,
        name: name_w,
        date: date_w,
        word,
    } = widths;
    let theme = app.theme;
    if app.mode == Mode::Filter || !app.filter.is_empty() {
        let cursor = if app.mode == Mode::Filter { "▏" } else { "" };
        let hint = if app.mode == Mode::Filter {
            "  Enter keep · Esc clear"
        } else {
            "  (Esc clears)"
        };
        let shown = crate::safe_text::printable(&app.filter).into_owned();
        return Line::from(vec![
            Span::styled(format!("/{shown}{cursor}"), theme.heading),
            Span::styled(hint, theme.dim),
        ]);
    }
    let mut text = format!("  {:id_w$} ", "ID");
    if name_w > 0 {
        text.push_str(&format!("{:name_w$}", "NAME"));
    }
    // "PLT" ends over the arrow column.
    text.push_str(&format!("{:w$}PLT", "SEVERITY", w = word - 1));
    if date_w > 0 {
        text.push_str(" LATEST");
    }
    Line::styled(text, theme.dim)
}

/// One patient's line.
fn row_line(app: &App, row: &PatientRow, widths: Widths) -> Line<'static> {
    let Widths {
        id: id_w,
        name: name_w,
        date: date_w,
        word: word_w,
    } = widths;
    let theme = app.theme;
    let category = theme.style(Mark::Category(row.category));
    let mut spans = vec![
        Span::styled(category_glyph(row.category), category),
        Span::raw(" "),
        Span::styled(format!("{:id_w$} ", fit(&row.id, id_w)), theme.heading),
    ];
    if name_w > 0 {
        let name = row.name.as_deref().unwrap_or("");
        spans.push(Span::raw(format!(
            "{:w$} ",
            fit(name, name_w - 1),
            w = name_w - 1
        )));
    }
    // Beside the category, the latest draw's most alarming result where
    // it fits: an ungraded draw must not read as healthy.
    let word = category_word(row.category, row.open);
    let room = word_w.saturating_sub(word.chars().count() + 1);
    // Said shorter rather than not at all: a range of grades (`G3-4 PLT`)
    // as `G3+ PLT`, then the grade alone (`G3+`); never the lesser grade.
    let alarm = [
        row.alarm.text(),
        row.alarm.short_text(),
        row.alarm.grade_text(),
    ]
    .into_iter()
    .find(|text| text.chars().count() <= room)
    .unwrap_or_default();
    spans.push(Span::styled(word.clone(), category));
    if !alarm.is_empty() && alarm.chars().count() <= room {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!("{alarm:room$}"),
            theme.style(Mark::Flag(row.alarm.flag)),
        ));
    } else {
        spans.push(Span::raw(
            " ".repeat(word_w - word.chars().count().min(word_w)),
        ));
    }
    spans.push(Span::raw(format!(" {}", arrow(row.platelets))));
    if date_w > 0 {
        spans.push(Span::styled(format!("  {}", row.latest_date), theme.dim));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caveat_fits_every_width() {
        assert_eq!(caveat_for(26), " CBC, not a diagnosis ");
        assert_eq!(caveat_for(60), " blood-count criteria, not a diagnosis ");
        assert_eq!(caveat_for(17), "not a diagnosis");
    }

    #[test]
    fn columns_fit_the_width() {
        let widths = |w: Widths| (w.id, w.name, w.date, w.word);
        // 80x24: 24 inner columns hold glyph, id, word and arrow only.
        assert_eq!(widths(columns(24, 7)), (7, 0, 0, WORD));
        // An id of eight (MIMIC-IV's) takes the severity column's last
        // column rather than be cut; a longer one is cut at eight.
        assert_eq!(widths(columns(24, 8)), (8, 0, 0, LONGEST_WORD));
        assert_eq!(widths(columns(24, 20)), (8, 0, 0, LONGEST_WORD));
        // Wide: the name and the date appear.
        assert_eq!(widths(columns(38, 7)), (7, 14, 0, WORD));
        assert_eq!(widths(columns(60, 7)), (7, 25, 11, WORD));
        // Long ids are cut to 12 columns.
        assert_eq!(columns(60, 36).id, 12);
    }
}
