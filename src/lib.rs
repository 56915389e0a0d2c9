//! hemotrend: review serial complete blood counts in the terminal.
//!
//! The core (`model`, `ingest`, `clinical`, `report`) is pure Rust with no
//! terminal dependency; the `tui` module draws it.

pub mod clinical;
pub mod ingest;
pub mod model;
