//! PDF: text layer with lines and links, damaged and encrypted files, structures that
//! would make the extractor recurse forever, compressed bombs, and scans (OCR).

use std::process::Command;

use hireloop_ingest::document::{DocumentError, FileKind, Limits, extract};
use lopdf::{Dictionary, Object, Stream, dictionary};

use crate::build::{err, image_pdf, ocr_tools_or_skip, ok, text_pdf};

#[test]
fn text_layer_keeps_lines_pages_and_links() {
    let bytes = text_pdf(
        &["Jane Doe", "Senior Rust Engineer", "Skills: Tokio, Axum"],
        12,
        &["https://github.com/jane", "mailto:jane@example.com"],
    );
    let doc = ok(&bytes, Some("cv.pdf"));
    assert_eq!(doc.kind, FileKind::Pdf);
    assert_eq!(
        doc.text,
        "Jane Doe\nSenior Rust Engineer\nSkills: Tokio, Axum"
    );
    assert_eq!(doc.pages, Some(1));
    assert!(!doc.ocr_used);
    assert_eq!(
        doc.links,
        ["https://github.com/jane", "mailto:jane@example.com"]
    );
}

#[test]
fn garbage_and_truncated_pdfs_are_corrupt() {
    let limits = Limits::default();
    let e = err(
        b"%PDF-1.7\n\x00\xFFnot really a pdf at all",
        Some("cv.pdf"),
        &limits,
    );
    assert!(
        matches!(
            e,
            DocumentError::Corrupt {
                kind: FileKind::Pdf,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("cv.pdf") && e.to_string().contains("damaged"),
        "{e}"
    );

    let full = text_pdf(&["Jane Doe"], 12, &[]);
    let truncated = &full[..full.len() / 2];
    let e = err(truncated, Some("cut.pdf"), &limits);
    assert!(matches!(e, DocumentError::Corrupt { .. }), "{e:?}");
}

#[test]
fn encrypted_pdf_is_reported() {
    let mut doc = lopdf::Document::load_mem(&text_pdf(&["secret"], 12, &[]))
        .unwrap_or_else(|e| panic!("{e}"));
    // A standard security handler whose user password is not empty: the bytes of O and
    // U match no password we can guess.
    let encrypt = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 1, "R" => 2, "P" => -4,
        "O" => Object::string_literal(vec![7u8; 32]),
        "U" => Object::string_literal(vec![9u8; 32]),
    });
    doc.trailer.set("Encrypt", encrypt);
    let id = Object::string_literal(vec![1u8; 16]);
    doc.trailer.set("ID", vec![id.clone(), id]);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap_or_else(|e| panic!("{e}"));

    let e = err(&bytes, Some("locked.pdf"), &Limits::default());
    assert!(
        matches!(
            e,
            DocumentError::Encrypted {
                kind: FileKind::Pdf,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("locked.pdf") && e.to_string().contains("password"),
        "{e}"
    );
}

/// A form XObject that draws itself would recurse until the stack overflows, which
/// aborts the process; it must be refused as corrupt beforehand.
#[test]
fn self_drawing_form_is_refused_not_a_stack_overflow() {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "X" => form_id } },
        },
        b"/X Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let content = doc.add_object(Stream::new(Dictionary::new(), b"/X Do".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "Resources" => dictionary! { "XObject" => dictionary! { "X" => form_id } },
        "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
    });
    let bytes = save(doc, pages_id, page);
    let e = err(&bytes, Some("loop.pdf"), &Limits::default());
    assert!(matches!(e, DocumentError::Corrupt { .. }), "{e:?}");
}

/// A page whose parent is itself sends the extractor's inherited-attribute lookup
/// round in circles; refused before extraction.
#[test]
fn page_tree_cycle_is_refused() {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let page = doc.new_object_id();
    let content = doc.add_object(Stream::new(Dictionary::new(), b"BT ET".to_vec()));
    doc.objects.insert(
        page,
        Object::Dictionary(dictionary! {
            "Type" => "Page", "Parent" => page, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        }),
    );
    let bytes = save(doc, pages_id, page);
    let e = err(&bytes, Some("cycle.pdf"), &Limits::default());
    assert!(matches!(e, DocumentError::Corrupt { .. }), "{e:?}");
    assert!(e.to_string().contains("loops"), "{e}");
}

