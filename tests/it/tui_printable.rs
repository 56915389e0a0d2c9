//! Text from the input never reaches the terminal raw: every id, name, file
//! name, rejection reason and configuration path is drawn through
//! `text::printable`. Every screen of a dashboard over hostile text is
//! scanned; a drawing path that forgets fails here, because ratatui drops a
//! bare ESC (leaving `]0;pwned` without the visible `\u{1b}` before it) and
//! passes a bidirectional override straight through.

use hemotrend::clinical::{ConfigSource, Thresholds};
use hemotrend::ingest::{LoadError, UnusableFile};
use hemotrend::tui::{Action, App, Reload, THEME};

/// A window-title sequence, a clear-screen, a cursor move, a C1 CSI and a
/// right-to-left override, in the ids, the name, a cell and the file name
/// (an id holding controls is a rejected row, shown in its reason).
const HOSTILE: &str = "patient_id,name,sex,collected_at,plt,anc,hgb\n\
E1\u{202e},Evil\u{1b}[2JName\u{1b}[5;5HMove\u{9b}31mRed\u{202e}x,F,2024-01-01,45,0.4,9\n\
E1\u{202e},Evil\u{1b}[2JName\u{1b}[5;5HMove\u{9b}31mRed\u{202e}x,F,2024-01-05,30,0.3,8.5\n\
E3\u{1b}]0;pwned\u{7},Evil,F,2024-01-05,30,0.3,8.5\n\
E2\u{202e},Plain,M,2024-01-02,1\u{1b}]0;pwned\u{7},0.4,9\n\
E2\u{202e},Plain,M,2024-01-03,160,2.4,14\n";

const FILE: &str = "cbc\u{1b}]0;pwned\u{7}\u{202e}.csv";

/// True for what must never be drawn: controls (C0, DEL, C1) and the
/// characters that reorder text.
fn dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn hostile_app() -> App {
    let dataset = hemotrend::ingest::load_texts(&[(FILE, HOSTILE)]).expect("loads");
    assert_eq!(
        dataset.report().rejected.len(),
        2,
        "the bad cell and the id holding controls are rejected"
    );
    let source = ConfigSource::Found("/etc/\u{1b}]0;pwned\u{7}\u{202e}/config.toml".into());
    App::new(dataset, Thresholds::default(), &THEME, None).with_config_source(source)
}

/// Checks one screen; `seen` counts the escaped texts found.
fn check_screen(app: &App, width: u16, height: u16, what: &str, seen: &mut usize) {
    let terminal = crate::support::screen(app, width, height);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(dangerous),
            "{what}: a raw control or bidi character {:?} was drawn",
            cell.symbol()
        );
    }
    let text = terminal.backend().to_string();
    // Every visible trace of the title sequence must be the escaped one.
    for (at, _) in text.match_indices("]0;pwned") {
        let before = &text[..at];
        assert!(
            before.ends_with("\\u{1b}"),
            "{what}: ']0;pwned' drawn without its escaped ESC:\n{text}"
        );
        *seen += 1;
    }
    for raw in ["[2JName", "[5;5HMove"] {
        for (at, _) in text.match_indices(raw) {
            assert!(text[..at].ends_with("\\u{1b}"), "{what}: {raw}:\n{text}");
            *seen += 1;
        }
    }
}

#[test]
fn every_screen_escapes_text_from_the_input() {
    let mut seen = 0;
    for (width, height) in [(80, 24), (120, 40), (160, 48), (220, 60)] {
        let mut app = hostile_app();
        app.update(Action::Resize(width, height));
        for patient in 0..2 {
            if patient == 1 {
                app.update(Action::Down);
            }
            for focus in 0..4 {
                check_screen(
                    &app,
                    width,
                    height,
                    &format!("{width}x{height} pane {focus}"),
                    &mut seen,
                );
                app.update(Action::NextFocus);
            }
            app.update(Action::SwapAnalytes);
            check_screen(&app, width, height, "swapped", &mut seen);
            app.update(Action::SwapAnalytes);
        }
        for popup in [Action::ToggleHelp, Action::ShowRejections] {
            app.update(popup);
            check_screen(&app, width, height, &format!("{popup:?}"), &mut seen);
            app.update(Action::Back);
        }
        // A pasted override in the filter is shown escaped too.
        for action in [Action::StartFilter, Action::FilterChar('\u{202e}')] {
            app.update(action);
        }
        check_screen(&app, width, height, "filter", &mut seen);
        app.update(Action::FilterCancel);
        // A failed reload names the file and the reason in the status bar.
        app.reload(Reload::from_load(
            Err(LoadError {
                files: vec![UnusableFile {
                    file: FILE.into(),
                    reason: "cannot be read: \u{1b}]0;pwned\u{7}\u{202e}".into(),
                }],
            }),
            &Thresholds::default(),
            None,
        ));
        check_screen(&app, width, height, "reload notice", &mut seen);
    }
    // The escaped texts were really on screen, so the scan looked at them.
    assert!(seen > 20, "only {seen} escaped texts seen");
}
