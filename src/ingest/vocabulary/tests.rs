use rstest::rstest;

use super::*;
use crate::ingest::units::Unit::*;
use crate::model::Analyte::*;

#[rstest]
#[case("patient_id", ColumnRole::PatientId)]
#[case("Patient ID", ColumnRole::PatientId)]
#[case("PATIENT-ID", ColumnRole::PatientId)]
#[case("  patient_id\t", ColumnRole::PatientId)]
#[case("\u{FEFF}patient_id", ColumnRole::PatientId)]
#[case("patient", ColumnRole::PatientId)]
#[case("PATIENT", ColumnRole::PatientId)]
#[case("mrn", ColumnRole::PatientId)]
#[case("MRN", ColumnRole::PatientId)]
#[case("subject_id", ColumnRole::PatientId)]
#[case("Subject-Id", ColumnRole::PatientId)]
#[case("name", ColumnRole::Name)]
#[case("Name", ColumnRole::Name)]
#[case("patient_name", ColumnRole::Name)]
#[case("Patient Name", ColumnRole::Name)]
#[case("sex", ColumnRole::Sex)]
#[case("SEX", ColumnRole::Sex)]
#[case("birth_date", ColumnRole::BirthDate)]
#[case("Birth Date", ColumnRole::BirthDate)]
#[case("birth-date", ColumnRole::BirthDate)]
#[case("dob", ColumnRole::BirthDate)]
#[case("DOB", ColumnRole::BirthDate)]
#[case("collected_at", ColumnRole::Time)]
#[case("Collected At", ColumnRole::Time)]
#[case("collected-at", ColumnRole::Time)]
#[case("date", ColumnRole::Time)]
#[case("DATE", ColumnRole::Time)]
#[case("datetime", ColumnRole::Time)]
#[case("DateTime", ColumnRole::Time)]
#[case("collection_time", ColumnRole::Time)]
#[case("Collection Time", ColumnRole::Time)]
#[case("charttime", ColumnRole::Time)]
#[case("CHARTTIME", ColumnRole::Time)]
#[case("collected_at (UTC)", ColumnRole::Time)]
#[case("date [local]", ColumnRole::Time)]
#[case("dob (YYYY-MM-DD", ColumnRole::BirthDate)]
#[case("test", ColumnRole::Test)]
#[case("Test", ColumnRole::Test)]
#[case("analyte", ColumnRole::Test)]
#[case("code", ColumnRole::Test)]
#[case("CODE", ColumnRole::Test)]
#[case("loinc", ColumnRole::Test)]
#[case("LOINC", ColumnRole::Test)]
#[case("itemid", ColumnRole::Test)]
#[case("ItemID", ColumnRole::Test)]
#[case("code (LOINC)", ColumnRole::Test)]
#[case("value", ColumnRole::Value)]
#[case("VALUE", ColumnRole::Value)]
#[case("unit", ColumnRole::Unit)]
#[case("units", ColumnRole::Unit)]
#[case("UNITS", ColumnRole::Unit)]
#[case("valueuom", ColumnRole::Unit)]
#[case("ValueUOM", ColumnRole::Unit)]
#[case("unit [UCUM]", ColumnRole::Unit)]
#[case("uom", ColumnRole::Unit)]
#[case("UOM", ColumnRole::Unit)]
#[case("Unit of measure", ColumnRole::Unit)]
#[case("result_unit", ColumnRole::Unit)]
#[case("measurement-unit", ColumnRole::Unit)]
#[case("specimen_id", ColumnRole::Specimen)]
#[case("Specimen ID", ColumnRole::Specimen)]
#[case("specimen", ColumnRole::Specimen)]
#[case("encounter", ColumnRole::Encounter)]
#[case("ENCOUNTER", ColumnRole::Encounter)]
#[case("encounter_id", ColumnRole::Encounter)]
#[case("Encounter-ID", ColumnRole::Encounter)]
#[case("valuenum", ColumnRole::ValueNumber)]
#[case("comments", ColumnRole::Comments)]
#[case("ref_range_lower", ColumnRole::RangeLower)]
#[case("Ref Range Upper", ColumnRole::RangeUpper)]
fn classifies_every_plain_alias(#[case] header: &str, #[case] role: ColumnRole) {
    assert_eq!(classify_column(header), Ok(role), "{header:?}");
}

