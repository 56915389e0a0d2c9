//! Reading CSV exports into a [`Dataset`](crate::model::Dataset).

pub mod cell;
pub mod time;
pub mod units;
pub mod vocabulary;
