//! The one key table: which key does what in which mode, and the words the
//! footer and the help popup show for it. Both are generated from [`BINDINGS`],
//! so they cannot drift from what the keys really do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the keyboard is currently talking to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The dashboard itself.
    Normal,
    /// Typing a patient filter after `/`.
    Filter,
    /// The help popup is open.
    Help,
    /// The rejected-rows popup is open.
    Rejections,
    /// The read-outs and response popup is open.
    Insight,
}

/// Everything the user can ask for; [`crate::tui::App::update`] carries it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Leave hemotrend.
    Quit,
    /// Esc: close the popup, clear the filter, leave a full-width view, or
    /// clear the status bar's message; never quits.
    Back,
    /// Open or close the help popup.
    ToggleHelp,
    /// Open the list of rejected rows.
    ShowRejections,
    /// Open the read-outs, events and response of the selected patient.
    ShowInsight,
    /// Move focus to the next pane.
    NextFocus,
    /// Move focus to the previous pane.
    PrevFocus,
    /// Up in the focused pane (previous patient, or the row above in the table).
    Up,
    /// Down in the focused pane.
    Down,
    /// A page up in the focused pane or popup.
    PageUp,
    /// A page down in the focused pane or popup.
    PageDown,
    /// The first patient (list) or the first row (table).
    Top,
    /// The last patient (list) or the last row (table).
    Bottom,
    /// The cursor to the previous (older) draw.
    CursorPrev,
    /// The cursor to the next (newer) draw.
    CursorNext,
    /// The cursor to the oldest draw.
    CursorFirst,
    /// The cursor to the latest draw.
    CursorLast,
    /// Narrow the time window around the cursor.
    ZoomIn,
    /// Widen the time window around the cursor.
    ZoomOut,
    /// Move the time window towards older draws.
    PanLeft,
    /// Move the time window towards newer draws.
    PanRight,
    /// Show all time again.
    ResetZoom,
    /// Swap platelets/RBC/WBC for hemoglobin/ANC/reticulocytes and back.
    SwapAnalytes,
    /// Platelet and ANC charts on a log scale (each cut-off on its own
    /// row) or a linear one, and back.
    ToggleLogScale,
    /// Newest-first or oldest-first rows in the table.
    FlipOrder,
    /// Sort the patient list by the next key (severity, id, latest draw).
    CycleSort,
    /// Start typing a patient filter.
    StartFilter,
    /// A character typed into the filter.
    FilterChar(char),
    /// Delete the filter's last character.
    FilterBackspace,
    /// Keep the filter and return to the dashboard.
    FilterAccept,
    /// Clear the filter and return to the dashboard.
    FilterCancel,
    /// Enter on a patient: show their trends.
    Select,
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// Ctrl-Z: give the terminal back to the shell and stop (`fg` resumes).
    Suspend,
    /// A left click at this column and row: a patient, a pane, a draw.
    Click(u16, u16),
    /// The wheel turned up (towards the top) over this column and row.
    ScrollUp(u16, u16),
    /// The wheel turned down over this column and row.
    ScrollDown(u16, u16),
    /// Write the selected patient's HTML report to a new file in the
    /// current folder.
    ExportReport,
}

/// A key as the table writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A character, whatever Shift says (`+` arrives with or without it).
    Char(char),
    /// A named key without Control or Alt.
    Code(KeyCode),
    /// Control and a letter.
    Ctrl(char),
}

/// One row of the key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// How the help writes the keys.
    pub label: &'static str,
    /// The modes it works in.
    pub modes: &'static [Mode],
    /// What it does.
    pub action: Action,
    /// The help popup's sentence.
    pub help: &'static str,
    /// The footer's keys and word for it, or `None` to keep it out of the footer.
    pub footer: Option<(&'static str, &'static str)>,
}

const NORMAL: &[Mode] = &[Mode::Normal];
const FILTER: &[Mode] = &[Mode::Filter];
const POPUPS: &[Mode] = &[Mode::Help, Mode::Rejections, Mode::Insight];
const NOT_TYPING: &[Mode] = &[Mode::Normal, Mode::Help, Mode::Rejections, Mode::Insight];
const SCROLLING: &[Mode] = &[
    Mode::Normal,
    Mode::Filter,
    Mode::Help,
    Mode::Rejections,
    Mode::Insight,
];

