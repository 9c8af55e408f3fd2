//! `extract` never panics: random bytes, random text under every name, and random
//! mutations (byte overwrites, truncation) of a valid PDF and a valid DOCX. Any error is
//! fine; a panic or an abort fails the run.

use std::sync::LazyLock;

use hireloop_ingest::document::{Limits, extract};
use proptest::prelude::*;

use crate::build::{docx, para, text_pdf};

static PDF: LazyLock<Vec<u8>> =
    LazyLock::new(|| text_pdf(&["Jane Doe", "Rust (Tokio)"], 12, &["https://jane.dev"]));
static DOCX: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let body = format!(
        "{}<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
        para("Jane"),
        para("Rust")
    );
    docx(&body, &[])
});

const NAMES: [Option<&str>; 7] = [
    None,
    Some("cv.pdf"),
    Some("cv.docx"),
    Some("cv.html"),
    Some("cv.md"),
    Some("cv.txt"),
    Some("mail.eml"),
];

fn limits() -> Limits {
    // OCR off: mutated scans must not spend the run in tesseract.
    Limits {
        ocr: false,
        ..Limits::default()
    }
}

/// Applies `edits` (position as a fraction of the length, new byte) and truncates to
/// `keep` (a fraction) of the result.
fn mutate(base: &[u8], edits: &[(f64, u8)], keep: f64) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for (at, byte) in edits {
        let i = ((bytes.len() - 1) as f64 * at) as usize;
        bytes[i] = *byte;
    }
    let len = ((bytes.len() as f64) * keep).ceil() as usize;
    bytes.truncate(len.max(1));
    bytes
}

/// Mostly whole files (so mutations reach the parsers behind the cross-reference table
/// or central directory), sometimes truncated ones.
fn keep() -> impl Strategy<Value = f64> {
    prop_oneof![3 => Just(1.0), 1 => 0.3f64..1.0]
}

proptest! {
    // 256 cases each by default; PROPTEST_CASES=20000 makes a longer fuzz run.

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096), name in 0usize..NAMES.len()) {
        let _ = extract(&bytes, NAMES[name], &limits());
    }

    #[test]
    fn random_text(text in "[<>&#*_\\[\\]()!`|a-z0-9 \\n\\t\"'=/:;.-]{0,600}", name in 0usize..NAMES.len()) {
        if let Ok(doc) = extract(text.as_bytes(), NAMES[name], &limits()) {
            // Normalised output: no CR, no runs of blank lines, no edge whitespace.
            prop_assert!(!doc.text.contains('\r'));
            prop_assert!(!doc.text.contains("\n\n\n"));
            prop_assert_eq!(doc.text.trim(), doc.text.as_str());
        }
    }

    #[test]
    fn mutated_pdf(edits in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..8), keep in keep()) {
        let _ = extract(&mutate(&PDF, &edits, keep), Some("cv.pdf"), &limits());
    }

    #[test]
    fn mutated_docx(edits in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..8), keep in keep()) {
        let _ = extract(&mutate(&DOCX, &edits, keep), Some("cv.docx"), &limits());
    }
}

#[test]
fn valid_inputs_for_mutation_are_valid() {
    assert!(
        extract(&PDF, Some("cv.pdf"), &limits()).is_ok_and(|d| d.text.contains("Rust (Tokio)"))
    );
    assert!(extract(&DOCX, Some("cv.docx"), &limits()).is_ok_and(|d| d.text == "Jane\nRust"));
}
