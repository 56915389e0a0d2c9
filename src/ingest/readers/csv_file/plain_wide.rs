//! The common wide row read in one pass: no quotes, no white space around
//! cells, every value empty or plain digits. It gives exactly what the
//! general reader ([`crate::ingest::rows::read_row_into`]) gives for such a
//! row; anything else (a censored value, `NA`, a refusal to explain) is left
//! to the general reader, which says why; so is a row with no value at all,
//! which makes no draw.

use crate::ingest::cell::is_not_measured;
use crate::ingest::csv_record::{Fields, MAX_FIELD_BYTES, Record};
use crate::ingest::derive::DERIVATIONS;
use crate::ingest::rows::{Measure, as_written, parse_sex, read_value};
use crate::ingest::shape::Shape;
use crate::ingest::time::parse_time;
use crate::model::{
    Analyte, Censor, Codes, Decimal, Escape, PackedValues, Sex, Timestamp, Value, parse_plain,
};
use crate::safe_text::{holds_control, id_unreadable};

/// A wide row read the quick way.
pub struct PlainRow<'a> {
    pub patient: &'a str,
    pub name: Option<&'a str>,
    pub sex: Option<Sex>,
    pub birth: Option<Timestamp>,
    pub time: Timestamp,
    pub specimen: Option<&'a str>,
    /// The analytes' values, packed; those without a code were pushed onto
    /// the escapes given.
    pub values: PackedValues,
    pub percents: [Value; DERIVATIONS.len()],
}

/// A cell with nothing to trim: empty, or starting and ending with a
/// visible ASCII character.
fn untrimmed(text: &str) -> Option<&str> {
    match text.as_bytes() {
        [] => Some(text),
        [only] if only.is_ascii_graphic() => Some(text),
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => Some(text),
        _ => None,
    }
}

/// [`crate::ingest::cell::written_decimals`] of a cell [`parse_plain`] read (digits and at most
/// one point, at most 9 bytes): the digits after the point.
fn plain_decimals(cell: &[u8]) -> u8 {
    let point = cell.iter().position(|&byte| byte == b'.');
    point.map_or(0, |point| (cell.len() - point - 1) as u8)
}

/// Reads `record` of a wide file the quick way, pushing its values without
/// a code onto `escapes` (as draw 0), or `None` to leave it to the general
/// reader (and `escapes` as it was).
pub fn read_plain_wide<'a>(
    record: &Record<'a>,
    shape: &Shape,
    header_len: usize,
    escapes: &mut Vec<Escape>,
) -> Option<PlainRow<'a>> {
    let before = escapes.len();
    let row = read_plain(record, shape, header_len, escapes);
    if row.is_none() {
        escapes.truncate(before);
    }
    row
}

