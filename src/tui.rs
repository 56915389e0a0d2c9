//! The dashboard: a patient list, trend charts, the cumulative table and the
//! severity panel, driven by the keyboard.
//!
//! [`App`] holds the state and [`App::update`] changes it; drawing is
//! `impl Widget for &App`, a pure function of the state, so whole screens are
//! tested on ratatui's `TestBackend`. All terminal code lives under this
//! module; the core never imports it.

mod app;
mod chart_data;
mod chart_lines;
mod charts;
mod events_axis;
mod export;
mod format;
mod help;
mod insight_view;
mod keys;
mod layout;
mod loading;
mod mouse;
mod patient_list;
mod patient_view;
mod rejections;
mod reload;
mod restore;
mod roster;
mod series_index;
mod severity_panel;
mod signals;
mod status;
mod table;
mod theme;
mod timeline;
mod transfused;
mod watch;
mod wrap;

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use ratatui::DefaultTerminal;

use crate::clinical::Config;
use crate::ingest::LoadOptions;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use self::loading::Loaded;
use self::signals::{Request, Signals};

pub use app::App;
pub use chart_data::{Window, downsample};
pub use keys::{Action, BINDINGS, Binding, Key, Mode, action_for, footer_hints};
pub use layout::{MIN_HEIGHT, MIN_WIDTH, Pane};
pub use mouse::{MOUSE_HELP, mouse_action};
pub use reload::{Notice, Reload};
pub use roster::SortKey;
pub use signals::request_for as signal_request;
pub use theme::{LIGHT_THEME, NO_COLOR_THEME, THEME, Theme, ThemeName};
pub use watch::{Stopped, Watch};

/// How long the loop waits for a key before looking for a reload or a
/// signal: short enough that either shows at once.
const TICK: std::time::Duration = std::time::Duration::from_millis(100);

/// Why the dashboard could not run, for the command line to report (it
/// alone turns errors into exit codes).
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    /// Files that cannot be used.
    #[error("{0}")]
    Unusable(crate::ingest::LoadError),
    /// `--patient ID` names no patient with a draw: the id, and how many
    /// rejections of the files are theirs (every row of theirs refused).
    #[error("{}", no_patient_words(.0, *.1))]
    NoPatient(String, usize),
    /// Standard input or output is not a terminal.
    #[error("the dashboard needs a terminal; for text output use `hemotrend summary` (see --help)")]
    NoTerminal,
    /// The signal handlers could not be installed.
    #[error("cannot install signal handlers: {0}")]
    Signals(io::Error),
    /// `--watch` could not watch the files.
    #[error("cannot watch the files: {0}")]
    Watch(notify::Error),
    /// The terminal failed while the dashboard ran.
    #[error("terminal error: {0}")]
    Terminal(io::Error),
}

/// Why `--patient ID` finds no one: an id the files never name, or a
/// patient whose every row was rejected (the files do name them).
pub fn no_patient_words(id: &str, rejected: usize) -> String {
    let shown = crate::safe_text::printable(id);
    match rejected {
        0 => format!("no patient with id \"{shown}\""),
        rejected => format!(
            "no draw of patient \"{shown}\": {} of theirs; `hemotrend check --patient {shown}` lists {}",
            crate::safe_text::counted(rejected as u64, "rejection"),
            if rejected == 1 { "it" } else { "them" }
        ),
    }
}

