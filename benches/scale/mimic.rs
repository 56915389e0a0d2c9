//! MIMIC-IV-shaped `labevents.csv` files for the scale benchmark: the 16
//! columns of MIMIC-IV, about a sixth of the rows CBC results, the rest
//! chemistry, with `___` masked values beside `valuenum`, specimens, lab
//! ranges and quoted comments.
//!
//! When the shared MIMIC-IV demo is present (`../shared/real-data`), a file
//! of `copies` x the demo is its real rows repeated, each copy with new
//! labevent, subject, admission and specimen ids (the old id plus
//! `copy x 10^10`, so no copy's id meets another's). Without it, a
//! deterministic generator writes rows of the same mix.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;

use crate::data::SplitMix;

/// The MIMIC-IV labevents header.
const HEADER: &str = "labevent_id,subject_id,hadm_id,specimen_id,itemid,order_provider_id,\
charttime,storetime,value,valuenum,valueuom,ref_range_lower,ref_range_upper,flag,priority,comments";

/// Rows of the demo's `labevents.csv.gz` (107,727): one copy's worth.
pub const DEMO_ROWS: u64 = 107_727;

/// The itemids hemotrend reads as CBC results (clinical.md §5, and
/// MIMIC's reticulocytes), for the polars comparison's filter.
pub const CBC_ITEMIDS: [u32; 15] = [
    51301, 51300, 51755, 51279, 51222, 51221, 51250, 51265, 52075, 51256, 51133, 52769, 51244,
    51282, 51283,
];

/// The shared demo's labevents, when this checkout sits beside it.
pub fn demo_path() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-data/mimic-iv-demo/hosp/labevents.csv.gz");
    path.exists().then_some(path)
}

/// Writes `path` (a MIMIC-shaped labevents of `copies` x the demo's rows)
/// unless it exists, and its gzip beside it (`path` + `.gz`) when `gzip`.
pub fn ensure_mimic(path: &Path, copies: u64, gzip: bool) {
    if !path.exists() {
        eprintln!("generating {} ...", path.display());
        let partial = path.with_extension("partial");
        let mut out =
            BufWriter::with_capacity(1 << 20, File::create(&partial).expect("create bench file"));
        writeln!(out, "{HEADER}").expect("write");
        match demo_path() {
            Some(demo) => write_demo_copies(&mut out, &demo, copies),
            None => write_generated(&mut out, copies * DEMO_ROWS),
        }
        out.flush().expect("flush");
        drop(out);
        std::fs::rename(&partial, path).expect("rename bench file");
    }
    let gz = gz_path(path);
    if gzip && !gz.exists() {
        eprintln!("compressing {} ...", gz.display());
        let partial = gz.with_extension("partial");
        let mut input = BufReader::with_capacity(1 << 20, File::open(path).expect("open"));
        let mut encoder = GzEncoder::new(
            BufWriter::with_capacity(1 << 20, File::create(&partial).expect("create gz")),
            Compression::default(),
        );
        std::io::copy(&mut input, &mut encoder).expect("compress");
        encoder.finish().expect("finish gz").flush().expect("flush");
        std::fs::rename(&partial, &gz).expect("rename gz");
    }
}

/// `path` with `.gz` appended.
pub fn gz_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

/// The demo's rows `copies` times, the first four ids of each moved.
fn write_demo_copies(out: &mut impl Write, demo: &Path, copies: u64) {
    let mut text = String::new();
    MultiGzDecoder::new(File::open(demo).expect("open demo"))
        .read_to_string(&mut text)
        .expect("read demo");
    // Records, not lines: a quoted comment may hold a line break.
    let body = text.split_once('\n').map_or("", |(_, body)| body);
    let records: Vec<&str> = split_records(body);
    for copy in 0..copies {
        for record in &records {
            let mut fields = record.splitn(5, ',');
            for _ in 0..4 {
                let id = fields.next().unwrap_or_default();
                match id.parse::<u64>() {
                    Ok(number) if copy > 0 => write!(out, "{},", number + copy * 10_000_000_000),
                    _ => write!(out, "{id},"),
                }
                .expect("write");
            }
            writeln!(out, "{}", fields.next().unwrap_or_default()).expect("write");
        }
    }
}

