//! The read-outs popup (`i`): for the selected patient, the draw under the
//! cursor against the one before it (change, events between them, values
//! after a transfusion), the trend read-outs of every analyte over the time
//! window in view (`clinical.md` §10), count recovery (§9), the events, and
//! the response after immunosuppression criterion by criterion (§7) with
//! the scheme named and its caveat.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::app::App;
use super::wrap::wrap;
use crate::clinical::{
    Thresholds, anc_recovery, assess_response, change_at, cutoffs_of, plt_recovery, readout,
    transfusion_before,
};
use crate::model::{Analyte, Draw, Event, Patient};
use crate::report::insight::{lower_at, lower_limit_at};
use crate::report::insight_words::{
    ANC_RECOVERY_RULE, event_text, no_events_text, plt_recovery_rule, readout_lines, recovery_text,
    response_lines,
};
use crate::report::words::{analyte_value, date_time_zone};
use crate::safe_text::printable;

/// The analytes read out: the charts' first, in their order, then the
/// three the charts leave out. Every analyte, as the report reads them
/// out (`clinical.md` §10: per analyte).
const READ_OUT: [Analyte; 9] = [
    Analyte::Plt,
    Analyte::Anc,
    Analyte::Hgb,
    Analyte::Wbc,
    Analyte::Rbc,
    Analyte::Retic,
    Analyte::Alc,
    Analyte::Hct,
    Analyte::Mcv,
];

/// How many lines the popup holds for the selected patient in a screen
/// `area`, once wrapped to its width.
pub fn line_count(app: &App, area: Rect) -> usize {
    wrapped(app, inner_width(area)).len()
}

/// How many lines the popup shows at once in a screen `area`: its height
/// (the screen's less 2) inside its frame (see [`render`]).
pub fn visible_lines(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(4))
}

/// The popup's inner width in a screen `area` (see [`render`]).
fn inner_width(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(4).saturating_sub(2))
}

/// [`lines`] wrapped between words to `width` columns, never inside a
/// value: a continued line is indented two more than its first.
fn wrapped(app: &App, width: usize) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    for (strong, text) in lines(app) {
        for line in wrap(&text, width) {
            out.push((strong, line));
        }
    }
    out
}

/// The popup's text, one entry per line: `(style name, text)` kept plain so
/// that it is tested without a terminal.
pub fn lines(app: &App) -> Vec<(bool, String)> {
    let (Some(record), Some(patient)) = (&app.record, app.selected_patient()) else {
        return vec![(false, "No patient selected.".into())];
    };
    let draws: &[Draw] = &record.draws;
    let events = app.dataset.events(patient);
    let t = &app.thresholds;
    let mut out: Vec<(bool, String)> = Vec::new();
    let heading = |out: &mut Vec<(bool, String)>, text: String| out.push((true, text));
    cursor_lines(&mut out, draws, app.cursor(), events, t);

    // The draws in the time window in view (a run of them: they are in
    // time order), and where the run starts among the patient's draws.
    let in_view = |d: &Draw| {
        app.window()
            .is_none_or(|w| (w.start..=w.end).contains(&d.time.days()))
    };
    let first_shown = draws.iter().position(in_view).unwrap_or(draws.len());
    let shown: Vec<Draw> = draws[first_shown..]
        .iter()
        .take_while(|d| in_view(d))
        .copied()
        .collect();
    out.push((false, String::new()));
    heading(
        &mut out,
        match (shown.first(), shown.last()) {
            (Some(first), Some(last)) => format!(
                "Read-outs, {} to {} ({} in view)",
                date_time_zone(first.time),
                date_time_zone(last.time),
                crate::safe_text::counted(shown.len() as u64, "draw")
            ),
            _ => "Read-outs: no draw in view".into(),
        },
    );
    for analyte in READ_OUT {
        if shown.iter().all(|d| d.values.get(analyte).is_missing()) {
            continue;
        }
        out.extend(
            analyte_lines(app, (draws, first_shown, shown.len()), analyte, patient)
                .into_iter()
                .map(|l| (false, l)),
        );
    }
    out.push((false, String::new()));
    heading(&mut out, "Count recovery (CIBMTR; all draws)".into());
    out.push((
        false,
        format!(
            "  {ANC_RECOVERY_RULE}: {}",
            recovery_text(anc_recovery(draws))
        ),
    ));
    out.push((
        false,
        format!(
            "  {}: {}",
            plt_recovery_rule(t),
            recovery_text(plt_recovery(draws, events, &t.windows))
        ),
    ));
    out.push((false, String::new()));
    heading(&mut out, format!("Events ({})", events.len()));
    if events.is_empty() {
        let words = no_events_text(app.dataset.report().events_read);
        out.push((false, format!("  {words}")));
    }
    for event in events {
        out.push((false, format!("  {}", event_text(event))));
    }
    out.push((false, String::new()));
    let lower = |analyte: Analyte, index: usize| lower_at(&app.dataset, patient, t, analyte, index);
    match assess_response(draws, events, t, &lower) {
        None => heading(&mut out, "Response: no `ist` event, not assessed".into()),
        Some(response) => response_lines(&mut out, &response),
    }
    out
}

