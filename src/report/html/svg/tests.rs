//! The inline SVG charts' tests: axes, titles, event labels, scales and
//! the lower limit's steps.

use super::*;

const W: Window = Window {
    start: 0.0,
    end: 10.0,
};

/// Labels with the time of day are longer: three of them, not five.
#[test]
fn a_short_window_has_fewer_date_labels() {
    let labels = |window: Window| {
        let mut s = String::new();
        x_axis(&mut s, window, 100.0, 0.0, None);
        s.matches("class=\"xtick\"").count()
    };
    let day = Window {
        start: 100.0,
        end: 101.0,
    };
    assert_eq!(labels(day), 3);
    assert_eq!(labels(W), 5);
}

#[test]
fn a_long_id_is_cut_before_the_range_is() {
    let rest = " · Platelets x10^9/L · ref 150–450 (sex unknown) · log";
    assert_eq!(chart_title("P1", rest), format!("P1{rest}"));
    let long = "urn:oid:2.16.840.1.113883.19.5.99999.1-0000000000000000000042";
    let title = chart_title(long, rest);
    assert!(title.ends_with(rest), "{title}");
    assert!(
        title.starts_with("urn:oid:2.16.840") && title.contains('…'),
        "{title}"
    );
    assert!(title.chars().count() <= TITLE_CHARS, "{title}");
}

/// Events close together are named in rows, never over one another;
/// past three rows a label is left out and its line stays.
#[test]
fn close_events_are_named_in_rows_that_do_not_overlap() {
    let mark = |label: &str| TimeMark {
        x: 0.0,
        label: label.into(),
        first: label == "I",
    };
    let marks = [
        mark("R"),
        mark("P"),
        mark("R"),
        mark("I"),
        mark("R"),
        mark("P"),
    ];
    // Two apart, then one far away, then two at one instant: the
    // treatment (I) is named first, and the transfusion with no room
    // left is not.
    let xs = [100.0, 102.0, 104.0, 106.0, 300.0, 300.0];
    let rows = label_rows(&marks, &xs);
    assert_eq!(rows, [Some(1), Some(2), None, Some(0), Some(0), Some(1)]);
    // No two labels of one row overlap.
    let mut spans: Vec<(usize, f64, f64)> = Vec::new();
    for ((mark, &x), row) in marks.iter().zip(&xs).zip(&rows) {
        if let Some(row) = *row {
            let start = x + 2.0;
            let end = start + EVENT_CHAR * mark.label.chars().count() as f64;
            assert!(
                spans
                    .iter()
                    .all(|&(r, s, e)| r != row || end <= s || start >= e),
                "{rows:?}"
            );
            spans.push((row, start, end));
        }
    }
    // Events a week apart on a year's axis (720 px) are all named.
    let weekly: Vec<f64> = (0..10)
        .map(|week| 64.0 + 528.0 * f64::from(week) * 7.0 / 365.0)
        .collect();
    let weekly_marks = vec![mark("P"); weekly.len()];
    assert!(
        label_rows(&weekly_marks, &weekly)
            .iter()
            .all(Option::is_some)
    );
}

#[test]
fn positions_are_proportional_to_time_and_value() {
    assert_eq!(x_pos(0.0, W), LEFT);
    assert_eq!(x_pos(10.0, W), LEFT + PLOT_WIDTH);
    assert_eq!(x_pos(2.5, W), LEFT + PLOT_WIDTH / 4.0);
    let linear = YScale::linear(200.0);
    assert_eq!(y_pos(0.0, linear), TOP + PLOT_HEIGHT);
    assert_eq!(y_pos(200.0, linear), TOP);
    assert_eq!(y_pos(999.0, linear), TOP, "above the top sits on it");
}

#[test]
fn a_log_chart_spreads_the_platelet_cut_offs_and_floors_the_lowest() {
    let points = [
        ChartPoint {
            x: 0.0,
            y: 400.0,
            flag: None,
            title: "2024-01-01 400".into(),
            transfused: false,
        },
        ChartPoint {
            x: 10.0,
            y: 4.0,
            flag: Some(Flag::CriticalLow),
            title: "2024-01-11 4 LL".into(),
            transfused: false,
        },
    ];
    let rule = |value: f64| RuleLine {
        value,
        label: format!("{value}"),
        cutoff: true,
    };
    let rules = [rule(150.0), rule(50.0), rule(20.0)];
    let chart = |log: bool| Chart {
        title: "P1 · Platelets".into(),
        y_name: "PLT".into(),
        points: &points,
        rules: &rules,
        window: W,
        marks: &[],
        clock: 0.0,
        ends: None,
        log,
        limit_steps: &[],
    };
    let (linear, log) = (chart(false).scale(), chart(true).scale());
    let gap = |scale: YScale| y_pos(20.0, scale) - y_pos(50.0, scale);
    // On 0-500 linear, 20 and 50 are 7 points apart; a decade of log
    // puts them about a third of the plot apart.
    assert!(gap(linear) < 8.0, "{}", gap(linear));
    assert!(gap(log) > 25.0, "{}", gap(log));
    // The bottom is 10 (a round value under half of 20): the 4 sits on
    // it, and its tick says so.
    assert_eq!(log.bottom, 10.0);
    assert_eq!(y_pos(4.0, log), TOP + PLOT_HEIGHT);
    assert!(chart_svg(&chart(true)).contains(">≤10</text>"));
    assert!(!chart_svg(&chart(false)).contains("≤"));
}

