//! Values, their codes and their written digits.

use super::*;
use proptest::prelude::*;

/// The code of a cell the long way: parsed, its written places put
/// back, then coded.
fn code_the_long_way(cell: &[u8]) -> Option<u16> {
    let amount = crate::model::parse_plain(cell)?;
    let places = cell
        .iter()
        .position(|&byte| byte == b'.')
        .map_or(0, |point| cell.len() - point - 1);
    Value::exact(amount)
        .with_written_decimals(places as u8)
        .to_code()
}

/// [`Value::written_code`] byte by byte, as it was first written.
fn code_byte_by_byte(cell: &[u8]) -> Option<u16> {
    if cell.len() > 8 {
        return None;
    }
    let (mut mantissa, mut places, mut points, mut digits) = (0u32, 0u32, 0u32, 0u32);
    for &byte in cell {
        match byte {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u32::from(byte - b'0');
                places += u32::from(points > 0);
                digits += 1;
            }
            b'.' => points += 1,
            _ => return None,
        }
    }
    if points > 1 || digits == 0 || places > 3 || mantissa >= 1 << CODE_MANTISSA_BITS {
        return None;
    }
    let code = (places << CODE_MANTISSA_BITS | mantissa) as u16;
    (code < CODE_ESCAPED).then_some(code)
}

proptest! {
    #[test]
    fn a_written_code_is_read_as_byte_by_byte(
        cell in proptest::collection::vec(
            prop_oneof![4 => proptest::char::range('0', '9').prop_map(|c| c as u8), 1 => Just(b'.'), 1 => any::<u8>()],
            0..10,
        )
    ) {
        prop_assert_eq!(Value::written_code(&cell), code_byte_by_byte(&cell), "{:?}", cell);
    }

    #[test]
    fn a_written_code_is_the_code_the_long_way_gives(cell in "[0-9.]{0,9}|[0-9]{0,5}[.]?[0-9]{0,4}|[0-9 x<.-]{1,6}") {
        let long_way = code_the_long_way(cell.as_bytes());
        match Value::written_code(cell.as_bytes()) {
            Some(code) => prop_assert_eq!(Some(code), long_way),
            // Only a long cell, or one without a code, is left.
            None => prop_assert!(cell.len() > 8 || long_way.is_none()),
        }
    }
}

#[test]
fn written_codes_keep_the_places_written() {
    for (cell, mantissa, places) in [
        ("8", 8, 0),
        ("8.0", 80, 1),
        ("1.700", 1700, 3),
        (".25", 25, 2),
        ("0.0", 0, 1),
        ("4095", 4095, 0),
    ] {
        let code = Value::written_code(cell.as_bytes()).unwrap();
        assert_eq!(
            code,
            (places << CODE_MANTISSA_BITS | mantissa) as u16,
            "{cell}"
        );
    }
    for cell in [
        "",
        ".",
        "1.2.3",
        "4096",
        "1.2345",
        "4.095",
        "-1",
        " 1",
        "123456789",
    ] {
        assert_eq!(Value::written_code(cell.as_bytes()), None, "{cell}");
    }
    assert!(Value::code_over_hundred(
        Value::written_code(b"100.1").unwrap()
    ));
    assert!(!Value::code_over_hundred(
        Value::written_code(b"100.0").unwrap()
    ));
    assert!(Value::code_over_hundred(
        Value::written_code(b"101").unwrap()
    ));
    assert!(!Value::code_over_hundred(
        Value::written_code(b"99.9").unwrap()
    ));
}

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

#[test]
fn packs_and_unpacks_every_qualifier() {
    for censor in [Censor::Exact, Censor::Below, Censor::Above] {
        for derived in [false, true] {
            for amount in [
                d("0"),
                d("0.0000001"),
                d("67108863"),
                d("6.7108863"),
                d("150"),
            ] {
                let reading = Reading {
                    amount,
                    censor,
                    derived,
                };
                assert_eq!(Value::new(reading).reading(), Some(reading));
            }
        }
    }
}