/// The default command: loads the paths (or the bundled sample data) on
/// another thread while the alternate screen shows its progress, then runs
/// the dashboard there; the screen is restored on quit, on error and on
/// panic, and load errors print normally once it is. Without a terminal the
/// data are loaded first, so that their errors are reported as they always
/// were. Under `--watch` the files are reloaded as they change.
pub fn run_dashboard(
    paths: &[PathBuf],
    patient: Option<&str>,
    config: Config,
    watch: bool,
    theme: ThemeName,
) -> Result<(), DashboardError> {
    // Keys come from standard input, or from the terminal itself when
    // standard input is the data (`-`: crossterm reads /dev/tty then).
    let keys_from_tty =
        paths.iter().any(|path| path.as_os_str() == "-") && std::fs::File::open("/dev/tty").is_ok();
    if !io::stdout().is_terminal() || !(io::stdin().is_terminal() || keys_from_tty) {
        let dataset = crate::ingest::load_named(paths, &LoadOptions::default())
            .map_err(DashboardError::Unusable)?;
        if let Some(id) = patient
            && dataset.find_patient(id).is_none()
        {
            let rejected = dataset.report().count_of(id).0;
            return Err(DashboardError::NoPatient(id.to_string(), rejected));
        }
        return Err(DashboardError::NoTerminal);
    }
    let theme = Theme::chosen(theme, std::env::var_os("NO_COLOR").as_deref());
    let signals = Signals::install().map_err(DashboardError::Signals)?;
    let watch = if watch {
        match Watch::start(
            paths,
            config.thresholds.clone(),
            patient.map(str::to_string),
        ) {
            Ok(watch) => Some(watch),
            Err(error) => return Err(DashboardError::Watch(error)),
        }
    } else {
        None
    };
    let only = patient.map(str::to_string);
    let (thresholds, source) = (config.thresholds, config.source);
    // The first load reads the files as they are, as `summary` does: a last
    // line without a newline is the file's last row (under `--watch`, the
    // reloads hold such a line back while the file is being written).
    let background = loading::Background::start(paths, patient, false, move |dataset| {
        App::new(dataset, thresholds, theme, only.as_deref()).with_config_source(source)
    });
    let outcome = ratatui::run(|terminal| {
        // The panic hook first: it also turns the mouse off.
        restore::install_panic_hook();
        execute!(io::stdout(), EnableMouseCapture)?;
        let outcome = match background.wait(terminal, theme, &signals)? {
            Some(Loaded::Ready(app)) => {
                app.run_with(terminal, watch, Some(&signals)).map(|()| None)
            }
            Some(other) => Ok(Some(other)),
            None => Ok(None),
        };
        execute!(io::stdout(), DisableMouseCapture)?;
        outcome
    });
    match outcome {
        Ok(None | Some(Loaded::Ready(_))) => Ok(()),
        Ok(Some(Loaded::Failed(error))) => Err(DashboardError::Unusable(error)),
        Ok(Some(Loaded::NoPatient(id, rejected))) => Err(DashboardError::NoPatient(id, rejected)),
        Err(error) => Err(DashboardError::Terminal(error)),
    }
}

impl App {
    /// Takes in one terminal event; true when the screen may have changed.
    fn handle(&mut self, event: Event, debug_panic: bool) -> bool {
        match event {
            Event::Key(key) if key.is_press() => {
                // Debug builds only: a deliberate crash, for the test that
                // the terminal survives one.
                if debug_panic {
                    #[allow(
                        clippy::panic,
                        reason = "the test that a crash restores the terminal needs one"
                    )]
                    {
                        panic!("deliberate panic ({key:?}): the terminal must be restored");
                    }
                }
                if let Some(action) = action_for(&key, self.mode()) {
                    self.update(action);
                }
                true
            }
            // A move or a release changes nothing on screen: no redraw for
            // every motion the terminal reports.
            Event::Mouse(mouse) => match mouse_action(&mouse, self.mode()) {
                Some(action) => {
                    self.update(action);
                    true
                }
                None => false,
            },
            Event::Resize(width, height) => {
                self.update(Action::Resize(width, height));
                true
            }
            _ => true,
        }
    }
}

/// Does what a signal asks: exit with the terminal restored, or suspend,
/// or take the terminal again after a stop.
fn obey(request: Request, terminal: &mut DefaultTerminal, signals: &Signals) -> io::Result<()> {
    match request {
        Request::Exit(status) => {
            restore::restore();
            std::process::exit(i32::from(status));
        }
        Request::Suspend => {
            suspend(terminal)?;
            // Our own SIGTSTP and the SIGCONT of `fg`: already done.
            signals.clear();
            Ok(())
        }
        Request::Resume => resume(terminal),
    }
}

/// Gives the terminal back to the shell as it was (raw mode off, the
/// alternate screen left, the mouse off, the cursor shown), stops, and once
/// continued takes it again and redraws everything.
fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    restore::restore();
    signals::stop_process_group()?;
    resume(terminal)
}

