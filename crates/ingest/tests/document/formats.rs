//! Text formats, sniffing, and the errors every kind shares (empty, too large,
//! unsupported).

use hireloop_ingest::document::{DocumentError, FileKind, Limits, sniff};

use crate::build::{docx, err, ok, para, text_pdf};

#[test]
fn html_keeps_blocks_and_links() {
    let html = b"<html><head><title>x</title><script>alert(1)</script></head><body>\
        <h2>Jane&nbsp;Doe</h2><p>Senior <b>Rust</b> engineer<br>Berlin &amp; remote</p>\
        <ul><li>Tokio</li><li><a href=\"https://github.com/jane\">GitHub</a></li></ul></body></html>";
    let doc = ok(html, Some("cv.html"));
    assert_eq!(doc.kind, FileKind::Html);
    assert_eq!(
        doc.text,
        "Jane Doe\nSenior Rust engineer\nBerlin & remote\n• Tokio\n• GitHub"
    );
    assert_eq!(doc.links, ["https://github.com/jane"]);
    assert_eq!(doc.pages, None);
    assert!(!doc.ocr_used);
}

#[test]
fn markdown_is_stripped_lightly() {
    let md = b"# Jane Doe\n\n**Rust** engineer at [Acme](https://acme.example).\n\n## Skills\n- Tokio\n- *Axum*\n";
    let doc = ok(md, Some("cv.md"));
    assert_eq!(doc.kind, FileKind::Markdown);
    assert_eq!(
        doc.text,
        "Jane Doe\n\nRust engineer at Acme.\n\nSkills\n• Tokio\n• Axum"
    );
    assert_eq!(doc.links, ["https://acme.example"]);
}

#[test]
fn text_encodings_are_decoded() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Zoë\r\nPython".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(ok(&utf16, Some("cv.txt")).text, "Zoë\nPython");
    assert_eq!(ok(b"Jos\xE9  Garc\xEDa\r\n", None).text, "José García");
    assert_eq!(
        ok(b"\xEF\xBB\xBFA\x00B\x07C\n\n\n\n\nD", None).text,
        "ABC\n\nD"
    );
}

#[test]
fn output_is_deterministic() {
    let bytes = docx(&para("Same   input"), &[]);
    let a = ok(&bytes, Some("a.docx"));
    let b = ok(&bytes, Some("a.docx"));
    assert_eq!(a, b);
    assert_eq!(a.sha256.len(), 64);
    assert!(
        a.sha256
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
}

#[test]
fn sniffing_ignores_the_extension() {
    let pdf = text_pdf(&["Jane"], 12, &[]);
    let docx = docx(&para("Jane"), &[]);
    assert_eq!(sniff(&pdf, Some("resume.docx")), FileKind::Pdf);
    assert_eq!(sniff(&docx, Some("resume.pdf")), FileKind::Docx);
    assert_eq!(
        sniff(b"<!doctype html><p>x</p>", Some("cv.md")),
        FileKind::Html
    );
    assert_eq!(sniff(b"plain words", Some("cv.md")), FileKind::Markdown);
    assert_eq!(sniff(b"plain words", Some("cv.pdf")), FileKind::Text);
}

#[test]
fn wrong_extension_parses_by_content_and_warns() {
    let doc = ok(&docx(&para("Jane Doe"), &[]), Some("resume.pdf"));
    assert_eq!(doc.kind, FileKind::Docx);
    assert_eq!(doc.text, "Jane Doe");
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    let w = &doc.warnings[0];
    assert!(
        w.contains("resume.pdf") && w.contains("PDF") && w.contains("DOCX"),
        "{w}"
    );
}

#[test]
fn empty_and_too_large() {
    let e = err(b"", Some("cv.pdf"), &Limits::default());
    assert!(matches!(e, DocumentError::Empty { .. }));
    assert_eq!(e.to_string(), "\"cv.pdf\" is empty (0 bytes)");

    let limits = Limits {
        max_bytes: 1024,
        ..Limits::default()
    };
    let e = err(&[b'a'; 2048], Some("cv.txt"), &limits);
    assert!(
        matches!(
            e,
            DocumentError::TooLarge {
                size: 2048,
                limit: 1024,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("cv.txt") && e.to_string().contains("limit"),
        "{e}"
    );
}

#[test]
fn unsupported_kinds_say_what_they_are() {
    let limits = Limits::default();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let e = err(png, Some("resume.pdf"), &limits);
    assert!(
        matches!(
            e,
            DocumentError::Unsupported {
                kind: FileKind::Image,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("resume.pdf") && e.to_string().contains("image"),
        "{e}"
    );

    let e = err(
        &[0u8, 159, 146, 150, 0, 0, 1, 2, 3],
        Some("cv.docx"),
        &limits,
    );
    assert!(
        matches!(
            e,
            DocumentError::Unsupported {
                kind: FileKind::Binary,
                ..
            }
        ),
        "{e:?}"
    );

    let mail = b"Received: from mx.example\nFrom: hr@example.com\nSubject: Rust role\n\nHello";
    let e = err(mail, Some("req.eml"), &limits);
    assert!(
        matches!(
            e,
            DocumentError::Unsupported {
                kind: FileKind::Eml,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("e-mail"), "{e}");

    let other_zip = crate::build::zip(&[("data.csv", b"a,b\n1,2\n")]);
    let e = err(&other_zip, Some("resume.docx"), &limits);
    assert!(
        matches!(
            e,
            DocumentError::Unsupported {
                kind: FileKind::Zip,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("resume.docx"), "{e}");
}

#[test]
fn legacy_and_encrypted_office_files() {
    let limits = Limits::default();
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(512, 0);
    let mut encrypted = cfb.clone();
    encrypted.extend(utf16("EncryptionInfo"));
    encrypted.extend(utf16("EncryptedPackage"));
    let e = err(&encrypted, Some("cv.docx"), &limits);
    assert!(matches!(e, DocumentError::Encrypted { .. }), "{e:?}");
    assert!(e.to_string().contains("password"), "{e}");

    let mut legacy = cfb;
    legacy.extend(utf16("WordDocument"));
    let e = err(&legacy, Some("cv.doc"), &limits);
    assert!(
        matches!(
            e,
            DocumentError::Unsupported {
                kind: FileKind::Ole,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("legacy Word .doc"), "{e}");
}
