//! A patients table of an export folder, joined by id to fill in the
//! details its lab table lacks: MIMIC-IV `patients` (sex; an approximate
//! birth date from `anchor_age` in `anchor_year`) and Synthea's
//! `patients.csv` (name, sex, birth date). Small tables (one row per
//! patient), read whole with the `csv` crate, as bytes: a cell that cannot
//! be read (not UTF-8, or no date) is a warning and that detail stays
//! unknown; nothing is rejected, since no result is lost. A cell of a
//! column not read costs nothing, whatever its bytes.

use std::io::Read;

use crate::ingest::FileProblem;
use crate::ingest::assembler::RowLog;
use crate::ingest::assembler::entries::Source;
use crate::ingest::rows::NOT_UTF8;
use crate::ingest::source::JoinTable;
use crate::ingest::time::parse_time;
use crate::model::{PatientInfo, Sex};

/// The columns a table is read from, by name (case-insensitive).
struct Columns {
    id: usize,
    sex: usize,
    first: Option<usize>,
    last: Option<usize>,
    birth: Option<usize>,
    anchor_age: Option<usize>,
    anchor_year: Option<usize>,
}

/// Reads the table at `name` and records each patient's details in the log.
pub fn read_patient_table(
    log: &mut RowLog,
    name: &str,
    table: JoinTable,
    input: impl Read,
) -> Result<(), FileProblem> {
    // Records end at LF alone (a CR before it is trimmed off the last
    // cell): with CRLF as the terminator, the csv crate starts each record
    // at the LF of the one before and counts it a line short.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input);
    // Names not UTF-8 are shown as they probably read: the columns looked
    // for are ASCII, so none is missed for it.
    let header = reader
        .byte_headers()
        .map_err(|error| FileProblem(format!("cannot be read: {error}")))?;
    let at_header = super::csv_file::at_line(header.position().map_or(1, |p| p.line()));
    let headers: Vec<String> = header
        .iter()
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    let find = |wanted: &str| {
        headers
            .iter()
            .position(|header| header.trim().eq_ignore_ascii_case(wanted))
    };
    let (id, sex) = match table {
        JoinTable::MimicPatients => (find("subject_id"), find("gender")),
        JoinTable::SyntheaPatients => (find("id"), find("gender")),
        JoinTable::OmopPerson => (find("person_id"), find("gender_concept_id")),
    };
    let (Some(id), Some(sex)) = (id, sex) else {
        let expected = match table {
            JoinTable::MimicPatients => "subject_id and gender (MIMIC-IV patients)",
            JoinTable::SyntheaPatients => "Id and GENDER (Synthea patients.csv)",
            JoinTable::OmopPerson => "person_id and gender_concept_id (OMOP PERSON)",
        };
        // A header of tabs is one name to a comma reader.
        if headers.iter().any(|h| h.contains('\t')) {
            return Err(at_header(FileProblem(
                "a patients table separated by tabs: hemotrend reads comma-separated tables \
                 (save it as CSV)"
                    .into(),
            )));
        }
        return Err(at_header(FileProblem(format!(
            "a patients table needs the columns {expected}"
        ))));
    };
    let columns = Columns {
        id,
        sex,
        first: find("first"),
        last: find("last"),
        birth: find("birthdate"),
        anchor_age: find("anchor_age"),
        anchor_year: find("anchor_year"),
    };
    // Every column a detail is read from (below): a cell of one that is
    // not UTF-8 is named; in any other column it costs nothing.
    let birth_columns = match table {
        JoinTable::SyntheaPatients => vec![columns.birth],
        JoinTable::MimicPatients => vec![columns.anchor_age, columns.anchor_year],
        JoinTable::OmopPerson => [
            "birth_datetime",
            "year_of_birth",
            "month_of_birth",
            "day_of_birth",
        ]
        .map(find)
        .to_vec(),
    };
    let mut read: Vec<usize> = [Some(columns.sex), columns.first, columns.last]
        .into_iter()
        .chain(birth_columns)
        .flatten()
        .collect();
    read.sort_unstable();
    read.dedup();
    let file = log.begin_table(name.to_string());
    // Bytes, not text: one cell in another encoding (a Latin-1 name) is
    // that cell's problem, not the whole table's (the `csv` crate's text
    // records refuse the file at the first such byte).
    let mut record = csv::ByteRecord::new();
    // Each patient's first row, and its line: a later row of the same id
    // is not joined (the first is), and what it says otherwise is warned
    // of, never dropped in silence.
    let mut seen: std::collections::HashMap<String, (u64, PatientInfo)> =
        std::collections::HashMap::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(FileProblem(format!("cannot be read: {error}"))),
        }
        let line = record.position().map_or(0, |p| p.line());
        let text = |index: usize| std::str::from_utf8(record.get(index).unwrap_or_default());
        // A cell that is not UTF-8 reads as empty here; it is named below.
        let cell = |index: Option<usize>| {
            index
                .and_then(|i| text(i).ok())
                .map(str::trim)
                .filter(|text| !text.is_empty())
        };
        // A row of another length has its cells out of place (a comma lost
        // or added): its sex or birth could be read from another column.
        if record.len() != headers.len() {
            let patient = cell(Some(columns.id));
            if let Some(patient) = patient {
                log.not_joined(patient);
            }
            log.warn_of(
                patient,
                Source { file, line },
                None,
                format!(
                    "the row has {}; the header has {}: the row is not joined",
                    crate::safe_text::counted(record.len() as u64, "field"),
                    headers.len()
                ),
            );
            continue;
        }
        if text(columns.id).is_err() {
            log.warn(
                Source { file, line },
                Some(headers[columns.id].to_string()),
                format!("{NOT_UTF8}: the row is not joined"),
            );
            continue;
        }
        // `NA`, `N/A`, `-` name nobody (DESIGN.md), as in the lab tables.
        let id = cell(Some(columns.id)).filter(|id| !crate::ingest::cell::is_not_measured(id));
        let Some(patient) = id else {
            log.warn(
                Source { file, line },
                Some(headers[columns.id].to_string()),
                "no patient id: the row is not joined".into(),
            );
            continue;
        };
        let mut warn = |column: usize, reason: String| {
            let column = Some(headers[column].to_string());
            log.warn_of(Some(patient), Source { file, line }, column, reason);
        };
        // A birth column that cannot be read leaves the birth unknown: the
        // others alone would make one up (OMOP's year alone is 1 January).
        let unreadable = |index: Option<usize>| index.is_some_and(|i| text(i).is_err());
        let birth_unreadable = match table {
            JoinTable::SyntheaPatients => unreadable(columns.birth),
            // birth_datetime decides when it is given; else the parts do.
            JoinTable::OmopPerson => {
                unreadable(find("birth_datetime"))
                    || (cell(find("birth_datetime")).is_none()
                        && ["year_of_birth", "month_of_birth", "day_of_birth"]
                            .into_iter()
                            .any(|column| unreadable(find(column))))
            }
            JoinTable::MimicPatients => {
                unreadable(columns.anchor_age) || unreadable(columns.anchor_year)
            }
        };
        let birth_columns = [
            columns.birth,
            columns.anchor_age,
            columns.anchor_year,
            find("birth_datetime"),
            find("year_of_birth"),
            find("month_of_birth"),
            find("day_of_birth"),
        ];
        for &index in &read {
            if text(index).is_err() {
                // Said where it costs the birth date: the age is unknown.
                let reason = if birth_unreadable && birth_columns.contains(&Some(index)) {
                    format!(
                        "{NOT_UTF8}; the birth date is not known, so the limits for the age \
                         cannot apply (the adult ones do)"
                    )
                } else {
                    NOT_UTF8.to_string()
                };
                warn(index, reason);
            }
        }
        let sex = match cell(Some(columns.sex)) {
            // OMOP's gender concepts.
            Some("8507") => Sex::Male,
            Some("8532") => Sex::Female,
            Some(text) if text.eq_ignore_ascii_case("m") || text.eq_ignore_ascii_case("male") => {
                Sex::Male
            }
            Some(text) if text.eq_ignore_ascii_case("f") || text.eq_ignore_ascii_case("female") => {
                Sex::Female
            }
            _ => Sex::Unknown,
        };
        let name = match (cell(columns.first), cell(columns.last)) {
            // As the FHIR reader writes a name: family, given.
            (Some(first), Some(last)) => Some(format!("{last}, {first}")),
            (None, Some(only)) | (Some(only), None) => Some(only.to_string()),
            (None, None) => None,
        };
        let birth_date = match table {
            _ if birth_unreadable => None,
            JoinTable::SyntheaPatients => cell(columns.birth).and_then(|text| {
                parse_time(text)
                    .map_err(|error| {
                        let problem = crate::ingest::time::birth_date_problem(text, &error);
                        let reason = format!(
                            "{problem}; the age is unknown, so the limits \
                             for adults apply"
                        );
                        warn(columns.birth.unwrap_or_default(), reason);
                    })
                    .ok()
            }),
            JoinTable::OmopPerson => omop_birth([
                cell(find("birth_datetime")),
                cell(find("year_of_birth")),
                cell(find("month_of_birth")),
                cell(find("day_of_birth")),
            ])
            .map_err(|(column, reason)| warn(find(column).unwrap_or(columns.id), reason))
            .ok()
            .flatten(),
            JoinTable::MimicPatients => {
                approximate_birth(cell(columns.anchor_age), cell(columns.anchor_year))
                    .map_err(|reason| warn(columns.anchor_age.unwrap_or_default(), reason))
                    .ok()
                    .flatten()
            }
        };
        // MIMIC gives an age, not a date; OMOP may give the year (and month)
        // alone, the rest taken as 1: either is a birth date about right.
        let partial_omop = table == JoinTable::OmopPerson
            && cell(find("birth_datetime")).is_none()
            && (cell(find("month_of_birth")).is_none() || cell(find("day_of_birth")).is_none());
        let info = PatientInfo {
            id: patient.to_string(),
            name,
            sex,
            birth_date,
            birth_approximate: birth_date.is_some()
                && (table == JoinTable::MimicPatients || partial_omop),
        };
        if let Some((first_line, first)) = seen.get(patient) {
            let name_column = columns.last.or(columns.first).unwrap_or(columns.id);
            let birth_column = columns.birth.or(columns.anchor_age).unwrap_or(columns.id);
            for (column, what, earlier, later) in differences(first, &info) {
                let column = [name_column, columns.sex, birth_column][column];
                let reason = format!(
                    "{what} {later} conflicts with {earlier} on line {first_line} for the same \
                     patient (the earlier is kept)"
                );
                let column = Some(headers[column].to_string());
                log.warn_of(Some(patient), Source { file, line }, column, reason);
            }
            continue;
        }
        seen.insert(patient.to_string(), (line, info.clone()));
        log.join_details(info);
    }
    Ok(())
}