#[test]
fn compressed_content_bomb_is_refused() {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut stream = Stream::new(Dictionary::new(), vec![b' '; 8 * 1024 * 1024]);
    stream.compress().unwrap_or_else(|e| panic!("{e}"));
    let content = doc.add_object(stream);
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
    });
    let bytes = save(doc, pages_id, page);
    let limits = Limits {
        max_unzipped_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let e = err(&bytes, Some("bomb.pdf"), &limits);
    assert!(matches!(e, DocumentError::ZipBomb { .. }), "{e:?}");
}

fn save(mut doc: lopdf::Document, pages_id: lopdf::ObjectId, page: lopdf::ObjectId) -> Vec<u8> {
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap_or_else(|e| panic!("{e}"));
    out
}

/// A scanned resume: a text PDF rasterised by pdftoppm, embedded as the only content of
/// a new PDF.
fn scanned_pdf() -> Vec<u8> {
    let source = text_pdf(
        &["Jane Doe", "Senior Rust Engineer", "Kubernetes Postgres"],
        28,
        &[],
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let input = dir.path().join("text.pdf");
    std::fs::write(&input, &source).unwrap_or_else(|e| panic!("{e}"));
    let prefix = dir.path().join("scan");
    let status = Command::new("pdftoppm")
        .args(["-r", "100", "-gray", "-singlefile"])
        .arg(&input)
        .arg(&prefix)
        .status()
        .unwrap_or_else(|e| panic!("pdftoppm: {e}"));
    assert!(status.success());
    let pgm = std::fs::read(dir.path().join("scan.pgm")).unwrap_or_else(|e| panic!("{e}"));
    let (width, height, pixels) = parse_pgm(&pgm);
    image_pdf(width, height, pixels)
}

/// Binary PGM (`P5 W H 255` then one byte per pixel), as pdftoppm -gray writes it.
fn parse_pgm(bytes: &[u8]) -> (u32, u32, &[u8]) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let num = |s: &str| s.parse::<u32>().unwrap_or_else(|e| panic!("{e}"));
    (num(&fields[1]), num(&fields[2]), &bytes[i + 1..])
}

#[test]
fn scanned_pdf_is_read_by_ocr() {
    if !ocr_tools_or_skip("scanned_pdf_is_read_by_ocr") {
        return;
    }
    let bytes = scanned_pdf();
    let doc = ok(&bytes, Some("scan.pdf"));
    assert!(doc.ocr_used);
    assert_eq!(doc.pages, Some(1));
    let lower = doc.text.to_lowercase();
    for word in ["jane", "rust", "engineer", "kubernetes"] {
        assert!(
            lower.contains(word),
            "OCR text lacks {word:?}: {:?}",
            doc.text
        );
    }
    assert!(
        doc.warnings.iter().any(|w| w.contains("OCR")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn scanned_pdf_without_ocr_has_no_text_layer() {
    if !ocr_tools_or_skip("scanned_pdf_without_ocr_has_no_text_layer") {
        return;
    }
    let bytes = scanned_pdf();
    let limits = Limits {
        ocr: false,
        ..Limits::default()
    };
    match extract(&bytes, Some("scan.pdf"), &limits) {
        Err(e @ DocumentError::NoTextLayer { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("scan.pdf") && msg.contains("needs OCR"),
                "{msg}"
            );
        }
        other => panic!("expected NoTextLayer, got {other:?}"),
    }
}

#[test]
fn image_only_pdf_without_ocr_tools_is_no_text_layer() {
    // A blank grey image needs no external program to build.
    let bytes = image_pdf(20, 20, &[200u8; 400]);
    let limits = Limits {
        ocr: false,
        ..Limits::default()
    };
    let e = err(&bytes, Some("blank.pdf"), &limits);
    assert!(matches!(e, DocumentError::NoTextLayer { .. }), "{e:?}");
    assert!(e.to_string().contains("OCR is turned off"), "{e}");
}
