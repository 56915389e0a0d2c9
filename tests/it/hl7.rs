//! HL7 v2 ORU^R01 messages written for these tests: preliminary then final
//! results, corrections, withdrawn results, batches, MLLP framing, LF-only
//! files, escape sequences, repeated identifiers, local codes with a LOINC
//! alternate, SN values; and the NIST reference CBC message when
//! ../shared/real-data is present.

use std::path::Path;

use hemotrend::ingest::{load, load_texts};
use hemotrend::model::{Analyte, Censor, Dataset, Decimal, Reading, Sex};

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

fn load_hl7(text: &str) -> Dataset {
    load_texts(&[("m.hl7", text)]).unwrap()
}

/// The value of `analyte` in the patient's draw `draw`.
fn value(dataset: &Dataset, patient: &str, draw: usize, analyte: Analyte) -> Option<Reading> {
    let patient = dataset.patient(patient).unwrap();
    dataset
        .draws(patient)
        .get(draw)
        .unwrap()
        .values
        .reading(analyte)
}

fn exact(text: &str) -> Option<Reading> {
    Some(Reading::exact(d(text)))
}

const MSH: &str = "MSH|^~\\&|LAB|FAC|EHR|FAC|20240102120000||ORU^R01^ORU_R01|1|P|2.5.1";
const PID: &str = "PID|1||P-1^^^LAB^MR||Rowe^Ada^M||19700201|F";
const OBR: &str = "OBR|1|||57021-8^CBC^LN|||202401020800-0500";

fn obx(n: u32, code: &str, value: &str, unit: &str, status: &str) -> String {
    format!("OBX|{n}|NM|{code}^^LN||{value}|{unit}|||||{status}")
}

/// One message of the patient and order above with these OBX segments,
/// loaded; it must refuse nothing.
fn load_results(results: &[&str]) -> Dataset {
    let mut segments = vec![MSH, PID, OBR];
    segments.extend_from_slice(results);
    let dataset = load_hl7(&segments.join("\r"));
    let refused = &dataset.report().rejected;
    assert!(refused.is_empty(), "{refused:?}");
    dataset
}

/// These files loaded; they must refuse nothing.
fn load_refusing_nothing(files: &[(&str, &str)]) -> Dataset {
    let dataset = load_texts(files).unwrap();
    let refused = &dataset.report().rejected;
    assert!(refused.is_empty(), "{refused:?}");
    dataset
}

/// One message of the patient and order above with these OBX segments.
fn message(results: &[String]) -> String {
    let mut segments = vec![MSH.to_string(), PID.to_string(), OBR.to_string()];
    segments.extend_from_slice(results);
    segments.join("\r")
}

#[test]
fn a_final_result_replaces_the_preliminary_and_a_correction_the_final() {
    let text = [
        MSH.to_string(),
        PID.to_string(),
        OBR.to_string(),
        obx(1, "777-3", "20", "10*3/uL", "P"),
        obx(2, "718-7", "9.0", "g/dL", "P"),
        MSH.to_string(),
        PID.to_string(),
        OBR.to_string(),
        obx(1, "777-3", "18", "10*3/uL", "F"),
        obx(2, "718-7", "9.1", "g/dL", "F"),
        obx(3, "6690-2", "2.0", "10*3/uL", "F"),
        MSH.to_string(),
        PID.to_string(),
        OBR.to_string(),
        obx(1, "6690-2", "2.4", "10*3/uL", "C"),
        obx(2, "789-8", "3.1", "10*6/uL", "X"),
        obx(3, "718-7", "9.1", "g/dL", "D"),
    ]
    .join("\r");
    let dataset = load_hl7(&text);
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
    let patient = dataset.patient("P-1").unwrap();
    assert_eq!(
        dataset.draws(patient).len(),
        1,
        "one draw: one collection time"
    );
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("18"));
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Wbc), exact("2.4"));
    assert_eq!(
        value(&dataset, "P-1", 0, Analyte::Rbc),
        None,
        "X: no result"
    );
    assert_eq!(
        value(&dataset, "P-1", 0, Analyte::Hgb),
        None,
        "D: withdrawn"
    );
    assert_eq!(dataset.report().rows_read, 3 + 8, "3 PID, 8 OBX");
    // Replaced or withdrawn, so not loaded: both preliminaries, the WBC
    // its correction replaced and the hemoglobin D withdrew. Loaded: the
    // three PID and the platelets and WBC shown; X and D hold no value.
    let report = dataset.report();
    assert_eq!(report.replaced, 4);
    assert_eq!(report.without_value, 2);
    assert_eq!(report.rows_loaded(), 3 + 2);
}

/// The status decides, not the order of the segments: a final result sent
/// after its correction, or a preliminary one after its final, is passed
/// over, never refused as a second result in conflict.
#[rstest::rstest]
#[case::final_after_its_correction(&["80", "C"], &["100", "F"], "80")]
#[case::preliminary_after_its_final(&["100", "F"], &["80", "P"], "100")]
#[case::preliminary_after_a_correction(&["90", "C"], &["80", "P"], "90")]
fn a_result_of_lower_status_sent_later_is_superseded(
    #[case] first: &[&str],
    #[case] second: &[&str],
    #[case] kept: &str,
) {
    let dataset = load_results(&[
        &obx(1, "777-3", first[0], "10*3/uL", first[1]),
        &obx(2, "777-3", second[0], "10*3/uL", second[1]),
    ]);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact(kept));
    // The one passed over is counted so, never as loaded.
    assert_eq!(dataset.report().replaced, 1);
    assert_eq!(
        dataset.report().rows_loaded(),
        1 + 1,
        "the PID and one result"
    );
}