/// The details of `later` that differ from `first`'s, each as (0 name,
/// 1 sex, 2 birth date; its word; the first's text; the later's).
fn differences(
    first: &PatientInfo,
    later: &PatientInfo,
) -> Vec<(usize, &'static str, String, String)> {
    let mut found = Vec::new();
    if let (Some(a), Some(b)) = (&first.name, &later.name)
        && a != b
    {
        found.push((0, "name", a.clone(), b.clone()));
    }
    if first.sex != Sex::Unknown && later.sex != Sex::Unknown && first.sex != later.sex {
        let code = |sex: Sex| sex.code().unwrap_or("unknown").to_string();
        found.push((1, "sex", code(first.sex), code(later.sex)));
    }
    if let (Some(a), Some(b)) = (first.birth_date, later.birth_date)
        && a.instant() != b.instant()
    {
        found.push((2, "birth date", a.to_string(), b.to_string()));
    }
    found
}

/// OMOP's birth: `birth_datetime`, else `year_of_birth` with
/// `month_of_birth` and `day_of_birth` (1 where not given); an error names
/// the column at fault.
fn omop_birth(
    [datetime, year, month, day]: [Option<&str>; 4],
) -> Result<Option<crate::model::Timestamp>, (&'static str, String)> {
    if let Some(text) = datetime {
        return parse_time(text)
            .map(Some)
            .map_err(|error| ("birth_datetime", format!("birth_datetime: {error}")));
    }
    let Some(year) = year else {
        return Ok(None);
    };
    let number = year.parse::<u32>().map_err(|_| {
        (
            "year_of_birth",
            format!("year_of_birth {year:?} is not a year"),
        )
    })?;
    let part = |text: Option<&str>, column: &'static str, most: u32| {
        let text = text.unwrap_or("1");
        match text.parse::<u32>() {
            Ok(n) if (1..=most).contains(&n) => Ok(n),
            _ => Err((
                column,
                format!("{column} {text:?} is not a {}", &column[..column.len() - 9]),
            )),
        }
    };
    let month = part(month, "month_of_birth", 12)?;
    let day = part(day, "day_of_birth", 31)?;
    parse_time(&format!("{number:04}-{month:02}-{day:02}"))
        .map(Some)
        .map_err(|error| ("day_of_birth", format!("year/month/day_of_birth: {error}")))
}

