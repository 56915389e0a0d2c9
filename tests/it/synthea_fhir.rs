//! The same Synthea patients as FHIR Bundles and in `observations.csv` give
//! the same draws (compared as instants: the CSV writes UTC, FHIR -08:00)
//! and the same categories. The FHIR values carry more decimals than the
//! CSV's, so values themselves are not compared.
//!
//! The files live in ../shared, which a user's clone does not have: the
//! test is ignored there, and `.ci/run` runs it when ../shared exists.

use std::path::{Path, PathBuf};

use hemotrend::clinical::{Category, Thresholds, classify};
use hemotrend::ingest::load;
use hemotrend::model::Dataset;

fn shared(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-data")
        .join(name)
}

/// Each draw of a patient as (instant, category).
fn course(dataset: &Dataset, id: &str) -> Vec<(i64, Category)> {
    let thresholds = Thresholds::default();
    let patient = dataset
        .patient(id)
        .unwrap_or_else(|| panic!("patient {id}"));
    dataset
        .draws(patient)
        .iter()
        .map(|draw| {
            let category = classify(&draw.values, &thresholds).category;
            (draw.time.instant(), category)
        })
        .collect()
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn fhir_bundles_and_the_csv_agree_on_draws_and_categories() {
    let (csv, fhir) = (shared("synthea-observations.csv"), shared("synthea-fhir"));
    let from_csv = load(&[csv]).expect("the CSV loads");
    let from_fhir = load(&[fhir]).expect("the bundles load");
    assert!(
        from_fhir.report().rejected.is_empty(),
        "{:?}",
        from_fhir.report().rejected
    );
    let ids: Vec<&str> = from_fhir.patients().iter().map(|p| p.id.as_str()).collect();
    // The README: three patients, one bundle each.
    assert_eq!(ids.len(), 3, "{ids:?}");
    let mut draws = 0;
    for id in ids {
        let fhir_course = course(&from_fhir, id);
        assert_eq!(fhir_course, course(&from_csv, id), "patient {id}");
        draws += fhir_course.len();
    }
    // 2 + 3 + 3 CBC panels (the bundles' distinct effective times).
    assert_eq!(draws, 8);
}