/// A D or W withdraws the result sent before it, and the load says so at
/// the withdrawal's line: a value that was sent is never gone unsaid.
#[test]
fn a_withdrawn_result_is_named_in_a_warning() {
    for letter in ["D", "W"] {
        let dataset = load_results(&[
            &obx(1, "777-3", "100", "10*3/uL", "F"),
            &obx(2, "718-7", "9.0", "g/dL", "F"),
            &obx(3, "777-3", "", "10*3/uL", letter),
        ]);
        assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), None, "{letter}");
        assert_eq!(value(&dataset, "P-1", 0, Analyte::Hgb), exact("9.0"));
        let warnings: Vec<_> = dataset
            .report()
            .warnings
            .iter()
            .map(|w| (w.line, w.column.as_deref(), w.reason.as_str()))
            .collect();
        let reason =
            format!("status {letter} withdraws the plt result 100 of line 4: it is not loaded");
        assert_eq!(warnings, [(6, Some("OBX-11"), reason.as_str())]);
    }
}

/// LOINC written out as the coding system (`LOINC` for `LN`), and an SN
/// value written without its `^` (`100`, `<10`): read as what they plainly
/// are, never ignored or refused as a "comparator".
#[test]
fn loinc_written_out_and_a_bare_sn_number_are_read() {
    let dataset = load_results(&[
        "OBX|1|NM|777-3^Platelets^LOINC||45|10*3/uL|||||F",
        "OBX|2|SN|6690-2^WBC^LN||<1.0|10*3/uL|||||F",
        "OBX|3|SN|718-7^Hb^LN||9.0|g/dL|||||F",
    ]);
    assert_eq!(dataset.report().ignored, 0);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("45"));
    assert_eq!(
        value(&dataset, "P-1", 0, Analyte::Wbc),
        Some(Reading {
            amount: d("1.0"),
            censor: Censor::Below,
            derived: false,
        })
    );
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Hgb), exact("9.0"));
}

/// A withdrawal carries no result, often no unit: it still withdraws what
/// its test names; one with nothing of its test before it in the file says
/// so, since a result in another file stays loaded.
#[test]
fn a_withdrawal_without_a_unit_withdraws_and_one_without_a_result_says_so() {
    let dataset = load_results(&[
        &obx(1, "777-3", "100", "10*3/uL", "F"),
        "OBX|2|NM|777-3^^LN||||||||D",
        "OBX|3|NM|718-7^^LN||||||||W",
    ]);
    assert!(
        dataset.patient("P-1").is_none(),
        "the only result withdrawn"
    );
    let warnings: Vec<_> = dataset
        .report()
        .warnings
        .iter()
        .map(|w| (w.line, w.reason.as_str()))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0].0, 5);
    assert!(
        warnings[0]
            .1
            .starts_with("status D withdraws the plt result 100")
    );
    assert_eq!(warnings[1].0, 6);
    assert!(
        warnings[1]
            .1
            .starts_with("status W withdraws the hgb result, but none")
    );
}

/// Two final results of one test (a conflict, or the same value twice),
/// then a D: both are withdrawn, named in one warning; neither stays
/// graded under a warning that says it is not loaded.
#[test]
fn a_withdrawal_withdraws_every_result_of_its_test() {
    for second in ["60", "18"] {
        let text = [
            MSH.to_string(),
            PID.to_string(),
            OBR.to_string(),
            obx(1, "777-3", "18", "10*3/uL", "F"),
            obx(2, "777-3", second, "10*3/uL", "F"),
            obx(3, "718-7", "9.0", "g/dL", "F"),
            "OBX|4|NM|777-3^^LN||||||||D".to_string(),
        ]
        .join("\r");
        let dataset = load_hl7(&text);
        assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), None, "{second}");
        assert_eq!(value(&dataset, "P-1", 0, Analyte::Hgb), exact("9.0"));
        assert!(dataset.report().rejected.is_empty(), "{second}");
        let warned: Vec<&str> = crate::support::reasons(&dataset.report().warnings);
        let expected = format!(
            "status D withdraws the plt results 18 of line 4, {second} of line 5: they are not loaded"
        );
        assert_eq!(warned, [expected.as_str()]);
    }
}

/// An SN number written without its `^` reads as NM would (`=5` exact,
/// `+5` five); what is not a number is said to be one, never a
/// "comparator".
#[test]
fn a_bare_sn_number_reads_as_a_number_or_says_why_not() {
    let text = [
        MSH.to_string(),
        PID.to_string(),
        OBR.to_string(),
        "OBX|1|SN|6690-2^^LN||=5|10*3/uL|||||F".to_string(),
        "OBX|2|SN|777-3^^LN||+45|10*3/uL|||||F".to_string(),
        "OBX|3|SN|751-8^^LN||Inf|10*3/uL|||||F".to_string(),
    ]
    .join("\r");
    let dataset = load_hl7(&text);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Wbc), exact("5"));
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("45"));
    let refused: Vec<_> = crate::support::reasons(&dataset.report().rejected);
    assert_eq!(refused, ["\"Inf\" is not a number"]);
}

