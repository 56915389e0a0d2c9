//! Tells a wide file from a long one by its header, and plans how to read rows.

use crate::model::Decimal;

use super::rows::Measure;
use super::units::factor_to_canonical;
use super::vocabulary::{ColumnRole, UnitColumn, classify_column};

mod naming;
mod unread;

pub use self::naming::named_like_a_count;
pub(super) use self::naming::words_of;
pub use self::unread::unread_columns;

/// Columns every shape may have: who, when, and which specimen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommonColumns {
    /// Patient identifier.
    pub patient: usize,
    /// Collection time.
    pub time: usize,
    /// Patient name.
    pub name: Option<usize>,
    /// Patient sex.
    pub sex: Option<usize>,
    /// Birth date.
    pub birth_date: Option<usize>,
    /// Specimen (or, failing that, encounter): observations of one form one draw.
    pub specimen: Option<usize>,
}

/// One analyte (or percentage) column of a wide file and the factor to its
/// canonical unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyteColumn {
    /// Position in the record.
    pub index: usize,
    /// Which analyte, or which percentage.
    pub measure: Measure,
    /// Exact factor from the header's unit to the canonical unit (1 for a
    /// percentage).
    pub factor: Decimal,
}

/// A long file's columns of the lab's own reference range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RangeColumns {
    /// `ref_range_lower`.
    pub lower: usize,
    /// `ref_range_upper`.
    pub upper: usize,
}

/// How to read a file's rows, decided from its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One row per draw, one column per analyte.
    Wide {
        /// Who, when, which specimen.
        common: CommonColumns,
        /// The analyte columns, in header order.
        analytes: Vec<AnalyteColumn>,
    },
    /// One row per observation: test, value, unit.
    Long {
        /// Who, when, which specimen.
        common: CommonColumns,
        /// Test name or code.
        test: usize,
        /// The value.
        value: usize,
        /// The numeric value beside a text value (MIMIC's `valuenum`).
        value_number: Option<usize>,
        /// A comment that may qualify a masked value (MIMIC's `comments`).
        comments: Option<usize>,
        /// The unit, when the file has a unit column.
        unit: Option<usize>,
        /// The lab's reference range, when the file gives one.
        range: Option<RangeColumns>,
    },
}

impl Shape {
    /// The columns every shape has.
    pub fn common(&self) -> &CommonColumns {
        match self {
            Shape::Wide { common, .. } | Shape::Long { common, .. } => common,
        }
    }

    /// Every column a row is read from.
    pub fn read_columns(&self) -> Vec<usize> {
        let common = self.common();
        let mut columns = vec![common.patient, common.time];
        columns.extend(
            [common.name, common.sex, common.birth_date, common.specimen]
                .into_iter()
                .flatten(),
        );
        match self {
            Shape::Wide { analytes, .. } => columns.extend(analytes.iter().map(|c| c.index)),
            Shape::Long {
                test,
                value,
                value_number,
                comments,
                unit,
                range,
                ..
            } => {
                columns.extend([*test, *value]);
                columns.extend([*value_number, *comments, *unit].into_iter().flatten());
                columns.extend(range.iter().flat_map(|r| [r.lower, r.upper]));
            }
        }
        columns
    }

    /// Whether a row is read from column `index` (only asked of a damaged
    /// row: it allocates).
    pub fn reads(&self, index: usize) -> bool {
        self.read_columns().contains(&index)
    }

    /// Whether a column read holds a result (an analyte's, or a long row's
    /// value, unit, comment or range), not who or when.
    pub fn holds_results(&self, index: usize) -> bool {
        let common = self.common();
        let who_or_when = [common.name, common.sex, common.birth_date, common.specimen]
            .into_iter()
            .flatten()
            .chain([common.patient, common.time])
            .any(|column| column == index);
        !who_or_when && self.reads(index)
    }
}

const EXPECTED: &str = "expected a header with a patient column (patient_id, patient, mrn, \
     subject_id), a time column (collected_at, date, datetime, collection_time, charttime), and \
     either analyte columns such as plt, hgb, wbc (wide) or test and value columns (long)";

