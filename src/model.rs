//! The domain: analytes, exact quantities, times, patients and their draws.
//!
//! Nothing here does I/O or knows about the terminal.

mod analyte;
mod dataset;
mod decimal;
mod event;
mod lab_range;
mod load_report;
mod packed;
mod timestamp;
mod value;
mod warnings;

pub use analyte::{ANALYTE_COUNT, Analyte};
pub use dataset::{
    Dataset, DatasetBuilder, Draw, DrawRange, DrawSlice, Patient, PatientEvent, PatientInfo, Sex,
};
pub use decimal::{Decimal, DecimalError, Rounding};
pub use event::{Event, EventKind};
pub use lab_range::LabRange;
pub use load_report::{LoadReport, Rejection};
pub use timestamp::{CivilTime, TimeForm, Timestamp};
pub use value::{Censor, Reading, Value, Values};
pub use warnings::{Unworded, Warnings};

pub(crate) use dataset::DatasetParts;
pub(crate) use decimal::{MAX_TEXT_LEN as DECIMAL_TEXT_LEN, parse_plain};
pub(crate) use lab_range::RangeEntry;
pub(crate) use packed::{Codes, Escape, PackedValues};
pub(crate) use timestamp::MAX_TEXT_LEN as TIMESTAMP_TEXT_LEN;
pub(crate) use value::{CODE_ESCAPED, CODE_MISSING};