#[rstest]
#[case("hadm_id")]
#[case("category")]
#[case("description")]
#[case("type")]
#[case("storetime")]
#[case("flag")]
#[case("labevent_id")]
#[case("priority")]
#[case("")]
#[case("   ")]
#[case("glucose")]
#[case("glucose (mg/dL)")]
#[case("mch")]
#[case("rdw")]
#[case("patientid")]
#[case("patient__id")]
#[case("date time")]
#[case("neutrophils %")]
#[case("plt_count")]
#[case("wbc count")]
#[case("H\u{00E4}moglobin")]
#[case("a header far longer than any name hemotrend knows")]
#[case("plt K/uL)")]
#[case("(K/uL)")]
#[case("hgbx")]
fn anything_else_is_other(#[case] header: &str) {
    assert_eq!(classify_column(header), Ok(ColumnRole::Other), "{header:?}");
}

#[rstest]
#[case("wbc", Wbc, GigaPerLitre)]
#[case("WBC", Wbc, GigaPerLitre)]
#[case("leukocytes", Wbc, GigaPerLitre)]
#[case("Leukocytes", Wbc, GigaPerLitre)]
#[case("rbc", Rbc, TeraPerLitre)]
#[case("erythrocytes", Rbc, TeraPerLitre)]
#[case("hgb", Hgb, GramsPerDecilitre)]
#[case("HGB", Hgb, GramsPerDecilitre)]
#[case("hb", Hgb, GramsPerDecilitre)]
#[case("Hb", Hgb, GramsPerDecilitre)]
#[case("hemoglobin", Hgb, GramsPerDecilitre)]
#[case("Haemoglobin", Hgb, GramsPerDecilitre)]
#[case("hct", Hct, Percent)]
#[case("hematocrit", Hct, Percent)]
#[case("haematocrit", Hct, Percent)]
#[case("mcv", Mcv, Femtolitre)]
#[case("MCV", Mcv, Femtolitre)]
#[case("plt", Plt, GigaPerLitre)]
#[case(" PLT ", Plt, GigaPerLitre)]
#[case("platelets", Plt, GigaPerLitre)]
#[case("Platelets", Plt, GigaPerLitre)]
#[case("Thrombocytes", Plt, GigaPerLitre)]
#[case("anc", Anc, GigaPerLitre)]
#[case("ANC", Anc, GigaPerLitre)]
#[case("alc", Alc, GigaPerLitre)]
// With a unit in parentheses or brackets.
#[case("plt (10^3/uL)", Plt, GigaPerLitre)]
#[case("PLT(K/uL)", Plt, GigaPerLitre)]
#[case("platelets ( K/uL )", Plt, GigaPerLitre)]
#[case("plt (/uL)", Plt, PerMicrolitre)]
#[case("plt [x 10^9/L]", Plt, GigaPerLitre)]
#[case("WBC (x10^9/L)", Wbc, GigaPerLitre)]
#[case("wbc [10*3/\u{00B5}L]", Wbc, GigaPerLitre)]
#[case("wbc (/mm3)", Wbc, PerMicrolitre)]
#[case("anc (#/uL)", Anc, PerMicrolitre)]
#[case("alc (/mm3)", Alc, PerMicrolitre)]
#[case("alc (K/uL)", Alc, GigaPerLitre)]
#[case("rbc (M/uL)", Rbc, TeraPerLitre)]
#[case("RBC (m/uL)", Rbc, TeraPerLitre)]
#[case("rbc [10^12/L]", Rbc, TeraPerLitre)]
#[case("hgb [g/L]", Hgb, GramsPerLitre)]
#[case("Hb [ g / L ]", Hgb, GramsPerLitre)]
#[case("hb (mmol/L)", Hgb, MillimolesPerLitre)]
#[case("hemoglobin (g/dL)", Hgb, GramsPerDecilitre)]
#[case("hct (%)", Hct, Percent)]
#[case("hct (L/L)", Hct, LitresPerLitre)]
#[case("hematocrit [l/l]", Hct, LitresPerLitre)]
#[case("mcv (fL)", Mcv, Femtolitre)]
// Counts or percentages, with a count unit.
#[case("neutrophils (10^9/L)", Anc, GigaPerLitre)]
#[case("Neutrophils (K/uL)", Anc, GigaPerLitre)]
#[case("neutrophils (#/uL)", Anc, PerMicrolitre)]
#[case("lymphocytes (10^9/L)", Alc, GigaPerLitre)]
#[case("Lymphocytes [/mm3]", Alc, PerMicrolitre)]
#[case("retic (10^9/L)", Retic, GigaPerLitre)]
#[case("retic (/uL)", Retic, PerMicrolitre)]
#[case("reticulocytes (K/uL)", Retic, GigaPerLitre)]
fn classifies_analyte_columns_with_their_unit(
    #[case] header: &str,
    #[case] analyte: Analyte,
    #[case] unit: Unit,
) {
    assert_eq!(
        classify_column(header),
        Ok(ColumnRole::Analyte { analyte, unit }),
        "{header:?}"
    );
}

