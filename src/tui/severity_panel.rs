//! The severity panel: for the cursor's draw, every criterion with its
//! cut-off, the draw's value and met / not met / unknown; the category and
//! what missing values leave open; the reticulocyte cut-off in force; the
//! caveat that blood counts cannot assess the marrow; and the course.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::clinical::{Criterion, CriterionGroup, Outcome, Severity};

use super::app::App;
use super::format;
use super::layout::Pane;
use super::theme::{Mark, Theme, category_glyph};

pub use crate::report::words::{CAVEAT, category_sentence, cytopenia_words, outcome_text};

/// The first line the panel can show at the top when scrolled to its end
/// in `area` (0 when every line fits).
pub fn last_scroll(app: &App, area: Rect) -> usize {
    let inner = area.height.saturating_sub(2);
    content_height(app, area).saturating_sub(usize::from(inner))
}

/// How many rows the panel's lines take in `area` once wrapped: drawn
/// into a tall scratch buffer, as [`render`] draws them, and measured.
fn content_height(app: &App, area: Rect) -> usize {
    let Some(lines) = panel_lines(app) else {
        return 0;
    };
    let scratch = Rect::new(0, 0, area.width.saturating_sub(2), 400);
    let mut buffer = Buffer::empty(scratch);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(scratch, &mut buffer);
    (0..scratch.height)
        .rev()
        .find(|&y| (0..scratch.width).any(|x| buffer[(x, y)].symbol() != " "))
        .map_or(0, |y| usize::from(y) + 1)
}

/// Draws the panel.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let focused = app.focus == Pane::Severity;
    let border = if focused { theme.focus } else { theme.border };
    let (Some(record), Some(patient)) = (&app.record, app.selected_patient()) else {
        let block = Block::bordered().title(" Severity ").border_style(border);
        Paragraph::new("No patient selected.")
            .block(block)
            .render(area, buf);
        return;
    };
    if record.severities.get(app.cursor).is_none() {
        return;
    }
    let (id, when) = (
        crate::safe_text::printable(&patient.id),
        record.when(app.cursor),
    );
    let title = super::format::fitting_title(
        &[
            format!(" Severity · {id} · {when} "),
            format!(" {id} · {when} "),
            format!(" Severity · {when} "),
            format!(" {when} "),
        ],
        usize::from(area.width.saturating_sub(2)),
    );
    let last = last_scroll(app, area);
    let scroll = app.severity_scroll.min(last);
    let mut block = Block::bordered()
        .title(Line::styled(title, theme.heading))
        .border_style(border);
    // Said on the border when lines lie above or below the panel.
    let more = match (scroll > 0, scroll < last) {
        (true, true) => Some(" ↑ PgUp · PgDn ↓ more "),
        (false, true) => Some(" PgDn ↓ more "),
        (true, false) => Some(" ↑ PgUp "),
        (false, false) => None,
    };
    if let Some(more) = more {
        block = block.title_bottom(Line::styled(more, theme.heading).right_aligned());
    }
    let lines = panel_lines(app).unwrap_or_default();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .block(block)
        .render(area, buf);
}

/// The panel's lines for the cursor's draw, unwrapped; none without a
/// patient or draw.
fn panel_lines(app: &App) -> Option<Vec<Line<'static>>> {
    let theme = app.theme;
    let record = app.record.as_ref()?;
    let severity = record.severities.get(app.cursor)?;
    let mut lines = summary_lines(theme, &severity);
    let at = record.draws.get(app.cursor).map(|draw| draw.time)?;
    if let Some(child) = crate::report::words::child_criteria(record.birth_date, at) {
        lines.push(Line::styled(child, theme.dim));
    }
    let rule_width = severity
        .criteria
        .iter()
        .map(|c| c.rule().chars().count())
        .max()
        .unwrap_or(0);
    let groups = [
        CriterionGroup::Cytopenia,
        CriterionGroup::Severe,
        CriterionGroup::VerySevere,
    ];
    for group in groups {
        let heading = crate::report::words::group_heading(group);
        let members: Vec<&Criterion> = severity
            .criteria
            .iter()
            .filter(|c| c.group == group)
            .collect();
        let met = members.iter().filter(|c| c.outcome == Outcome::Met).count();
        lines.push(Line::from(vec![
            Span::styled(heading, theme.heading),
            Span::styled(format!(" ({met} met)"), theme.dim),
        ]));
        for criterion in members {
            let transfused = record.transfused.at(app.cursor, criterion.analyte);
            lines.push(criterion_line(theme, criterion, rule_width, transfused));
        }
        // Said once, under the first group that shows a derived value.
        let derived = |c: &&Criterion| c.value.reading().is_some_and(|r| r.derived);
        if group == CriterionGroup::Cytopenia && severity.criteria.iter().any(|c| derived(&c)) {
            lines.push(Line::styled(
                format!("  {}", super::format::DERIVED_LEGEND),
                theme.dim,
            ));
        }
        if group == CriterionGroup::Severe {
            // Said once: a value drawn after a transfusion still counts for
            // the category (clinical.md §8), marked as everywhere else.
            let transfused = severity
                .criteria
                .iter()
                .any(|c| record.transfused.at(app.cursor, c.analyte));
            if transfused {
                lines.push(Line::styled(
                    format!("  {}", super::transfused::legend(&app.thresholds.windows)),
                    theme.dim,
                ));
            }
            lines.push(Line::styled(
                format!("  {}", crate::report::words::retic_line(&app.thresholds)),
                theme.dim,
            ));
            lines.push(Line::styled(
                format!(
                    "  config: {}",
                    crate::safe_text::printable(&app.source.describe())
                ),
                theme.dim,
            ));
        }
    }
    let mut course = vec![Span::styled("Course: ", theme.heading)];
    course.extend(super::timeline::course_spans(app, record));
    lines.push(Line::from(course));
    Some(lines)
}

/// The category, what is left open, and the caveat.
fn summary_lines(theme: &Theme, severity: &Severity) -> Vec<Line<'static>> {
    let category = severity.category;
    let open = crate::report::words::open_text(&severity.could_be);
    vec![
        Line::from(vec![
            Span::styled(
                format!("{} {}", category_glyph(category), category.label()),
                theme.style(Mark::Category(category)),
            ),
            Span::styled(format!(" · {}", cytopenia_words(severity)), theme.heading),
            Span::styled(format!(" · {open}"), theme.text),
        ]),
        Line::styled(category_sentence(category), theme.text),
        Line::styled(CAVEAT, theme.dim),
    ]
}

/// One criterion: rule, value (`‡` when `transfused`: drawn within a
/// transfusion's window, as the table marks it), outcome.
fn criterion_line(
    theme: &Theme,
    criterion: &Criterion,
    rule_width: usize,
    transfused: bool,
) -> Line<'static> {
    let style = match criterion.outcome {
        Outcome::Met => theme.heading,
        Outcome::NotMet => theme.dim,
        Outcome::Unknown => theme.text,
    };
    let mut value = format::analyte_value(criterion.analyte, criterion.shown_value());
    if transfused {
        value.push_str(format::TRANSFUSED_MARK);
    }
    Line::from(vec![
        Span::raw(format!("  {:rule_width$} ", criterion.rule())),
        Span::raw(format!("{value:>7}  ")),
        Span::styled(outcome_text(criterion.outcome), style),
    ])
}