fn read_plain<'a>(
    record: &Record<'a>,
    shape: &Shape,
    header_len: usize,
    escapes: &mut Vec<Escape>,
) -> Option<PlainRow<'a>> {
    let Shape::Wide { common, analytes } = shape else {
        return None;
    };
    let text = record.plain_text()?;
    if record.count() != header_len || text.len() > MAX_FIELD_BYTES {
        return None;
    }
    let cell = |index: usize| -> Option<&'a str> {
        let (start, end) = record.plain_bounds(index)?;
        untrimmed(text.get(start..end)?)
    };
    let optional = |index: Option<usize>| -> Option<Option<&'a str>> {
        match index {
            Some(index) => cell(index).map(|text| (!text.is_empty()).then_some(text)),
            None => Some(None),
        }
    };
    let patient = cell(common.patient).filter(|p| !is_not_measured(p) && !id_unreadable(p))?;
    let time = parse_time(cell(common.time).filter(|t| !t.is_empty())?).ok()?;
    // `NA`, `N/A`, `-`: no birth date, and no name (DESIGN.md).
    let given = |text: Option<&'a str>| text.filter(|text| !is_not_measured(text));
    let birth = match given(optional(common.birth_date)?) {
        Some(text) => Some(parse_time(text).ok()?),
        None => None,
    };
    // A sex holding control characters is a cell the general reader rejects.
    let sex = optional(common.sex)?;
    if sex.is_some_and(holds_control) {
        return None;
    }
    let mut row = PlainRow {
        patient,
        name: given(optional(common.name)?),
        sex: sex.and_then(parse_sex),
        birth,
        time,
        specimen: optional(common.specimen)?,
        values: PackedValues::EMPTY,
        percents: [Value::MISSING; DERIVATIONS.len()],
    };
    let mut codes = Codes::MISSING;
    let mut any_value = false;
    for column in analytes {
        // `parse_plain` refuses anything but digits and one point (white
        // space included), so an analyte's cell needs no trimming check.
        let (start, end) = record.plain_bounds(column.index)?;
        if start == end {
            continue;
        }
        let canonical = column.factor == Decimal::lit(1, 0);
        let bounded = matches!(
            column.measure,
            Measure::Count(Analyte::Hct) | Measure::Percent(_)
        );
        // Most cells are short and coded as written: read in one pass.
        if canonical
            && let Some(code) = Value::written_code(text.as_bytes().get(start..end)?)
            && !(bounded && Value::code_over_hundred(code))
        {
            any_value = true;
            match column.measure {
                Measure::Count(analyte) => codes.set_code(analyte, code),
                Measure::Percent(analyte) => {
                    let slot = DERIVATIONS.iter().position(|d| d.target == analyte)?;
                    row.percents[slot] = Value::from_code(code)?;
                }
            }
            continue;
        }
        let written = parse_plain(text.as_bytes().get(start..end)?)?;
        any_value = true;
        let cell = text.get(start..end)?;
        // Refused, with its reason, by the general reader.
        if !canonical && crate::ingest::rows::thousands_point(cell, column.factor).is_some() {
            return None;
        }
        let value = if canonical && !bounded {
            Value::exact(written).with_written_decimals(plain_decimals(cell.as_bytes()))
        } else {
            let reading = read_value(
                column.measure,
                Some((Censor::Exact, written)),
                column.factor,
            )
            .ok()??;
            as_written(Value::new(reading), cell, column.factor)
        };
        match column.measure {
            Measure::Count(analyte) => codes.set(analyte, value, 0, escapes),
            Measure::Percent(analyte) => {
                let slot = DERIVATIONS.iter().position(|d| d.target == analyte)?;
                row.percents[slot] = value;
            }
        }
    }
    if !any_value {
        return None;
    }
    row.values = codes.pack();
    Some(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::cell::written_decimals;
    use crate::ingest::csv_record::Splitter;
    use crate::ingest::rows::{Row, RowKind, read_row_into};
    use crate::ingest::shape::plan;

    const HEADER: &str =
        "patient_id,name,sex,birth_date,collected_at,wbc,hgb,hct,plt,neutrophils (%)";

    /// The quick reading of `line` beside the general reader's, or `None`
    /// when the quick way leaves it.
    fn both(line: &str) -> Option<(String, String)> {
        let headers: Vec<String> = HEADER.split(',').map(str::to_string).collect();
        let shape = plan(&headers).unwrap();
        let mut splitter = Splitter::default();
        splitter.prepare(line.as_bytes());
        let (record, _) = splitter.next(line.as_bytes(), 0, 1).unwrap();
        let mut escapes = Vec::new();
        let quick = read_plain_wide(&record, &shape, headers.len(), &mut escapes)?;
        let mut row = Row::blank();
        let kind = read_row_into(&shape, &headers, &record, &mut row);
        assert_eq!(kind, Ok(RowKind::Kept), "{line}");
        let (counts, percents) = super::super::parse::wide_facts(&row);
        let general = format!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            row.patient,
            row.name,
            row.sex,
            row.birth_date,
            row.time,
            row.specimen,
            counts,
            percents
        );
        let quick = format!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            quick.patient,
            quick.name,
            quick.sex,
            quick.birth,
            quick.time,
            quick.specimen,
            quick.values.unpack(0, &escapes),
            quick.percents
        );
        Some((quick, general))
    }

    #[test]
    fn quoted_fields_are_read_the_quick_way_as_the_general_reader_reads_them() {
        for line in [
            "P1,\"Jones12, Charles 0000012\",F,1950-01-10,2024-01-01T06:00,8.75,10.7,32.6,331,61",
            "\"P1\",\"Jones\",\"M\",\"1950-01-10\",\"2024-01-01\",\"8.0\",\"10\",\"30\",\"150\",\"\"",
            "P1,\"\",,,2024-01-01T06:00,4,,,,",
            "P1,Jones,F,,2024-01-01T06:00,,,,12,",
            // Not-measured markers: no name, no birth date.
            "P1,NA,F,N/A,2024-01-01T06:00,,,,12,",
            "P1,-,F,-,2024-01-01T06:00,,,,12,",
        ] {
            let (quick, general) = both(line).unwrap_or_else(|| panic!("left: {line}"));
            assert_eq!(quick, general, "{line}");
        }
    }

    #[test]
    fn plain_cells_count_their_decimals_as_written_decimals_does() {
        for cell in ["8", "8.", "8.0", ".25", "10.700", "12345678", "1.2345678"] {
            assert!(parse_plain(cell.as_bytes()).is_some(), "{cell}");
            assert_eq!(
                plain_decimals(cell.as_bytes()),
                written_decimals(cell),
                "{cell}"
            );
        }
    }

    #[test]
    fn quoted_cells_the_quick_way_cannot_read_are_left() {
        for line in [
            // Decoded by csv-core: `""` inside, a line end inside.
            "P1,\"Jo\"\"nes\",F,1950-01-10,2024-01-01T06:00,8.75,10.7,32.6,331,61",
            // White space inside the quotes, a censored or absent value.
            "P1,\" Jones\",F,1950-01-10,2024-01-01T06:00,8.75,10.7,32.6,331,61",
            "P1,Jones,F,1950-01-10,2024-01-01T06:00,\"<1\",10.7,32.6,331,61",
            "P1,Jones,F,1950-01-10,2024-01-01T06:00,\"NA\",10.7,32.6,331,61",
            "P1,Jones,F,1950-01-10,2024-01-01T06:00,\" 8\",10.7,32.6,331,61",
            // Over 100 %: refused, by the general reader.
            "P1,Jones,F,1950-01-10,2024-01-01T06:00,8.75,10.7,100.1,331,61",
            "P1,Jones,F,1950-01-10,2024-01-01T06:00,8.75,10.7,32.6,331,101",
        ] {
            assert!(both(line).is_none(), "{line}");
        }
    }
}
