//! The whole ingest path on arbitrary bytes (read as CSV, as HL7 v2 and as
//! FHIR NDJSON, by the first byte), then every report built from what
//! loaded: nothing may panic.

#![no_main]

use hemotrend::clinical::{Config, ConfigSource, Thresholds};
use hemotrend::report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the reader, so that one corpus reaches all three.
    let name = match data.first().map(|byte| byte % 3) {
        Some(1) => "fuzz.hl7",
        Some(2) => "fuzz.ndjson",
        _ => "fuzz.csv",
    };
    if let Ok(dataset) = hemotrend::ingest::load_bytes(&[(name, data)]) {
        let config = Config {
            thresholds: Thresholds::default(),
            source: ConfigSource::Defaults,
        };
        let summaries = report::summarize(&dataset, &config.thresholds);
        let _ = report::summary_json(&summaries, dataset.report(), &config);
        let mut sink = Vec::new();
        let _ = report::write_table(&mut sink, dataset.patients(), &dataset, &config);
        let _ = report::write_json_dataset(&mut sink, &dataset, &config.thresholds, &config);
        let _ = report::write_csv(&mut sink, &summaries);
        let _ = report::write_csv_dataset(&mut sink, &dataset, &config.thresholds);
        let _ = report::write_check(&mut sink, &dataset, None);
    }
});