/// The draw under the cursor against the previous draw.
fn cursor_lines(
    out: &mut Vec<(bool, String)>,
    draws: &[Draw],
    cursor: usize,
    events: &[Event],
    t: &Thresholds,
) {
    let Some(draw) = draws.get(cursor) else {
        return;
    };
    out.push((
        true,
        format!("At the cursor: {}", date_time_zone(draw.time)),
    ));
    let previous = cursor.checked_sub(1).and_then(|i| draws.get(i));
    if let Some(previous) = previous {
        let between: Vec<String> = events
            .iter()
            .filter(|e| {
                e.at.instant() > previous.time.instant() && e.at.instant() <= draw.time.instant()
            })
            .map(event_text)
            .collect();
        out.push((
            false,
            format!(
                "  since the previous draw ({}): {}",
                date_time_zone(previous.time),
                if between.is_empty() {
                    "no event".into()
                } else {
                    between.join("; ")
                }
            ),
        ));
    }
    let mut changes = Vec::new();
    for analyte in READ_OUT {
        if let Some(change) = change_at(draws, cursor, analyte) {
            let percent = change.percent_text();
            changes.push(format!(
                "{} {} -> {} {}{percent}",
                analyte.short_label(),
                analyte_value(analyte, change.shown.0),
                analyte_value(analyte, change.shown.1),
                change.delta_text()
            ));
        }
    }
    if !changes.is_empty() {
        out.push((false, format!("  change: {}", changes.join(", "))));
    }
    for analyte in [Analyte::Hgb, Analyte::Plt] {
        if draw.values.get(analyte).is_missing() {
            continue;
        }
        if let Some(event) = transfusion_before(draw.time, analyte, events, &t.windows) {
            out.push((
                false,
                format!(
                    "  {} after transfusion ({} {}): real, but not the patient's own production",
                    analyte.short_label(),
                    event.kind.label(),
                    date_time_zone(event.at)
                ),
            ));
        }
    }
}

/// One analyte's read-outs over the `count` draws in view, the first of
/// them at `first` among the patient's `draws`: each draw is read against
/// the lower limit in force at it (the lab's, else the age's), as its flag
/// is. The nadir, crossings and change are the window's; the time below
/// counts from the start of the run, before the window when it began
/// there (zoomed in on its last months, a run of a year is still a year).
fn analyte_lines(
    app: &App,
    (draws, first, count): (&[Draw], usize, usize),
    analyte: Analyte,
    patient: &Patient,
) -> Vec<String> {
    let t = &app.thresholds;
    let cutoffs = cutoffs_of(analyte, t);
    let lower_from = |from: usize| {
        move |index: usize| lower_limit_at(&app.dataset, patient, t, analyte, from + index)
    };
    let up_to_view = &draws[..(first + count).min(draws.len())];
    let shown = &up_to_view[first.min(up_to_view.len())..];
    let mut r = readout(shown, analyte, lower_from(first), &cutoffs);
    r.below_since = readout(up_to_view, analyte, lower_from(0), &cutoffs).below_since;
    let of = (&app.dataset, patient, t);
    crate::report::insight::show_lower_limit(&mut r, of, shown, first);
    readout_lines(&r, shown.last().map(|d| d.time))
}

/// Draws the popup over `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let popup = super::help::popup_area(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    Clear.render(popup, buf);
    let title = match app.selected_patient() {
        Some(p) => format!(" Read-outs and response: {} ", printable(&p.id)),
        None => " Read-outs and response ".into(),
    };
    let block = Block::bordered()
        .title(Line::styled(title, theme.heading))
        .title_bottom(Line::styled(
            " ↑↓ PgUp PgDn scroll · i or Esc close · a review aid, not a diagnosis ",
            theme.dim,
        ))
        .border_style(theme.focus);
    let text: Vec<Line> = wrapped(app, usize::from(popup.width.saturating_sub(2)))
        .into_iter()
        .skip(app.popup_scroll())
        .take(usize::from(popup.height))
        .map(|(strong, text)| {
            if strong {
                Line::styled(text, theme.heading)
            } else {
                Line::from(Span::raw(text))
            }
        })
        .collect();
    Paragraph::new(text).block(block).render(popup, buf);
}
