//! How a load reads its files: progress for a loading screen, and holding
//! back a line still being written (for `--watch`).

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Options of [`load_with`](super::load_with).
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions<'a> {
    /// Leave out a last line that does not yet end in a newline: the file is
    /// still being written, so that line is incomplete, not wrong.
    pub hold_back_partial_last_line: bool,
    /// Set when a line was held back: whoever holds it back must read the
    /// file again once it is quiet, or the line would never be shown.
    pub held_back: Option<&'a AtomicBool>,
    /// Read a last line without a newline, but warn that it may be cut
    /// short: `--watch` reads it so once the file has been quiet.
    pub warn_unended_last_line: bool,
    /// Bytes read so far, across every file, for a progress display.
    pub progress: Option<&'a AtomicU64>,
}

impl<'a> LoadOptions<'a> {
    /// How `--watch` reloads its files: a line not yet ended is not an
    /// error, and is told to `held_back`.
    pub fn watch(held_back: &'a AtomicBool) -> LoadOptions<'a> {
        LoadOptions {
            hold_back_partial_last_line: true,
            held_back: Some(held_back),
            warn_unended_last_line: false,
            progress: None,
        }
    }

    /// How `--watch` reads its files again once they are quiet after a
    /// line was held back: the line is read, with a warning.
    pub const SETTLED: LoadOptions<'static> = LoadOptions {
        hold_back_partial_last_line: false,
        held_back: None,
        warn_unended_last_line: true,
        progress: None,
    };
}

/// Adds every byte read to a shared counter.
pub struct CountingReader<'a, R> {
    inner: R,
    counter: Option<&'a AtomicU64>,
}

impl<'a, R: Read> CountingReader<'a, R> {
    /// Counts what `inner` yields into `counter`, when there is one.
    pub fn new(inner: R, counter: Option<&'a AtomicU64>) -> Self {
        CountingReader { inner, counter }
    }

    /// The reader counted from.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        if let Some(counter) = self.counter {
            counter.fetch_add(read as u64, Ordering::Relaxed);
        }
        Ok(read)
    }
}

/// Yields the input up to and including its last newline; bytes after it
/// (a line still being written) are never yielded, unless told to yield
/// them all the same (and only say there were some).
pub struct HoldBackPartialLine<'a, R> {
    inner: R,
    /// Told when the input ends with bytes after its last newline.
    held_back: Option<&'a AtomicBool>,
    /// Whether those bytes are held back or yielded.
    hold: bool,
    /// Bytes read but not yet known to be followed by a newline.
    pending: Vec<u8>,
    /// Bytes known complete, waiting to be handed out.
    ready: Vec<u8>,
    ready_from: usize,
    finished: bool,
}

impl<'a, R: Read> HoldBackPartialLine<'a, R> {
    /// Wraps `inner`; `held_back` is set if the input ends with a line
    /// without a newline, which is held back when `hold` is true.
    pub fn new(inner: R, held_back: Option<&'a AtomicBool>, hold: bool) -> Self {
        HoldBackPartialLine {
            inner,
            held_back,
            hold,
            pending: Vec::new(),
            ready: Vec::new(),
            ready_from: 0,
            finished: false,
        }
    }

    /// Reads more until some complete lines are ready or the input ends.
    fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 64 * 1024];
        while self.ready_from == self.ready.len() && !self.finished {
            let read = self.inner.read(&mut chunk)?;
            if read == 0 {
                // What is left has no newline after it: held back.
                self.finished = true;
                if !self.pending.is_empty()
                    && let Some(held_back) = self.held_back
                {
                    held_back.store(true, Ordering::Relaxed);
                }
                if self.hold {
                    self.pending.clear();
                } else {
                    self.ready = std::mem::take(&mut self.pending);
                    self.ready_from = 0;
                }
                break;
            }
            // Only the bytes just read can hold a new line end: searching
            // all that is pending made one long unterminated line quadratic
            // (a 32 MiB line took 6 s).
            let before = self.pending.len();
            self.pending.extend_from_slice(&chunk[..read]);
            if let Some(last) = memchr::memrchr(b'\n', &self.pending[before..]) {
                let rest = self.pending.split_off(before + last + 1);
                self.ready = std::mem::replace(&mut self.pending, rest);
                self.ready_from = 0;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for HoldBackPartialLine<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.fill()?;
        let available = &self.ready[self.ready_from..];
        let count = available.len().min(buffer.len());
        buffer[..count].copy_from_slice(&available[..count]);
        self.ready_from += count;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is read through, and whether a line was held back.
    fn through(text: &[u8]) -> (Vec<u8>, bool) {
        let mut out = Vec::new();
        let held = AtomicBool::new(false);
        HoldBackPartialLine::new(text, Some(&held), true)
            .read_to_end(&mut out)
            .unwrap();
        (out, held.load(Ordering::Relaxed))
    }

    #[test]
    fn a_last_line_without_newline_yielded_when_not_held_is_said_to_be() {
        let mut out = Vec::new();
        let unended = AtomicBool::new(false);
        HoldBackPartialLine::new(ByteAtATime(b"a,b\n1,2\n3,4"), Some(&unended), false)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"a,b\n1,2\n3,4");
        assert!(unended.load(Ordering::Relaxed));
    }

    #[test]
    fn a_last_line_without_newline_is_held_back_and_said_to_be() {
        assert_eq!(through(b"a,b\n1,2\n3,"), (b"a,b\n1,2\n".to_vec(), true));
        assert_eq!(through(b"a,b\n1,2\n"), (b"a,b\n1,2\n".to_vec(), false));
        assert_eq!(through(b"a,b"), (b"".to_vec(), true));
        assert_eq!(through(b""), (b"".to_vec(), false));
    }

    /// A reader that hands out one byte a call: every read ends on a
    /// boundary, so a line end found in earlier bytes must still count.
    struct ByteAtATime<'a>(&'a [u8]);

    impl Read for ByteAtATime<'_> {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buffer[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn lines_split_across_reads_are_held_back_only_at_the_end() {
        let mut out = Vec::new();
        HoldBackPartialLine::new(ByteAtATime(b"a,b\n1,2\n3,4"), None, true)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"a,b\n1,2\n");
    }

    #[test]
    fn counting_reader_counts_every_byte() {
        let counter = AtomicU64::new(0);
        let mut out = Vec::new();
        CountingReader::new(&b"12345"[..], Some(&counter))
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 5);
    }
}
