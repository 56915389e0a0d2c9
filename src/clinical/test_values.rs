//! Test helpers: values written the way a lab writes them.

use crate::model::{Analyte, Censor, Decimal, Reading, Value, Values};

/// `"0.5"`, `"<30"`, `">1000"`, or `"-"` for missing.
pub(crate) fn value(text: &str) -> Value {
    let (censor, number) = match text.as_bytes().first() {
        Some(b'<') => (Censor::Below, &text[1..]),
        Some(b'>') => (Censor::Above, &text[1..]),
        _ => (Censor::Exact, text),
    };
    if number == "-" {
        return Value::MISSING;
    }
    Value::new(Reading {
        amount: decimal(number),
        censor,
        derived: false,
    })
}

/// An exact decimal from its text.
pub(crate) fn decimal(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

/// A draw of the four analytes the severity criteria test, each in
/// [`value`]'s notation.
pub(crate) fn draw(hgb: &str, plt: &str, anc: &str, retic: &str) -> Values {
    let mut values = Values::EMPTY;
    for (analyte, text) in [
        (Analyte::Hgb, hgb),
        (Analyte::Plt, plt),
        (Analyte::Anc, anc),
        (Analyte::Retic, retic),
    ] {
        values.set(analyte, value(text));
    }
    values
}
