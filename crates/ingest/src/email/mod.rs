//! Requirements that arrive by e-mail (`.eml`, RFC 5322 / MIME): the message is read
//! with `mail-parser`, forwarded chains are unwound to the innermost part that holds the
//! requirement (whose sender is the vendor contact), attached job descriptions (PDF,
//! DOCX, text) are extracted and parsed, and the subject fills what the body leaves out.

mod attach;
mod forward;
mod merge;
mod message;

use chrono::NaiveDate;
use serde::Serialize;

use crate::document::{FileKind, Limits, sniff};
use crate::requirement::{RequirementParse, looks_substantive, parse_requirement};
use crate::skills::Taxonomy;

pub use attach::AttachmentReport;

/// A sender or recipient.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Mailbox {
    pub name: Option<String>,
    pub email: Option<String>,
}

/// Where the requirement text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodySource {
    /// The text/plain body.
    Plain,
    /// The HTML body, turned into text.
    Html,
    /// An attached job description (the body was empty or only pointed at it).
    Attachment,
}

/// A requirement read from one e-mail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmailRequirement {
    pub subject: Option<String>,
    pub from: Option<Mailbox>,
    /// RFC 3339, as the Date header gave it.
    pub date: Option<String>,
    pub message_id: Option<String>,
    /// The requirement sat inside a forward or reply chain.
    pub forwarded: bool,
    /// The sender of the part the requirement was read from: the vendor contact.
    pub original_from: Option<Mailbox>,
    /// That part's subject, when a forwarded header block gave one.
    pub original_subject: Option<String>,
    pub body_source: BodySource,
    pub parse: RequirementParse,
    pub attachments: Vec<AttachmentReport>,
}

/// Why an e-mail gave no requirement. Messages name the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("e-mail {name} is empty (0 bytes)")]
    Empty { name: String },
    #[error("e-mail {name} is {size} bytes, over the {limit}-byte limit")]
    TooLarge {
        name: String,
        size: usize,
        limit: usize,
    },
    #[error("e-mail {name} could not be read as an e-mail message (RFC 5322): {reason}")]
    Malformed { name: String, reason: String },
    #[error("e-mail {name} has no body text or readable attachment{details}")]
    NoContent { name: String, details: String },
}

impl EmailError {
    /// A stable, machine-readable code for the API's error table.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty { .. } => "email_empty",
            Self::TooLarge { .. } => "email_too_large",
            Self::Malformed { .. } => "email_malformed",
            Self::NoContent { .. } => "email_no_content",
        }
    }
}

/// A file attached to a message (or to a message forwarded inside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedFile {
    pub name: String,
    /// The MIME type the message declared.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Every file attached to the message in `bytes` and to the messages nested in it, in
/// order; none when it cannot be read as a message.
pub fn attached_files(bytes: &[u8]) -> Vec<AttachedFile> {
    let Some(mail) = message::read(bytes) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut chain = vec![&mail];
    while let Some(m) = chain.pop() {
        out.extend(m.attachments.iter().map(|a| AttachedFile {
            name: a.name.clone(),
            content_type: a.content_type.clone(),
            bytes: a.bytes.clone(),
        }));
        chain.extend(m.embedded.iter().rev());
    }
    out
}

