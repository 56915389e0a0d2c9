//! hemotrend: review serial complete blood counts in the terminal.
//!
//! The core (`model`, `ingest`, `clinical`, `report`) is pure Rust with no
//! terminal dependency; `cli` is the command line and `tui` the dashboard,
//! the only module that draws on a terminal.

#![forbid(unsafe_code)]

pub mod cli;
pub mod clinical;
pub mod ingest;
pub mod model;
pub mod report;
pub mod safe_text;
pub mod sample;
pub mod tui;
