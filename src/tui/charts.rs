//! The trend charts: three small multiples on one shared, proportional date
//! axis, each with its lower reference limit and severity cut-offs drawn and
//! labelled, every draw marked (`•` in range, `▼` low, `▲` high), the cursor
//! column, the severity timeline and the date labels below.
//!
//! The trace is ratatui's braille canvas, fed at most two points per dot
//! column ([`chart_data::downsample`]); lines, markers and labels are drawn
//! over it cell by cell with the canvas's own mapping.

mod analyte_chart;
mod date_axis;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::model::Analyte;

use self::analyte_chart::render_chart;
use self::date_axis::render_axis;
use super::app::App;
use super::chart_data::{self, Window, YScale};
use super::chart_lines::{bottom_label_width, chart_heights, rows_wanted, rule_lines};
use super::layout::Pane;
use super::patient_view::PatientRecord;
use super::theme::Mark;

/// The charts shown first: the three lines marrow failure pulls down.
pub const PRIMARY: [Analyte; 3] = [Analyte::Plt, Analyte::Rbc, Analyte::Wbc];
/// The charts `a` swaps in.
pub const SECONDARY: [Analyte; 3] = [Analyte::Hgb, Analyte::Anc, Analyte::Retic];

/// The analytes charted now.
pub fn charted(app: &App) -> [Analyte; 3] {
    if app.swapped { SECONDARY } else { PRIMARY }
}

/// The pane's title in `width` columns: the most that fits of "Trends",
/// the patient's id and the span, and always both dates whole.
fn trends_title(id: &str, span: &str, from: &str, to: &str, width: usize) -> String {
    let dates = format!("{from} → {to}");
    super::format::fitting_title(
        &[
            format!(" Trends · {id} · {span} {dates} "),
            format!(" {id} · {span} {dates} "),
            format!(" {id} · {dates} "),
            format!(" {span} {dates} "),
            format!(" {dates} "),
        ],
        width,
    )
}

