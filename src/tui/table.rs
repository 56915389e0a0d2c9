//! The cumulative table, as the paper report has it: one row per draw, one
//! column per analyte in canonical units, `L`/`LL`/`H` beside the value (and
//! colour), the cursor's row highlighted, and the cursor draw's CTCAE grades.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::clinical::{CTCAE_VERSION, ctcae_grade_with_lln};
use crate::model::Analyte;

use super::app::App;
use super::format;
use super::layout::Pane;
use super::patient_view::PatientRecord;
use super::theme::{Mark, category_glyph};

/// A column: the analyte, the value width and the flag width.
type Column = (Analyte, usize, usize);

/// The analyte columns that fit in `width` after the date's field (the
/// date and the space after it), in report order. Where not all fit, the
/// ones the patient never measured give way first, then the ones that
/// decide no severity criterion (MCV, Hct, ALC, RBC, WBC), so that Hb,
/// reticulocytes, ANC and platelets stay in view.
fn fitting_columns(record: &PatientRecord, width: usize, date_field: usize) -> Vec<Column> {
    use Analyte::{Alc, Anc, Hct, Hgb, Mcv, Plt, Rbc, Retic, Wbc};
    const GIVE_WAY: [Analyte; 9] = [Mcv, Hct, Alc, Rbc, Wbc, Hgb, Retic, Anc, Plt];
    // The cursor gutter, the date, and the severity column at the end.
    let mut used = 2 + date_field + 4;
    let mut columns: Vec<Column> = Analyte::ALL
        .into_iter()
        .map(|analyte| {
            let (value, flag) = record
                .widths
                .get(analyte.index())
                .copied()
                .unwrap_or((1, 0));
            let header = analyte.short_label().len().max(analyte.unit().len());
            (analyte, value.max(header.saturating_sub(flag)), flag)
        })
        .collect();
    used += columns
        .iter()
        .map(|&(_, value, flag)| 1 + value + flag)
        .sum::<usize>();
    // A column this patient never measured gives way before any that holds
    // a value, in the same order.
    let measured = |analyte: Analyte| {
        record
            .points
            .get(analyte.index())
            .is_some_and(|points| !points.is_empty())
    };
    let unmeasured = GIVE_WAY.into_iter().filter(|&a| !measured(a));
    let order: Vec<Analyte> = unmeasured
        .chain(GIVE_WAY.into_iter().filter(|&a| measured(a)))
        .collect();
    for analyte in order {
        if used <= width {
            break;
        }
        if let Some(at) = columns.iter().position(|column| column.0 == analyte) {
            let (_, value, flag) = columns.remove(at);
            used -= 1 + value + flag;
        }
    }
    columns
}

/// Draws the table.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let focused = app.focus == Pane::Table;
    let border = if focused { theme.focus } else { theme.border };
    let Some(record) = &app.record else {
        let block = Block::bordered()
            .title(" Cumulative report ")
            .border_style(border);
        Paragraph::new("No patient selected.")
            .block(block)
            .render(area, buf);
        return;
    };
    let order = if app.newest_first {
        "newest first"
    } else {
        "oldest first"
    };
    let id = app
        .selected_patient()
        .map(|p| crate::safe_text::printable(&p.id).into_owned())
        .unwrap_or_default();
    let date_width = record.when_width();
    let inner_width = usize::from(area.width.saturating_sub(2));
    // A space after the date, unless giving it up shows one more column
    // (reticulocytes at 80 columns): each column's own space still
    // separates its values from the date.
    let (mut columns, mut date_field) = (
        fitting_columns(record, inner_width, date_width + 1),
        date_width + 1,
    );
    if columns.len() < Analyte::ALL.len() {
        let tighter = fitting_columns(record, inner_width, date_width);
        if tighter.len() > columns.len() {
            (columns, date_field) = (tighter, date_width);
        }
    }
    let hidden = Analyte::ALL.len() - columns.len();
    let draws = crate::safe_text::counted(record.len() as u64, "draw");
    // The most that fits of the title's words (a long id, a Synthea UUID,
    // leaves no room for "Cumulative report"), with room for the hidden
    // columns' mark when there are any: a title is never cut mid-word.
    let marked = if hidden > 0 {
        format!("· +{hidden}").chars().count()
    } else {
        0
    };
    let mut title = super::format::fitting_title(
        &[
            format!(" Cumulative report · {id} · {draws}, {order} "),
            format!(" {id} · {draws}, {order} "),
            format!(" Cumulative report · {draws}, {order} "),
            format!(" {draws}, {order} "),
            format!(" {draws} "),
        ],
        // With a mark, the title keeps its closing space before it.
        inner_width.saturating_sub(if hidden > 0 { marked + 1 } else { 0 }),
    );
    if hidden > 0 {
        // The longest form that fits the border, so the title is never cut
        // mid-word: "1 column needs a wider window", "1 col. hidden", "+1".
        let room = usize::from(area.width).saturating_sub(title.chars().count() + 2);
        let verb = if hidden == 1 { "needs" } else { "need" };
        let columns = crate::safe_text::counted(hidden as u64, "column");
        let long = format!("· {columns} {verb} a wider window ");
        let short = format!("· {hidden} col. hidden ");
        let shortest = format!("· +{hidden} ");
        let tail = [long, short, shortest]
            .into_iter()
            .find(|t| t.chars().count() <= room)
            .unwrap_or_default();
        title.push_str(&tail);
    }
    let block = Block::bordered()
        .title(Line::styled(title, theme.heading))
        .border_style(border);
    let inner = block.inner(area);
    block.render(area, buf);
    let legend = legend_lines(app, record, inner.width);
    let [head, body, grades, legend_area] = split(inner, legend.len());
    render_header(app, &columns, date_field, head, buf);

    let rows = usize::from(body.height);
    let count = record.len();
    let offset = first_row(app, count, rows);
    let lines: Vec<Line> = (offset..count.min(offset + rows))
        .map(|row| {
            let draw = draw_of_row(app, count, row);
            row_line(app, record, draw, &columns, date_field)
        })
        .collect();
    Paragraph::new(lines).render(body, buf);
    render_grades(app, record, grades, buf);
    Paragraph::new(legend).render(legend_area, buf);
}

