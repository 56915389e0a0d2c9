//! The defaults are `clinical.md`'s numbers; the config form reads and
//! writes them exactly; nonsensical thresholds are refused.

use super::test_values::decimal;
use super::*;
use crate::model::Analyte;

#[test]
fn defaults_are_clinical_md() {
    let t = Thresholds::default();
    assert_eq!(t.severe.anc, decimal("0.5"));
    assert_eq!(t.severe.plt, decimal("20"));
    assert_eq!(t.severe.retic_automated, decimal("60"));
    assert_eq!(t.severe.retic_manual, decimal("20"));
    assert_eq!(t.cytopenia.hgb, decimal("10"));
    assert_eq!(t.cytopenia.plt, decimal("50"));
    assert_eq!(t.cytopenia.anc, decimal("1.5"));
    assert_eq!(t.very_severe.anc, decimal("0.2"));
    assert_eq!(t.retic_method, RetMethod::Automated);
    assert_eq!(t.retic_cutoff(), decimal("60"));
    let critical: Vec<_> = Analyte::ALL
        .iter()
        .map(|&a| t.critical_low.get(a).map(|d| d.to_string()))
        .collect();
    let expected = [
        Some("1"),
        None,
        Some("7"),
        None,
        None,
        Some("20"),
        Some("0.5"),
        None,
        None,
    ];
    assert_eq!(critical, expected.map(|e| e.map(String::from)));
    let lines = |a| t.ctcae.lines(a).unwrap().map(|l| l.map(|d| d.to_string()));
    let some = |a: &str, b: &str, c: &str| [Some(a.into()), Some(b.into()), Some(c.into())];
    assert_eq!(lines(Analyte::Plt), some("75", "50", "25"));
    assert_eq!(lines(Analyte::Anc), some("1.5", "1", "0.5"));
    assert_eq!(lines(Analyte::Wbc), some("3", "2", "1"));
    assert_eq!(lines(Analyte::Alc), some("0.8", "0.5", "0.2"));
    assert_eq!(
        lines(Analyte::Hgb),
        [Some("10".into()), Some("8".into()), None]
    );
    for analyte in [Analyte::Rbc, Analyte::Hct, Analyte::Mcv, Analyte::Retic] {
        assert_eq!(t.ctcae.lines(analyte), None);
    }
    assert_eq!(t.validate(), Ok(()));
}

#[test]
fn manual_method_picks_20() {
    let t = Thresholds {
        retic_method: RetMethod::Manual,
        ..Thresholds::default()
    };
    assert_eq!(t.retic_cutoff(), decimal("20"));
}

#[test]
fn round_trips_through_the_config_form() {
    let t = Thresholds::default();
    let json = serde_json::to_string(&t).unwrap();
    let read: Thresholds = serde_json::from_str(&json).unwrap();
    assert_eq!(read, t);
}

#[test]
fn a_partial_config_keeps_the_other_defaults() {
    let json = r#"{
        "retic_method": "manual",
        "severe": {"plt": 10},
        "reference": {"hgb": {"lower": {"male": 13.0, "female": "11.5"},
                              "upper": {"male": 17.0, "female": 15.0}}}
    }"#;
    let t: Thresholds = serde_json::from_str(json).unwrap();
    let defaults = Thresholds::default();
    assert_eq!(t.retic_cutoff(), decimal("20"));
    assert_eq!(t.severe.plt, decimal("10"));
    assert_eq!(t.severe.anc, defaults.severe.anc);
    assert_eq!(t.reference.hgb.lower.male, decimal("13"));
    assert_eq!(t.reference.hgb.lower.female, decimal("11.5"));
    assert_eq!(t.reference.plt, defaults.reference.plt);
    assert_eq!(t.ctcae, defaults.ctcae);
}

#[test]
fn refuses_typos_and_half_given_tables() {
    for json in [
        r#"{"sever": {"plt": 10}}"#,
        r#"{"severe": {"platelets": 10}}"#,
        r#"{"retic_method": "visual"}"#,
        r#"{"ctcae": {"plt": {"g2_below": 75, "g3_below": 50}}}"#,
        r#"{"reference": {"hgb": {"lower": {"male": 13.0}}}}"#,
        r#"{"cytopenia": {"hgb": -10}}"#,
    ] {
        assert!(serde_json::from_str::<Thresholds>(json).is_err(), "{json}");
    }
}

#[test]
fn validation_refuses_contradictions() {
    let mut t = Thresholds::default();
    t.reference.plt.lower.female = decimal("500");
    assert!(matches!(
        t.validate(),
        Err(ThresholdsError::LimitsOutOfOrder {
            analyte: "plt",
            sex: "female",
            ..
        })
    ));

    let mut t = Thresholds::default();
    t.critical_low.hgb = decimal("12.5");
    assert!(matches!(
        t.validate(),
        Err(ThresholdsError::CriticalAboveLower { analyte: "hgb", .. })
    ));

    let mut t = Thresholds::default();
    t.ctcae.anc.g4_below = decimal("1.0");
    assert_eq!(
        t.validate(),
        Err(ThresholdsError::GradeLinesOutOfOrder { analyte: "anc" })
    );

    let mut t = Thresholds::default();
    t.severe.plt = decimal("60");
    assert!(matches!(
        t.validate(),
        Err(ThresholdsError::CutoffsOutOfOrder {
            higher: "severe.plt",
            lower: "cytopenia.plt",
            ..
        })
    ));
    let mut t = Thresholds::default();
    t.very_severe.anc = decimal("0.5");
    assert!(matches!(
        t.validate(),
        Err(ThresholdsError::CutoffsOutOfOrder {
            higher: "very_severe.anc",
            ..
        })
    ));
    // A severe platelet cut-off of 0 would make a very severe patient
    // non-severe: platelets < 0 is never met.
    let mut t = Thresholds::default();
    t.severe.plt = decimal("0");
    assert!(matches!(
        t.validate(),
        Err(ThresholdsError::CutoffNotPositive {
            cutoff: "severe.plt",
            ..
        })
    ));
    let mut t = Thresholds::default();
    t.cytopenia.hgb = decimal("0");
    assert!(matches!(
        t.validate(),
        Err(ThresholdsError::CutoffNotPositive {
            cutoff: "cytopenia.hgb",
            ..
        })
    ));

    // A critical low or a grade line at 0 would never flag or grade.
    let mut t = Thresholds::default();
    t.critical_low.plt = decimal("0");
    assert!(matches!(
        t.validate(),
        Err(ThresholdsError::LineNotPositive {
            line: "critical low",
            analyte: "plt",
            ..
        })
    ));
    let mut t = Thresholds::default();
    t.ctcae.plt.g4_below = decimal("0");
    assert!(matches!(
        t.validate(),
        Err(ThresholdsError::LineNotPositive {
            line: "CTCAE grade line",
            analyte: "plt",
            ..
        })
    ));

    let mut t = Thresholds::default();
    t.ctcae.hgb.g3_below = decimal("10");
    assert_eq!(
        t.validate(),
        Err(ThresholdsError::GradeLinesOutOfOrder { analyte: "hgb" })
    );
}
