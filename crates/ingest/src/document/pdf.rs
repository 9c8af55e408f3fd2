//! PDF: the text layer through `pdf-extract` (which keeps reading order and line breaks),
//! link annotations, page count, and OCR when there is no text layer. The extractor can
//! panic on malformed files, so every call into it runs under `catch_unwind`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Document, Object, PlainTextOutput};

use super::ocr::{OcrFailure, ocr_pdf, on_path};
use super::pdf_guard::{Refusal, check, strip_images};
use super::{Ctx, DocumentError, Extracted, FileKind};

const KIND: FileKind = FileKind::Pdf;

pub(super) fn extract(bytes: &[u8], ctx: &Ctx<'_>) -> Result<Extracted, DocumentError> {
    let mut doc = guarded(|| Document::load_mem(bytes))
        .map_err(|panic| ctx.corrupt(KIND, panic))?
        .map_err(|e| load_error(&e, ctx))?;
    // The loader opens files protected by an empty user password (permission-only
    // protection) itself and drops `/Encrypt`; one still there needs a real password.
    if doc.trailer.has(b"Encrypt") {
        return Err(DocumentError::Encrypted {
            name: ctx.name(),
            kind: KIND,
        });
    }
    let pages = u32::try_from(doc.get_pages().len()).unwrap_or(u32::MAX);
    if pages == 0 {
        return Err(ctx.corrupt(KIND, "it has no pages"));
    }
    let images = strip_images(&mut doc);
    match guarded(|| check(&doc, ctx.limits.max_unzipped_bytes)) {
        Ok(Ok(())) => {}
        Ok(Err(Refusal::Bomb)) => {
            return Err(DocumentError::ZipBomb {
                name: ctx.name(),
                limit: ctx.limits.max_unzipped_bytes,
            });
        }
        Ok(Err(Refusal::Structure(reason))) => return Err(ctx.corrupt(KIND, reason)),
        Err(panic) => return Err(ctx.corrupt(KIND, panic)),
    }

    let mut out = Extracted {
        pages: Some(pages),
        ..Extracted::default()
    };
    out.text = text_layer(&doc, ctx, &mut out.warnings)?;
    collect_links(&doc, &mut out);
    if out.text.trim().is_empty() {
        ocr(bytes, pages, images, ctx, &mut out)?;
    }
    out.text = expand_ligatures(&out.text);
    Ok(out)
}

/// Runs `f`, turning a panic into its message.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        format!("the PDF reader gave up on it ({msg})")
    })
}

fn load_error(e: &pdf_extract::Error, ctx: &Ctx<'_>) -> DocumentError {
    use pdf_extract::Error as E;
    match e {
        E::Decryption(_) | E::InvalidPassword | E::AlreadyEncrypted => DocumentError::Encrypted {
            name: ctx.name(),
            kind: KIND,
        },
        other => ctx.corrupt(KIND, other.to_string()),
    }
}

/// The whole text layer; if the extractor fails on the document as a whole, page by page
/// so one bad page does not lose the others.
fn text_layer(
    doc: &Document,
    ctx: &Ctx<'_>,
    warnings: &mut Vec<String>,
) -> Result<String, DocumentError> {
    let whole = guarded(|| {
        let mut s = String::new();
        pdf_extract::output_doc(doc, &mut PlainTextOutput::new(&mut s)).map(|()| s)
    });
    let first_error = match whole {
        Ok(Ok(text)) => return Ok(text),
        Ok(Err(e)) => e.to_string(),
        Err(panic) => panic,
    };
    let mut text = String::new();
    let mut failed: Vec<u32> = Vec::new();
    for page in doc.get_pages().into_keys() {
        let one = guarded(|| {
            let mut s = String::new();
            pdf_extract::output_doc_page(doc, &mut PlainTextOutput::new(&mut s), page).map(|()| s)
        });
        match one {
            Ok(Ok(s)) => {
                text.push_str(&s);
                text.push_str("\n\n");
            }
            _ => failed.push(page),
        }
    }
    if failed.len() == doc.get_pages().len() {
        return Err(ctx.corrupt(KIND, first_error));
    }
    let list: Vec<String> = failed.iter().map(u32::to_string).collect();
    warnings.push(format!(
        "the text of page(s) {} could not be read and is missing",
        list.join(", ")
    ));
    Ok(text)
}