/// The key table, in the order the help popup lists it.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::Char('q'), Key::Ctrl('c')],
        label: "q",
        modes: NOT_TYPING,
        action: Action::Quit,
        help: "quit (Ctrl-C quits from anywhere)",
        footer: Some(("q", "quit")),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        label: "Esc",
        modes: NORMAL,
        action: Action::Back,
        help: "back: clear the kept filter, leave a full-width table or severity view, or clear the status message",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('?')],
        label: "?",
        modes: &[Mode::Normal, Mode::Help],
        action: Action::ToggleHelp,
        help: "this help (again: close it)",
        footer: Some(("?", "help")),
    },
    Binding {
        keys: &[Key::Char('r')],
        label: "r",
        modes: NORMAL,
        action: Action::ShowRejections,
        help: "rejected rows: file, line, column, why (▶ this patient's)",
        footer: Some(("r", "rejected")),
    },
    Binding {
        keys: &[Key::Char('i')],
        label: "i",
        modes: &[Mode::Normal, Mode::Insight],
        action: Action::ShowInsight,
        help: "read-outs for the window in view, events, recovery, response to IST (again: close)",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab)],
        label: "Tab",
        modes: NORMAL,
        action: Action::NextFocus,
        help: "next pane: patients, trends, table, severity",
        footer: Some(("Tab", "pane")),
    },
    Binding {
        keys: &[Key::Code(KeyCode::BackTab)],
        label: "Shift-Tab",
        modes: NORMAL,
        action: Action::PrevFocus,
        help: "previous pane",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Left), Key::Char('h')],
        label: "← h",
        modes: NORMAL,
        action: Action::CursorPrev,
        help: "cursor to the previous (older) draw, in every chart and the table",
        footer: Some(("←→", "draw")),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Right), Key::Char('l')],
        label: "→ l",
        modes: NORMAL,
        action: Action::CursorNext,
        help: "cursor to the next (newer) draw",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Up), Key::Char('k')],
        label: "↑ k",
        modes: NOT_TYPING,
        action: Action::Up,
        help: "previous patient; in the table or severity pane: the row above",
        footer: Some(("↑↓", "move")),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down), Key::Char('j')],
        label: "↓ j",
        modes: NOT_TYPING,
        action: Action::Down,
        help: "next patient; in the table or severity pane: the row below",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Up)],
        label: "↑",
        modes: FILTER,
        action: Action::Up,
        help: "previous matching patient",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down)],
        label: "↓",
        modes: FILTER,
        action: Action::Down,
        help: "next matching patient",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageUp)],
        label: "PgUp",
        modes: SCROLLING,
        action: Action::PageUp,
        help: "a page up (in the severity panel: its lines)",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageDown)],
        label: "PgDn",
        modes: SCROLLING,
        action: Action::PageDown,
        help: "a page down (in the severity panel: its lines)",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('g')],
        label: "g",
        modes: NOT_TYPING,
        action: Action::Top,
        help: "first patient, first table row, top of a popup",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('G')],
        label: "G",
        modes: NOT_TYPING,
        action: Action::Bottom,
        help: "last patient, last table row, end of a popup",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Home)],
        label: "Home",
        modes: NORMAL,
        action: Action::CursorFirst,
        help: "cursor to the oldest draw",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::End)],
        label: "End",
        modes: NORMAL,
        action: Action::CursorLast,
        help: "cursor to the latest draw",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('+'), Key::Char('=')],
        label: "+",
        modes: NORMAL,
        action: Action::ZoomIn,
        help: "zoom in: halve the time window, around the cursor",
        footer: Some(("+-", "zoom")),
    },
    Binding {
        keys: &[Key::Char('-'), Key::Char('_')],
        label: "-",
        modes: NORMAL,
        action: Action::ZoomOut,
        help: "zoom out: double the time window",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('[')],
        label: "[",
        modes: NORMAL,
        action: Action::PanLeft,
        help: "pan the time window to older draws",
        footer: Some(("[]", "pan")),
    },
    Binding {
        keys: &[Key::Char(']')],
        label: "]",
        modes: NORMAL,
        action: Action::PanRight,
        help: "pan the time window to newer draws",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('0')],
        label: "0",
        modes: NORMAL,
        action: Action::ResetZoom,
        help: "all time again",
        footer: Some(("0", "all time")),
    },
    Binding {
        keys: &[Key::Char('a')],
        label: "a",
        modes: NORMAL,
        action: Action::SwapAnalytes,
        help: "charts: platelets, RBC, WBC  <->  hemoglobin, ANC, reticulocytes",
        footer: Some(("a", "analytes")),
    },
    Binding {
        keys: &[Key::Char('L')],
        label: "L",
        modes: NORMAL,
        action: Action::ToggleLogScale,
        help: "platelet and ANC charts: log scale (every cut-off on its own row)  <->  linear",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('e')],
        label: "e",
        modes: NORMAL,
        action: Action::ExportReport,
        help: "export: write this patient's HTML report to hemotrend-<id>-<date>.html here",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('/')],
        label: "/",
        modes: NORMAL,
        action: Action::StartFilter,
        help: "filter patients by id or name as you type",
        footer: Some(("/", "filter")),
    },
    Binding {
        keys: &[Key::Char('s')],
        label: "s",
        modes: NORMAL,
        action: Action::CycleSort,
        help: "sort patients by severity, id, or latest draw",
        footer: Some(("s", "sort")),
    },
    Binding {
        keys: &[Key::Char('o')],
        label: "o",
        modes: NORMAL,
        action: Action::FlipOrder,
        help: "table rows newest first or oldest first",
        footer: Some(("o", "order")),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        modes: NORMAL,
        action: Action::Select,
        help: "on a patient: show their trends",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        label: "Enter",
        modes: FILTER,
        action: Action::FilterAccept,
        help: "keep the filter",
        footer: Some(("Enter", "keep")),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        label: "Esc",
        modes: FILTER,
        action: Action::FilterCancel,
        help: "clear the filter",
        footer: Some(("Esc", "clear")),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Backspace)],
        label: "Backspace",
        modes: FILTER,
        action: Action::FilterBackspace,
        help: "delete a character",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('z')],
        label: "Ctrl-Z",
        modes: SCROLLING,
        action: Action::Suspend,
        help: "suspend to the shell; fg brings the dashboard back",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('c')],
        label: "Ctrl-C",
        modes: FILTER,
        action: Action::Quit,
        help: "quit",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        label: "Esc",
        modes: POPUPS,
        action: Action::Back,
        help: "close the popup",
        footer: Some(("Esc", "close")),
    },
];

