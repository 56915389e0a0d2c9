use rstest::rstest;

use super::*;
use Unit::*;

fn dec(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

#[rstest]
// Counts in 10^9/L and its equals.
#[case("10^9/L", GigaPerLitre)]
#[case("10^9/l", GigaPerLitre)]
#[case("x10^9/L", GigaPerLitre)]
#[case("x 10^9/L", GigaPerLitre)]
#[case("X10^9/L", GigaPerLitre)]
#[case("\u{00D7}10^9/L", GigaPerLitre)]
#[case("\u{00D7} 10^9/L", GigaPerLitre)]
#[case("10*9/L", GigaPerLitre)]
#[case("x10*9/L", GigaPerLitre)]
#[case("10 ^ 9 / L", GigaPerLitre)]
#[case("  10^9/L\t", GigaPerLitre)]
#[case("10^3/uL", GigaPerLitre)]
#[case("10^3/\u{00B5}L", GigaPerLitre)]
#[case("10^3/\u{03BC}L", GigaPerLitre)]
#[case("10^3/UL", GigaPerLitre)]
#[case("10*3/uL", GigaPerLitre)]
#[case("x10^3/uL", GigaPerLitre)]
#[case("x 10*3/\u{00B5}L", GigaPerLitre)]
#[case("K/uL", GigaPerLitre)]
#[case("k/ul", GigaPerLitre)]
#[case("K/\u{00B5}L", GigaPerLitre)]
#[case("K/\u{03BC}L", GigaPerLitre)]
#[case("K / uL", GigaPerLitre)]
#[case("thou/uL", GigaPerLitre)]
#[case("THOU/\u{00B5}L", GigaPerLitre)]
#[case("Thou/\u{03BC}l", GigaPerLitre)]
#[case("thou / uL", GigaPerLitre)]
#[case("K/mcL", GigaPerLitre)]
#[case("k/MCL", GigaPerLitre)]
#[case("thou/mcL", GigaPerLitre)]
#[case("10^3/mcL", GigaPerLitre)]
#[case("10*3/mcL", GigaPerLitre)]
#[case("/nL", GigaPerLitre)]
#[case("/NL", GigaPerLitre)]
#[case("10E9/L", GigaPerLitre)]
#[case("10e9/l", GigaPerLitre)]
#[case("x10E9/L", GigaPerLitre)]
#[case("x 10E9/L", GigaPerLitre)]
#[case("10E3/uL", GigaPerLitre)]
// `G/L` is read as grams per litre; its factor for a count is that of
// 10^9/L (see `g_per_litre_is_giga_for_a_count_and_grams_for_hemoglobin`).
#[case("G/L", GramsPerLitre)]
// Counts per microlitre.
#[case("/uL", PerMicrolitre)]
// A UCUM annotation in braces changes nothing (the NIST CBC message).
#[case("{cells}/uL", PerMicrolitre)]
#[case("10*3/uL{cells}", GigaPerLitre)]
#[case("10*6/{cells}uL", TeraPerLitre)]
#[case("/\u{00B5}L", PerMicrolitre)]
#[case("/\u{03BC}L", PerMicrolitre)]
#[case("/UL", PerMicrolitre)]
#[case("#/uL", PerMicrolitre)]
#[case("#/\u{00B5}L", PerMicrolitre)]
#[case("# / uL", PerMicrolitre)]
#[case("/mm3", PerMicrolitre)]
#[case("/MM3", PerMicrolitre)]
#[case("/ mm3", PerMicrolitre)]
#[case("/mm^3", PerMicrolitre)]
#[case("/mm*3", PerMicrolitre)]
#[case("/MM^3", PerMicrolitre)]
#[case("cells/uL", PerMicrolitre)]
#[case("Cells/\u{00B5}L", PerMicrolitre)]
#[case("cells / uL", PerMicrolitre)]
#[case("cells/mcL", PerMicrolitre)]
#[case("/mcL", PerMicrolitre)]
#[case("#/mcL", PerMicrolitre)]
// Red cells.
#[case("10^12/L", TeraPerLitre)]
#[case("10^12/l", TeraPerLitre)]
#[case("x10^12/L", TeraPerLitre)]
#[case("x 10^12/L", TeraPerLitre)]
#[case("10*12/L", TeraPerLitre)]
#[case("10^6/uL", TeraPerLitre)]
#[case("10^6/\u{00B5}L", TeraPerLitre)]
#[case("10^6/\u{03BC}L", TeraPerLitre)]
#[case("10*6/uL", TeraPerLitre)]
#[case("x10^6/uL", TeraPerLitre)]
#[case("M/uL", TeraPerLitre)]
#[case("m/uL", TeraPerLitre)]
#[case("M/\u{00B5}L", TeraPerLitre)]
#[case("m/\u{03BC}L", TeraPerLitre)]
#[case("M / UL", TeraPerLitre)]
#[case("M/mcL", TeraPerLitre)]
#[case("10^6/mcL", TeraPerLitre)]
#[case("T/L", TeraPerLitre)]
#[case("t/l", TeraPerLitre)]
#[case("/pL", TeraPerLitre)]
#[case("/PL", TeraPerLitre)]
#[case("10E12/L", TeraPerLitre)]
#[case("10e12/L", TeraPerLitre)]
#[case("x10E12/L", TeraPerLitre)]
#[case("10E6/uL", TeraPerLitre)]
// Hemoglobin.
#[case("g/dL", GramsPerDecilitre)]
#[case("G/DL", GramsPerDecilitre)]
#[case("g / dL", GramsPerDecilitre)]
#[case("g/L", GramsPerLitre)]
#[case("G/L", GramsPerLitre)]
#[case("g / l", GramsPerLitre)]
#[case("mmol/L", MillimolesPerLitre)]
#[case("MMOL/L", MillimolesPerLitre)]
#[case("mMol / l", MillimolesPerLitre)]
// Hematocrit and MCV.
#[case("%", Percent)]
#[case(" % ", Percent)]
#[case("L/L", LitresPerLitre)]
#[case("l/l", LitresPerLitre)]
#[case("fL", Femtolitre)]
#[case("FL", Femtolitre)]
#[case("fl", Femtolitre)]
fn recognizes_every_spelling(#[case] text: &str, #[case] unit: Unit) {
    assert_eq!(parse_unit(text), Some(unit), "{text:?}");
}

#[rstest]
#[case("")]
#[case("   ")]
#[case("mg/dL")]
#[case("10^9")]
#[case("cells")]
#[case("10^9/mL")]
#[case("10^3/L")]
#[case("10^9/uL")]
#[case("10^6/L")]
#[case("10**9/L")]
#[case("10E/L")]
#[case("10EE9/L")]
#[case("E9/L")]
#[case("1E9/L")]
#[case("xE9/L")]
#[case("mcL")]
#[case("/mc")]
#[case("/mcl/L")]
#[case("mcg/L")]
#[case("/ml")]
#[case("/L")]
#[case("/pg")]
#[case("T/uL")]
#[case("G/uL")]
#[case("cells")]
#[case("cells/L")]
#[case("cell/uL")]
#[case("/nL/L")]
#[case("10^^9/L")]
#[case("1O^9/L")]
#[case("xK/uL")]
#[case("x/uL")]
#[case("x%")]
#[case("xx10^9/L")]
#[case("10^9/L x")]
#[case("10^9/L.")]
#[case("10^9/L/L")]
#[case("K/L")]
#[case("thou/L")]
#[case("M/L")]
#[case("m/L")]
#[case("mmol/uL")]
#[case("mmol")]
#[case("mol/L")]
#[case("umol/L")]
#[case("mg/L")]
#[case("g/mL")]
#[case("g/ul")]
#[case("mm3")]
#[case("/mm\u{00B3}")]
#[case("10\u{00B3}/uL")]
#[case("10^3/\u{039C}L")] // Greek capital mu reads as M: refused, not guessed.
#[case("pg")]
#[case("%%")]
#[case("percent")]
#[case("fL fL")]
#[case("10^9/Lxxxxxxxxxxxxxxxxxxxxxxxx")]
#[case("{cells}")]
#[case("{cells/uL")]
#[case("cells}/uL")]
#[case("{a{b}}/uL")]
fn refuses_anything_else(#[case] text: &str) {
    assert_eq!(parse_unit(text), None, "{text:?}");
}

#[test]
fn every_symbol_reads_back_as_its_unit() {
    for unit in Unit::ALL {
        assert_eq!(parse_unit(unit.symbol()), Some(unit));
        assert_eq!(unit.to_string(), unit.symbol());
    }
}

/// Every (analyte, unit) pair that fits, with its factor; all others do not.
const FITTING: &[(Analyte, Unit, &str)] = &[
    (Analyte::Wbc, GigaPerLitre, "1"),
    (Analyte::Wbc, GramsPerLitre, "1"),
    (Analyte::Wbc, PerMicrolitre, "0.001"),
    (Analyte::Plt, GigaPerLitre, "1"),
    (Analyte::Plt, GramsPerLitre, "1"),
    (Analyte::Plt, PerMicrolitre, "0.001"),
    (Analyte::Anc, GigaPerLitre, "1"),
    (Analyte::Anc, GramsPerLitre, "1"),
    (Analyte::Anc, PerMicrolitre, "0.001"),
    (Analyte::Alc, GigaPerLitre, "1"),
    (Analyte::Alc, GramsPerLitre, "1"),
    (Analyte::Alc, PerMicrolitre, "0.001"),
    (Analyte::Retic, GigaPerLitre, "1"),
    (Analyte::Retic, GramsPerLitre, "1"),
    (Analyte::Retic, PerMicrolitre, "0.001"),
    (Analyte::Retic, TeraPerLitre, "1000"),
    (Analyte::Rbc, TeraPerLitre, "1"),
    (Analyte::Hgb, GramsPerDecilitre, "1"),
    (Analyte::Hgb, GramsPerLitre, "0.1"),
    (Analyte::Hgb, MillimolesPerLitre, "1.6114"),
    (Analyte::Hct, Percent, "1"),
    (Analyte::Hct, LitresPerLitre, "100"),
    (Analyte::Mcv, Femtolitre, "1"),
];

#[test]
fn factors_are_exactly_the_table() {
    for analyte in Analyte::ALL {
        for unit in Unit::ALL {
            let expected = FITTING
                .iter()
                .find(|(a, u, _)| *a == analyte && *u == unit)
                .map(|(_, _, factor)| dec(factor));
            assert_eq!(
                factor_to_canonical(analyte, unit),
                expected,
                "{analyte} in {unit}"
            );
        }
    }
}

#[rstest]
#[case(Analyte::Wbc)]
#[case(Analyte::Plt)]
#[case(Analyte::Anc)]
#[case(Analyte::Alc)]
#[case(Analyte::Retic)]
fn a_percentage_is_never_an_absolute_count(#[case] analyte: Analyte) {
    assert_eq!(factor_to_canonical(analyte, Percent), None);
    assert_eq!(factor_to_canonical(analyte, LitresPerLitre), None);
    if analyte != Analyte::Retic {
        assert_eq!(factor_to_canonical(analyte, TeraPerLitre), None);
    }
}

#[test]
fn g_per_litre_is_giga_for_a_count_and_grams_for_hemoglobin() {
    for spelling in ["G/L", "g/L", "g/l", "G/l"] {
        let unit = parse_unit(spelling).unwrap();
        assert_eq!(convert(dec("150"), Analyte::Plt, unit), Ok(dec("150")));
        assert_eq!(convert(dec("1.5"), Analyte::Anc, unit), Ok(dec("1.5")));
        assert_eq!(convert(dec("100"), Analyte::Hgb, unit), Ok(dec("10")));
        assert!(convert(dec("1"), Analyte::Rbc, unit).is_err());
        assert!(convert(dec("1"), Analyte::Hct, unit).is_err());
        assert!(convert(dec("1"), Analyte::Mcv, unit).is_err());
    }
}

#[test]
fn per_microlitre_is_not_a_red_cell_unit() {
    assert_eq!(factor_to_canonical(Analyte::Rbc, PerMicrolitre), None);
    assert_eq!(factor_to_canonical(Analyte::Rbc, GigaPerLitre), None);
}

#[rstest]
#[case(Analyte::Wbc, "10^9/L")]
#[case(Analyte::Rbc, "10^12/L")]
#[case(Analyte::Hgb, "g/dL")]
#[case(Analyte::Hct, "%")]
#[case(Analyte::Mcv, "fL")]
#[case(Analyte::Plt, "10^9/L")]
#[case(Analyte::Anc, "10^9/L")]
#[case(Analyte::Alc, "10^9/L")]
#[case(Analyte::Retic, "10^9/L")]
fn canonical_unit_is_the_models(#[case] analyte: Analyte, #[case] symbol: &str) {
    assert_eq!(canonical_unit(analyte).symbol(), symbol);
    assert_eq!(analyte.unit(), symbol);
    assert_eq!(parse_unit(symbol), Some(canonical_unit(analyte)));
    assert_eq!(
        factor_to_canonical(analyte, canonical_unit(analyte)),
        Some(Decimal::lit(1, 0))
    );
}

#[rstest]
// Values written exactly at a cut-off equal the cut-off in every unit.
#[case("20000", Analyte::Plt, "/uL", Decimal::lit(20, 0))]
#[case("20000", Analyte::Plt, "#/uL", Decimal::lit(20, 0))]
#[case("20000", Analyte::Plt, "/mm3", Decimal::lit(20, 0))]
#[case("20", Analyte::Plt, "K/uL", Decimal::lit(20, 0))]
#[case("20", Analyte::Plt, "10*3/uL", Decimal::lit(20, 0))]
#[case("20", Analyte::Plt, "thou/uL", Decimal::lit(20, 0))]
#[case("20", Analyte::Plt, "x 10^9/L", Decimal::lit(20, 0))]
#[case("150000", Analyte::Plt, "/uL", Decimal::lit(150, 0))]
#[case("1500", Analyte::Anc, "/mm3", Decimal::lit(15, 1))]
#[case("500", Analyte::Anc, "#/uL", Decimal::lit(5, 1))]
#[case("200", Analyte::Anc, "/uL", Decimal::lit(2, 1))]
#[case("0.5", Analyte::Anc, "K/uL", Decimal::lit(5, 1))]
#[case("1000", Analyte::Alc, "#/uL", Decimal::lit(1, 0))]
#[case("60000", Analyte::Retic, "/uL", Decimal::lit(60, 0))]
#[case("4000", Analyte::Wbc, "/mm3", Decimal::lit(4, 0))]
#[case("4.5", Analyte::Rbc, "M/uL", Decimal::lit(45, 1))]
#[case("4.5", Analyte::Rbc, "m/uL", Decimal::lit(45, 1))]
#[case("4.5", Analyte::Rbc, "10*6/uL", Decimal::lit(45, 1))]
#[case("0.50", Analyte::Hct, "L/L", Decimal::lit(50, 0))]
#[case("0.29", Analyte::Hct, "L/L", Decimal::lit(29, 0))]
#[case("0.333", Analyte::Hct, "L/L", Decimal::lit(333, 1))]
#[case("30", Analyte::Hct, "%", Decimal::lit(30, 0))]
#[case("100", Analyte::Hgb, "g/L", Decimal::lit(10, 0))]
#[case("80", Analyte::Hgb, "g/L", Decimal::lit(8, 0))]
#[case("75", Analyte::Hgb, "g/L", Decimal::lit(75, 1))]
#[case("10", Analyte::Hgb, "g/dL", Decimal::lit(10, 0))]
#[case("5", Analyte::Hgb, "mmol/L", Decimal::lit(8057, 3))]
#[case("6.2", Analyte::Hgb, "mmol/L", Decimal::lit(999068, 5))]
#[case("8.5", Analyte::Hgb, "mmol/L", Decimal::lit(136969, 4))]
#[case("150", Analyte::Plt, "G/L", Decimal::lit(150, 0))]
#[case("150", Analyte::Plt, "/nL", Decimal::lit(150, 0))]
#[case("150", Analyte::Plt, "10E9/L", Decimal::lit(150, 0))]
#[case("150", Analyte::Plt, "K/mcL", Decimal::lit(150, 0))]
#[case("20000", Analyte::Plt, "/mm^3", Decimal::lit(20, 0))]
#[case("20000", Analyte::Plt, "cells/uL", Decimal::lit(20, 0))]
#[case("20000", Analyte::Plt, "/mcL", Decimal::lit(20, 0))]
#[case("4.5", Analyte::Rbc, "T/L", Decimal::lit(45, 1))]
#[case("4.5", Analyte::Rbc, "/pL", Decimal::lit(45, 1))]
#[case("4.5", Analyte::Rbc, "10E12/L", Decimal::lit(45, 1))]
#[case("0.060", Analyte::Retic, "10^12/L", Decimal::lit(60, 0))]
#[case("0.06", Analyte::Retic, "T/L", Decimal::lit(60, 0))]
#[case("0.0599", Analyte::Retic, "10^12/L", Decimal::lit(599, 1))]
#[case("90", Analyte::Mcv, "fL", Decimal::lit(90, 0))]
// Just below a cut-off stays below it.
#[case("19999", Analyte::Plt, "/uL", Decimal::lit(19999, 3))]
#[case("0.499", Analyte::Hct, "L/L", Decimal::lit(499, 1))]
#[case("99", Analyte::Hgb, "g/L", Decimal::lit(99, 1))]
fn converts_exactly(
    #[case] amount: &str,
    #[case] analyte: Analyte,
    #[case] unit: &str,
    #[case] canonical: Decimal,
) {
    let unit = parse_unit(unit).unwrap();
    assert_eq!(convert(dec(amount), analyte, unit), Ok(canonical));
}

#[test]
fn just_below_a_cut_off_compares_below() {
    let plt = convert(dec("19999"), Analyte::Plt, PerMicrolitre).unwrap();
    assert!(plt < Decimal::lit(20, 0));
    let hct = convert(dec("0.2999"), Analyte::Hct, LitresPerLitre).unwrap();
    assert!(hct < Decimal::lit(30, 0));
}

#[rstest]
#[case(Analyte::Plt, Percent)]
#[case(Analyte::Plt, GramsPerDecilitre)]
#[case(Analyte::Rbc, PerMicrolitre)]
#[case(Analyte::Hgb, Percent)]
#[case(Analyte::Hct, Femtolitre)]
#[case(Analyte::Wbc, TeraPerLitre)]
fn refuses_a_unit_that_does_not_fit(#[case] analyte: Analyte, #[case] unit: Unit) {
    assert_eq!(
        convert(dec("1"), analyte, unit),
        Err(ConvertError::UnitMismatch { analyte, unit })
    );
}

#[rstest]
#[case("67108863", Analyte::Hct, LitresPerLitre, DecimalError::TooLarge)]
#[case("67108863", Analyte::Retic, TeraPerLitre, DecimalError::TooLarge)]
fn reports_a_product_that_cannot_be_held(
    #[case] amount: &str,
    #[case] analyte: Analyte,
    #[case] unit: Unit,
    #[case] reason: DecimalError,
) {
    let amount = dec(amount);
    assert_eq!(
        convert(amount, analyte, unit),
        Err(ConvertError::NotExact {
            amount,
            analyte,
            unit,
            reason
        })
    );
}

#[rstest]
#[case(
    ConvertError::UnitMismatch { analyte: Analyte::Plt, unit: Percent },
    "\"%\" is a percentage, not an absolute count: plt takes 10^9/L, 10^3/uL, K/uL, thou/uL, G/L, /nL, /uL, #/uL, cells/uL or /mm3"
)]
#[case(
    ConvertError::UnitMismatch { analyte: Analyte::Plt, unit: GramsPerDecilitre },
    "unit \"g/dL\" does not fit plt: plt takes 10^9/L, 10^3/uL, K/uL, thou/uL, G/L, /nL, /uL, #/uL, cells/uL or /mm3"
)]
#[case(
    ConvertError::UnitMismatch { analyte: Analyte::Rbc, unit: PerMicrolitre },
    "unit \"/uL\" does not fit rbc: rbc takes 10^12/L, 10^6/uL, M/uL, T/L or /pL"
)]
#[case(
    ConvertError::UnitMismatch { analyte: Analyte::Hct, unit: GramsPerLitre },
    "unit \"g/L\" does not fit hct: hct takes % or L/L"
)]
#[case(
    ConvertError::NotExact {
        amount: Decimal::lit(67_108_863, 0),
        analyte: Analyte::Hct,
        unit: LitresPerLitre,
        reason: DecimalError::TooLarge,
    },
    "67108863 L/L cannot be converted to % exactly: too large"
)]
fn explains_why(#[case] error: ConvertError, #[case] message: &str) {
    assert_eq!(error.to_string(), message);
}