/// A hint when the whole header is one column split by another separator
/// (a spreadsheet's semicolons, a tab-separated export), or when the first
/// line does not look like a header at all (a title line above it).
fn other_separator(headers: &[String]) -> String {
    let named = headers.iter().filter(|name| !name.is_empty()).count();
    let save_semicolons = "hemotrend reads comma-separated files. Save it as CSV with commas \
         between fields and a point as the decimal separator (12.5, not 12,5)";
    let save_tabs = "hemotrend reads comma-separated files. Save it as CSV with commas \
         between fields";
    // `patient_id;collected_at;Hb, g/dL;plt`: a name's comma splits the
    // header in two, which is then no title line but semicolons.
    let semicolons = split_by_other(headers, ';', "semicolon");
    let tabs = split_by_other(headers, '\t', "tab");
    match (headers, semicolons, tabs) {
        ([only], ..) if only.contains(';') => {
            format!("; the header is one column holding semicolons: {save_semicolons}")
        }
        ([only], ..) if only.contains('\t') => {
            format!("; the header is one column holding tabs: {save_tabs}")
        }
        (_, Some(said), _) => format!("; {said}: {save_semicolons}"),
        (_, None, Some(said)) => format!("; {said}: {save_tabs}"),
        _ if named <= 2 => "; this line does not look like a header: if title lines stand \
            above the header, delete them so that the header is the first line"
            .to_string(),
        _ => String::new(),
    }
}

/// What a header split by `separator` (a `;` or a tab) and holding commas
/// within names says of itself: its count of each, when the separator
/// outnumbers the commas.
fn split_by_other(headers: &[String], separator: char, word: &str) -> Option<String> {
    let commas = headers.len().saturating_sub(1);
    let separators: usize = headers
        .iter()
        .map(|name| name.matches(separator).count())
        .sum();
    (separators > commas).then(|| {
        format!(
            "the header holds {} and {}, as a file of {word}s with a comma within a name \
             does",
            crate::safe_text::counted(separators as u64, word),
            crate::safe_text::counted(commas as u64, "comma"),
        )
    })
}

/// The shape of a file with this header, or why it has none.
pub fn plan(headers: &[String]) -> Result<Shape, String> {
    let mut roles = Vec::with_capacity(headers.len());
    for header in headers {
        roles.push(classify_column(header).map_err(|error| error.to_string())?);
    }
    let find = |wanted: &dyn Fn(&ColumnRole) -> bool| -> Result<Option<usize>, String> {
        let mut found = roles.iter().enumerate().filter(|(_, role)| wanted(role));
        let first = found.next().map(|(index, _)| index);
        if let Some((second, _)) = found.next() {
            let first = first.unwrap_or_default();
            return Err(format!(
                "columns \"{}\" and \"{}\" mean the same thing; keep one",
                headers[first], headers[second]
            ));
        }
        Ok(first)
    };
    let patient = find(&|role| *role == ColumnRole::PatientId)?;
    let time = find(&|role| *role == ColumnRole::Time)?;
    let specimen = match find(&|role| *role == ColumnRole::Specimen)? {
        Some(index) => Some(index),
        None => find(&|role| *role == ColumnRole::Encounter)?,
    };
    let test = find(&|role| *role == ColumnRole::Test)?;
    let value = find(&|role| *role == ColumnRole::Value)?;
    let unit = find(&|role| *role == ColumnRole::Unit)?;
    let value_number = find(&|role| *role == ColumnRole::ValueNumber)?;
    let comments = find(&|role| *role == ColumnRole::Comments)?;
    let range = match (
        find(&|role| *role == ColumnRole::RangeLower)?,
        find(&|role| *role == ColumnRole::RangeUpper)?,
    ) {
        (Some(lower), Some(upper)) => Some(RangeColumns { lower, upper }),
        (None, None) => None,
        (Some(one), None) | (None, Some(one)) => {
            return Err(format!(
                "column \"{}\" needs its partner: a lab range takes both \
                 ref_range_lower and ref_range_upper",
                headers[one]
            ));
        }
    };
    let analytes = analyte_columns(headers, &roles)?;

    let (Some(patient), Some(time)) = (patient, time) else {
        let missing = if patient.is_none() { "patient" } else { "time" };
        return Err(format!(
            "no {missing} column; {EXPECTED}{}",
            other_separator(headers)
        ));
    };
    let common = CommonColumns {
        patient,
        time,
        name: find(&|role| *role == ColumnRole::Name)?,
        sex: find(&|role| *role == ColumnRole::Sex)?,
        birth_date: find(&|role| *role == ColumnRole::BirthDate)?,
        specimen,
    };
    let long = test.is_some() && value.is_some();
    // A file neither long nor wide is told what it lacks (below), not
    // about its unit column.
    if long || !analytes.is_empty() {
        refuse_unread_units(headers, &roles, long, unit)?;
    }
    match (test, value) {
        (Some(test), Some(value)) => Ok(Shape::Long {
            common,
            test,
            value,
            value_number,
            comments,
            unit,
            range,
        }),
        // A wide row holds many analytes: a range column could belong to
        // any of them, so it is refused rather than guessed or dropped.
        _ if range.is_some() => Err(
            "ref_range_lower and ref_range_upper belong to a long file (one test per row); \
             a wide file cannot say which analyte they are for"
                .to_string(),
        ),
        _ if !analytes.is_empty() => Ok(Shape::Wide { common, analytes }),
        _ => Err(no_analytes(headers)),
    }
}

