//! Lines of a summary made in blocks of patients on every core, and
//! handed on in order: 100,000 patients' lines are made in parallel but
//! written as one file, holding a few blocks at most.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Mutex, mpsc};

/// Patients per block of lines made on one thread.
pub const BLOCK: usize = 2048;

/// The blocks of `len` patients: `0..len` cut into runs of [`BLOCK`].
pub fn count(len: usize) -> usize {
    len.div_ceil(BLOCK)
}

/// The patients of block `index` among `len`.
pub fn range(index: usize, len: usize) -> std::ops::Range<usize> {
    sized_range(index, len, BLOCK)
}

/// The patients of block `index` among `len`, in blocks of `size`.
pub fn sized_range(index: usize, len: usize, size: usize) -> std::ops::Range<usize> {
    (index * size).min(len)..((index + 1) * size).min(len)
}

/// Makes `make(0)`, ..., `make(blocks - 1)` on every core and hands each
/// to `take` in that order; the first error `take` returns ends it.
pub fn in_order<T: Send>(
    blocks: usize,
    make: impl Fn(usize) -> T + Sync,
    mut take: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if blocks <= 1 || threads == 1 {
        return (0..blocks).try_for_each(|index| take(make(index)));
    }
    let (work_sender, work) = mpsc::sync_channel::<usize>(threads);
    let work = Mutex::new(work);
    let (done_sender, done) = mpsc::channel::<(usize, T)>();
    std::thread::scope(|scope| {
        // Owned here, so that any way out of this closure ends the threads.
        let work_sender = work_sender;
        for _ in 0..threads {
            let (work, done_sender, make) = (&work, done_sender.clone(), &make);
            scope.spawn(move || {
                loop {
                    let job = work
                        .lock()
                        .map_err(|_| ())
                        .and_then(|w| w.recv().map_err(|_| ()));
                    let Ok(index) = job else { break };
                    if done_sender.send((index, make(index))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_sender);
        let (mut sent, mut taken) = (0, 0);
        let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
        while taken < blocks {
            while sent < blocks && sent - taken < 2 * threads {
                if work_sender.send(sent).is_err() {
                    break;
                }
                sent += 1;
            }
            if let Some(made) = waiting.remove(&taken) {
                take(made)?;
                taken += 1;
                continue;
            }
            let Ok((index, made)) = done.recv() else {
                break;
            };
            waiting.insert(index, made);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_handed_on_in_order_whatever_order_they_are_made_in() {
        let mut taken = Vec::new();
        in_order(
            50,
            |index| {
                // Early blocks take longest, so that later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros(((50 - index) * 20) as u64));
                index
            },
            |index| {
                taken.push(index);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(taken, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn an_error_while_taking_ends_the_run() {
        let mut taken = 0;
        let result = in_order(
            100,
            |index| index,
            |index| {
                taken += 1;
                if index == 3 {
                    Err(io::Error::other("full"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(result.is_err());
        assert_eq!(taken, 4);
    }

    #[test]
    fn ranges_cover_every_patient_once() {
        let len = 2 * BLOCK + 5;
        let covered: Vec<usize> = (0..count(len)).flat_map(|i| range(i, len)).collect();
        assert_eq!(covered, (0..len).collect::<Vec<_>>());
    }
}
