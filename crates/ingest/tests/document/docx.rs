//! DOCX: structure (headers, tables, lists, tabs, breaks, links) and the container
//! limits (zip bomb, entry count, missing main part).

use std::io::Write;

use hireloop_ingest::document::{DocumentError, FileKind, Limits};
use zip::write::SimpleFileOptions;

use crate::build::{CONTENT_TYPES, ROOT_RELS, docx, err, ok, para, word_xml, zip};

const RELS: &[u8] = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.linkedin.com/in/jane" TargetMode="External"/>
</Relationships>"#;

#[test]
fn structure_headers_tables_lists_and_links() {
    let body = format!(
        "{}<w:p><w:r><w:t>Engineer</w:t><w:tab/><w:t>2019</w:t><w:br/><w:t>Acme</w:t></w:r></w:p>\
         <w:p><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>Rust</w:t></w:r></w:p>\
         <w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>\
         <w:p><w:hyperlink r:id=\"rId9\"><w:r><w:t>LinkedIn</w:t></w:r></w:hyperlink></w:p>",
        para("Summary"),
        para("Go"),
        para("5 years"),
    );
    let header = word_xml("hdr", &para("Jane Doe · jane@example.com"));
    let footer = word_xml("ftr", &para("References on request"));
    let bytes = docx(
        &body,
        &[
            ("word/_rels/document.xml.rels", RELS),
            ("word/header1.xml", &header),
            ("word/footer1.xml", &footer),
        ],
    );
    let doc = ok(&bytes, Some("cv.docx"));
    assert_eq!(doc.kind, FileKind::Docx);
    assert_eq!(
        doc.text,
        "Jane Doe · jane@example.com\n\nSummary\nEngineer\t2019\nAcme\n• Rust\nGo | 5 years\nLinkedIn\n\nReferences on request"
    );
    assert_eq!(doc.links, ["https://www.linkedin.com/in/jane"]);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn headers_are_found_by_name_without_relationships() {
    let header = word_xml("hdr", &para("+1 555 0100"));
    let bytes = docx(&para("Body"), &[("word/header2.xml", &header)]);
    assert_eq!(ok(&bytes, None).text, "+1 555 0100\n\nBody");
}

#[test]
fn missing_main_part_is_corrupt() {
    let bytes = zip(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/styles.xml", b"<w:styles/>"),
    ]);
    let e = err(&bytes, Some("cv.docx"), &Limits::default());
    assert!(
        matches!(
            e,
            DocumentError::Corrupt {
                kind: FileKind::Docx,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("word/document.xml"), "{e}");
}

#[test]
fn broken_xml_is_corrupt() {
    let bytes = zip(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", b"<w:document><w:body><w:p></w:body><<"),
    ]);
    let e = err(&bytes, Some("cv.docx"), &Limits::default());
    assert!(matches!(e, DocumentError::Corrupt { .. }), "{e:?}");
}

/// 60 MiB of zeros compress to about 60 KB; the reader must refuse the entry by
/// counting what it inflates (into a sink), never trusting declared sizes and never
/// buffering the entry.
#[test]
fn zip_bomb_is_refused() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("[Content_Types].xml", opts)
        .unwrap_or_else(|e| panic!("{e}"));
    w.write_all(CONTENT_TYPES).unwrap_or_else(|e| panic!("{e}"));
    w.start_file("word/document.xml", opts)
        .unwrap_or_else(|e| panic!("{e}"));
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..60 {
        w.write_all(&zeros).unwrap_or_else(|e| panic!("{e}"));
    }
    let bytes = w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner();
    assert!(bytes.len() < 1024 * 1024, "bomb is {} bytes", bytes.len());

    let e = err(&bytes, Some("bomb.docx"), &Limits::default());
    assert!(
        matches!(e, DocumentError::ZipBomb { limit, .. } if limit == 50 * 1024 * 1024),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("bomb.docx") && e.to_string().contains("50 MiB"),
        "{e}"
    );
}

#[test]
fn too_many_entries_is_refused() {
    let names: Vec<String> = (0..30).map(|i| format!("word/media/{i}.bin")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", b"<w:document/>")];
    entries.extend(names.iter().map(|n| (n.as_str(), b"x".as_slice())));
    let limits = Limits {
        max_zip_entries: 10,
        ..Limits::default()
    };
    let e = err(&zip(&entries), Some("cv.docx"), &limits);
    assert!(
        matches!(e, DocumentError::TooManyEntries { limit: 10, .. }),
        "{e:?}"
    );
}
