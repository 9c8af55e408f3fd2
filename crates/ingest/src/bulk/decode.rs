//! Text encoding: detects a byte-order mark, or UTF-8 validity over the first 64 KiB, and
//! transcodes the rest of the stream to UTF-8 as it is read, never holding the file whole.

use std::io::{self, Chain, Cursor, Read};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

use super::kind::TextEncoding;

/// How much of the start of a file is looked at to decide its encoding and format.
pub(crate) const SAMPLE_BYTES: usize = 64 * 1024;

/// The input, transcoded to UTF-8. Bytes that are invalid in the detected encoding become
/// U+FFFD rather than errors, so a stray byte deep in a large file costs one character, not
/// the import.
pub(crate) type Decoded<R> = DecodeReaderBytes<Chain<Cursor<Vec<u8>>, R>, Vec<u8>>;

/// Reads the first 64 KiB, decides the encoding and returns a UTF-8 stream of the whole input.
pub(crate) fn decode<R: Read>(mut input: R) -> io::Result<(Decoded<R>, TextEncoding)> {
    let (mut sample, eof) = read_sample(&mut input, SAMPLE_BYTES)?;
    let (detected, bom_len) = detect(&sample, eof);
    // The BOM is dropped here rather than by the decoder so the first header never carries it.
    sample.drain(..bom_len);
    let encoding: &'static Encoding = match detected {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => UTF_8,
        TextEncoding::Utf16Le => UTF_16LE,
        TextEncoding::Utf16Be => UTF_16BE,
        TextEncoding::Windows1252 => WINDOWS_1252,
    };
    let reader = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .build(Cursor::new(sample).chain(input));
    Ok((reader, detected))
}

/// Up to `limit` bytes from the start of `r`, and whether the input ended within them.
pub(crate) fn read_sample(r: &mut impl Read, limit: usize) -> io::Result<(Vec<u8>, bool)> {
    let mut buf = vec![0u8; limit];
    let mut filled = 0;
    while filled < limit {
        match r.read(&mut buf[filled..]) {
            Ok(0) => {
                buf.truncate(filled);
                return Ok((buf, true));
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((buf, false))
}

/// The encoding and the length of its byte-order mark.
fn detect(sample: &[u8], eof: bool) -> (TextEncoding, usize) {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return (TextEncoding::Utf8Bom, 3);
    }
    if sample.starts_with(&[0xFF, 0xFE]) {
        return (TextEncoding::Utf16Le, 2);
    }
    if sample.starts_with(&[0xFE, 0xFF]) {
        return (TextEncoding::Utf16Be, 2);
    }
    match std::str::from_utf8(sample) {
        Ok(_) => (TextEncoding::Utf8, 0),
        // A character cut by the 64 KiB boundary is not evidence against UTF-8; one cut by
        // the end of the file is.
        Err(e) if e.error_len().is_none() && !eof => (TextEncoding::Utf8, 0),
        Err(_) => (TextEncoding::Windows1252, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> (String, TextEncoding) {
        let (mut r, enc) = decode(bytes).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        (s, enc)
    }

    #[test]
    fn boms_and_fallback() {
        assert_eq!(
            decoded(b"\xEF\xBB\xBFName"),
            ("Name".into(), TextEncoding::Utf8Bom)
        );
        assert_eq!(
            decoded(b"\xFF\xFEN\0a\0"),
            ("Na".into(), TextEncoding::Utf16Le)
        );
        assert_eq!(
            decoded(b"\xFE\xFF\0N\0a"),
            ("Na".into(), TextEncoding::Utf16Be)
        );
        assert_eq!(
            decoded("José".as_bytes()),
            ("José".into(), TextEncoding::Utf8)
        );
        assert_eq!(
            decoded(b"Jos\xE9 \x80"),
            ("José €".into(), TextEncoding::Windows1252)
        );
        assert_eq!(decoded(b""), (String::new(), TextEncoding::Utf8));
    }

    #[test]
    fn a_character_cut_at_the_sample_boundary_is_still_utf8() {
        let mut bytes = vec![b'a'; SAMPLE_BYTES - 1];
        bytes.extend_from_slice("é and more".as_bytes());
        let (s, enc) = decoded(&bytes);
        assert_eq!(enc, TextEncoding::Utf8);
        assert!(s.ends_with("é and more"));
        // A truncated character at the very end of the file is not UTF-8.
        assert_eq!(decoded(b"abc\xC3").1, TextEncoding::Windows1252);
    }

    #[test]
    fn invalid_utf8_after_the_sample_becomes_a_replacement_character() {
        let mut bytes = vec![b'a'; SAMPLE_BYTES + 10];
        bytes.push(0xFF);
        let (s, enc) = decoded(&bytes);
        assert_eq!(enc, TextEncoding::Utf8);
        assert!(s.ends_with('\u{FFFD}'));
    }
}