/// An order's time that cannot be read is named with its OBR's line at
/// each result it leaves without a time; a date in the right shape that
/// does not exist (February 30) is said to be so, as is such a birth date.
#[test]
fn an_orders_bad_time_names_its_obr_and_an_impossible_date_is_said_so() {
    let text = [
        MSH,
        "PID|1||P-1^^^LAB^MR||Rowe^Ada^M||19700230|F",
        "OBR|1|||57021-8^CBC^LN|||202402300825",
        "OBX|1|NM|777-3^^LN||45|10*3/uL|||||F",
        "OBX|2|NM|718-7^^LN||9.0|g/dL|||||F",
        "OBR|2|||57021-8^CBC^LN|||2024-02-03",
        "OBX|1|NM|777-3^^LN||45|10*3/uL|||||F",
    ]
    .join("\r");
    let dataset = load_hl7(&text);
    let refused = crate::support::lines_columns_and_reasons(&dataset.report().rejected);
    assert_eq!(
        refused,
        [
            (
                2,
                Some("PID-7"),
                "birth date \"19700230\" is not a date that exists; the name and sex still load"
            ),
            (
                4,
                Some("OBR-7"),
                "time \"202402300825\" (the OBR on line 3) is not a date and time that exists"
            ),
            (
                5,
                Some("OBR-7"),
                "time \"202402300825\" (the OBR on line 3) is not a date and time that exists"
            ),
            (
                7,
                Some("OBR-7"),
                "time \"2024-02-03\" (the OBR on line 6) is not YYYYMMDD[HH[MM[SS[.S]]]] with an optional +/-ZZZZ (a fraction only of a second)"
            ),
        ]
    );
    // The birth date is a cell refused alone (the PID's name and sex
    // load), counted as a FHIR Patient's or a CSV row's would be.
    let report = dataset.report();
    assert_eq!((report.rows_rejected(), report.cells_rejected), (3, 1));
}

/// A final result that writes the draw's time with another offset (the
/// same instant) still replaces the preliminary: the critical platelet
/// count of 15 is the one shown, not refused as a conflict with 45.
#[test]
fn a_final_result_replaces_the_preliminary_written_with_another_offset() {
    let text = [
        MSH.to_string(),
        PID.to_string(),
        "OBR|1|||57021-8^CBC^LN|||202401020800-0500".to_string(),
        obx(1, "777-3", "45", "10*3/uL", "P"),
        MSH.to_string(),
        PID.to_string(),
        "OBR|1|||57021-8^CBC^LN|||202401021300+0000".to_string(),
        obx(1, "777-3", "15", "10*3/uL", "F"),
    ]
    .join("\r");
    let dataset = load_hl7(&text);
    let report = dataset.report();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("15"));
}

/// A one-sided lab range (`>3.5`) cannot be used: the value loads and is
/// judged by the default limits, and a warning says so at its line.
#[test]
fn a_one_sided_range_is_a_warning_not_dropped_in_silence() {
    let dataset = load_results(&["OBX|1|NM|6690-2^^LN||3.8|10*3/uL|>3.5||||F"]);
    let report = dataset.report();
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Wbc), exact("3.8"));
    let warned: Vec<_> = report
        .warnings
        .iter()
        .map(|w| {
            (
                w.line,
                w.column.as_deref(),
                w.reason.contains("\">3.5\" has one limit"),
            )
        })
        .collect();
    assert_eq!(warned, [(4, Some("OBX-7"), true)], "{:?}", report.warnings);
}

/// A line that is no segment is warned of at its line, never passed over
/// in silence: an OBX cut in two by a line break (its value on the next
/// line) is refused for its missing status, and its rest named; a segment
/// written in lower case, which nothing reads, is named too. Other segments
/// (NTE, a Z-segment) are passed over without a word.
#[test]
fn a_line_that_is_no_segment_is_named_in_a_warning() {
    let dataset = load_texts(&[(
        "m.hl7",
        &[
            MSH,
            PID,
            OBR,
            "OBX|1|NM|777-3^^LN||4",
            "5|10*3/uL|||||F",
            "NTE|1||checked",
            "ZPD|1|x",
            "obx|2|NM|718-7^^LN||12.1|g/dL|||||F",
            &obx(3, "6690-2", "3.8", "10*3/uL", "F"),
        ]
        .join("\n"),
    )])
    .unwrap();
    let report = dataset.report();
    let rejected = crate::support::lines_and_columns(&report.rejected);
    assert_eq!(rejected, [(4, Some("OBX-11"))], "{rejected:?}");
    let warned: Vec<_> = report
        .warnings
        .iter()
        .map(|w| (w.line, w.reason.starts_with("not an HL7 segment")))
        .collect();
    assert_eq!(warned, [(5, true), (8, true)], "{:?}", report.warnings);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Wbc), exact("3.8"));
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), None);
}

/// An NM value with a leading `+` (HL7 v2's NM allows a sign) is read.
#[test]
fn a_number_with_a_plus_sign_is_read() {
    let dataset = load_results(&[&obx(1, "777-3", "+45", "10*3/uL", "F")]);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("45"));
}

/// OBX-6's alternate unit (components 4-6, UCUM) is read where its first
/// names no unit hemotrend reads: a local code, or nothing.
#[test]
fn a_unit_in_obx_6_alternate_is_read_where_the_first_is_not() {
    let dataset = load_results(&[
        "OBX|1|NM|718-7^^LN||8.1|GM/DL^^99LAB^g/dL^^UCUM|||||F",
        "OBX|2|NM|751-8^^LN||0.4|^^^10*3/uL^^UCUM|||||F",
    ]);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Hgb), exact("8.1"));
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Anc), exact("0.4"));
}

