//! Counts the physical lines up to each resource, once through the file.

/// Counts lines up to each resource, once through the file.
pub(super) struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: u64,
    fixed: bool,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text,
            offset: 0,
            line: 1,
            fixed: false,
        }
    }

    /// Every resource on one line (of an NDJSON file).
    pub(super) fn fixed(line: u64) -> LineCounter<'static> {
        LineCounter {
            text: "",
            offset: 0,
            line,
            fixed: true,
        }
    }

    /// The line where `part` (a slice of the text, at or after the last
    /// one asked about) starts.
    pub(super) fn line_of(&mut self, part: &str) -> u64 {
        if self.fixed {
            return self.line;
        }
        let start = (part.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len());
        if start >= self.offset {
            let newlines = self.text.as_bytes()[self.offset..start]
                .iter()
                .filter(|&&byte| byte == b'\n')
                .count();
            self.line += newlines as u64;
            self.offset = start;
        }
        self.line
    }
}
