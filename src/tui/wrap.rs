//! Text broken between words to a popup's width, so that a popup knows
//! how many lines each entry takes (to scroll to its very end).

/// `text` broken between words into lines of at most `width` characters
/// (a single word longer than that stands alone, cut by the frame); a
/// continued line is indented two more than the first, and the spaces
/// between words on a line are kept as written (two set fields apart).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars = |s: &str| s.chars().count();
    if width == 0 || chars(text) <= width {
        return vec![text.to_string()];
    }
    let body = text.trim_start();
    let indent = text.len() - body.len();
    let continued = " ".repeat((indent + 2).min(width / 2));
    let mut lines = Vec::new();
    let mut line = " ".repeat(indent);
    // Each word with the spaces written before it.
    let mut rest = body;
    let mut at_start = true;
    while !rest.is_empty() {
        let word_start = rest.len() - rest.trim_start().len();
        let (gap, after) = rest.split_at(word_start);
        let word_end = after.find(char::is_whitespace).unwrap_or(after.len());
        let (word, next) = after.split_at(word_end);
        rest = next;
        if word.is_empty() {
            break;
        }
        if !at_start && chars(&line) + chars(gap) + chars(word) > width {
            lines.push(std::mem::replace(&mut line, continued.clone()));
            at_start = true;
        }
        if !at_start {
            line.push_str(gap);
        }
        line.push_str(word);
        at_start = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_between_words_with_an_indent() {
        assert_eq!(
            wrap("  change: PLT 9 -> <5 ?, Retic 12 -> 9 -3 (-25.0%)", 24),
            [
                "  change: PLT 9 -> <5 ?,",
                "    Retic 12 -> 9 -3",
                "    (-25.0%)"
            ]
        );
        assert_eq!(wrap("short", 24), ["short"]);
        assert_eq!(
            wrap("a.csv:3  column plt  \"abc\" is not a number", 24),
            ["a.csv:3  column plt", "  \"abc\" is not a number"]
        );
        assert_eq!(wrap("", 24), [""]);
    }
}