#[rstest]
#[case("neutrophils (%)", Anc)]
#[case("Neutrophils [%]", Anc)]
#[case("lymphocytes (%)", Alc)]
#[case("lymphocytes [ % ]", Alc)]
#[case("retic (%)", Retic)]
#[case("Retic(%)", Retic)]
#[case("reticulocytes (%)", Retic)]
fn a_percent_unit_makes_a_percentage_column(#[case] header: &str, #[case] analyte: Analyte) {
    assert_eq!(
        classify_column(header),
        Ok(ColumnRole::Percentage(analyte)),
        "{header:?}"
    );
}

const COUNTS: &str = "10^9/L, 10^3/uL, K/uL, thou/uL, G/L, /nL, /uL, #/uL, cells/uL or /mm3";
/// Reticulocytes take the red cells' units too (x 1000).
const RETIC: &str = "10^9/L, 10^3/uL, K/uL, thou/uL, G/L, /nL, /uL, #/uL, cells/uL, /mm3, \
                     10^12/L, 10^6/uL, M/uL, T/L or /pL";

#[rstest]
#[case("neutrophils")]
#[case("Neutrophils")]
#[case("lymphocytes")]
#[case("retic")]
#[case("reticulocytes")]
#[case("RETIC")]
fn refuses_a_count_or_percentage_column_without_unit(#[case] name: &str) {
    let message = format!(
        "column \"{name}\" needs a unit: \"{name} (10^9/L)\" for an absolute count \
         or \"{name} (%)\" for a percentage"
    );
    assert_eq!(classify_column(name), Err(ColumnError(message)));
    assert_eq!(
        classify_column(&format!("  {name} ")),
        classify_column(name)
    );
}

#[test]
fn the_refusal_reads_as_the_design_asks() {
    assert_eq!(
        classify_column("neutrophils").unwrap_err().to_string(),
        "column \"neutrophils\" needs a unit: \"neutrophils (10^9/L)\" for an absolute \
         count or \"neutrophils (%)\" for a percentage"
    );
}

