//! The whole ingest path on arbitrary bytes, then every report built from
//! what loaded: nothing may panic.

#![no_main]

use hemotrend::clinical::{Config, ConfigSource, Thresholds};
use hemotrend::report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dataset) = hemotrend::ingest::load_bytes(&[("fuzz.csv", data)]) {
        let config = Config {
            thresholds: Thresholds::default(),
            source: ConfigSource::Defaults,
        };
        let summaries = report::summarize(&dataset, &config.thresholds);
        let _ = report::summary_json(&summaries, dataset.report(), &config);
        let mut sink = Vec::new();
        let _ = report::write_table(&mut sink, || summaries.iter().cloned(), &dataset, &config);
        let _ = report::write_csv(&mut sink, &summaries);
        let _ = report::write_csv_dataset(&mut sink, &dataset, &config.thresholds);
        let _ = report::write_check(&mut sink, &dataset);
    }
});