#[test]
fn codes_round_trip_and_refuse_what_does_not_fit() {
    for text in [
        "0", "250", "13.5", "4.52", "0.05", "4.093", "409.5", "0.001", "4095",
    ] {
        let value = Value::exact(d(text));
        let code = value.to_code().unwrap();
        assert_eq!(Value::from_code(code), Some(value), "{text}");
    }
    assert_eq!(Value::MISSING.to_code(), Some(CODE_MISSING));
    assert_eq!(Value::from_code(CODE_MISSING), Some(Value::MISSING));
    assert_eq!(Value::from_code(CODE_ESCAPED), None);
    for text in [
        "4096", "4.094", "4.095", "0.0001", "150000", "8.94105", "16.381",
    ] {
        assert_eq!(Value::exact(d(text)).to_code(), None, "{text}");
    }
    let censored = Value::new(Reading {
        amount: d("10"),
        censor: Censor::Below,
        derived: false,
    });
    assert_eq!(censored.to_code(), None);
    let derived = Value::new(Reading {
        amount: d("1.5"),
        censor: Censor::Exact,
        derived: true,
    });
    assert_eq!(derived.to_code(), None);
}

#[test]
fn a_rounded_value_keeps_the_digits_that_show_its_side_of_a_bound() {
    let shown = |amount: &str, digits: u8, bound: &str| {
        Value::exact(d(amount))
            .with_significant_digits(digits)
            .shown_against(d(bound))
            .shown_amount()
            .unwrap()
    };
    // Rounded onto the bound, or across it: more digits.
    assert_eq!(shown("9.99068", 2, "10"), "9.99");
    assert_eq!(shown("11.988816", 3, "12"), "11.99");
    assert_eq!(shown("10.008", 2, "10.005"), "10.01");
    // On its side already: as rounded.
    assert_eq!(shown("9.99068", 2, "12"), "10");
    assert_eq!(shown("12.56892", 2, "12"), "13");
    // Exactly on the bound: every digit, which is the bound.
    assert_eq!(shown("10", 2, "10"), "10");
    // A value as the lab wrote it is shown as written.
    let written = Value::exact(d("9.9")).shown_against(d("10"));
    assert_eq!(written.shown_amount().unwrap(), "9.9");
}

/// A converted value censored `<6.1` mmol/L (hemoglobin) is below 9.82954
/// g/dL: shown `<9.9`, never a `<9.8` that leaves out 9.81.
#[test]
fn a_censored_rounded_bound_is_shown_outward() {
    let censored = |censor, amount: &str| {
        Value::new(Reading {
            amount: d(amount),
            censor,
            derived: false,
        })
        .with_significant_digits(2)
        .shown_text()
        .unwrap()
    };
    assert_eq!(censored(Censor::Below, "9.82954"), "<9.9");
    assert_eq!(censored(Censor::Above, "9.82954"), ">9.8");
    assert_eq!(censored(Censor::Below, "9.99068"), "<10");
    assert_eq!(censored(Censor::Above, "9.99068"), ">9.9");
    assert_eq!(censored(Censor::Exact, "9.82954"), "9.8");
}

proptest! {
    /// A censored bound as shown never claims more than the bound held.
    #[test]
    fn a_censored_bound_shown_is_never_inside_the_bound(
        mantissa in 1u64..10_000_000,
        scale in 0u32..7,
        digits in 1u8..6,
    ) {
        let amount = Decimal::new(mantissa, scale).unwrap();
        for censor in [Censor::Below, Censor::Above] {
            let value = Value::new(Reading { amount, censor, derived: false })
                .with_significant_digits(digits);
            let shown = Decimal::parse(&value.shown_amount().unwrap()).unwrap();
            match censor {
                Censor::Below => prop_assert!(shown >= amount, "<{amount} shown <{shown}"),
                _ => prop_assert!(shown <= amount, ">{amount} shown >{shown}"),
            }
        }
    }
}

