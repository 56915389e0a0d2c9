//! The trend charts: three small multiples on one shared, proportional date
//! axis, each with its lower reference limit and severity cut-offs drawn and
//! labelled, every draw marked (`•` in range, `▼` low, `▲` high), the cursor
//! column, the severity timeline and the date labels below.
//!
//! The trace is ratatui's braille canvas, fed at most two points per dot
//! column ([`chart_data::downsample`]); lines, markers and labels are drawn
//! over it cell by cell with the canvas's own mapping.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as CanvasLine};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::clinical::{Flag, RangeInUse, RangeSource};
use crate::model::{Analyte, Sex};

use super::app::App;
use super::chart_data::{self, Window, YScale};
use super::chart_lines::{
    bottom_label_width, chart_heights, draw_rule_lines, label_rule_lines, render_y_axis,
    rows_wanted, rule_lines, rule_rows,
};
use super::layout::Pane;
use super::patient_view::PatientRecord;
use super::theme::{Mark, flag_marker};

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

/// One chart: a title row with the cursor's value, then the plot.
#[allow(clippy::too_many_arguments)]
fn render_chart(
    app: &App,
    record: &PatientRecord,
    analyte: Analyte,
    scale: YScale,
    window: Window,
    gutter: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = app.theme;
    if area.height < 2 {
        return;
    }
    let [title_row, body] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    // The cursor draw's range: the lab's when it gave one with the result.
    let range = record.range_used(app.cursor, analyte, &app.thresholds);
    // Said where the sexes' limits differ: platelets' and the ANC's are
    // the same for both, and the note cost their titles the range.
    let limits = app.thresholds.reference.get(analyte);
    let by_sex =
        limits.lower.male != limits.lower.female || limits.upper.male != limits.upper.female;
    let sex_note = if record.sex == Sex::Unknown && range.source == RangeSource::Default && by_sex {
        " (sex unknown)"
    } else {
        ""
    };
    let value = record
        .draws
        .get(app.cursor)
        .map(|d| d.values.get(analyte))
        .unwrap_or(crate::model::Value::MISSING);
    let flag = record.flag(app.cursor, analyte);
    // The axis says which scale it is on where `L` switches it (platelets
    // and ANC); the other charts are always linear.
    let log = if scale.log {
        " · log"
    } else if app.linear && matches!(analyte, Analyte::Plt | Analyte::Anc) {
        " · linear"
    } else {
        ""
    };
    let mut value_text = super::format::analyte_value(analyte, value);
    if record.after_transfusion_at(app.cursor, analyte) {
        value_text.push('‡');
    }
    let right = format!("{value_text} {}", super::format::flag(flag));
    // The limits without the band's name, for when the title is too long.
    let bare = RangeInUse {
        band: None,
        ..range
    };
    let bare_text = match range.source {
        RangeSource::Age if !range.is_empty() => super::format::range_text(RangeInUse {
            source: RangeSource::Default,
            ..bare
        }),
        _ => super::format::range_text(bare),
    };
    let full_text = super::format::range_text(range);
    // A child's limits without the band's name still say they are the
    // age's: bare, they would read as the adult ones.
    let short_text = match range.source {
        RangeSource::Age if !range.is_empty() => format!("{bare_text} for age"),
        _ => bare_text,
    };
    // Longest first: the band in force and "log" matter more than the
    // analyte's long name, so the short name goes before either.
    let candidates = [
        (analyte.long_label(), Some(full_text.as_str())),
        (analyte.short_label(), Some(full_text.as_str())),
        (analyte.long_label(), Some(short_text.as_str())),
        (analyte.short_label(), Some(short_text.as_str())),
        (analyte.short_label(), None),
    ];
    let title = |(name, limits): (&str, Option<&str>)| {
        let mut spans = vec![
            Span::styled(format!("{name} "), theme.heading),
            Span::styled(unit(analyte), theme.heading),
        ];
        if let Some(limits) = limits {
            spans.push(Span::styled(format!(" · {limits}{sex_note}"), theme.dim));
        }
        if !log.is_empty() {
            spans.push(Span::styled(log, theme.dim));
        }
        spans
    };
    let used = |left: &[Span]| left.iter().map(Span::width).sum::<usize>() + right.len() + 3;
    let left = candidates
        .into_iter()
        .map(title)
        .find(|spans| used(spans) <= usize::from(title_row.width))
        .unwrap_or_else(|| title((analyte.short_label(), None)));
    Paragraph::new(Line::from(left)).render(title_row, buf);
    let cursor_value = Line::from(vec![
        Span::styled("▸ ", theme.dim),
        Span::styled(right, theme.style(Mark::Flag(flag))),
    ])
    .right_aligned();
    Paragraph::new(cursor_value).render(title_row, buf);

    let [labels, plot] = body.layout(&Layout::horizontal([
        Constraint::Length(gutter),
        Constraint::Fill(1),
    ]));
    let rules = rule_rows(app, record, analyte, scale, plot.height);
    render_y_axis(scale, &rules, labels, theme.dim, buf);
    let points = record
        .points
        .get(analyte.index())
        .map_or(&[][..], Vec::as_slice);
    let draws = record
        .point_draws
        .get(analyte.index())
        .map_or(&[][..], Vec::as_slice);
    if points.is_empty() {
        let text = format!("no {} results for this patient", analyte.short_label());
        Paragraph::new(Line::styled(text, theme.dim)).render(plot, buf);
        return;
    }
    // What a frame draws is bounded by the plot's width: the trace keeps
    // the lowest and highest point of each dot column.
    let (_, visible) = record.visible(analyte, window);
    let shown = points.get(visible.clone()).unwrap_or(&[]);
    let kept = record.trace(analyte, visible.clone(), window, plot.width);
    // Two draws are joined too: a line says they are one series.
    if shown.len() >= 2 {
        let trace: Vec<(f64, f64)> = kept
            .iter()
            .filter_map(|&i| {
                let (x, y) = *points.get(i)?;
                Some((
                    x,
                    super::chart_lines::trace_y(scale, &rules, plot.height, y),
                ))
            })
            .collect();
        let color = theme.trace.fg.unwrap_or_default();
        Canvas::default()
            .marker(Marker::Braille)
            .x_bounds([window.start, window.end])
            .y_bounds([0.0, 1.0])
            .paint(|ctx| {
                for pair in trace.windows(2) {
                    if let [a, b] = pair {
                        ctx.draw(&CanvasLine::new(a.0, a.1, b.0, b.1, color));
                    }
                }
            })
            .render(plot, buf);
    }
    let limit = limit_columns(app, record, analyte, window, plot.width);
    draw_rule_lines(app, &rules, plot, limit.clone(), buf);
    draw_cursor(app, record, window, plot, buf);
    // Every point while they are few; in a dense series, the points the
    // trace keeps (each column's lowest and highest) and the cursor's.
    let mark = |i: usize| Some((points.get(i)?.0, points.get(i)?.1, *draws.get(i)?));
    let marked: Vec<(f64, f64, usize)> = if shown.len() <= 8 * usize::from(plot.width) {
        visible.filter_map(mark).collect()
    } else {
        let cursor = draws.binary_search(&app.cursor).ok();
        kept.into_iter()
            .filter_map(mark)
            .chain(cursor.and_then(mark))
            .collect()
    };
    draw_markers(
        app,
        record,
        analyte,
        &marked,
        window,
        (scale, &rules),
        plot,
        buf,
    );
    label_rule_lines(app, &rules, plot, limit, buf);
    if shown.is_empty() {
        Paragraph::new(Line::styled("no results in this window", theme.dim)).render(plot, buf);
    }
}

