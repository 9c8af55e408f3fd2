//! `sniff`: tells a file's kind from its bytes. A file name is only consulted to choose
//! between text kinds the bytes cannot tell apart (Markdown vs plain text); it never
//! overrides what the bytes say.

use std::io::Cursor;

use super::FileKind;
use super::decode::{decode, utf16_without_bom};

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Judges what `bytes` are. `name` only breaks ties between text kinds.
pub fn sniff(bytes: &[u8], name: Option<&str>) -> FileKind {
    if let Some(kind) = sniff_binary(bytes) {
        return kind;
    }
    if !looks_like_text(bytes) {
        return FileKind::Binary;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let head = decode(sample, None).text;
    if looks_like_email(&head) {
        return FileKind::Eml;
    }
    if looks_like_html(&head) {
        return FileKind::Html;
    }
    match name.and_then(FileKind::from_name) {
        Some(k) if k.is_text_like() => k,
        _ => FileKind::Text,
    }
}

/// Formats recognised by magic numbers.
fn sniff_binary(bytes: &[u8]) -> Option<FileKind> {
    // Some producers put junk (or a MacBinary header) before `%PDF-`; readers accept
    // the marker anywhere in the first kilobyte, and so do we.
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Some(FileKind::Ole);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(if zip_is_docx(bytes) {
            FileKind::Docx
        } else {
            FileKind::Zip
        });
    }
    let image = bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || (bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP");
    image.then_some(FileKind::Image)
}

/// A Word document holds `word/document.xml`, or at least an OOXML content-types part
/// next to `word/` parts (then a missing main part is damage, not another format).
fn zip_is_docx(bytes: &[u8]) -> bool {
    match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => {
            let mut has_types = false;
            let mut has_word = false;
            for name in archive.file_names_raw() {
                if name == b"word/document.xml" {
                    return true;
                }
                has_types |= name == b"[Content_Types].xml";
                has_word |= name.starts_with(b"word/");
            }
            has_types && has_word
        }
        // A damaged archive: local headers still name the parts.
        Err(_) => contains(bytes, b"word/document.xml"),
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Text has no NUL bytes (unless it is UTF-16) and few control characters.
fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if encoding_rs::Encoding::for_bom(sample).is_some() || utf16_without_bom(sample).is_some() {
        return true;
    }
    // A stray NUL or control character in a text file is damage to clean up, not proof
    // of a binary format — those are full of them.
    let (mut nuls, mut controls) = (0usize, 0usize);
    for &b in sample {
        match b {
            0 => nuls += 1,
            b'\t' | b'\n' | b'\r' | 0x0C | 0x1B => {}
            0x01..=0x1F | 0x7F => controls += 1,
            _ => {}
        }
    }
    let allowed = (sample.len() / 100).max(2);
    nuls <= allowed && nuls + controls <= allowed.max(sample.len() / 50)
}

/// An e-mail starts with a block of `Name: value` headers including one that only mail
/// has (resumes can start with "Name:" or "Phone:", never with "Received:").
fn looks_like_email(head: &str) -> bool {
    const STRONG: [&str; 6] = [
        "from",
        "received",
        "mime-version",
        "return-path",
        "delivered-to",
        "message-id",
    ];
    let mut headers = 0usize;
    let mut strong = false;
    for (i, line) in head
        .trim_start_matches('\u{FEFF}')
        .lines()
        .take(40)
        .enumerate()
    {
        if i == 0 && line.starts_with("From ") {
            // mbox separator line.
            continue;
        }
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) && headers > 0 {
            continue;
        }
        let Some((field, _)) = line.split_once(':') else {
            return false;
        };
        if field.is_empty()
            || !field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return false;
        }
        strong |= STRONG.contains(&field.to_ascii_lowercase().as_str());
        headers += 1;
    }
    strong && headers >= 2
}

/// HTML starts with markup and names an HTML element early on.
fn looks_like_html(head: &str) -> bool {
    let trimmed = head.trim_start_matches('\u{FEFF}').trim_start();
    if !trimmed.starts_with('<') {
        return false;
    }
    let lower = trimmed
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
        "<div",
        "<p>",
        "<p ",
        "<table",
        "<h1",
        "<ul",
        "<br",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff(b"%PDF-1.7\n...", None), FileKind::Pdf);
        assert_eq!(sniff(b"junk\n%PDF-1.4", Some("x.txt")), FileKind::Pdf);
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0", Some("cv.pdf")),
            FileKind::Image
        );
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0], None), FileKind::Image);
        assert_eq!(sniff(OLE_MAGIC, Some("cv.docx")), FileKind::Ole);
        assert_eq!(sniff(b"PK\x05\x06", None), FileKind::Zip);
        assert_eq!(sniff(&[0, 1, 2, 3, 0, 200], None), FileKind::Binary);
    }

    #[test]
    fn text_kinds() {
        assert_eq!(sniff(b"<!DOCTYPE html><p>x", Some("a.txt")), FileKind::Html);
        assert_eq!(sniff(b"  <div>hi</div>", None), FileKind::Html);
        assert_eq!(sniff(b"# Jane\n\nRust", Some("cv.md")), FileKind::Markdown);
        assert_eq!(sniff(b"# Jane\n\nRust", None), FileKind::Text);
        assert_eq!(sniff(b"# Jane\n\nRust", Some("cv.pdf")), FileKind::Text);
        assert_eq!(sniff(b"Caf\xE9 au lait", None), FileKind::Text);
        assert_eq!(
            sniff(b"a <b>bold</b> claim", Some("x.html")),
            FileKind::Html
        );
    }

    #[test]
    fn email_needs_mail_only_headers() {
        let mail = b"Received: from x\n\tby y\nFrom: a@b.c\nSubject: hi\n\nbody";
        assert_eq!(sniff(mail, Some("req.txt")), FileKind::Eml);
        assert_eq!(
            sniff(b"MIME-Version: 1.0\nFrom: a@b.c\n\nx", None),
            FileKind::Eml
        );
        let resume = b"Name: Jane Doe\nPhone: 555\n\nExperience";
        assert_eq!(sniff(resume, None), FileKind::Text);
        assert_eq!(
            sniff(b"From: me\nthis is prose, not a header", None),
            FileKind::Text
        );
    }
}
