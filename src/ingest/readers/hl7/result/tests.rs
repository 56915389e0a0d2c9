//! OBX-7 ranges, SN values, and tests by LOINC or its alternate.

use super::*;
use rstest::rstest;

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

#[rstest]
#[case("4.3 to 6.2", Ok(Some(("4.3", "6.2"))))]
#[case("4.3-6.2", Ok(Some(("4.3", "6.2"))))]
#[case("", Ok(None))]
#[case("<0.21", Err(()))]
#[case("> 130", Err(()))]
#[case("6.2-4.3", Err(()))]
#[case("normal", Err(()))]
fn ranges(#[case] written: &str, #[case] expected: std::result::Result<Option<(&str, &str)>, ()>) {
    let found = lab_range(written, Decimal::lit(1, 0));
    let expected = expected.map(|r| {
        r.map(|(l, u)| LabRange {
            lower: d(l),
            upper: d(u),
            places: (0, 0),
            significant: (0, 0),
        })
    });
    assert_eq!(found.map_err(|_| ()), expected);
}

#[rstest]
#[case("<^10", Ok(Some((Censor::Below, "10"))))]
#[case(">^1000", Ok(Some((Censor::Above, "1000"))))]
#[case("=^5", Ok(Some((Censor::Exact, "5"))))]
#[case("^5.5", Ok(Some((Censor::Exact, "5.5"))))]
#[case("<=^10", Err("OBX-5"))]
#[case("^10^-^20", Err("OBX-5"))]
#[case("^ten", Err("OBX-5"))]
fn structured_numbers(
    #[case] written: &str,
    #[case] expected: std::result::Result<Option<(Censor, &str)>, &str>,
) {
    let found = structured(written.as_bytes(), &Separators::default());
    let expected = expected.map(|v| v.map(|(c, n)| (c, d(n))));
    assert_eq!(found.map_err(|(field, _)| field), expected);
}

#[rstest]
#[case("26453-1^RBC^LN", TestName::Analyte(crate::model::Analyte::Rbc))]
#[case(
    "HGB^Hemoglobin^99LAB^718-7^Hemoglobin^LN",
    TestName::Analyte(crate::model::Analyte::Hgb)
)]
#[case("HGB^Hemoglobin^99LAB", TestName::Other)]
#[case("718-7^Hemoglobin^SCT", TestName::Other)]
#[case("11156-7^Leukocyte morphology^LN", TestName::Other)]
fn tests_by_loinc_or_its_alternate(#[case] written: &str, #[case] test: TestName) {
    assert_eq!(test_of(written.as_bytes(), &Separators::default()), test);
}
