//! The HL7 v2 grammar, as far as hemotrend reads it: segments (ended by
//! CR, LF or CRLF, MLLP frame bytes dropped), fields, repetitions and
//! components by the separators the message declares, escape sequences,
//! and times.
//!
//! Written here rather than taken from a crate: it is four separators and
//! five escapes, and the load report needs what the crates do not give
//! together (physical line numbers whatever the segment ends, batches and
//! MLLP in one file, text that need not be UTF-8, never a panic).

/// The separators of a message (MSH-1 and MSH-2; FHS and BHS alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Separators {
    /// Between fields, `|`.
    pub field: u8,
    /// Between components, `^`.
    pub component: u8,
    /// Between repetitions, `~`.
    pub repetition: u8,
    /// Starts and ends an escape sequence, `\`.
    pub escape: u8,
    /// Between subcomponents, `&`.
    pub subcomponent: u8,
}

impl Default for Separators {
    fn default() -> Self {
        Separators {
            field: b'|',
            component: b'^',
            repetition: b'~',
            escape: b'\\',
            subcomponent: b'&',
        }
    }
}

impl Separators {
    /// The separators a header segment (`MSH|^~\&`, `FHS`, `BHS`) declares;
    /// the usual ones where it declares none.
    pub fn of_header(segment: &[u8]) -> Separators {
        let mut separators = Separators::default();
        let Some(&field) = segment.get(3) else {
            return separators;
        };
        separators.field = field;
        let declared: Vec<u8> = segment[4..]
            .iter()
            .copied()
            .take_while(|&byte| byte != field)
            .collect();
        let set = |at: usize, slot: &mut u8| {
            if let Some(&byte) = declared.get(at) {
                *slot = byte;
            }
        };
        set(0, &mut separators.component);
        set(1, &mut separators.repetition);
        set(2, &mut separators.escape);
        set(3, &mut separators.subcomponent);
        separators
    }
}

/// One segment and the physical line it stands on (from 1).
pub struct Segment<'a> {
    /// Line number: every CR, LF or CRLF ends a line.
    pub line: u64,
    /// Its bytes, without the line end.
    pub bytes: &'a [u8],
}

impl<'a> Segment<'a> {
    /// The segment's name: `MSH`, `PID`, `OBX`.
    pub fn name(&self) -> &'a [u8] {
        &self.bytes[..self.bytes.len().min(3)]
    }

    /// Field `n` (`PID-3` is 3), raw; empty when absent. For a header
    /// segment, field 1 is the separator itself and field 2 the encoding
    /// characters.
    pub fn field(&self, separators: &Separators, n: usize) -> &'a [u8] {
        let header = matches!(self.name(), b"MSH" | b"FHS" | b"BHS");
        let skip = if header { n.saturating_sub(1) } else { n };
        self.bytes
            .split(|&byte| byte == separators.field)
            .nth(skip)
            .unwrap_or_default()
    }
}

/// The segments of a text, with their lines; MLLP frame bytes (0x0B, 0x1C)
/// are dropped and empty lines passed over.
pub fn segments(bytes: &[u8]) -> Vec<Segment<'_>> {
    let mut found = Vec::new();
    let mut line = 1u64;
    let mut start = 0usize;
    let mut at = 0usize;
    while at <= bytes.len() {
        let end = at == bytes.len();
        let byte = bytes.get(at).copied().unwrap_or(b'\n');
        if end || byte == b'\r' || byte == b'\n' {
            push_segment(&mut found, &bytes[start..at], line);
            if byte == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at += 1;
            }
            line += 1;
            start = at + 1;
        }
        at += 1;
    }
    found
}

fn push_segment<'a>(found: &mut Vec<Segment<'a>>, mut bytes: &'a [u8], line: u64) {
    // MLLP: <VT> message <FS><CR>; the frame bytes are not text.
    while let [0x0B | 0x1C, rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., 0x0B | 0x1C] = bytes {
        bytes = rest;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    found.push(Segment { line, bytes });
}

/// The parts of `raw` split by `separator`.
pub fn split(raw: &[u8], separator: u8) -> impl Iterator<Item = &[u8]> {
    raw.split(move |&byte| byte == separator)
}

/// Component `n` (from 1) of the first repetition of a field, raw.
pub fn component<'a>(raw: &'a [u8], separators: &Separators, n: usize) -> &'a [u8] {
    let first = split(raw, separators.repetition).next().unwrap_or_default();
    split(first, separators.component)
        .nth(n.saturating_sub(1))
        .unwrap_or_default()
}

/// A field's or component's text with its escape sequences decoded
/// (`\F\ \S\ \T\ \R\ \E\`, `\Xhh\`; formatting escapes dropped) and its
/// subcomponents beyond the first dropped; trimmed. Bytes that are not
/// UTF-8 are read as Latin-1, as older systems send them. HL7's explicit
/// null, `""` (a value deleted, or none), is no text: never a name `""`.
pub fn text(raw: &[u8], separators: &Separators) -> String {
    let raw = split(raw, separators.subcomponent)
        .next()
        .unwrap_or_default();
    if raw.trim_ascii() == b"\"\"" {
        return String::new();
    }
    let mut decoded = Vec::with_capacity(raw.len());
    let mut at = 0;
    while at < raw.len() {
        let byte = raw[at];
        if byte == separators.escape
            && let Some(length) = raw[at + 1..].iter().position(|&b| b == separators.escape)
        {
            let sequence = &raw[at + 1..at + 1 + length];
            match sequence {
                b"F" => decoded.push(separators.field),
                b"S" => decoded.push(separators.component),
                b"T" => decoded.push(separators.subcomponent),
                b"R" => decoded.push(separators.repetition),
                b"E" => decoded.push(separators.escape),
                [b'X', hex @ ..] => decoded.extend(hex_bytes(hex)),
                _ => {}
            }
            at += length + 2;
            continue;
        }
        decoded.push(byte);
        at += 1;
    }
    let text = match String::from_utf8(decoded) {
        Ok(text) => text,
        Err(error) => error.into_bytes().iter().map(|&b| char::from(b)).collect(),
    };
    text.trim().to_string()
}