#[rstest]
#[case("plt (mg)", format!("column \"plt (mg)\": unknown unit \"mg\"; plt takes {COUNTS}"))]
#[case("plt ()", format!("column \"plt ()\": unknown unit \"\"; plt takes {COUNTS}"))]
#[case("plt (K/mL)", format!("column \"plt (K/mL)\": unknown unit \"K/mL\"; plt takes {COUNTS}"))]
#[case("hgb (mg/dL)", "column \"hgb (mg/dL)\": unknown unit \"mg/dL\"; hgb takes g/dL, g/L or mmol/L".to_string())]
#[case(
    "neutrophils (cells)",
    format!("column \"neutrophils (cells)\": unknown unit \"cells\"; anc takes {COUNTS} for an absolute count, or % for a percentage")
)]
#[case("plt (g/dL)", format!("column \"plt (g/dL)\": unit \"g/dL\" does not fit plt: plt takes {COUNTS}"))]
#[case("plt (M/uL)", format!("column \"plt (M/uL)\": unit \"M/uL\" does not fit plt: plt takes {COUNTS}"))]
#[case("wbc (%)", format!("column \"wbc (%)\": \"%\" is a percentage, not an absolute count: wbc takes {COUNTS}"))]
#[case("anc (%)", format!("column \"anc (%)\": \"%\" is a percentage, not an absolute count: anc takes {COUNTS}"))]
#[case("alc [%]", format!("column \"alc [%]\": \"%\" is a percentage, not an absolute count: alc takes {COUNTS}"))]
#[case("platelets (%)", format!("column \"platelets (%)\": \"%\" is a percentage, not an absolute count: plt takes {COUNTS}"))]
#[case("rbc (/uL)", "column \"rbc (/uL)\": unit \"/uL\" does not fit rbc: rbc takes 10^12/L, 10^6/uL, M/uL, T/L or /pL".to_string())]
#[case("rbc (K/uL)", "column \"rbc (K/uL)\": unit \"K/uL\" does not fit rbc: rbc takes 10^12/L, 10^6/uL, M/uL, T/L or /pL".to_string())]
#[case("hgb (%)", "column \"hgb (%)\": unit \"%\" does not fit hgb: hgb takes g/dL, g/L or mmol/L".to_string())]
#[case("hct (g/L)", "column \"hct (g/L)\": unit \"g/L\" does not fit hct: hct takes % or L/L".to_string())]
#[case("mcv (%)", "column \"mcv (%)\": unit \"%\" does not fit mcv: mcv takes fL".to_string())]
#[case(
    "neutrophils (g/dL)",
    format!("column \"neutrophils (g/dL)\": unit \"g/dL\" does not fit anc: anc takes {COUNTS} for an absolute count, or % for a percentage")
)]
#[case(
    "retic (L/L)",
    format!("column \"retic (L/L)\": unit \"L/L\" does not fit retic: retic takes {RETIC} for an absolute count, or % for a percentage")
)]
#[case(
    "retic (g/dL)",
    format!("column \"retic (g/dL)\": unit \"g/dL\" does not fit retic: retic takes {RETIC} for an absolute count, or % for a percentage")
)]
#[case("plt (K/uL", "column \"plt (K/uL\": write the unit in closed brackets at the end, as in \"plt (10^9/L)\"".to_string())]
#[case("plt [K/uL)", "column \"plt [K/uL)\": write the unit in closed brackets at the end, as in \"plt (10^9/L)\"".to_string())]
#[case("plt (K/uL) x", "column \"plt (K/uL) x\": write the unit in closed brackets at the end, as in \"plt (10^9/L)\"".to_string())]
#[case("plt ((K/uL))", "column \"plt ((K/uL))\": write the unit in closed brackets at the end, as in \"plt (10^9/L)\"".to_string())]
#[case("Hgb (g/dL) (x)", "column \"Hgb (g/dL) (x)\": write the unit in closed brackets at the end, as in \"Hgb (g/dL)\"".to_string())]
#[case("neutrophils (", "column \"neutrophils (\": write the unit in closed brackets at the end, as in \"neutrophils (10^9/L)\"".to_string())]
#[case("value (mg)", "column \"value (mg)\": a long file gives units in its unit column, not in the value header".to_string())]
#[case("Value [K/uL]", "column \"Value [K/uL]\": a long file gives units in its unit column, not in the value header".to_string())]
#[case("value (", "column \"value (\": a long file gives units in its unit column, not in the value header".to_string())]
fn refuses_units_that_are_unknown_or_do_not_fit(#[case] header: &str, #[case] message: String) {
    assert_eq!(classify_column(header), Err(ColumnError(message)));
}

