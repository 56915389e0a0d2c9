//! The common long row of a CBC test read the quick way: a line split in
//! place and UTF-8, of the header's length, in a file that gives no name,
//! sex or birth date, whose value is plain digits (and, where the file has
//! a `valuenum` column, is written there the same or not at all): MIMIC-IV's
//! two million CBC rows in ten million are nearly all so. Every cell is read
//! by the functions the general reader ([`crate::ingest::rows::read_row_into`])
//! calls, in the same way, and the value by [`parse_plain`], which reads
//! plain digits as the general cell reader does; so such a row gives what the
//! general reader gives. Anything else (a masked or censored value, a
//! refusal to explain, a test outside the CBC) is left to the general
//! reader.

use crate::ingest::assembler::entries::Single;
use crate::ingest::cell::is_not_measured;
use crate::ingest::csv_record::{Fields, MAX_FIELD_BYTES, Record};
use crate::ingest::long_value::read_range;
use crate::ingest::rows::{Measure, as_written, read_value};
use crate::ingest::shape::Shape;
use crate::ingest::time::parse_time;
use crate::ingest::units::factor_to_canonical;
use crate::ingest::vocabulary::{
    Resolved, TestName, identify_digits, identify_test, resolve_test_cell,
};
use crate::model::{Censor, Decimal, Timestamp, Value, parse_plain};
use crate::safe_text::{id_unreadable, trim};

/// A long row read the quick way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlainLongRow<'a> {
    pub patient: &'a str,
    pub time: Timestamp,
    pub specimen: Option<&'a str>,
    pub single: Single,
}

/// The last time read the quick way, and its text: a draw's rows come one
/// after another with the same time (MIMIC-IV's twenty or so CBC rows of a
/// draw), read once.
#[derive(Debug, Default)]
pub struct LastTime {
    text: [u8; 32],
    len: usize,
    time: Option<Timestamp>,
}

impl LastTime {
    /// [`parse_time`] of `text`, when it reads.
    fn read(&mut self, text: &str) -> Option<Timestamp> {
        if let Some(time) = self.time
            && self.text.get(..self.len) == Some(text.as_bytes())
        {
            return Some(time);
        }
        let time = parse_time(text).ok()?;
        if let Some(kept) = self.text.get_mut(..text.len()) {
            kept.copy_from_slice(text.as_bytes());
            (self.len, self.time) = (text.len(), Some(time));
        }
        Some(time)
    }
}

/// Reads `record` of a long file the quick way, or `None` to leave it to
/// the general reader.
pub fn read_plain_long<'a>(
    record: &Record<'a>,
    shape: &Shape,
    header_len: usize,
    last_time: &mut LastTime,
) -> Option<PlainLongRow<'a>> {
    let Shape::Long {
        common,
        test,
        value,
        value_number,
        comments: _,
        unit,
        range,
    } = shape
    else {
        return None;
    };
    // A name, sex or birth date may be a cell rejected alone: the general
    // reader's.
    if common.name.is_some() || common.sex.is_some() || common.birth_date.is_some() {
        return None;
    }
    let text = record.plain_text()?;
    if record.count() != header_len || text.len() > MAX_FIELD_BYTES {
        return None;
    }
    let cell = |index: usize| field(record, text, index);
    // The test first, as the general reader reads it.
    let test_cell = trim(cell(*test)?);
    if test_cell.is_empty() {
        return None;
    }
    let test_name =
        identify_digits(test_cell.as_bytes()).unwrap_or_else(|| identify_test(test_cell));
    if test_name == TestName::Other {
        return None;
    }
    let unit_text = match unit {
        // A blank unit refuses a count's row: the general reader's.
        Some(index) => Some(cell(*index)?).filter(|text| !trim(text).is_empty())?,
        None => "",
    };
    let (measure, factor) = match resolve_test_cell(test_name, unit_text).ok()? {
        Resolved::Analyte { analyte, unit } => {
            (Measure::Count(analyte), factor_to_canonical(analyte, unit)?)
        }
        Resolved::Percentage(analyte) => (Measure::Percent(analyte), Decimal::lit(1, 0)),
        Resolved::Other => return None,
    };
    // Who and when.
    let patient = trim(cell(common.patient)?);
    if is_not_measured(patient) || id_unreadable(patient) {
        return None;
    }
    let time_text = cell(common.time)?;
    if trim(time_text).is_empty() {
        return None;
    }
    let time = last_time.read(time_text)?;
    let specimen = match common.specimen {
        Some(index) => Some(trim(cell(index)?)).filter(|text| !text.is_empty()),
        None => None,
    };
    // The value: plain digits, in `valuenum` the same or not at all.
    let value_text = cell(*value)?;
    if let Some(index) = value_number {
        let number = cell(*index)?;
        if !number.is_empty() && number != value_text {
            return None;
        }
    }
    let amount = parse_plain(value_text.as_bytes())?;
    // Refused, with its reason, by the general reader.
    if crate::ingest::rows::thousands_point(value_text, factor).is_some() {
        return None;
    }
    let reading = read_value(measure, Some((Censor::Exact, amount)), factor).ok()??;
    let range = match (range, measure) {
        (Some(range), Measure::Count(_)) => {
            read_range(cell(range.lower)?, cell(range.upper)?, factor).ok()?
        }
        _ => None,
    };
    Some(PlainLongRow {
        patient,
        time,
        specimen,
        single: Single {
            measure,
            value: as_written(Value::new(reading), value_text, factor),
            range,
        },
    })
}

