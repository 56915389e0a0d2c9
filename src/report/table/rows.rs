//! The table's rows: a patient's cells written one after another, each
//! column's widest kept, and cells padded to those widths.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::clinical::CategoryTable;
use crate::model::{Dataset, Patient};
use crate::report::csv_line::LineFacts;
use crate::safe_text::printable;

/// A row being written: its cells go into `text`, separated by NUL (which
/// no cell holds: control characters are shown escaped), and each
/// column's widest cell is kept in `widths`.
pub(super) struct Row<'a> {
    pub(super) text: &'a mut String,
    pub(super) widths: &'a mut [usize; 11],
    /// The next cell's column.
    pub(super) cell: usize,
}

impl Row<'_> {
    /// Appends the next cell, written by `write`.
    fn cell(&mut self, write: impl FnOnce(&mut String)) {
        if self.cell > 0 {
            self.text.push('\0');
        }
        let start = self.text.len();
        write(self.text);
        let width = display_width(self.text.get(start..).unwrap_or_default());
        if let Some(widest) = self.widths.get_mut(self.cell) {
            *widest = (*widest).max(width);
        }
        self.cell += 1;
    }

    /// Appends a cell of text.
    fn text(&mut self, text: &str) {
        self.cell(|out| out.push_str(text));
    }

    /// Appends a cell of what `value` displays.
    fn display(&mut self, value: impl std::fmt::Display) {
        use std::fmt::Write as _;
        // Writing into a String cannot fail.
        self.cell(|out| {
            let _ = write!(out, "{value}");
        });
    }

    /// Appends a cell of a time, written without the formatting machinery
    /// (three a row).
    fn time(&mut self, before: &[&str], time: crate::model::Timestamp, after: &str) {
        self.cell(|out| {
            let mut text = [0u8; crate::model::TIMESTAMP_TEXT_LEN];
            let len = time.write_text(&mut text);
            for text in before {
                out.push_str(text);
            }
            // Only ASCII digits and separators were written.
            out.push_str(
                std::str::from_utf8(text.get(..len).unwrap_or_default()).unwrap_or_default(),
            );
            out.push_str(after);
        });
    }

    /// Appends names joined by spaces, or `-` for none.
    fn names<'n>(&mut self, names: impl Iterator<Item = &'n str>) {
        self.cell(|out| {
            let mut any = false;
            for name in names {
                if any {
                    out.push(' ');
                }
                out.push_str(name);
                any = true;
            }
            if !any {
                out.push('-');
            }
        });
    }
}

/// Writes a patient's row and returns its draws; nothing for a patient
/// without a draw. Beside the category, the latest draw's highest CTCAE
/// grade, else its worst flag (`G4 PLT`, `LL ANC`), as the dashboard's
/// list shows it: immune thrombocytopenia with platelets 6 is `none` (not
/// the pattern that is graded) but never reads as healthy (clinical.md §1,
/// words on screen). Each cell is written straight into the block's text:
/// made as strings of their own, a table of 100,000 patients allocated
/// and freed 1.1 million.
pub(super) fn push_row(
    row: &mut Row<'_>,
    dataset: &Dataset,
    patient: &Patient,
    thresholds: &crate::clinical::Thresholds,
    table: &CategoryTable,
) -> Option<usize> {
    let facts = LineFacts::of(dataset, patient, thresholds, table)?;
    let alarm = crate::clinical::latest_alarm(patient, &dataset.draws(patient), thresholds).text();
    row.text(&printable(&patient.id));
    row.text(
        patient
            .name
            .as_deref()
            .map_or("-".into(), printable)
            .as_ref(),
    );
    row.text(patient.sex.code().unwrap_or("-"));
    row.display(facts.draws);
    row.time(&[], facts.first, "");
    row.time(&[], facts.latest.time, "");
    row.text(facts.category.name());
    row.text(if alarm.is_empty() { "-" } else { &alarm });
    row.names(facts.could_be().map(|c| c.name()));
    row.names(facts.below().map(|a| a.name()));
    row.time(&[facts.worst.1.name(), " ("], facts.worst.0, ")");
    row.text.push('\n');
    Some(facts.draws)
}

pub(super) fn write_aligned(
    out: &mut impl Write,
    cells: &[&str],
    widths: &[usize],
) -> io::Result<()> {
    let mut line = String::new();
    push_aligned(&mut line, cells.iter().copied(), widths);
    out.write_all(line.as_bytes())
}

/// The columns a cell takes on a terminal. Most cells are printable ASCII,
/// a column a byte: measured by the Unicode tables, the 2.2 million cells of
/// a table of 100,000 patients (each twice: for the widths, then the
/// padding) took a tenth of the table's time.
pub(super) fn display_width(cell: &str) -> usize {
    if cell.bytes().all(|byte| (b' '..=b'~').contains(&byte)) {
        cell.len()
    } else {
        cell.width()
    }
}

/// Appends the cells padded to their columns' widths (every cell but the
/// last), and the line's end.
pub(super) fn push_aligned<'c>(
    line: &mut String,
    cells: impl Iterator<Item = &'c str>,
    widths: &[usize],
) {
    let start = line.len();
    let mut cells = cells.peekable();
    for width in widths {
        let Some(cell) = cells.next() else {
            break;
        };
        line.push_str(cell);
        if cells.peek().is_some() {
            let pad = width.saturating_sub(display_width(cell)) + 2;
            push_spaces(line, pad);
        }
    }
    let end = line.get(start..).map_or(0, |added| added.trim_end().len());
    line.truncate(start + end);
    line.push('\n');
}

/// Appends `count` spaces, a slice at a time: pushed one `char` at a time,
/// the padding of 2.2 million cells was a tenth of the table's writing.
pub(super) fn push_spaces(line: &mut String, mut count: usize) {
    const SPACES: &str = "                                                                ";
    while count > 0 {
        let now = count.min(SPACES.len());
        line.push_str(SPACES.get(..now).unwrap_or_default());
        count -= now;
    }
}
