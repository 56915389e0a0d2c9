//! `--watch`: the files are read again when they change, on a thread of
//! their own, so the dashboard never stalls on a large file.
//!
//! The folders holding the files are watched (not the files), so a file
//! that is deleted, replaced by an editor's rename, or created again is
//! seen. A burst of writes is taken as one change: the reload starts once
//! the files have been quiet for [`QUIET`], or [`LONGEST_WAIT`] into a
//! burst that does not stop. A last line still being written is held back
//! until its newline arrives, or until the files have been quiet for
//! [`SETTLE`]: then it is the file's last row, and is read as one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::clinical::Thresholds;
use crate::ingest::{self, LoadOptions};

use super::reload::Reload;

/// Quiet time that ends a burst of writes.
pub const QUIET: Duration = Duration::from_millis(200);
/// A burst that never goes quiet still reloads this often.
pub const LONGEST_WAIT: Duration = Duration::from_secs(2);
/// Quiet time after a reload that held a last line back, after which the
/// files are read again with that line: a file that ends without a newline
/// is not being written for ever.
pub const SETTLE: Duration = Duration::from_secs(2);

/// The watch on the files: reloads arrive on [`Watch::try_next`]. Dropping
/// it stops the watching; the thread ends with it.
pub struct Watch {
    reloads: Receiver<Reload>,
    /// Kept alive: dropping the watcher stops the events.
    _watcher: RecommendedWatcher,
    /// How many paths were named.
    paths: usize,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch").field("paths", &self.paths).finish()
    }
}

/// The watch has stopped: its thread ended (it panicked) or the watcher
/// failed. The dashboard must not go on as if the data were live.
#[derive(Debug)]
pub struct Stopped;

/// What the watch looks at: the files named, and the folders named (any
/// file in them counts, as loading reads every `*.csv` and `*.json` there).
#[derive(Clone, Debug, Default)]
struct Targets {
    files: BTreeSet<PathBuf>,
    folders: BTreeSet<PathBuf>,
}

impl Targets {
    fn of(paths: &[PathBuf]) -> Targets {
        let mut targets = Targets::default();
        for path in paths {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            if absolute.is_dir() {
                targets.folders.insert(absolute);
            } else {
                targets.files.insert(absolute);
            }
        }
        targets
    }

    /// The folders to watch: the folders named and those holding the files.
    fn watched(&self) -> BTreeSet<PathBuf> {
        let parents = self
            .files
            .iter()
            .filter_map(|file| file.parent().map(Path::to_path_buf));
        self.folders.iter().cloned().chain(parents).collect()
    }

    /// True when the event touches a file that is loaded (or may be).
    fn concerns(&self, event: &Event) -> bool {
        changes_content(&event.kind)
            && event.paths.iter().any(|path| {
                self.files.contains(path) || path.parent().is_some_and(|p| self.folders.contains(p))
            })
    }
}

/// Writes, creations, removals, renames and permission changes; not the
/// opens and reads that loading itself causes.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Any
        | EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Other => true,
    }
}

