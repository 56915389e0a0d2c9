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

/// Width of the severity word column: `very severe?`.
const WORD: usize = 12;

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

/// Column widths for an inner width: `(id, name, date)`; 0 hides a column.
fn columns(inner: usize, longest_id: usize) -> (usize, usize, usize) {
    // glyph + space, word + space, arrow.
    let fixed = 2 + WORD + 1 + 1;
    let room = inner.saturating_sub(fixed + 1);
    let id = longest_id.clamp(4, 12).min(room);
    let left = room.saturating_sub(id);
    let date = if left >= 11 + 16 { 11 } else { 0 };
    let name = if left.saturating_sub(date) >= 8 {
        left - date
    } else {
        0
    };
    (id, name, date)
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
    let (id_w, name_w, date_w) = columns(usize::from(inner.width), longest);
    let mut lines = vec![header_line(app, id_w, name_w, date_w)];
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
        let line = row_line(app, row, (id_w, name_w, date_w));
        let line = if position == app.selected {
            line.patch_style(theme.selected)
        } else {
            line
        };
        lines.push(line);
    }
    if app.shown.is_empty() {
        lines.push(Line::styled(" no patient matches", theme.dim));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The filter being typed, or the column headings.
fn header_line(app: &App, id_w: usize, name_w: usize, date_w: usize) -> Line<'static> {
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
    text.push_str(&format!("{:w$}PLT", "SEVERITY", w = WORD - 1));
    if date_w > 0 {
        text.push_str(" LATEST");
    }
    Line::styled(text, theme.dim)
}

/// One patient's line.
fn row_line(
    app: &App,
    row: &PatientRow,
    (id_w, name_w, date_w): (usize, usize, usize),
) -> Line<'static> {
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
    let room = WORD.saturating_sub(word.chars().count() + 1);
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
        spans.push(Span::raw(" ".repeat(WORD - word.chars().count().min(WORD))));
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
        // 80x24: 24 inner columns hold glyph, id, word and arrow only.
        assert_eq!(columns(24, 7), (7, 0, 0));
        // Wide: the name and the date appear.
        assert_eq!(columns(38, 7), (7, 14, 0));
        assert_eq!(columns(60, 7), (7, 25, 11));
        // Long ids are cut to 12 columns.
        assert_eq!(columns(60, 36).0, 12);
    }
}
