//! Whether two values are one result written with other decimals, and which
//! of them is the more precise.

use crate::model::Value;

/// Both values on a scale of 10^-7, with their decimals: those reported,
/// a trailing zero written included (`0.20` has two).
fn scaled(value: Value) -> Option<(u128, u8, crate::model::Censor)> {
    let reading = value.reading()?;
    // A value converted by an inexact factor reports the digits it is
    // shown with (`10` for 6.2 mmol/L), not those of the conversion.
    if value.significant_digits().is_some()
        && let Some(shown) = value.shown_amount()
        && let Ok(amount) = crate::model::Decimal::parse(&shown)
    {
        let places = shown
            .split_once('.')
            .map_or(0, |(_, after)| after.len() as u8);
        let factor = 10u128.pow(7 - u32::from(amount.scale().min(7)));
        return Some((
            u128::from(amount.mantissa()) * factor,
            places,
            reading.censor,
        ));
    }
    let amount = reading.amount;
    let factor = 10u128.pow(7 - u32::from(amount.scale().min(7)));
    Some((
        u128::from(amount.mantissa()) * factor,
        amount.scale().max(value.shown_decimals()),
        reading.censor,
    ))
}

/// True when two values are one result: equal, or the one with more
/// decimals lies within half a unit of the other's last decimal (the lower
/// half-unit included: half away from zero).
pub(super) fn same_result(a: Value, b: Value) -> bool {
    if a == b {
        return true;
    }
    // `4.1` and `4.10`: one amount, written with other places.
    if let (Some(x), Some(y)) = (a.reading(), b.reading())
        && x == y
    {
        return true;
    }
    let (Some((a, a_scale, a_censor)), Some((b, b_scale, b_censor))) = (scaled(a), scaled(b))
    else {
        return false;
    };
    if a_censor != b_censor || a_scale == b_scale {
        return false;
    }
    let ((fine, _), (coarse, coarse_scale)) = if a_scale > b_scale {
        ((a, a_scale), (b, b_scale))
    } else {
        ((b, b_scale), (a, a_scale))
    };
    let unit = 10u128.pow(7 - u32::from(coarse_scale));
    2 * fine + unit >= 2 * coarse && 2 * fine < 2 * coarse + unit
}

/// True when `later` is one result with `earlier` and has more decimals.
pub(super) fn more_precise(later: Value, earlier: Value) -> bool {
    // The amount's places, then those written (`4.10` over `4.1`).
    let decimals = |value: Value| {
        let (_, places, _) = scaled(value)?;
        value
            .reading()
            .map(|r| (places, r.amount.scale(), value.shown_decimals()))
    };
    same_result(later, earlier) && decimals(later) > decimals(earlier)
}
