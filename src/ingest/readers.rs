//! The format readers, side by side: each turns its input into the rows and
//! observations of the [`assembler`](super::assembler), which merges them into
//! patients and draws the same way whatever the format.

pub(crate) mod csv_file;
pub(crate) mod events;
pub(crate) mod fhir;
pub(crate) mod hl7;
pub(crate) mod omop;
pub(crate) mod patient_table;
pub(crate) mod standing;