/// Records of CSV text, each without its LF (an LF inside quotes stays).
fn split_records(body: &str) -> Vec<&str> {
    let mut records = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (at, byte) in body.bytes().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                records.push(&body[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    if start < body.len() {
        records.push(&body[start..]);
    }
    records
}

/// One test of a generated panel: itemid, unit, range and decimals.
struct Test(u32, &'static str, f64, f64, usize);

/// A CBC as MIMIC's hematology lab reports it: the six analytes hemotrend
/// reads and four it does not (RDW, MCH, MCHC, RDW-SD).
const CBC: [Test; 10] = [
    Test(51301, "K/uL", 4.0, 10.0, 1),
    Test(51279, "m/uL", 4.6, 6.1, 2),
    Test(51222, "g/dL", 13.7, 17.5, 1),
    Test(51221, "%", 40.0, 51.0, 1),
    Test(51250, "fL", 80.0, 100.0, 0),
    Test(51265, "K/uL", 150.0, 400.0, 0),
    Test(51277, "%", 10.5, 15.5, 1),
    Test(51248, "pg", 26.0, 32.0, 1),
    Test(51249, "g/dL", 31.0, 37.0, 1),
    Test(52172, "fL", 35.1, 46.3, 1),
];

/// A differential: neutrophils and lymphocytes, % and absolute.
const DIFFERENTIAL: [Test; 4] = [
    Test(51256, "%", 34.0, 71.0, 1),
    Test(51244, "%", 18.0, 42.0, 1),
    Test(52075, "K/uL", 1.6, 6.1, 2),
    Test(51133, "K/uL", 1.2, 3.7, 2),
];

/// A chemistry panel: tests hemotrend ignores.
const CHEMISTRY: [Test; 12] = [
    Test(50971, "mEq/L", 3.3, 5.1, 1),
    Test(50983, "mEq/L", 133.0, 145.0, 0),
    Test(50912, "mg/dL", 0.5, 1.2, 1),
    Test(50902, "mEq/L", 96.0, 108.0, 0),
    Test(51006, "mg/dL", 6.0, 20.0, 0),
    Test(50882, "mEq/L", 22.0, 32.0, 0),
    Test(50868, "mEq/L", 8.0, 20.0, 0),
    Test(50931, "mg/dL", 70.0, 100.0, 0),
    Test(50960, "mg/dL", 1.6, 2.6, 1),
    Test(50893, "mg/dL", 8.4, 10.3, 1),
    Test(50970, "mg/dL", 2.7, 4.5, 1),
    Test(50920, "", 0.0, 0.0, 0),
];

/// Rows of the generated mix: per specimen a CBC (a differential with a
/// third of them) for a third of the specimens, else a chemistry panel
/// and a third more, so that about 17 % of rows are CBC results; patients
/// of about 1,000 rows.
fn write_generated(out: &mut impl Write, rows: u64) {
    let mut random = SplitMix(0x004D_494D_4943);
    let patients = (rows / 1_000).max(1);
    let (mut written, mut specimen, mut labevent) = (0u64, 0u64, 0u64);
    // The specimen's hemoglobin, white count, neutrophil and lymphocyte %.
    let mut known = (0.0, 0.0, 0.0, 0.0);
    while written < rows {
        specimen += 1;
        let subject = 10_000_000 + random.next() % patients;
        let day = 1 + random.next() % 28;
        let hour = random.next() % 24;
        let time = format!("2150-{:02}-{day:02} {hour:02}:00:00", 1 + specimen % 12);
        let stored = format!("2150-{:02}-{day:02} {hour:02}:47:00", 1 + specimen % 12);
        let hadm = if random.next().is_multiple_of(4) {
            String::new()
        } else {
            format!("{}", 20_000_000 + subject % 9_000_000)
        };
        let priority = ["ROUTINE", "STAT", ""][(random.next() % 3) as usize];
        let cbc = random.next() % 100 < 33;
        let panel: Vec<&Test> = if cbc {
            let differential = random.next().is_multiple_of(3);
            CBC.iter()
                .chain(DIFFERENTIAL.iter().filter(|_| differential))
                .collect()
        } else {
            CHEMISTRY.iter().chain(CHEMISTRY.iter().take(4)).collect()
        };
        for test in panel {
            if written == rows {
                break;
            }
            labevent += 1;
            written += 1;
            let Test(itemid, unit, low, high, decimals) = *test;
            let prefix =
                format!("{labevent},{subject},{hadm},{specimen},{itemid},,{time},{stored}");
            if itemid == 50920 {
                // The eGFR comment: no value, a long quoted comment.
                writeln!(
                    out,
                    "{prefix},,,,,,,{priority},\"Using this patient's age, gender, and serum \
                     creatinine value of 1.1, .  estimated GFR (eGFR) is likely between 60 and 75.\""
                )
                .expect("write");
                continue;
            }
            let number = match itemid {
                // Hematocrit about three times the hemoglobin, absolute
                // counts the white count times their percentage: a draw as
                // plausible as a lab's (clinical.md §11).
                51221 => format!("{:.1}", known.0 * 3.0 + random.unit()),
                52075 => format!("{:.2}", known.1 * known.2 / 100.0),
                51133 => format!("{:.2}", known.1 * known.3 / 100.0),
                _ => random.value(low * 0.5, high * 1.4, decimals),
            };
            let amount: f64 = number.parse().unwrap_or_default();
            match itemid {
                51222 => known.0 = amount,
                51301 => known.1 = amount,
                51256 => known.2 = amount,
                51244 => known.3 = amount,
                _ => {}
            }
            let flag = if amount < low || amount > high {
                "abnormal"
            } else {
                ""
            };
            // Masked values: a tenth of the platelet counts (verified by
            // smear) and of the glucoses (a quoted comment).
            let masked = (itemid == 51265 || itemid == 50931) && random.next().is_multiple_of(10);
            let (value, comment) = match (masked, itemid) {
                (true, 51265) => ("___".to_string(), "VERIFIED BY SMEAR."),
                (true, _) => (
                    "___".to_string(),
                    "\"If fasting, 70-100 normal, >125 provisional diabetes.\"",
                ),
                _ => (number.clone(), ""),
            };
            writeln!(
                out,
                "{prefix},{value},{number},{unit},{low},{high},{flag},{priority},{comment}"
            )
            .expect("write");
        }
    }
}