/// Takes the terminal again after a stop: raw mode, the alternate screen,
/// the mouse, and a full redraw (the shell has written over the screen).
fn resume(terminal: &mut DefaultTerminal) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        Clear(ClearType::All)
    )?;
    // Not `terminal.clear()`: it asks the terminal where the cursor is and
    // waits for the answer. An empty frame makes ratatui's last frame match
    // the cleared screen, so the next draw writes every cell.
    terminal.draw(|_| {})?;
    Ok(())
}

impl App {
    /// Runs the dashboard until the user quits: draw, wait for a key or a
    /// resize, update. Blocking reads: the data do not change underneath.
    pub fn run(self, terminal: &mut DefaultTerminal) -> io::Result<()> {
        self.run_watching(terminal, None)
    }

    /// [`App::run`], taking in the reloads of `watch` as they come.
    pub fn run_watching(
        self,
        terminal: &mut DefaultTerminal,
        watch: Option<Watch>,
    ) -> io::Result<()> {
        self.run_with(terminal, watch, None)
    }

    /// The event loop: keys, the mouse and resizes go through
    /// [`App::update`]; reloads of `watch` are taken in; what `signals`
    /// ask for is done (see [`signals`]). The loop waits for an event at
    /// most [`TICK`] before looking for a reload or a signal.
    fn run_with(
        mut self,
        terminal: &mut DefaultTerminal,
        watch: Option<Watch>,
        signals: Option<&Signals>,
    ) -> io::Result<()> {
        restore::install_panic_hook();
        let debug_panic = restore::debug_panic_requested();
        if let Some(watch) = &watch {
            let paths = match watch.paths() {
                1 => "1 path".to_string(),
                n => format!("{n} paths"),
            };
            self.notice = Some(Notice {
                text: format!("watching {paths} for changes"),
                warning: false,
            });
        }
        let size = terminal.size()?;
        self.update(Action::Resize(size.width, size.height));
        let mut dirty = true;
        while !self.should_quit() {
            if dirty {
                terminal.draw(|frame| frame.render_widget(&self, frame.area()))?;
                dirty = false;
            }
            if let Some(signals) = signals
                && let Some(request) = signals.take()
            {
                obey(request, terminal, signals)?;
                dirty = true;
            }
            // Nothing else changes between events: block on them when
            // neither a watch nor a signal needs looking at.
            let blocking = watch.is_none() && signals.is_none();
            if blocking || event::poll(TICK)? {
                dirty |= self.handle(event::read()?, debug_panic);
            }
            if self.take_suspend() {
                match signals {
                    Some(signals) => obey(Request::Suspend, terminal, signals)?,
                    None => suspend(terminal)?,
                }
                dirty = true;
            }
            if let Some(watch) = &watch {
                match watch.try_next() {
                    Ok(Some(reload)) => {
                        self.reload(reload);
                        dirty = true;
                    }
                    Ok(None) => {}
                    Err(Stopped) => {
                        return Err(io::Error::other("the watch on the files stopped"));
                    }
                }
            }
        }
        Ok(())
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(plan) = layout::plan(area, self.focus, self.detail) else {
            let text = format!(
                "Terminal too small: {}x{}. hemotrend needs at least {MIN_WIDTH}x{MIN_HEIGHT}. \
                 Enlarge the window, or press q to quit.",
                area.width, area.height
            );
            Paragraph::new(Line::styled(text, self.theme.warning))
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        };
        status::render_header(self, plan.header, buf);
        if let Some(list) = plan.list {
            patient_list::render(self, list, buf);
        }
        if let Some(trends) = plan.trends {
            charts::render(self, trends, buf);
        }
        if let Some(table) = plan.table {
            table::render(self, table, buf);
        }
        if let Some(severity) = plan.severity {
            severity_panel::render(self, severity, buf);
        }
        status::render_footer(self, plan.footer, buf);
        match self.mode {
            Mode::Help => help::render(self, area, buf),
            Mode::Rejections => rejections::render(self, area, buf),
            Mode::Insight => insight_view::render(self, area, buf),
            Mode::Normal | Mode::Filter => {}
        }
    }
}