/// A local unit code hemotrend cannot read (`KUL^K/uL^99LAB`) gives way to
/// the text beside it, as in FHIR; it had been refused as unknown.
#[test]
fn a_local_unit_code_gives_way_to_a_readable_text() {
    let dataset = load_results(&["OBX|1|NM|777-3^^LN||150|KUL^K/uL^99LAB|||||F"]);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("150"));
    // Two spellings of one unit of the test agree (`G/L` of a count is
    // giga per litre).
    let dataset = load_results(&["OBX|1|NM|777-3^^LN||25|10*9/L^G/L^UCUM|||||F"]);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("25"));
    // A UCUM code hemotrend cannot read never gives way to another unit in
    // the text: 25 x10^3/mm3 is not 25 /mm3.
    let dataset = load_hl7(&message(&[obx(
        1,
        "777-3",
        "25",
        "10*3/mm3^/mm3^UCUM",
        "F",
    )]));
    assert_eq!(dataset.draw_count(), 0);
    assert_eq!(dataset.report().rejected.len(), 1);
}

/// OBX-6 components that name different units refuse the result, as a FHIR
/// quantity's code and unit do: `12|g/L^g/dL` read 1.2 g/dL, critically
/// low, where the text says 12 g/dL. The same unit twice is read.
#[test]
fn obx_6_components_naming_different_units_refuse_the_result() {
    let dataset = load_hl7(&message(&[
        obx(1, "718-7", "12", "g/L^g/dL^UCUM", "F"),
        obx(2, "777-3", "150", "10*3/uL^K/uL^UCUM^10*9/L^^UCUM", "F"),
        obx(3, "751-8", "2.1", "/uL^^^10*3/uL^^UCUM", "F"),
    ]));
    let refused = crate::support::lines_columns_and_reasons(&dataset.report().rejected);
    assert_eq!(
        refused,
        [
            (
                4,
                Some("OBX-6"),
                "\"g/L\" and \"g/dL\" name different units: which the value is in is not known"
            ),
            (
                6,
                Some("OBX-6"),
                "\"/uL\" and \"10*3/uL\" name different units: which the value is in is not known"
            ),
        ]
    );
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("150"));
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Hgb), None);
}

#[test]
fn batches_mllp_lf_only_escapes_identifiers_alternates_and_sn() {
    let message = |id_field: &str, name: &str, obx: &str| {
        format!("{MSH}\nPID|1||{id_field}||{name}||19610615|M\n{OBR}\n{obx}\n")
    };
    let batch = format!(
        "FHS|^~\\&|LAB\nBHS|^~\\&|LAB\n{}{}BTS|2\nFTS|1\n",
        message(
            "X9^^^SSA^SS~P-2^^^LAB^MR",
            "O\\T\\Brien^Sean",
            "OBX|1|SN|PLT^Platelets^99LAB^777-3^Platelets^LN||<^10|10*3/uL|150-400||||F"
        ),
        message(
            "P-3^^^LAB^PI",
            "Lee^Kim",
            "OBX|1|SN|751-8^ANC^LN||>^20|10*3/uL|||||F"
        ),
    );
    let framed = format!(
        "\x0b{}\x1c\r",
        message("P-4", "Ng^Al", &obx(1, "718-7", "10.5", "g/dL", "F"))
    );
    let dataset = load_refusing_nothing(&[
        ("batch.hl7", batch.as_str()),
        ("framed.txt", framed.as_str()),
    ]);
    let p2 = dataset.patient("P-2").expect("PID-3 of type MR");
    assert_eq!(p2.name.as_deref(), Some("O&Brien, Sean"));
    assert_eq!(p2.sex, Sex::Male);
    assert_eq!(
        value(&dataset, "P-2", 0, Analyte::Plt),
        Some(Reading {
            amount: d("10"),
            censor: Censor::Below,
            derived: false
        })
    );
    assert_eq!(
        value(&dataset, "P-3", 0, Analyte::Anc).map(|r| r.censor),
        Some(Censor::Above),
        "the first identifier when none is MR"
    );
    assert_eq!(
        value(&dataset, "P-4", 0, Analyte::Hgb),
        exact("10.5"),
        "MLLP framing"
    );
}

#[test]
fn a_rejected_segment_names_its_line_and_field() {
    let text = [
        MSH,
        PID,
        OBR,
        "OBX|1|NM|718-7^Hgb^LN||12.5|g/mL|||||F",
        "OBX|2|NM|777-3^Plt^LN||many|10*3/uL|||||F",
        "OBX|3|ST|6690-2^WBC^LN||4.1|10*3/uL|||||F",
        "OBX|4|NM|789-8^RBC^LN||4.1|10*6/uL|||||I",
        "OBX|5|NM|787-2^MCV^LN||90|fL|100-80||||F",
        "OBX|6|NM|2345-7^Glucose^LN||5.5|mmol/L|||||F",
    ]
    .join("\r\n");
    let dataset = load_hl7(&text);
    let found: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (4, "OBX-6".to_string()),
            (5, "OBX-5".to_string()),
            (6, "OBX-2".to_string()),
            (7, "OBX-11".to_string()),
        ]
    );
    // A value refused is a result of the order's draw (the dashboard says
    // which draw lost it); a status refused is no result at all.
    let draw = dataset.draws(dataset.patient("P-1").unwrap()).times()[0];
    let at: Vec<_> = dataset.report().rejected.iter().map(|r| r.at).collect();
    assert_eq!(at, [Some(draw), Some(draw), Some(draw), None]);
    let of: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| r.patient.as_deref())
        .collect();
    assert_eq!(of, [Some("P-1"); 4]);
    // The range 100-80 costs the range, not the value.
    let warned: Vec<_> = dataset
        .report()
        .warnings
        .iter()
        .map(|w| (w.line, w.column.clone()))
        .collect();
    assert_eq!(warned, [(8, Some("OBX-7".to_string()))]);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Mcv), exact("90"));
    assert_eq!(dataset.report().ignored, 1, "glucose");
}

