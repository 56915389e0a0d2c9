//! A long row's number when the file has both a text `value` and a numeric
//! `valuenum` (MIMIC-IV), and the lab's reference range of the row.
//!
//! MIMIC's `value` is the text the lab reported (`7.2`, `<0.1`, `___` for a
//! de-identified comment) and `valuenum` the number extracted from it. The
//! text is read first because only it keeps a qualifier: `valuenum` alone
//! would turn `<0.1` into an exact 0.1. The rule, never guessing:
//!
//! | value | valuenum | result |
//! |---|---|---|
//! | a number `x` or `<x`/`>x` | empty | `value` |
//! | a number `x` or `<x`/`>x` | `x` | `value` (the bound keeps its qualifier) |
//! | a number | another number | rejected: they disagree |
//! | empty, `NA`, `-` | a number | `valuenum` |
//! | empty, `NA`, `-` | empty | not measured |
//! | `___` (MIMIC's de-identification mask) | a number | `valuenum`, `<`/`>` when `comments` starts so (rejected when `comments` cannot be read) |
//! | text (`___`, a comment) | empty | rejected: not a number |
//! | other text | a number | rejected: the text may qualify the number |
//!
//! The mask hides the lab's free text, not the number: MIMIC's lowest
//! platelet counts ("VERIFIED BY SMEAR") come this way, so refusing them
//! would hide the very results a review looks for.

use crate::model::{Censor, Decimal, DecimalError, LabRange};

use super::cell::parse_cell;

/// MIMIC-IV's de-identification mask in `value`.
const MIMIC_MASK: &str = "___";

/// Which of a row's cells is at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// The `value` column.
    Value,
    /// The `valuenum` column.
    Number,
    /// `ref_range_lower`.
    Lower,
    /// `ref_range_upper`.
    Upper,
    /// MIMIC's `comments`.
    Comments,
}

/// A refused cell and why.
pub type CellError = (Cell, String);

/// The number of a row with a `value` cell and, where the file has one, a
/// `valuenum` cell; `Ok(None)` when not measured. `comment` is the row's
/// comment (empty when the file has none), `None` when it could not be
/// read: only a masked value needs it.
pub fn read_number(
    value: &str,
    number: Option<&str>,
    comment: Option<&str>,
) -> Result<Option<(Censor, Decimal)>, CellError> {
    let text = parse_cell(value);
    let Some(number) = number else {
        return text.map_err(|error| (Cell::Value, describe(value, error)));
    };
    let numeric = parse_cell(number).map_err(|error| (Cell::Number, describe(number, error)))?;
    match (text, numeric) {
        (Ok(None), numeric) => Ok(numeric),
        (Ok(Some(read)), None) => Ok(Some(read)),
        (Ok(Some((censor, amount))), Some((Censor::Exact, plain))) if amount == plain => {
            Ok(Some((censor, amount)))
        }
        (Ok(Some(read)), Some(other)) if read == other => Ok(Some(read)),
        (Ok(Some(_)), Some(_)) => Err((
            Cell::Number,
            format!(
                "value \"{}\" and valuenum \"{}\" disagree",
                value.trim(),
                number.trim()
            ),
        )),
        // The mask hides the text; a comment that starts with `<` or `>`
        // (MIMIC writes `<5*.` beside a masked platelet count of 5) keeps
        // the qualifier the text had.
        (Err(_), Some((Censor::Exact, amount))) if value.trim() == MIMIC_MASK => match comment {
            Some(comment) => Ok(Some((comment_censor(comment), amount))),
            // Read without its comment, a `<5` would load as an exact 5.
            None => Err((
                Cell::Comments,
                format!(
                    "the comment beside the masked value \"{}\" (valuenum \"{}\") cannot be read, \
                     and it may qualify the number",
                    value.trim(),
                    number.trim()
                ),
            )),
        },
        (Err(_), Some(read)) if value.trim() == MIMIC_MASK => Ok(Some(read)),
        (Err(error), None) => Err((Cell::Value, describe(value, error))),
        (Err(_), Some(_)) => Err((
            Cell::Value,
            format!(
                "value \"{}\" is text, so valuenum \"{}\" is not taken alone \
                 (the text may qualify the number)",
                value.trim(),
                number.trim()
            ),
        )),
    }
}

