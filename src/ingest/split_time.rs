//! A draw's date and time split over two columns, as lab systems export
//! them (`Collection Date`, `Collection Time`): hemotrend reads each
//! draw's time from one column, so the file is told how to join them.
//!
//! Either column may be the one read. `date` then `time` reads the dates
//! (draws of one date merge: [`super::shape::unread_columns`] warns);
//! `Collection Time` then `Collection Date` reads the times of day, and
//! every row is refused: the refusal says why and names the date column.

use super::rows::RowError;
use super::shape::Shape;

/// The refusal of a row whose time column holds `text`, said again when
/// the text is a time of day alone (`08:00`, `8:00:00`): "not a time"
/// would hide that the date is in another column, which it names.
pub(super) fn explain_time_of_day(
    error: RowError,
    text: Option<&str>,
    headers: &[String],
    shape: &Shape,
) -> RowError {
    let time = shape.common().time;
    let Some(text) = text.map(crate::safe_text::trim) else {
        return error;
    };
    if error.column != Some(time) || !is_time_of_day(text) {
        return error;
    }
    let date = date_columns(headers, shape)
        .next()
        .and_then(|i| headers.get(i));
    let beside = date.map_or(String::new(), |name| {
        format!(", and the date seems to be in column \"{name}\"")
    });
    RowError::at(
        time,
        format!(
            "\"{text}\" is a time of day without its date: hemotrend reads each draw's date \
             and time from one column{beside}; write the date and time in one column \
             (2024-03-04T08:00)"
        ),
    )
}

/// Whether a column name reads as a time of day (`Collection Time`,
/// `collection_time`, `time`), not as a date and time (`datetime`,
/// `charttime`, `collected_at`).
pub(super) fn named_like_a_time_of_day(name: &str) -> bool {
    let words = super::shape::words_of(name);
    words.iter().any(|word| word == "time") && !words.iter().any(|word| word == "date")
}

/// The columns not read whose name reads as a date (`Collection Date`,
/// `date`, `draw_date`), not a birth date, in header order.
pub(super) fn date_columns<'a>(
    headers: &'a [String],
    shape: &Shape,
) -> impl Iterator<Item = usize> + 'a {
    let read = shape.read_columns();
    headers
        .iter()
        .enumerate()
        .filter(move |(index, _)| !read.contains(index))
        .filter(|(_, name)| named_like_a_date(name))
        .map(|(index, _)| index)
}

/// Whether a name reads as a date and not a birth date (`dob` and
/// `birth_date` are read; `Date of Birth` is not, and is no draw's date).
fn named_like_a_date(name: &str) -> bool {
    let words = super::shape::words_of(name);
    let has = |wanted: &str| words.iter().any(|word| word == wanted);
    has("date") && !has("birth") && !has("dob")
}

/// `H:MM` or `HH:MM`, with `:SS` and a fraction of a second or not: a
/// clock time that no date stands before.
fn is_time_of_day(text: &str) -> bool {
    let digits = |part: &str, lengths: &[usize]| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let mut parts = text.split(':');
    let (Some(hours), Some(minutes)) = (parts.next(), parts.next()) else {
        return false;
    };
    let seconds_fit = match (parts.next(), parts.next()) {
        (None, _) => true,
        (Some(seconds), None) => {
            let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
            digits(whole, &[2])
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        (Some(_), Some(_)) => false,
    };
    digits(hours, &[1, 2]) && digits(minutes, &[2]) && seconds_fit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_are_told_from_other_texts() {
        for text in ["08:00", "8:00", "8:00:00", "20:15:30.5"] {
            assert!(is_time_of_day(text), "{text}");
        }
        for text in [
            "2024-03-04",
            "0800",
            "8",
            "8:0",
            "08:00:",
            "08:00 AM",
            "1:2:3:4",
            ":00",
        ] {
            assert!(!is_time_of_day(text), "{text}");
        }
    }

    #[test]
    fn names_of_a_date_and_of_a_time_of_day() {
        for name in ["Collection Time", "collection_time", "time", "DrawTime"] {
            assert!(named_like_a_time_of_day(name), "{name}");
        }
        for name in ["datetime", "charttime", "collected_at", "date_time"] {
            assert!(!named_like_a_time_of_day(name), "{name}");
        }
        for name in ["Collection Date", "date", "draw_date", "DateCollected"] {
            assert!(named_like_a_date(name), "{name}");
        }
        for name in ["Date of Birth", "birth_date", "update", "dob_date"] {
            assert!(!named_like_a_date(name), "{name}");
        }
    }
}
