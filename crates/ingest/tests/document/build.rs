//! Builders for test inputs: DOCX packages written with the zip crate, PDFs written with
//! lopdf (text, link annotations, encryption markers, scanned images), and a gate for
//! tests that need the OCR programs.

use std::io::Write;

use hireloop_ingest::document::{Document, DocumentError, Limits, extract};
use lopdf::{Dictionary, Object, Stream, dictionary};
use zip::write::SimpleFileOptions;

pub fn ok(bytes: &[u8], name: Option<&str>) -> Document {
    extract(bytes, name, &Limits::default()).unwrap_or_else(|e| panic!("extract failed: {e}"))
}

pub fn err(bytes: &[u8], name: Option<&str>, limits: &Limits) -> DocumentError {
    match extract(bytes, name, limits) {
        Ok(doc) => panic!("expected an error, got text {:?}", doc.text),
        Err(e) => e,
    }
}

/// A ZIP with the given entries, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap_or_else(|e| panic!("{e}"));
        w.write_all(data).unwrap_or_else(|e| panic!("{e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

pub const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
pub const ROOT_RELS: &[u8] = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A WordprocessingML part around `body`.
pub fn word_xml(root: &str, body: &str) -> Vec<u8> {
    let inner = if root == "document" {
        format!("<w:body>{body}</w:body>")
    } else {
        body.to_owned()
    };
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:{root} {W_NS}>{inner}</w:{root}>"#)
        .into_bytes()
}

pub fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A minimal DOCX whose body is `body`, with extra parts appended.
pub fn docx(body: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let doc = word_xml("document", body);
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", &doc),
    ];
    entries.extend_from_slice(extra);
    zip(&entries)
}

/// A one-page PDF showing `lines` in Helvetica, with a link annotation per `links`.
pub fn text_pdf(lines: &[&str], font_size: i64, links: &[&str]) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut ops = format!("BT /F1 {font_size} Tf 72 720 Td ");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        ops.push_str(&format!("({escaped}) Tj 0 -{} Td ", font_size * 3 / 2));
    }
    ops.push_str("ET");
    let content_id = doc.add_object(Stream::new(Dictionary::new(), ops.into_bytes()));
    let annots: Vec<Object> = links
        .iter()
        .map(|uri| {
            Object::Reference(doc.add_object(dictionary! {
                "Type" => "Annot", "Subtype" => "Link", "Rect" => vec![72.into(), 700.into(), 200.into(), 720.into()],
                "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal(*uri) },
            }))
        })
        .collect();
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Annots" => annots,
    });
    finish(doc, pages_id, vec![page_id.into()])
}

/// A one-page PDF whose only content is a grey image (8 bits per pixel, FlateDecode).
pub fn image_pdf(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(pixels).unwrap_or_else(|e| panic!("{e}"));
    let data = z.finish().unwrap_or_else(|e| panic!("{e}"));
    let image_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
        },
        data,
    ));
    // Fill the page: 72 dpi worth of points per pixel keeps the raster's own scale.
    let ops = format!("q {width} 0 0 {height} 0 0 cm /Im1 Do Q");
    let content_id = doc.add_object(Stream::new(Dictionary::new(), ops.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
        "MediaBox" => vec![0.into(), 0.into(), width.into(), height.into()],
    });
    finish(doc, pages_id, vec![page_id.into()])
}

fn finish(mut doc: lopdf::Document, pages_id: lopdf::ObjectId, kids: Vec<Object>) -> Vec<u8> {
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap_or_else(|e| panic!("{e}"));
    out
}

/// Whether the OCR programs exist. Without them a test that needs them fails under CI
/// (which must install `tesseract-ocr` and `poppler-utils`) and is skipped loudly
/// elsewhere.
pub fn ocr_tools_or_skip(test: &str) -> bool {
    if hireloop_ingest::document::ocr_available() {
        return true;
    }
    let msg = format!(
        "{test}: pdftoppm/tesseract not found; install the Debian packages tesseract-ocr and poppler-utils"
    );
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{msg}");
    }
    eprintln!("\n!!!!! SKIPPED {msg} !!!!!\n");
    false
}