/// The columns of a plot `width` wide where the cursor draw's lower limit
/// holds, when the patient's limit changes among the draws (a child's age
/// band, a lab's range): each point is flagged against its own draw's
/// limit, so the line is drawn only where the limit it names was in force.
/// `None`: one limit throughout, drawn across.
fn limit_columns(
    app: &App,
    record: &PatientRecord,
    analyte: Analyte,
    window: Window,
    width: u16,
) -> Option<std::ops::Range<u16>> {
    let steps = record.limit_steps.get(analyte.index())?;
    let x = *record.days.get(app.cursor)?;
    let (start, end) = crate::report::chart_scale::limit_span(steps, x)?;
    // The run at the cursor is under the cursor's limit (a draw without
    // this analyte may sit in another age band: the line as before).
    let run = steps.partition_point(|step| step.x <= x).saturating_sub(1);
    let cursor = record
        .range_used(app.cursor, analyte, &app.thresholds)
        .lower;
    if steps.get(run).map(|step| step.lower) != Some(cursor) {
        return None;
    }
    let column = |x: f64| -> u16 {
        if x <= window.start {
            0
        } else if x >= window.end {
            width
        } else {
            chart_data::cell_column(x, window, width).unwrap_or(width)
        }
    };
    Some(column(start)..column(end))
}

/// The unit as an axis names it: `x10^9/L`, `g/dL`.
pub use crate::report::words::axis_unit as unit;

