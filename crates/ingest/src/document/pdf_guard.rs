//! Checks and trims a loaded PDF before text extraction. The extractor recurses through
//! page-tree parents and form XObjects and decompresses every stream it touches without
//! limits; a crafted file could overflow the stack (which no `catch_unwind` survives) or
//! expand a few megabytes into gigabytes. This module refuses such files first.

use std::collections::HashSet;
use std::io::Read;

use flate2::read::ZlibDecoder;
use pdf_extract::{Dictionary, Document, Object, ObjectId, content::Content};

/// Deeper page trees than this are not produced by any real tool.
const MAX_PARENT_CHAIN: usize = 64;
/// Form XObjects drawn inside form XObjects: real files nest a handful.
const MAX_FORM_DEPTH: usize = 16;
/// Form XObject invocations walked in total; bounds exponential fan-out.
const MAX_FORM_VISITS: usize = 10_000;

/// Why a PDF was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Structure the extractor would loop on.
    Structure(String),
    /// Decompressed streams over the budget.
    Bomb,
}

/// Replaces image data with nothing. The extractor runs every XObject it meets as a
/// content stream — images included — which wastes time and memory on pixels and can
/// read them as drawing operators. Returns how many images there were.
pub(crate) fn strip_images(doc: &mut Document) -> usize {
    let mut count = 0;
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            let is_image = stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image");
            if is_image {
                count += 1;
                stream.dict.remove(b"Filter");
                stream.dict.remove(b"DecodeParms");
                stream.set_content(Vec::new());
            }
        }
    }
    count
}

/// Refuses page-tree cycles, runaway form nesting and decompression bombs.
pub(crate) fn check(doc: &Document, max_unzipped: u64) -> Result<(), Refusal> {
    check_decompressed_size(doc, max_unzipped)?;
    let mut visits = 0usize;
    for page_id in doc.get_pages().into_values() {
        let page = doc
            .get_dictionary(page_id)
            .map_err(|_| Refusal::Structure("a page is not a dictionary".into()))?;
        check_parent_chain(doc, page)?;
        let resources = inherited_resources(doc, page);
        let content = doc.get_page_content(page_id).unwrap_or_default();
        walk_forms(doc, &content, resources, 0, &mut visits)?;
    }
    Ok(())
}

/// Every stream the extractor may decompress (all but images, already emptied, and
/// object streams, which the loader expanded), measured by actually inflating it.
fn check_decompressed_size(doc: &Document, max_unzipped: u64) -> Result<(), Refusal> {
    let mut remaining = max_unzipped;
    for object in doc.objects.values() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let filters = stream.filters().unwrap_or_default();
        let size = match filters.first() {
            Some(&f) if f == b"FlateDecode" => {
                let mut decoder =
                    ZlibDecoder::new(stream.content.as_slice()).take(remaining.saturating_add(1));
                // A broken stream inflates to what it inflates to; errors are the
                // extractor's to handle.
                std::io::copy(&mut decoder, &mut std::io::sink()).unwrap_or(0)
            }
            // LZW can also expand many times over; it is rare in content, so its input
            // size times a generous ratio stands in for a measurement.
            Some(&f) if f == b"LZWDecode" => stream.content.len() as u64 * 16,
            _ => stream.content.len() as u64,
        };
        remaining = remaining.checked_sub(size).ok_or(Refusal::Bomb)?;
    }
    Ok(())
}

fn check_parent_chain(doc: &Document, page: &Dictionary) -> Result<(), Refusal> {
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut current = page;
    while let Ok(parent_id) = current.get(b"Parent").and_then(Object::as_reference) {
        if !seen.insert(parent_id) || seen.len() > MAX_PARENT_CHAIN {
            return Err(Refusal::Structure(
                "the page tree loops back on itself".into(),
            ));
        }
        match doc.get_dictionary(parent_id) {
            Ok(parent) => current = parent,
            Err(_) => break,
        }
    }
    Ok(())
}

/// A page's resources, looked up the way the extractor does: on the page, else up the
/// parent chain (already checked to end).
fn inherited_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut current = page;
    for _ in 0..=MAX_PARENT_CHAIN {
        if let Ok(res) = current.get(b"Resources") {
            return deref(doc, res).and_then(|o| o.as_dict().ok());
        }
        let parent = current.get(b"Parent").and_then(Object::as_reference).ok()?;
        current = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// Follows `Do` operators into form XObjects as the extractor will, refusing cycles
/// (which only a depth limit catches, since resources are inherited from the caller)
/// and exponential fan-out.
fn walk_forms(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    depth: usize,
    visits: &mut usize,
) -> Result<(), Refusal> {
    let Some(resources) = resources else {
        return Ok(());
    };
    let Some(xobjects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return Ok(());
    };
    if xobjects.is_empty() {
        return Ok(());
    }
    // Undecodable content makes the extractor fail cleanly; nothing to walk.
    let Ok(ops) = Content::decode(content) else {
        return Ok(());
    };
    for op in ops.operations.iter().filter(|op| op.operator == "Do") {
        let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
            continue;
        };
        let Some(Object::Stream(form)) = xobjects.get(name).ok().and_then(|o| deref(doc, o)) else {
            continue;
        };
        if form.content.is_empty() {
            continue;
        }
        *visits += 1;
        if depth >= MAX_FORM_DEPTH || *visits > MAX_FORM_VISITS {
            return Err(Refusal::Structure(
                "its drawings nest too deeply (a form XObject refers back to itself)".into(),
            ));
        }
        let inner = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .or(Some(resources));
        let bytes = form
            .decompressed_content()
            .unwrap_or_else(|_| form.content.clone());
        walk_forms(doc, &bytes, inner, depth + 1, visits)?;
    }
    Ok(())
}