/// The table's inside: the header's two lines, the rows of draws, the
/// grades, and the legend's lines.
fn split(inner: Rect, legend_lines: usize) -> [Rect; 4] {
    inner.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(if inner.width >= 90 { 1 } else { 2 }),
        Constraint::Length(u16::try_from(legend_lines).unwrap_or(0)),
    ]))
}

/// The draw on row `row` of `count` rows, in the order shown.
fn draw_of_row(app: &App, count: usize, row: usize) -> usize {
    if app.newest_first {
        count.saturating_sub(1).saturating_sub(row)
    } else {
        row
    }
}

/// The first row shown of `count` when `rows` fit: the rows a click left
/// in place while the cursor is among them (a row never moves under the
/// pointer), else the cursor's row in the middle where the table allows.
fn first_row(app: &App, count: usize, rows: usize) -> usize {
    // Row and draw map onto each other both ways.
    let cursor_row = draw_of_row(app, count, app.cursor);
    let most = count.saturating_sub(rows);
    match app.table_pin {
        Some(pin) if (pin..pin + rows).contains(&cursor_row) => pin.min(most),
        _ => cursor_row.saturating_sub(rows / 2).min(most),
    }
}

/// The table's rows of draws in `area`, and the first of them shown.
fn body_and_first(app: &App, area: Rect) -> Option<(Rect, usize)> {
    let record = app.record.as_ref()?;
    let inner = Block::bordered().inner(area);
    let legend = legend_lines(app, record, inner.width);
    let [_, body, _, _] = split(inner, legend.len());
    Some((body, first_row(app, record.len(), usize::from(body.height))))
}

/// The first row the table in `area` shows now: a click keeps it.
pub fn shown_from(app: &App, area: Rect) -> Option<usize> {
    body_and_first(app, area).map(|(_, first)| first)
}

/// The draw whose row is drawn at screen row `y` of the table in `area`,
/// as [`render`] lays it out: a click there selects it.
pub fn draw_at(app: &App, area: Rect, y: u16) -> Option<usize> {
    let (body, first) = body_and_first(app, area)?;
    if y < body.y || y >= body.bottom() {
        return None;
    }
    let count = app.record.as_ref()?.len();
    let row = first + usize::from(y - body.y);
    (row < count).then(|| draw_of_row(app, count, row))
}

/// What the marks mean, when the patient's values carry them: `†` with the
/// lab's ranges of the cursor's draw (the range each flag was judged by),
/// `‡` for values after a transfusion, `*` for derived values, and `⊘` for
/// a draw that lost a refused result. Nothing for a patient with none.
fn legend_lines(app: &App, record: &PatientRecord, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut chunks: Vec<Vec<Span<'static>>> = Vec::new();
    if record.any_lab_range() {
        chunks.push(vec![Span::styled(
            format!("{} flagged by the lab's range; ", format::LAB_MARK),
            theme.dim,
        )]);
        let at_cursor: Vec<Analyte> = Analyte::ALL
            .into_iter()
            .filter(|&a| record.lab_range(app.cursor, a).is_some())
            .collect();
        if at_cursor.is_empty() {
            chunks.push(vec![Span::styled(
                "▶ draw: the configured ranges  ",
                theme.dim,
            )]);
        } else {
            chunks.push(vec![Span::styled("▶ draw: ", theme.dim)]);
            for analyte in at_cursor {
                let range = record.range_used(app.cursor, analyte, &app.thresholds);
                chunks.push(vec![Span::styled(
                    format!("{} {}  ", analyte.short_label(), format::range_text(range)),
                    theme.dim,
                )]);
            }
        }
    }
    if record.transfused.any() {
        chunks.push(vec![Span::styled(
            format!("{}  ", super::transfused::legend(&app.thresholds.windows)),
            theme.dim,
        )]);
    }
    if record.any_derived {
        chunks.push(vec![Span::styled(format::DERIVED_LEGEND, theme.dim)]);
    }
    if !record.refused.is_empty() {
        chunks.push(vec![Span::styled(
            format!(
                "{} a result of the draw was refused (r lists why)  ",
                format::REFUSED_MARK
            ),
            theme.dim,
        )]);
    }
    format::pack(chunks, width)
}

