//! Forwarded and quoted chains inside a body: "---------- Forwarded message ---------",
//! "Begin forwarded message:", "-----Original Message-----", Outlook's "From: … Sent: …"
//! block and "On … wrote:" with "> " quoted lines. The body is cut into layers, outermost
//! first; each inner layer carries the From and Subject of its header block.

use super::Mailbox;
use crate::requirement::contact_emails;

/// One message in a chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Layer {
    pub text: String,
    pub from: Option<Mailbox>,
    pub subject: Option<String>,
}

/// Chains deeper than this are kept whole in the last layer.
const MAX_LAYERS: usize = 12;

/// The layers of `body`, outermost first; always at least one.
pub(crate) fn layers(body: &str) -> Vec<Layer> {
    let mut out = Vec::new();
    let mut rest = body.replace("\r\n", "\n");
    let mut header = Layer::default();
    loop {
        let lines: Vec<&str> = rest.split('\n').collect();
        let found = if out.len() + 1 >= MAX_LAYERS {
            None
        } else {
            separator(&lines)
        };
        let Some(sep) = found else {
            out.push(Layer {
                text: rest,
                ..header
            });
            return out;
        };
        out.push(Layer {
            text: lines[..sep.at].join("\n"),
            ..header
        });
        header = Layer::default();
        let mut inner_from = sep.body_from;
        let inner_lines: Vec<String> = if sep.quoted {
            lines[inner_from..].iter().map(|l| unquote(l)).collect()
        } else {
            // The header block: "From:", "Sent:", "To:", "Subject:" lines after the marker.
            let mut i = inner_from;
            while i < lines.len() && lines[i].trim().is_empty() {
                i += 1;
            }
            let mut last_key: Option<String> = None;
            while i < lines.len() {
                let line = lines[i].trim().trim_start_matches(['*', '>']).trim();
                match line.split_once(':') {
                    Some((k, v)) if is_header_key(k) => {
                        let key = k.trim().trim_matches('*').to_ascii_lowercase();
                        let v = v.trim().trim_start_matches('*').trim();
                        match key.as_str() {
                            "from" => header.from = mailbox(v),
                            "subject" => {
                                header.subject = Some(v.to_string()).filter(|s| !s.is_empty())
                            }
                            _ => {}
                        }
                        last_key = Some(key);
                        i += 1;
                    }
                    // A folded To/Cc list continues on the next line.
                    _ if !line.is_empty()
                        && last_key
                            .as_deref()
                            .is_some_and(|k| matches!(k, "to" | "cc"))
                        && line.contains('@') =>
                    {
                        i += 1
                    }
                    _ => break,
                }
            }
            inner_from = i;
            lines[inner_from..]
                .iter()
                .map(|l| (*l).to_string())
                .collect()
        };
        if header.from.is_none() {
            header.from = sep.from;
        }
        rest = inner_lines.join("\n");
    }
}

fn is_header_key(k: &str) -> bool {
    let k = k.trim().trim_matches('*').trim().to_ascii_lowercase();
    matches!(
        k.as_str(),
        "from" | "sent" | "date" | "to" | "cc" | "bcc" | "subject" | "reply-to" | "importance"
    )
}

/// A separator found at line `at`; the inner message starts at `body_from`.
struct Separator {
    at: usize,
    body_from: usize,
    /// The inner lines are "> " quoted.
    quoted: bool,
    /// The sender named on the separator line ("On …, Jane <j@x> wrote:").
    from: Option<Mailbox>,
}

fn separator(lines: &[&str]) -> Option<Separator> {
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        let lower = line.to_ascii_lowercase();
        let dashed = lower.trim_matches(|c: char| c == '-' || c == '_' || c == ' ' || c == '=');
        let marker = (line.starts_with("--")
            && (dashed == "forwarded message"
                || dashed == "original message"
                || dashed == "forwarded e-mail"))
            || lower == "begin forwarded message:"
            || (line.len() >= 20 && line.chars().all(|c| c == '_'));
        if marker {
            return Some(Separator {
                at: i,
                body_from: i + 1,
                quoted: false,
                from: None,
            });
        }
        // Outlook without a marker: "From: …" then "Sent:"/"Date:" and "Subject:"/"To:".
        if i > 0 && lower.starts_with("from:") {
            let next: Vec<String> = lines[i + 1..]
                .iter()
                .take(5)
                .map(|l| l.trim().to_ascii_lowercase())
                .collect();
            let has = |p: &str| next.iter().any(|l| l.starts_with(p));
            if (has("sent:") || has("date:")) && (has("subject:") || has("to:")) {
                return Some(Separator {
                    at: i,
                    body_from: i,
                    quoted: false,
                    from: None,
                });
            }
        }
        // "On Mon, Nov 3, 2025 at 10:02 AM Jane <jane@x.example> wrote:" (may wrap once).
        let joined = match lines.get(i + 1) {
            Some(n) if !lower.ends_with("wrote:") => format!("{line} {}", n.trim()),
            _ => line.to_string(),
        };
        if lower.starts_with("on ") && joined.to_ascii_lowercase().ends_with("wrote:") {
            let wrapped = usize::from(!lower.ends_with("wrote:"));
            let from = contact_emails(&joined)
                .into_iter()
                .next()
                .map(|(email, s, _)| Mailbox {
                    name: wrote_name(&joined[..s]),
                    email: Some(email),
                });
            return Some(Separator {
                at: i,
                body_from: i + 1 + wrapped,
                quoted: true,
                from,
            });
        }
    }
    // Quoted lines without an attribution line.
    let first_quoted = lines.iter().position(|l| l.trim_start().starts_with('>'))?;
    let quoted = lines
        .iter()
        .filter(|l| l.trim_start().starts_with('>'))
        .count();
    (quoted >= 3).then_some(Separator {
        at: first_quoted,
        body_from: first_quoted,
        quoted: true,
        from: None,
    })
}