/// The qualifier a comment's first character gives a masked value.
fn comment_censor(comment: &str) -> Censor {
    match comment.trim_start().as_bytes().first() {
        Some(b'<') => Censor::Below,
        Some(b'>') => Censor::Above,
        _ => Censor::Exact,
    }
}

/// The lab's range of a row, converted to the canonical unit with the row's
/// `factor`; `Ok(None)` when both cells are empty.
///
/// Both ends are needed, each a plain number (no qualifier), and the lower
/// must be below the upper: anything else is an error naming the cell, so
/// that a range is never half-used; the readers then warn and keep the
/// value against the default limits (clinical.md §2), never in silence.
pub fn read_range(
    lower: &str,
    upper: &str,
    factor: Decimal,
) -> Result<Option<LabRange>, CellError> {
    let end = |text: &str, cell: Cell| -> Result<Option<Decimal>, CellError> {
        let text = crate::safe_text::trim(text);
        // `NA`, `\N`: no limit, as an empty cell.
        if crate::ingest::cell::is_not_measured(text) {
            return Ok(None);
        }
        // `1.500` /uL: a thousands point, or a limit a thousand times lower.
        if let Some(reason) = crate::ingest::rows::thousands_point(text, factor) {
            return Err((cell, reason));
        }
        let amount = Decimal::parse(text).map_err(|error| (cell, describe(text, error)))?;
        amount.checked_mul(factor).map(Some).map_err(|error| {
            (
                cell,
                format!("{text} cannot be converted exactly: {}", error),
            )
        })
    };
    match (end(lower, Cell::Lower)?, end(upper, Cell::Upper)?) {
        (None, None) => Ok(None),
        (Some(lower_limit), Some(upper_limit)) if lower_limit < upper_limit => {
            let range = LabRange::new(lower_limit, upper_limit);
            Ok(Some(crate::ingest::rows::range_as_written(
                range, lower, upper, factor,
            )))
        }
        (Some(_), Some(_)) => Err((
            Cell::Lower,
            format!(
                "lab range {}-{} is not a range: the lower limit must be below the upper",
                lower.trim(),
                upper.trim()
            ),
        )),
        (Some(_), None) => Err((
            Cell::Upper,
            format!(
                "the lab range has a lower limit ({}) but no upper limit",
                lower.trim()
            ),
        )),
        (None, Some(_)) => Err((
            Cell::Lower,
            format!(
                "the lab range has an upper limit ({}) but no lower limit",
                upper.trim()
            ),
        )),
    }
}

/// Why a cell is not a number, in the words of the wide and long readers;
/// a number written with a decimal comma (`12,5`, `<0,5`) says so and what
/// to do, as a file of semicolons does (DESIGN.md).
pub fn describe(text: &str, error: DecimalError) -> String {
    let trimmed = text.trim();
    // Quoted with its control and invisible characters as escapes: a
    // zero-width space before `5` read `"5" is not a number`.
    let shown = crate::safe_text::shown_id(trimmed);
    match error {
        DecimalError::NotANumber => match decimal_comma(trimmed) {
            // `20,000`: 20000 with a thousands separator as often as 20.000
            // with a decimal comma; either reading may be a thousand times
            // wrong, so the message offers both and picks neither.
            Some(with_point) if thousands(trimmed) => format!(
                "\"{shown}\" is not a number: a thousands separator ({}) or a decimal comma \
                 ({with_point})? hemotrend reads neither: write the number without separators, \
                 with a point for decimals",
                shown.replacen(',', "", 1)
            ),
            Some(with_point) => format!(
                "\"{shown}\" is not a number: a decimal comma? hemotrend reads a point \
                 ({with_point}); save the file with points as decimal separators"
            ),
            None => match super::number_hint::not_a_number(trimmed) {
                Some(hint) => format!("\"{shown}\" is not a number: {hint}"),
                None => format!("\"{shown}\" is not a number"),
            },
        },
        DecimalError::Negative => format!("{shown} is negative"),
        // 4.1 read through a binary float and printed in full by a script.
        DecimalError::TooManyDigits if super::number_hint::float_residue(trimmed) => format!(
            "{shown} has more digits than can be held exactly: it looks like a floating-point \
             number printed in full, as a script writes one; round it to the digits the lab \
             reported"
        ),
        DecimalError::TooManyDigits => format!("{shown} has more digits than can be held exactly"),
        DecimalError::TooLarge => format!("{shown} is too large to be a blood count"),
    }
}