/// Field `index` of a record split in place whose text is `text`.
#[inline(always)]
fn field<'a>(record: &Record<'a>, text: &'a str, index: usize) -> Option<&'a str> {
    let (start, end) = record.plain_bounds(index)?;
    text.get(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::csv_record::Splitter;
    use crate::ingest::rows::{Row, RowKind, read_row_into};
    use crate::ingest::shape::plan;

    const MIMIC: &str = "labevent_id,subject_id,hadm_id,specimen_id,itemid,order_provider_id,\
        charttime,storetime,value,valuenum,valueuom,ref_range_lower,ref_range_upper,flag,priority,comments";

    /// The quick reading of `line` beside the general reader's (as a
    /// `Single`, its patient, time and specimen), or `None` when the quick
    /// way leaves it.
    fn both(header: &str, line: &str) -> Option<(PlainLongRow<'static>, String)> {
        let headers: Vec<String> = header.split(',').map(str::to_string).collect();
        let shape = plan(&headers).unwrap();
        let line: &'static str = Box::leak(line.to_string().into_boxed_str());
        let mut splitter = Splitter::default();
        splitter.prepare(line.as_bytes());
        let splitter: &'static mut Splitter = Box::leak(Box::new(splitter));
        let (record, _) = splitter.next(line.as_bytes(), 0, 1).unwrap();
        let quick = read_plain_long(&record, &shape, headers.len(), &mut LastTime::default())?;
        let mut row = Row::blank();
        let kind = read_row_into(&shape, &headers, &record, &mut row);
        assert_eq!(kind, Ok(RowKind::Kept), "{line}");
        assert!(row.cell_errors.is_empty(), "{line}");
        let general = row.observations.first().map(|o| Single {
            measure: o.measure,
            value: o.value,
            range: o.range,
        });
        let general = format!(
            "{:?} {:?} {:?} {:?}",
            row.patient, row.time, row.specimen, general
        );
        Some((quick, general))
    }

    /// Asserts that the quick way reads every line as the general reader.
    fn read_alike(header: &str, lines: &[&str]) {
        for line in lines {
            let (quick, general) = both(header, line).unwrap_or_else(|| panic!("left: {line}"));
            assert_eq!(shown(&quick), general, "{line}");
        }
    }

    /// Whether the quick way reads `line` (of a file with `header`).
    fn quick_way_reads(header: &str, line: &str) -> bool {
        let headers: Vec<String> = header.split(',').map(str::to_string).collect();
        let shape = plan(&headers).unwrap();
        let mut splitter = Splitter::default();
        splitter.prepare(line.as_bytes());
        let (record, _) = splitter.next(line.as_bytes(), 0, 1).unwrap();
        read_plain_long(&record, &shape, headers.len(), &mut LastTime::default()).is_some()
    }

    fn shown(row: &PlainLongRow<'_>) -> String {
        format!(
            "{:?} {:?} {:?} {:?}",
            row.patient,
            row.time,
            row.specimen,
            Some(row.single)
        )
    }

    #[test]
    fn mimic_rows_are_read_the_quick_way_as_the_general_reader_reads_them() {
        let lines = [
            "1,10014354,29600294,1808066,51265,,2148-08-16 00:00:00,2148-08-16 01:30:00,206,206,K/uL,150,400,,ROUTINE,",
            "2,10014354,,1808066,51222,,2148-08-16 00:00:00,,9.8,9.8,g/dL,13.7,17.5,abnormal,STAT,",
            "3,10014354,,1808066,51221,,2148-08-16 00:00:00,,30.10,,%,40,52,abnormal,,",
            "4,10014354,,1808066,51301,,2148-08-16 00:00:00,,0.4,0.4,K/uL,,,abnormal,,",
            "5,10014354,,1808066,51256,,2148-08-16 00:00:00,,61.0,61.0,%,,,,,a comment",
            "6,10014354,,,51279,,2148-08-16T00:00,,3.91,3.91,m/uL,4.6,6.1,,,",
        ];
        read_alike(MIMIC, &lines);
    }

    #[test]
    fn rows_the_quick_way_cannot_read_are_left() {
        for line in [
            // Masked, censored, disagreeing, not measured, another test.
            "1,10014354,,1808066,51265,,2148-08-16 00:00:00,,___,5,K/uL,150,400,,,<5*.",
            "2,10014354,,1808066,51265,,2148-08-16 00:00:00,,<5,5,K/uL,150,400,,,",
            "3,10014354,,1808066,51265,,2148-08-16 00:00:00,,206,207,K/uL,150,400,,,",
            "4,10014354,,1808066,51265,,2148-08-16 00:00:00,,,,K/uL,150,400,,,",
            "5,10014354,,1808066,50971,,2148-08-16 00:00:00,,4.1,4.1,mEq/L,3.3,5.1,,,",
            // An unknown unit, a range that cannot be read, no time.
            "6,10014354,,1808066,51265,,2148-08-16 00:00:00,,206,206,g/mL,150,400,,,",
            "7,10014354,,1808066,51265,,2148-08-16 00:00:00,,206,206,K/uL,400,150,,,",
            "8,10014354,,1808066,51265,,,,206,206,K/uL,150,400,,,",
            // A wrong field count.
            "9,10014354,,1808066,51265,,2148-08-16 00:00:00,,206,206,K/uL,150,400,,",
        ] {
            assert!(!quick_way_reads(MIMIC, line), "{line}");
        }
    }

    /// A time read again from the last one read is the time its own text
    /// reads, and a text that does not read is never given the last one.
    #[test]
    fn the_last_time_is_given_only_for_the_same_text() {
        let mut last = LastTime::default();
        for text in [
            "2148-08-16 00:00:00",
            "2148-08-16 00:00:00",
            "2148-08-16 00:00:01",
            " 2148-08-16 00:00:01",
            "2148-08-16",
            "not a time",
            "2148-08-16",
            "2148-08-16T00:00:00.000000000000000000000000000000000Z",
        ] {
            assert_eq!(last.read(text), parse_time(text).ok(), "{text}");
        }
    }

    #[test]
    fn a_file_with_names_or_birth_dates_is_left_to_the_general_reader() {
        let header = "patient_id,name,collected_at,test,value,unit";
        assert!(!quick_way_reads(
            header,
            "P1,Jones,2024-01-01T06:00,platelets,150,10^9/L"
        ));
    }

    #[test]
    fn a_plain_long_file_is_read_the_quick_way_too() {
        let header = "patient_id,collected_at,test,value,unit,specimen";
        let lines = [
            "P1,2024-01-01T06:00,platelets,150,10^9/L,S1",
            " P1 ,2024-01-01,hemoglobin,105,g/L,",
            "P1,2024-01-01,hematocrit,0.31,L/L, S2 ",
            "P1,2024-01-01,neutrophils,61,%,S2",
        ];
        read_alike(header, &lines);
    }
}