fn render_header(app: &App, columns: &[Column], date_field: usize, area: Rect, buf: &mut Buffer) {
    let mut names = format!("  {:date_field$}", "date");
    let mut units = format!("  {:date_field$}", "");
    for &(analyte, value, flag) in columns {
        let width = value + flag;
        names.push_str(&format!(" {:>width$}", analyte.short_label()));
        units.push_str(&format!(" {:>width$}", analyte.unit()));
    }
    names.push_str(" sev");
    let lines = vec![
        Line::styled(names, app.theme.heading),
        Line::styled(units, app.theme.dim),
    ];
    Paragraph::new(lines).render(area, buf);
}

/// One draw's row: the values right-aligned with their flag beside them.
fn row_line(
    app: &App,
    record: &PatientRecord,
    draw: usize,
    columns: &[Column],
    date_field: usize,
) -> Line<'static> {
    let theme = app.theme;
    let is_cursor = draw == app.cursor;
    let mut spans = vec![
        Span::styled(if is_cursor { "▶ " } else { "  " }, theme.heading),
        Span::raw(format!("{:date_field$}", record.when(draw))),
    ];
    let Some(values) = record.draws.get(draw).map(|d| d.values) else {
        return Line::from(spans);
    };
    for &(analyte, value_width, flag_width) in columns {
        let flag = record.flag(draw, analyte);
        let value = values.get(analyte);
        let text = format::analyte_value(analyte, value);
        // The marks before the flag, after the number: `8.9‡L` beside ` 9.3L`.
        let mut after = String::new();
        if record.lab_range(draw, analyte).is_some() && !value.is_missing() {
            after.push_str(format::LAB_MARK);
        }
        if record.after_transfusion_at(draw, analyte) {
            after.push_str(format::TRANSFUSED_MARK);
        }
        after.push_str(format::flag(flag));
        spans.push(Span::styled(
            format!(" {text:>value_width$}{after:<flag_width$}"),
            theme.style(Mark::Flag(flag)),
        ));
    }
    if let Some(severity) = record.severities.get(draw) {
        spans.push(Span::styled(
            // `?` when missing values leave a worse category open, as the
            // list, the cursor's line and the panel say.
            format!(
                "  {}{}",
                category_glyph(severity.category),
                if severity.could_be.is_empty() {
                    ""
                } else {
                    "?"
                }
            ),
            theme.style(Mark::Category(severity.category)),
        ));
    }
    // A draw that lost a result the load refused: its `-` may have been a
    // value.
    if record.refused.iter().any(|&(d, _)| d == draw) {
        spans.push(Span::styled(
            format!(" {}", format::REFUSED_MARK),
            theme.warning,
        ));
    }
    let line = Line::from(spans);
    if is_cursor {
        line.patch_style(theme.cursor)
    } else {
        line
    }
}

/// The cursor draw's CTCAE grades, naming the version.
fn render_grades(app: &App, record: &PatientRecord, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let Some(draw) = record.draws.get(app.cursor) else {
        return;
    };
    let mut spans = vec![Span::styled(
        format!("{CTCAE_VERSION}, {}: ", record.when(app.cursor)),
        theme.heading,
    )];
    for (i, analyte) in crate::clinical::CTCAE_GRADED.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        let term = if analyte == Analyte::Hgb {
            "anemia"
        } else {
            analyte.short_label()
        };
        spans.push(Span::raw(format!("{term} ")));
        // Grade 1 starts below the LLN: the lab's, when it gave one.
        let lln = record
            .range_used(app.cursor, analyte, &app.thresholds)
            .lower;
        let grade = ctcae_grade_with_lln(analyte, draw.values.get(analyte), lln, &app.thresholds);
        let text = grade.map_or_else(|| "-".to_string(), |g| g.to_string());
        let style = match grade {
            Some(g) if g.low >= 3 => theme.critical_low,
            Some(g) if g.low >= 1 => theme.low,
            _ => theme.text,
        };
        spans.push(Span::styled(text, style));
    }
    Paragraph::new(Line::from(spans))
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