/// How a blood count's column is named for hemotrend to read it, said
/// where one is not read (a warning) and where none is (the file refused).
const NAME_A_COUNT: &str = "as docs/inputs.md lists (`plt`, `wbc`, `hgb`, `anc`, ...), with \
     its unit in brackets where it is not the canonical one";

/// Why a file with neither analyte columns nor test and value columns is
/// refused: where its only counts are under names hemotrend does not read
/// (`PLT x10^9/L`, `Hb g/dL`), those are named with how to rename them, as
/// the warning beside a read analyte names them; else what was expected.
fn no_analytes(headers: &[String]) -> String {
    let named: Vec<String> = headers
        .iter()
        .filter(|name| named_like_a_count(name))
        .map(|name| format!("\"{}\"", crate::safe_text::shown_id(name)))
        .collect();
    let (columns, named_like, rename) = match named.as_slice() {
        [] => return format!("no analyte columns and no test/value columns; {EXPECTED}"),
        [one] => (
            format!("column {one}"),
            "is named like a blood count, but not a column",
            "it",
        ),
        [first @ .., last] => (
            format!("columns {} and {last}", first.join(", ")),
            "are named like blood counts, but not columns",
            "each",
        ),
    };
    format!(
        "no analyte columns and no test/value columns: {columns} {named_like} hemotrend \
         reads; rename {rename} {NAME_A_COUNT} (`plt (x10^9/L)`, `hgb (g/dL)`)"
    )
}

/// Refuses a file whose units stand in a column hemotrend would not read
/// as theirs: its values would be read in canonical units beside the unit
/// written (120 g/L shown as 120 g/dL), and a unit is never guessed.
fn refuse_unread_units(
    headers: &[String],
    roles: &[ColumnRole],
    long: bool,
    unit: Option<usize>,
) -> Result<(), String> {
    if let (false, Some(index)) = (long, unit) {
        return Err(format!(
            "column \"{}\" gives units, as a long file's unit column does, but this file \
             has no test and value columns: a wide file's unit is in each analyte's header \
             (`hgb (g/L)`, `plt (/uL)`); write it there and drop this column",
            headers[index]
        ));
    }
    for (index, header) in headers.iter().enumerate() {
        if roles.get(index) != Some(&ColumnRole::Other) {
            continue;
        }
        match crate::ingest::vocabulary::unit_column(header) {
            Some(UnitColumn::Results) if long && unit.is_none() => {
                return Err(format!(
                    "column \"{header}\" seems to give the results' units, but hemotrend \
                     reads them from a column named `unit` (or `units`, `uom`, `valueuom`): \
                     without it every value would be read in its canonical unit; rename \
                     the column `unit`"
                ));
            }
            Some(UnitColumn::Of(analyte))
                if !long
                    && roles.iter().any(|role| {
                        matches!(*role, ColumnRole::Analyte { analyte: read, .. }
                            | ColumnRole::Percentage(read) if read == analyte)
                    }) =>
            {
                return Err(format!(
                    "column \"{header}\" seems to give the unit of {}, but a wide file's unit \
                     is read from the analyte's header only, so its values would be read in \
                     {}; write the unit in that header (`hgb (g/L)`, `plt (/uL)`, as \
                     docs/inputs.md shows) and drop this column",
                    analyte.name(),
                    analyte.unit(),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The analyte and percentage columns with their conversion factors; one
/// column per analyte and per percentage.
fn analyte_columns(headers: &[String], roles: &[ColumnRole]) -> Result<Vec<AnalyteColumn>, String> {
    let mut columns: Vec<AnalyteColumn> = Vec::new();
    for (index, role) in roles.iter().enumerate() {
        let (measure, factor) = match *role {
            ColumnRole::Analyte { analyte, unit } => {
                let factor = factor_to_canonical(analyte, unit).ok_or_else(|| {
                    format!(
                        "column \"{}\": its unit does not fit {} (expected a unit convertible to {})",
                        headers[index],
                        analyte.long_label().to_lowercase(),
                        analyte.unit()
                    )
                })?;
                (Measure::Count(analyte), factor)
            }
            ColumnRole::Percentage(analyte) => (Measure::Percent(analyte), Decimal::lit(1, 0)),
            _ => continue,
        };
        if let Some(earlier) = columns.iter().find(|column| column.measure == measure) {
            return Err(format!(
                "columns \"{}\" and \"{}\" both hold {}; keep one",
                headers[earlier.index], headers[index], measure
            ));
        }
        columns.push(AnalyteColumn {
            index,
            measure,
            factor,
        });
    }
    Ok(columns)
}

#[cfg(test)]
mod tests;
