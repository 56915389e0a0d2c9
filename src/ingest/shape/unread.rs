//! The columns a file holds that hemotrend does not read but a reader would
//! expect to count, each with why it is not read.

use super::naming::{named_like_a_count, named_like_a_range};
use super::{NAME_A_COUNT, Shape};

/// The columns a file holds that are named like a blood count but that
/// hemotrend does not read (`Platelet count`, `plt x10^9/L`, a `plt` column
/// in a long file): their values would be lost without a word, so the
/// load names each as a warning.
pub(super) fn unread_analyte_columns(headers: &[String], shape: &Shape) -> Vec<usize> {
    let read = shape.read_columns();
    headers
        .iter()
        .enumerate()
        .filter(|&(index, name)| !read.contains(&index) && named_like_a_count(name))
        .map(|(index, _)| index)
        .collect()
}

/// The columns a file holds that hemotrend does not read but whose values
/// a reader would expect to count, each with why: named like a blood count
/// ([`unread_analyte_columns`]), or a time of day beside the time column
/// (`date` and `time`: the draw's time is read from one column, so two
/// draws on one date would merge).
pub fn unread_columns(headers: &[String], shape: &Shape) -> Vec<(usize, String)> {
    let mut unread: Vec<(usize, String)> = unread_analyte_columns(headers, shape)
        .into_iter()
        .map(|index| {
            let name = headers.get(index).map_or("", String::as_str);
            // `plt` and a zero-width space: told to rename `plt` to
            // `plt`, a user could not see why.
            let reason = if crate::safe_text::id_unreadable(name) {
                format!(
                    "the name \"{}\" holds an invisible or control character, so it is no \
                     column hemotrend reads: its values are not loaded; delete the character",
                    crate::safe_text::shown_id(name)
                )
            } else {
                unread_analyte_reason(shape)
            };
            (index, reason)
        })
        .collect();
    let read = shape.read_columns();
    for (index, name) in headers.iter().enumerate() {
        if !read.contains(&index) && named_like_a_range(name) {
            unread.push((
                index,
                "named like a lab range, but not a column hemotrend reads: a lab's range is \
                 read from ref_range_lower and ref_range_upper (in a file of one result a \
                 row), so the limits for the age and sex apply here"
                    .to_string(),
            ));
        }
    }
    let time_name = headers.get(shape.common().time).map_or("", String::as_str);
    for (index, name) in headers.iter().enumerate() {
        let normalized = name.trim().to_lowercase().replace([' ', '-'], "_");
        let of_day = matches!(
            normalized.as_str(),
            "time"
                | "hour"
                | "time_of_day"
                | "draw_time"
                | "sample_time"
                | "specimen_time"
                | "collected_time"
                | "time_collected"
                | "collection_hour"
        );
        if of_day && !read.contains(&index) {
            unread.push((
                index,
                format!(
                    "a time of day beside the time column `{time_name}`: hemotrend reads each \
                     draw's time from that one column, so this one is not read, and where \
                     `{time_name}` holds dates alone, draws on one date are taken as one draw; \
                     write the date and time in one column (2024-01-01T08:00)"
                ),
            ));
        }
    }
    unread.extend(dates_beside_a_time_of_day(headers, shape));
    unread.sort_by_key(|&(index, _)| index);
    unread
}

/// The mirror of a time of day beside `date`: a date beside a time column
/// named like a time of day (`Collection Date` beside `Collection Time`),
/// whose rows are refused where it holds times of day alone.
fn dates_beside_a_time_of_day(headers: &[String], shape: &Shape) -> Vec<(usize, String)> {
    let time_name = headers.get(shape.common().time).map_or("", String::as_str);
    if !super::super::split_time::named_like_a_time_of_day(time_name) {
        return Vec::new();
    }
    super::super::split_time::date_columns(headers, shape)
        .map(|index| {
            let reason = format!(
                "a date beside the time column `{time_name}`: hemotrend reads each draw's \
                 time from that one column, so this one is not read, and where \
                 `{time_name}` holds times of day alone, its rows are refused; write the \
                 date and time in one column (2024-01-01T08:00)"
            );
            (index, reason)
        })
        .collect()
}

/// Why a column [`unread_analyte_columns`] names is not loaded: in a wide
/// file, its name; in a long one, its place.
fn unread_analyte_reason(shape: &Shape) -> String {
    match shape {
        Shape::Wide { .. } => format!(
            "named like a blood count, but not a column hemotrend reads: its values are not \
             loaded; name it {NAME_A_COUNT}"
        ),
        Shape::Long { .. } => "a blood count's column in a file read as one result a row \
            (a test and a value column): its values are not loaded; give them rows of their \
            own, or drop the test and value columns"
            .into(),
    }
}
