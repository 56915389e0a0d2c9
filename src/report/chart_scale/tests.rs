//! Dates to days, the window, downsampling, the y axis's top, and the lines of the limits and cut-offs.

use super::*;
use crate::clinical::range_in_use;
use crate::model::{Decimal, LabRange, Sex};

const W: Window = Window {
    start: 0.0,
    end: 100.0,
};

#[test]
fn dates_become_days_since_the_epoch() {
    let day = Timestamp::from_date(1970, 1, 11).unwrap();
    assert_eq!(x_of(day), 10.0);
    let noon = Timestamp::from_civil(
        crate::model::CivilTime {
            year: 1970,
            month: 1,
            day: 2,
            hour: 12,
            minute: 0,
            second: 0,
        },
        None,
    )
    .unwrap();
    assert_eq!(x_of(noon), 1.5);
}

#[test]
fn full_window_spans_the_draws_and_widens_a_single_one() {
    assert_eq!(
        full_window(&[3.0, 10.0, 40.0]),
        Window {
            start: 3.0,
            end: 40.0
        }
    );
    assert_eq!(
        full_window(&[5.0]),
        Window {
            start: 4.5,
            end: 5.5
        }
    );
    assert!(full_window(&[]).span() > 0.0);
}

#[test]
fn downsample_keeps_min_and_max_of_every_dot_column() {
    // 1000 points across a plot 10 cells (20 dot columns) wide.
    let points: Vec<(f64, f64)> = (0..1000)
        .map(|i| {
            let x = f64::from(i) / 10.0;
            let y = if i == 537 { -5.0 } else { f64::from(i % 7) };
            (x, y)
        })
        .collect();
    let kept = downsample(&points, W, 10);
    assert!(kept.len() <= 40, "{} points", kept.len());
    assert!(kept.contains(&(53.7, -5.0)), "the low must survive");
    assert!(kept.windows(2).all(|pair| pair[0].0 <= pair[1].0));
    let highest = kept.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    assert_eq!(highest, 6.0);
}

#[test]
fn downsample_keeps_sparse_points_and_drops_outside_ones() {
    let points = [(-1.0, 9.0), (10.0, 1.0), (60.0, 2.0), (101.0, 3.0)];
    assert_eq!(downsample(&points, W, 40), vec![(10.0, 1.0), (60.0, 2.0)]);
    assert!(downsample(&points, W, 0).is_empty());
}

#[test]
fn y_axis_tops_are_round_and_above_every_line() {
    assert_eq!(nice_ceil(0.0), 1.0);
    assert_eq!(nice_ceil(1.0), 1.0);
    assert_eq!(nice_ceil(1.3), 1.5);
    assert_eq!(nice_ceil(210.0), 250.0);
    assert_eq!(nice_ceil(0.33), 0.4);
    assert_eq!(nice_ceil(12.6), 15.0);
    assert_eq!(y_top([5.0, 80.0].into_iter(), &[150.0, 20.0]), 200.0);
    assert_eq!(y_top([210.0].into_iter(), &[150.0]), 250.0);
    assert_eq!(y_top([600.0].into_iter(), &[150.0]), 800.0);
    assert_eq!(y_top(std::iter::empty(), &[]), 1.0);
    assert_eq!(axis_number(250.0), "250");
    assert_eq!(axis_number(0.5), "0.5");
    assert_eq!(axis_number(2.25), "2.25");
}

fn labels(analyte: Analyte, sex: Sex) -> Vec<(f64, String, bool)> {
    let t = Thresholds::default();
    rule_lines(analyte, range_in_use(analyte, sex, None, None, &t), &t)
        .into_iter()
        .map(|l| (l.value, l.label, l.cutoff))
        .collect()
}

#[test]
fn platelets_and_anc_carry_their_severity_cut_offs() {
    assert_eq!(
        labels(Analyte::Plt, Sex::Female),
        [
            (150.0, "LLN 150".to_string(), false),
            (20.0, "severe <20".to_string(), true),
            (50.0, "cytopenia <50".to_string(), true),
        ]
    );
    let anc = labels(Analyte::Anc, Sex::Male);
    assert!(anc.contains(&(0.5, "severe <0.5".to_string(), true)));
    assert!(anc.contains(&(0.2, "very severe <0.2".to_string(), true)));
    assert_eq!(anc[0], (1.5, "LLN 1.5".to_string(), false));
}

#[test]
fn the_labs_lower_limit_wins_and_says_so() {
    let t = Thresholds::default();
    let lab = LabRange {
        lower: Decimal::lit(130, 0),
        upper: Decimal::lit(400, 0),
        places: (0, 0),
        significant: (0, 0),
    };
    let range = range_in_use(Analyte::Plt, Sex::Female, None, Some(lab), &t);
    let lines = rule_lines(Analyte::Plt, range, &t);
    assert_eq!(
        (lines[0].value, lines[0].label.as_str()),
        (130.0, "lab LLN 130")
    );
    assert!(lines[1..].iter().all(|l| l.cutoff), "the cut-offs stay");
}

#[test]
fn the_lower_limit_follows_sex() {
    assert_eq!(labels(Analyte::Hgb, Sex::Female)[0].0, 12.0);
    assert_eq!(labels(Analyte::Hgb, Sex::Male)[0].0, 13.5);
    assert_eq!(labels(Analyte::Hgb, Sex::Unknown)[0].0, 13.5);
    assert_eq!(
        labels(Analyte::Rbc, Sex::Female),
        [(4.0, "LLN 4".to_string(), false)]
    );
}
