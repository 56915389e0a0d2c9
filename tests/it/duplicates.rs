//! Two values of one analyte in one draw (DESIGN.md "Duplicates"): they
//! agree when the more precise, rounded to the other's reported decimals,
//! equals it; a trailing zero the lab wrote is a decimal reported.

use crate::support::bin::summary_json_of;
use serde_json::Value as Json;

/// Each rejection's line and reason.
fn rejections(json: &Json) -> Vec<(u64, String)> {
    json["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// ANC `0.20` then `0.19` in one draw are two results, not `0.2` made more
/// precise: the later row is refused, and the draw stays severe (ANC 0.19
/// would have made it very severe).
#[test]
fn a_trailing_zero_written_makes_a_different_value_a_conflict() {
    let long = "patient_id,collected_at,test,value,unit\n\
                C1,2024-01-01T08:00,plt,10,10^9/L\n\
                C1,2024-01-01T08:00,retic,30,10^9/L\n\
                C1,2024-01-01T08:00,anc,0.20,10^9/L\n\
                C1,2024-01-01T08:00,anc,0.19,10^9/L\n";
    let wide = "patient_id,collected_at,plt,anc,retic (10^9/L)\n\
                C1,2024-01-01T08:00,10,0.20,30\n\
                C1,2024-01-01T08:00,10,0.19,30\n";
    for (name, text, later, earlier) in [("long.csv", long, 5, 4), ("wide.csv", wide, 3, 2)] {
        let json = summary_json_of(name, text);
        let patient = &json["patients"][0];
        assert_eq!(patient["latest"]["anc"], 0.2, "{name}");
        assert_eq!(patient["severity"]["category"], "severe", "{name}");
        assert_eq!(
            rejections(&json),
            [(
                later,
                format!("anc 0.19 conflicts with 0.20 on line {earlier} for the same draw")
            )],
            "{name}"
        );
    }
    // In exponent notation (as JSON may write it) the zero counts too:
    // 2.0e-1 is 0.20, and 0.19 another result.
    let json = summary_json_of("exponent.csv", &long.replace("0.20", "2.0e-1"));
    assert_eq!(json["patients"][0]["severity"]["category"], "severe");
    assert_eq!(
        rejections(&json),
        [(
            5,
            "anc 0.19 conflicts with 0.20 on line 4 for the same draw".into()
        )]
    );
    // Written as 0.2, the same 0.19 is a more precise report of it.
    let json = summary_json_of("same.csv", &long.replace("0.20", "0.2"));
    assert_eq!(json["patients"][0]["latest"]["anc"], 0.19);
    assert_eq!(rejections(&json), []);
}

/// Hemoglobin 10.0 g/dL and 6.2 mmol/L (9.99068 g/dL, shown `10`: the
/// two digits written) in one draw are one result, and the g/dL value is
/// the more precise: it is kept in either order, and Hb < 10 is not met.
#[test]
fn a_value_converted_by_an_inexact_factor_never_outranks_a_finer_one() {
    for (first, second) in [("10.0,g/dL", "6.2,mmol/L"), ("6.2,mmol/L", "10.0,g/dL")] {
        let text = format!(
            "patient_id,collected_at,test,value,unit\n\
             M6,2024-01-01T08:00,hgb,{first}\n\
             M6,2024-01-01T08:00,hgb,{second}\n\
             M6,2024-01-01T08:00,plt,40,10^9/L\n\
             M6,2024-01-01T08:00,anc,3,10^9/L\n"
        );
        let json = summary_json_of("long.csv", &text);
        let patient = &json["patients"][0];
        assert_eq!(patient["latest"]["hgb"], 10.0, "{first} then {second}");
        assert_eq!(
            patient["severity"]["category"], "none",
            "{first} then {second}"
        );
        assert_eq!(rejections(&json), [], "{first} then {second}");
    }
}

/// A hemoglobin converted from mmol/L is as precise as its text times the
/// factor: 6.2 mmol/L is 9.91-10.07 g/dL, so 10.4 g/dL in the same draw is
/// another result, refused naming the earlier line (it was merged, and
/// kept, which took Hb < 10 away); so is 13.4 beside 7.8 mmol/L (12.57).
#[test]
fn a_converted_value_and_another_result_shown_alike_are_a_conflict() {
    let text = "patient_id,collected_at,test,value,unit\n\
                M7,2024-01-01T08:00,hgb,6.2,mmol/L\n\
                M7,2024-01-01T08:00,plt,10,10^9/L\n\
                M7,2024-01-01T08:00,anc,1.0,10^9/L\n\
                M7,2024-01-01T08:00,hgb,10.4,g/dL\n\
                M8,2024-01-01T08:00,hgb,7.8,mmol/L\n\
                M8,2024-01-01T08:00,hgb,13.4,g/dL\n";
    let json = summary_json_of("long.csv", text);
    let refused: Vec<(u64, String)> = json["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[0].0, 5);
    assert!(refused[0].1.contains("conflicts with"), "{refused:?}");
    assert_eq!(refused[1].0, 7);
    let hgb = json["patients"][0]["latest"]["hgb"].as_f64().unwrap();
    assert!(hgb < 10.0, "{hgb}");
    let criteria = &json["patients"][0]["severity"]["criteria"];
    let met_hgb = criteria
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["analyte"] == "hgb")
        .map(|c| c["outcome"].clone());
    assert_eq!(met_hgb, Some(serde_json::json!("met")), "{criteria}");
}

/// A value multiplied by a power of ten is reported to what the lab wrote,
/// the point moved: 0.4 L/L is 40 % to the ten, so 0.43 L/L (43) is a more
/// precise report of it and kept; 0.06 x10^12/L reticulocytes (60, to the
/// ten) agree with 0.055 (55) and 0.1 (100, to the hundred) with 0.14;
/// 0.4 against 0.46 (46, which is 50 to the ten) is a conflict.
#[test]
fn a_value_moved_by_a_power_of_ten_is_reported_to_what_was_written() {
    let text = "patient_id,collected_at,test,value,unit\n\
                D2,2024-01-01T08:00,hct,0.4,L/L\n\
                D2,2024-01-01T08:00,hct,0.43,L/L\n\
                D4,2024-01-01T08:00,retic,0.06,10^12/L\n\
                D4,2024-01-01T08:00,retic,0.055,10^12/L\n\
                D7,2024-01-01T08:00,retic,0.1,10^12/L\n\
                D7,2024-01-01T08:00,retic,0.14,10^12/L\n\
                D8,2024-01-01T08:00,hct,0.4,L/L\n\
                D8,2024-01-01T08:00,hct,0.46,L/L\n";
    let json = summary_json_of("moved.csv", text);
    let latest = |index: usize, analyte: &str| json["patients"][index]["latest"][analyte].clone();
    assert_eq!(latest(0, "hct"), 43);
    assert_eq!(latest(1, "retic"), 55);
    assert_eq!(latest(2, "retic"), 140);
    assert_eq!(latest(3, "hct"), 40);
    assert_eq!(
        rejections(&json),
        [(
            9,
            "hct 46 conflicts with 40 on line 8 for the same draw".to_string()
        )]
    );
}

/// One instant written `Z` in one file and `-08:00` in another (Synthea's
/// CSV and FHIR exports of one run) is one draw, shown in the local offset
/// whichever file comes first: its date sets the child's age, age band
/// and flag (a day older at `Z`: 2 y, where 11.012 is below 11.5).
#[test]
fn one_instant_in_two_offsets_shows_one_date_whatever_the_order_of_the_files() {
    let folder = tempfile::tempdir().expect("a folder");
    let utc = folder.path().join("utc.csv");
    let local = folder.path().join("local.csv");
    std::fs::write(
        &utc,
        "patient_id,sex,birth_date,collected_at,hgb\nK1,F,2020-01-10,2022-01-10T05:00:00Z,11.0\n",
    )
    .expect("written");
    std::fs::write(
        &local,
        "patient_id,sex,birth_date,collected_at,hgb\nK1,F,2020-01-10,2022-01-09T21:00:00-08:00,11.012\n",
    )
    .expect("written");
    for (first, second) in [(&utc, &local), (&local, &utc)] {
        let output = crate::support::bin::hemotrend(&[
            "summary",
            "--format",
            "json",
            &first.display().to_string(),
            &second.display().to_string(),
        ]);
        let json: Json = serde_json::from_slice(&output.stdout).expect("JSON");
        let latest = &json["patients"][0]["latest"];
        let order = format!("{} first", first.display());
        assert_eq!(json["patients"][0]["draws"], 1, "{order}");
        assert_eq!(
            latest["collected_at"], "2022-01-09T21:00:00-08:00",
            "{order}"
        );
        assert_eq!(latest["age_days"], 730, "{order}");
        assert_eq!(latest["ranges"]["hgb"]["band"], "6 mo - 2 y", "{order}");
        assert_eq!(latest["flags"].get("hgb"), None, "{order}");
    }
}
