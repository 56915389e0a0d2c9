//! Text made safe for HTML: every string goes through [`esc`] on its way
//! into the document, so a name such as `<script>` is shown as text.

use std::fmt::Write;

/// `text` with `& < > " '` written as character references, and every
/// control or bidirectional formatting character as a visible `\u{..}`
/// escape (as the screen shows it), so the document stays well formed and
/// reads the same as the terminal.
pub fn esc(text: &str) -> String {
    let shown = crate::safe_text::printable(text);
    let mut out = String::with_capacity(shown.len() + 8);
    for character in shown.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// A number for an SVG coordinate: one decimal, no `-0.0`.
pub fn coord(value: f64) -> String {
    let mut text = String::new();
    let rounded = (value * 10.0).round() / 10.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let _ = write!(text, "{rounded:.1}");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_become_text() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(esc("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(esc("Ada Lovelace"), "Ada Lovelace");
    }

    #[test]
    fn coordinates_have_one_decimal() {
        assert_eq!(coord(12.345), "12.3");
        assert_eq!(coord(-0.01), "0.0");
        assert_eq!(coord(100.0), "100.0");
    }
}
