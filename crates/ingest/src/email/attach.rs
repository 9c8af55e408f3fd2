//! Attached files: each is extracted with `document::extract` and, when it has text,
//! parsed as a requirement; the report says what happened to every one.

use chrono::NaiveDate;
use serde::Serialize;

use super::message::Attached;
use crate::document::{FileKind, Limits, extract, sniff};
use crate::requirement::{RequirementParse, parse_requirement};
use crate::skills::Taxonomy;

/// What happened to one attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentReport {
    pub name: String,
    /// What the bytes are.
    pub kind: FileKind,
    /// The MIME type the message declared ("application/pdf").
    pub content_type: String,
    /// Its text was extracted and parsed as a requirement.
    pub parsed: bool,
    /// Its parse went into the result (as the requirement, or to fill gaps).
    pub used: bool,
    /// Why it could not be read, for files that were tried.
    pub error: Option<String>,
}

/// Reads every attachment: the reports, and (report index, parse) for those with text.
pub(crate) fn read_all<'a>(
    attached: impl Iterator<Item = &'a Attached>,
    taxonomy: &Taxonomy,
    today: NaiveDate,
    limits: &Limits,
) -> (Vec<AttachmentReport>, Vec<(usize, RequirementParse)>) {
    let mut reports = Vec::new();
    let mut parsed = Vec::new();
    for a in attached {
        let kind = if a.bytes.is_empty() {
            FileKind::Binary
        } else {
            sniff(&a.bytes, Some(&a.name))
        };
        let mut report = AttachmentReport {
            name: a.name.clone(),
            kind,
            content_type: a.content_type.clone(),
            parsed: false,
            used: false,
            error: None,
        };
        // Images are logos and screenshots in signatures, not job descriptions.
        if kind != FileKind::Image {
            match extract(&a.bytes, Some(&a.name), limits) {
                Ok(doc) if doc.text.trim().is_empty() => {
                    report.error = Some(format!("\"{}\" has no text", a.name));
                }
                Ok(doc) => {
                    report.parsed = true;
                    parsed.push((reports.len(), parse_requirement(&doc.text, taxonomy, today)));
                }
                Err(e) => report.error = Some(e.to_string()),
            }
        }
        reports.push(report);
    }
    (reports, parsed)
}

/// The index into `parsed` of the attachment that most looks like a job description.
pub(crate) fn best(parsed: &[(usize, RequirementParse)]) -> Option<usize> {
    let score = |p: &RequirementParse| {
        3 * usize::from(p.title.is_some())
            + p.required_skills.len()
            + p.preferred_skills.len()
            + usize::from(p.location.is_some())
            + usize::from(p.pay.is_some())
            + usize::from(p.min_years.is_some())
    };
    parsed
        .iter()
        .enumerate()
        .filter(|(_, (_, p))| score(p) > 0)
        .max_by(|(ia, (_, a)), (ib, (_, b))| score(a).cmp(&score(b)).then(ib.cmp(ia)))
        .map(|(i, _)| i)
}

/// Why no attachment could stand in for the body, for the error message.
pub(crate) fn failure_details(reports: &[AttachmentReport]) -> String {
    if reports.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = reports
        .iter()
        .map(|r| match &r.error {
            Some(e) => e.clone(),
            None if r.parsed => format!("\"{}\" does not read as a job description", r.name),
            None => format!("\"{}\" is {}", r.name, r.kind.describe()),
        })
        .collect();
    format!(" ({})", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attached(name: &str, bytes: &[u8]) -> Attached {
        Attached {
            name: name.into(),
            content_type: String::new(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn reads_text_skips_images_and_reports_failures() {
        let tax = Taxonomy::from_forms(&["java"]);
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        let files = [
            attached("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            attached("jd.txt", b"Job Title: Java Developer\nLocation: Austin, TX"),
            attached("notes.txt", b"hello"),
            attached("broken.pdf", b"%PDF-1.4 garbage"),
        ];
        let (reports, parsed) = read_all(files.iter(), &tax, today, &Limits::default());
        let summary: Vec<(bool, bool)> = reports
            .iter()
            .map(|r| (r.parsed, r.error.is_some()))
            .collect();
        assert_eq!(
            summary,
            [(false, false), (true, false), (true, false), (false, true)]
        );
        assert_eq!(parsed.len(), 2);
        // The job description, not the note, is the best.
        assert_eq!(best(&parsed).map(|i| parsed[i].0), Some(1));
        let details = failure_details(&reports);
        assert!(
            details.contains("\"logo.png\" is an image") && details.contains("broken.pdf"),
            "{details}"
        );
        assert_eq!(failure_details(&[]), "");
    }
}
