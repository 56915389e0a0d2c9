//! A panic anywhere while the dashboard runs must leave a usable terminal:
//! raw mode off, the alternate screen left, the mouse off, the cursor shown, and the panic
//! message printed where the clinician can read it and report it.

use std::io;

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::DisableMouseCapture;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{LeaveAlternateScreen, disable_raw_mode};

/// Wraps the panic hook in force (ratatui's, which restores raw mode and the
/// screen but not the cursor) with one that restores everything first, so
/// the message it then prints lands on the normal screen, in cooked mode.
///
/// A panic on any thread (the file watcher's too) runs the hook.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Puts the terminal back as the shell left it; errors are ignored, since
/// there is nothing better to do while panicking.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
}

/// The environment variable that, in debug builds only, makes the first key
/// press panic: how the end-to-end test proves the terminal is restored.
#[cfg(debug_assertions)]
pub const DEBUG_PANIC_VAR: &str = "HEMOTREND_DEBUG_PANIC";

/// True when this debug build was asked to panic on the first key.
/// Release builds have no such switch.
pub fn debug_panic_requested() -> bool {
    #[cfg(debug_assertions)]
    {
        std::env::var_os(DEBUG_PANIC_VAR).is_some_and(|value| !value.is_empty())
    }
    #[cfg(not(debug_assertions))]
    {
        false
    }
}