#[test]
fn a_chart_names_its_axis_lines_and_marks_lows() {
    let points = [
        ChartPoint {
            x: 0.0,
            y: 180.0,
            flag: None,
            title: "2024-01-01 180".into(),
            transfused: false,
        },
        ChartPoint {
            x: 10.0,
            y: 12.0,
            flag: Some(Flag::CriticalLow),
            title: "2024-01-11 12‡ LL".into(),
            transfused: true,
        },
    ];
    let rules = [RuleLine {
        value: 150.0,
        label: "LLN 150".into(),
        cutoff: false,
    }];
    let svg = chart_svg(&Chart {
        title: "P1 · Platelets x10^9/L".into(),
        y_name: "Platelets, x10^9/L".into(),
        points: &points,
        rules: &rules,
        window: W,
        marks: &[TimeMark {
            x: 5.0,
            label: "ist".into(),
            first: true,
        }],
        clock: 0.0,
        ends: None,
        log: false,
        limit_steps: &[],
    });
    assert!(svg.contains(">Platelets, x10^9/L</text>"));
    assert!(svg.contains(">LLN 150</text>"));
    assert!(svg.contains("class=\"m-ll\""));
    assert!(svg.contains("class=\"m-ok\""));
    assert!(svg.contains(">ist</text>"));
    assert!(svg.contains("<polyline"));
    // The platelet count after a transfusion carries the screen's mark.
    assert_eq!(svg.matches("class=\"tx\"").count(), 1);
    assert!(svg.contains(">date (proportional time)</text>"));
}

/// A child's limit that changed between draws: the dashed line steps at
/// the first draw under the new one (11.5, then 13 from day 10), and a
/// gap where the age has none; one run is a straight line.
#[test]
fn the_lower_limit_steps_where_it_changed() {
    let point = |x: f64, y: f64| ChartPoint {
        x,
        y,
        flag: None,
        title: String::new(),
        transfused: false,
    };
    let points = [point(0.0, 12.0), point(5.0, 12.5), point(10.0, 12.6)];
    let rules = [RuleLine {
        value: 13.0,
        label: "LLN 13".into(),
        cutoff: false,
    }];
    let step = |x: f64, draw: usize, lower: Option<&str>| LimitStep {
        x,
        draw,
        lower: lower.map(|l| crate::model::Decimal::parse(l).unwrap()),
    };
    let steps = [step(0.0, 0, Some("11.5")), step(5.0, 1, Some("13"))];
    let chart = |limit_steps| Chart {
        title: "P1 · Hemoglobin".into(),
        y_name: "Hb".into(),
        points: &points,
        rules: &rules,
        window: W,
        marks: &[],
        clock: 0.0,
        ends: None,
        log: false,
        limit_steps,
    };
    let stepped = chart(&steps);
    let scale = stepped.scale();
    let path = |svg: &str| -> String {
        let at = svg.find("<path class=\"lln\" d=\"").unwrap() + 21;
        svg[at..].split('"').next().unwrap().to_string()
    };
    let (low, high) = (y_pos(11.5, scale), y_pos(13.0, scale));
    let middle = x_pos(5.0, W);
    assert_eq!(
        path(&chart_svg(&stepped)),
        format!(
            "M{} {}H{}V{}H{}",
            coord(LEFT),
            coord(low),
            coord(middle),
            coord(high),
            coord(LEFT + PLOT_WIDTH)
        )
    );
    let gap = [step(0.0, 0, None), step(5.0, 1, Some("13"))];
    assert_eq!(
        path(&chart_svg(&chart(&gap))),
        format!(
            "M{} {}H{}",
            coord(middle),
            coord(high),
            coord(LEFT + PLOT_WIDTH)
        )
    );
    let one = [step(0.0, 0, Some("13"))];
    assert_eq!(
        path(&chart_svg(&chart(&one))),
        format!(
            "M{} {}H{}",
            coord(LEFT),
            coord(high),
            coord(LEFT + PLOT_WIDTH)
        )
    );
}
