//! Reading a [`Decimal`] cut-off from a config file, exactly.
//!
//! `Decimal` has no `Deserialize` of its own yet, so each threshold field
//! names [`deserialize_decimal`]. A config file may write a cut-off as a
//! number (`0.5`) or as a string (`"0.5"`). A number arrives as an `f64`;
//! its shortest round-trip text is the decimal that was written, because
//! every decimal of up to 15 significant digits survives the trip through
//! `f64` (a `Decimal` holds at most 8), so no binary rounding reaches the
//! cut-off.
//!
//! A [`BySex`] pair reads from `{ male = .., female = .. }` (both required,
//! nothing else allowed) or from one number that both sexes share.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, MapAccess, Visitor};

use super::thresholds::BySex;
use crate::model::Decimal;

/// Deserializes a non-negative decimal from a number or a string.
pub(crate) fn deserialize_decimal<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Decimal, D::Error> {
    deserializer.deserialize_any(DecimalVisitor)
}

/// Accepts integers, floats and decimal strings.
struct DecimalVisitor;

impl DecimalVisitor {
    fn parse<E: de::Error>(text: &str) -> Result<Decimal, E> {
        Decimal::parse(text).map_err(|error| E::custom(format!("cut-off {text:?}: {error}")))
    }
}

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a non-negative decimal number, such as 0.5 or \"0.5\"")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        Self::parse(&value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        Self::parse(&value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        if !value.is_finite() {
            return Err(E::custom(format!("cut-off {value} is not a number")));
        }
        // Display of f64 is the shortest text that reads back as the same
        // double, and never uses an exponent.
        Self::parse(&value.to_string())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Decimal, E> {
        Self::parse(value)
    }
}

/// The two keys of a [`BySex`] table.
const SEXES: &[&str] = &["male", "female"];

impl<'de> serde::Deserialize<'de> for BySex {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<BySex, D::Error> {
        deserializer.deserialize_any(BySexVisitor)
    }
}

/// Accepts a `{male, female}` table, or one number for both.
struct BySexVisitor;

impl<'de> Visitor<'de> for BySexVisitor {
    type Value = BySex;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a number for both sexes, or a table { male = .., female = .. }")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<BySex, E> {
        DecimalVisitor.visit_u64(value).map(BySex::both)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<BySex, E> {
        DecimalVisitor.visit_i64(value).map(BySex::both)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<BySex, E> {
        DecimalVisitor.visit_f64(value).map(BySex::both)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<BySex, E> {
        DecimalVisitor.visit_str(value).map(BySex::both)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BySex, A::Error> {
        let (mut male, mut female) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "male" => &mut male,
                "female" => &mut female,
                _ => return Err(de::Error::unknown_field(&key, SEXES)),
            };
            if slot.is_some() {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            *slot = Some(map.next_value::<CutOff>()?.0);
        }
        match (male, female) {
            (Some(male), Some(female)) => Ok(BySex { male, female }),
            (None, _) => Err(de::Error::missing_field("male")),
            (_, None) => Err(de::Error::missing_field("female")),
        }
    }
}

/// A decimal read by [`deserialize_decimal`], as a map value.
struct CutOff(Decimal);

impl<'de> serde::Deserialize<'de> for CutOff {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<CutOff, D::Error> {
        deserialize_decimal(deserializer).map(CutOff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "deserialize_decimal")]
        cutoff: Decimal,
    }

    fn read(json: &str) -> Result<Decimal, serde_json::Error> {
        serde_json::from_str::<Holder>(json).map(|holder| holder.cutoff)
    }

    #[test]
    fn numbers_and_strings_read_exactly() {
        for (json, expected) in [
            (r#"{"cutoff": 0.5}"#, Decimal::lit(5, 1)),
            (r#"{"cutoff": 0.2}"#, Decimal::lit(2, 1)),
            (r#"{"cutoff": 13.5}"#, Decimal::lit(135, 1)),
            (r#"{"cutoff": 7.0}"#, Decimal::lit(7, 0)),
            (r#"{"cutoff": 150}"#, Decimal::lit(150, 0)),
            (r#"{"cutoff": 0.0000001}"#, Decimal::lit(1, 7)),
            (r#"{"cutoff": 1.611}"#, Decimal::lit(1611, 3)),
            (r#"{"cutoff": "0.29"}"#, Decimal::lit(29, 2)),
        ] {
            assert_eq!(read(json).unwrap(), expected, "{json}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_cut_off() {
        for json in [
            r#"{"cutoff": -1}"#,
            r#"{"cutoff": -0.5}"#,
            r#"{"cutoff": "abc"}"#,
            r#"{"cutoff": true}"#,
            r#"{"cutoff": 1e30}"#,
            r#"{"cutoff": 0.123456789}"#,
        ] {
            assert!(read(json).is_err(), "{json}");
        }
    }

    #[test]
    fn by_sex_reads_a_table_or_one_shared_number() {
        let read = |json: &str| serde_json::from_str::<BySex>(json);
        assert_eq!(
            read(r#"{"male": 13.5, "female": "12"}"#).unwrap(),
            BySex {
                male: Decimal::lit(135, 1),
                female: Decimal::lit(12, 0)
            }
        );
        assert_eq!(read("150").unwrap(), BySex::both(Decimal::lit(150, 0)));
        assert_eq!(read("0.5").unwrap(), BySex::both(Decimal::lit(5, 1)));
        for bad in [
            r#"{"male": 13.5}"#,
            r#"{"female": 13.5}"#,
            r#"{"male": 1, "female": 2, "other": 3}"#,
            r#"{"male": -1, "female": 2}"#,
            r#"-4"#,
            r#"true"#,
            r#"[1, 2]"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