impl Watch {
    /// Starts watching `paths`; each reload is read with `thresholds`, for
    /// the patient `only` when given.
    pub fn start(
        paths: &[PathBuf],
        thresholds: Thresholds,
        only: Option<String>,
    ) -> notify::Result<Watch> {
        let targets = Targets::of(paths);
        let (events_in, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(events_in)?;
        for folder in targets.watched() {
            watcher.watch(&folder, RecursiveMode::NonRecursive)?;
        }
        let (send, reloads) = mpsc::channel();
        let paths_owned = paths.to_vec();
        thread::Builder::new()
            .name("hemotrend-watch".into())
            .spawn(move || {
                reload_loop(&events, &send, &targets, |_, hold_back| {
                    let held_back = AtomicBool::new(false);
                    let options = if hold_back {
                        LoadOptions::watch(&held_back)
                    } else {
                        LoadOptions::default()
                    };
                    let loaded = ingest::load_with(&paths_owned, &options);
                    let reload = Reload::from_load(loaded, &thresholds, only.as_deref());
                    (reload, held_back.load(Ordering::Relaxed))
                });
            })
            .map_err(|error| notify::Error::generic(&error.to_string()))?;
        Ok(Watch {
            reloads,
            _watcher: watcher,
            paths: paths.len(),
        })
    }

    /// How many paths are watched.
    pub fn paths(&self) -> usize {
        self.paths
    }

    /// The next reload, if one is ready; never blocks.
    pub fn try_next(&self) -> Result<Option<Reload>, Stopped> {
        match self.reloads.try_recv() {
            Ok(reload) => Ok(Some(reload)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(Stopped),
        }
    }
}

/// Waits for a change to the targets, lets the burst settle, reloads
/// (holding back a line not yet ended), and sends the result; until the
/// dashboard hangs up or the events stop. `load(count, hold_back)` gives
/// the reload and whether it held a line back; if it did and the files stay
/// quiet for [`SETTLE`], they are read again whole.
fn reload_loop<T>(
    events: &Receiver<notify::Result<Event>>,
    send: &Sender<T>,
    targets: &Targets,
    mut load: impl FnMut(usize, bool) -> (T, bool),
) {
    let mut count = 0;
    // When a line was held back: when to read it if nothing changes.
    let mut settle_at: Option<Instant> = None;
    loop {
        let event = match settle_at {
            Some(at) => match events.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(event) => Some(event),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            },
            None => match events.recv() {
                Ok(event) => Some(event),
                Err(_) => return,
            },
        };
        let hold_back = match event {
            // Quiet since a line was held back: the file ends there.
            None => false,
            Some(Ok(event)) if targets.concerns(&event) => {
                let burst = Instant::now();
                loop {
                    match events.recv_timeout(QUIET) {
                        Ok(_) if burst.elapsed() < LONGEST_WAIT => continue,
                        Ok(_) | Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                true
            }
            Some(_) => continue,
        };
        count += 1;
        let (reload, held_back) = load(count, hold_back);
        settle_at = held_back.then(|| Instant::now() + SETTLE);
        if send.send(reload).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RemoveKind};

    fn event(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(PathBuf::from(path)))
    }

    fn targets() -> Targets {
        Targets {
            files: [PathBuf::from("/d/a.csv")].into(),
            folders: [PathBuf::from("/exports")].into(),
        }
    }

    #[test]
    fn only_changes_to_what_is_loaded_count() {
        let t = targets();
        let concerns = |kind, path| t.concerns(&event(kind, path).unwrap());
        assert!(concerns(EventKind::Modify(ModifyKind::Any), "/d/a.csv"));
        assert!(concerns(EventKind::Remove(RemoveKind::File), "/d/a.csv"));
        assert!(concerns(
            EventKind::Create(CreateKind::File),
            "/exports/new.csv"
        ));
        assert!(!concerns(
            EventKind::Modify(ModifyKind::Any),
            "/d/other.csv"
        ));
        assert!(!concerns(
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            "/d/a.csv"
        ));
        assert!(concerns(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "/d/a.csv"
        ));
        assert_eq!(
            t.watched().into_iter().collect::<Vec<_>>(),
            [PathBuf::from("/d"), PathBuf::from("/exports")]
        );
    }

    #[test]
    fn a_burst_of_events_is_one_reload_and_others_are_ignored() {
        let (events_in, events) = mpsc::channel();
        let (send, results) = mpsc::channel();
        let worker = thread::spawn(move || {
            reload_loop(&events, &send, &targets(), |n, _| (n, false));
        });
        let modify = |path| event(EventKind::Modify(ModifyKind::Any), path);
        events_in.send(modify("/d/b.csv")).unwrap();
        for _ in 0..5 {
            events_in.send(modify("/d/a.csv")).unwrap();
        }
        // Blocks until the burst has settled: one reload for six events.
        assert_eq!(results.recv().unwrap(), 1);
        events_in.send(modify("/d/b.csv")).unwrap();
        drop(events_in);
        worker.join().unwrap();
        assert_eq!(results.try_iter().count(), 0, "b.csv is not watched");
    }

    #[test]
    fn a_reload_that_held_a_line_back_is_followed_by_one_that_reads_it_once_quiet() {
        let (events_in, events) = mpsc::channel();
        let (send, results) = mpsc::channel();
        let worker = thread::spawn(move || {
            // The first reload holds a line back; the next reads it.
            reload_loop(&events, &send, &targets(), |n, hold_back| {
                ((n, hold_back), hold_back)
            });
        });
        events_in
            .send(event(EventKind::Modify(ModifyKind::Any), "/d/a.csv"))
            .unwrap();
        assert_eq!(results.recv().unwrap(), (1, true));
        // No change comes: after SETTLE the files are read whole.
        assert_eq!(results.recv().unwrap(), (2, false));
        drop(events_in);
        worker.join().unwrap();
        assert_eq!(results.try_iter().count(), 0, "then it waits for changes");
    }
}
