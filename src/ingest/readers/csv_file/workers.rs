//! A large file read by a few workers, each doing every step: it reads
//! the next piece of the file (inflating it, for a gzip file), parses a
//! piece, and merges whatever pieces are ready in file order. No thread only
//! reads, inflates or merges: with such a thread beside a parser per core,
//! the two cores ran three busy threads, and each hand-off woke a thread
//! that then waited for a core while the other stood idle (a fifth of a
//! large load). A worker reads ahead when the input is free, so that the
//! next worker finds a piece ready rather than waiting for the reader; and
//! it goes on reading, a few pieces in a turn, while the others take what
//! it reads: a gzip file's load waits on its inflate, which stood idle
//! whenever both workers were parsing (a tenth of the load, and about 7 %
//! once the reader reads in turns).

use std::collections::{BTreeMap, VecDeque};
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, TryLockError};

use crate::ingest::csv_record::Splitter;

use super::blocks::{Blocks, Piece};
use super::parse::{ParsedChunk, Plan};
use super::{CHUNK_SIZE, Merger, Stop, long_chunk};

/// Pieces read ahead of the workers, at most.
const READ_AHEAD: usize = 2;
/// Pieces one worker reads in a turn, at most, before it parses the one
/// it took (which the merge then waits for).
const READ_TURN: usize = 4;
/// Buffers of parsed pieces kept to be read into again, at most.
const SPARE_BUFFERS: usize = 8;

/// The file being read, and how far.
struct Input<'b, R> {
    blocks: &'b mut Blocks<R>,
    /// The last piece was read, or reading failed.
    done: bool,
    /// Why reading failed.
    failure: Option<Stop>,
}

/// Pieces read and not yet handed to a worker, in file order.
struct Ready {
    pieces: VecDeque<Piece>,
    /// Pieces handed out so far: the next one's number.
    taken: u64,
    /// No piece will come: the end was handed out, or reading failed.
    finished: bool,
}

/// The merge in file order.
struct Merging<'l, 'p> {
    merger: Merger<'l, 'p>,
    /// The number of the next piece to merge.
    next: u64,
    /// Why merging stopped.
    failure: Option<Stop>,
}

/// What the workers share. Locks are taken in this order: `input`, then
/// `read`; no worker waits for `input` while it holds `read`.
struct Shared<'b, 'l, 'p, R> {
    input: Mutex<Input<'b, R>>,
    read: Mutex<Ready>,
    /// Signalled when a piece is read or merged, or reading ends.
    read_changed: Condvar,
    /// Buffers of parsed pieces, to be read into again.
    spares: Mutex<Vec<Vec<u8>>>,
    /// Parsed pieces waiting for their turn, by number.
    parsed: Mutex<BTreeMap<u64, ParsedChunk>>,
    merging: Mutex<Merging<'l, 'p>>,
    /// Pieces merged: [`Merging::next`], readable without its lock.
    merged: AtomicU64,
    failed: AtomicBool,
    /// Parsed chunks merged, to be parsed into again.
    pool: Mutex<Vec<ParsedChunk>>,
    /// Pieces taken but not merged, at most: bounds the memory in flight.
    in_flight: u64,
    plan: Plan<'p>,
    wanted: Vec<usize>,
}

/// Reads the rest of the file with `workers` threads (this one among them),
/// after the pieces `ahead`; returns the rows read.
pub(super) fn read_with_workers<R: Read + Send>(
    merger: Merger<'_, '_>,
    blocks: &mut Blocks<R>,
    ahead: VecDeque<Piece>,
    plan: Plan<'_>,
    workers: usize,
    in_flight: u64,
) -> Result<u64, Stop> {
    let shared = Shared::new(merger, blocks, ahead, plan, in_flight);
    std::thread::scope(|scope| {
        for _ in 1..workers {
            scope.spawn(|| shared.work());
        }
        shared.work();
    });
    let input = shared.input.into_inner().unwrap_or_else(|p| p.into_inner());
    let merging = shared
        .merging
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    match (input.failure, merging.failure) {
        (Some(stop), _) | (None, Some(stop)) => Err(stop),
        (None, None) => Ok(merging.merger.finish()),
    }
}

/// Marks the read failed when a worker panics, so that the others stop
/// rather than wait for ever for the piece it held (the panic then reaches
/// the caller when the scope ends).
struct PanicStop<'s, 'b, 'l, 'p, R>(&'s Shared<'b, 'l, 'p, R>);

impl<R> Shared<'_, '_, '_, R> {
    /// Marks the read failed and wakes the workers waiting for room.
    fn fail(&self) {
        self.failed.store(true, Ordering::Release);
        self.wake_takers();
    }

    /// Wakes workers waiting for room in flight or for a piece. The lock
    /// of what was read is taken first, so that none is between its check
    /// and its wait.
    fn wake_takers(&self) {
        drop(lock(&self.read));
        self.read_changed.notify_all();
    }
}

impl<R> Drop for PanicStop<'_, '_, '_, '_, R> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.fail();
        }
    }
}

