//! How text is laid out on screen; the words themselves (dates, values,
//! flags, ranges) come from [`crate::report::words`], shared with the
//! report and the JSON.

use ratatui::text::{Line, Span};

pub use crate::report::words::{
    DERIVED_LEGEND, DERIVED_LEGEND_SHORT, LAB_MARK, REFUSED_MARK, TRANSFUSED_MARK, age_words,
    age_words_short, analyte_value, category_word, date, date_of_days, flag, range_text,
};

/// Lays out unbreakable chunks of spans on lines of `width` columns,
/// breaking only between chunks (a value never parts from its flag).
pub fn pack(chunks: Vec<Vec<Span<'static>>>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for chunk in chunks {
        let size: usize = chunk.iter().map(Span::width).sum();
        if used > 0 && used + size > width {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        used += size;
        current.extend(chunk);
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

/// The first of `titles` (most words first) whose text fits `width`
/// columns (its closing space may go: the border's corner follows), else
/// the last: a border cuts a title short, and a date cut short ("2137-09-0")
/// reads as another date.
pub fn fitting_title(titles: &[String], width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    titles
        .iter()
        .find(|title| title.trim_end().width() <= width)
        .or(titles.last())
        .cloned()
        .unwrap_or_default()
}

/// Cuts `text` to at most `width` columns, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        kept.push(c);
        used += w;
    }
    if width > 0 {
        kept.push('…');
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn pack_breaks_only_between_chunks() {
        let chunk = |text: &'static str| vec![Span::raw(text)];
        let lines = pack(
            vec![
                chunk("Hb 8.7 L  "),
                chunk("ANC 0.47 LL  "),
                chunk("ALC 1.38"),
            ],
            24,
        );
        let texts: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["Hb 8.7 L  ANC 0.47 LL  ", "ALC 1.38"]);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("P001", 8), "P001");
        assert_eq!(fit("593aaa05-d864-1df7", 9), "593aaa05…");
        assert_eq!(fit("abc", 0), "");
    }
}
