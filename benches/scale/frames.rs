//! In-process measurements of the dashboard: how long until it is ready
//! on a file, and what a frame costs, drawn into a ratatui `Buffer` as the
//! terminal would get it.

use std::path::Path;
use std::time::{Duration, Instant};

use hemotrend::clinical::Thresholds;
use hemotrend::model::{
    Analyte, CivilTime, Dataset, DatasetBuilder, Decimal, Draw, LoadReport, PatientInfo, Timestamp,
    Values,
};
use hemotrend::tui::{Action, App, THEME};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The terminal size frames are drawn at.
const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

/// Seconds from nothing to a dashboard drawn on `path`: load, patient
/// list, the first patient's record, one frame.
pub fn dashboard_ready(path: &Path) -> f64 {
    let start = Instant::now();
    let dataset = hemotrend::ingest::load(&[path.to_path_buf()]).expect("bench file loads");
    let app = ready(dataset, None);
    frame(&app);
    start.elapsed().as_secs_f64()
}

fn ready(dataset: Dataset, only: Option<&str>) -> App {
    let mut app = App::new(dataset, Thresholds::default(), &THEME, only);
    app.update(Action::Resize(WIDTH, HEIGHT));
    app
}

/// Draws one whole frame.
fn frame(app: &App) -> Buffer {
    let area = Rect::new(0, 0, WIDTH, HEIGHT);
    let mut buffer = Buffer::empty(area);
    app.render(area, &mut buffer);
    buffer
}

/// Median time of `runs` calls of `step` (each followed by a frame).
fn median_frame(app: &mut App, runs: usize, mut step: impl FnMut(&mut App)) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            step(app);
            std::hint::black_box(frame(app));
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// A patient with `count` draws a day apart (platelets, hemoglobin, ANC
/// and white cells swinging through lows), as the only patient.
fn one_patient(count: usize) -> Dataset {
    let start = Timestamp::from_date(1990, 1, 1).expect("date").instant();
    let draws = (0..count)
        .map(|i| {
            // One draw every 4 hours: a million draws span 456 years.
            let civil = CivilTime::from_unix_seconds(start + i as i64 * 4 * 3600);
            let time = Timestamp::from_civil(civil, None).expect("time");
            let swing = (i * 7919 % 400) as u32;
            Draw {
                time,
                values: Values::EMPTY
                    .with(Analyte::Plt, Decimal::lit(5 + swing, 0))
                    .with(Analyte::Hgb, Decimal::lit(60 + swing / 4, 1))
                    .with(Analyte::Anc, Decimal::lit(swing / 2, 2))
                    .with(Analyte::Wbc, Decimal::lit(10 + swing / 2, 1))
                    .with(Analyte::Rbc, Decimal::lit(200 + swing, 2)),
            }
        })
        .collect();
    let mut builder = DatasetBuilder::new();
    let info = PatientInfo {
        id: "P1".into(),
        ..PatientInfo::default()
    };
    builder.add_patient(info, draws);
    builder.build(LoadReport::default())
}

/// Frame costs of one patient with `count` draws: the whole dashboard, and
/// with the cursor moved a draw (charts, table, severity all redrawn).
pub fn chart_frame(count: usize) -> (Duration, Duration) {
    let mut app = ready(one_patient(count), Some("P1"));
    let still = median_frame(&mut app, 30, |_| {});
    let moving = median_frame(&mut app, 30, |app| app.update(Action::CursorPrev));
    (still, moving)
}

/// Frame costs of browsing the patient list of a dataset: moving down a
/// patient; typing a first filter character then deleting it (a search
/// of every patient); and the same with `p0000` typed already (a search
/// of the patients that filter left).
pub fn list_frames(dataset: Dataset) -> (Duration, Duration, Duration) {
    let mut app = ready(dataset, None);
    let down = median_frame(&mut app, 20, |app| app.update(Action::Down));
    app.update(Action::StartFilter);
    let type_and_delete = |app: &mut App| {
        app.update(Action::FilterChar('1'));
        app.update(Action::FilterBackspace);
    };
    let first_key = median_frame(&mut app, 20, type_and_delete);
    for c in "p0000".chars() {
        app.update(Action::FilterChar(c));
    }
    let later_key = median_frame(&mut app, 20, type_and_delete);
    (down, first_key, later_key)
}

/// `patients` patients of `per` draws each, for the list measurements.
pub fn many_patients(patients: usize, per: usize) -> Dataset {
    let mut builder = DatasetBuilder::new();
    for p in 0..patients {
        let info = PatientInfo {
            id: format!("P{p:06}"),
            name: Some(format!("Patient {p:06}")),
            ..PatientInfo::default()
        };
        let draws = (0..per)
            .map(|d| Draw {
                time: Timestamp::from_date(2024, 1 + (d % 12) as u8, 1 + (p % 28) as u8)
                    .expect("date"),
                values: Values::EMPTY
                    .with(
                        Analyte::Plt,
                        Decimal::lit(((p * 31 + d * 7) % 400) as u32, 0),
                    )
                    .with(Analyte::Anc, Decimal::lit(((p + d) % 300) as u32, 2)),
            })
            .collect();
        builder.add_patient(info, draws);
    }
    builder.build(LoadReport::default())
}