#[test]
fn written_decimals_change_the_digits_shown_never_the_amount() {
    let nine = Value::exact(d("9")).with_written_decimals(1);
    assert_eq!(nine.reading().unwrap().amount, d("9"));
    assert_eq!(nine.exact_parts(), Some((9, 0)));
    assert_eq!(nine.shown_decimals(), 1);
    let below = Value::new(Reading {
        amount: d("0.1"),
        censor: Censor::Below,
        derived: false,
    })
    .with_written_decimals(2);
    assert_eq!(below.reading().unwrap().censor, Censor::Below);
    assert_eq!(below.reading().unwrap().amount, d("0.1"));
    assert_eq!(below.shown_decimals(), 2);
    // Fewer places than the value has, too many, or no room: unchanged.
    assert_eq!(
        Value::exact(d("2.45"))
            .with_written_decimals(1)
            .shown_decimals(),
        2
    );
    assert_eq!(
        Value::exact(d("67108863"))
            .with_written_decimals(1)
            .shown_decimals(),
        0
    );
    assert_eq!(Value::MISSING.with_written_decimals(2), Value::MISSING);
    // A code holds the widened value and gives it back.
    let code = nine.to_code().unwrap();
    assert_eq!(Value::from_code(code), Some(nine));
}

#[test]
fn missing_is_distinct_from_zero() {
    assert_eq!(Value::MISSING.reading(), None);
    assert!(Value::MISSING.is_missing());
    assert!(!Value::exact(Decimal::ZERO).is_missing());
    assert_eq!(
        Value::exact(Decimal::ZERO).reading().unwrap().amount,
        Decimal::ZERO
    );
}

#[test]
fn values_index_by_analyte() {
    let values = Values::EMPTY.with(Analyte::Plt, d("12"));
    assert_eq!(values.reading(Analyte::Plt).unwrap().amount, d("12"));
    assert!(values.get(Analyte::Anc).is_missing());
    assert!(!values.is_empty());
    assert!(Values::EMPTY.is_empty());
}

#[test]
fn reading_prints_its_qualifier() {
    let reading = Reading {
        amount: d("10"),
        censor: Censor::Below,
        derived: false,
    };
    assert_eq!(reading.to_string(), "<10");
}

#[test]
fn values_apart_are_shown_apart() {
    // 8.04 mmol/L of hemoglobin: 12.955656 g/dL, shown to 3 digits.
    let converted = Value::exact(d("12.955656")).with_significant_digits(3);
    let written = Value::exact(d("13")).with_written_decimals(1);
    assert_eq!(converted.shown_text().as_deref(), Some("13.0"));
    assert_eq!(written.shown_apart(converted), ["13.0", "12.955656"]);
    let other = Value::exact(d("20.915972")).with_significant_digits(4);
    assert_eq!(written.shown_apart(other), ["13.0", "20.92"]);
    assert_eq!(Value::MISSING.shown_apart(other), ["not measured", "20.92"]);
}

proptest! {
    /// Codes in thousandths order as their amounts do.
    #[test]
    fn thousandths_order_codes_as_their_amounts(a in 0u16..CODE_ESCAPED, b in 0u16..CODE_ESCAPED) {
        let amount = |code| Value::from_code(code).and_then(|v| v.reading()).map(|r| r.amount);
        prop_assert_eq!(
            Value::code_thousandths(a).cmp(&Value::code_thousandths(b)),
            amount(a).cmp(&amount(b))
        );
    }
}

#[test]
fn missing_and_escaped_codes_have_no_thousandths() {
    assert_eq!(Value::code_thousandths(CODE_MISSING), None);
    assert_eq!(Value::code_thousandths(CODE_ESCAPED), None);
    assert_eq!(
        Value::code_thousandths(Value::written_code(b"8.5").unwrap_or(0)),
        Some(8500)
    );
}
