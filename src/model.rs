//! The domain: analytes, exact quantities, times, patients and their draws.
//!
//! Nothing here does I/O or knows about the terminal.

mod analyte;
mod dataset;
mod decimal;
mod lab_range;
mod load_report;
mod packed;
mod timestamp;
mod value;

pub use analyte::{ANALYTE_COUNT, Analyte};
pub use dataset::{Dataset, DatasetBuilder, Draw, DrawRange, DrawSlice, Patient, PatientInfo, Sex};
pub use decimal::{Decimal, DecimalError};
pub use lab_range::LabRange;
pub use load_report::{LoadReport, Rejection};
pub use timestamp::{CivilTime, TimeForm, Timestamp};
pub use value::{Censor, Reading, Value, Values};
