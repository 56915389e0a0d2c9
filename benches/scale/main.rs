//! The scale benchmark: generates deterministic CBC exports (wide: 10k, 1M and
//! 5M draws; long: 10M observations), then times `hemotrend summary --format
//! csv` on each beside a bare csv-crate record pass over the same file, runs
//! alternating, and reports wall time, draws per second, MB/s and peak memory;
//! then, in process, the dashboard: time until it is ready on each wide file,
//! what a frame costs for a patient of 1,000 and of 1,000,000 draws, and for
//! a list of 10 and of 100,000 patients.
//!
//!     cargo bench --bench scale                       # every size
//!     cargo bench --bench scale -- --sizes 1000000    # one wide size
//!     cargo bench --bench scale -- --long 0 --runs 3
//!     cargo bench --bench scale -- --frames 0         # no dashboard part
//!
//! Then the MIMIC-IV-shaped files of issue 18 (1x, 10x, 100x the demo's
//! labevents, as `.csv` and `.csv.gz`) against polars' lazy scan and a bare
//! inflate, their peak memory against the file's size and a projection to
//! full MIMIC-IV, and a wide 1M file with quoted names against the bare
//! record pass; every ratio is printed beside its target, for `--format
//! csv` and for the table `summary` writes unasked.
//!
//!     cargo bench --bench scale -- --mimic 1,10 --quoted 0   # MIMIC, two sizes
//!     cargo bench --bench scale -- --sizes 0 --long 0 --frames 0   # issue 18 only
//!
//! Data go to `target/tmp/bench-data/` and are reused when present.

// A benchmark harness stops at the first failed step; rusage needs `wait4`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, unsafe_code)]

mod data;
mod frames;
mod mimic;
mod mimic_report;
mod run;

use std::path::PathBuf;

use run::{Measurement, measure_alternately};

struct Options {
    sizes: Vec<u64>,
    long: u64,
    runs: usize,
    frames: bool,
    /// MIMIC-shaped files, in copies of the demo.
    mimic: Vec<u64>,
    /// Rows of the wide file with quoted names (0: none).
    quoted: u64,
}

fn parse_options() -> Options {
    let mut options = Options {
        sizes: vec![10_000, 1_000_000, 5_000_000],
        long: 10_000_000,
        runs: 5,
        frames: true,
        mimic: vec![1, 10, 100],
        quoted: 1_000_000,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value()
                    .split(',')
                    .filter_map(|size| size.trim().parse().ok())
                    .collect();
            }
            "--long" => options.long = value().parse().unwrap_or(options.long),
            "--runs" => options.runs = value().parse().unwrap_or(options.runs).max(1),
            "--frames" => options.frames = value() != "0",
            "--mimic" => {
                options.mimic = value()
                    .split(',')
                    .filter_map(|size| size.trim().parse().ok())
                    .filter(|&copies| copies > 0)
                    .collect();
            }
            "--quoted" => options.quoted = value().parse().unwrap_or(options.quoted),
            // Generating reads the demo into memory: done in a child, so
            // that this process (whose size each measured child starts
            // from) stays small.
            "--generate-mimic" => {
                let path = PathBuf::from(value());
                let copies = value().parse().unwrap_or(1);
                mimic::ensure_mimic(&path, copies, true);
                std::process::exit(0);
            }
            "--bare-inflate" => {
                run::bare_inflate(&PathBuf::from(value()));
                std::process::exit(0);
            }
            // `cargo bench` passes `--bench`; a bare record pass is this
            // binary run again on one file.
            "--bare-pass" => {
                run::bare_pass(&PathBuf::from(value()));
                std::process::exit(0);
            }
            // In-process measurements run in a child of their own, so that
            // this process stays small: a child's peak memory counts its
            // parent's.
            "--dashboard-ready" => {
                println!("{}", frames::dashboard_ready(&PathBuf::from(value())));
                std::process::exit(0);
            }
            "--report-frames" => {
                report_frames();
                std::process::exit(0);
            }
            _ => {}
        }
    }
    options
}

