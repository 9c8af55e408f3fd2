//! Who sent the requirement: the vendor's name, e-mail and phone in the signature (see
//! [`super::body`]) or in labelled lines; and the client and end-client names.

use hireloop_domain::values::{CountryCode, Email, Phone};

use super::body::sign_off;
use super::labels::Label;
use super::text::{clip, lines, trim_value};
use super::{Ctx, Field, VendorContact};

/// A client or end-client name from its labelled line; "TBD", "Confidential" and the like
/// say there is none.
pub(crate) fn labelled_name(ctx: &Ctx<'_>, kind: Label) -> Option<Field<String>> {
    let l = ctx.label(kind)?;
    let value = trim_value(ctx.value(&l));
    let key: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    const NONE: &[&str] = &[
        "tbd",
        "na",
        "none",
        "confidential",
        "undisclosed",
        "willdisclose",
        "willshare",
        "willdiscuss",
        "notdisclosed",
        "cannotdisclose",
        "directclient",
        "sharelater",
    ];
    if key.is_empty() || NONE.iter().any(|n| key.starts_with(n)) {
        return None;
    }
    let name = clip(value, 100).trim().to_string();
    Some(Field::new(name, 0.95, l.value_start, l.value_end))
}

/// The vendor's name, e-mail and phone.
pub(crate) fn vendor(ctx: &Ctx<'_>) -> VendorContact {
    let sig_start = ctx.body.1;
    VendorContact {
        name: contact_name(ctx, sig_start),
        email: email(ctx, sig_start),
        phone: phone(ctx, sig_start),
    }
}

fn email(ctx: &Ctx<'_>, sig_start: usize) -> Option<Field<String>> {
    if let Some(l) = ctx.label(Label::Email)
        && let Some((addr, s, e)) = emails_in(ctx.value(&l)).into_iter().next()
    {
        return Some(Field::new(addr, 0.9, l.value_start + s, l.value_start + e));
    }
    let found = emails_in(ctx.text);
    if let Some((addr, s, e)) = found.iter().find(|(_, s, _)| *s >= sig_start) {
        return Some(Field::new(addr.clone(), 0.85, *s, *e));
    }
    found
        .into_iter()
        .next()
        .map(|(addr, s, e)| Field::new(addr, 0.6, s, e))
}

/// Every valid e-mail address in `s` with its offsets, in order.
pub(crate) fn emails_in(s: &str) -> Vec<(String, usize, usize)> {
    let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        let start = s[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| local(c))
            .last()
            .map_or(at, |(i, _)| i);
        let end = s[at + 1..]
            .char_indices()
            .take_while(|&(_, c)| domain(c))
            .last()
            .map_or(at + 1, |(i, c)| at + 1 + i + c.len_utf8());
        let candidate = s[start..end].trim_matches('.');
        let offset = start + s[start..end].find(candidate).unwrap_or(0);
        if let Ok(e) = Email::parse(candidate) {
            out.push((e.as_str().to_string(), offset, offset + candidate.len()));
        }
    }
    out
}

fn phone(ctx: &Ctx<'_>, sig_start: usize) -> Option<Field<String>> {
    let us = CountryCode::parse("US").ok();
    let read = |raw: &str| Phone::parse(raw, us.as_ref()).ok().map(|p| p.to_string());
    if let Some(l) = ctx.label(Label::Phone)
        && let Some((s, e)) = phone_spans(ctx.value(&l)).into_iter().next()
        && let Some(p) = read(&ctx.value(&l)[s..e])
    {
        return Some(Field::new(p, 0.9, l.value_start + s, l.value_start + e));
    }
    const CUES: &[&str] = &[
        "phone", "cell", "mobile", "call", "ph", "tel", "direct", "desk", "office", "m:", "p:",
        "c:",
    ];
    for (s, e) in phone_spans(ctx.text) {
        let Some(p) = read(&ctx.text[s..e]) else {
            continue;
        };
        let before = &ctx.lower[super::labels::floor_boundary(&ctx.lower, s.saturating_sub(16))..s];
        if s >= sig_start {
            return Some(Field::new(p, 0.8, s, e));
        }
        if CUES.iter().any(|c| before.contains(c)) {
            return Some(Field::new(p, 0.65, s, e));
        }
    }
    None
}