#[rstest]
// clinical.md §1: 10 g/dL has no exact image in mmol/L; both sides of it.
#[case("6.2055", "9.999543", true)]
#[case("6.2060", "10.000349", false)]
#[case("6.206", "10.000349", false)]
#[case("6.2057", "9.999865", true)]
#[case("6.2058", "10.000027", false)]
#[case("5.5555", "8.952133", true)]
fn mmol_per_litre_keeps_its_side_of_10_g_per_dl(
    #[case] mmol: &str,
    #[case] g_per_dl: &str,
    #[case] below_10: bool,
) {
    let converted = convert(dec(mmol), Analyte::Hgb, MillimolesPerLitre).unwrap();
    assert_eq!(converted, dec(g_per_dl), "{mmol} mmol/L");
    assert_eq!(converted < Decimal::lit(10, 0), below_10, "{mmol} mmol/L");
}

#[rstest]
#[case("1", "1.6114", "1.6114")]
#[case("6.2055", "1.6114", "9.999543")] // 9.99954270: 0 dropped, 2 made odd
#[case("6.2060", "1.6114", "10.000349")] // 10.0003484: 4 dropped, 8 made 9
#[case("1.234567", "0.001", "0.0012345")] // 0.001234567: 67 dropped
#[case("1.234561", "0.001", "0.0012345")]
#[case("1.234541", "0.001", "0.0012345")] // 41 dropped, 4 made 5
#[case("1.234500", "0.001", "0.0012345")] // nothing dropped
#[case("1.23", "1000", "1230")]
fn products_keep_what_fits_and_round_to_odd(
    #[case] amount: &str,
    #[case] factor: &str,
    #[case] product: &str,
) {
    assert_eq!(times_factor(dec(amount), dec(factor)), Ok(dec(product)));
}