/// A lock, even if a thread panicked holding it (the panic reaches the
/// caller when the scope ends).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<'b, 'l, 'p, R: Read + Send> Shared<'b, 'l, 'p, R> {
    fn new(
        merger: Merger<'l, 'p>,
        blocks: &'b mut Blocks<R>,
        ahead: VecDeque<Piece>,
        plan: Plan<'p>,
        in_flight: u64,
    ) -> Self {
        Shared {
            input: Mutex::new(Input {
                blocks,
                done: false,
                failure: None,
            }),
            read: Mutex::new(Ready {
                pieces: ahead,
                taken: 0,
                finished: false,
            }),
            read_changed: Condvar::new(),
            spares: Mutex::new(Vec::new()),
            parsed: Mutex::new(BTreeMap::new()),
            merging: Mutex::new(Merging {
                merger,
                next: 0,
                failure: None,
            }),
            merged: AtomicU64::new(0),
            failed: AtomicBool::new(false),
            pool: Mutex::new(Vec::new()),
            in_flight,
            plan,
            wanted: plan.shape.read_columns(),
        }
    }

    /// One worker: take, parse, merge, until nothing is left.
    fn work(&self) {
        let _stops_the_others_if_it_panics = PanicStop(self);
        let mut splitter = Splitter::default();
        while let Some((number, piece)) = self.take() {
            let parsed = match piece {
                Piece::Chunk { buffer, len } => {
                    let mut parsed = lock(&self.pool).pop().unwrap_or_default();
                    parsed.parse_into(&buffer[..len], self.plan, &mut splitter);
                    let mut spares = lock(&self.spares);
                    if spares.len() < SPARE_BUFFERS {
                        spares.push(buffer);
                    }
                    parsed
                }
                Piece::Long {
                    empty_lines,
                    record,
                } => long_chunk(empty_lines, &record, self.plan),
                Piece::End => break,
            };
            lock(&self.parsed).insert(number, parsed);
            self.merge_ready();
        }
    }

    /// The next piece and its number, once few enough are in flight;
    /// `None` when nothing is left or reading or merging failed. Pieces
    /// are read ahead for the next takers when the input is free.
    fn take(&self) -> Option<(u64, Piece)> {
        loop {
            let read = self
                .read_changed
                .wait_while(lock(&self.read), |read| {
                    !read.finished
                        && !self.failed.load(Ordering::Acquire)
                        && read.taken - self.merged.load(Ordering::Acquire) >= self.in_flight
                })
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if read.finished || self.failed.load(Ordering::Acquire) {
                return None;
            }
            let mut read = read;
            if let Some(piece) = read.pieces.pop_front() {
                if matches!(piece, Piece::End) {
                    read.finished = true;
                    drop(read);
                    // Workers waiting for room would wait for ever.
                    self.read_changed.notify_all();
                    return None;
                }
                let number = read.taken;
                read.taken += 1;
                let few = read.pieces.len() < READ_AHEAD;
                drop(read);
                if few && let Ok(input) = self.input.try_lock() {
                    self.read_turn(input);
                }
                return Some((number, piece));
            }
            drop(read);
            // Nothing read: read a piece, unless another worker is reading
            // one (it is there once this one has the input).
            self.read_turn(lock(&self.input));
        }
    }

    /// Reads the next pieces into those ready, until [`READ_AHEAD`] are
    /// ready or [`READ_TURN`] are read.
    fn read_turn(&self, mut input: MutexGuard<'_, Input<'b, R>>) {
        for _ in 0..READ_TURN {
            if input.done || lock(&self.read).pieces.len() >= READ_AHEAD {
                return;
            }
            for spare in lock(&self.spares).drain(..) {
                input.blocks.recycle(spare);
            }
            let piece = match input.blocks.next(CHUNK_SIZE, &self.wanted) {
                Ok(piece) => piece,
                Err(error) => {
                    input.failure = Some(Stop::Io(error));
                    Piece::End
                }
            };
            input.done = matches!(piece, Piece::End);
            lock(&self.read).pieces.push_back(piece);
            self.read_changed.notify_all();
        }
    }

    /// Merges the parsed pieces that are next in file order, unless another
    /// worker is merging (which then merges them too).
    fn merge_ready(&self) {
        loop {
            let mut merging = match self.merging.try_lock() {
                Ok(merging) => merging,
                Err(TryLockError::WouldBlock) => return,
                Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            };
            loop {
                let next = merging.next;
                let Some(parsed) = lock(&self.parsed).remove(&next) else {
                    break;
                };
                if let Err(stop) = merging.merger.merge(&parsed) {
                    merging.failure = Some(stop);
                    self.fail();
                    return;
                }
                merging.next += 1;
                self.merged.store(merging.next, Ordering::Release);
                lock(&self.pool).push(parsed);
                self.wake_takers();
            }
            let next = merging.next;
            drop(merging);
            // A piece made ready while this worker held the merge, by a
            // worker that then found it busy, is merged here.
            if !lock(&self.parsed).contains_key(&next) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io;

    use crate::ingest::assembler::RowLog;
    use crate::ingest::load_bytes;
    use crate::model::{Analyte, Decimal};

    use super::super::read_file;
    use super::*;

    /// The bytes given, then an error instead of their end.
    struct BreaksAfter<'a>(&'a [u8]);

    impl io::Read for BreaksAfter<'_> {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("the disk went away"));
            }
            let count = buffer.len().min(self.0.len()).min(40);
            buffer[..count].copy_from_slice(&self.0[..count]);
            self.0 = &self.0[count..];
            Ok(count)
        }
    }

    /// Rows of seven patients in turn, a minute apart; each platelet count
    /// is the row's number.
    fn wide_file(rows: usize) -> Vec<u8> {
        let mut file = b"patient_id,collected_at,plt,hgb\n".to_vec();
        for row in 0..rows {
            let (hour, minute) = (row / 60, row % 60);
            let line = format!("P{},2024-01-05T{hour:02}:{minute:02},{row},12.5\n", row % 7);
            file.extend_from_slice(line.as_bytes());
        }
        file
    }

    #[test]
    fn a_read_failing_anywhere_makes_the_file_unusable_without_hanging() {
        let file = wide_file(120);
        for cut in (40..file.len()).step_by(37) {
            let mut log = RowLog::default();
            let outcome = read_file(&mut log, "broken.csv", BreaksAfter(&file[..cut]));
            let problem = outcome.expect_err("a read error is no end of file");
            assert!(problem.0.contains("the disk went away"), "{}", problem.0);
        }
    }

    /// A worker panics while another waits for room that only the first
    /// one's piece would have made; true when the waiting one gave up.
    fn waiter_gives_up_when_a_worker_panics() -> bool {
        let headers = ["patient_id", "collected_at", "plt"].map(String::from);
        let shape = crate::ingest::shape::plan(&headers).unwrap();
        let plan = Plan {
            headers: &headers,
            shape: &shape,
        };
        let mut log = RowLog::default();
        let merger = Merger {
            log: &mut log,
            file: 0,
            plan,
            line: 2,
            rows: 0,
            header_line: 1,
            other_header: None,
            unread_tests: crate::ingest::unread_tests::UnreadTests::default(),
        };
        let mut blocks = Blocks::new(&b"P1,2024-01-05,20\n"[..]);
        let shared = Shared::new(merger, &mut blocks, VecDeque::new(), plan, 1);
        // One piece taken and never merged: no room.
        lock(&shared.read).taken = 1;
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| shared.take().is_none());
            let panicked = scope.spawn(|| {
                let _stop = PanicStop(&shared);
                panic!("a parser bug");
            });
            assert!(panicked.join().is_err());
            waiter.join().unwrap() && shared.failed.load(Ordering::Acquire)
        })
    }

    #[test]
    fn a_worker_that_panics_stops_the_others_waiting_for_room() {
        let (sender, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || sender.send(waiter_gives_up_when_a_worker_panics()));
        // Not a timing: the answer comes at once, or never (a deadlock),
        // and a minute tells the two apart without hanging the tests.
        let gave_up = outcome.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(gave_up, Ok(true), "the waiting worker waits for ever");
    }

    /// Each patient's id, and each draw's time and values, in order.
    fn contents(dataset: &crate::model::Dataset) -> Vec<String> {
        dataset
            .patients()
            .iter()
            .flat_map(|patient| {
                let draws = dataset.draws(patient);
                let lines: Vec<String> = draws
                    .iter()
                    .map(|draw| format!("{} {:?} {:?}", patient.id, draw.time, draw.values))
                    .collect();
                lines
            })
            .collect()
    }

    #[test]
    fn a_gzip_file_inflated_by_the_workers_gives_what_its_text_gives() {
        use std::io::Write;
        let file = wide_file(500);
        // Two members, cut inside a record.
        let mut packed = Vec::new();
        for part in [&file[..777], &file[777..]] {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(part).unwrap();
            packed.extend(encoder.finish().unwrap());
        }
        let plain = load_bytes(&[("many.csv", &file)]).unwrap();
        let inflated = load_bytes(&[("many.csv.gz", &packed)]).unwrap();
        assert_eq!(inflated.report().rows_read, 500);
        assert_eq!(contents(&inflated), contents(&plain));
        // Cut short: unreadable, never a shorter dataset.
        let cut = &packed[..packed.len() - 9];
        assert!(load_bytes(&[("cut.csv.gz", cut)]).is_err());
    }

    #[test]
    fn every_row_of_many_chunks_is_merged_once() {
        let file = wide_file(500);
        let dataset = load_bytes(&[("many.csv", &file)]).unwrap();
        assert_eq!(dataset.report().rows_read, 500);
        assert_eq!(dataset.patients().len(), 7);
        for patient in dataset.patients() {
            let first: u32 = patient.id[1..].parse().unwrap();
            let counts: Vec<Decimal> = dataset
                .draws(patient)
                .iter()
                .filter_map(|draw| draw.values.reading(Analyte::Plt))
                .map(|reading| reading.amount)
                .collect();
            let rows: Vec<Decimal> = (first..500)
                .step_by(7)
                .map(|row| Decimal::lit(row, 0))
                .collect();
            assert_eq!(counts, rows, "{}", patient.id);
        }
    }
}