/// MIMIC-IV gives the age (`anchor_age`) in a shifted year (`anchor_year`),
/// not a birth date: the patient was born within a year either side of
/// 1 January of `anchor_year - anchor_age`, which is taken (an age off by
/// at most a year; MIMIC writes every age over 89 as 91).
fn approximate_birth(
    age: Option<&str>,
    year: Option<&str>,
) -> Result<Option<crate::model::Timestamp>, String> {
    let (Some(age), Some(year)) = (age, year) else {
        return Ok(None);
    };
    let (Ok(age), Ok(year)) = (age.parse::<i32>(), year.parse::<i32>()) else {
        return Err(format!(
            "anchor_age {age} in anchor_year {year} is not an age in a year: the age is unknown"
        ));
    };
    let born = year - age;
    if !(1..=9999).contains(&born) || age < 0 {
        return Err(format!(
            "anchor_age {age} in anchor_year {year} gives no birth year: the age is unknown"
        ));
    }
    parse_time(&format!("{born:04}-01-01"))
        .map(Some)
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An OMOP birth that is no date names the column at fault, never
    /// another (the sex's, before).
    #[test]
    fn an_omop_birth_error_names_its_column() {
        let column = |parts: [Option<&str>; 4]| omop_birth(parts).err().map(|(c, _)| c);
        assert_eq!(
            column([None, Some("1980"), Some("13"), Some("1")]),
            Some("month_of_birth")
        );
        assert_eq!(
            column([None, Some("1980"), Some("2"), Some("30")]),
            Some("day_of_birth")
        );
        assert_eq!(column([None, Some("x"), None, None]), Some("year_of_birth"));
        assert_eq!(
            column([Some("1980-02-30"), Some("1980"), None, None]),
            Some("birth_datetime")
        );
        assert_eq!(
            omop_birth([None, Some("1980"), None, None]).map(|b| b.map(|t| t.to_string())),
            Ok(Some("1980-01-01".to_string()))
        );
    }

    /// A table without the columns it needs is said at its header's line.
    #[test]
    fn a_table_without_its_columns_names_the_headers_line() {
        let problem = |text: &str| {
            let mut log = RowLog::default();
            read_patient_table(
                &mut log,
                "patients.csv",
                JoinTable::MimicPatients,
                text.as_bytes(),
            )
            .err()
            .map(|FileProblem(reason)| reason)
        };
        assert_eq!(
            problem("subject_id,anchor_age\n1,40\n").as_deref(),
            Some(
                "line 1: a patients table needs the columns subject_id and gender (MIMIC-IV patients)"
            )
        );
        assert!(problem("subject_id\tgender\n1\tF\n").is_some_and(|reason| {
            reason.starts_with("line 1: a patients table separated by tabs")
        }));
        assert_eq!(problem("subject_id,gender\n1,F\n"), None);
    }

    #[test]
    fn mimic_ages_give_the_first_of_january_of_the_birth_year() {
        let birth = approximate_birth(Some("52"), Some("2180"))
            .unwrap()
            .unwrap();
        assert_eq!(birth.to_string(), "2128-01-01");
        assert_eq!(approximate_birth(None, Some("2180")), Ok(None));
        assert!(approximate_birth(Some("old"), Some("2180")).is_err());
    }
}
