//! Uploaded file bytes to plain text: PDF (with OCR for scans), DOCX, HTML, Markdown and
//! text. Recognises the format from the bytes, enforces size and zip-bomb limits, and
//! reports problems as `DocumentError`s worded for the uploader. Pure apart from OCR,
//! which runs the `pdftoppm` and `tesseract` programs when they are installed.

mod decode;
mod docx;
mod docx_xml;
mod error;
mod html;
mod html_entities;
mod kind;
mod links;
mod markdown;
mod mojibake;
pub(crate) mod normalize;
mod ocr;
mod ole;
mod pdf;
mod pdf_guard;
mod sniff;
mod zipread;

use std::time::Duration;

use sha2::{Digest, Sha256};

pub use error::DocumentError;
pub use kind::FileKind;
pub use pdf::ocr_available;
pub use sniff::sniff;

pub(crate) use html::to_text as html_to_text;
pub(crate) use html_entities::decode_entities;

use links::LinkSet;

/// Limits that keep one upload from using unbounded memory or time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted upload.
    pub max_bytes: usize,
    /// Most bytes read out of a ZIP container (DOCX) in total, whatever it declares.
    pub max_unzipped_bytes: u64,
    /// Most entries a ZIP container may list.
    pub max_zip_entries: usize,
    /// Run OCR on PDFs without a text layer when `pdftoppm` and `tesseract` are on PATH.
    pub ocr: bool,
    /// Pages rasterised and recognised at most; the rest of a scan is skipped with a warning.
    pub max_ocr_pages: u32,
    /// Wall-clock limit for each external program run; the program is killed after it.
    pub ocr_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_unzipped_bytes: 50 * 1024 * 1024,
            max_zip_entries: 2_000,
            ocr: true,
            max_ocr_pages: 10,
            ocr_timeout: Duration::from_secs(60),
        }
    }
}

/// A file's text and what was learnt while reading it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    pub kind: FileKind,
    /// Normalised text: `\n` line ends, single spaces, at most one blank line in a row.
    pub text: String,
    /// Lower-case hex SHA-256 of the uploaded bytes (documents are content-addressed).
    pub sha256: String,
    /// Page count, for PDFs.
    pub pages: Option<u32>,
    /// Whether the text came from OCR.
    pub ocr_used: bool,
    /// Hyperlink targets (web, mail, phone), first occurrence order, without duplicates.
    pub links: Vec<String>,
    /// Things the uploader may want to know that did not stop extraction.
    pub warnings: Vec<String>,
}

/// What a format reader hands back before normalisation.
#[derive(Debug, Default)]
struct Extracted {
    text: String,
    pages: Option<u32>,
    ocr_used: bool,
    links: LinkSet,
    warnings: Vec<String>,
}

/// Who is asking, for messages: the file's name and the limits in force.
#[derive(Debug, Clone, Copy)]
struct Ctx<'a> {
    name: Option<&'a str>,
    limits: &'a Limits,
}

impl Ctx<'_> {
    fn name(&self) -> Option<String> {
        self.name.map(str::to_owned)
    }

    fn corrupt(&self, kind: FileKind, reason: impl Into<String>) -> DocumentError {
        DocumentError::Corrupt {
            name: self.name(),
            kind,
            reason: reason.into(),
        }
    }

    fn unsupported(&self, kind: FileKind, hint: impl Into<String>) -> DocumentError {
        DocumentError::Unsupported {
            name: self.name(),
            kind,
            hint: hint.into(),
        }
    }
}

const SUPPORTED: &str = "upload a PDF, DOCX, HTML, Markdown or plain-text file";

/// Reads `bytes` as whatever they turn out to be and returns their text. `name` is used
/// in messages and to choose between Markdown and plain text; a name whose extension
/// disagrees with the content is reported in `warnings`, and the content wins.
pub fn extract(
    bytes: &[u8],
    name: Option<&str>,
    limits: &Limits,
) -> Result<Document, DocumentError> {
    let ctx = Ctx { name, limits };
    if bytes.is_empty() {
        return Err(DocumentError::Empty { name: ctx.name() });
    }
    if bytes.len() > limits.max_bytes {
        return Err(DocumentError::TooLarge {
            name: ctx.name(),
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let kind = sniff(bytes, name);
    let mut out = match kind {
        FileKind::Pdf => pdf::extract(bytes, &ctx)?,
        FileKind::Docx => docx::extract(bytes, &ctx)?,
        FileKind::Html => html::extract(bytes),
        FileKind::Markdown => markdown::extract(bytes),
        FileKind::Text => text(bytes),
        FileKind::Ole => return Err(ole::classify(bytes, &ctx)),
        FileKind::Eml => {
            return Err(
                ctx.unsupported(kind, "import it as an e-mail (requirements inbox) instead")
            );
        }
        FileKind::Zip => {
            return Err(ctx.unsupported(kind, format!("it is not a Word document; {SUPPORTED}")));
        }
        FileKind::Image => {
            return Err(ctx.unsupported(kind, format!("save or scan it as a PDF, or {SUPPORTED}")));
        }
        FileKind::Binary => return Err(ctx.unsupported(kind, SUPPORTED)),
    };
    if let Some(warning) = extension_mismatch(name, kind) {
        out.warnings.insert(0, warning);
    }
    // Repairs are silent: the text now says what the author wrote.
    let (repaired, _) = mojibake::repair(&out.text);
    let text = normalize::normalize(&repaired);
    if text.is_empty() {
        out.warnings.push("no text was found in it".to_owned());
    }
    Ok(Document {
        kind,
        text,
        sha256: hex::encode(Sha256::digest(bytes)),
        pages: out.pages,
        ocr_used: out.ocr_used,
        links: out.links.into_vec(),
        warnings: out.warnings,
    })
}

fn text(bytes: &[u8]) -> Extracted {
    Extracted {
        text: decode::decode(bytes, None).text,
        ..Extracted::default()
    }
}

/// A warning when the name's extension promises another kind than the bytes hold.
fn extension_mismatch(name: Option<&str>, kind: FileKind) -> Option<String> {
    let name = name?;
    let claimed = FileKind::from_name(name)?;
    if claimed == kind || (claimed.is_text_like() && kind == FileKind::Text) {
        return None;
    }
    Some(format!(
        "\"{name}\" is named like {} but its content is {}; it was read as {}",
        claimed.describe(),
        kind.describe(),
        kind.short_name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatch_warning_names_both_kinds() {
        let w = extension_mismatch(Some("cv.pdf"), FileKind::Docx).unwrap_or_default();
        assert!(w.contains("a PDF") && w.contains("DOCX"), "{w}");
        assert_eq!(extension_mismatch(Some("cv.txt"), FileKind::Text), None);
        assert_eq!(extension_mismatch(Some("cv.html"), FileKind::Text), None);
        assert_eq!(extension_mismatch(Some("cv"), FileKind::Pdf), None);
        assert_eq!(extension_mismatch(None, FileKind::Pdf), None);
    }

    #[test]
    fn text_is_decoded_and_normalised() {
        let doc = extract(
            b"Jane  Doe\r\n\r\n\r\nRust\x00",
            Some("cv.txt"),
            &Limits::default(),
        );
        let doc = doc.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.text, "Jane Doe\n\nRust");
        assert_eq!(doc.kind, FileKind::Text);
        assert_eq!(doc.sha256.len(), 64);
        assert!(doc.warnings.is_empty());
    }
}
