//! The report in a real browser: headless Chromium renders P001's report
//! of the bundled sample data to a screenshot (which must not be blank)
//! and prints it to PDF (which must have A4 pages).
//!
//! Needs `/usr/bin/chromium` (`apt-get install chromium`); run with
//! `cargo test --test it report_chromium -- --ignored`.

use std::path::Path;
use std::process::Command;

use crate::support::bin::hemotrend;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium headless with the flags that work in a container, a fresh
/// profile each run, and no network of its own.
fn chromium(profile: &Path, args: &[String]) -> std::process::Output {
    Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

/// The share of pixels that are not near-white in an RGB(A) PNG, and its size.
fn ink(png_path: &Path) -> (f64, u32, u32) {
    let file = std::fs::File::open(png_path).expect("screenshot");
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let channels = info.color_type.samples();
    assert!(
        channels >= 3,
        "colour screenshot, got {:?}",
        info.color_type
    );
    let pixels = &buffer[..info.buffer_size()];
    let total = pixels.len() / channels;
    let inked = pixels
        .chunks(channels)
        .filter(|p| p[..3].iter().any(|&c| c < 200))
        .count();
    (inked as f64 / total as f64, info.width, info.height)
}

#[test]
#[ignore = "needs chromium (apt-get install chromium)"]
fn the_report_renders_and_prints_in_chromium() {
    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("p001.html");
    let run = hemotrend(&[
        "report",
        "--patient",
        "P001",
        "--output",
        &html.display().to_string(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let url = format!("file://{}", html.display());

    let shot = dir.path().join("shot.png");
    let out = chromium(
        &dir.path().join("profile-shot"),
        &[
            "--window-size=900,1800".to_string(),
            format!("--screenshot={}", shot.display()),
            url.clone(),
        ],
    );
    assert!(shot.exists(), "no screenshot: {out:?}");
    let (inked, width, height) = ink(&shot);
    assert_eq!((width, height), (900, 1800));
    // A blank page has no ink; the charts and the table give several per cent.
    assert!(
        inked > 0.02,
        "only {:.2}% of the screenshot is not white",
        inked * 100.0
    );

    let pdf = dir.path().join("out.pdf");
    let out = chromium(
        &dir.path().join("profile-pdf"),
        &[
            "--no-pdf-header-footer".to_string(),
            format!("--print-to-pdf={}", pdf.display()),
            url,
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap_or_else(|_| panic!("no PDF: {out:?}"));
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let text = String::from_utf8_lossy(&bytes);
    // Chromium gives every page its own /MediaBox: A4 portrait is 595 x 842
    // points (it writes 594.96 x 841.92); P001 takes several pages.
    let boxes: Vec<(f64, f64)> = text
        .split("/MediaBox [0 0 ")
        .skip(1)
        .filter_map(|rest| {
            let mut numbers = rest.split([' ', ']']).map(str::parse::<f64>);
            Some((numbers.next()?.ok()?, numbers.next()?.ok()?))
        })
        .collect();
    assert!(boxes.len() >= 2, "{} pages", boxes.len());
    for (width, height) in boxes {
        assert!(
            (width - 595.0).abs() < 1.0 && (height - 842.0).abs() < 1.0,
            "a page of {width} x {height} points, not A4 portrait"
        );
    }
}