/// Reads the requirement in the `.eml` file `bytes` (named `name` in messages). `today`
/// gives "ASAP" its date; `limits` bound the message and every attachment.
pub fn parse_requirement_email(
    bytes: &[u8],
    name: &str,
    taxonomy: &Taxonomy,
    today: NaiveDate,
    limits: &Limits,
) -> Result<EmailRequirement, EmailError> {
    let name = name.to_string();
    if bytes.is_empty() {
        return Err(EmailError::Empty { name });
    }
    if bytes.len() > limits.max_bytes {
        return Err(EmailError::TooLarge {
            name,
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let kind = sniff(bytes, None);
    if matches!(
        kind,
        FileKind::Pdf
            | FileKind::Docx
            | FileKind::Zip
            | FileKind::Image
            | FileKind::Ole
            | FileKind::Binary
    ) {
        let reason = format!("it is {}", kind.describe());
        return Err(EmailError::Malformed { name, reason });
    }
    let Some(mail) = message::read(bytes) else {
        let reason = "no message headers were found".to_string();
        return Err(EmailError::Malformed { name, reason });
    };
    if mail.known_headers == 0 {
        let reason =
            "it has none of the headers a message has (From, To, Subject, Date, Message-ID)"
                .to_string();
        return Err(EmailError::Malformed { name, reason });
    }
    // A forward "as attachment" nests the original message: use the deepest one with a
    // substantive body, else the outer one.
    let mut chain = vec![&mail];
    while let Some(inner) = chain.last().and_then(|m| m.embedded.first()) {
        chain.push(inner);
    }
    let substantive =
        |m: &message::Mail| m.body.as_ref().is_some_and(|(t, _)| looks_substantive(t));
    let content = chain
        .iter()
        .rev()
        .find(|m| substantive(m))
        .copied()
        .unwrap_or(&mail);
    let layers = content
        .body
        .as_ref()
        .map(|(t, _)| forward::layers(t))
        .unwrap_or_default();
    let chosen = layers
        .iter()
        .rposition(|l| looks_substantive(&l.text))
        .unwrap_or(0);
    let layer_from = layers
        .get(..=chosen)
        .and_then(|ls| ls.iter().rev().find_map(|l| l.from.clone()));
    let original_from = layer_from
        .or_else(|| content.from.clone())
        .or_else(|| mail.from.clone());
    let original_subject = layers
        .get(..=chosen)
        .and_then(|ls| ls.iter().rev().find_map(|l| l.subject.clone()))
        .or_else(|| content.subject.clone());
    let body_text = layers
        .get(chosen)
        .map(|l| l.text.trim().to_string())
        .unwrap_or_default();
    let body_kind = content.body.as_ref().map_or(BodySource::Plain, |(_, k)| *k);

    let all_attached = chain.iter().flat_map(|m| m.attachments.iter());
    let (mut reports, parsed) = attach::read_all(all_attached, taxonomy, today, limits);
    let best = attach::best(&parsed);
    let points_at_attachment = {
        let lower = body_text.to_ascii_lowercase();
        [
            "attach",
            "enclosed",
            "see jd",
            "find jd",
            "find the jd",
            "below jd",
        ]
        .iter()
        .any(|w| lower.contains(w))
    };
    let body_useless =
        body_text.is_empty() || (points_at_attachment && !looks_substantive(&body_text));
    let (mut parse, body_source) = match (body_useless, best) {
        (true, Some(i)) => {
            reports[parsed[i].0].used = true;
            (parsed[i].1.clone(), BodySource::Attachment)
        }
        (true, None) => {
            let details = attach::failure_details(&reports);
            return Err(EmailError::NoContent { name, details });
        }
        (false, best) => {
            let mut parse = parse_requirement(&body_text, taxonomy, today);
            if let Some(i) = best
                && merge::fill_from_attachment(&mut parse, &parsed[i].1)
            {
                reports[parsed[i].0].used = true;
            }
            (parse, body_kind)
        }
    };
    if let Some(subject) = original_subject.as_deref().or(mail.subject.as_deref()) {
        merge::fill_from_subject(&mut parse, subject, taxonomy);
    }
    if let Some(sender) = &original_from {
        merge::fill_from_sender(&mut parse, sender);
    }
    parse.refresh_review();
    Ok(EmailRequirement {
        subject: mail.subject.clone(),
        from: mail.from.clone(),
        date: mail.date.clone(),
        message_id: mail.message_id.clone(),
        forwarded: chosen > 0 || !std::ptr::eq(content, &mail),
        original_from,
        original_subject,
        body_source,
        parse,
        attachments: reports,
    })
}
