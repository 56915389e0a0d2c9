//! What a cell that is not a number probably is, when it has a shape that
//! spreadsheets, lab systems and scripts commonly write, and what to do
//! about it: [`super::long_value::describe`] adds it to the refusal.
//!
//! A hint only words the refusal: the cell is refused all the same. Where
//! it shows the number as hemotrend would read it, that reading is the
//! only one the text allows (`1.500,0` is 1500.0: a decimal mark is never
//! repeated, and the one after the others is the decimal mark); where the
//! text leaves a doubt (`150,000`, said by `describe`), no number is shown.

/// Why a trimmed cell that is not a number is none, with what to do, or
/// `None` for a text of no common shape.
pub(super) fn not_a_number(text: &str) -> Option<String> {
    let (bound, body) = split_bound(text);
    reached_bound(text)
        .or_else(|| percent(bound, body))
        .or_else(|| separators(bound, body))
        .or_else(|| flag_or_unit(body))
}

/// Whether a text that has too many digits to be held looks like a
/// binary floating-point number printed in full (`4.1000000000000005`,
/// `0.30000000000000004`), as a script (pandas) writes what the lab
/// reported as 4.1: 15 to 17 significant digits, with a run of zeros or
/// nines before the last.
pub(super) fn float_residue(text: &str) -> bool {
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    let digits: String = mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|&digit| digit == '0')
        .collect();
    (15..=17).contains(&digits.len()) && (digits.contains("0000") || digits.contains("9999"))
}

/// The `<` or `>` a value starts with (empty for none), and the rest.
fn split_bound(text: &str) -> (&str, &str) {
    match text.as_bytes().first() {
        Some(b'<' | b'>') => (&text[..1], text[1..].trim_start()),
        _ => ("", text),
    }
}

/// `<=0.1`, `>=50`, `≤0.1`: a bound the value may equal.
fn reached_bound(text: &str) -> Option<String> {
    let sign = ["<=", ">=", "=<", "=>", "≤", "≥"]
        .into_iter()
        .find(|sign| text.starts_with(sign))?;
    Some(format!(
        "a bound that may be reached? hemotrend keeps < and > (the value is beyond the \
         bound), and {sign} may be the bound itself; ask the lab which it means and write that"
    ))
}

/// `45%`: a percentage with its sign in the cell.
fn percent(bound: &str, body: &str) -> Option<String> {
    let number = body.strip_suffix('%')?.trim_end();
    is_plain_number(number).then(|| {
        // Not "write 45": in a count's column (WBC) the number alone
        // would be read as a count.
        format!(
            "a percent sign? a percentage is read without its sign ({bound}{number}), and only \
             where the unit is % (`neutrophils (%)`, or % in the unit column), never in a \
             count's column"
        )
    })
}

/// Digits with at most one point, at least one digit.
fn is_plain_number(text: &str) -> bool {
    let mut points = 0;
    let mut digits = 0;
    for byte in text.bytes() {
        match byte {
            b'0'..=b'9' => digits += 1,
            b'.' => points += 1,
            _ => return false,
        }
    }
    digits > 0 && points <= 1
}

