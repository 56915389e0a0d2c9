//! JSON that cannot drive a terminal: serde_json escapes C0 controls but
//! writes C1 controls (U+0080–U+009F, among them U+009B, a one-character
//! CSI) and the bidirectional overrides as they are. Printed to a terminal,
//! a patient name could still move the cursor or reorder what is read.
//!
//! [`EscapingWriter`] rewrites those characters as `\uXXXX` escapes on the
//! way out. In JSON text they can only occur inside strings (every token
//! outside strings is ASCII), where the escape means the very same
//! character: the document is unchanged for any JSON reader.

use std::io::{self, Write};

/// Passes JSON through, escaping C1 controls and bidi formatting characters.
pub struct EscapingWriter<W: Write> {
    inner: W,
    /// The start of a multi-byte character cut off by the end of a write.
    pending: Vec<u8>,
}

impl<W: Write> EscapingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        EscapingWriter {
            inner,
            pending: Vec::new(),
        }
    }
}

/// An [`EscapingWriter`] behind a buffer, as JSON should be written to
/// it: serde_json writes token by token, and each write checked and passed
/// on alone made a million draws' summary (1.5 GB) take 14 s.
pub fn buffered<W: Write>(inner: W) -> io::BufWriter<EscapingWriter<W>> {
    io::BufWriter::with_capacity(1 << 16, EscapingWriter::new(inner))
}

/// True for the characters a terminal would act on or reorder by.
fn must_escape(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How many bytes the UTF-8 sequence led by `lead` has (1 for anything else).
fn sequence_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

impl<W: Write> Write for EscapingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Most output has none of the lead bytes of what is escaped (C2 for
        // C1, D8 for U+061C, E2 for the rest): pass it straight on.
        if self.pending.is_empty() && !buf.iter().any(|b| matches!(b, 0xC2 | 0xD8 | 0xE2)) {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut out = Vec::with_capacity(bytes.len());
        let mut at = 0;
        while at < bytes.len() {
            let len = sequence_len(bytes[at]);
            if at + len > bytes.len() {
                // A character split across writes: finish it next time.
                self.pending = bytes[at..].to_vec();
                break;
            }
            let chunk = &bytes[at..at + len];
            match std::str::from_utf8(chunk)
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(c) if must_escape(c) => {
                    out.extend_from_slice(format!("\\u{:04x}", u32::from(c)).as_bytes());
                }
                _ => out.extend_from_slice(chunk),
            }
            at += len;
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            // Not UTF-8 after all: pass it on as it came.
            let pending = std::mem::take(&mut self.pending);
            self.inner.write_all(&pending)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&[u8]]) -> String {
        let mut writer = EscapingWriter::new(Vec::new());
        for piece in pieces {
            writer.write_all(piece).unwrap();
        }
        writer.flush().unwrap();
        String::from_utf8(writer.inner).unwrap()
    }

    #[test]
    fn c1_and_bidi_become_escapes_and_the_json_means_the_same() {
        let value = serde_json::json!({"name": "a\u{9b}31m\u{202e}b é µ ✓ 𝄞"});
        let text = serde_json::to_string(&value).unwrap();
        let shown = through(&[text.as_bytes()]);
        assert_eq!(shown, r#"{"name":"a\u009b31m\u202eb é µ ✓ 𝄞"}"#);
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn a_character_split_across_writes_is_still_seen() {
        let bytes = "x\u{9b}y\u{2066}z".as_bytes();
        for cut in 0..bytes.len() {
            let (a, b) = bytes.split_at(cut);
            assert_eq!(through(&[a, b]), r"x\u009by\u2066z", "cut at {cut}");
        }
    }
}