/// The cursor's column, where nothing else is drawn.
fn draw_cursor(app: &App, record: &PatientRecord, window: Window, plot: Rect, buf: &mut Buffer) {
    let Some(&x) = record.days.get(app.cursor) else {
        return;
    };
    let Some(column) = chart_data::cell_column(x, window, plot.width) else {
        return;
    };
    for y in plot.top()..plot.bottom() {
        let at = (plot.x + column, y);
        if buf.cell(at).is_some_and(|c| c.symbol() == " ") {
            buf.set_string(at.0, at.1, "┊", app.theme.cursor);
        }
    }
}

/// Marks the draws, every one, dense or not: in a cell holding several,
/// the most alarming wins (a low never vanishes).
#[allow(clippy::too_many_arguments)]
fn draw_markers(
    app: &App,
    record: &PatientRecord,
    analyte: Analyte,
    points: &[(f64, f64, usize)],
    window: Window,
    (scale, rules): (YScale, &[super::chart_lines::RuleRow]),
    plot: Rect,
    buf: &mut Buffer,
) {
    let rank = |flag: Option<Flag>| match flag {
        None => 0,
        Some(Flag::Undecided) => 1,
        Some(Flag::High) => 1,
        Some(Flag::Low) => 2,
        Some(Flag::CriticalLow) => 3,
    };
    let mut marks: Vec<(u16, u16, Option<Flag>, bool, bool)> = points
        .iter()
        .filter_map(|&(x, y, draw)| {
            let flag = record.flag(draw, analyte);
            let is_cursor = draw == app.cursor;
            let column = chart_data::cell_column(x, window, plot.width)?;
            let dot = super::chart_lines::plot_dot(scale, rules, plot.height, y);
            let row = super::chart_lines::dot_row(dot);
            let transfused = record.after_transfusion_at(draw, analyte);
            Some((column, row, flag, is_cursor, transfused))
        })
        .collect();
    marks.sort_by_key(|&(_, _, flag, is_cursor, _)| (is_cursor, rank(flag)));
    for (column, row, flag, is_cursor, transfused) in marks {
        let mut style = app.theme.style(Mark::Flag(flag));
        if is_cursor {
            style = style.patch(app.theme.cursor);
        }
        // After a transfusion the value is not the patient's own: `‡`, in
        // the flag's style (its position against the limit line and the
        // title's value give the flag).
        let symbol = if transfused { "‡" } else { flag_marker(flag) };
        buf.set_string(plot.x + column, plot.y + row, symbol, style);
    }
}

/// The x axis under the timeline, with a tick at each date label, and the
/// labels themselves.
fn render_axis(
    app: &App,
    record: &PatientRecord,
    window: Window,
    gutter: u16,
    axis: Rect,
    dates: Rect,
    buf: &mut Buffer,
) {
    let style = app.theme.dim;
    if axis.width <= gutter {
        return;
    }
    let plot_x = axis.x + gutter;
    let plot_width = axis.width - gutter;
    buf.set_string(
        axis.x,
        axis.y,
        format!("{:>w$}", "└", w = usize::from(gutter)),
        style,
    );
    buf.set_string(plot_x, axis.y, "─".repeat(usize::from(plot_width)), style);
    let mut labels = chart_data::x_labels_at(window, plot_width, record.clock_days());
    // The ends, when they are the first and last draws, dated as those draws.
    if let (Some(first), Some(last)) = (record.draws.first(), record.draws.last())
        && let Some((from, to)) = crate::report::chart_scale::end_labels(
            window,
            first.time,
            last.time,
            window.span() < 3.0,
        )
    {
        if let Some(label) = labels.first_mut() {
            label.1 = from;
        }
        if labels.len() >= 2
            && let Some(label) = labels.last_mut()
        {
            label.1 = to;
        }
    }
    let count = labels.len();
    for (i, (cell, text)) in labels.into_iter().enumerate() {
        buf.set_string(plot_x + cell, axis.y, "┴", style);
        let width = text.chars().count() as u16;
        let start = if i == 0 {
            plot_x + cell
        } else if i + 1 == count {
            (plot_x + cell + 1).saturating_sub(width)
        } else {
            (plot_x + cell).saturating_sub(width / 2)
        };
        buf.set_string(start, dates.y, text, app.theme.text);
    }
    if let Some(column) = record
        .days
        .get(app.cursor)
        .and_then(|&x| chart_data::cell_column(x, window, plot_width))
    {
        buf.set_string(plot_x + column, axis.y, "▲", app.theme.cursor);
    }
    buf.set_string(axis.x, dates.y, "date", style);
}
