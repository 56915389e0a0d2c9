//! Text output bound for a terminal, made unable to drive it: used for
//! `summary --format csv` when standard output is a terminal. The CSV
//! writer quotes fields but keeps their characters, so a patient name
//! holding `ESC ] 0 ;` would retitle the window. Piped or redirected, the
//! CSV is written exactly; on a terminal every control character but the
//! line break is shown as `text::printable` shows it (`\u{1b}`).

use std::io::{self, Write};

/// Passes text through, escaping what [`crate::safe_text::printable`] escapes,
/// line breaks excepted.
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// Bytes of a character cut off by the end of a write.
    pending: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        TerminalSafe {
            inner,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, text: &str) -> io::Result<()> {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.inner.write_all(b"\n")?;
            }
            self.inner
                .write_all(crate::safe_text::printable(line).as_bytes())?;
        }
        Ok(())
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            // A character cut at the end waits for its rest.
            Err(error) if error.error_len().is_none() => error.valid_up_to(),
            // Not UTF-8: shown as replacement characters, never raw.
            Err(_) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                self.emit(&text)?;
                return Ok(buf.len());
            }
        };
        self.pending = bytes.split_off(valid);
        let text = String::from_utf8(bytes).unwrap_or_default();
        self.emit(&text)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.emit(&rest)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_escaped_and_lines_kept_even_when_split() {
        let text = "id,name\nE1,\"a\u{1b}]0;x\u{7}\u{9b}\u{202e}é\"\n";
        let bytes = text.as_bytes();
        for cut in 0..bytes.len() {
            let mut safe = TerminalSafe::new(Vec::new());
            safe.write_all(&bytes[..cut]).unwrap();
            safe.write_all(&bytes[cut..]).unwrap();
            safe.flush().unwrap();
            assert_eq!(
                String::from_utf8(safe.inner).unwrap(),
                "id,name\nE1,\"a\\u{1b}]0;x\\u{7}\\u{9b}\\u{202e}é\"\n",
                "cut at {cut}"
            );
        }
    }
}
