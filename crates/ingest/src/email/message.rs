//! An RFC 5322 / MIME message read with `mail-parser` into what the requirement importer
//! needs: headers, one body text (text/plain preferred, else HTML turned into text), the
//! attached files, and messages forwarded as attachments (message/rfc822).

use mail_parser::{HeaderName, Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::{BodySource, Mailbox};
use crate::document::html_to_text;

/// Forwarded-as-attachment messages are followed this deep, no deeper.
const MAX_DEPTH: usize = 4;

/// The parts of one message that matter here.
#[derive(Debug, Default)]
pub(crate) struct Mail {
    pub subject: Option<String>,
    pub from: Option<Mailbox>,
    pub date: Option<String>,
    pub message_id: Option<String>,
    /// The body text and whether it came from text/plain or HTML; `None` when it has none.
    pub body: Option<(String, BodySource)>,
    pub attachments: Vec<Attached>,
    /// Messages attached whole (a forward "as attachment").
    pub embedded: Vec<Mail>,
    /// How many headers the parser recognised (From, Subject, Date …).
    pub known_headers: usize,
}

/// One attached file.
#[derive(Debug)]
pub(crate) struct Attached {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Parses `bytes`; `None` when no message headers can be found at all.
pub(crate) fn read(bytes: &[u8]) -> Option<Mail> {
    let message = MessageParser::default().parse(bytes)?;
    Some(convert(&message, 0))
}

fn convert(message: &Message<'_>, depth: usize) -> Mail {
    let from = message.from().and_then(|a| a.first()).map(|a| Mailbox {
        name: a.name().map(clean).filter(|n| !n.is_empty()),
        email: a
            .address()
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty()),
    });
    let mut mail = Mail {
        subject: message.subject().map(clean).filter(|s| !s.is_empty()),
        from,
        date: message.date().map(|d| d.to_rfc3339()),
        message_id: message.message_id().map(|m| m.trim().to_string()),
        body: body(message),
        known_headers: message
            .headers()
            .iter()
            .filter(|h| !matches!(h.name, HeaderName::Other(_)))
            .count(),
        ..Mail::default()
    };
    for (i, part) in message.attachments().enumerate() {
        match &part.body {
            PartType::Message(inner) if depth < MAX_DEPTH => {
                mail.embedded.push(convert(inner, depth + 1));
            }
            PartType::Message(_) | PartType::Multipart(_) => {}
            _ => mail.attachments.push(attached(part, i)),
        }
    }
    mail
}

/// Collapses the folding and stray whitespace of a header value.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text/plain bodies joined; when they are blank, the HTML bodies as text.
fn body(message: &Message<'_>) -> Option<(String, BodySource)> {
    let mut plain = String::new();
    let mut html = String::new();
    for part in message.text_bodies() {
        match &part.body {
            PartType::Text(t) => push_para(&mut plain, t),
            PartType::Html(h) => push_para(&mut html, &html_to_text(h)),
            _ => {}
        }
    }
    if plain.trim().is_empty() && html.trim().is_empty() {
        for part in message.html_bodies() {
            if let PartType::Html(h) = &part.body {
                push_para(&mut html, &html_to_text(h));
            }
        }
    }
    if !plain.trim().is_empty() {
        Some((plain, BodySource::Plain))
    } else if !html.trim().is_empty() {
        Some((html, BodySource::Html))
    } else {
        None
    }
}

fn push_para(out: &mut String, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(text);
}

fn attached(part: &MessagePart<'_>, index: usize) -> Attached {
    let content_type = part
        .content_type()
        .map(|ct| match ct.subtype() {
            Some(sub) => format!("{}/{sub}", ct.ctype()),
            None => ct.ctype().to_string(),
        })
        .unwrap_or_default()
        .to_ascii_lowercase();
    let name = part
        .attachment_name()
        .map(clean)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("attachment-{}", index + 1));
    Attached {
        name,
        content_type,
        bytes: part.contents().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(raw: &str) -> Option<(String, BodySource)> {
        read(raw.as_bytes()).and_then(|m| m.body)
    }

    #[test]
    fn plain_is_preferred_and_html_is_the_fallback() {
        let alt = "From: a@b.example\r\nContent-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nplain words\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>html words</p>\r\n--x--\r\n";
        assert_eq!(
            body_of(alt),
            Some(("plain words".into(), BodySource::Plain))
        );
        let html = "From: a@b.example\r\nContent-Type: text/html\r\n\r\n<p>Role: <b>Dev</b></p><p>Rate</p>";
        assert_eq!(
            body_of(html),
            Some(("Role: Dev\nRate".into(), BodySource::Html))
        );
        let blank_plain = "From: a@b.example\r\nContent-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\n  \r\n--x\r\nContent-Type: text/html\r\n\r\n<p>only here</p>\r\n--x--\r\n";
        assert_eq!(
            body_of(blank_plain),
            Some(("only here".into(), BodySource::Html))
        );
        assert_eq!(body_of("From: a@b.example\r\n\r\n"), None);
    }

    #[test]
    fn headers_attachments_and_embedded_messages() {
        let raw = "From: \"Lee, Amy\" <Amy@Vendor.Example>\r\nSubject: =?UTF-8?B?SmF2YSBEZXY=?=\r\nMessage-ID: <m1@vendor.example>\r\n\
Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n\
--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment\r\n\r\n%PDF-1.4\r\n\
--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: inner@x.example\r\nSubject: Inner\r\n\r\ninner body\r\n--b--\r\n";
        let m = read(raw.as_bytes()).unwrap_or_default();
        assert_eq!(m.subject.as_deref(), Some("Java Dev"));
        assert_eq!(m.message_id.as_deref(), Some("m1@vendor.example"));
        let from = m.from.clone().unwrap_or_default();
        assert_eq!(from.email.as_deref(), Some("amy@vendor.example"));
        assert_eq!(from.name.as_deref(), Some("Lee, Amy"));
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(m.attachments[0].name, "attachment-1");
        assert_eq!(m.attachments[0].content_type, "application/pdf");
        assert_eq!(m.embedded.len(), 1);
        assert_eq!(m.embedded[0].subject.as_deref(), Some("Inner"));
        assert!(m.known_headers >= 3);
    }
}