impl Key {
    /// True when this table key is the key pressed.
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Char(wanted) => !ctrl && !alt && event.code == KeyCode::Char(wanted),
            Key::Ctrl(wanted) => {
                ctrl && matches!(event.code, KeyCode::Char(c) if c.eq_ignore_ascii_case(&wanted))
            }
            Key::Code(code) => !ctrl && !alt && event.code == code,
        }
    }
}

/// The action a key press asks for in this mode, if any.
///
/// In the filter every other printable character is text; elsewhere an
/// unknown key does nothing.
pub fn action_for(event: &KeyEvent, mode: Mode) -> Option<Action> {
    let bound = BINDINGS
        .iter()
        .filter(|binding| binding.modes.contains(&mode))
        .find(|binding| binding.keys.iter().any(|key| key.matches(event)))
        .map(|binding| binding.action);
    if bound.is_some() || mode != Mode::Filter {
        return bound;
    }
    let typing = !event
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match event.code {
        KeyCode::Char(c) if typing && !c.is_control() => Some(Action::FilterChar(c)),
        _ => None,
    }
}

/// The footer's hints for this mode: `(keys, word)` in table order.
pub fn footer_hints(mode: Mode) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|binding| binding.modes.contains(&mode))
        .filter_map(|binding| binding.footer)
        .collect()
}

/// The bindings of one mode, for the help popup.
pub fn bindings_for(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |binding| binding.modes.contains(&mode))
}