/// A later message's PID giving another name: the PID segment's cell is
/// refused once, on its own line, and its results load.
#[test]
fn a_name_that_differs_is_refused_once_on_its_pid_line() {
    let renamed = "PID|1||P-1^^^LAB^MR||Rowe-Smith^Ada^M||19700201|F";
    let later = "OBR|1|||57021-8^CBC^LN|||202402020800-0500";
    let first = [MSH, PID, OBR, &obx(1, "777-3", "20", "10*3/uL", "F")].join("\r");
    let second = [
        MSH.to_string(),
        renamed.to_string(),
        later.to_string(),
        obx(1, "777-3", "18", "10*3/uL", "F"),
        obx(2, "718-7", "9.1", "g/dL", "F"),
        obx(3, "6690-2", "2.0", "10*3/uL", "F"),
    ]
    .join("\r");
    let refused = |dataset: &Dataset| -> Vec<(String, u64, String, String)> {
        dataset
            .report()
            .rejected
            .iter()
            .map(|r| {
                let column = r.column.clone().unwrap_or_default();
                (r.file.clone(), r.line, column, r.reason.clone())
            })
            .collect()
    };
    // One file: line 6 is the second PID, line 2 the first.
    let one = load_hl7(&format!("{first}\r{second}"));
    let reason = "name Rowe-Smith, Ada M conflicts with Rowe, Ada M on line 2 for the same \
                  patient (the earlier is kept)";
    assert_eq!(
        refused(&one),
        [("m.hl7".into(), 6, "PID-5".into(), reason.into())]
    );
    assert_eq!(one.report().cells_rejected, 1);
    assert_eq!(value(&one, "P-1", 1, Analyte::Plt), exact("18"));
    assert_eq!(value(&one, "P-1", 1, Analyte::Hgb), exact("9.1"));
    assert_eq!(value(&one, "P-1", 1, Analyte::Wbc), exact("2.0"));
    let patient = one.patient("P-1").unwrap();
    assert_eq!(patient.name.as_deref(), Some("Rowe, Ada M"));
    // Two files: the earlier PID is named with its file.
    let two = load_texts(&[("a.hl7", first.as_str()), ("b.hl7", second.as_str())]).unwrap();
    let reason = reason.replace("line 2", "line 2 of a.hl7");
    assert_eq!(refused(&two), [("b.hl7".into(), 2, "PID-5".into(), reason)]);
}

#[test]
fn a_file_without_messages_is_unusable() {
    let error = load_texts(&[("x.hl7", "PID|1||A\r")]).unwrap_err();
    assert!(error.to_string().contains("no MSH segment"), "{error}");
}

#[test]
fn a_file_of_messages_without_a_result_is_unusable_and_says_so() {
    // A patient and an order, but no OBX: no row "loaded" into nothing.
    let orders = message(&[]);
    let error = load_texts(&[("orders.hl7", orders.as_str())]).unwrap_err();
    let said = error.to_string();
    assert!(said.contains("orders.hl7"), "{said}");
    assert!(said.contains("no OBX segment"), "{said}");
    // One OBX, even of a test outside the CBC, makes a file of results.
    let glucose = message(&[obx(1, "2345-7", "5.5", "mmol/L", "F")]);
    let results = load_texts(&[("glucose.hl7", glucose.as_str())]).unwrap();
    assert_eq!(results.report().ignored, 1);
    assert!(results.patients().is_empty());
}

fn shared(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-data")
        .join(path)
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn the_nist_reference_cbc_message() {
    let dataset = load(&[shared("hl7v2/LRI_2.0-NG_CBC_Typ_Message.hl7")]).unwrap();
    let patient = dataset.patient("PATID1234").unwrap();
    let info = patient;
    assert_eq!(info.name.as_deref(), Some("Jones, William A"));
    assert_eq!(info.sex, Sex::Male);
    assert_eq!(
        info.birth_date.map(|b| b.to_string()).as_deref(),
        Some("1961-06-15")
    );
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1);
    assert_eq!(
        draws.get(0).unwrap().time.to_string(),
        "2011-01-03T14:34:28-08:00"
    );
    for (analyte, expected) in [
        (Analyte::Rbc, "4.41"),
        (Analyte::Hct, "41"),
        (Analyte::Wbc, "105.6"),
        (Analyte::Plt, "210"),
        (Analyte::Mcv, "91"),
        (Analyte::Alc, "41.2"),
        (Analyte::Anc, "58"),
    ] {
        assert_eq!(
            value(&dataset, "PATID1234", 0, analyte),
            exact(expected),
            "{analyte}"
        );
    }
    assert_eq!(value(&dataset, "PATID1234", 0, Analyte::Hgb), None);
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].line, 6);
    assert_eq!(rejected[0].column.as_deref(), Some("OBX-6"));
    assert!(rejected[0].reason.contains("g/mL"));
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn the_microbiology_message_gives_nothing_and_no_error() {
    let dataset = load(&[shared("hl7v2/ORU-R01-01.hl7")]).unwrap();
    assert_eq!(dataset.patients().len(), 0);
    assert!(dataset.report().rejected.is_empty());
}

