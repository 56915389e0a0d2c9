//! What `summary` and `check` print: per-patient facts, then JSON, CSV or a table.

mod csv_line;
mod csv_out;
mod insight;
mod json;
mod patient_summary;
mod table;

pub use csv_out::{write_csv, write_csv_dataset};
pub use insight::{Insight, patient_insight};
pub use json::{summary_json, write_json};
pub use patient_summary::{PatientSummary, summaries, summarize, summarize_one};
pub use table::{config_line, write_check, write_rejections, write_table};
