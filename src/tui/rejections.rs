//! The rejected-rows popup: every row the load refused, with file, line,
//! column and reason, so nothing vanishes silently.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::app::App;
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

/// How many rejections the popup shows at once in a screen `area`.
pub fn visible_lines(area: Rect) -> usize {
    usize::from(popup_area(area).height.saturating_sub(2))
}

/// Draws the popup over `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let rejected = &app.dataset.report().rejected;
    let warnings = &app.dataset.report().warnings;
    let popup = popup_area(area);
    Clear.render(popup, buf);
    let words = app.dataset.report().rejected_words();
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
    // The rejections, then what loaded but deserves a look (an unusable
    // lab range, an implausible differential), each marked as a warning.
    let numbered = rejected.iter().map(|r| ("", r));
    let warned = warnings.iter().map(|w| ("warning: ", w));
    let lines: Vec<Line> = if rejected.is_empty() && warnings.is_empty() {
        vec![Line::raw("Every row loaded: none was rejected.")]
    } else {
        numbered
            .chain(warned)
            .enumerate()
            .skip(app.popup_scroll)
            .take(usize::from(popup.height))
            .map(|(i, (kind, r))| {
                let mark = if own.is_some() && r.patient.as_deref() == own {
                    Span::styled("▶", theme.focus)
                } else {
                    Span::raw(" ")
                };
                Line::from(vec![
                    mark,
                    Span::styled(format!("{:>4}. ", i + 1), theme.dim),
                    Span::styled(kind, theme.warning),
                    Span::raw(rejection_line(r)),
                ])
            })
            .collect()
    };
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
