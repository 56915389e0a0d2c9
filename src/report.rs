//! What `summary`, `check` and `report` print: per-patient facts, then JSON,
//! CSV, a table or an HTML document; and the words and chart arithmetic the
//! screen shares with them.

mod blocks;
pub mod chart_scale;
mod csv_line;
mod csv_out;
pub mod html;
pub(crate) mod insight;
pub mod insight_words;
mod json;
mod patient_summary;
mod table;
#[cfg(test)]
mod test_datasets;
pub mod words;

pub use csv_out::{write_csv, write_csv_dataset};
pub use insight::{Insight, patient_insight};
pub use json::{summary_json, write_json, write_json_dataset};
pub use patient_summary::{PatientSummary, summaries, summarize, summarize_one};
pub use table::{
    config_line, listed_for, warnings_counted, write_check, write_check_patient, write_rejections,
    write_table,
};
