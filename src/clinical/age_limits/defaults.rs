//! The default bands of `clinical.md` §2a, written as the tables there.

use super::{AgeBand, BandSex, Interval};
use crate::clinical::age::{AgeSpan, AgeUnit};
use crate::model::Decimal;

/// A red-cell row: from, to, sex, then hgb, hct, rbc, mcv as `[lower,
/// upper]` (hgb and rbc in tenths).
type RedRow = (
    AgeSpan,
    AgeSpan,
    Option<BandSex>,
    [u32; 2],
    [u32; 2],
    [u32; 2],
    [u32; 2],
);

/// A white-cell row: from, to, then wbc, anc, alc in tenths (an ANC lower
/// limit of 0 is none).
type WhiteRow = (AgeSpan, AgeSpan, [u32; 2], [u32; 2], [u32; 2]);

/// `[lower, upper]` as an interval.
fn iv(lower: Decimal, upper: Decimal) -> Option<Interval> {
    Some(Interval {
        lower: Some(lower),
        upper: Some(upper),
    })
}

/// The bands of `clinical.md` §2a: red cells (Dallman 1977), white cells
/// (Davis's; the neutrophil lower limit the neutropenia threshold),
/// platelets at every age, reticulocytes from 12 weeks.
pub(super) fn bands() -> Vec<AgeBand> {
    let d = Decimal::lit;
    let day = |n| AgeSpan::new(n, AgeUnit::Day);
    let week = |n| AgeSpan::new(n, AgeUnit::Week);
    let month = |n| AgeSpan::new(n, AgeUnit::Month);
    let year = |n| AgeSpan::new(n, AgeUnit::Year);
    let (f, m) = (Some(BandSex::Female), Some(BandSex::Male));
    #[rustfmt::skip]
    let red: [RedRow; 11] = [
        (day(0), day(4), None, [145, 225], [45, 67], [40, 66], [95, 121]),
        (day(4), day(8), None, [135, 215], [42, 66], [39, 63], [88, 126]),
        (day(8), day(15), None, [125, 205], [39, 63], [36, 62], [86, 124]),
        (day(15), month(1), None, [100, 180], [31, 55], [30, 54], [85, 123]),
        (month(1), month(3), None, [90, 140], [28, 42], [27, 49], [77, 115]),
        (month(3), month(6), None, [95, 135], [29, 41], [31, 45], [74, 108]),
        (month(6), year(2), None, [105, 135], [33, 39], [37, 53], [70, 86]),
        (year(2), year(6), None, [115, 135], [34, 40], [39, 53], [75, 87]),
        (year(6), year(12), None, [115, 155], [35, 45], [40, 52], [77, 95]),
        (year(12), year(18), f, [120, 160], [36, 46], [41, 51], [78, 102]),
        (year(12), year(18), m, [130, 160], [37, 49], [45, 53], [78, 98]),
    ];
    let mut bands: Vec<AgeBand> = red
        .into_iter()
        .map(|(from, to, sex, hgb, hct, rbc, mcv)| AgeBand {
            sex,
            hgb: iv(d(hgb[0], 1), d(hgb[1], 1)),
            hct: iv(d(hct[0], 0), d(hct[1], 0)),
            rbc: iv(d(rbc[0], 1), d(rbc[1], 1)),
            mcv: iv(d(mcv[0], 0), d(mcv[1], 0)),
            ..AgeBand::empty(from, to)
        })
        .collect();
    #[rustfmt::skip]
    let white: [WhiteRow; 6] = [
        (day(0), day(14), [91, 301], [0, 183], [28, 93]),
        (day(14), month(1), [91, 301], [10, 183], [28, 93]),
        (month(1), year(1), [61, 175], [10, 54], [37, 107]),
        (year(1), year(2), [61, 175], [15, 54], [37, 107]),
        (year(2), year(11), [45, 135], [15, 73], [17, 51]),
        (year(11), year(18), [45, 111], [15, 65], [15, 37]),
    ];
    bands.extend(white.into_iter().map(|(from, to, wbc, anc, alc)| AgeBand {
        wbc: iv(d(wbc[0], 1), d(wbc[1], 1)),
        anc: Some(Interval {
            lower: (anc[0] > 0).then(|| d(anc[0], 1)),
            upper: Some(d(anc[1], 1)),
        }),
        alc: iv(d(alc[0], 1), d(alc[1], 1)),
        ..AgeBand::empty(from, to)
    }));
    bands.push(AgeBand {
        plt: iv(d(150, 0), d(450, 0)),
        ..AgeBand::empty(day(0), year(18))
    });
    bands.push(AgeBand {
        retic: iv(d(25, 0), d(100, 0)),
        ..AgeBand::empty(week(12), year(18))
    });
    bands
}
