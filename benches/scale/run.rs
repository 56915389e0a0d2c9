//! Runs the measured commands as child processes, so each one's peak memory
//! (`ru_maxrss` from `wait4`) is its own.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Medians of alternating runs of the bare pass and of `summary`.
pub struct Measurement {
    pub bytes: u64,
    pub runs: usize,
    pub bare_median: f64,
    pub summary_median: f64,
    pub bare_peak_kb: i64,
    pub summary_peak_kb: i64,
    /// polars read_csv + group_by + sort, when python3 has polars (wide files).
    pub polars_median: Option<f64>,
}

/// The bare record pass: the csv crate reading every record, nothing else.
pub fn bare_pass(path: &Path) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .expect("open bench file");
    let mut record = csv::ByteRecord::new();
    let mut fields = 0usize;
    while reader.read_byte_record(&mut record).expect("read") {
        fields += record.len();
    }
    println!("{fields}");
}

/// What this benchmark binary prints when run again with `args`.
pub fn in_child(args: &[&str]) -> String {
    let output = Command::new(std::env::current_exe().expect("own path"))
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs the bare pass and `hemotrend summary --format csv` alternately.
pub fn measure_alternately(path: &Path, runs: usize, with_polars: bool) -> Measurement {
    let own = std::env::current_exe().expect("own path");
    let hemotrend = env!("CARGO_BIN_EXE_hemotrend");
    let mut bare = Vec::new();
    let mut summary = Vec::new();
    let mut polars = Vec::new();
    let with_polars = with_polars && polars_available();
    let (mut bare_peak, mut summary_peak) = (0, 0);
    for _ in 0..runs {
        let mut command = Command::new(&own);
        command.arg("--bare-pass").arg(path);
        let (seconds, peak) = timed(&mut command);
        bare.push(seconds);
        bare_peak = bare_peak.max(peak);

        let mut command = Command::new(hemotrend);
        command.args(["summary", "--format", "csv"]).arg(path);
        let (seconds, peak) = timed(&mut command);
        summary.push(seconds);
        summary_peak = summary_peak.max(peak);

        if with_polars {
            let (seconds, _) = timed(&mut polars_command(path));
            polars.push(seconds);
        }
    }
    Measurement {
        bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
        runs,
        bare_median: median(&mut bare),
        summary_median: median(&mut summary),
        bare_peak_kb: bare_peak,
        summary_peak_kb: summary_peak,
        polars_median: (!polars.is_empty()).then(|| median(&mut polars)),
    }
}

const POLARS_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/scale/polars_pass.py");

fn polars_command(path: &Path) -> Command {
    let mut command = Command::new("python3");
    command
        .arg(POLARS_SCRIPT)
        .arg(path)
        .env("POLARS_MAX_THREADS", "2");
    command
}

fn polars_available() -> bool {
    Command::new("python3")
        .args(["-c", "import polars"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Wall seconds and peak resident kilobytes of one child run.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, to read its rusage"
)]
fn timed(command: &mut Command) -> (f64, i64) {
    let start = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: `rusage` is plain old data that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, with valid pointers.
    let waited = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let seconds = start.elapsed().as_secs_f64();
    assert!(waited > 0, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed with status {status}"
    );
    (seconds, usage.ru_maxrss)
}

/// One command's runs: median wall seconds and the largest peak (KiB).
pub struct Timing {
    pub median: f64,
    pub peak_kb: i64,
    /// Every run's seconds, in the order run.
    pub all: Vec<f64>,
}

/// Runs each command once per round, `runs` rounds, in the order given
/// (so that the machine's moods fall on all of them alike).
pub fn alternate(commands: &mut [Command], runs: usize) -> Vec<Timing> {
    let mut seconds = vec![Vec::new(); commands.len()];
    let mut peaks = vec![0; commands.len()];
    for _ in 0..runs {
        for (index, command) in commands.iter_mut().enumerate() {
            let (wall, peak) = timed(command);
            seconds[index].push(wall);
            peaks[index] = peaks[index].max(peak);
        }
    }
    seconds
        .into_iter()
        .zip(peaks)
        .map(|(mut all, peak_kb)| {
            let in_order = all.clone();
            Timing {
                median: median(&mut all),
                peak_kb,
                all: in_order,
            }
        })
        .collect()
}

/// This benchmark binary run again with `args` (a bare pass).
pub fn own_command(args: &[&std::ffi::OsStr]) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("own path"));
    command.args(args);
    command
}

/// `hemotrend summary --format csv PATH`.
pub fn summary_command(path: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hemotrend"));
    command.args(["summary", "--format", "csv"]).arg(path);
    command
}

/// `hemotrend summary PATH`: the table, the format a user gets unasked.
pub fn summary_table_command(path: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hemotrend"));
    command.arg("summary").arg(path);
    command
}

/// The polars lazy scan of a MIMIC-shaped file: filter on the CBC itemids,
/// group by subject, sort (`polars_pass.py --mimic`), on two threads.
pub fn polars_mimic_command(path: &Path, itemids: &[u32]) -> Command {
    let mut command = polars_command(path);
    let list: Vec<String> = itemids.iter().map(u32::to_string).collect();
    command.arg("--mimic").arg(list.join(","));
    command
}

/// The bare decompression: the gzip file inflated by flate2 (the inflate
/// library hemotrend uses) into a buffer, nothing else.
pub fn bare_inflate(path: &Path) {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("open bench file");
    let mut decoder =
        flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(256 * 1024, file));
    let mut buffer = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let read = decoder.read(&mut buffer).expect("inflate");
        if read == 0 {
            break;
        }
        total += read as u64;
    }
    println!("{total}");
}

/// Whether python3 can import polars (said once when it cannot).
pub fn polars_importable() -> bool {
    polars_available()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// CPU model and core count, from /proc, for the record.
pub fn machine_description() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{model}, {cores} cores available")
}
