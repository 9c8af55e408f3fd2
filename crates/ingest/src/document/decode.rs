//! Bytes to `String` for text-like files: byte-order marks, BOM-less UTF-16, UTF-8, and
//! Windows-1252 as the last resort — decoding never fails, it only guesses.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The text and the name of the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes`, honouring a BOM, else a declared charset (HTML's `<meta charset>`),
/// else UTF-8 when valid, else Windows-1252 (a superset of Latin-1 for printable text).
pub(crate) fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return with(enc, &bytes[bom_len..]);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return with(enc, bytes);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_owned(),
            encoding: UTF_8.name(),
        };
    }
    // A declared UTF-8 that fails validation is a lie; Windows-1252 reads more of it.
    match declared {
        Some(enc) if enc != UTF_8 => with(enc, bytes),
        _ => with(WINDOWS_1252, bytes),
    }
}

fn with(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
    }
}

/// Text saved as UTF-16 without a BOM shows as ASCII interleaved with zero bytes: many
/// zeros at one parity of position and almost none at the other.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 8 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let half = sample.len() / 2;
    if odd * 10 > half * 4 && even * 20 < half {
        Some(UTF_16LE)
    } else if even * 10 > half * 4 && odd * 20 < half {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The encoding an HTML page declares in its first kilobytes (`<meta charset=…>` or
/// `content="text/html; charset=…"`), if encoding_rs knows the label.
pub(crate) fn html_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &lower[pos..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_win() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9", None).text, "café");
        let le: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0].to_vec();
        assert_eq!(decode(&le, None).text, "hi");
        let be: Vec<u8> = [0xFE, 0xFF, 0, b'h', 0, b'i'].to_vec();
        assert_eq!(decode(&be, None).text, "hi");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "Jane Doe, engineer"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&le, None).text, "Jane Doe, engineer");
        let be: Vec<u8> = "Jane Doe, engineer"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&be, None).text, "Jane Doe, engineer");
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let d = decode(b"Caf\xE9 \x93quoted\x94", None);
        assert_eq!(d.text, "Café \u{201C}quoted\u{201D}");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn declared_charset_is_found() {
        let enc = html_declared_charset(b"<meta charset=\"ISO-8859-2\">");
        assert_eq!(enc.map(Encoding::name), Some("ISO-8859-2"));
        let enc = html_declared_charset(b"<meta content='text/html; charset=utf-8'>");
        assert_eq!(enc, Some(UTF_8));
        assert_eq!(html_declared_charset(b"<p>no charset</p>"), None);
    }
}
