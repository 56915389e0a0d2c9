//! Which files a command line names, and how each is opened: files as
//! given (`-` is standard input), folders as the export they are
//! ([`folder`]); gzip read by its magic bytes, never by its name, and
//! streamed; then the reader each file's contents need.

mod folder;
mod gzip_members;
mod inflate;

use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::options::CountingReader;
pub(super) use gzip_members::GzipMembers;

pub use folder::{JoinTable, Planned, plan_paths};

/// The two bytes every gzip member starts with (RFC 1952).
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
/// Bytes read from the file (or the decoder) at a time.
const BUFFER: usize = 1 << 16;

/// A file's bytes as a stream, after any decompression.
pub type Stream<'a> = Box<dyn BufRead + Send + 'a>;

/// A file opened for the reader of its shape.
pub enum Input<'a> {
    /// CSV, read as a stream.
    Csv(Stream<'a>),
    /// JSON or NDJSON (FHIR), read whole.
    Json(String),
    /// HL7 v2 messages, read whole as bytes (their text need not be UTF-8).
    Hl7(Vec<u8>),
}

/// Where a planned file's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
}

impl Origin {
    /// The name rejections and warnings give.
    pub fn name(&self) -> String {
        match self {
            Origin::Path(path) => path.display().to_string(),
            Origin::Stdin => STDIN_NAME.to_string(),
        }
    }
}

/// How standard input is named in reports.
pub const STDIN_NAME: &str = "standard input";

/// Where a gzip file is inflated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inflate {
    /// As the reader reads: the CSV reader's workers read (and so inflate)
    /// in turns with parsing, each when the input is free.
    AsRead,
    /// On a thread of its own, ahead of a reader that parses on one.
    Ahead,
}

/// Opens a file's bytes read-only, decompressed when they are gzip (by the
/// magic bytes: a `.gz` name is neither needed nor trusted) where `inflate`
/// says, counting the bytes read from the file itself (compressed) into
/// `counter`.
pub fn open_stream<'a>(
    origin: &Origin,
    counter: Option<&'a std::sync::atomic::AtomicU64>,
    inflate: Inflate,
) -> io::Result<Stream<'a>> {
    let raw: Box<dyn Read + Send> = match origin {
        Origin::Path(path) => Box::new(fs::File::open(path)?),
        Origin::Stdin => Box::new(io::stdin()),
    };
    let mut reader = BufReader::with_capacity(BUFFER, CountingReader::new(raw, counter));
    if inflate == Inflate::Ahead && reader.fill_buf()?.starts_with(GZIP_MAGIC) {
        // The bytes read so far (counted already), then the rest of the
        // file, inflated on a thread of its own while the text is parsed.
        let head = reader.buffer().to_vec();
        let counted = head.len() as u64;
        let rest = reader.into_inner().into_inner();
        let inflating =
            inflate::Inflating::start(io::Cursor::new(head).chain(rest), counter, counted)?;
        return Ok(Box::new(inflating));
    }
    decompressed(reader)
}

/// The bytes of `reader`, through a gzip decoder when they start as gzip
/// does. Every member of a multi-member file is read, and zero padding
/// after the last passed over (as `gzip -d` does); a truncated or damaged
/// stream is an I/O error when the reader reaches it, so the file is
/// reported unreadable, never half-loaded in silence.
pub fn decompressed<'a, R: BufRead + Send + 'a>(mut reader: R) -> io::Result<Stream<'a>> {
    if reader.fill_buf()?.starts_with(GZIP_MAGIC) {
        let decoder = Explained(GzipMembers::new(reader));
        return Ok(Box::new(BufReader::with_capacity(BUFFER, decoder)));
    }
    Ok(Box::new(reader))
}

/// A gzip decoder whose errors say what happened to the file.
struct Explained<R>(R);

impl<R: Read> Read for Explained<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(explain_gzip)
    }
}

/// A gzip decoder's error in words a user can act on: the decoder's own
/// ("incomplete deflate stream") names neither the cause nor the remedy.
pub(super) fn explain_gzip(error: io::Error) -> io::Error {
    let text = error.to_string();
    // Bytes after a complete member (other than zero padding) are read as
    // the start of another, so they read as one of these too.
    let reason = if error.kind() == io::ErrorKind::UnexpectedEof || text.contains("incomplete") {
        "the gzip data stops before its end: the file is cut short (still being copied, or a \
         download that stopped), or has a few bytes after its end; copy it again"
            .to_string()
    } else if matches!(
        error.kind(),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData
    ) {
        format!(
            "the gzip data is damaged, or has bytes after its end ({text}); copy the file again"
        )
    } else {
        return error;
    };
    io::Error::new(error.kind(), reason)
}

/// Opens a planned file for its reader, past a UTF-8 byte-order mark if it
/// starts with one: as HL7 v2 by [`is_hl7_bytes`]; as JSON when it is named
/// `*.json` or `*.ndjson` (either `.gz` too) or its first character is `{`
/// (no CSV header starts so); else as CSV.
pub fn open_input<'a>(
    origin: &Origin,
    counter: Option<&'a std::sync::atomic::AtomicU64>,
) -> io::Result<Input<'a>> {
    let mut reader = skip_bom(open_stream(origin, counter, Inflate::AsRead)?)?;
    let name = origin.name();
    if is_hl7_bytes(&name, reader.fill_buf()?) {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        return Ok(Input::Hl7(bytes));
    }
    let named_json = match origin {
        Origin::Path(path) => {
            has_data_extension(path, "json") || has_data_extension(path, "ndjson")
        }
        Origin::Stdin => false,
    };
    if named_json || starts_with_brace(reader.fill_buf()?) {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        return json_text(bytes).map(Input::Json);
    }
    Ok(Input::Csv(reader))
}

