//! A gzip file inflated on a thread of its own, a few chunks ahead of a
//! reader that parses on one thread (an OMOP measurement table, a patient
//! table): decompression then overlaps with parsing. The CSV reader's
//! workers inflate as they read instead, in turns with parsing
//! (`readers::csv_file::workers`): beside them, a thread of its own is a
//! third busy thread on two cores.
//!
//! The thread ends when the stream does, when it fails (the error is handed
//! on, so a damaged file is unreadable, never short), or when the reader is
//! dropped. A thread that stops without saying why is an error too.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};

use super::gzip_members::GzipMembers;

/// Bytes of decompressed text per chunk handed over.
const CHUNK: usize = if cfg!(test) { 7 } else { 256 * 1024 };
/// Chunks inflated ahead of the reader, at most.
const AHEAD: usize = 4;
/// Compressed bytes read at a time.
const COMPRESSED_BUFFER: usize = 1 << 16;

/// What the inflating thread says.
enum Message {
    /// `len` bytes of text in the buffer, and the compressed bytes read so far.
    Chunk(Vec<u8>, usize, u64),
    /// The stream ended; the compressed bytes read in all.
    End(u64),
    /// Inflating failed.
    Failed(io::Error),
}

/// The text of a gzip stream, inflated on another thread.
pub struct Inflating<'a> {
    chunks: Receiver<Message>,
    /// Buffers read, handed back to be filled again.
    spares: SyncSender<Vec<u8>>,
    current: Vec<u8>,
    len: usize,
    at: usize,
    finished: bool,
    /// Where the compressed bytes read are counted, and how many were.
    counter: Option<&'a AtomicU64>,
    counted: u64,
}

impl<'a> Inflating<'a> {
    /// Starts inflating `compressed` (a gzip stream, every member of it);
    /// the compressed bytes read are added to `counter` as the text they
    /// gave is handed out, but for the first `counted` (counted already).
    pub fn start(
        compressed: impl Read + Send + 'static,
        counter: Option<&'a AtomicU64>,
        counted: u64,
    ) -> io::Result<Inflating<'a>> {
        let (send, chunks) = sync_channel(AHEAD);
        let (spares, spare_buffers) = sync_channel(AHEAD + 2);
        std::thread::Builder::new()
            .name("inflate".into())
            .spawn(move || inflate(compressed, &send, &spare_buffers))?;
        Ok(Inflating {
            chunks,
            spares,
            current: Vec::new(),
            len: 0,
            at: 0,
            finished: false,
            counter,
            counted,
        })
    }

    fn count(&mut self, compressed: u64) {
        if let Some(counter) = self.counter {
            counter.fetch_add(compressed.saturating_sub(self.counted), Ordering::Relaxed);
        }
        self.counted = self.counted.max(compressed);
    }
}

/// The thread: inflates chunk after chunk until the end, a failure, or a
/// reader that is gone.
fn inflate(compressed: impl Read, chunks: &SyncSender<Message>, spare_buffers: &Receiver<Vec<u8>>) {
    let read = Arc::new(AtomicU64::new(0));
    let counted = Counted {
        inner: compressed,
        read: Arc::clone(&read),
    };
    let mut decoder = GzipMembers::new(BufReader::with_capacity(COMPRESSED_BUFFER, counted));
    loop {
        let mut buffer = match spare_buffers.try_recv() {
            Ok(buffer) => buffer,
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => vec![0; CHUNK],
        };
        let mut filled = 0;
        let ended = loop {
            match decoder.read(&mut buffer[filled..]) {
                Ok(0) => break Ok(true),
                Ok(read) => {
                    filled += read;
                    if filled == buffer.len() {
                        break Ok(false);
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => break Err(error),
            }
        };
        let so_far = read.load(Ordering::Relaxed);
        let ended = match ended {
            Ok(ended) => ended,
            Err(error) => {
                let _ = chunks.send(Message::Failed(super::explain_gzip(error)));
                return;
            }
        };
        if filled > 0 && chunks.send(Message::Chunk(buffer, filled, so_far)).is_err() {
            // The reader is gone.
            return;
        }
        if ended {
            let _ = chunks.send(Message::End(so_far));
            return;
        }
    }
}

/// Counts the compressed bytes read, for the progress shown.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.read.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

impl BufRead for Inflating<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.at == self.len && !self.finished {
            let used = std::mem::take(&mut self.current);
            if !used.is_empty() {
                // A full channel: the thread makes a new one.
                let _ = self.spares.try_send(used);
            }
            (self.len, self.at) = (0, 0);
            match self.chunks.recv() {
                Ok(Message::Chunk(buffer, len, compressed)) => {
                    self.current = buffer;
                    self.len = len;
                    self.count(compressed);
                }
                Ok(Message::End(compressed)) => {
                    self.finished = true;
                    self.count(compressed);
                }
                Ok(Message::Failed(error)) => return Err(error),
                Err(_) => {
                    return Err(io::Error::other(
                        "the gzip stream's decompression stopped before its end",
                    ));
                }
            }
        }
        Ok(&self.current[self.at..self.len])
    }

    fn consume(&mut self, amount: usize) {
        self.at = (self.at + amount).min(self.len);
    }
}

impl Read for Inflating<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let count = available.len().min(buffer.len());
        buffer[..count].copy_from_slice(&available[..count]);
        self.consume(count);
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::gzip;
    use super::*;

    #[test]
    fn every_member_is_read_and_every_compressed_byte_counted() {
        let text: Vec<u8> = (0..5_000)
            .flat_map(|n| format!("{n},x\n").into_bytes())
            .collect();
        let mut file = gzip(&text[..1234]);
        file.extend(gzip(&text[1234..]));
        let counter = AtomicU64::new(0);
        let mut out = Vec::new();
        Inflating::start(io::Cursor::new(file.clone()), Some(&counter), 0)
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, text);
        assert_eq!(counter.load(Ordering::Relaxed), file.len() as u64);
    }

    #[test]
    fn a_truncated_stream_is_an_error_not_a_short_text() {
        let whole = gzip(&b"patient,date,plt\n".repeat(1000));
        let cut = &whole[..whole.len() - 9];
        let mut out = Vec::new();
        let outcome = Inflating::start(io::Cursor::new(cut.to_vec()), None, 0)
            .unwrap()
            .read_to_end(&mut out);
        let error = outcome.expect_err(&format!("read {} bytes without an error", out.len()));
        assert!(
            error
                .to_string()
                .starts_with("the gzip data stops before its end: the file is cut short"),
            "{error}"
        );
    }

    #[test]
    fn a_reader_dropped_early_stops_the_thread() {
        let text = b"a,b\n".repeat(100_000);
        let mut reader = Inflating::start(io::Cursor::new(gzip(&text)), None, 0).unwrap();
        let mut first = [0u8; 3];
        reader.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"a,b");
        drop(reader);
    }
}
