//! A line split in place at its commas: the fast path for a line without
//! quotes, or with quotes only around whole fields.

use memchr::memchr;

/// Splits a line (no LF in it) in place: pushes the end of every field
/// and returns which fields are quoted, or `None` (the ends then left
/// unspecified) when a quote does anything but enclose a whole field
/// (`""` inside, `"ab"cd`, `ab"cd`, no closing quote before the line's end)
/// or a quoted field is past the 64th: csv-core decodes those.
pub(super) fn split_in_place(body: &[u8], ends: &mut Vec<usize>) -> Option<u64> {
    let mut quoted = 0u64;
    // `from` is always a field's start.
    let mut from = 0;
    while let Some(offset) = memchr(b'"', &body[from..]) {
        let open = from + offset;
        push_commas(&body[from..open], from, ends);
        // Only a quote opening a field encloses it.
        if open > from && body[open - 1] != b',' {
            return None;
        }
        let close = open + 1 + memchr(b'"', &body[open + 1..])?;
        let field = ends.len();
        if field >= 64 {
            return None;
        }
        quoted |= 1 << field;
        ends.push(close + 1);
        match body.get(close + 1) {
            None => return Some(quoted),
            Some(b',') => from = close + 2,
            Some(_) => return None,
        }
    }
    push_commas(&body[from..], from, ends);
    ends.push(body.len());
    Some(quoted)
}

/// Pushes the position of every comma, plus `base`, eight bytes at a
/// time: a branch per comma rather than per byte.
pub(super) fn push_commas(bytes: &[u8], base: usize, ends: &mut Vec<usize>) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut base = base;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        // A byte of `x` is zero exactly where the byte is a comma.
        let x = u64::from_le_bytes(eight) ^ (ONES * u64::from(b','));
        let mut commas = !(((x & !HIGH) + !HIGH) | x) & HIGH;
        while commas != 0 {
            ends.push(base + commas.trailing_zeros() as usize / 8);
            commas &= commas - 1;
        }
        base += 8;
    }
    for (offset, &byte) in words.remainder().iter().enumerate() {
        if byte == b',' {
            ends.push(base + offset);
        }
    }
}
