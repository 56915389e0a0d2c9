//! Text from input files made safe to show: it must never drive the terminal.
//!
//! A patient name holding ESC, a C1 control or a bidirectional override could
//! retitle the window, clear the screen or reorder what a clinician reads.

use std::borrow::Cow;
use std::fmt::Write;

/// The text with every control character (C0, DEL, C1) and every
/// bidirectional formatting character replaced by a visible `\u{..}` escape.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if needs_escape(character) {
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(character));
        } else {
            shown.push(character);
        }
    }
    Cow::Owned(shown)
}

/// `1 draw`, `2 draws`: a count with its noun in the right number.
pub fn counted(count: u64, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

/// Whether `text` holds a control character (`char::is_control`: C0, DEL,
/// C1), byte by byte for ASCII text (the usual cell), whose control
/// characters are its ASCII ones.
pub fn holds_control(text: &str) -> bool {
    if text.is_ascii() {
        text.bytes().any(|byte| byte.is_ascii_control())
    } else {
        text.chars().any(char::is_control)
    }
}

/// Whether a patient id cannot be told apart on screen from another: it
/// holds a control character, or an invisible one (a byte-order mark left
/// mid-file where two exports were joined, a zero-width space, a soft
/// hyphen). `\u{FEFF}P3` would be a second patient shown
/// as `P3`, holding some of P3's draws.
#[inline]
pub fn id_unreadable(id: &str) -> bool {
    // Every row's id is checked: the usual ASCII one in a quick pass, the
    // rest out of line.
    if id.is_ascii() {
        return id.bytes().any(|byte| byte.is_ascii_control());
    }
    unreadable_beyond_ascii(id)
}

#[inline(never)]
fn unreadable_beyond_ascii(id: &str) -> bool {
    id.chars().any(|c| c.is_control() || is_invisible(c))
}

/// Characters that show nothing (Unicode format characters and the like);
/// the direction marks and overrides are not among them: [`printable`]
/// already shows those as escapes.
const fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// A patient id as a message quotes it: [`printable`], with its invisible
/// characters written as `\u{..}` escapes too.
pub fn shown_id(id: &str) -> String {
    let mut shown = String::with_capacity(id.len() + 8);
    for character in printable(id).chars() {
        if is_invisible(character) {
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(character));
        } else {
            shown.push(character);
        }
    }
    shown
}

/// `text.trim()`, quicker for the usual cell that starts and ends with a
/// visible ASCII character, or is empty (nothing to trim): millions of
/// cells are read.
pub fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        [] => text,
        _ => text.trim(),
    }
}

/// Controls, and the characters that reorder or isolate text direction.
fn needs_escape(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn control_characters_are_found_as_chars_finds_them(text in "\\PC{0,6}|[\\x00-\\x{a0}]{0,6}") {
            proptest::prop_assert_eq!(holds_control(&text), text.chars().any(char::is_control));
        }
    }

    #[test]
    fn quick_trim_is_trim() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "12.5",
            "\u{a0}5",
            "5\u{3000}",
            "\t<5\r",
            "é",
            "x\u{85}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(printable("Alder, Maren é µ"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_and_bidi_overrides_become_visible() {
        assert_eq!(
            printable("a\u{1b}]0;owned\u{7}b"),
            "a\\u{1b}]0;owned\\u{7}b"
        );
        assert_eq!(printable("x\u{9b}2J"), "x\\u{9b}2J");
        assert_eq!(printable("del\u{7f}"), "del\\u{7f}");
        assert_eq!(printable("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(printable("tab\there\nline"), "tab\\u{9}here\\u{a}line");
    }
}
