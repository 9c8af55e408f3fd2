//! The entry points the fuzz targets (crates/ingest/fuzz) and their regression corpora
//! (tests/fuzz_corpus.rs) drive: each must return, whatever the bytes, without panicking.

use crate::bulk::{self, EntityKind, ReadOptions};
use crate::document::{self, Limits};

/// Document extraction of bytes named like a PDF.
pub fn pdf(data: &[u8]) {
    let _ = document::extract(data, Some("fuzz.pdf"), &fuzz_limits());
}

/// Document extraction of bytes named like a DOCX.
pub fn docx(data: &[u8]) {
    let _ = document::extract(data, Some("fuzz.docx"), &fuzz_limits());
}

/// The bulk reader over every kind, reading every row and validating it.
pub fn bulk(data: &[u8]) {
    for kind in [EntityKind::Candidates, EntityKind::Requirements] {
        if let Ok(rows) = bulk::read(data, kind, ReadOptions::default()) {
            for row in rows.take(10_000).flatten() {
                let _ = bulk::validate::<hireloop_domain::entities::Candidate>(&row);
            }
        }
    }
}

/// The e-mail requirement parser (MIME, forwards, attachments, the free-text parser).
pub fn email(data: &[u8]) {
    static TAXONOMY: std::sync::OnceLock<crate::skills::Taxonomy> = std::sync::OnceLock::new();
    let taxonomy = TAXONOMY.get_or_init(|| {
        crate::skills::Taxonomy::from_forms(&["java", "python", "react", "aws", "sql"])
    });
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default();
    let _ =
        crate::email::parse_requirement_email(data, "fuzz.eml", taxonomy, today, &fuzz_limits());
}

/// No OCR (external programs would dominate a fuzzer's time) and small caps.
fn fuzz_limits() -> Limits {
    Limits {
        ocr: false,
        max_unzipped_bytes: 8 << 20,
        ..Limits::default()
    }
}
