//! The `config` command: the configuration in force, or the defaults, as a
//! commented TOML file.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::clinical::{Config, render_config};

use super::finish_output;

/// The configuration in force as a file, headed by where it came from.
/// The theme, when `--theme` or the file chose one, is written as the
/// file's `theme` key.
pub(super) fn describe_in_force(config: &Config, theme: Option<crate::tui::ThemeName>) -> String {
    let changes = config.changes();
    let changed = if changes.is_empty() {
        "no number differs from docs/clinical.md".to_string()
    } else {
        format!("changed from docs/clinical.md: {}", changes.join(", "))
    };
    let mut rendered = render_config(&config.thresholds);
    if let Some(theme) = theme {
        let line = format!("theme = \"{}\"", theme.name());
        rendered = rendered.replacen(crate::clinical::THEME_LINE, &line, 1);
    }
    // The path comes from outside (the command line, $XDG_CONFIG_HOME).
    format!(
        "# In force: {}; {changed}.\n{rendered}",
        crate::safe_text::printable(&config.source.describe()),
    )
}

/// Runs `config`: prints the file.
pub(super) fn run_config(text: &str) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let written = stdout.write_all(text.as_bytes());
    finish_output(written.and_then(|()| stdout.flush()), ExitCode::SUCCESS)
}