fn main() {
    let options = parse_options();
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&folder).expect("bench-data folder");
    println!("machine: {}", run::machine_description());
    println!(
        "{:<28} {:>10} {:>9} {:>10} {:>12} {:>9} {:>10} {:>9}",
        "file", "MB", "runs", "bare s", "summary s", "ratio", "draws/s", "peak MB"
    );
    for &draws in options.sizes.iter().filter(|&&draws| draws > 0) {
        let path = folder.join(format!("wide-{draws}.csv"));
        data::ensure_wide(&path, draws, false);
        let measurement = measure_alternately(&path, options.runs, true);
        let summary = measurement.summary_median;
        report(&path, draws, measurement);
        if options.frames {
            let ready = run::in_child(&["--dashboard-ready", &path.display().to_string()])
                .trim()
                .parse::<f64>()
                .unwrap_or(f64::NAN);
            println!(
                "{:<28} dashboard ready (load, list, first frame, in process): {ready:.3} s = {:.2} x summary",
                "",
                ready / summary
            );
        }
    }
    if options.frames {
        print!("{}", run::in_child(&["--report-frames"]));
    }
    if options.long > 0 {
        let path = folder.join(format!("long-{}.csv", options.long));
        data::ensure_long(&path, options.long);
        report(
            &path,
            options.long / 7,
            measure_alternately(&path, options.runs, false),
        );
    }
    if options.quoted > 0 {
        let path = folder.join(format!("wide-quoted-{}.csv", options.quoted));
        data::ensure_wide(&path, options.quoted, true);
        mimic_report::quoted(&path, options.runs);
    }
    if !options.mimic.is_empty() {
        mimic_report::mimic(&folder, &options.mimic, options.runs);
    }
}

/// Frame costs at 160x48: one patient's charts, then the patient list.
fn report_frames() {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let (small_still, small_moving) = frames::chart_frame(1_000);
    let (large_still, large_moving) = frames::chart_frame(1_000_000);
    println!("dashboard frame 160x48, one patient     1k draws   1M draws    ratio");
    println!(
        "  frame                                 {:>7.3} ms {:>7.3} ms {:>7.2}",
        ms(small_still),
        ms(large_still),
        large_still.as_secs_f64() / small_still.as_secs_f64()
    );
    println!(
        "  cursor moved one draw, then frame     {:>7.3} ms {:>7.3} ms {:>7.2}",
        ms(small_moving),
        ms(large_moving),
        large_moving.as_secs_f64() / small_moving.as_secs_f64()
    );
    let (few_down, few_filter, few_later) = frames::list_frames(frames::many_patients(10, 10));
    let (many_down, many_filter, many_later) =
        frames::list_frames(frames::many_patients(100_000, 10));
    println!("patient list, then frame                 10 pts  100k pts    ratio");
    println!(
        "  down one patient                      {:>7.3} ms {:>7.3} ms {:>7.2}",
        ms(few_down),
        ms(many_down),
        many_down.as_secs_f64() / few_down.as_secs_f64()
    );
    println!(
        "  filter: type a key, delete it         {:>7.3} ms {:>7.3} ms {:>7.2}",
        ms(few_filter),
        ms(many_filter),
        many_filter.as_secs_f64() / few_filter.as_secs_f64()
    );
    println!(
        "  filter \"p0000\": a key more, delete it {:>7.3} ms {:>7.3} ms {:>7.2}",
        ms(few_later),
        ms(many_later),
        many_later.as_secs_f64() / few_later.as_secs_f64()
    );
}

fn report(path: &std::path::Path, draws: u64, measurement: Measurement) {
    let megabytes = measurement.bytes as f64 / 1e6;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    println!(
        "{:<28} {:>10.1} {:>9} {:>10.3} {:>12.3} {:>9.2} {:>10.0} {:>9.1}",
        name,
        megabytes,
        measurement.runs,
        measurement.bare_median,
        measurement.summary_median,
        measurement.summary_median / measurement.bare_median,
        draws as f64 / measurement.summary_median,
        measurement.summary_peak_kb as f64 / 1024.0,
    );
    println!(
        "{:<28} {:>10} {:>9} {:>10} {:>12} {:>9} MB/s: bare {:.0}, summary {:.0}; bare peak {:.1} MB",
        "",
        "",
        "",
        "",
        "",
        "",
        megabytes / measurement.bare_median,
        megabytes / measurement.summary_median,
        measurement.bare_peak_kb as f64 / 1024.0,
    );
    if let Some(polars) = measurement.polars_median {
        println!(
            "{:<28} polars read_csv+group_by+sort (2 threads): {polars:.3} s",
            ""
        );
    }
}
