//! The header bar (who the patient is, what was loaded, what was rejected)
//! and the footer (the keys of the current mode, from the key table).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use super::format;
use super::keys::{Mode, footer_hints};
use crate::safe_text::printable;

/// Draws the header: patient id, name, sex, birth date and age at the
/// cursor's draw, as many as fit; then, always, the rejected-row count.
pub fn render_header(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    buf.set_style(area, theme.bar);
    // Rows and cells apart, as `check` counts them: a cell refused alone
    // is no rejected row.
    let rejected = app.dataset.report().rejected_words();
    // The patient's own share: a value of theirs may be missing from the
    // charts and the table.
    let own = app
        .record
        .as_ref()
        .map_or(0, |record| record.own_rejections.0);
    // Warnings are listed under the same key: said, so that "0 rows
    // rejected" does not read as nothing to look at.
    let report = app.dataset.report();
    let warnings = match report.warnings.len() {
        0 => String::new(),
        n => format!(", {}", crate::safe_text::counted(n as u64, "warning")),
    };
    // The counts, longest first: they shorten before the patient's sex and
    // age (and so which limits are in force) would give way.
    let mut rights = Vec::new();
    if own > 0 {
        rights.push(format!(
            " {rejected} rejected, {own} of this patient's{warnings} (r) "
        ));
    }
    rights.push(format!(" {rejected} rejected{warnings} (r) "));
    let total = report.rows_rejected() + report.cells_rejected;
    rights.push(match report.warnings.len() {
        0 => format!(" {total} rejected (r) "),
        n => format!(" {total} rej., {n} warn. (r) "),
    });
    // Each part with how readily it gives way on a narrow screen (higher
    // first): the configuration, the birth date (the age at the draw says
    // what matters of it), the program's name, then the age shortens and
    // the patient's name goes; the id, sex and age stay.
    let mut parts: Vec<(String, bool, u8)> = vec![(" hemotrend │".to_string(), false, 3)];
    // The age at the draw, and its short form for a narrow bar.
    let (mut age, mut age_short) = (None, String::new());
    if let (Some(patient), Some(record)) = (app.selected_patient(), &app.record) {
        parts.push((format!(" {}", printable(&patient.id)), true, 0));
        if let Some(name) = &patient.name {
            parts.push((format!(" {}", printable(name)), false, 2));
        }
        let sex = crate::report::words::sex_word(patient.sex);
        parts.push((format!(" · {sex}"), false, 1));
        // An approximate birth date (MIMIC-IV's anchor age) is a year, and
        // the age from it is about so many years: never shown as exact.
        let about = |words: String| match words.strip_prefix(", ") {
            Some(rest) if patient.birth_approximate => format!(", ≈{rest}"),
            _ => words,
        };
        if let Some(birth) = patient.birth_date {
            let born = if patient.birth_approximate {
                format!(" · born ≈{}", birth.civil().year)
            } else {
                format!(" · born {}", format::date(birth))
            };
            parts.push((born, false, 4));
        }
        if let Some(draw) = record.draws.get(app.cursor) {
            let words = about(format::age_words(
                patient.birth_date,
                draw.time,
                &app.thresholds,
            ));
            age = Some(words.clone());
            age_short = about(format::age_words_short(
                patient.birth_date,
                draw.time,
                &app.thresholds,
            ));
            parts.push((words, false, 1));
        }
    }
    // What must stay of the patient: the id, the sex and the short age.
    let essential = parts
        .iter()
        .filter(|(_, _, rank)| *rank <= 1)
        .map(|(text, _, _)| text.chars().count())
        .sum::<usize>()
        .saturating_sub(age.as_ref().map_or(0, |words| words.chars().count()))
        + age_short.chars().count();
    let bar = usize::from(area.width);
    let right = rights
        .iter()
        .find(|right| right.chars().count() + 1 + essential <= bar)
        .or(rights.last())
        .cloned()
        .unwrap_or_default();
    let room = bar.saturating_sub(right.chars().count() + 1);
    // The severity panel and the help always say which configuration is in
    // force. Without a patient the bar already ends in a separator.
    let separator = if parts.len() > 1 { " │" } else { "" };
    parts.push((
        format!("{separator} config: {}", printable(&app.source.describe())),
        false,
        5,
    ));
    let width = |parts: &[(String, bool, u8)]| -> usize {
        parts.iter().map(|(text, _, _)| text.chars().count()).sum()
    };
    while width(&parts) > room {
        // Before the name goes, the age shortens ("6 y · limits for age").
        let next = parts
            .iter()
            .map(|(_, _, rank)| *rank)
            .max()
            .unwrap_or_default();
        if next <= 2
            && let Some(words) = age.take()
            && let Some(part) = parts.iter_mut().find(|part| part.0 == words)
        {
            part.0 = std::mem::take(&mut age_short);
            continue;
        }
        let Some(last) = parts
            .iter()
            .enumerate()
            .filter(|(_, (_, _, rank))| *rank > 0)
            .max_by_key(|(index, (_, _, rank))| (*rank, *index))
            .map(|(index, _)| index)
        else {
            break;
        };
        // The name shortened, where a few letters of it fit, rather than
        // gone: beside a long id, the patient would be unnamed.
        if parts[last].2 == 2 {
            let others = width(&parts) - parts[last].0.chars().count();
            let left = room.saturating_sub(others);
            if left >= 8 {
                let name: String = parts[last].0.chars().take(left - 1).collect();
                parts[last].0 = format!("{name}…");
                continue;
            }
        }
        parts.remove(last);
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, strong, _) in parts {
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
    let style = if !app.dataset.report().rejected.is_empty() {
        theme.bar_warning
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

/// Draws the footer: every key hint of the current mode (their words
/// shortened, then dropped, until all fit: a key is never left out), then
/// at the right the watch notice (it wins: a failed reload must be seen),
/// else the filter being typed or kept, else the disclaimer when there is room.
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
                theme.bar_warning
            } else {
                theme.bar.patch(theme.heading)
            };
            Some(Span::styled(text, style))
        }
        None if app.mode == Mode::Filter => Some(Span::styled(
            format!(" /{}▏ ", format::fit(&printable(&app.filter), width / 3)),
            theme.bar.patch(theme.heading),
        )),
        None if !app.filter.is_empty() => Some(Span::styled(
            format!(
                " filter /{} ",
                format::fit(&printable(&app.filter), width / 4)
            ),
            theme.bar.patch(theme.heading),
        )),
        None if app.mode == Mode::Normal => Some(Span::styled(
            " review aid, not a diagnostic device ",
            theme.bar,
        )),
        None => None,
    };
    let hints = footer_hints(app.mode);
    // The disclaimer only beside the hints in full; else it gives way (the
    // help and the severity panel say it). The rest shortens the hints.
    let full = fitted_hints(&hints, usize::MAX).1;
    let disclaimer = app.notice.is_none() && app.mode == Mode::Normal && app.filter.is_empty();
    let right = right.filter(|r| !disclaimer || full + r.width() < width);
    let reserved = right.as_ref().map_or(0, |r| r.width() + 1);
    let (mut chosen, mut used, gap) = fitted_hints(&hints, width.saturating_sub(reserved));
    // The notice or the filter wins over the last keys when even the
    // shortest hints leave it no room.
    while used + reserved > width
        && let Some((keys, word)) = chosen.pop()
    {
        let word = if word.is_empty() {
            0
        } else {
            word.chars().count() + 1
        };
        used = used.saturating_sub(keys.chars().count() + word + gap);
    }
    let mut spans = Vec::new();
    for (keys, word) in chosen {
        spans.push(Span::styled(
            format!(" {keys}"),
            theme.bar.patch(theme.heading),
        ));
        let word = if word.is_empty() {
            word
        } else {
            format!(" {word}")
        };
        let after = if gap > 1 { " " } else { "" };
        spans.push(Span::styled(format!("{word}{after}"), theme.bar));
    }
    if let Some(right) = right
        && used + right.width() <= width
    {
        let pad = width - used - right.width();
        spans.push(Span::styled(" ".repeat(pad), theme.bar));
        spans.push(right);
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// The widest form of the hints that fits `room` columns, its width and
/// the gap between hints: whole words two spaces apart; one space apart;
/// first words only ("0 all"); then, from the last hint back, keys without
/// their word (the first two, quit and help, always keep theirs). The last
/// form is returned even when it does not fit: a key is never dropped here.
fn fitted_hints(
    hints: &[(&'static str, &'static str)],
    room: usize,
) -> (Vec<(&'static str, String)>, usize, usize) {
    let width = |chosen: &[(&'static str, String)], gap: usize| -> usize {
        chosen
            .iter()
            .map(|(keys, word)| {
                let word = if word.is_empty() {
                    0
                } else {
                    word.chars().count() + 1
                };
                keys.chars().count() + word + gap
            })
            .sum()
    };
    let whole: Vec<(&'static str, String)> =
        hints.iter().map(|&(k, w)| (k, w.to_string())).collect();
    for gap in [2, 1] {
        let used = width(&whole, gap);
        if used <= room {
            return (whole, used, gap);
        }
    }
    let mut chosen: Vec<(&'static str, String)> = hints
        .iter()
        .map(|&(keys, word)| (keys, short_word(word)))
        .collect();
    let mut bare = chosen.len();
    loop {
        let used = width(&chosen, 1);
        if used <= room || bare <= 2 {
            return (chosen, used, 1);
        }
        bare -= 1;
        if let Some(hint) = chosen.get_mut(bare) {
            hint.1.clear();
        }
    }
}

/// The first word of a hint's word: "all time" → "all".
fn short_word(word: &str) -> String {
    word.split(' ').next().unwrap_or(word).to_string()
}