/// Spans that look like phone numbers: 10 to 13 digits with the usual separators and an
/// optional extension.
fn phone_spans(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            || (matches!(b[i], b'+' | b'(') && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        if !starts || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'$')) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = 0;
        while j < b.len()
            && (b[j].is_ascii_digit() || matches!(b[j], b' ' | b'-' | b'.' | b'(' | b')' | b'+'))
        {
            digits += usize::from(b[j].is_ascii_digit());
            j += 1;
        }
        let end = i + s[i..j].trim_end_matches([' ', '-', '.', '(']).len();
        if (10..=13).contains(&digits) {
            out.push((i, end));
        }
        i = j.max(i + 1);
    }
    out
}

fn contact_name(ctx: &Ctx<'_>, sig_start: usize) -> Option<Field<String>> {
    if let Some(l) = ctx.label(Label::ContactName) {
        let v = trim_value(ctx.value(&l));
        if looks_like_name(v) {
            let s = l.value_start + ctx.value(&l).find(v).unwrap_or(0);
            return Some(Field::new(v.to_string(), 0.9, s, s + v.len()));
        }
    }
    let sig = lines(ctx.text).into_iter().filter(|l| l.start >= sig_start);
    let mut after_sign_off = false;
    for line in sig {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(phrase) = sign_off(t) {
            // "Thanks, Priya Sharma" carries the name on the same line.
            let rest = t[phrase.len().min(t.len())..].trim_matches(|c: char| !c.is_alphanumeric());
            if looks_like_name(rest) {
                let s = line.start + line.text.find(rest).unwrap_or(0);
                return Some(Field::new(rest.to_string(), 0.75, s, s + rest.len()));
            }
            after_sign_off = true;
            continue;
        }
        if after_sign_off {
            let name = t.trim_end_matches([',', '.', '|']).trim();
            if looks_like_name(name) {
                let s = line.start + line.text.find(name).unwrap_or(0);
                return Some(Field::new(name.to_string(), 0.8, s, s + name.len()));
            }
            return None;
        }
    }
    None
}

/// Two to four capitalised words of letters: "Priya Sharma", "John A. Smith".
pub(crate) fn looks_like_name(s: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "inc",
        "llc",
        "ltd",
        "corp",
        "solutions",
        "technologies",
        "technology",
        "systems",
        "services",
        "consulting",
        "group",
        "team",
        "recruiter",
        "manager",
        "lead",
        "sales",
        "talent",
        "acquisition",
        "resources",
        "staffing",
        "global",
        "it",
        "us",
        "usa",
        "partner",
        "partners",
        "account",
        "executive",
        "specialist",
        "bench",
        "hr",
    ];
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && s.chars().count() <= 60
        && words.iter().all(|w| {
            let letters = w.trim_end_matches(['.', ',']);
            letters.chars().next().is_some_and(char::is_uppercase)
                && letters
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.'))
                && !NOT_NAMES.contains(&letters.to_ascii_lowercase().as_str())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_offs_and_names() {
        assert!(looks_like_name("Priya Sharma"));
        assert!(looks_like_name("John A. Smith"));
        assert!(!looks_like_name("Technical Recruiter"));
        assert!(!looks_like_name("Java"));
        assert!(!looks_like_name("Call 214 555 0101"));
    }

    #[test]
    fn finds_addresses_and_numbers() {
        let got = emails_in("mail: <priya.s@vendor.example>, or x@y");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "priya.s@vendor.example");
        assert_eq!(phone_spans("Cell: (214) 555-0101 x12"), [(6, 20)]);
        assert!(phone_spans("$120000 per year").is_empty());
        assert!(phone_spans("Req 12345").is_empty());
    }
}