#[rstest]
#[case("wbc", TestName::Analyte(Wbc))]
#[case("WBC", TestName::Analyte(Wbc))]
#[case("leukocytes", TestName::Analyte(Wbc))]
#[case("rbc", TestName::Analyte(Rbc))]
#[case("Erythrocytes", TestName::Analyte(Rbc))]
#[case("hgb", TestName::Analyte(Hgb))]
#[case("hb", TestName::Analyte(Hgb))]
#[case("Hemoglobin", TestName::Analyte(Hgb))]
#[case("haemoglobin", TestName::Analyte(Hgb))]
#[case("hct", TestName::Analyte(Hct))]
#[case("hematocrit", TestName::Analyte(Hct))]
#[case("Haematocrit", TestName::Analyte(Hct))]
#[case("mcv", TestName::Analyte(Mcv))]
#[case("plt", TestName::Analyte(Plt))]
#[case(" Platelets ", TestName::Analyte(Plt))]
#[case("anc", TestName::Analyte(Anc))]
#[case("ALC", TestName::Analyte(Alc))]
#[case("neutrophils", TestName::CountOrPercentage(Anc))]
#[case("Lymphocytes", TestName::CountOrPercentage(Alc))]
#[case("retic", TestName::CountOrPercentage(Retic))]
#[case("RETICULOCYTES", TestName::CountOrPercentage(Retic))]
// LOINC (clinical.md §5).
#[case("6690-2", TestName::Analyte(Wbc))]
#[case(" 6690-2 ", TestName::Analyte(Wbc))]
#[case("789-8", TestName::Analyte(Rbc))]
#[case("718-7", TestName::Analyte(Hgb))]
#[case("4544-3", TestName::Analyte(Hct))]
#[case("20570-8", TestName::Analyte(Hct))]
#[case("787-2", TestName::Analyte(Mcv))]
#[case("777-3", TestName::Analyte(Plt))]
#[case("26515-7", TestName::Analyte(Plt))]
#[case("751-8", TestName::Analyte(Anc))]
#[case("26499-4", TestName::Analyte(Anc))]
#[case("770-8", TestName::Percentage(Anc))]
#[case("731-0", TestName::Analyte(Alc))]
#[case("60474-4", TestName::Analyte(Retic))]
#[case("14196-0", TestName::Analyte(Retic))]
#[case("17849-1", TestName::Percentage(Retic))]
#[case("4679-7", TestName::Percentage(Retic))]
// As the NIST reference CBC message and the FHIR specification send them.
#[case("26464-8", TestName::Analyte(Wbc))]
#[case("26453-1", TestName::Analyte(Rbc))]
#[case("30428-7", TestName::Analyte(Mcv))]
#[case("26474-7", TestName::Analyte(Alc))]
#[case("26511-6", TestName::Percentage(Anc))]
#[case("23761-0", TestName::Percentage(Anc))]
#[case("26478-8", TestName::Percentage(Alc))]
#[case("736-9", TestName::Percentage(Alc))]
// MIMIC-IV itemids.
#[case("51301", TestName::Analyte(Wbc))]
#[case("51300", TestName::Analyte(Wbc))]
#[case("51755", TestName::Analyte(Wbc))]
#[case("51279", TestName::Analyte(Rbc))]
#[case("51222", TestName::Analyte(Hgb))]
#[case("51221", TestName::Analyte(Hct))]
#[case("51250", TestName::Analyte(Mcv))]
#[case("51265", TestName::Analyte(Plt))]
#[case("52075", TestName::Analyte(Anc))]
#[case("51256", TestName::Percentage(Anc))]
#[case("51133", TestName::Analyte(Alc))]
#[case("52769", TestName::Analyte(Alc))]
#[case("51244", TestName::Percentage(Alc))]
#[case(" 51265\t", TestName::Analyte(Plt))]
fn identifies_every_cbc_test(#[case] text: &str, #[case] test: TestName) {
    assert_eq!(identify_test(text), test, "{text:?}");
}

