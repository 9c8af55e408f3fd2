//! Labelled lines ("Job Title: Java Developer", "Rate - $70/hr", "Location | Dallas, TX"),
//! the way vendor e-mails and job descriptions state their facts, and the headings that
//! open a section ("Must have skills:", "Nice to have").

use super::label_words::LABELS;
use super::text::{Span, lines};
use crate::bulk::convert::cells::alnum_key;

/// What a label says its value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    Title,
    Client,
    EndClient,
    Location,
    WorkMode,
    Duration,
    StartDate,
    Rate,
    EmploymentType,
    Visa,
    Experience,
    Openings,
    /// Opens a section of required skills.
    Required,
    /// Opens a section of preferred skills.
    Preferred,
    ContactName,
    Email,
    Phone,
    /// A known label this parser has no field for (interview, description, duties …): it
    /// still ends the section before it.
    Other,
}

/// The label a written label names, if any.
pub(crate) fn lookup(label: &str) -> Option<Label> {
    let without_paren = match label.split_once('(') {
        Some((head, _)) => head,
        None => label,
    };
    let key = alnum_key(without_paren);
    LABELS.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

/// A labelled line: the label's kind, the text in parentheses after the label ("Rate
/// (W2): …" gives "W2"), and the value's span (empty when the value follows on the next
/// lines, as under a heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Labelled {
    pub label: Label,
    pub line_start: usize,
    pub line_end: usize,
    pub label_note: Option<String>,
    pub value_start: usize,
    pub value_end: usize,
}

/// Every labelled line of `text`, in order; a line flattened from a form ("Title: Java
/// Developer Location: Dallas, TX Duration: 6 months") gives one entry per label.
pub(crate) fn labelled_lines(text: &str) -> Vec<Labelled> {
    lines(text).into_iter().flat_map(parse_line).collect()
}

/// Characters that may lead a labelled line: bullets, quote marks, emphasis.
fn is_lead(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '•' | '·' | '*' | '-' | '–' | '>' | '#' | '_' | '○' | '▪' | '➢' | '✓'
        )
}

/// A label found in a line: its kind, note, and where its value starts (line-local).
struct Found {
    kind: Label,
    label_start: usize,
    value_from: usize,
    note: Option<String>,
}

fn parse_line(line: Span<'_>) -> Vec<Labelled> {
    let mut found = Vec::new();
    let lead = leading_label(line.text);
    let scan_from = lead.as_ref().map_or(0, |f| f.value_from);
    found.extend(lead);
    found.extend(inline_labels(line.text, scan_from));
    let mut out = Vec::new();
    for (i, f) in found.iter().enumerate() {
        let end = found.get(i + 1).map_or(line.text.len(), |n| n.label_start);
        let raw = line.text.get(f.value_from..end).unwrap_or("");
        let value =
            raw.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | ':'));
        let value = value
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '|' | ','));
        let value = scalar_value(f.kind, value);
        let value_start = line.start + f.value_from + raw.find(value).unwrap_or(0);
        out.push(Labelled {
            label: f.kind,
            line_start: line.start + if i == 0 { 0 } else { f.label_start },
            line_end: line.end,
            label_note: f.note.clone(),
            value_start,
            value_end: value_start + value.len(),
        });
    }
    out
}

/// A one-fact label's value ends with its first sentence and within 120 characters: in
/// text flattened onto one line the rest is the next paragraph, not the value.
fn scalar_value(kind: Label, value: &str) -> &str {
    if matches!(kind, Label::Required | Label::Preferred | Label::Other) {
        return value;
    }
    let first = super::text::sentences(value)
        .first()
        .map_or(value, |s| &value[..s.end]);
    let first = first.trim_end_matches('.');
    if first.chars().count() <= 120 {
        return first;
    }
    let cut = floor_boundary(first, 120);
    let at_space = first[..cut].rfind(char::is_whitespace).unwrap_or(cut);
    first[..at_space].trim_end()
}

/// The label that starts a line, with ":", " - ", " | ", a tab or " = " after it, or a
/// bare heading line.
fn leading_label(text: &str) -> Option<Found> {
    let body = text.trim_start_matches(is_lead);
    let body_start = text.len() - body.len();
    // The label is short: look for its separator within the first 48 bytes.
    let head = &body[..floor_boundary(body, 48)];
    let mut found = None;
    for sep in [":", " - ", " – ", " | ", "\t", " = "] {
        if let Some(at) = head.find(sep)
            && found.is_none_or(|(a, _): (usize, &str)| at < a)
        {
            found = Some((at, sep));
        }
    }
    let (label, value_from) = match found {
        Some((at, sep)) => (&body[..at], at + sep.len()),
        // A bare heading line: "Nice to have", "PREFERRED QUALIFICATIONS".
        None => (body, body.len()),
    };
    let label_clean = label.trim().trim_matches(['*', '_']).trim();
    let words = label_clean.split_whitespace().count();
    if label_clean.is_empty() || words > 5 {
        return None;
    }
    let kind = lookup(label_clean)?;
    let sep = found.map(|(_, s)| s);
    // Non-colon separators and bare headings are only trusted for section headings and
    // short labels, so "Remote work is possible - ask" is not a label but "Location -
    // Dallas" is.
    if found.is_none() && !matches!(kind, Label::Required | Label::Preferred | Label::Other) {
        return None;
    }
    if sep.is_some_and(|s| s != ":") && words > 3 {
        return None;
    }
    let note = label_clean
        .split_once('(')
        .map(|(_, rest)| rest.trim_end_matches(')').trim().to_string())
        .filter(|n| !n.is_empty());
    Some(Found {
        kind,
        label_start: body_start,
        value_from: body_start + value_from,
        note,
    })
}