/// The name before the address in an attribution: "On Mon, … AM Jane Doe <" → "Jane Doe".
fn wrote_name(before: &str) -> Option<String> {
    let t = before.trim_end_matches(['<', '(', '[', ' ', '"']);
    let words: Vec<&str> = t
        .split_whitespace()
        .rev()
        .take_while(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-' | '"'))
        })
        .collect();
    let mut name: Vec<&str> = words.into_iter().rev().collect();
    // "… at 8:00 PM Amy Lee": the clock's AM/PM is not part of the name.
    while name.first().is_some_and(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "am" | "pm" | "a.m." | "p.m." | "at"
        )
    }) {
        name.remove(0);
    }
    let name = name.join(" ").trim_matches('"').to_string();
    (crate::requirement::looks_like_person(&name)).then_some(name)
}

/// Strips one level of "> " quoting.
fn unquote(line: &str) -> String {
    let t = line.trim_start();
    match t.strip_prefix('>') {
        Some(rest) => rest.strip_prefix(' ').unwrap_or(rest).to_string(),
        None => line.to_string(),
    }
}

/// "Jane Doe <jane@x.example>", "\"Doe, Jane\" <jane@x.example>", "jane@x.example",
/// "Jane Doe [mailto:jane@x.example]".
pub(crate) fn mailbox(v: &str) -> Option<Mailbox> {
    let email = contact_emails(v).into_iter().next();
    let name_part = match &email {
        Some((_, s, _)) => &v[..*s],
        None => v,
    };
    let name = name_part
        .trim()
        .trim_end_matches(['<', '[', '(', ' '])
        .trim_end_matches("mailto:")
        .trim_end_matches(['<', '[', '(', ' '])
        .trim_matches(['"', '\'', ' '])
        .to_string();
    let name = match name.split_once(',') {
        // "Doe, Jane" → "Jane Doe".
        Some((last, first))
            if !first.trim().is_empty() && !last.trim().is_empty() && !last.contains(' ') =>
        {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => name,
    };
    let name = Some(name).filter(|n| !n.is_empty() && !n.contains('@'));
    let email = email.map(|(e, _, _)| e);
    (name.is_some() || email.is_some()).then_some(Mailbox { name, email })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_forward() {
        let body = "FYI, please submit.\n\n---------- Forwarded message ---------\nFrom: Ravi Kumar <ravi@primevendor.example>\nDate: Mon, Nov 16, 2026 at 9:12 AM\nSubject: Java Developer - Dallas, TX\nTo: <bench@us.example>\n\nRole: Java Developer\nLocation: Dallas, TX";
        let l = layers(body);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].text.trim(), "FYI, please submit.");
        assert_eq!(
            l[1].text.trim(),
            "Role: Java Developer\nLocation: Dallas, TX"
        );
        assert_eq!(l[1].subject.as_deref(), Some("Java Developer - Dallas, TX"));
        let from = l[1].from.clone().unwrap_or_default();
        assert_eq!(from.email.as_deref(), Some("ravi@primevendor.example"));
        assert_eq!(from.name.as_deref(), Some("Ravi Kumar"));
    }

    #[test]
    fn outlook_and_quotes() {
        let body = "Please see below.\n\nFrom: Doe, Jane [mailto:jane@vendor.example]\nSent: Monday, November 16, 2026 9:00 AM\nTo: Bench Sales\nSubject: RE: Need Python Dev\n\nHi,\n\nOn Sun, Nov 15, 2026 at 8:00 PM Amy Lee <amy@client.example> wrote:\n> Role: Python Developer\n> Rate: $60/hr";
        let l = layers(body);
        assert_eq!(l.len(), 3, "{l:#?}");
        assert_eq!(
            l[1].from.as_ref().and_then(|m| m.name.clone()).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(l[1].subject.as_deref(), Some("RE: Need Python Dev"));
        assert_eq!(l[2].text, "Role: Python Developer\nRate: $60/hr");
        assert_eq!(
            l[2].from.as_ref().and_then(|m| m.email.clone()).as_deref(),
            Some("amy@client.example")
        );
        assert_eq!(
            l[2].from.as_ref().and_then(|m| m.name.clone()).as_deref(),
            Some("Amy Lee")
        );
    }

    #[test]
    fn plain_body_is_one_layer() {
        assert_eq!(layers("Role: Dev").len(), 1);
        assert_eq!(layers("").len(), 1);
        assert_eq!(
            mailbox("x@y.example").and_then(|m| m.email).as_deref(),
            Some("x@y.example")
        );
        assert_eq!(mailbox(""), None);
    }
}
