//! The screen shown while a load runs on another thread: what is read, how
//! far it has got, and how to cancel. Its first frame comes at once, whatever
//! the size of the files.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyModifiers};

use crate::ingest::{self, LoadError, LoadOptions};
use crate::model::Dataset;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Widget};

use super::theme::Theme;

/// What the loading screen shows.
#[derive(Clone, Copy, Debug)]
pub struct Loading<'a> {
    /// What is loaded, as the command line named it.
    pub what: &'a str,
    /// Bytes read so far.
    pub read: u64,
    /// Bytes to read in all (0 when unknown).
    pub total: u64,
    /// Time since the load started.
    pub elapsed: Duration,
    /// Colours.
    pub theme: &'a Theme,
}

/// What the loading thread hands over.
pub enum Loaded<T> {
    /// The dashboard, ready to run.
    Ready(T),
    /// No file could be used.
    Failed(LoadError),
    /// `--patient ID` names no patient of the data.
    NoPatient(String, usize),
}

/// A load running on its own thread, with its progress.
pub struct Background<T> {
    what: String,
    read: Arc<AtomicU64>,
    total: u64,
    started: Instant,
    outcome: Receiver<Loaded<T>>,
}

impl<T: Send + 'static> Background<T> {
    /// Starts loading `paths` (none: the bundled sample data) and, once
    /// loaded, making the dashboard with `build`; the patient `only` must be
    /// in the data.
    pub fn start(
        paths: &[PathBuf],
        only: Option<&str>,
        hold_back_partial_last_line: bool,
        build: impl FnOnce(Dataset) -> T + Send + 'static,
    ) -> Background<T> {
        let read = Arc::new(AtomicU64::new(0));
        let (sender, outcome) = mpsc::channel();
        let (paths, only, counter) = (paths.to_vec(), only.map(str::to_string), Arc::clone(&read));
        let what = match paths.as_slice() {
            [] => "the bundled sample data".to_string(),
            [one] => one.display().to_string(),
            [first, rest @ ..] => format!("{} and {} more", first.display(), rest.len()),
        };
        let total = ingest::input_size(&paths);
        std::thread::spawn(move || {
            let options = LoadOptions {
                progress: Some(&counter),
                hold_back_partial_last_line,
                held_back: None,
                warn_unended_last_line: false,
            };
            let loaded = ingest::load_named(&paths, &options);
            let handed = match (loaded, only) {
                (Err(error), _) => Loaded::Failed(error),
                (Ok(dataset), Some(id)) if dataset.find_patient(&id).is_none() => {
                    let rejected = dataset.report().count_of(&id).0;
                    Loaded::NoPatient(id, rejected)
                }
                (Ok(dataset), _) => {
                    // Warnings found in bulk are worded here, off the
                    // screen's thread, or the first look at the list (`r`)
                    // would wait for them.
                    let _ = dataset.report().warnings.as_slice();
                    Loaded::Ready(build(dataset))
                }
            };
            // The screen may have been left (cancelled): nobody to tell.
            let _ = sender.send(handed);
        });
        Background {
            what,
            read,
            total,
            started: Instant::now(),
            outcome,
        }
    }

    /// Shows the loading screen until the load ends; `None` when the user
    /// cancels (q or Ctrl-C). A signal is obeyed here too: a long
    /// load can be killed or suspended like the dashboard.
    pub fn wait(
        self,
        terminal: &mut DefaultTerminal,
        theme: &Theme,
        signals: &super::Signals,
    ) -> io::Result<Option<Loaded<T>>> {
        loop {
            if let Some(request) = signals.take() {
                super::obey(request, terminal, signals)?;
            }
            terminal.draw(|frame| {
                let screen = Loading {
                    what: &self.what,
                    read: self.read.load(Ordering::Relaxed),
                    total: self.total,
                    elapsed: self.started.elapsed(),
                    theme,
                };
                frame.render_widget(screen, frame.area());
            })?;
            // Waiting on the load rather than on the keyboard: the dashboard
            // comes as soon as the load ends (a key waits up to 50 ms).
            match self.outcome.recv_timeout(Duration::from_millis(50)) {
                Ok(loaded) => return Ok(Some(loaded)),
                // The thread ended without a word: only a panic does that.
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(io::Error::other("the load stopped unexpectedly"));
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            if event::poll(Duration::ZERO)?
                && let Event::Key(key) = event::read()?
                && key.is_press()
            {
                let control = key.modifiers.contains(KeyModifiers::CONTROL);
                // Esc never quits, here as on the dashboard.
                match key.code {
                    KeyCode::Char('c') if control => return Ok(None),
                    KeyCode::Char('q') => return Ok(None),
                    KeyCode::Char('z') if control => {
                        super::obey(super::Request::Suspend, terminal, signals)?;
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Bytes as megabytes with one decimal, the way the benchmark writes them.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

impl Widget for Loading<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let block = Block::bordered()
            .title(Line::styled(" hemotrend ", theme.heading))
            .border_style(theme.border);
        let inner = block.inner(area);
        block.render(area, buf);
        let [_, title, gauge, detail, _, hint, _] = inner.layout(&Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        let what = crate::safe_text::printable(self.what);
        Paragraph::new(Line::from(vec![
            Span::styled("Loading ", theme.heading),
            Span::raw(what.into_owned()),
        ]))
        .centered()
        .render(title, buf);
        let [_, bar, _] = gauge.layout(&Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Percentage(60),
            Constraint::Fill(1),
        ]));
        let read = if self.total > 0 {
            self.read.min(self.total)
        } else {
            self.read
        };
        let ratio = if self.total > 0 {
            read as f64 / self.total as f64
        } else {
            0.0
        };
        let label = if self.total > 0 {
            format!(
                "{} of {} ({:.0}%)",
                megabytes(read),
                megabytes(self.total),
                ratio * 100.0
            )
        } else {
            megabytes(read)
        };
        Gauge::default()
            .gauge_style(theme.focus)
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label)
            .render(bar, buf);
        let seconds = self.elapsed.as_secs_f64();
        let stage = if self.total > 0 && read >= self.total {
            "merging draws and grading every patient"
        } else {
            "reading rows"
        };
        Paragraph::new(Line::styled(format!("{stage} · {seconds:.1} s"), theme.dim))
            .centered()
            .render(detail, buf);
        Paragraph::new(Line::styled("q or Ctrl-C cancels", theme.dim))
            .centered()
            .render(hint, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::THEME;

    fn screen(read: u64, total: u64) -> String {
        let area = Rect::new(0, 0, 60, 12);
        let mut buf = Buffer::empty(area);
        Loading {
            what: "exports/cbc.csv",
            read,
            total,
            elapsed: Duration::from_millis(1500),
            theme: &THEME,
        }
        .render(area, &mut buf);
        (0..area.height)
            .map(|y| {
                (0..area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn shows_what_is_read_how_far_and_how_to_cancel() {
        let text = screen(48_000_000, 96_000_000);
        assert!(text.contains("Loading exports/cbc.csv"), "{text}");
        assert!(text.contains("48.0 MB of 96.0 MB (50%)"), "{text}");
        assert!(text.contains("reading rows · 1.5 s"), "{text}");
        assert!(text.contains("q or Ctrl-C cancels"), "{text}");
        let done = screen(96_000_000, 96_000_000);
        assert!(done.contains("merging draws"), "{done}");
        let unknown = screen(5_000_000, 0);
        assert!(unknown.contains("5.0 MB"), "{unknown}");
    }
}
