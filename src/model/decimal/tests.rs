//! Parsing, printing, arithmetic and order of exact decimals.

use super::*;
use rstest::rstest;

#[rstest]
#[case("0", "0")]
#[case("12", "12")]
#[case("0.5", "0.5")]
#[case(".5", "0.5")]
#[case("5.", "5")]
#[case("1.50", "1.5")]
#[case("20000", "20000")]
#[case(" 7.25 ", "7.25")]
#[case("0.0000001", "0.0000001")]
#[case("1.5e2", "150")]
#[case("15E-1", "1.5")]
#[case("-0", "0")]
#[case("000150.000", "150")]
#[case("67108863", "67108863")]
fn parses_and_prints_exactly(#[case] text: &str, #[case] printed: &str) {
    assert_eq!(Decimal::parse(text).unwrap().to_string(), printed);
}

#[rstest]
#[case("", DecimalError::NotANumber)]
#[case(".", DecimalError::NotANumber)]
#[case("abc", DecimalError::NotANumber)]
#[case("1.2.3", DecimalError::NotANumber)]
#[case("1,5", DecimalError::NotANumber)]
#[case("+5", DecimalError::NotANumber)]
#[case("1e", DecimalError::NotANumber)]
#[case("1e9999", DecimalError::NotANumber)]
#[case("inf", DecimalError::NotANumber)]
#[case("NaN", DecimalError::NotANumber)]
#[case("-1", DecimalError::Negative)]
#[case("-0.5", DecimalError::Negative)]
#[case("0.00000001", DecimalError::TooManyDigits)]
#[case("1.23456789", DecimalError::TooManyDigits)]
#[case("67108864", DecimalError::TooLarge)]
#[case("1e30", DecimalError::TooLarge)]
#[case("123456789012345678901234567890", DecimalError::TooManyDigits)]
fn refuses(#[case] text: &str, #[case] error: DecimalError) {
    assert_eq!(Decimal::parse(text), Err(error));
}

#[rstest]
#[case("20000", "0.001", "20")]
#[case("150000", "0.001", "150")]
#[case("0.50", "100", "50")]
#[case("0.29", "100", "29")]
#[case("100", "0.1", "10")]
#[case("5.55", "1.6114", "8.94327")]
#[case("0", "1.6114", "0")]
fn multiplies_exactly(#[case] left: &str, #[case] right: &str, #[case] product: &str) {
    let left = Decimal::parse(left).unwrap();
    let right = Decimal::parse(right).unwrap();
    assert_eq!(
        left.checked_mul(right).unwrap(),
        Decimal::parse(product).unwrap()
    );
}

proptest::proptest! {
    #[test]
    fn the_plain_path_reads_as_the_general_one(
        text in proptest::string::string_regex("[0-9.]{0,10}").unwrap()
    ) {
        let general = parse_wide(text.as_bytes()).and_then(|(m, e)| Decimal::from_wide(m, e));
        if let Some(plain) = parse_plain(text.as_bytes()) {
            proptest::prop_assert_eq!(Ok(plain), general);
        }
        proptest::prop_assert_eq!(Decimal::parse(&text), general);
    }
}

#[test]
fn compares_by_value_across_scales() {
    let d = |t| Decimal::parse(t).unwrap();
    assert!(d("0.49") < d("0.5"));
    assert_eq!(d("0.50").cmp(&d("0.5")), Ordering::Equal);
    assert!(d("19.999999") < d("20"));
    assert!(d("150") > d("149.9"));
    assert_eq!(Decimal::lit(5, 1), d("0.5"));
    assert_eq!(Decimal::lit(200, 1), d("20"));
}

#[test]
fn pads_to_a_minimum_of_decimals_without_rounding() {
    let d = |t| Decimal::parse(t).unwrap();
    assert_eq!(d("8").to_string_with_min_decimals(1), "8.0");
    assert_eq!(d("1.6").to_string_with_min_decimals(2), "1.60");
    assert_eq!(d("8.94105").to_string_with_min_decimals(1), "8.94105");
    assert_eq!(d("150").to_string_with_min_decimals(0), "150");
    assert_eq!(d("0.05").to_string_with_min_decimals(2), "0.05");
}

#[rstest::rstest]
#[case("12.56892", 2, "13")]
#[case("12.56892", 3, "12.6")]
#[case("9.999543", 5, "9.9995")]
#[case("10.000349", 5, "10.000")]
#[case("1.31586", 3, "1.32")]
#[case("1", 2, "1.0")]
#[case("0.045", 2, "0.045")]
#[case("0.0455", 2, "0.046")]
#[case("113.2", 2, "113")]
#[case("0", 2, "0.0")]
#[case("9.96", 2, "10")]
#[case("0.995", 2, "1.0")]
fn rounds_to_significant_digits_never_past_the_units(
    #[case] amount: &str,
    #[case] digits: u8,
    #[case] text: &str,
) {
    assert_eq!(
        Decimal::parse(amount)
            .unwrap()
            .to_string_significant(digits),
        text
    );
}

#[rstest]
#[case("9.99068", 3, "10.0", "9.99")]
#[case("9.82954", 2, "9.9", "9.8")]
#[case("9.8", 2, "9.8", "9.8")]
#[case("113.2", 2, "114", "113")]
#[case("0.0451", 2, "0.046", "0.045")]
#[case("9.91", 2, "10", "9.9")]
fn rounds_up_or_down_to_significant_digits(
    #[case] amount: &str,
    #[case] digits: u8,
    #[case] up: &str,
    #[case] down: &str,
) {
    let amount = Decimal::parse(amount).unwrap();
    assert_eq!(
        amount.to_string_significant_rounded(digits, Rounding::Up),
        up
    );
    assert_eq!(
        amount.to_string_significant_rounded(digits, Rounding::Down),
        down
    );
}

#[test]
fn to_f64_is_nearest() {
    assert_eq!(Decimal::parse("0.1").unwrap().to_f64(), 0.1);
    assert_eq!(Decimal::parse("8.94105").unwrap().to_f64(), 8.94105);
    assert_eq!(Decimal::parse("150").unwrap().to_f64(), 150.0);
}

#[test]
fn serializes_as_its_digits() {
    let json = serde_json::to_string(&Decimal::parse("8.94105").unwrap()).unwrap();
    assert_eq!(json, "8.94105");
    let json = serde_json::to_string(&Decimal::parse("150").unwrap()).unwrap();
    assert_eq!(json, "150");
}