/// A patient id holding a control character is damaged input, refused as a
/// CSV file's is: never a patient nobody can tell apart on screen.
#[test]
fn an_identifier_with_a_control_character_is_refused() {
    let text = [
        MSH.to_string(),
        "PID|1||C\u{1}D^^^LAB^MR||Rowe^Ada||19700201|F".to_string(),
        OBR.to_string(),
        obx(1, "777-3", "20", "10*3/uL", "F"),
    ]
    .join("\r");
    let dataset = load_hl7(&text);
    assert!(dataset.patients().is_empty());
    let reasons: Vec<&str> = crate::support::reasons(&dataset.report().rejected);
    assert!(
        reasons[0].starts_with(r#"patient id "C\u{1}D" holds control or invisible characters"#),
        "{reasons:?}"
    );
    // Its result is refused for that, not for a PID missing.
    assert_eq!(
        reasons[1],
        "its PID segment (line 2) was refused: the result cannot be placed"
    );
}

/// Labs send each message as a file of its own: a final in a later file
/// replaces the preliminary of an earlier one, a correction the final, and
/// a withdrawal withdraws it, as they would within one file, whatever
/// files of other kinds stand between them.
#[test]
fn a_result_in_a_later_file_replaces_or_withdraws_one_of_an_earlier_file() {
    let preliminary = message(&[obx(1, "777-3", "123", "10*3/uL", "P")]);
    let final_result = message(&[obx(1, "777-3", "118", "10*3/uL", "F")]);
    let correction = message(&[obx(1, "777-3", "12", "10*3/uL", "C")]);
    let withdrawal = message(&["OBX|1|NM|777-3^^LN||||||||W".to_string()]);
    let dataset = load_refusing_nothing(&[
        ("a.hl7", preliminary.as_str()),
        ("b.hl7", final_result.as_str()),
    ]);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("118"));
    let dataset = load_refusing_nothing(&[
        ("a.hl7", final_result.as_str()),
        ("b.hl7", correction.as_str()),
    ]);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("12"));
    // The correction first, the final it corrects after: the correction stands.
    let dataset = load_texts(&[
        ("a.hl7", correction.as_str()),
        ("b.hl7", final_result.as_str()),
    ])
    .unwrap();
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("12"));
    let dataset = load_texts(&[
        ("a.hl7", final_result.as_str()),
        ("b.hl7", withdrawal.as_str()),
    ])
    .unwrap();
    assert!(
        dataset.patient("P-1").is_none(),
        "the only result withdrawn"
    );
    let warned = crate::support::reasons(&dataset.report().warnings);
    assert_eq!(
        warned,
        ["status W withdraws the plt result 118 of line 4 of a.hl7: it is not loaded"]
    );
    // A file of another kind between them (a folder is read in name
    // order) does not part them.
    let csv = "patient_id,collected_at,hgb\nQ-9,2024-01-02,9.0\n";
    let dataset = load_texts(&[
        ("a.hl7", preliminary.as_str()),
        ("b.csv", csv),
        ("c.hl7", final_result.as_str()),
    ])
    .unwrap();
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("118"));
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
}

/// The same from files in a folder, as `hemotrend FOLDER` reads them, a
/// CSV file between the two by name.
#[test]
fn a_correction_in_a_later_file_of_a_folder_replaces_the_final() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("msg001.hl7"),
        message(&[obx(1, "777-3", "123", "10*3/uL", "F")]),
    )
    .unwrap();
    // A file of another kind between them, by name.
    std::fs::write(
        folder.path().join("msg001b.csv"),
        "patient_id,collected_at,hgb\nQ-9,2024-01-02,9.0\n",
    )
    .unwrap();
    std::fs::write(
        folder.path().join("msg002.hl7"),
        message(&[obx(1, "777-3", "12", "10*3/uL", "C")]),
    )
    .unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).unwrap();
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("12"));
}

/// A unit written with a bare `^` (`10^9/L`) is split there and OBX-6
/// reads `10`: refused (never read as what it may have meant), saying so
/// and how to write it, not "unknown unit 10" beside a list holding 10^9/L.
#[test]
fn a_unit_split_at_a_bare_caret_is_refused_saying_so() {
    let text = message(&[
        obx(1, "777-3", "123", "10^9/L", "F"),
        obx(2, "718-7", "9.0", "g/dL", "F"),
        obx(3, "6690-2", "4.1", "10^9/L^^UCUM", "F"),
        obx(4, "789-8", "4.1", "10*12/L~10*6/uL", "F"),
    ]);
    let dataset = load_hl7(&text);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), None);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Hgb), exact("9.0"));
    let refused: Vec<&str> = crate::support::reasons(&dataset.report().rejected);
    assert_eq!(
        refused,
        [
            r#"unit "10^9/L" is split at ^, HL7's component separator, and reads as "10": write 10*9/L, or escape the ^ as \S\"#,
            r#"unit "10^9/L" is split at ^, HL7's component separator, and reads as "10": write 10*9/L, or escape the ^ as \S\"#,
            r#""10*12/L~10*6/uL" repeats the unit (~, HL7's repetition separator): a result has one unit"#,
        ]
    );
}

/// A coded result (OBX-2 `CE`) without a unit is refused for its value
/// type, not for "no unit"; a value repeated with `~` is refused naming
/// the repetition, not as "not a number".
#[test]
fn a_value_type_and_a_repetition_are_named_as_what_is_wrong() {
    let text = message(&[
        "OBX|1|CE|751-8^^LN||LOW^Low^L||||||F".to_string(),
        obx(2, "777-3", "123~130", "10*3/uL", "F"),
        obx(3, "718-7", "9.0", "g/dL", "F"),
    ]);
    let dataset = load_hl7(&text);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Hgb), exact("9.0"));
    let refused: Vec<(Option<&str>, &str)> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.column.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(
        refused,
        [
            (
                Some("OBX-2"),
                r#"value type "CE": a CBC result is NM or SN"#
            ),
            (
                Some("OBX-5"),
                r#""123~130" repeats the value (~, HL7's repetition separator): a CBC result is one value"#
            ),
        ]
    );
}

