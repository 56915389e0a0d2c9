//! A record's flags, categories, changes, chart points and times of draws.

use super::*;
use crate::model::{CivilTime, Decimal, LoadReport, PatientInfo, Timestamp, Values};

fn at(day: u8, hour: u8) -> Timestamp {
    let civil = CivilTime {
        year: 2024,
        month: 3,
        day,
        hour,
        minute: 0,
        second: 0,
    };
    Timestamp::from_civil(civil, None).unwrap()
}

#[test]
fn record_flags_classifies_and_marks_shared_dates() {
    let draw = |time, plt: u32, anc: &str, hgb: &str| Draw {
        time,
        values: Values::EMPTY
            .with(Analyte::Plt, Decimal::lit(plt, 0))
            .with(Analyte::Anc, Decimal::parse(anc).unwrap())
            .with(Analyte::Hgb, Decimal::parse(hgb).unwrap()),
    };
    let mut builder = crate::model::DatasetBuilder::new();
    builder.add_patient(
        PatientInfo {
            id: "P".into(),
            sex: Sex::Female,
            ..PatientInfo::default()
        },
        vec![
            draw(at(1, 8), 200, "3", "13"),
            draw(at(4, 8), 40, "1.0", "9"),
            draw(at(4, 20), 40, "1.0", "9"),
            draw(at(9, 8), 10, "0.1", "7"),
        ],
    );
    let dataset = builder.build(LoadReport::default());
    let record = PatientRecord::build(&dataset, 0, &Thresholds::default()).unwrap();
    assert_eq!(record.len(), 4);
    let (date, time) = (TimeShown::Date, TimeShown::Time);
    assert_eq!(record.needs_time, [date, time, time, date]);
    assert_eq!(record.when(0), "2024-03-01");
    assert_eq!(record.when(1), "2024-03-04 08:00");
    assert_eq!(record.flag(3, Analyte::Plt), Some(Flag::CriticalLow));
    assert_eq!(record.flag(1, Analyte::Plt), Some(Flag::Low));
    assert_eq!(record.flag(0, Analyte::Plt), None);
    assert_eq!(
        record.changes,
        [
            (0, Category::None),
            (1, Category::NonSevere),
            (3, Category::VerySevere)
        ]
    );
    assert_eq!(record.points[Analyte::Plt.index()].len(), 4);
    assert_eq!(record.point_draws[Analyte::Plt.index()], [0, 1, 2, 3]);
    assert!(record.points[Analyte::Retic.index()].is_empty());
    assert!(PatientRecord::build(&dataset, 1, &Thresholds::default()).is_none());
}
