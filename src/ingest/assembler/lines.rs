//! Each entry's first line, in little memory: in a wide file without blank
//! lines or rejected rows, entry `e` is on line `e + k` for one `k`, so only
//! the entries where `k` changes are stored; when it changes too often (a
//! long file, whose entries span several lines), every line is.

/// The first line of every entry, pushed in entry order.
#[derive(Debug)]
pub enum Lines {
    /// `(entry, k)`: from this entry on, entry `e` is on line `e + k`.
    Sparse {
        /// The changes of `k`, by entry.
        changes: Vec<(u32, i64)>,
        /// How many entries.
        len: u32,
    },
    /// Every entry's line.
    Dense(Vec<u64>),
}

impl Default for Lines {
    fn default() -> Self {
        Lines::Sparse {
            changes: Vec::new(),
            len: 0,
        }
    }
}

impl Lines {
    /// Records the line of the next entry, `entry`.
    pub fn push(&mut self, entry: u32, line: u64) {
        match self {
            Lines::Dense(lines) => lines.push(line),
            Lines::Sparse { changes, len } => {
                let offset = line as i64 - i64::from(entry);
                if changes.last().is_none_or(|&(_, k)| k != offset) {
                    changes.push((entry, offset));
                }
                *len = entry + 1;
                // A change costs 16 bytes, a dense line 8: switch when the
                // changes outweigh the lines.
                if changes.len() > 64 && changes.len() * 2 > *len as usize {
                    let dense = (0..*len).map(|e| sparse_line(changes, e)).collect();
                    *self = Lines::Dense(dense);
                }
            }
        }
    }

    /// The line of `entry`.
    pub fn get(&self, entry: u32) -> u64 {
        match self {
            Lines::Dense(lines) => lines.get(entry as usize).copied().unwrap_or_default(),
            Lines::Sparse { changes, .. } => sparse_line(changes, entry),
        }
    }
}

fn sparse_line(changes: &[(u32, i64)], entry: u32) -> u64 {
    let after = changes.partition_point(|&(from, _)| from <= entry);
    let offset = after.checked_sub(1).map_or(0, |i| changes[i].1);
    (i64::from(entry) + offset) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_back_sparse_or_dense() {
        let lines_of = |count: u32, line: fn(u32) -> u64| {
            let mut lines = Lines::default();
            for entry in 0..count {
                lines.push(entry, line(entry));
            }
            let back: Vec<u64> = (0..count).map(|e| lines.get(e)).collect();
            let expected: Vec<u64> = (0..count).map(line).collect();
            assert_eq!(back, expected);
            matches!(lines, Lines::Dense(_))
        };
        assert!(!lines_of(1000, |e| u64::from(e) + 2 + u64::from(e / 300)));
        assert!(lines_of(1000, |e| 2 + 7 * u64::from(e)));
        assert!(!lines_of(3, |e| 2 + 7 * u64::from(e)));
    }
}