/// Two messages name one identifier with two different people (another
/// name, sex and birth date), and their results of one draw differ: the
/// later result is refused as a conflict, and the PID's details that
/// differ are named too at its line, never passed over with the result.
#[test]
fn a_pid_that_differs_is_named_even_when_its_result_conflicts() {
    let other = "PID|1||P-1^^^OTHER^MR||Smith^Bob||19500101|M";
    let text = message(&[
        obx(1, "777-3", "123", "10*3/uL", "F"),
        MSH.to_string(),
        other.to_string(),
        OBR.to_string(),
        obx(1, "777-3", "15", "10*3/uL", "F"),
    ]);
    let dataset = load_hl7(&text);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("123"));
    let refused = crate::support::lines_and_columns(&dataset.report().rejected);
    assert_eq!(
        refused,
        [
            (6, Some("PID-5")),
            (6, Some("PID-8")),
            (6, Some("PID-7")),
            (8, Some("OBX-5")),
        ]
    );
}

/// Two finals of one draw and test that differ (a conflict between them),
/// then a correction: the correction replaces both, in one file or across
/// files, never refused as a conflict with the second final.
#[test]
fn a_correction_replaces_both_of_two_finals() {
    let first = message(&[obx(1, "777-3", "123", "10*3/uL", "F")]);
    let second = message(&[obx(1, "777-3", "118", "10*3/uL", "F")]);
    let correction = message(&[obx(1, "777-3", "12", "10*3/uL", "C")]);
    let dataset = load_texts(&[
        ("a.hl7", first.as_str()),
        ("b.hl7", second.as_str()),
        ("c.hl7", correction.as_str()),
    ])
    .unwrap();
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("12"));
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
}

/// A withdrawal whose OBX-6 repeats a unit withdraws all the same (it
/// reads no unit it needs); a unit with an empty repetition after it
/// (`10*9/L~`) is that unit.
#[test]
fn repetitions_of_a_unit_neither_stop_a_withdrawal_nor_refuse_an_empty_one() {
    let text = message(&[
        obx(1, "777-3", "123", "10*3/uL", "F"),
        obx(2, "6690-2", "4.1", "10*9/L~", "F"),
        "OBX|3|NM|777-3^^LN|||10*3/uL~K/uL|||||W".to_string(),
    ]);
    let dataset = load_hl7(&text);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), None);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Wbc), exact("4.1"));
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
}

/// A load's HL7 results join it after every other file's: a value of the
/// same draw and test from a FHIR or CSV file is the earlier, kept, and the
/// HL7 one refused as a conflict naming it, whatever other file stands
/// between them.
#[test]
fn hl7_results_join_the_load_after_every_other_file() {
    let message = message(&[obx(1, "777-3", "123", "10*3/uL", "F")]);
    let fhir = r#"{"resourceType":"Observation","id":"o1","status":"final",
"code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},
"subject":{"reference":"Patient/P-1"},"effectiveDateTime":"2024-01-02T08:00:00-05:00",
"valueQuantity":{"value":90,"code":"10*3/uL"}}"#;
    let other = "patient_id,collected_at,hgb\nQ-9,2024-01-02,9.0\n";
    for files in [
        vec![("a.hl7", message.as_str()), ("b.json", fhir)],
        vec![
            ("a.hl7", message.as_str()),
            ("b.json", fhir),
            ("c.csv", other),
        ],
        vec![
            ("a.hl7", message.as_str()),
            ("b.csv", other),
            ("c.json", fhir),
        ],
    ] {
        let dataset = load_texts(&files).unwrap();
        assert_eq!(
            value(&dataset, "P-1", 0, Analyte::Plt),
            exact("90"),
            "{files:?}"
        );
        let refused: Vec<&str> = crate::support::reasons(&dataset.report().rejected);
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert!(
            refused[0].starts_with("plt 123 conflicts with 90"),
            "{refused:?}"
        );
    }
}

/// An X (no result) and a W (a withdrawal) carry no value: each is a row
/// with no value, never counted as loaded.
#[test]
fn results_without_a_value_are_not_counted_as_loaded() {
    let text = message(&[
        obx(1, "777-3", "123", "10*3/uL", "F"),
        "OBX|2|NM|718-7^^LN||||||||X".to_string(),
        "OBX|3|NM|777-3^^LN||||||||W".to_string(),
    ]);
    let dataset = load_texts(&[("m.hl7", text.as_str())]).unwrap();
    let report = dataset.report();
    assert_eq!(report.without_value, 2);
    assert_eq!(report.rows_read, 4, "the PID and three OBX");
}

/// A collection date with its offset (`YYYYMMDD+ZZZZ`, which HL7's DTM
/// allows at any precision) is that date: its results load, as a draw of
/// the date as written, not refused with the time.
#[test]
fn a_date_with_an_offset_is_that_date() {
    let text = [
        MSH.to_string(),
        PID.to_string(),
        "OBR|1|||57021-8^CBC^LN|||20240101-0500".to_string(),
        obx(1, "777-3", "100", "10*3/uL", "F"),
        "OBR|2|||57021-8^CBC^LN|||".to_string(),
        format!("{}|||20240102+1400", obx(1, "777-3", "90", "10*3/uL", "F")),
    ]
    .join("\r");
    let dataset = load_hl7(&text);
    let report = dataset.report();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let patient = &dataset.patients()[0];
    let times: Vec<String> = dataset
        .draws(patient)
        .times()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(times, ["2024-01-01", "2024-01-02"]);
}

