//! One analyte's chart in the trends pane: its title row with the cursor's
//! value, its plot (trace, limit and cut-off lines, markers, cursor column).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as CanvasLine};
use ratatui::widgets::{Paragraph, Widget};

use crate::clinical::{Flag, RangeInUse, RangeSource};
use crate::model::{Analyte, Sex};
use crate::tui::app::App;
use crate::tui::chart_data::{self, Window, YScale};
use crate::tui::chart_lines::{self, draw_rule_lines, label_rule_lines, render_y_axis, rule_rows};
use crate::tui::format;
use crate::tui::patient_view::PatientRecord;
use crate::tui::theme::{Mark, flag_marker};

use super::unit;

/// One chart: a title row with the cursor's value, then the plot.
#[allow(clippy::too_many_arguments)]
pub(super) fn render_chart(
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
    let mut value_text = format::analyte_value(analyte, value);
    if record.after_transfusion_at(app.cursor, analyte) {
        value_text.push('‡');
    }
    let right = format!("{value_text} {}", format::flag(flag));
    // The limits without the band's name, for when the title is too long.
    let bare = RangeInUse {
        band: None,
        ..range
    };
    let bare_text = match range.source {
        RangeSource::Age if !range.is_empty() => format::range_text(RangeInUse {
            source: RangeSource::Default,
            ..bare
        }),
        _ => format::range_text(bare),
    };
    let full_text = format::range_text(range);
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
                Some((x, chart_lines::trace_y(scale, &rules, plot.height, y)))
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
    (scale, rules): (YScale, &[chart_lines::RuleRow]),
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
            let dot = chart_lines::plot_dot(scale, rules, plot.height, y);
            let row = chart_lines::dot_row(dot);
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
