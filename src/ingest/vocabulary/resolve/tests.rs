use rstest::rstest;

use super::*;
use crate::ingest::units::Unit::*;
use crate::ingest::vocabulary::identify_test;
use crate::model::Analyte::*;

const COUNTS: &str = "10^9/L, 10^3/uL, K/uL, thou/uL, G/L, /nL, /uL, #/uL, cells/uL or /mm3";
/// Reticulocytes take the red cells' units too (x 1000).
const RETIC: &str = "10^9/L, 10^3/uL, K/uL, thou/uL, G/L, /nL, /uL, #/uL, cells/uL, /mm3, \
                     10^12/L, 10^6/uL, M/uL, T/L or /pL";

fn absolute(analyte: Analyte, unit: Unit) -> Resolved {
    Resolved::Analyte { analyte, unit }
}

#[rstest]
// An analyte takes any unit that fits, or none (canonical).
#[case(TestName::Analyte(Plt), None, absolute(Plt, GigaPerLitre))]
#[case(
    TestName::Analyte(Plt),
    Some(GigaPerLitre),
    absolute(Plt, GigaPerLitre)
)]
#[case(
    TestName::Analyte(Plt),
    Some(PerMicrolitre),
    absolute(Plt, PerMicrolitre)
)]
#[case(TestName::Analyte(Rbc), None, absolute(Rbc, TeraPerLitre))]
#[case(
    TestName::Analyte(Rbc),
    Some(TeraPerLitre),
    absolute(Rbc, TeraPerLitre)
)]
#[case(TestName::Analyte(Hgb), None, absolute(Hgb, GramsPerDecilitre))]
#[case(
    TestName::Analyte(Hgb),
    Some(GramsPerLitre),
    absolute(Hgb, GramsPerLitre)
)]
#[case(
    TestName::Analyte(Hgb),
    Some(MillimolesPerLitre),
    absolute(Hgb, MillimolesPerLitre)
)]
#[case(TestName::Analyte(Hct), None, absolute(Hct, Percent))]
#[case(TestName::Analyte(Hct), Some(Percent), absolute(Hct, Percent))]
#[case(
    TestName::Analyte(Hct),
    Some(LitresPerLitre),
    absolute(Hct, LitresPerLitre)
)]
#[case(TestName::Analyte(Mcv), None, absolute(Mcv, Femtolitre))]
#[case(TestName::Analyte(Anc), None, absolute(Anc, GigaPerLitre))]
#[case(
    TestName::Analyte(Alc),
    Some(PerMicrolitre),
    absolute(Alc, PerMicrolitre)
)]
#[case(TestName::Analyte(Retic), None, absolute(Retic, GigaPerLitre))]
// A percentage test takes % or nothing.
#[case(TestName::Percentage(Anc), None, Resolved::Percentage(Anc))]
#[case(TestName::Percentage(Anc), Some(Percent), Resolved::Percentage(Anc))]
#[case(
    TestName::Percentage(Retic),
    Some(Percent),
    Resolved::Percentage(Retic)
)]
// A count or percentage: the unit decides.
#[case(
    TestName::CountOrPercentage(Anc),
    Some(Percent),
    Resolved::Percentage(Anc)
)]
#[case(
    TestName::CountOrPercentage(Anc),
    Some(GigaPerLitre),
    absolute(Anc, GigaPerLitre)
)]
#[case(
    TestName::CountOrPercentage(Alc),
    Some(PerMicrolitre),
    absolute(Alc, PerMicrolitre)
)]
#[case(
    TestName::CountOrPercentage(Retic),
    Some(Percent),
    Resolved::Percentage(Retic)
)]
#[case(
    TestName::CountOrPercentage(Retic),
    Some(GigaPerLitre),
    absolute(Retic, GigaPerLitre)
)]
// Another test, whatever its unit.
#[case(TestName::Other, None, Resolved::Other)]
#[case(TestName::Other, Some(MillimolesPerLitre), Resolved::Other)]
fn resolves(#[case] name: TestName, #[case] unit: Option<Unit>, #[case] resolved: Resolved) {
    assert_eq!(resolve_test(name, unit), Ok(resolved));
}