/// True for one to three digits not led by a zero, a comma and three
/// digits (`1,500`, `<20,000`): what a thousands separator also writes
/// (`0,500` is a decimal comma only).
fn thousands(text: &str) -> bool {
    let number = text.trim_start_matches(['<', '>']).trim_start();
    number.split_once(',').is_some_and(|(whole, fraction)| {
        fraction.len() == 3 && (1..=3).contains(&whole.len()) && !whole.starts_with('0')
    })
}

/// `12,5` as `12.5` when the text is digits, one comma and digits (after
/// a `<` or `>`); else `None`. `1,500` is such a text too: it may be a
/// thousands separator, so the hint only asks.
fn decimal_comma(text: &str) -> Option<String> {
    let number = text.trim_start_matches(['<', '>']).trim_start();
    let (whole, fraction) = number.split_once(',')?;
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && digits(fraction)).then(|| text.replacen(',', ".", 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(
        "12,5",
        "\"12,5\" is not a number: a decimal comma? hemotrend reads a point (12.5); save the file with points as decimal separators"
    )]
    #[case(
        "<0,5",
        "\"<0,5\" is not a number: a decimal comma? hemotrend reads a point (<0.5); save the file with points as decimal separators"
    )]
    #[case(
        "20,000",
        "\"20,000\" is not a number: a thousands separator (20000) or a decimal comma (20.000)? hemotrend reads neither: write the number without separators, with a point for decimals"
    )]
    #[case(
        "<1,500",
        "\"<1,500\" is not a number: a thousands separator (<1500) or a decimal comma (<1.500)? hemotrend reads neither: write the number without separators, with a point for decimals"
    )]
    #[case(
        "0,500",
        "\"0,500\" is not a number: a decimal comma? hemotrend reads a point (0.500); save the file with points as decimal separators"
    )]
    #[case("12,5,1", "\"12,5,1\" is not a number")]
    #[case(
        "1,234,567",
        "\"1,234,567\" is not a number: commas as thousands separators? hemotrend reads none: write the number without them (1234567)"
    )]
    #[case(
        "1.234.567",
        "\"1.234.567\" is not a number: points as thousands separators? hemotrend reads none: write the number without them (1234567)"
    )]
    #[case(
        "150,000.0",
        "\"150,000.0\" is not a number: a thousands separator beside a decimal point? hemotrend reads none: write the number without it (150000.0)"
    )]
    #[case(
        "1.500,0",
        "\"1.500,0\" is not a number: a thousands separator beside a decimal comma? hemotrend reads neither: write the number without separators, with a point for decimals (1500.0)"
    )]
    #[case(
        "<150.000,5",
        "\"<150.000,5\" is not a number: a thousands separator beside a decimal comma? hemotrend reads neither: write the number without separators, with a point for decimals (<150000.5)"
    )]
    #[case(
        "150 000",
        "\"150 000\" is not a number: a space as a thousands separator? hemotrend reads none: write the number without it (150000)"
    )]
    #[case(
        "150\u{a0}000",
        "\"150\u{a0}000\" is not a number: a no-break space as a thousands separator? hemotrend reads none: write the number without it (150000)"
    )]
    #[case(
        "1\u{202f}500\u{202f}000",
        "\"1\u{202f}500\u{202f}000\" is not a number: narrow no-break spaces as thousands separators? hemotrend reads none: write the number without them (1500000)"
    )]
    #[case(
        "150'000",
        "\"150'000\" is not a number: an apostrophe as a thousands separator? hemotrend reads none: write the number without it (150000)"
    )]
    #[case(
        "9.5 L",
        "\"9.5 L\" is not a number: a number followed by a flag? hemotrend reads the number alone and flags it against its limits: write 9.5, and put the flag in its own column"
    )]
    #[case(
        "9.5H",
        "\"9.5H\" is not a number: a number followed by a flag? hemotrend reads the number alone and flags it against its limits: write 9.5, and put the flag in its own column"
    )]
    #[case(
        "0.1L",
        "\"0.1L\" is not a number: a number followed by a flag? hemotrend reads the number alone and flags it against its limits: write 0.1, and put the flag in its own column"
    )]
    #[case(
        "9.5 g/dL",
        "\"9.5 g/dL\" is not a number: a number followed by a unit or a note? hemotrend reads the number alone: give the unit in the column's header (`hgb (g/L)`) or its unit column, and a note a column of its own"
    )]
    #[case(
        "45%",
        "\"45%\" is not a number: a percent sign? a percentage is read without its sign (45), and only where the unit is % (`neutrophils (%)`, or % in the unit column), never in a count's column"
    )]
    #[case(
        "<=0.1",
        "\"<=0.1\" is not a number: a bound that may be reached? hemotrend keeps < and > (the value is beyond the bound), and <= may be the bound itself; ask the lab which it means and write that"
    )]
    #[case(
        ">=50",
        "\">=50\" is not a number: a bound that may be reached? hemotrend keeps < and > (the value is beyond the bound), and >= may be the bound itself; ask the lab which it means and write that"
    )]
    // Shapes that are no thousands, flag or unit keep the plain refusal.
    #[case("1-500", "\"1-500\" is not a number")]
    #[case("1,50,000", "\"1,50,000\" is not a number")]
    #[case("9 5", "\"9 5\" is not a number")]
    #[case("1e", "\"1e\" is not a number")]
    #[case("0x10", "\"0x10\" is not a number")]
    #[case("TNP", "\"TNP\" is not a number")]
    #[case(",5", "\",5\" is not a number")]
    #[case("abc", "\"abc\" is not a number")]
    fn a_decimal_comma_is_named(#[case] text: &str, #[case] reason: &str) {
        assert_eq!(describe(text, DecimalError::NotANumber), reason);
    }

    /// A float printed in full is told to be rounded; another number too
    /// precise to hold is not said to be one.
    #[rstest]
    #[case(
        "4.1000000000000005",
        "4.1000000000000005 has more digits than can be held exactly: it looks like a floating-point number printed in full, as a script writes one; round it to the digits the lab reported"
    )]
    #[case(
        "0.30000000000000004",
        "0.30000000000000004 has more digits than can be held exactly: it looks like a floating-point number printed in full, as a script writes one; round it to the digits the lab reported"
    )]
    #[case("1.23456789", "1.23456789 has more digits than can be held exactly")]
    fn too_many_digits(#[case] text: &str, #[case] reason: &str) {
        assert_eq!(describe(text, DecimalError::TooManyDigits), reason);
    }

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[rstest]
    #[case("7.2", None, Some((Censor::Exact, "7.2")))]
    #[case("<0.1", None, Some((Censor::Below, "0.1")))]
    #[case("", None, None)]
    #[case("7.2", Some(""), Some((Censor::Exact, "7.2")))]
    #[case("7.20", Some("7.2"), Some((Censor::Exact, "7.2")))]
    #[case("<0.1", Some(""), Some((Censor::Below, "0.1")))]
    #[case("<0.1", Some("0.1"), Some((Censor::Below, "0.1")))]
    #[case(">1000", Some("1000"), Some((Censor::Above, "1000")))]
    #[case("", Some("7.2"), Some((Censor::Exact, "7.2")))]
    #[case("NA", Some("7.2"), Some((Censor::Exact, "7.2")))]
    #[case("", Some(""), None)]
    #[case("___", Some("19.9"), Some((Censor::Exact, "19.9")))]
    #[case(" ___ ", Some("5"), Some((Censor::Exact, "5")))]
    fn reads(
        #[case] value: &str,
        #[case] number: Option<&str>,
        #[case] expected: Option<(Censor, &str)>,
    ) {
        assert_eq!(
            read_number(value, number, Some("")),
            Ok(expected.map(|(censor, text)| (censor, d(text))))
        );
    }

    /// MIMIC writes `<5*.` in `comments` beside a masked platelet count of 5.
    #[rstest]
    #[case("___", "5", "<5*.", Censor::Below)]
    #[case("___", "1000", " >1000", Censor::Above)]
    #[case("___", "5", "VERIFIED BY SMEAR.", Censor::Exact)]
    #[case("___", "5", "", Censor::Exact)]
    // A comment qualifies only a masked value: a readable value says it all.
    #[case("5", "5", "<5*.", Censor::Exact)]
    fn a_comment_qualifies_a_masked_value(
        #[case] value: &str,
        #[case] number: &str,
        #[case] comment: &str,
        #[case] censor: Censor,
    ) {
        assert_eq!(
            read_number(value, Some(number), Some(comment)),
            Ok(Some((censor, d(number))))
        );
    }

    /// A comment that cannot be read (longer than 64 KiB) refuses only a
    /// masked value, which it may qualify; any other value loads without it.
    #[test]
    fn a_comment_that_cannot_be_read_refuses_only_a_masked_value() {
        let (at, reason) = read_number("___", Some("5"), None).unwrap_err();
        assert_eq!(at, Cell::Comments, "{reason}");
        assert!(reason.contains("may qualify the number"), "{reason}");
        assert_eq!(
            read_number("206", Some("206"), None),
            Ok(Some((Censor::Exact, d("206"))))
        );
        assert_eq!(
            read_number("<5", Some("5"), None),
            Ok(Some((Censor::Below, d("5"))))
        );
    }

    #[rstest]
    #[case("___", None, Cell::Value, "\"___\" is not a number")]
    #[case("___", Some(""), Cell::Value, "\"___\" is not a number")]
    #[case("____", Some("7.2"), Cell::Value, "is text, so valuenum \"7.2\"")]
    #[case("GREATER THAN 1000", Some("1000"), Cell::Value, "may qualify")]
    #[case("7.2", Some("7.3"), Cell::Number, "disagree")]
    #[case("<0.1", Some("0.2"), Cell::Number, "disagree")]
    #[case("7.2", Some("abc"), Cell::Number, "\"abc\" is not a number")]
    #[case("", Some("-3"), Cell::Number, "negative")]
    fn refuses(
        #[case] value: &str,
        #[case] number: Option<&str>,
        #[case] cell: Cell,
        #[case] words: &str,
    ) {
        let (at, reason) = read_number(value, number, Some("")).unwrap_err();
        assert_eq!(at, cell, "{reason}");
        assert!(reason.contains(words), "{reason}");
    }

    #[rstest]
    // 150000-440000 /uL is 150-440 x10^9/L: converted with the row's unit.
    #[case("150000", "440000", "0.001", Some(("150", "440")))]
    #[case("4.0", "11.0", "1", Some(("4", "11")))]
    #[case("", "", "1", None)]
    #[case(" ", "", "0.001", None)]
    fn ranges(
        #[case] lower: &str,
        #[case] upper: &str,
        #[case] factor: &str,
        #[case] expected: Option<(&str, &str)>,
    ) {
        let expected = expected.map(|(lower, upper)| LabRange {
            lower: d(lower),
            upper: d(upper),
            places: (0, 0),
            significant: (0, 0),
        });
        assert_eq!(read_range(lower, upper, d(factor)), Ok(expected));
    }

    #[rstest]
    #[case("150", "", Cell::Upper, "no upper limit")]
    #[case("", "440", Cell::Lower, "no lower limit")]
    #[case("440", "150", Cell::Lower, "not a range")]
    #[case("150", "150", Cell::Lower, "not a range")]
    #[case("<150", "440", Cell::Lower, "not a number")]
    #[case("150", "abc", Cell::Upper, "not a number")]
    fn refuses_ranges(
        #[case] lower: &str,
        #[case] upper: &str,
        #[case] cell: Cell,
        #[case] words: &str,
    ) {
        let (at, reason) = read_range(lower, upper, d("1")).unwrap_err();
        assert_eq!(at, cell, "{reason}");
        assert!(reason.contains(words), "{reason}");
    }
}