fn hex_bytes(hex: &[u8]) -> Vec<u8> {
    hex.chunks(2)
        .filter_map(|pair| {
            let pair = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(pair, 16).ok()
        })
        .collect()
}

/// An HL7 time, `YYYYMMDD[HH[MM[SS[.S...]]]][+/-ZZZZ]`, written as the time
/// parser reads it (`YYYY-MM-DDTHH:MM:SS-08:00`; a fraction of a second
/// dropped); `None` when it has another shape.
pub fn iso_time(text: &str) -> Option<String> {
    let text = text.trim();
    let (clock, zone) = match text.find(['+', '-']) {
        Some(at) => (&text[..at], Some(&text[at..])),
        None => (text, None),
    };
    // A fraction is of a second only (`...SS.SSSS`), and has digits: one
    // after the hour or the minute (`2024010309.5`) would be read as the
    // hour alone, joining another draw.
    let clock = match clock.split_once('.') {
        Some((whole, fraction))
            if whole.len() == 14
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit()) =>
        {
            whole
        }
        Some(_) => return None,
        None => clock,
    };
    if !clock.bytes().all(|b| b.is_ascii_digit()) || clock.len() < 8 || clock.len() % 2 == 1 {
        return None;
    }
    let part = |from: usize| clock.get(from..from + 2).unwrap_or("00");
    let date = format!("{}-{}-{}", &clock[..4], &clock[4..6], &clock[6..8]);
    let mut written = if clock.len() == 8 {
        date
    } else {
        if clock.len() > 14 {
            return None;
        }
        format!("{date}T{}:{}:{}", part(8), part(10), part(12))
    };
    if let Some(zone) = zone {
        let digits = &zone[1..];
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // A date's offset is where it is that date: the date as written is
        // the draw's, as for any date without a time.
        if clock.len() > 8 {
            written.push_str(&format!("{}{}:{}", &zone[..1], &digits[..2], &digits[2..]));
        }
    }
    Some(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn segments_end_with_cr_lf_or_crlf_and_count_as_lines() {
        let text = b"\x0bMSH|^~\\&\rPID|1\r\nOBX|1\n\nOBX|2\x1c\r";
        let found: Vec<_> = segments(text)
            .iter()
            .map(|s| (s.line, s.bytes.to_vec()))
            .collect();
        assert_eq!(
            found,
            [
                (1, b"MSH|^~\\&".to_vec()),
                (2, b"PID|1".to_vec()),
                (3, b"OBX|1".to_vec()),
                (5, b"OBX|2".to_vec()),
            ]
        );
    }

    #[test]
    fn fields_components_and_escapes() {
        let separators = Separators::of_header(b"MSH#$*@%|x");
        assert_eq!(separators.field, b'#');
        assert_eq!(separators.component, b'$');
        assert_eq!(separators.escape, b'@');
        let usual = Separators::default();
        let segment = Segment {
            line: 1,
            bytes: b"PID|1||A1^^^X^PI~B2^^^Y^MR||Smith\\T\\Jones^Ann",
        };
        assert_eq!(segment.field(&usual, 3), b"A1^^^X^PI~B2^^^Y^MR");
        assert_eq!(segment.field(&usual, 9), b"");
        let msh = Segment {
            line: 1,
            bytes: b"MSH|^~\\&|APP",
        };
        assert_eq!(msh.field(&usual, 3), b"APP");
        assert_eq!(component(segment.field(&usual, 5), &usual, 2), b"Ann");
        assert_eq!(
            text(b"a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X41\\\\.br\\", &usual),
            "a|b^c&d~e\\fA"
        );
        assert_eq!(text(b"M\xfcller", &usual), "M\u{fc}ller");
        assert_eq!(text(b"unclosed\\F", &usual), "unclosed\\F");
        assert_eq!(text(b"\"\"", &usual), "");
        assert_eq!(text(b"\"a\"", &usual), "\"a\"");
    }

    #[rstest]
    #[case("20110103143428-0800", Some("2011-01-03T14:34:28-08:00"))]
    #[case("201101031434", Some("2011-01-03T14:34:00"))]
    #[case("2011010314", Some("2011-01-03T14:00:00"))]
    #[case("20110103143428.1234+0530", Some("2011-01-03T14:34:28+05:30"))]
    #[case("20110103", Some("2011-01-03"))]
    #[case("20110103-0500", Some("2011-01-03"))]
    #[case("20110103+1400", Some("2011-01-03"))]
    #[case("20110103+05", None)]
    #[case("201101", None)]
    #[case("2011-01-03", None)]
    #[case("20110103143428-08", None)]
    #[case("", None)]
    // A fraction of an hour or a minute, or a point with no digits.
    #[case("2024010309.5", None)]
    #[case("202401030930.75", None)]
    #[case("20240104.5", None)]
    #[case("20240109093000.", None)]
    fn times(#[case] written: &str, #[case] expected: Option<&str>) {
        assert_eq!(iso_time(written).as_deref(), expected);
    }
}
