//! The scale benchmark: generates deterministic CBC exports (wide: 10k, 1M and
//! 5M draws; long: 10M observations), then times `hemotrend summary --format
//! csv` on each beside a bare csv-crate record pass over the same file, runs
//! alternating, and reports wall time, draws per second, MB/s and peak memory.
//!
//!     cargo bench --bench scale                       # every size
//!     cargo bench --bench scale -- --sizes 1000000    # one wide size
//!     cargo bench --bench scale -- --long 0 --runs 3
//!
//! Data go to `target/bench-data/` and are reused when present.

mod data;
mod run;

use std::path::PathBuf;

use run::{Measurement, measure_alternately};

struct Options {
    sizes: Vec<u64>,
    long: u64,
    runs: usize,
}

fn parse_options() -> Options {
    let mut options = Options {
        sizes: vec![10_000, 1_000_000, 5_000_000],
        long: 10_000_000,
        runs: 5,
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
            // `cargo bench` passes `--bench`; a bare record pass is this
            // binary run again on one file.
            "--bare-pass" => {
                run::bare_pass(&PathBuf::from(value()));
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
    for &draws in &options.sizes {
        let path = folder.join(format!("wide-{draws}.csv"));
        data::ensure_wide(&path, draws);
        report(&path, draws, measure_alternately(&path, options.runs, true));
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
