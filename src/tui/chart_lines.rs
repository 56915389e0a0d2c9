//! The horizontal lines of a chart — the lower reference limit and the
//! severity cut-offs — with their labels and the y axis that names their
//! values.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::clinical::{CriterionGroup, RangeInUse, RangeSource, Thresholds, criteria_cutoffs};
use crate::model::Analyte;

use super::app::App;
use super::chart_data;
use super::patient_view::PatientRecord;

/// A horizontal line across a chart: the lower limit or a cut-off.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleLine {
    /// Where, in the analyte's canonical unit.
    pub value: f64,
    /// Its label, e.g. `LLN 150` or `severe <20`.
    pub label: String,
    /// True for a severity cut-off, false for the reference limit.
    pub cutoff: bool,
}

/// The lines of one analyte's chart: the lower limit of `range` (the
/// cursor draw's: the lab's when it gave one, `lab LLN 130`), then every
/// severity criterion's cut-off on it.
pub fn rule_lines(analyte: Analyte, range: RangeInUse, t: &Thresholds) -> Vec<RuleLine> {
    let mut lines = Vec::new();
    if let Some(lower) = range.lower {
        let label = match range.source {
            RangeSource::Lab => format!("lab LLN {lower}"),
            RangeSource::Default | RangeSource::Age => format!("LLN {lower}"),
        };
        lines.push(RuleLine {
            value: lower.to_f64(),
            label,
            cutoff: false,
        });
    }
    for (group, of, cutoff) in criteria_cutoffs(t) {
        if of != analyte {
            continue;
        }
        let word = match group {
            CriterionGroup::Severe => "severe",
            CriterionGroup::Cytopenia => "cytopenia",
            CriterionGroup::VerySevere => "very severe",
        };
        lines.push(RuleLine {
            value: cutoff.to_f64(),
            label: format!("{word} <{cutoff}"),
            cutoff: true,
        });
    }
    lines
}

/// The lines of a chart grouped by the row they fall on: `(row, first
/// line's value, labels, any cut-off)`; lines sharing a row share it.
pub type RuleRow = (u16, f64, Vec<String>, bool);

pub fn rule_rows(
    app: &App,
    record: &PatientRecord,
    analyte: Analyte,
    top: f64,
    height: u16,
) -> Vec<RuleRow> {
    let mut rows: Vec<RuleRow> = Vec::new();
    let range = record.range_used(app.cursor, analyte, &app.thresholds);
    for line in rule_lines(analyte, range, &app.thresholds) {
        let row = chart_data::cell_row(line.value, top, height);
        match rows.iter_mut().find(|(r, ..)| *r == row) {
            Some((_, _, labels, cutoff)) => {
                labels.push(line.label);
                *cutoff |= line.cutoff;
            }
            None => rows.push((row, line.value, vec![line.label], line.cutoff)),
        }
    }
    rows
}

/// The y scale: its top, 0, and the value of each line on a row of its own,
/// each with a tick.
pub fn render_y_axis(top: f64, rules: &[RuleRow], area: Rect, style: Style, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = usize::from(area.width - 1);
    for y in area.top()..area.bottom() {
        buf.set_string(area.right() - 1, y, "│", style);
    }
    let bottom = area.height - 1;
    let mut ticks: Vec<(u16, String)> = vec![(0, chart_data::axis_number(top))];
    if bottom > 0 {
        ticks.push((bottom, "0".to_string()));
    }
    for &(row, value, ..) in rules {
        if ticks.iter().all(|(r, _)| *r != row) {
            ticks.push((row, chart_data::axis_number(value)));
        }
    }
    for (row, text) in ticks {
        buf.set_string(area.x, area.y + row, format!("{text:>width$}┤"), style);
    }
}

/// The reference limit and cut-off lines, under the trace.
pub fn draw_rule_lines(app: &App, rules: &[RuleRow], plot: Rect, buf: &mut Buffer) {
    for (row, _, _, cutoff) in rules {
        let (symbol, style) = rule_style(app, *cutoff);
        let y = plot.y + row;
        for x in plot.left()..plot.right() {
            if buf.cell((x, y)).is_some_and(|c| c.symbol() == " ") {
                buf.set_string(x, y, symbol, style);
            }
        }
    }
}

fn rule_style(app: &App, cutoff: bool) -> (&'static str, Style) {
    if cutoff {
        ("╌", app.theme.cutoff)
    } else {
        ("┄", app.theme.reference)
    }
}

/// Labels each line where it hides no data: at its right end, else its
/// left end, else the rightmost free stretch; not at all when none is free.
pub fn label_rule_lines(app: &App, rules: &[RuleRow], plot: Rect, buf: &mut Buffer) {
    for (row, _, labels, cutoff) in rules {
        let (_, style) = rule_style(app, *cutoff);
        let y = plot.y + row;
        let label = format!(" {} ", labels.join(" · "));
        let width = label.chars().count() as u16;
        if width >= plot.width {
            continue;
        }
        let free = |x: u16| {
            buf.cell((x, y))
                .is_some_and(|c| matches!(c.symbol(), " " | "┄" | "╌" | "┊"))
        };
        let fits = |start: u16| (start..start + width).all(free);
        let last = plot.right() - width;
        let start = [last, plot.x]
            .into_iter()
            .find(|&start| fits(start))
            .or_else(|| (plot.x..=last).rev().find(|&start| fits(start)));
        if let Some(start) = start {
            buf.set_string(start, y, label, style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::range_in_use;
    use crate::model::{Decimal, LabRange, Sex};

    fn labels(analyte: Analyte, sex: Sex) -> Vec<(f64, String, bool)> {
        let t = Thresholds::default();
        rule_lines(analyte, range_in_use(analyte, sex, None, None, &t), &t)
            .into_iter()
            .map(|l| (l.value, l.label, l.cutoff))
            .collect()
    }

    #[test]
    fn platelets_and_anc_carry_their_severity_cut_offs() {
        assert_eq!(
            labels(Analyte::Plt, Sex::Female),
            [
                (150.0, "LLN 150".to_string(), false),
                (20.0, "severe <20".to_string(), true),
                (50.0, "cytopenia <50".to_string(), true),
            ]
        );
        let anc = labels(Analyte::Anc, Sex::Male);
        assert!(anc.contains(&(0.5, "severe <0.5".to_string(), true)));
        assert!(anc.contains(&(0.2, "very severe <0.2".to_string(), true)));
        assert_eq!(anc[0], (1.5, "LLN 1.5".to_string(), false));
    }

    #[test]
    fn the_labs_lower_limit_wins_and_says_so() {
        let t = Thresholds::default();
        let lab = LabRange {
            lower: Decimal::lit(130, 0),
            upper: Decimal::lit(400, 0),
        };
        let range = range_in_use(Analyte::Plt, Sex::Female, None, Some(lab), &t);
        let lines = rule_lines(Analyte::Plt, range, &t);
        assert_eq!(
            (lines[0].value, lines[0].label.as_str()),
            (130.0, "lab LLN 130")
        );
        assert!(lines[1..].iter().all(|l| l.cutoff), "the cut-offs stay");
    }

    #[test]
    fn the_lower_limit_follows_sex() {
        assert_eq!(labels(Analyte::Hgb, Sex::Female)[0].0, 12.0);
        assert_eq!(labels(Analyte::Hgb, Sex::Male)[0].0, 13.5);
        assert_eq!(labels(Analyte::Hgb, Sex::Unknown)[0].0, 13.5);
        assert_eq!(
            labels(Analyte::Rbc, Sex::Female),
            [(4.0, "LLN 4".to_string(), false)]
        );
    }
}