/// A JSON file's text; one that is not UTF-8 (which JSON must be) names
/// the line of its first bad byte and what to do, as the CSV readers do.
pub(crate) fn json_text(bytes: Vec<u8>) -> io::Result<String> {
    String::from_utf8(bytes).map_err(|error| {
        let bad = error.utf8_error().valid_up_to();
        let line = memchr::memchr_iter(b'\n', &error.as_bytes()[..bad]).count() + 1;
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "line {line} is not valid UTF-8 text, which JSON must be (if the file is in \
                 another encoding, such as Latin-1, save it as UTF-8)"
            ),
        )
    })
}

/// Whether a text (named `name`) is JSON, by the rule of [`open_input`].
pub fn is_json_bytes(name: &str, bytes: &[u8]) -> bool {
    has_data_extension(Path::new(name), "json")
        || has_data_extension(Path::new(name), "ndjson")
        || starts_with_brace(bytes)
}

/// Whether a file (named `name`, starting with `bytes` past any BOM) holds
/// HL7 v2 messages: named `*.hl7`, or (unless named `*.csv`) starting with
/// `MSH|`, `FHS|` or `BHS|` (after any white space) or the MLLP start byte
/// 0x0B.
pub fn is_hl7_bytes(name: &str, bytes: &[u8]) -> bool {
    let path = Path::new(name);
    if has_data_extension(path, "hl7") {
        return true;
    }
    if has_data_extension(path, "csv") {
        return false;
    }
    if bytes.first() == Some(&0x0B) {
        return true;
    }
    let start = bytes.iter().position(|byte| !byte.is_ascii_whitespace());
    let rest = start.map_or(&[][..], |at| &bytes[at..]);
    rest.len() > 3 && [&b"MSH|"[..], b"FHS|", b"BHS|"].contains(&&rest[..4])
}

/// True when the path ends in `.wanted` or `.wanted.gz` (any case).
pub fn has_data_extension(path: &Path, wanted: &str) -> bool {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.')
        .is_some_and(|(_, extension)| extension == wanted)
}

/// True when the first byte that is not white space is `{`.
fn starts_with_brace(bytes: &[u8]) -> bool {
    bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{')
}

/// Consumes a leading UTF-8 BOM (EF BB BF); a BOM adds no line.
pub(super) fn skip_bom<R: BufRead>(mut reader: R) -> io::Result<R> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let start = reader.fill_buf()?;
    if start.starts_with(BOM) {
        reader.consume(BOM.len());
    }
    Ok(reader)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    /// `bytes` as one gzip member (the inflating reader's tests use it too).
    pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn read_all(bytes: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        decompressed(bytes)?.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn bom_is_skipped_and_other_bytes_kept() {
        let mut text = String::new();
        skip_bom(&b"\xEF\xBB\xBFa,b\n"[..])
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "a,b\n");
        let mut text = String::new();
        skip_bom(&b"a,b\n"[..])
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "a,b\n");
    }

    #[test]
    fn gzip_is_read_by_its_magic_bytes_every_member_of_it() {
        let mut two = gzip(b"a,b\n");
        two.extend(gzip(b"1,2\n"));
        assert_eq!(read_all(&two).unwrap(), b"a,b\n1,2\n");
        assert_eq!(read_all(b"a,b\n").unwrap(), b"a,b\n");
    }

    #[test]
    fn a_truncated_or_fake_gzip_stream_is_an_error_not_a_short_file() {
        let whole = gzip(&b"patient,date,plt\n".repeat(1000));
        // Each says what became of the file, not the decoder's words.
        let cut = read_all(&whole[..whole.len() / 2]).unwrap_err().to_string();
        assert!(cut.contains("the file is cut short"), "{cut}");
        let fake = read_all(&[0x1f, 0x8b, b'a', b',', b'b', b'\n']).unwrap_err();
        assert!(fake.to_string().starts_with("the gzip data"), "{fake}");
    }

    #[test]
    fn a_json_text_that_is_not_utf8_names_its_line_and_what_to_do() {
        let error = json_text(b"{\n\"a\": 1,\n\"b\": \"J\xf6rge\"}".to_vec()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 3 is not valid UTF-8 text, which JSON must be (if the file is in another \
             encoding, such as Latin-1, save it as UTF-8)"
        );
        assert_eq!(json_text(b"{}".to_vec()).unwrap(), "{}");
    }

    #[test]
    fn extensions_are_read_through_gz() {
        assert!(has_data_extension(Path::new("a/B.JSON.gz"), "json"));
        assert!(has_data_extension(Path::new("a/b.csv"), "csv"));
        assert!(!has_data_extension(Path::new("a/b.gz"), "csv"));
        assert!(!has_data_extension(Path::new("csv"), "csv"));
    }
}
