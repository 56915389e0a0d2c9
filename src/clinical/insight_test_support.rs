//! Draws and events written compactly, for the tests of the clinical
//! read-outs.

use crate::model::{
    Analyte, Censor, Decimal, Draw, Event, EventKind, Reading, Timestamp, Value, Values,
};

/// A time from its text (`2024-04-01`, `2024-04-01T08:00`).
pub fn at(text: &str) -> Timestamp {
    crate::ingest::time::parse_time(text).expect("a test time")
}

/// A value from its text: `12`, `<5`, `>1000`, or `-` for missing.
pub fn value(text: &str) -> Value {
    if text == "-" {
        return Value::MISSING;
    }
    let (censor, number) = match text.as_bytes().first() {
        Some(b'<') => (Censor::Below, &text[1..]),
        Some(b'>') => (Censor::Above, &text[1..]),
        _ => (Censor::Exact, text),
    };
    let amount = Decimal::parse(number).expect("a test number");
    Value::new(Reading {
        amount,
        censor,
        derived: false,
    })
}

/// A draw at `time` with these analytes' values.
pub fn draw(time: &str, values: &[(Analyte, &str)]) -> Draw {
    let mut all = Values::default();
    for &(analyte, text) in values {
        all.set(analyte, value(text));
    }
    Draw {
        time: at(time),
        values: all,
    }
}

/// Draws of one analyte, `(time, value)` each.
pub fn series(analyte: Analyte, points: &[(&str, &str)]) -> Vec<Draw> {
    points
        .iter()
        .map(|&(time, text)| draw(time, &[(analyte, text)]))
        .collect()
}

/// An event of this kind at this time.
pub fn event(time: &str, kind: EventKind) -> Event {
    Event::new(at(time), kind)
}
