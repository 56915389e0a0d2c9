//! Every member of a gzip stream in turn, as `gzip -d` reads them, and zero
//! bytes after the last one passed over as `gzip -d` passes them over:
//! padding to a block's size (a tape, a fixed-size upload) after data whose
//! every member was checked whole. flate2's `MultiGzDecoder` reads such
//! zeros as the header of another member, which made the file unreadable.

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

/// The text of a gzip stream: each member, then the end at the input's end
/// or at zero padding running to it. Any other byte after a member starts
/// another, so damage there is an error, never a short text.
pub struct GzipMembers<R: BufRead> {
    /// The member being read; `None` once the stream has ended.
    member: Option<GzDecoder<R>>,
}

impl<R: BufRead> GzipMembers<R> {
    pub fn new(compressed: R) -> GzipMembers<R> {
        GzipMembers {
            member: Some(GzDecoder::new(compressed)),
        }
    }
}

impl<R: BufRead> Read for GzipMembers<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(member) = self.member.as_mut() else {
                return Ok(0);
            };
            let read = member.read(buffer)?;
            if read > 0 || buffer.is_empty() {
                return Ok(read);
            }
            // The member ended, its checksum and length checked: then the
            // input ends, zeros run to its end, or another member starts.
            let after = member.get_mut();
            match after.fill_buf()?.first() {
                None => {
                    self.member = None;
                }
                Some(0) => {
                    pass_over_zeros(after)?;
                    self.member = None;
                }
                Some(_) => {
                    let rest = self.member.take().map(GzDecoder::into_inner);
                    self.member = rest.map(GzDecoder::new);
                }
            }
        }
    }
}

/// Reads `input` to its end, which must hold zeros alone.
fn pass_over_zeros(input: &mut impl BufRead) -> io::Result<()> {
    loop {
        let bytes = input.fill_buf()?;
        if bytes.is_empty() {
            return Ok(());
        }
        if bytes.iter().any(|&byte| byte != 0) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "bytes other than zeros after zero padding",
            ));
        }
        let len = bytes.len();
        input.consume(len);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn gzip(text: &str) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap()
    }

    /// The text of `compressed`, read through a buffer of `capacity` bytes
    /// (small ones split the padding and the members' ends).
    fn inflated(compressed: &[u8], capacity: usize) -> io::Result<String> {
        let input = io::BufReader::with_capacity(capacity, compressed);
        let mut text = String::new();
        GzipMembers::new(input).read_to_string(&mut text)?;
        Ok(text)
    }

    #[test]
    fn every_member_is_read_and_zero_padding_passed_over() {
        let mut two = gzip("a,b\n1,2\n");
        two.extend(gzip("3,4\n"));
        for capacity in [1, 3, 64, 1 << 16] {
            assert_eq!(inflated(&two, capacity).unwrap(), "a,b\n1,2\n3,4\n");
            let mut padded = two.clone();
            padded.extend([0; 700]);
            assert_eq!(inflated(&padded, capacity).unwrap(), "a,b\n1,2\n3,4\n");
        }
    }

    #[test]
    fn anything_but_a_member_or_zeros_after_a_member_is_an_error() {
        let member = gzip("a,b\n1,2\n");
        for capacity in [1, 5, 1 << 16] {
            // Zeros, then something else.
            let mut zeros_then_text = member.clone();
            zeros_then_text.extend([0, 0, 0, b'x']);
            let error = inflated(&zeros_then_text, capacity).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidData, "{capacity}");
            // Bytes that are no gzip header.
            let mut text_after = member.clone();
            text_after.extend(b"x,y\n");
            assert!(inflated(&text_after, capacity).is_err(), "{capacity}");
            // A member cut short, after a whole one.
            let mut cut = member.clone();
            cut.extend(&member[..member.len() - 3]);
            assert!(inflated(&cut, capacity).is_err(), "{capacity}");
            // The first member cut short in its checksum, padded with zeros.
            let mut cut_padded = member[..member.len() - 6].to_vec();
            cut_padded.extend([0; 64]);
            assert!(inflated(&cut_padded, capacity).is_err(), "{capacity}");
        }
    }
}
