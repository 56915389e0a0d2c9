//! The lines' rows and labels, the rows of the values between them, and the charts' heights.

use proptest::prelude::*;

use super::*;

/// Lines of `values` (highest first) on rows made strictly increasing
/// from their place on the scale, as a squeezed chart moves them; a
/// line off the scale is left out, as `rule_rows` leaves none.
fn lines(scale: YScale, values: &[f64], height: u16) -> Option<Vec<RuleRow>> {
    let mut rows: Vec<u16> = values.iter().map(|&v| scale.row(v, height)).collect();
    separate(&mut rows, height);
    let increasing = rows.windows(2).all(|pair| pair[0] < pair[1]);
    increasing.then(|| {
        rows.iter()
            .zip(values)
            .map(|(&row, &value)| (row, value, Vec::new(), true))
            .collect()
    })
}

/// Lines all on one row of a short chart are spread over its rows in
/// order: three lines of a 3-row chart on rows 0, 1 and 2 (a linear
/// ANC at 80x24 once put 1.5 and 0.2 on row 1 and 0.5 above them).
#[test]
fn lines_on_one_row_are_spread_in_order() {
    for (start, height, expected) in [
        (vec![1, 1, 1], 3, vec![0, 1, 2]),
        (vec![2, 2, 2], 3, vec![0, 1, 2]),
        (vec![0, 0, 0], 3, vec![0, 1, 2]),
        (vec![0, 2, 2], 4, vec![0, 2, 3]),
        (vec![1, 1, 1, 1], 3, vec![0, 0, 1, 2]),
    ] {
        let mut rows = start.clone();
        separate(&mut rows, height);
        assert_eq!(rows, expected, "{start:?} in {height} rows");
    }
}

#[test]
fn a_label_shortens_to_what_still_names_its_line() {
    let labels = ["LLN 1.5".to_string(), "cytopenia <1.5".to_string()];
    assert_eq!(
        label_forms(&labels),
        [
            " LLN 1.5 · cytopenia <1.5 ",
            " LLN · <1.5 ",
            "LLN·<1.5",
            "<1.5",
            "LLN"
        ]
    );
    assert_eq!(
        label_forms(&["severe <20".to_string()]),
        [" severe <20 ", " <20 ", "<20"]
    );
}

proptest! {
    /// A value is drawn on its line's row or above when at or above
    /// the line, under the row when under the line (where there is a
    /// row under it), and a higher value never lower: on either scale,
    /// however far the lines were moved to keep a row each.
    #[test]
    fn values_are_drawn_on_their_side_of_every_line_and_in_order(
        log in any::<bool>(),
        height in 2u16..24,
        raw in proptest::collection::vec(0.02f64..0.98, 1..4),
        ys in proptest::collection::vec(0.0f64..1.2, 2..12),
    ) {
        let scale = if log {
            YScale { top: 1000.0, bottom: 10.0, log: true }
        } else {
            YScale::linear(100.0)
        };
        // Fractions of the scale to values, highest first, distinct.
        let at = |f: f64| if log { 10.0 * 100f64.powf(f) } else { 100.0 * f };
        let mut values: Vec<f64> = raw.iter().map(|&f| at(f)).collect();
        values.sort_by(|a, b| b.total_cmp(a));
        values.dedup();
        let Some(rules) = lines(scale, &values, height) else {
            return Ok(());
        };
        let mut ys: Vec<f64> = ys.iter().map(|&f| at(f)).collect();
        ys.sort_by(|a, b| b.total_cmp(a));
        let dots: Vec<f64> = ys.iter().map(|&y| plot_dot(scale, &rules, height, y)).collect();
        for pair in dots.windows(2) {
            prop_assert!(pair[0] <= pair[1], "{ys:?} {dots:?} {rules:?}");
        }
        for (&y, &dot) in ys.iter().zip(&dots) {
            let row = dot_row(dot);
            prop_assert!(row < height);
            for &(line_row, value, ..) in &rules {
                if y >= value {
                    prop_assert!(row <= line_row, "{y} at row {row}, line {value} on {line_row}");
                } else if line_row + 1 < height {
                    prop_assert!(row > line_row, "{y} at row {row}, line {value} on {line_row}");
                }
            }
        }
    }
}

#[test]
fn a_line_where_the_scale_puts_it_leaves_the_values_above_it_where_the_scale_puts_them() {
    let scale = YScale::linear(8.0);
    let rules: Vec<RuleRow> = vec![(1, 4.5, Vec::new(), false)];
    for y in [8.0, 7.0, 6.2, 5.0, 4.5] {
        let last = 3.0 * 4.0 - 1.0;
        let natural = (1.0 - scale.fraction(y)) * last;
        assert!(
            (plot_dot(scale, &rules, 3, y) - natural).abs() < 1e-9,
            "{y}"
        );
    }
    // Under the line: under its row, on the bottom one.
    assert_eq!(dot_row(plot_dot(scale, &rules, 3, 4.4)), 2);
    assert_eq!(dot_row(plot_dot(scale, &rules, 3, 0.0)), 2);
}

#[test]
fn charts_get_the_rows_their_lines_want_then_the_shortest_grows() {
    // 120x40: platelets (log: 150, 50, 20) want 5, red and white
    // cells (linear: the limit) 4.
    let platelets = [true, false, false];
    assert_eq!(chart_heights([5, 4, 4], platelets, 13), [5, 4, 4]);
    assert_eq!(chart_heights([5, 4, 4], platelets, 20), [7, 7, 6]);
    // Short of rows: the first chart keeps its own, the others share.
    assert_eq!(chart_heights([5, 4, 4], platelets, 12), [5, 4, 3]);
    assert_eq!(chart_heights([5, 4, 4], platelets, 11), [5, 3, 3]);
    assert_eq!(chart_heights([5, 4, 4], platelets, 10), [4, 3, 3]);
    // Shorter still: an even split, the first ones first.
    assert_eq!(chart_heights([5, 4, 4], platelets, 8), [3, 3, 2]);
    assert_eq!(chart_heights([5, 5, 5], platelets, 0), [0, 0, 0]);
    // Hemoglobin, ANC (log), reticulocytes at 80x24: the ANC keeps a
    // row for each of its lines and one under 0.2; hemoglobin gives one.
    let anc = [false, true, false];
    assert_eq!(chart_heights([5, 5, 5], anc, 12), [4, 5, 3]);
    assert_eq!(chart_heights([5, 5, 5], anc, 15), [5, 5, 5]);
}
