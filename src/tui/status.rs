//! The header bar (who the patient is, what was loaded, what was rejected)
//! and the footer (the keys of the current mode, from the key table).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use super::format;
use super::keys::{Mode, footer_hints};
use crate::model::Sex;
use crate::safe_text::{counted, printable};

/// Draws the header: patient id, name, sex, birth date and age at the
/// cursor's draw, as many as fit; then, always, the rejected-row count.
pub fn render_header(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    buf.set_style(area, theme.bar);
    let rejected = app.dataset.report().rejected.len();
    let right = format!(" {} rejected (r) ", counted(rejected as u64, "row"));
    let room = usize::from(area.width).saturating_sub(right.chars().count() + 1);
    let mut parts: Vec<(String, bool)> = vec![(" hemotrend │".to_string(), false)];
    if let (Some(patient), Some(record)) = (app.selected_patient(), &app.record) {
        parts.push((format!(" {}", printable(&patient.id)), true));
        if let Some(name) = &patient.name {
            parts.push((format!(" {}", printable(name)), false));
        }
        let sex = match patient.sex {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Unknown => "sex unknown",
        };
        parts.push((format!(" · {sex}"), false));
        if let Some(birth) = patient.birth_date {
            parts.push((format!(" · born {}", format::date(birth)), false));
        }
        if let Some(draw) = record.draws.get(app.cursor) {
            let words = format::age_words(patient.birth_date, draw.time, &app.thresholds);
            parts.push((words, false));
        }
    }
    // Last, so it is the first to give way on a narrow screen; the severity
    // panel and the help always say it.
    parts.push((
        format!(" │ config: {}", printable(&app.source.describe())),
        false,
    ));
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, strong) in parts {
        let width = text.chars().count();
        if used + width > room {
            break;
        }
        used += width;
        let style = if strong {
            theme.bar.patch(theme.heading)
        } else {
            theme.bar
        };
        spans.push(Span::styled(text, style));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
    let style = if rejected > 0 {
        theme.bar.patch(theme.warning)
    } else {
        theme.bar
    };
    let start = usize::from(area.width).saturating_sub(right.chars().count());
    buf.set_string(
        area.x.saturating_add(u16::try_from(start).unwrap_or(0)),
        area.y,
        right,
        style,
    );
}

/// Draws the footer: the current mode's keys, as many as fit, then at the
/// right the watch notice (it wins over the keys: a failed reload must be
/// seen), else the disclaimer when there is room.
pub fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    buf.set_style(area, theme.bar);
    let width = usize::from(area.width);
    let right = match &app.notice {
        Some(notice) => {
            // Leave the first key hints readable; the notice is cut to fit.
            let room = width.saturating_sub(16);
            let text = format!(" {} ", format::fit(&notice.text, room.saturating_sub(2)));
            let style = if notice.warning {
                theme.bar.patch(theme.warning)
            } else {
                theme.bar.patch(theme.heading)
            };
            Some(Span::styled(text, style))
        }
        None if app.mode == Mode::Normal => Some(Span::styled(
            " review aid, not a diagnostic device ",
            theme.bar,
        )),
        None => None,
    };
    let reserved = right.as_ref().map_or(0, |r| r.width() + 2);
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (keys, word) in footer_hints(app.mode) {
        let size = keys.chars().count() + word.len() + 3;
        if used + size > width {
            break;
        }
        if app.notice.is_some() && used + size + reserved > width {
            break;
        }
        used += size;
        spans.push(Span::styled(
            format!(" {keys}"),
            theme.bar.patch(theme.heading),
        ));
        spans.push(Span::styled(format!(" {word} "), theme.bar));
    }
    if let Some(right) = right
        && used + reserved <= width
    {
        let pad = width - used - right.width();
        spans.push(Span::styled(" ".repeat(pad), theme.bar));
        spans.push(right);
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}
