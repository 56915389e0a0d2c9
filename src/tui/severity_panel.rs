//! The severity panel: for the cursor's draw, every criterion with its
//! cut-off, the draw's value and met / not met / unknown; the category and
//! what missing values leave open; the reticulocyte cut-off in force; the
//! caveat that blood counts cannot assess the marrow; and the course.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::clinical::{Category, Criterion, CriterionGroup, Outcome, Severity};

use super::app::App;
use super::format;
use super::layout::Pane;
use super::theme::{Mark, Theme, category_glyph};

/// The caveat shown wherever a category is explained (`clinical.md` §1).
pub const CAVEAT: &str = "A blood count cannot assess marrow cellularity: these are the blood-count \
criteria only, not a diagnosis of aplastic anemia or of its severity.";

/// What a category says about the blood counts, never naming a diagnosis.
pub fn category_sentence(category: Category) -> &'static str {
    match category {
        Category::None => {
            "Blood counts do not show the pancytopenic pattern (fewer than 2 cytopenia criteria met)."
        }
        Category::NonSevere => "Blood counts meet the cytopenia criteria, not the severe criteria.",
        Category::Severe => "Blood counts meet the severe criteria.",
        Category::VerySevere => "Blood counts meet the very severe criteria.",
    }
}

/// How many cytopenia criteria the draw meets, so that an ungraded draw
/// never reads as healthy (`clinical.md` §1 "Words on screen"): "no
/// cytopenia", "1 cytopenia: not graded", "2 cytopenias".
pub fn cytopenia_words(severity: &Severity) -> String {
    match severity.cytopenias() {
        0 => "no cytopenia".to_string(),
        1 => "1 cytopenia: not graded".to_string(),
        n => format!("{n} cytopenias"),
    }
}

/// An outcome as glyph and word.
pub const fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Met => "✓ met",
        Outcome::NotMet => "✗ not met",
        Outcome::Unknown => "? unknown",
    }
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
    let Some(severity) = record.severities.get(app.cursor) else {
        return;
    };
    let title = format!(
        " Severity · {} · {} ",
        crate::safe_text::printable(&patient.id),
        record.when(app.cursor)
    );
    let block = Block::bordered()
        .title(Line::styled(title, theme.heading))
        .border_style(border);
    let mut lines = summary_lines(theme, &severity);
    let rule_width = severity
        .criteria
        .iter()
        .map(|c| c.rule().chars().count())
        .max()
        .unwrap_or(0);
    let groups = [
        (
            CriterionGroup::Cytopenia,
            "Cytopenia: at least 2 to grade at all",
        ),
        (CriterionGroup::Severe, "Severe: at least 2 of 3"),
        (
            CriterionGroup::VerySevere,
            "Very severe: severe, and 1 of 1",
        ),
    ];
    for (group, heading) in groups {
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
            lines.push(criterion_line(theme, criterion, rule_width));
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
            let method = app.thresholds.retic_method.name();
            lines.push(Line::styled(
                format!(
                    "  reticulocyte cut-off: <{}, {method} count",
                    app.thresholds.retic_cutoff()
                ),
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
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block)
        .render(area, buf);
}

/// The category, what is left open, and the caveat.
fn summary_lines(theme: &Theme, severity: &Severity) -> Vec<Line<'static>> {
    let category = severity.category;
    let open = if severity.could_be.is_empty() {
        "nothing left open by missing values".to_string()
    } else {
        let words: Vec<&str> = severity.could_be.iter().map(|c| c.label()).collect();
        format!("missing values leave open: {}", words.join(", "))
    };
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

/// One criterion: rule, value, outcome.
fn criterion_line(theme: &Theme, criterion: &Criterion, rule_width: usize) -> Line<'static> {
    let style = match criterion.outcome {
        Outcome::Met => theme.heading,
        Outcome::NotMet => theme.dim,
        Outcome::Unknown => theme.text,
    };
    Line::from(vec![
        Span::raw(format!("  {:rule_width$} ", criterion.rule())),
        Span::raw(format!(
            "{:>7}  ",
            format::analyte_value(criterion.analyte, criterion.value)
        )),
        Span::styled(outcome_text(criterion.outcome), style),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_never_name_a_diagnosis() {
        for category in Category::ALL {
            let sentence = category_sentence(category);
            assert!(sentence.starts_with("Blood counts"));
            assert!(!sentence.contains("aplastic anemia"));
        }
        assert!(CAVEAT.contains("marrow cellularity"));
    }

    #[test]
    fn an_isolated_cytopenia_is_said_to_be_not_graded() {
        use crate::clinical::{Thresholds, classify};
        use crate::model::{Analyte, Decimal, Values};
        let t = Thresholds::default();
        let itp = Values::EMPTY
            .with(Analyte::Plt, Decimal::lit(6, 0))
            .with(Analyte::Hgb, Decimal::lit(135, 1))
            .with(Analyte::Anc, Decimal::lit(32, 1));
        let severity = classify(&itp, &t);
        assert_eq!(severity.category, Category::None);
        assert_eq!(cytopenia_words(&severity), "1 cytopenia: not graded");
        let healthy = itp.with(Analyte::Plt, Decimal::lit(250, 0));
        assert_eq!(cytopenia_words(&classify(&healthy, &t)), "no cytopenia");
        let two = itp.with(Analyte::Anc, Decimal::lit(10, 1));
        assert_eq!(cytopenia_words(&classify(&two, &t)), "2 cytopenias");
    }

    #[test]
    fn outcomes_read_without_colour() {
        assert_eq!(outcome_text(Outcome::Met), "✓ met");
        assert_eq!(outcome_text(Outcome::NotMet), "✗ not met");
        assert_eq!(outcome_text(Outcome::Unknown), "? unknown");
    }
}
