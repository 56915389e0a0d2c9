//! The export key: the selected patient's HTML report, the same document
//! `hemotrend report --patient ID` writes, into a new file in the current
//! folder; the status bar says where, or why not.

use std::path::Path;

use crate::clinical::Config;
use crate::report::html::{self, ReportStamp};
use crate::safe_text::printable;

use super::app::App;
use super::reload::Notice;

impl App {
    /// Writes the report into the current folder, dated today.
    pub(super) fn export_report(&mut self) {
        let notice = match std::env::current_dir() {
            Ok(dir) => self.export_into((&dir, true), &html::today_utc(), &html::now_utc()),
            Err(error) => Notice {
                text: format!("report not written: no current folder ({error})"),
                warning: true,
            },
        };
        self.notice = Some(notice);
    }

    /// Writes the report into `dir` (`here`: the current folder) as
    /// `hemotrend-<id>-<date>.html` (never over an existing file), stamped
    /// `generated`; what the status bar says.
    pub(super) fn export_into(
        &self,
        (dir, here): (&Path, bool),
        date: &str,
        generated: &str,
    ) -> Notice {
        let Some(patient) = self.selected_patient() else {
            return Notice {
                text: "report not written: no patient selected".to_string(),
                warning: true,
            };
        };
        let config = Config {
            thresholds: self.thresholds.clone(),
            source: self.source.clone(),
        };
        let stamp = ReportStamp {
            generated: Some(generated.to_string()),
        };
        let text = html::html_string(&self.dataset, &config, Some(&[patient]), &stamp);
        match html::write_new_file(dir, &patient.id, date, text.as_bytes()) {
            // The file's name first: a footer too narrow for the folder
            // cuts the folder, never the name that tells one export from
            // the last.
            Ok(path) => Notice {
                text: match (path.file_name(), path.parent()) {
                    // Written where hemotrend was started: `./` says so
                    // before a narrow footer cuts the folder.
                    (Some(name), Some(folder)) if here => {
                        format!(
                            "report ./{} written (the current folder, {})",
                            printable(&name.to_string_lossy()),
                            printable(&folder.display().to_string())
                        )
                    }
                    (Some(name), Some(folder)) => format!(
                        "report {} written in {}",
                        printable(&name.to_string_lossy()),
                        printable(&folder.display().to_string())
                    ),
                    _ => format!(
                        "report written to {}",
                        printable(&path.display().to_string())
                    ),
                },
                warning: false,
            },
            Err(error) => Notice {
                text: format!(
                    "report not written to {}: {error}",
                    printable(&dir.display().to_string())
                ),
                warning: true,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::Thresholds;
    use crate::tui::keys::Action;

    fn app() -> App {
        let dataset = crate::ingest::load_texts(crate::sample::FILES).unwrap();
        App::new(
            dataset,
            Thresholds::default(),
            &crate::tui::theme::NO_COLOR_THEME,
            Some("P001"),
        )
    }

    #[test]
    fn export_writes_a_new_file_each_time_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let app = app();
        let first = app.export_into((dir.path(), false), "2026-01-02", "2026-01-02 10:00 UTC");
        let second = app.export_into((dir.path(), false), "2026-01-02", "2026-01-02 10:00 UTC");
        // Into the current folder, `./` says where before the folder.
        let third = app.export_into((dir.path(), true), "2026-01-02", "2026-01-02 10:00 UTC");
        assert!(
            third.text.starts_with(
                "report ./hemotrend-P001-2026-01-02-2.html written (the current folder, "
            ),
            "{}",
            third.text
        );
        assert!(!first.warning, "{}", first.text);
        let folder = dir.path().display().to_string();
        assert_eq!(
            first.text,
            format!("report hemotrend-P001-2026-01-02.html written in {folder}")
        );
        assert!(
            second
                .text
                .starts_with("report hemotrend-P001-2026-01-02-1.html written in ")
        );
        let html =
            std::fs::read_to_string(dir.path().join("hemotrend-P001-2026-01-02.html")).unwrap();
        assert!(html.contains("<h2>P001 <span class=\"name\">Alder, Maren</span></h2>"));
        assert!(!html.contains("<h2>P002"), "only the selected patient");
    }

    #[test]
    fn an_unwritable_folder_is_said_as_a_warning() {
        let app = app();
        let notice = app.export_into(
            (Path::new("/nonexistent/folder"), false),
            "2026-01-02",
            "2026-01-02 10:00 UTC",
        );
        assert!(notice.warning);
        assert!(
            notice
                .text
                .starts_with("report not written to /nonexistent/folder")
        );
    }

    #[test]
    fn e_asks_for_the_export_on_the_dashboard_only() {
        use crate::tui::keys::{Mode, action_for};
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE);
        assert_eq!(action_for(&e, Mode::Normal), Some(Action::ExportReport));
        assert_eq!(action_for(&e, Mode::Filter), Some(Action::FilterChar('e')));
    }
}