#[rstest]
#[case("2345-7")]
#[case("Body Height")]
#[case("")]
#[case("  ")]
#[case("785-6")]
// Morphology findings are not counts, whatever value they carry.
#[case("11273-0")]
#[case("11125-2")]
#[case("11156-7")]
#[case("786-4")]
#[case("21000-5")]
#[case("32623-1")]
#[case("50931")]
#[case("6690")]
#[case("6690-")]
#[case("66902")]
#[case("6690_2")]
#[case("6690 2")]
#[case("6690-2x")]
#[case("LOINC:6690-2")]
#[case("51301.0")]
#[case("051301")]
#[case("51301 x")]
#[case("plt (K/uL)")]
#[case("Hemoglobin [Mass/volume] in Blood")]
#[case("glucose")]
#[case("neutrophils %")]
#[case("H\u{00E4}moglobin")]
#[case("patient_id")]
#[case("value")]
fn anything_else_is_another_test(#[case] text: &str) {
    assert_eq!(identify_test(text), TestName::Other, "{text:?}");
}

#[rstest]
#[case(
    "DATE,PATIENT,ENCOUNTER,CATEGORY,CODE,DESCRIPTION,VALUE,UNITS,TYPE",
    &[ColumnRole::Time, ColumnRole::PatientId, ColumnRole::Encounter, ColumnRole::Other,
      ColumnRole::Test, ColumnRole::Other, ColumnRole::Value, ColumnRole::Unit, ColumnRole::Other]
)]
#[case(
    "labevent_id,subject_id,hadm_id,specimen_id,itemid,charttime,storetime,value,valuenum,\
     valueuom,ref_range_lower,ref_range_upper,flag,priority,comments",
    &[ColumnRole::Other, ColumnRole::PatientId, ColumnRole::Other, ColumnRole::Specimen,
      ColumnRole::Test, ColumnRole::Time, ColumnRole::Other, ColumnRole::Value,
      ColumnRole::ValueNumber, ColumnRole::Unit, ColumnRole::RangeLower, ColumnRole::RangeUpper,
      ColumnRole::Other, ColumnRole::Other, ColumnRole::Comments]
)]
fn reads_the_headers_of_real_exports(#[case] header: &str, #[case] roles: &[ColumnRole]) {
    let classified: Vec<_> = header
        .split(',')
        .map(|column| classify_column(column).unwrap())
        .collect();
    assert_eq!(classified, roles);
}

proptest::proptest! {
    #[test]
    // Any length, the itemids of a lab (the CBC's among them) and short ones.
    fn digits_are_identified_as_the_text_is(
        number in proptest::prop_oneof![0u64..100_000_000_000, 50_000u64..53_000, 0u64..1000],
        zeros in 0usize..3,
    ) {
        let field = format!("{}{number}", "0".repeat(zeros));
        proptest::prop_assert_eq!(identify_digits(field.as_bytes()), Some(identify_test(&field)));
    }
}

#[rstest::rstest]
#[case::itemid_of_platelets(&b"51265"[..], Some(TestName::Analyte(Analyte::Plt)))]
#[case::itemid_of_another_test(&b"50971"[..], Some(TestName::Other))]
#[case::a_loinc_code(&b"777-3"[..], None)]
#[case::spaces(&b" 51265"[..], None)]
#[case::empty(&b""[..], None)]
fn only_digits_are_identified_from_bytes(#[case] field: &[u8], #[case] test: Option<TestName>) {
    assert_eq!(identify_digits(field), test);
}
