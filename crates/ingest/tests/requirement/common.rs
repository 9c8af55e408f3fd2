//! Shared inputs: a test taxonomy, a fixed "today", builders for .eml messages (plain,
//! multipart with base64 attachments), DOCX and PDF files, and a check that a
//! requirement's JSON validates.

use std::io::Write;

use chrono::NaiveDate;
use hireloop_domain::entities::{Requirement, parse_entity};
use hireloop_ingest::document::Limits;
use hireloop_ingest::email::{EmailError, EmailRequirement, parse_requirement_email};
use hireloop_ingest::requirement::Field;
use hireloop_ingest::skills::Taxonomy;
use lopdf::{Dictionary, Object, Stream, dictionary};
use zip::write::SimpleFileOptions;

pub fn taxonomy() -> Taxonomy {
    Taxonomy::from_forms(&[
        "java",
        "spring boot",
        "microservices",
        "kafka",
        "aws",
        "python",
        "sql",
        "react",
        "kubernetes",
        "docker",
        "terraform",
        "angular",
        "hibernate",
        "rest api",
        "salesforce",
        "apex",
        "lightning",
        "servicenow",
        "javascript",
        "node.js",
        "typescript",
        "azure",
        "snowflake",
        "airflow",
        "spark",
        "tableau",
        "power bi",
        "selenium",
        "jenkins",
        "git",
        "oracle",
        "pl/sql",
        "unix",
        "linux",
        "golang",
        "postgresql",
        "graphql",
        "c#",
        ".net",
        "machine learning",
        "pandas",
        "etl",
        "scala",
        "informatica",
        "devops",
        "ansible",
    ])
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

/// The JSON validates as a Requirement; returns it.
pub fn valid(json: &serde_json::Value) -> Requirement {
    parse_entity::<Requirement>(json.clone()).unwrap_or_else(|e| panic!("{e}\n{json:#}"))
}

pub fn value<T: Clone>(f: &Option<Field<T>>) -> Option<T> {
    f.as_ref().map(|f| f.value.clone())
}

pub fn names(list: &[Field<String>]) -> Vec<&str> {
    list.iter().map(|f| f.value.as_str()).collect()
}

pub fn read(bytes: &[u8], name: &str) -> EmailRequirement {
    parse_requirement_email(bytes, name, &taxonomy(), today(), &Limits::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn fail(bytes: &[u8], name: &str) -> EmailError {
    match parse_requirement_email(bytes, name, &taxonomy(), today(), &Limits::default()) {
        Ok(r) => panic!("{name}: expected an error, got {:#?}", r.parse.title),
        Err(e) => e,
    }
}

/// A message with `headers` and a plain-text (or other single-part) body.
pub fn eml(headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = String::new();
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&body.replace('\n', "\r\n"));
    out.into_bytes()
}

/// One MIME part.
pub struct Part<'a> {
    pub content_type: &'a str,
    pub filename: Option<&'a str>,
    pub body: Vec<u8>,
}

/// A multipart/mixed message; parts with a file name are base64 attachments.
pub fn multipart(headers: &[(&str, &str)], parts: &[Part<'_>]) -> Vec<u8> {
    let boundary = "==hireloop-test-boundary==";
    let mut out = String::new();
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\nThis is a MIME message.\r\n"
    ));
    for p in parts {
        out.push_str(&format!(
            "--{boundary}\r\nContent-Type: {}\r\n",
            p.content_type
        ));
        match p.filename {
            Some(f) => {
                out.push_str(&format!(
                    "Content-Disposition: attachment; filename=\"{f}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                ));
                out.push_str(&base64(&p.body));
            }
            None => {
                out.push_str("Content-Transfer-Encoding: 8bit\r\n\r\n");
                out.push_str(&String::from_utf8_lossy(&p.body).replace('\n', "\r\n"));
            }
        }
        out.push_str("\r\n");
    }
    out.push_str(&format!("--{boundary}--\r\n"));
    out.into_bytes()
}

/// Standard base64 with 76-character lines.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A minimal DOCX whose body is one paragraph per line.
pub fn docx(lines: &[&str]) -> Vec<u8> {
    let ns = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let paras: String = lines
        .iter()
        .map(|l| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                l.replace('&', "&amp;").replace('<', "&lt;")
            )
        })
        .collect();
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{paras}</w:body></w:document>"#
    );
    let entries: [(&str, &[u8]); 3] = [
        ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
        ("_rels/.rels", br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#),
        ("word/document.xml", doc.as_bytes()),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(name, opts).unwrap_or_else(|e| panic!("{e}"));
        w.write_all(data).unwrap_or_else(|e| panic!("{e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

/// A one-page PDF showing `lines` in Helvetica.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut ops = String::from("BT /F1 11 Tf 72 740 Td ");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        ops.push_str(&format!("({escaped}) Tj 0 -16 Td "));
    }
    ops.push_str("ET");
    let content_id = doc.add_object(Stream::new(Dictionary::new(), ops.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![Object::from(page_id)], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap_or_else(|e| panic!("{e}"));
    out
}