#[rstest]
#[case(
    TestName::Analyte(Plt),
    Some(Percent),
    format!("\"%\" is a percentage, not an absolute count: plt takes {COUNTS}")
)]
#[case(
    TestName::Analyte(Plt),
    Some(TeraPerLitre),
    format!("unit \"10^12/L\" does not fit plt: plt takes {COUNTS}")
)]
#[case(
    TestName::Analyte(Rbc),
    Some(PerMicrolitre),
    "unit \"/uL\" does not fit rbc: rbc takes 10^12/L, 10^6/uL, M/uL, T/L or /pL".to_string()
)]
#[case(
    TestName::Analyte(Hgb),
    Some(Percent),
    "unit \"%\" does not fit hgb: hgb takes g/dL, g/L or mmol/L".to_string()
)]
#[case(
    TestName::Percentage(Anc),
    Some(GigaPerLitre),
    "unit \"10^9/L\" does not fit a percentage of anc: the test is a percentage of anc; expected %"
        .to_string()
)]
#[case(
    TestName::CountOrPercentage(Anc),
    None,
    format!("neutrophils need a unit: anc takes {COUNTS} for an absolute count, or % for a percentage")
)]
#[case(
    TestName::CountOrPercentage(Alc),
    None,
    format!("lymphocytes need a unit: alc takes {COUNTS} for an absolute count, or % for a percentage")
)]
#[case(
    TestName::CountOrPercentage(Retic),
    None,
    format!("reticulocytes need a unit: retic takes {RETIC} for an absolute count, or % for a percentage")
)]
#[case(
    TestName::CountOrPercentage(Anc),
    Some(GramsPerDecilitre),
    format!("unit \"g/dL\" does not fit anc: anc takes {COUNTS} for an absolute count, or % for a percentage")
)]
fn refuses_a_unit_that_does_not_go_with_the_test(
    #[case] name: TestName,
    #[case] unit: Option<Unit>,
    #[case] message: String,
) {
    assert_eq!(resolve_test(name, unit), Err(TestUnitError(message)));
}

#[rstest]
// MIMIC-IV rows as labevents.csv writes them (itemid, valueuom).
#[case("51265", "K/uL", absolute(Plt, GigaPerLitre))]
#[case("51279", "m/uL", absolute(Rbc, TeraPerLitre))]
#[case("52769", "#/uL", absolute(Alc, PerMicrolitre))]
#[case("51133", "K/uL", absolute(Alc, GigaPerLitre))]
#[case("52075", "K/uL", absolute(Anc, GigaPerLitre))]
#[case("51256", "%", Resolved::Percentage(Anc))]
#[case("51222", "g/dL", absolute(Hgb, GramsPerDecilitre))]
#[case("51221", "%", absolute(Hct, Percent))]
#[case("51250", "fL", absolute(Mcv, Femtolitre))]
#[case("51301", "K/uL", absolute(Wbc, GigaPerLitre))]
#[case("51265", "", absolute(Plt, GigaPerLitre))]
#[case("51265", "   ", absolute(Plt, GigaPerLitre))]
#[case("50931", "mg/dL", Resolved::Other)]
// Synthea rows (CODE, UNITS).
#[case("777-3", "10*3/uL", absolute(Plt, GigaPerLitre))]
#[case("789-8", "10*6/uL", absolute(Rbc, TeraPerLitre))]
#[case("770-8", "%", Resolved::Percentage(Anc))]
#[case("2345-7", "mg/dL", Resolved::Other)]
#[case("8302-2", "cm", Resolved::Other)]
#[case("72514-3", "{score}", Resolved::Other)]
// Names with a unit cell.
#[case("neutrophils", "%", Resolved::Percentage(Anc))]
#[case("neutrophils", " 10^9/L ", absolute(Anc, GigaPerLitre))]
#[case("retic", "/uL", absolute(Retic, PerMicrolitre))]
#[case("retic", "10^12/L", absolute(Retic, TeraPerLitre))]
#[case("neutrophils", "G/L", absolute(Anc, GramsPerLitre))]
#[case("plt", "K/mcL", absolute(Plt, GigaPerLitre))]
fn resolves_rows_from_their_cells(
    #[case] test: &str,
    #[case] unit_cell: &str,
    #[case] resolved: Resolved,
) {
    assert_eq!(
        resolve_test_cell(identify_test(test), unit_cell),
        Ok(resolved)
    );
}