/// HL7's explicit null `""` is no value: no name `""`, no birth date
/// refused as not a date; the results load.
#[test]
fn the_explicit_null_is_no_value() {
    let text = [
        MSH,
        "PID|1||P-9^^^LAB^MR||\"\"||\"\"|F",
        OBR,
        &obx(1, "777-3", "100", "10*3/uL", "F"),
    ]
    .join("\r");
    let dataset = load_hl7(&text);
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
    let patient = dataset.patient("P-9").expect("loads");
    assert_eq!((patient.name.as_deref(), patient.birth_date), (None, None));
    assert_eq!(value(&dataset, "P-9", 0, Analyte::Plt), exact("100"));
}

/// Of PID-5's repetitions, the legal name (type `L`) is the patient's,
/// not a maiden name written first; without one, the first.
#[test]
fn the_legal_name_is_the_patients() {
    for (names, shown) in [
        ("Smith^Janet^^^^^M~Doe^Jane^^^^^L", "Doe, Jane"),
        ("Smith^Janet^^^^^M~Doe^Jane", "Smith, Janet"),
    ] {
        let pid = format!("PID|1||P-9^^^LAB^MR||{names}||19700201|F");
        let text = [MSH, &pid, OBR, &obx(1, "777-3", "100", "10*3/uL", "F")].join("\r");
        let dataset = load_hl7(&text);
        let patient = dataset.patient("P-9").expect("loads");
        assert_eq!(patient.name.as_deref(), Some(shown), "{names}");
    }
}

/// A subcomponent or an escape sequence inside OBX-5 is refused at the
/// value, never read as part of it: `1&50` had read 1, and `1\.br\50` (a
/// line break) or `1\XZZ\50` (hex that cannot be read) 150. The result of
/// the same draw beside them loads.
#[test]
fn a_subcomponent_or_an_escape_in_a_value_refuses_it() {
    let text = message(&[
        obx(1, "777-3", "1&50", "10*3/uL", "F"),
        obx(2, "6690-2", "1\\.br\\50", "10*3/uL", "F"),
        "OBX|3|SN|751-8^^LN||<^1\\XZZ\\5|10*3/uL|||||F".to_string(),
        obx(4, "718-7", "9.5", "g/dL", "F"),
    ]);
    let dataset = load_hl7(&text);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Hgb), exact("9.5"));
    for analyte in [Analyte::Plt, Analyte::Wbc, Analyte::Anc] {
        assert_eq!(value(&dataset, "P-1", 0, analyte), None, "{analyte:?}");
    }
    let refused = &dataset.report().rejected;
    assert_eq!(
        crate::support::reasons(refused),
        [
            "\"1&50\" holds a subcomponent separator (&): a CBC result is one number",
            "\"1\\.br\\50\" holds an escape sequence (\\): a CBC result is one number",
            "\"<^1\\XZZ\\5\" holds an escape sequence (\\): a CBC result is one number",
        ]
    );
    assert!(refused.iter().all(|r| r.column.as_deref() == Some("OBX-5")));
}

/// A fraction of an hour or a minute is refused at its field (09.5 had been
/// read as 09:00, so a second order joined the first one's draw and its
/// platelets were refused as a conflict); OBX-14 is read by its first
/// component, as OBR-7 is (`202403020830^M` had cost the result).
#[test]
fn a_fraction_of_an_hour_is_refused_and_obx_14_reads_its_first_component() {
    let text = [
        MSH,
        PID,
        "OBR|1|||58410-2^CBC^LN|||2024010309",
        "OBX|1|NM|777-3^^LN||100|10*3/uL|||||F",
        "OBR|2|||58410-2^CBC^LN|||2024010309.5",
        "OBX|1|NM|777-3^^LN||40|10*3/uL|||||F",
        "OBR|3|||58410-2^CBC^LN||||",
        "OBX|1|NM|718-7^^LN||10.0|g/dL|||||F|||202403020830^M",
    ]
    .join("\r");
    let dataset = load_hl7(&text);
    let refused = crate::support::lines_and_columns(&dataset.report().rejected);
    assert_eq!(refused, [(6, Some("OBR-7"))]);
    assert_eq!(value(&dataset, "P-1", 0, Analyte::Plt), exact("100"));
    assert_eq!(value(&dataset, "P-1", 1, Analyte::Hgb), exact("10.0"));
}

/// OBX-7 in a count per microlitre written with a thousands point
/// (`1.500-7.000` /uL) costs the range with a warning, as in a CSV file,
/// never limits a thousand times lower that flag ANC 0.5 `H`.
#[test]
fn a_thousands_point_in_a_range_per_microlitre_costs_the_range() {
    let dataset = load_results(&["OBX|1|NM|751-8^Neutrophils^LN||500|/uL|1.500-7.000||||F"]);
    let warned = crate::support::lines_columns_and_reasons(&dataset.report().warnings);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!((warned[0].0, warned[0].1), (4, Some("OBX-7")));
    assert!(
        warned[0].2.starts_with(
            "reference range \"1.500-7.000\": \"1.500\" in a count per microlitre: a thousands point (1500)"
        ),
        "{warned:?}"
    );
    let patient = dataset.patients()[0].clone();
    assert_eq!(dataset.lab_range(&patient, 0, Analyte::Anc), None);
}
