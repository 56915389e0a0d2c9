//! Writing a report to a new file: the dashboard's export names it
//! `hemotrend-<id>-<date>.html` and never overwrites one (a suffix `-1`,
//! `-2`... is added); `report --output` never overwrites either.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::CivilTime;

/// How many suffixes are tried before giving up.
const ATTEMPTS: u32 = 1000;

/// `hemotrend-<id>-<date>.html`, with `-<n>` before the extension from the
/// second attempt on; characters of the id that a file name should not hold
/// (`/`, spaces, controls...) become `_`.
pub fn export_file_name(id: &str, date: &str, attempt: u32) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    let suffix = if attempt == 0 {
        String::new()
    } else {
        format!("-{attempt}")
    };
    format!("hemotrend-{safe}-{date}{suffix}.html")
}

/// Writes `bytes` to a new file in `dir` named by [`export_file_name`],
/// trying the next suffix while a file of that name exists (created
/// atomically: a file made meanwhile is never overwritten); the path.
pub fn write_new_file(dir: &Path, id: &str, date: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    for attempt in 0..ATTEMPTS {
        let path = dir.join(export_file_name(id, date, attempt));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(bytes)?;
                file.flush()?;
                return Ok(path);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{ATTEMPTS} report files of this name already exist"),
    ))
}

fn now() -> CivilTime {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    CivilTime::from_unix_seconds(seconds)
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let c = now();
    format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
}

/// Now in UTC, `YYYY-MM-DD HH:MM UTC`, for the report's stamp.
pub fn now_utc() -> String {
    let c = now();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        c.year, c.month, c.day, c.hour, c.minute
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_suffixed() {
        assert_eq!(
            export_file_name("P001", "2026-12-02", 0),
            "hemotrend-P001-2026-12-02.html"
        );
        assert_eq!(
            export_file_name("../a b", "2026-12-02", 2),
            "hemotrend-_a_b-2026-12-02-2.html"
        );
    }

    #[test]
    fn an_existing_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_new_file(dir.path(), "P1", "2026-01-02", b"one").unwrap();
        let second = write_new_file(dir.path(), "P1", "2026-01-02", b"two").unwrap();
        assert_eq!(first.file_name().unwrap(), "hemotrend-P1-2026-01-02.html");
        assert_eq!(
            second.file_name().unwrap(),
            "hemotrend-P1-2026-01-02-1.html"
        );
        assert_eq!(std::fs::read(first).unwrap(), b"one");
        assert_eq!(std::fs::read(second).unwrap(), b"two");
    }
}
