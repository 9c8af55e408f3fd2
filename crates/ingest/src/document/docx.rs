//! DOCX: finds the main document part and its headers and footers through the package
//! relationships, reads them with bounded decompression, and assembles the text
//! (headers first — contact details often live there — then the body, then footers).

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::docx_xml::{attr, part_text};
use super::zipread::BoundedZip;
use super::{Ctx, DocumentError, Extracted, FileKind};

const MAIN_DEFAULT: &str = "word/document.xml";
const REL_OFFICE_DOCUMENT: &str = "/officeDocument";

#[derive(Debug, Clone)]
struct Relationship {
    id: String,
    kind: String,
    target: String,
    external: bool,
}

pub(super) fn extract(bytes: &[u8], ctx: &Ctx<'_>) -> Result<Extracted, DocumentError> {
    let kind = FileKind::Docx;
    let mut zip = BoundedZip::open(bytes, *ctx, kind)?;
    let main = main_part(&mut zip)?;
    let Some(main_xml) = zip.read(&main)? else {
        return Err(ctx.corrupt(kind, format!("the main part {main} is missing")));
    };
    let main_rels = read_rels(&mut zip, &main)?;

    let mut out = Extracted::default();
    let mut sections: Vec<Vec<String>> = Vec::new();
    let (headers, footers) = header_footer_parts(&zip, &main, &main_rels);
    for part in &headers {
        sections.push(read_part(&mut zip, part, ctx, &mut out)?);
    }
    let body = run_part(&main_xml, &main_rels, &main, ctx, &mut out)?;
    let header_count = sections.len();
    sections.push(body);
    for part in &footers {
        sections.push(read_part(&mut zip, part, ctx, &mut out)?);
    }
    // Word keeps separate first-page/even/odd headers that often repeat each other.
    let mut seen: Vec<&Vec<String>> = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        let is_body = i == header_count;
        if !is_body && (section.iter().all(|l| l.trim().is_empty()) || seen.contains(&section)) {
            continue;
        }
        seen.push(section);
        for line in section {
            out.text.push_str(line);
            out.text.push('\n');
        }
        out.text.push('\n');
    }
    Ok(out)
}

/// The main document part named by the package relationships, or the usual name.
fn main_part(zip: &mut BoundedZip<'_>) -> Result<String, DocumentError> {
    let rels = match zip.read("_rels/.rels")? {
        Some(xml) => parse_rels(&xml),
        None => Vec::new(),
    };
    Ok(rels
        .iter()
        .find(|r| r.kind.ends_with(REL_OFFICE_DOCUMENT) && !r.external)
        .map(|r| resolve("", &r.target))
        .unwrap_or_else(|| MAIN_DEFAULT.to_owned()))
}

/// Header and footer parts: from the main part's relationships, else by name.
fn header_footer_parts(
    zip: &BoundedZip<'_>,
    main: &str,
    rels: &[Relationship],
) -> (Vec<String>, Vec<String>) {
    let dir = parent(main);
    let mut headers: Vec<String> = Vec::new();
    let mut footers: Vec<String> = Vec::new();
    for r in rels.iter().filter(|r| !r.external) {
        if r.kind.ends_with("/header") {
            headers.push(resolve(dir, &r.target));
        } else if r.kind.ends_with("/footer") {
            footers.push(resolve(dir, &r.target));
        }
    }
    if headers.is_empty() && footers.is_empty() {
        for name in zip.names() {
            let file = name.strip_prefix("word/").unwrap_or("");
            if file.starts_with("header") && file.ends_with(".xml") {
                headers.push(name);
            } else if file.starts_with("footer") && file.ends_with(".xml") {
                footers.push(name);
            }
        }
    }
    // Deterministic order (header1, header2 …) whatever order the package lists them in.
    for list in [&mut headers, &mut footers] {
        list.sort();
        list.dedup();
    }
    (headers, footers)
}

fn read_part(
    zip: &mut BoundedZip<'_>,
    part: &str,
    ctx: &Ctx<'_>,
    out: &mut Extracted,
) -> Result<Vec<String>, DocumentError> {
    let Some(xml) = zip.read(part)? else {
        out.warnings.push(format!(
            "the document refers to a missing part {part}; skipped"
        ));
        return Ok(Vec::new());
    };
    let rels = read_rels(zip, part)?;
    run_part(&xml, &rels, part, ctx, out)
}

fn run_part(
    xml: &[u8],
    rels: &[Relationship],
    part: &str,
    ctx: &Ctx<'_>,
    out: &mut Extracted,
) -> Result<Vec<String>, DocumentError> {
    let hyperlinks: HashMap<String, String> = rels
        .iter()
        .filter(|r| r.kind.ends_with("/hyperlink"))
        .map(|r| (r.id.clone(), r.target.clone()))
        .collect();
    let (lines, links) = part_text(xml, &hyperlinks)
        .map_err(|e| ctx.corrupt(FileKind::Docx, format!("{part}: {e}")))?;
    for link in links.into_vec() {
        out.links.push(&link);
    }
    Ok(lines)
}

/// The relationships of `part` (from `dir/_rels/file.rels`); none when absent.
fn read_rels(zip: &mut BoundedZip<'_>, part: &str) -> Result<Vec<Relationship>, DocumentError> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let path = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    Ok(zip
        .read(&path)?
        .map(|xml| parse_rels(&xml))
        .unwrap_or_default())
}

/// `Relationship` elements of a `.rels` part. A damaged rels part only loses links, so
/// parse errors end the list instead of failing the document.
fn parse_rels(xml: &[u8]) -> Vec<Relationship> {
    let mut reader = Reader::from_reader(xml);
    let mut rels = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                rels.push(Relationship {
                    id: attr(&e, b"Id").unwrap_or_default(),
                    kind: attr(&e, b"Type").unwrap_or_default(),
                    target: attr(&e, b"Target").unwrap_or_default(),
                    external: attr(&e, b"TargetMode").is_some_and(|m| m == "External"),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    rels
}

fn parent(part: &str) -> &str {
    part.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Resolves a relationship target against the source part's folder (`..` allowed).
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("word", "header1.xml"), "word/header1.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("", "/word/document2.xml"), "word/document2.xml");
        assert_eq!(
            resolve("word", "../customXml/item.xml"),
            "customXml/item.xml"
        );
        assert_eq!(resolve("word", "../../../x"), "x");
    }

    #[test]
    fn rels_are_read_leniently() {
        let xml = br#"<Relationships><Relationship Id="rId1" Type="t/hyperlink" Target="https://a.example" TargetMode="External"/><Relationship Id="rId2" Type="t/header" Target="header1.xml"/><broken"#;
        let rels = parse_rels(xml);
        assert_eq!(rels.len(), 2);
        assert!(rels[0].external && !rels[1].external);
        assert_eq!(rels[1].target, "header1.xml");
    }
}