/// `URI` actions of link annotations: cheap to collect and often the only place a
/// LinkedIn or GitHub address is spelled out in full.
fn collect_links(doc: &Document, out: &mut Extracted) {
    let found = guarded(|| {
        let mut uris = Vec::new();
        for page_id in doc.get_pages().into_values() {
            let Ok(annots) = doc.get_page_annotations(page_id) else {
                continue;
            };
            for annot in annots {
                let action = annot.get(b"A").ok().and_then(|a| match a {
                    Object::Reference(id) => doc.get_dictionary(*id).ok(),
                    Object::Dictionary(d) => Some(d),
                    _ => None,
                });
                if let Some(uri) = action.and_then(|a| a.get(b"URI").ok())
                    && let Ok(bytes) = uri.as_str()
                {
                    uris.push(String::from_utf8_lossy(bytes).into_owned());
                }
            }
        }
        uris
    });
    for uri in found.unwrap_or_default() {
        out.links.push(&uri);
    }
}

/// Fills `out` from OCR, or says why there is no text.
fn ocr(
    bytes: &[u8],
    pages: u32,
    images: usize,
    ctx: &Ctx<'_>,
    out: &mut Extracted,
) -> Result<(), DocumentError> {
    let no_text = |reason: String| DocumentError::NoTextLayer {
        name: ctx.name(),
        reason,
    };
    if !ctx.limits.ocr {
        return Err(no_text("OCR is turned off".to_owned()));
    }
    if images == 0 {
        // Nothing to recognise: a blank page or vector art only.
        return Err(no_text("the pages hold neither text nor images".to_owned()));
    }
    let limit = ctx.limits.max_ocr_pages.min(pages);
    match ocr_pdf(bytes, limit, ctx.limits.ocr_timeout) {
        Ok(result) if !result.text.trim().is_empty() => {
            out.text = result.text;
            out.ocr_used = true;
            out.warnings.extend(result.warnings);
            out.warnings.push(format!(
                "this PDF has no text layer; its text was read by OCR from {} page(s) and may contain errors",
                result.pages_read
            ));
            if pages > limit {
                out.warnings.push(format!(
                    "only the first {limit} of {pages} pages were read by OCR"
                ));
            }
            Ok(())
        }
        Ok(_) => Err(no_text("OCR found no readable text in it".to_owned())),
        Err(OcrFailure::Missing(program)) => Err(no_text(format!(
            "OCR is not available on this server ({program} is missing): install the \
             `tesseract-ocr` and `poppler-utils` packages"
        ))),
        Err(OcrFailure::Failed(reason)) => Err(no_text(format!("OCR failed: {reason}"))),
    }
}

/// Whether this machine can OCR scanned PDFs (both programs on PATH).
pub fn ocr_available() -> bool {
    on_path("pdftoppm") && on_path("tesseract")
}

/// Typographic ligatures from PDF fonts to their letters, so "ﬁnance" matches "finance".
fn expand_ligatures(s: &str) -> String {
    if !s.contains(|c: char| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_expand() {
        assert_eq!(
            expand_ligatures("\u{FB01}nance o\u{FB03}ce"),
            "finance office"
        );
        assert_eq!(expand_ligatures("plain"), "plain");
    }

    #[test]
    fn panics_become_messages() {
        let r: Result<(), String> = guarded(|| panic!("boom"));
        assert_eq!(r, Err("the PDF reader gave up on it (boom)".to_owned()));
    }
}
