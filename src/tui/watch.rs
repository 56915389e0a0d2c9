//! `--watch`: the files are read again when they change, on a thread of
//! their own, so the dashboard never stalls on a large file.
//!
//! The folders holding the files are watched (not the files), so a file
//! that is deleted, replaced by an editor's rename, or created again is
//! seen. A burst of writes is taken as one change: the reload starts once
//! the files have been quiet for [`QUIET`], or [`LONGEST_WAIT`] into a
//! burst that does not stop. A last line still being written is held back
//! until its newline arrives, or until the files have been quiet for
//! [`SETTLE`]: then it is read as the file's last row, with a warning that
//! a line still being written would be cut short.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
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
    _watcher: Arc<Mutex<RecommendedWatcher>>,
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

/// What the watch looks at: the files named and those a load reads, with
/// the targets of links among them; the folders named and those the files
/// read sit in (MIMIC-IV's `hosp/`): any file in them counts, as loading
/// reads every `*.csv` and `*.json` there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Targets {
    files: BTreeSet<PathBuf>,
    folders: BTreeSet<PathBuf>,
}

impl Targets {
    fn of(paths: &[PathBuf]) -> Targets {
        let mut targets = Targets::default();
        let read = ingest::files_read(paths);
        for path in paths.iter().filter(|path| path.as_os_str() != "-") {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            if absolute.is_dir() {
                targets.folders.insert(absolute);
            } else {
                targets.add_file(absolute);
            }
        }
        for file in read {
            let absolute = std::path::absolute(&file).unwrap_or(file);
            if let Some(parent) = absolute.parent() {
                targets.folders.insert(parent.to_path_buf());
            }
            targets.add_file(absolute);
        }
        // A folder named is watched through its own folder too, so that a
        // folder put in its place (`mv new labs`) is seen.
        targets
    }

    /// A file, and the file a link leads to.
    fn add_file(&mut self, file: PathBuf) {
        if let Ok(target) = std::fs::canonicalize(&file)
            && target != file
        {
            self.files.insert(target);
        }
        self.files.insert(file);
    }

    /// The folders to watch: the folders named or read from, those holding
    /// the files, and those holding the folders (where a folder is put in
    /// another's place).
    fn watched(&self) -> BTreeSet<PathBuf> {
        let parents = self
            .files
            .iter()
            .chain(&self.folders)
            .filter_map(|path| path.parent().map(Path::to_path_buf));
        self.folders.iter().cloned().chain(parents).collect()
    }

    /// True when the event touches a file that is loaded (or may be), or
    /// a folder read from as a whole (moved away, or another in its place).
    fn concerns(&self, event: &Event) -> bool {
        changes_content(&event.kind)
            && event.paths.iter().any(|path| {
                self.files.contains(path)
                    || self.folders.contains(path)
                    || path.parent().is_some_and(|p| self.folders.contains(p))
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
        // Shared with the reloads, which watch again what each load read
        // (a folder put in another's place is a new folder to watch); only
        // the dashboard's handle keeps it alive.
        let watcher = Arc::new(Mutex::new(watcher));
        let rewatch = Arc::downgrade(&watcher);
        let (send, reloads) = mpsc::channel();
        let paths_owned = paths.to_vec();
        thread::Builder::new()
            .name("hemotrend-watch".into())
            .spawn(move || {
                reload_loop(&events, &send, targets, |_, hold_back| {
                    let held_back = AtomicBool::new(false);
                    let options = if hold_back {
                        LoadOptions::watch(&held_back)
                    } else {
                        LoadOptions::SETTLED
                    };
                    let loaded = ingest::load_with(&paths_owned, &options);
                    let reload = Reload::from_load(loaded, &thresholds, only.as_deref());
                    let targets = Targets::of(&paths_owned);
                    if let Some(watcher) = rewatch.upgrade()
                        && let Ok(mut watcher) = watcher.lock()
                    {
                        // A folder gone since is no error: the next load
                        // says what cannot be read.
                        for folder in targets.watched() {
                            let _ = watcher.watch(&folder, RecursiveMode::NonRecursive);
                        }
                    }
                    Loaded {
                        reload,
                        held_back: held_back.load(Ordering::Relaxed),
                        targets,
                    }
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

/// What one reload gives the loop.
struct Loaded<T> {
    reload: T,
    /// A line was held back: read again once quiet.
    held_back: bool,
    /// What to watch from now on (what this load read).
    targets: Targets,
}

/// Waits for a change to the targets, lets the burst settle, reloads
/// (holding back a line not yet ended), and sends the result; until the
/// dashboard hangs up or the events stop. `load(count, hold_back)` gives
/// the reload, whether it held a line back (if it did and the files stay
/// quiet for [`SETTLE`], they are read again whole) and what to watch.
fn reload_loop<T>(
    events: &Receiver<notify::Result<Event>>,
    send: &Sender<T>,
    mut targets: Targets,
    mut load: impl FnMut(usize, bool) -> Loaded<T>,
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
        let loaded = load(count, hold_back);
        settle_at = loaded.held_back.then(|| Instant::now() + SETTLE);
        targets = loaded.targets;
        if send.send(loaded.reload).is_err() {
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
        // The folder named itself, moved away or replaced by another.
        assert!(concerns(EventKind::Create(CreateKind::Folder), "/exports"));
        assert!(!concerns(EventKind::Create(CreateKind::Folder), "/other"));
        // `/` holds `/exports`: where another folder takes its place.
        assert_eq!(
            t.watched().into_iter().collect::<Vec<_>>(),
            [
                PathBuf::from("/"),
                PathBuf::from("/d"),
                PathBuf::from("/exports")
            ]
        );
    }

    #[test]
    fn a_burst_of_events_is_one_reload_and_others_are_ignored() {
        let (events_in, events) = mpsc::channel();
        let (send, results) = mpsc::channel();
        let worker = thread::spawn(move || {
            reload_loop(&events, &send, targets(), |n, _| Loaded {
                reload: n,
                held_back: false,
                targets: targets(),
            });
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
            reload_loop(&events, &send, targets(), |n, hold_back| Loaded {
                reload: (n, hold_back),
                held_back: hold_back,
                targets: targets(),
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

    /// What a load reads is watched: MIMIC-IV's `hosp/` under the folder
    /// named, and the file a link leads to (a change to either went unseen).
    #[test]
    fn the_files_a_load_reads_are_watched_with_the_targets_of_links() {
        let root = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(root.path()).unwrap();
        let hosp = root.join("mimic").join("hosp");
        std::fs::create_dir_all(&hosp).unwrap();
        std::fs::write(hosp.join("labevents.csv"), "x").unwrap();
        std::fs::create_dir(root.join("mimic").join("icu")).unwrap();
        let mimic = Targets::of(&[root.join("mimic")]);
        assert!(mimic.watched().contains(&hosp));
        assert!(mimic.files.contains(&hosp.join("labevents.csv")));

        std::fs::create_dir(root.join("other")).unwrap();
        std::fs::write(root.join("other").join("real.csv"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("other").join("real.csv"), root.join("link.csv"))
            .unwrap();
        let linked = Targets::of(&[root.join("link.csv")]);
        assert!(linked.files.contains(&root.join("other").join("real.csv")));
        assert!(linked.watched().contains(&root.join("other")));
    }
}