#[rstest]
#[case(
    "777-3",
    "%",
    format!("\"%\" is a percentage, not an absolute count: plt takes {COUNTS}")
)]
#[case(
    "777-3",
    "mg/dL",
    format!("unknown unit \"mg/dL\"; plt takes {COUNTS}")
)]
#[case(
    "51279",
    "K/uL",
    "unit \"K/uL\" does not fit rbc: rbc takes 10^12/L, 10^6/uL, M/uL, T/L or /pL".to_string()
)]
#[case(
    "770-8",
    " K/uL ",
    "unit \"K/uL\" does not fit a percentage of anc: the test is a percentage of anc; expected %"
        .to_string()
)]
#[case(
    "770-8",
    "cells",
    "unknown unit \"cells\"; the test is a percentage of anc; expected %".to_string()
)]
#[case(
    "neutrophils",
    "",
    format!("neutrophils need a unit: anc takes {COUNTS} for an absolute count, or % for a percentage")
)]
#[case(
    "reticulocytes",
    "L/L",
    format!("unit \"L/L\" does not fit retic: retic takes {RETIC} for an absolute count, or % for a percentage")
)]
fn refuses_rows_naming_the_unit_as_written(
    #[case] test: &str,
    #[case] unit_cell: &str,
    #[case] message: String,
) {
    assert_eq!(
        resolve_test_cell(identify_test(test), unit_cell),
        Err(TestUnitError(message))
    );
}

#[test]
fn reads_the_synthea_export() {
    let candidates = [
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/real-data/synthea-observations.csv"
        ),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/real-data/synthea-observations.csv"
        ),
    ];
    let Some(path) = candidates.iter().find(|p| std::path::Path::new(p).exists()) else {
        println!("skipped: synthea-observations.csv not found beside the repository");
        return;
    };
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for record in reader.records() {
        let record = record.unwrap();
        let resolved = resolve_test_cell(identify_test(&record[4]), &record[7]);
        *counts.entry(format!("{resolved:?}")).or_default() += 1;
    }
    let count = |key: &str| counts.get(key).copied().unwrap_or(0);
    let analyte = |a: &str, u: &str| count(&format!("Ok(Analyte {{ analyte: {a}, unit: {u} }})"));
    assert_eq!(analyte("Wbc", "GigaPerLitre"), 160);
    assert_eq!(analyte("Rbc", "TeraPerLitre"), 160);
    assert_eq!(analyte("Hgb", "GramsPerDecilitre"), 160);
    assert_eq!(analyte("Hct", "Percent"), 160);
    assert_eq!(analyte("Mcv", "Femtolitre"), 160);
    assert_eq!(analyte("Plt", "GigaPerLitre"), 160);
    assert_eq!(analyte("Anc", "GigaPerLitre"), 42);
    assert_eq!(analyte("Alc", "GigaPerLitre"), 42);
    assert_eq!(count("Ok(Percentage(Anc))"), 42);
    // 736-9 (clinical.md §5).
    assert_eq!(count("Ok(Percentage(Alc))"), 42);
    assert_eq!(count("Ok(Other)"), 21_697 - 6 * 160 - 4 * 42);
    assert_eq!(counts.len(), 11, "no row refused: {counts:?}");
}
