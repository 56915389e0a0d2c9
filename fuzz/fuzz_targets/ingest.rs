//! The whole ingest path on arbitrary bytes, then every report built from
//! what loaded: nothing may panic.

#![no_main]

use hemotrend::clinical::Thresholds;
use hemotrend::report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dataset) = hemotrend::ingest::load_bytes(&[("fuzz.csv", data)]) {
        let summaries = report::summarize(&dataset, &Thresholds::default());
        let _ = report::summary_json(&summaries, dataset.report());
        let mut sink = Vec::new();
        let _ = report::write_table(&mut sink, &summaries, &dataset);
        let _ = report::write_csv(&mut sink, &summaries);
        let _ = report::write_check(&mut sink, &dataset);
    }
});
