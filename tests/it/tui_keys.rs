//! The key map: which key does what in which mode, and that the footer and
//! the help come from the same table.

use hemotrend::tui::{Action, BINDINGS, Mode, action_for, footer_hints};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rstest::rstest;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

#[rstest]
#[case(ch('q'), Some(Action::Quit))]
#[case(key(KeyCode::Esc), Some(Action::Back))]
#[case(ch('?'), Some(Action::ToggleHelp))]
#[case(key(KeyCode::Tab), Some(Action::NextFocus))]
#[case(key(KeyCode::BackTab), Some(Action::PrevFocus))]
#[case(key(KeyCode::Left), Some(Action::CursorPrev))]
#[case(ch('h'), Some(Action::CursorPrev))]
#[case(key(KeyCode::Right), Some(Action::CursorNext))]
#[case(ch('l'), Some(Action::CursorNext))]
#[case(key(KeyCode::Up), Some(Action::Up))]
#[case(ch('k'), Some(Action::Up))]
#[case(key(KeyCode::Down), Some(Action::Down))]
#[case(ch('j'), Some(Action::Down))]
#[case(key(KeyCode::PageDown), Some(Action::PageDown))]
#[case(ch('g'), Some(Action::Top))]
#[case(ch('G'), Some(Action::Bottom))]
#[case(key(KeyCode::Home), Some(Action::CursorFirst))]
#[case(key(KeyCode::End), Some(Action::CursorLast))]
#[case(ch('+'), Some(Action::ZoomIn))]
#[case(ch('='), Some(Action::ZoomIn))]
#[case(ch('-'), Some(Action::ZoomOut))]
#[case(ch('['), Some(Action::PanLeft))]
#[case(ch(']'), Some(Action::PanRight))]
#[case(ch('0'), Some(Action::ResetZoom))]
#[case(ch('a'), Some(Action::SwapAnalytes))]
#[case(ch('/'), Some(Action::StartFilter))]
#[case(ch('s'), Some(Action::CycleSort))]
#[case(ch('o'), Some(Action::FlipOrder))]
#[case(ch('r'), Some(Action::ShowRejections))]
#[case(key(KeyCode::Enter), Some(Action::Select))]
#[case(ch('x'), None)]
#[case(key(KeyCode::F(5)), None)]
fn normal_mode(#[case] event: KeyEvent, #[case] expected: Option<Action>) {
    assert_eq!(action_for(&event, Mode::Normal), expected);
}

#[rstest]
#[case(ch('q'), Some(Action::FilterChar('q')))]
#[case(ch('j'), Some(Action::FilterChar('j')))]
#[case(ch('P'), Some(Action::FilterChar('P')))]
#[case(ch('0'), Some(Action::FilterChar('0')))]
#[case(ch('/'), Some(Action::FilterChar('/')))]
#[case(key(KeyCode::Backspace), Some(Action::FilterBackspace))]
#[case(key(KeyCode::Enter), Some(Action::FilterAccept))]
#[case(key(KeyCode::Esc), Some(Action::FilterCancel))]
#[case(key(KeyCode::Up), Some(Action::Up))]
#[case(key(KeyCode::Down), Some(Action::Down))]
#[case(key(KeyCode::Left), None)]
fn filter_mode_types_text(#[case] event: KeyEvent, #[case] expected: Option<Action>) {
    assert_eq!(action_for(&event, Mode::Filter), expected);
}

#[rstest]
#[case(Mode::Help, key(KeyCode::Esc), Some(Action::Back))]
#[case(Mode::Help, ch('?'), Some(Action::ToggleHelp))]
#[case(Mode::Help, ch('q'), Some(Action::Quit))]
#[case(Mode::Help, ch('j'), Some(Action::Down))]
#[case(Mode::Help, key(KeyCode::PageDown), Some(Action::PageDown))]
#[case(Mode::Help, ch('a'), None)]
#[case(Mode::Rejections, key(KeyCode::Esc), Some(Action::Back))]
#[case(Mode::Rejections, ch('k'), Some(Action::Up))]
#[case(Mode::Rejections, ch('G'), Some(Action::Bottom))]
#[case(Mode::Rejections, key(KeyCode::Left), None)]
#[case(Mode::Insight, ch('j'), Some(Action::Down))]
#[case(Mode::Insight, ch('k'), Some(Action::Up))]
#[case(Mode::Insight, key(KeyCode::Down), Some(Action::Down))]
#[case(Mode::Insight, ch('i'), Some(Action::ShowInsight))]
fn popups_scroll_and_close(
    #[case] mode: Mode,
    #[case] event: KeyEvent,
    #[case] expected: Option<Action>,
) {
    assert_eq!(action_for(&event, mode), expected);
}

#[test]
fn control_c_quits_in_every_mode() {
    let event = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for mode in [Mode::Normal, Mode::Filter, Mode::Help, Mode::Rejections] {
        assert_eq!(action_for(&event, mode), Some(Action::Quit), "{mode:?}");
    }
}

#[test]
fn shifted_symbols_still_match() {
    let plus = KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT);
    assert_eq!(action_for(&plus, Mode::Normal), Some(Action::ZoomIn));
    let alt_a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::ALT);
    assert_eq!(action_for(&alt_a, Mode::Normal), None);
}

#[test]
fn no_key_is_bound_twice_in_one_mode() {
    for mode in [Mode::Normal, Mode::Filter, Mode::Help, Mode::Rejections] {
        let mut seen = Vec::new();
        for binding in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
            for key in binding.keys {
                assert!(!seen.contains(key), "{key:?} twice in {mode:?}");
                seen.push(*key);
            }
        }
    }
}

#[test]
fn footer_comes_from_the_table() {
    let normal = footer_hints(Mode::Normal);
    assert_eq!(normal.first(), Some(&("q", "quit")));
    assert!(normal.contains(&("?", "help")));
    assert!(normal.contains(&("r", "rejected")));
    let filter = footer_hints(Mode::Filter);
    assert_eq!(filter, [("Enter", "keep"), ("Esc", "clear")]);
    for binding in BINDINGS {
        assert!(!binding.help.is_empty(), "{:?} has no help", binding.action);
    }
}
