//! Every integration test in one binary (as ripgrep does): one link instead
//! of twenty. Each module is what was one `tests/*.rs` file.

// A failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod cli;
mod cli_hardening;
mod cli_theme;
mod config;
mod derived;
mod duplicates;
mod encodings;
mod fhir;
mod fhir_meaning;
mod fhir_shapes;
mod fhir_versions;
mod hl7;
mod hostile;
mod json_contract;
mod lab_ranges;
mod local_codes;
mod mimic;
mod omop;
mod one_bad_cell;
mod plausibility;
mod reader_limits;
mod real_exports;
mod replaced_counts;
mod report_chromium;
mod report_html;
mod shown_digits;
mod synthea_fhir;
mod tui_e2e;
mod tui_hardening;
mod tui_insight;
mod tui_keys;
mod tui_lab_ranges;
mod tui_loading;
mod tui_log_scale;
mod tui_mouse;
mod tui_printable;
mod tui_reload;
mod tui_snapshots;
mod tui_terminal;
mod tui_themes;
mod tui_transfused;
mod tui_truthful;
mod tui_update;
