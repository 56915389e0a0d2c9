//! Deterministic generated exports for the scale benchmark.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// A small deterministic generator (SplitMix64): the same file every time.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..1`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A value in `low..high` with `decimals` decimal places, as text.
    pub fn value(&mut self, low: f64, high: f64, decimals: usize) -> String {
        let unit = self.unit();
        format!("{:.*}", decimals, low + unit * (high - low))
    }
}

const DRAWS_PER_PATIENT: u64 = 10;

/// Writes a wide file of `draws` draws (10 per patient) unless it exists;
/// with `quoted`, every name is written as real exports write them,
/// `"Family, Given"`: quoted, because it holds a comma, and the values are
/// [`plausible`].
pub fn ensure_wide(path: &Path, draws: u64, quoted: bool) {
    if path.exists() {
        return;
    }
    eprintln!("generating {} ...", path.display());
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path).expect("create bench file"));
    writeln!(
        out,
        "patient_id,name,sex,birth_date,collected_at,wbc,rbc,hgb,hct,mcv,plt,anc,alc,retic (10^9/L)"
    )
    .expect("write");
    let mut random = SplitMix(0x4845_4D4F);
    let patients = draws.div_ceil(DRAWS_PER_PATIENT);
    // Rows are shuffled by patient stride so that grouping has work to do.
    for row in 0..draws {
        let patient = (row * 7919) % patients;
        let visit = row / patients;
        let sex = if patient.is_multiple_of(2) { "F" } else { "M" };
        let day = 1 + (visit * 29 + patient % 17) % 28;
        let month = 1 + (visit + patient) % 12;
        let retic = if random.next().is_multiple_of(3) {
            String::new()
        } else {
            random.value(10.0, 120.0, 0)
        };
        let [wbc, rbc, hgb, hct, mcv, plt, anc, alc] = if quoted {
            plausible(&mut random)
        } else {
            [
                random.value(0.5, 12.0, 2),
                random.value(2.5, 6.0, 2),
                random.value(6.0, 17.0, 1),
                random.value(20.0, 50.0, 1),
                random.value(70.0, 110.0, 1),
                random.value(5.0, 450.0, 0),
                random.value(0.1, 7.0, 2),
                random.value(0.3, 4.0, 2),
            ]
        };
        writeln!(
            out,
            "P{patient:07},{},{sex},19{:02}-0{}-1{},2024-{month:02}-{day:02}T{:02}:{:02},{wbc},{rbc},{hgb},{hct},{mcv},{plt},{anc},{alc},{}",
            if quoted {
                format!("\"Jones{}, Charles {patient:07}\"", patient % 97)
            } else {
                format!("Patient {patient:07}")
            },
            patient % 100,
            1 + patient % 9,
            patient % 10,
            6 + visit % 12,
            (patient * 13) % 60,
            retic,
        )
        .expect("write");
    }
    out.flush().expect("flush");
}

/// One draw's values as a lab's would be (clinical.md §11): hematocrit
/// about three times the hemoglobin, neutrophils and lymphocytes together
/// under the white count. The unquoted files keep their independent random
/// values (every draw of them implausible, so every one warned about), for
/// figures comparable with the earlier ones.
fn plausible(random: &mut SplitMix) -> [String; 8] {
    let wbc = 0.5 + random.unit() * 11.5;
    let hgb = 6.0 + random.unit() * 11.0;
    let hct = hgb * 3.0 + random.unit();
    let anc = wbc * (0.2 + random.unit() * 0.5);
    let alc = wbc * (0.1 + random.unit() * 0.25);
    [
        format!("{wbc:.2}"),
        random.value(2.5, 6.0, 2),
        format!("{hgb:.1}"),
        format!("{hct:.1}"),
        random.value(70.0, 110.0, 1),
        random.value(5.0, 450.0, 0),
        format!("{anc:.2}"),
        format!("{alc:.2}"),
    ]
}

const LONG_TESTS: [(&str, f64, f64, usize, &str); 7] = [
    ("6690-2", 0.5, 12.0, 2, "10*3/uL"),
    ("789-8", 2.5, 6.0, 2, "10*6/uL"),
    ("718-7", 6.0, 17.0, 1, "g/dL"),
    ("4544-3", 20.0, 50.0, 1, "%"),
    ("787-2", 70.0, 110.0, 1, "fL"),
    ("777-3", 5.0, 450.0, 0, "10*3/uL"),
    ("751-8", 0.1, 7.0, 2, "10*3/uL"),
];

/// Writes a long (one observation per row) file of `observations` rows,
/// seven tests per draw, unless it exists.
pub fn ensure_long(path: &Path, observations: u64) {
    if path.exists() {
        return;
    }
    eprintln!("generating {} ...", path.display());
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path).expect("create bench file"));
    writeln!(out, "DATE,PATIENT,ENCOUNTER,CODE,VALUE,UNITS").expect("write");
    let mut random = SplitMix(0x4C4F_4E47);
    let draws = observations.div_ceil(LONG_TESTS.len() as u64);
    let patients = draws.div_ceil(DRAWS_PER_PATIENT).max(1);
    let mut written = 0;
    for draw in 0..draws {
        let patient = (draw * 7919) % patients;
        let visit = draw / patients;
        let day = 1 + (visit * 29 + patient % 17) % 28;
        let month = 1 + (visit + patient) % 12;
        for (code, low, high, decimals, unit) in LONG_TESTS {
            if written == observations {
                break;
            }
            writeln!(
                out,
                "2024-{month:02}-{day:02}T{:02}:{:02}:00Z,{patient:08x}-aaaa-bbbb,{draw:08x}-enc,{code},{},{unit}",
                6 + visit % 12,
                (patient * 13) % 60,
                random.value(low, high, decimals)
            )
            .expect("write");
            written += 1;
        }
    }
    out.flush().expect("flush");
}