proptest::proptest! {
    /// Rounding to odd never moves a product onto or across a number of
    /// fewer digits: every comparison with a cut-off of up to 4 places
    /// comes out as with the exact product.
    #[test]
    fn rounding_never_crosses_a_shorter_cut_off(
        mantissa in 1u32..67_108_863,
        scale in 0u8..7,
        cut_off in 0u32..2_000_000,
    ) {
        let Ok(amount) = Decimal::new(u64::from(mantissa), u32::from(scale)) else {
            return Ok(());
        };
        let Ok(product) = times_factor(amount, dec("1.6114")) else {
            return Ok(());
        };
        // The exact product and the cut-off, both in units of 10^-11.
        let exact = u128::from(mantissa) * 16114 * 10u128.pow(u32::from(7 - scale));
        let cut = u128::from(cut_off) * 10u128.pow(7);
        let cut_decimal = Decimal::new(u64::from(cut_off), 4).unwrap();
        proptest::prop_assert_eq!(product < cut_decimal, exact < cut);
        proptest::prop_assert_eq!(product > cut_decimal, exact > cut);
        proptest::prop_assert_eq!(product == cut_decimal, exact == cut);
    }
}

/// The spellings read as written read as the folding reads them.
#[rstest]
#[case("K/uL")]
#[case("m/uL")]
#[case("g/dL")]
#[case("%")]
#[case("fL")]
fn a_unit_read_as_written_is_the_unit_folding_reads(#[case] text: &str) {
    assert!(parse_folded(text).is_some(), "{text}");
    assert_eq!(parse_unit(text), parse_folded(text), "{text}");
}