/// Groups of three digits split by thousands separators (`1,234,567`,
/// `150 000`, `150'000`), perhaps with a decimal mark after them
/// (`150,000.0`, `1.500,0`), said with the number written plainly.
fn separators(bound: &str, body: &str) -> Option<String> {
    let (groups, marks) = digit_groups(body)?;
    let thousands = *marks.first()?;
    let decimal = marks.last().copied().filter(|&mark| mark != thousands);
    let grouping = &marks[..marks.len() - usize::from(decimal.is_some())];
    let fraction = decimal.and_then(|_| groups.last());
    let whole = &groups[..groups.len() - usize::from(decimal.is_some())];
    let well_grouped = grouping.iter().all(|&mark| mark == thousands)
        && whole
            .first()
            .is_some_and(|first| (1..=3).contains(&first.len()))
        && whole.iter().skip(1).all(|group| group.len() == 3);
    // One comma or point alone is `describe`'s (`150,000` may be either)
    // or a number; the others are never a decimal mark.
    let repeated = grouping.len() > 1 || !matches!(thousands, ',' | '.');
    if !well_grouped || !(repeated || decimal.is_some()) {
        return None;
    }
    if !matches!(decimal, None | Some(',' | '.')) {
        return None;
    }
    let (name, names) = separator_name(thousands)?;
    let written = format!(
        "{bound}{}{}",
        whole.concat(),
        fraction.map_or(String::new(), |fraction| format!(".{fraction}"))
    );
    Some(match decimal {
        None if grouping.len() > 1 => format!(
            "{names} as thousands separators? hemotrend reads none: write the number without \
             them ({written})"
        ),
        None => format!(
            "{name} as a thousands separator? hemotrend reads none: write the number without \
             it ({written})"
        ),
        Some('.') => format!(
            "a thousands separator beside a decimal point? hemotrend reads none: write the \
             number without it ({written})"
        ),
        Some(_) => format!(
            "a thousands separator beside a decimal comma? hemotrend reads neither: write the \
             number without separators, with a point for decimals ({written})"
        ),
    })
}

/// The runs of digits of a text and the one character between each two,
/// when the text is nothing else and starts and ends with a digit.
fn digit_groups(text: &str) -> Option<(Vec<&str>, Vec<char>)> {
    let mut groups = Vec::new();
    let mut marks = Vec::new();
    let mut rest = text;
    loop {
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        groups.push(&rest[..len]);
        rest = &rest[len..];
        let mut chars = rest.chars();
        let Some(mark) = chars.next() else {
            break;
        };
        marks.push(mark);
        rest = chars.as_str();
    }
    (!marks.is_empty()).then_some((groups, marks))
}

/// A thousands separator's name, one and several, or `None` for a
/// character that is none (`1-500` is no thousand and five hundred).
fn separator_name(mark: char) -> Option<(&'static str, &'static str)> {
    Some(match mark {
        ',' => ("a comma", "commas"),
        '.' => ("a point", "points"),
        ' ' => ("a space", "spaces"),
        '\u{a0}' => ("a no-break space", "no-break spaces"),
        '\u{202f}' => ("a narrow no-break space", "narrow no-break spaces"),
        '\'' | '\u{2019}' => ("an apostrophe", "apostrophes"),
        _ => return None,
    })
}

/// Flags as lab systems print them beside a value.
const FLAGS: [&str; 16] = [
    "l", "h", "ll", "hh", "lo", "hi", "low", "high", "a", "aa", "c", "crit", "abn", "n", "*", "!",
];

/// `9.5 L`, `0.1L`, `9.5H` (a flag after the number) or `9.5 g/dL` (a unit
/// or a note).
fn flag_or_unit(body: &str) -> Option<String> {
    let len = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let (number, rest) = body.split_at(len);
    let tail = rest.trim_start();
    let spaced = tail.len() < rest.len();
    let first = tail.chars().next()?;
    // `1e` is a number's exponent cut short, not a flag.
    let exponent = matches!(first, 'e' | 'E')
        && tail[1..]
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'+' || b == b'-');
    if !is_plain_number(number) || exponent || !(first.is_alphabetic() || "*!(µμ".contains(first))
    {
        return None;
    }
    let flag = tail.trim_matches(['(', ')', ' ']);
    if FLAGS.iter().any(|known| flag.eq_ignore_ascii_case(known)) {
        return Some(format!(
            "a number followed by a flag? hemotrend reads the number alone and flags it \
             against its limits: write {number}, and put the flag in its own column"
        ));
    }
    // Only a word set apart is a unit or a note: `0x10` is no number
    // followed by `x10`.
    spaced.then(|| {
        "a number followed by a unit or a note? hemotrend reads the number alone: give the \
         unit in the column's header (`hgb (g/L)`) or its unit column, and a note a column \
         of its own"
            .to_string()
    })
}