/// Labels inside a line after `from`: one to three capitalised words right before a
/// colon that name a known label, also when glued to the word before ("ManagerLocation:").
fn inline_labels(text: &str, from: usize) -> Vec<Found> {
    let mut out = Vec::new();
    let Some(rest) = text.get(from..) else {
        return out;
    };
    for (i, _) in rest.match_indices(':') {
        let colon = from + i;
        let before = text[..colon].trim_end();
        // A label is at most three short words: 64 bytes back is plenty, and keeps a
        // long line with many colons linear.
        let base = floor_boundary(before, before.len().saturating_sub(64));
        let words: Vec<(usize, &str)> = before[base..]
            .char_indices()
            .map(|(j, c)| (base + j, c))
            .filter(|&(j, c)| {
                !c.is_whitespace() && (j == 0 || before[..j].ends_with(char::is_whitespace))
            })
            .map(|(j, _)| (j, before[j..].split_whitespace().next().unwrap_or("")))
            .collect();
        for n in (1..=3).rev() {
            let Some(first) = words.len().checked_sub(n).and_then(|k| words.get(k)) else {
                continue;
            };
            // "ManagerLocation": the label starts at the last lower-to-upper change.
            let (mut start, mut word) = *first;
            if let Some(cut) = camel_cut(word) {
                start += cut;
                word = &word[cut..];
            }
            if start < from || !word.starts_with(|c: char| c.is_uppercase()) {
                continue;
            }
            let candidate = &before[start..];
            if let Some(kind) = lookup(candidate) {
                out.push(Found {
                    kind,
                    label_start: start,
                    value_from: colon + 1,
                    note: None,
                });
                break;
            }
        }
    }
    out
}

/// Where a new capitalised word starts inside a word: after a lowercase letter
/// ("ManagerLocation" → 7) or at the last capital of an acronym before lowercase
/// ("FLPosition" → 2).
fn camel_cut(word: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut cut = None;
    for k in 1..chars.len() {
        let (i, c) = chars[k];
        let prev = chars[k - 1].1;
        let next_lower = chars.get(k + 1).is_some_and(|(_, n)| n.is_lowercase());
        if c.is_uppercase() && (prev.is_lowercase() || (prev.is_uppercase() && next_lower)) {
            cut = Some(i);
        }
    }
    cut
}

/// The largest char boundary of `s` at or below `at`.
pub(crate) fn floor_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Labelled {
    /// The value as written.
    pub(crate) fn value<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.value_start..self.value_end).unwrap_or("")
    }
}

/// The first labelled line of `kind` with a non-empty value.
pub(crate) fn first(labels: &[Labelled], kind: Label, text: &str) -> Option<Labelled> {
    labels
        .iter()
        .find(|l| l.label == kind && !l.value(text).trim().is_empty())
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Option<(Label, String)> {
        let got = labelled_lines(line);
        got.first().map(|l| (l.label, l.value(line).to_string()))
    }

    #[test]
    fn vendor_spellings() {
        assert_eq!(
            one("Job Title: Java Developer"),
            Some((Label::Title, "Java Developer".into()))
        );
        assert_eq!(
            one("*Role :* Sr. Java Dev"),
            Some((Label::Title, "Sr. Java Dev".into()))
        );
        assert_eq!(
            one("• Location - Dallas, TX"),
            Some((Label::Location, "Dallas, TX".into()))
        );
        assert_eq!(
            one("Location | Plano, TX"),
            Some((Label::Location, "Plano, TX".into()))
        );
        assert_eq!(
            one("Pay Rate (W2): $60/hr"),
            Some((Label::Rate, "$60/hr".into()))
        );
        assert_eq!(
            one("No. of Positions: 2"),
            Some((Label::Openings, "2".into()))
        );
        assert_eq!(
            one("Must have skills:"),
            Some((Label::Required, String::new()))
        );
        assert_eq!(one("NICE TO HAVE"), Some((Label::Preferred, String::new())));
        assert_eq!(
            one("Visa: USC/GC only"),
            Some((Label::Visa, "USC/GC only".into()))
        );
        let l = &labelled_lines("Rate (C2C): $70/hr")[0];
        assert_eq!(l.label_note.as_deref(), Some("C2C"));
    }

    #[test]
    fn flattened_forms_give_one_label_each() {
        let t = "Position: Project ManagerLocation: Dallas, TXDuration: 6 months, Rate: DOE";
        let got: Vec<(Label, &str)> = labelled_lines(t)
            .iter()
            .map(|l| (l.label, l.value(t)))
            .collect();
        assert_eq!(
            got,
            [
                (Label::Title, "Project Manager"),
                (Label::Location, "Dallas, TX"),
                (Label::Duration, "6 months"),
                (Label::Rate, "DOE"),
            ]
        );
        let prose = "We meet at 10:30 and the role: builds APIs";
        assert!(labelled_lines(prose).is_empty());
    }

    #[test]
    fn prose_is_not_a_label() {
        assert_eq!(one("The role: you will build things"), None);
        assert_eq!(one("We are hiring: now"), None);
        assert_eq!(one("Remote work is possible - ask"), None);
        assert_eq!(one("Location"), None);
        assert_eq!(one("Note that the manager wants someone local: yes"), None);
    }
}