/// Draws the trends pane.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let focused = app.focus == Pane::Trends;
    let Some(record) = &app.record else {
        let block = Block::bordered()
            .title(" Trends ")
            .border_style(theme.border);
        Paragraph::new("No patient selected.")
            .block(block)
            .render(area, buf);
        return;
    };
    let window = app.window.unwrap_or(record.full);
    let id = app
        .selected_patient()
        .map(|p| crate::safe_text::printable(&p.id).into_owned());
    let span = if app.window.is_some() {
        "zoomed"
    } else {
        "all time"
    };
    // All time names the first and last draws' (or events') own dates, not the axis's
    // ends: a single draw's axis is widened to a day around it, and its
    // title read the day before the draw; and a draw recorded in another
    // offset than the latest (winter time) is dated on its own clock.
    let (from, to) = match (app.window, record.ends) {
        (None, Some((first, last))) => (super::format::date(first), super::format::date(last)),
        _ => (
            super::format::date_of_days(window.start + record.clock_days(), false),
            super::format::date_of_days(window.end + record.clock_days(), false),
        ),
    };
    let title = trends_title(
        &id.unwrap_or_default(),
        span,
        &from,
        &to,
        usize::from(area.width.saturating_sub(2)),
    );
    // The long words where they leave room for the shortest severity key
    // ("▁▃▅█ sev."), else the short ones; with no leading space at 80
    // columns, where every character counts.
    let transfused = record.transfused.any();
    let legend_of = |wide: bool| {
        let words = |long: &'static str, short: &'static str| if wide { long } else { short };
        let mut spans = vec![
            Span::styled("•", theme.text),
            Span::styled(words(" in range  ", " ok "), theme.dim),
            Span::styled("▼", theme.low),
            Span::styled(" low ", theme.dim),
            Span::styled("▲", theme.high),
            Span::styled(" high ", theme.dim),
            Span::styled("┄", theme.reference),
            Span::styled(words(" lower limit  ", " LLN "), theme.dim),
            Span::styled("╌", theme.cutoff),
            Span::styled(words(" severity cut-off  ", " cut-off "), theme.dim),
            Span::styled("┊", theme.cursor),
            Span::styled(" cursor ", theme.dim),
        ];
        // Hb and platelet values within a transfusion's window are drawn `‡`.
        if transfused {
            spans.extend([
                Span::styled("‡", theme.text),
                Span::styled(words(" after transfusion ", " transf. "), theme.dim),
            ]);
        }
        if wide {
            spans.insert(0, Span::raw(" "));
        }
        Line::from(spans)
    };
    let shortest_key = " ▁▃▅█ sev.".chars().count();
    let long = legend_of(true);
    let legend = if area.width >= 70 && long.width() + shortest_key + 2 <= usize::from(area.width) {
        long
    } else {
        legend_of(false)
    };
    // The timeline's blocks: named in full where there is room, else as
    // "▁▃▅█ severity" (taller is more severe; the help names each).
    let room = usize::from(area.width).saturating_sub(legend.width() + 2);
    let full: Vec<Span> = crate::clinical::Category::ALL
        .into_iter()
        .flat_map(|category| {
            [
                Span::styled(
                    super::theme::category_block(category),
                    theme.style(Mark::Category(category)),
                ),
                Span::styled(format!(" {} ", category.label()), theme.dim),
            ]
        })
        .collect();
    let blocks = |word: &'static str| -> Vec<Span> {
        crate::clinical::Category::ALL
            .into_iter()
            .map(|category| {
                Span::styled(
                    super::theme::category_block(category),
                    theme.style(Mark::Category(category)),
                )
            })
            .chain([Span::styled(word, theme.dim)])
            .collect()
    };
    let mut legend = legend;
    for extra in [full, blocks(" severity "), blocks(" sev.")] {
        if Line::from(extra.clone()).width() <= room {
            legend.spans.extend(extra);
            break;
        }
    }
    let block = Block::bordered()
        .title(Line::styled(title, theme.heading))
        .title_bottom(legend);
    let block = block.border_style(if focused { theme.focus } else { theme.border });
    let inner = block.inner(area);
    block.render(area, buf);

    let events = app
        .selected_patient()
        .map_or(&[][..], |patient| app.dataset.events(patient));
    let analytes = charted(app);
    let tops = analytes.map(|a| y_scale(app, record, a, window));
    let wanted = [0, 1, 2].map(|i| rows_wanted(app, record, analytes[i], tops[i]));
    let gutter = gutter(app, record, analytes, tops);
    // A second events row (a treatment's start beside a transfusion) only
    // where the charts keep every row they want and the readout its own.
    let event_rows =
        match super::events_axis::rows_for(events, window, inner.width.saturating_sub(gutter)) {
            2 if inner.height
                < 3 + 2 + readout_reserve(inner.width) + wanted.iter().sum::<u16>() =>
            {
                1
            }
            rows => rows,
        };
    // The readout keeps a fixed height where the charts leave it no more,
    // so they do not jump as the cursor moves; its notes give way to the
    // charts' rows (the values never do).
    let spare = inner
        .height
        .saturating_sub(3 + event_rows + wanted.iter().sum::<u16>());
    let reserve = readout_reserve(inner.width);
    let readout =
        super::timeline::readout_lines(app, record, inner.width, usize::from(spare.max(reserve)));
    let readout_rows = u16::try_from(readout.len()).unwrap_or(1).max(reserve);
    // Rows left after the shared axis are split between the charts: each
    // first gets a row per line it draws and one under the lowest (so a
    // platelet count under 20 never shares the row of the 20 line), then
    // the rest go one by one to the shortest, the first on a tie.
    let available = inner.height.saturating_sub(3 + readout_rows + event_rows);
    let heights = chart_heights(wanted, tops.map(|scale| scale.log), available);
    let [c1, c2, c3, timeline, event_row, axis, dates, readout_area] =
        inner.layout(&Layout::vertical([
            Constraint::Length(heights[0]),
            Constraint::Length(heights[1]),
            Constraint::Length(heights[2]),
            Constraint::Length(1),
            Constraint::Length(event_rows),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
    for ((analyte, top), rect) in analytes.into_iter().zip(tops).zip([c1, c2, c3]) {
        render_chart(app, record, analyte, top, window, gutter, rect, buf);
    }
    super::timeline::render(app, record, window, gutter, timeline, buf);
    super::events_axis::render(app, events, window, gutter, event_row, buf);
    render_axis(app, record, window, gutter, axis, dates, buf);
    Paragraph::new(readout).render(readout_area, buf);
}

/// Rows kept for the readout at this inner width: as many as a readout
/// with every analyte measured and flagged wraps to.
fn readout_reserve(width: u16) -> u16 {
    match width {
        0..70 => 3,
        70..120 => 2,
        _ => 1,
    }
}

/// One y-label column for all three charts, so the plots share their x
/// axis: wide enough for every tick label, and for "date" under them.
fn gutter(app: &App, record: &PatientRecord, analytes: [Analyte; 3], tops: [YScale; 3]) -> u16 {
    analytes
        .iter()
        .zip(tops)
        .flat_map(|(&a, scale)| {
            let lines = rule_lines(
                a,
                record.range_used(app.cursor, a, &app.thresholds),
                &app.thresholds,
            );
            // A line's tick: `≥` and its value (any line may have no free
            // row above it), or `<` and the lowest line's value at the bottom.
            let ticks = lines
                .into_iter()
                .map(|line| chart_data::axis_number(line.value).chars().count() + 1);
            [
                chart_data::axis_number(scale.top).chars().count(),
                bottom_label_width(scale),
            ]
            .into_iter()
            .chain(ticks)
        })
        .max()
        .unwrap_or(1)
        .max(4) as u16
        + 1
}

/// The draw nearest column `x` of the charts in the trends pane `area`,
/// for a click: the draw whose time is closest to the middle of the cell
/// clicked, among the draws in the window. `None` outside the plots.
pub(super) fn draw_at(app: &App, area: Rect, x: u16) -> Option<usize> {
    let record = app.record.as_ref()?;
    let window = app.window.unwrap_or(record.full);
    let inner = Block::bordered().inner(area);
    let analytes = charted(app);
    let tops = analytes.map(|a| y_scale(app, record, a, window));
    let left = inner.x.saturating_add(gutter(app, record, analytes, tops));
    let width = inner.right().saturating_sub(left);
    if width == 0 || x < left || x >= inner.right() || window.span() <= 0.0 {
        return None;
    }
    // The inverse of `dot_column`, at the middle of the cell's two dots.
    let dots = f64::from(width) * 2.0 - 1.0;
    let middle = f64::from(x - left) * 2.0 + 0.5;
    let day = window.start + middle.min(dots) * window.span() / dots.max(1.0);
    let visible = chart_data::visible_range(&record.days, window);
    let days = record.days.get(visible.clone())?;
    let after = days.partition_point(|&d| d < day);
    let nearest = [after.checked_sub(1), Some(after)]
        .into_iter()
        .flatten()
        .filter(|&i| i < days.len())
        .min_by(|&a, &b| (days[a] - day).abs().total_cmp(&(days[b] - day).abs()))?;
    Some(visible.start + nearest)
}

/// Whether an analyte's chart is drawn on a log scale: platelets and ANC,
/// whose cut-offs span a decade, unless `L` chose linear.
pub(super) fn is_log(app: &App, analyte: Analyte) -> bool {
    !app.linear && matches!(analyte, Analyte::Plt | Analyte::Anc)
}

/// An analyte's y scale for the values in the window: log from under the
/// lowest cut-off where [`is_log`], else linear from 0.
fn y_scale(app: &App, record: &PatientRecord, analyte: Analyte, window: Window) -> YScale {
    let top = y_top(app, record, analyte, window);
    if !is_log(app, analyte) {
        return YScale::linear(top);
    }
    let range = record.range_used(app.cursor, analyte, &app.thresholds);
    let lowest = rule_lines(analyte, range, &app.thresholds)
        .iter()
        .map(|l| l.value)
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    YScale::log(top, lowest)
}

/// The top of an analyte's y axis for the values in the window.
fn y_top(app: &App, record: &PatientRecord, analyte: Analyte, window: Window) -> f64 {
    // The highest value in the window, from range summaries (no frame
    // reads every draw).
    let (_, visible) = record.visible(analyte, window);
    let range = record.range_used(app.cursor, analyte, &app.thresholds);
    let lines: Vec<f64> = rule_lines(analyte, range, &app.thresholds)
        .iter()
        .map(|l| l.value)
        .collect();
    chart_data::y_top(record.highest(analyte, visible).into_iter(), &lines)
}

/// The unit as an axis names it: `x10^9/L`, `g/dL`.
pub use crate::report::words::axis_unit as unit;
