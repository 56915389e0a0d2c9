//! The rejected-rows popup: every row the load refused, with file, line,
//! column and reason, so nothing vanishes silently.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::app::App;
use super::wrap::wrap;
use crate::model::Rejection;
use crate::safe_text::printable;

/// One rejection as the popup writes it: `file:line  column  reason`
/// (no line for a note on the whole file).
pub fn rejection_line(rejection: &Rejection) -> String {
    let column = rejection
        .column
        .as_deref()
        .map(|c| format!("  column {}", printable(c)))
        .unwrap_or_default();
    let line = rejection
        .line_shown()
        .map(|line| format!(":{line}"))
        .unwrap_or_default();
    format!(
        "{}{line}{column}  {}",
        printable(&rejection.file),
        printable(&rejection.reason)
    )
}

/// Where the popup goes in a screen `area`: everything between the header
/// and the footer, so no strip of a chart shows beside it.
fn popup_area(area: Rect) -> Rect {
    Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(2),
        ..area
    }
}

/// How many lines the popup shows at once in a screen `area`.
pub fn visible_lines(area: Rect) -> usize {
    usize::from(popup_area(area).height.saturating_sub(2))
}

/// The width an entry's text is wrapped to in a screen `area`: the popup's
/// inside, less the column of the mark.
fn text_width(area: Rect) -> usize {
    usize::from(popup_area(area).width.saturating_sub(3))
}

/// The popup's entry `index`: the rejections, then the warnings (each
/// marked as one).
fn entry<'a>(
    rejected: &'a [Rejection],
    warnings: &'a [Rejection],
    index: usize,
) -> Option<(&'static str, &'a Rejection)> {
    match index.checked_sub(rejected.len()) {
        None => rejected.get(index).map(|r| ("", r)),
        Some(warning) => warnings.get(warning).map(|w| ("warning: ", w)),
    }
}

/// The number an entry is shown with.
fn number(index: usize) -> String {
    format!("{:>4}. ", index.saturating_add(1))
}

/// Entry `index`'s lines, `width` wide: its number, its kind, then where
/// and why.
fn entry_lines(index: usize, kind: &str, rejection: &Rejection, width: usize) -> Vec<String> {
    let text = format!("{}{kind}{}", number(index), rejection_line(rejection));
    wrap(&text, width)
}

/// The first entry of the popup's last page: from it on, every entry's
/// lines fit, so the last one can be read (a warning too, and one that
/// wraps). An entry taller than the popup is shown from its top.
pub fn last_scroll(app: &App, area: Rect) -> usize {
    let report = app.dataset.report();
    let (rejected, warnings) = (report.rejected.as_slice(), report.warnings.as_slice());
    let count = rejected.len() + warnings.len();
    let (height, width) = (visible_lines(area), text_width(area));
    let mut first = count;
    let mut lines = 0;
    while let Some(index) = first.checked_sub(1)
        && let Some((kind, rejection)) = entry(rejected, warnings, index)
    {
        lines += entry_lines(index, kind, rejection, width).len();
        if lines > height {
            break;
        }
        first = index;
    }
    first.min(count.saturating_sub(1))
}

/// Draws the popup over `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let report = app.dataset.report();
    let (rejected, warnings) = (report.rejected.as_slice(), report.warnings.as_slice());
    let popup = popup_area(area);
    Clear.render(popup, buf);
    let words = report.rejected_words();
    let mut title = if warnings.is_empty() {
        format!(" Rejected: {words} ")
    } else {
        format!(" Rejected: {words} · warnings: {} ", warnings.len())
    };
    // The selected patient's own rows are marked.
    let own = app.selected_patient().map(|patient| patient.id.as_str());
    let own_counts = app.record.as_ref().map_or((0, 0), |r| r.own_rejections);
    if own_counts != (0, 0) {
        title.push_str(&format!(
            "· ▶ this patient's: {} ",
            own_counts.0 + own_counts.1
        ));
    }
    let block = Block::bordered()
        .title(Line::styled(title, theme.heading))
        .title_bottom(Line::styled(" ↑↓ PgUp PgDn scroll · Esc close ", theme.dim))
        .border_style(theme.focus);
    // Entries from the one scrolled to, wrapped here (not by the paragraph)
    // so that the last page is known to hold the last entry whole.
    let (height, width) = (visible_lines(area), text_width(area));
    let mut lines: Vec<Line> = Vec::new();
    if rejected.is_empty() && warnings.is_empty() {
        lines.push(Line::raw("Every row loaded: none was rejected."));
    }
    let mut index = app.popup_scroll;
    while lines.len() < height
        && let Some((kind, rejection)) = entry(rejected, warnings, index)
    {
        let mark = if own.is_some() && rejection.patient.as_deref() == own {
            Span::styled("▶", theme.focus)
        } else {
            Span::raw(" ")
        };
        let shown = number(index);
        for (position, text) in entry_lines(index, kind, rejection, width)
            .into_iter()
            .enumerate()
        {
            let first = position == 0;
            let rest = text
                .strip_prefix(shown.as_str())
                .filter(|_| first)
                .and_then(|rest| rest.strip_prefix(kind));
            lines.push(match rest {
                Some(rest) => Line::from(vec![
                    mark.clone(),
                    Span::styled(shown.clone(), theme.dim),
                    Span::styled(kind, theme.warning),
                    Span::raw(rest.to_string()),
                ]),
                None => Line::from(vec![
                    if first { mark.clone() } else { Span::raw(" ") },
                    Span::raw(text),
                ]),
            });
        }
        index += 1;
    }
    // Wrapped again only where a character is wider than it counts (wide
    // scripts): such a line is never cut off.
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(popup, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_names_file_line_column_and_reason_safely() {
        let rejection = Rejection::new(
            "a\u{1b}.csv".into(),
            7,
            Some("plt".into()),
            "not a number: \"x\"".into(),
        );
        assert_eq!(
            rejection_line(&rejection),
            "a\\u{1b}.csv:7  column plt  not a number: \"x\""
        );
    }

    #[test]
    fn a_note_on_a_whole_file_names_no_line() {
        let note = Rejection::new(
            "hosp/admissions.csv.gz".into(),
            0,
            None,
            "a MIMIC-IV table (admissions) that holds no lab results".into(),
        );
        assert_eq!(
            rejection_line(&note),
            "hosp/admissions.csv.gz  a MIMIC-IV table (admissions) that holds no lab results"
        );
        let mut check = Vec::new();
        crate::report::write_rejections(&mut check, &[note]).unwrap();
        assert_eq!(
            String::from_utf8(check).unwrap(),
            "hosp/admissions.csv.gz: a MIMIC-IV table (admissions) that holds no lab results\n"
        );
    }
}
