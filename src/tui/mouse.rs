//! The mouse map: which mouse event asks for which action, as a pure
//! function like the key map, and the words the help shows for it.
//!
//! Where the pointer is decides what a click or a turn of the wheel does
//! (a patient, a pane, a draw); that is worked out by
//! [`crate::tui::App::update`] against the layout, so this map only says
//! "a click here" or "the wheel there".

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::keys::{Action, Mode};

/// The mouse's rows of the help: what is done, and what it does.
pub const MOUSE_HELP: &[(&str, &str)] = &[
    ("click", "a patient: select them; a pane: focus it"),
    (
        "click",
        "in a chart: the cursor to the nearest draw; a table row: that draw",
    ),
    (
        "wheel",
        "scroll the patient list, the table, or the open popup",
    ),
];

/// The action a mouse event asks for in this mode, if any.
///
/// Only the left button's press and the wheel count: a release, a drag, a
/// move or another button does nothing, so a terminal that reports every
/// motion costs nothing. In a popup a click does nothing (the keys close
/// it) and the wheel scrolls it.
pub fn mouse_action(event: &MouseEvent, mode: Mode) -> Option<Action> {
    let (x, y) = (event.column, event.row);
    match (event.kind, mode) {
        (MouseEventKind::Down(MouseButton::Left), Mode::Normal | Mode::Filter) => {
            Some(Action::Click(x, y))
        }
        (MouseEventKind::ScrollUp, _) => Some(Action::ScrollUp(x, y)),
        (MouseEventKind::ScrollDown, _) => Some(Action::ScrollDown(x, y)),
        _ => None,
    }
}
