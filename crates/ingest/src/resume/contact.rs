//! The contact block: name, e-mail, phone, links, where the person lives, and the headline
//! under the name ("Senior Engineer - Acme Corp").

use hireloop_domain::values::{Email, Location, Phone};

use super::links::find_links;
use super::names::find_name;
use super::phones::find_phones;
use super::places::{parse_city, parse_place};
use super::sections::Layout;
use super::text::{Line, key, span_in, split_fields, trim_separators};
use super::vocab::{company_score, title_score};
use super::{Field, Link};

#[derive(Debug, Default)]
pub(crate) struct Contact {
    pub name: Option<Field<String>>,
    pub email: Option<Field<String>>,
    pub phone: Option<Field<Phone>>,
    pub location: Option<Field<Location>>,
    pub links: Vec<Field<Link>>,
    pub headline_title: Option<Field<String>>,
    pub headline_company: Option<Field<String>>,
}

pub(crate) fn extract(text: &str, lines: &[Line<'_>], layout: &Layout) -> Contact {
    let top = layout.top_end;
    let email = find_email(lines, top);
    let name = find_name(lines, top, email.as_ref());
    let name_line = name
        .as_ref()
        .and_then(|n| n.start)
        .and_then(|s| lines.iter().position(|l| l.start <= s && s <= l.end));
    let location = find_location(lines, top, name_line);
    let country = location.as_ref().and_then(|l| l.value.country());
    let phone = find_phone(lines, top, country);
    let links = find_links(text, lines, top);
    let (headline_title, headline_company) = headline(lines, top, name_line);
    Contact {
        name,
        email,
        phone,
        location,
        links,
        headline_title,
        headline_company,
    }
}

/// The first e-mail address: near the top it is surely the candidate's; further down it
/// may be a referee's.
fn find_email(lines: &[Line<'_>], top: usize) -> Option<Field<String>> {
    for (n, line) in lines.iter().enumerate() {
        for (i, _) in line.text.match_indices('@') {
            if let Some((email, a, b)) = email_at(line.text, i) {
                let confidence = if n < top { 0.95 } else { 0.8 };
                return Some(Field::at(email, confidence, line.start + a, line.start + b));
            }
        }
        if let Some((email, a, b)) = obfuscated_email(line.text) {
            return Some(Field::at(email, 0.7, line.start + a, line.start + b));
        }
    }
    None
}

/// The address around the '@' at byte `at`, validated by the domain type.
fn email_at(s: &str, at: usize) -> Option<(String, usize, usize)> {
    let local_ok = |c: char| c.is_ascii_alphanumeric() || "._%+-'".contains(c);
    let domain_ok = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    let start = s[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| local_ok(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = s[at + 1..]
        .char_indices()
        .take_while(|&(_, c)| domain_ok(c))
        .last()
        .map_or(at + 1, |(i, c)| at + 1 + i + c.len_utf8());
    let raw = s[start..end]
        .trim_start_matches(['.', '\''])
        .trim_end_matches(['.', '-']);
    let start = start + s[start..end].find(raw).unwrap_or(0);
    let email = Email::parse(raw).ok()?;
    Some((email.as_str().to_string(), start, start + raw.len()))
}

/// "jane [at] example [dot] com" and "jane(at)example(dot)com".
fn obfuscated_email(s: &str) -> Option<(String, usize, usize)> {
    let lower = s.to_ascii_lowercase();
    let at = ["[at]", "(at)", "{at}", " at "]
        .iter()
        .filter(|m| !m.starts_with(' ') || lower.contains("[dot]") || lower.contains("(dot)"))
        .find_map(|m| lower.find(m).map(|i| (i, m.len())))?;
    let start = lower[..at.0].trim_end().rfind(' ').map_or(0, |i| i + 1);
    let tail = &lower[at.0 + at.1..];
    let mut end = at.0 + at.1;
    let mut rebuilt = format!("{}@", lower[start..at.0].trim());
    let mut rest = tail.trim_start();
    end += tail.len() - rest.len();
    loop {
        let word_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        if word_len == 0 {
            break;
        }
        rebuilt.push_str(&rest[..word_len]);
        end += word_len;
        rest = &rest[word_len..];
        let dot = [" [dot] ", "[dot]", " (dot) ", "(dot)", "."]
            .iter()
            .find(|d| rest.starts_with(**d));
        match dot {
            Some(d) => {
                rebuilt.push('.');
                end += d.len();
                rest = &rest[d.len()..];
            }
            None => break,
        }
    }
    let email = Email::parse(&rebuilt).ok()?;
    Some((email.as_str().to_string(), start, end))
}

/// The candidate's phone: the first one near the top, else the first with a label.
fn find_phone(
    lines: &[Line<'_>],
    top: usize,
    country: Option<hireloop_domain::values::CountryCode>,
) -> Option<Field<Phone>> {
    let mut labelled_later = None;
    for (n, line) in lines.iter().enumerate() {
        for p in find_phones(line, country) {
            let sure = p.labelled || p.international || p.phone.is_e164();
            if n < top {
                let confidence = if sure { 0.95 } else { 0.75 };
                return Some(Field::at(p.phone, confidence, p.start, p.end));
            }
            if p.labelled && labelled_later.is_none() {
                labelled_later = Some(Field::at(p.phone, 0.7, p.start, p.end));
            }
        }
    }
    labelled_later
}

/// Where the person lives: a "Location:"/"Address:" label, else a "City, Region" field in
/// the top lines, else a lone place name next to the contact details.
fn find_location(
    lines: &[Line<'_>],
    top: usize,
    name_line: Option<usize>,
) -> Option<Field<Location>> {
    for line in lines.iter().take(top.max(60)) {
        let Some((label, value)) = line.text.split_once(':') else {
            continue;
        };
        let label = key(label);
        let labels = [
            "location",
            "current location",
            "address",
            "city",
            "residence",
            "based in",
            "present address",
            "current address",
            "permanent address",
            "place",
        ];
        if !labels.contains(&label.as_str()) {
            continue;
        }
        let value = value.trim();
        // An address ends with the city and region: try the last parts first.
        let parts: Vec<&str> = value.split(',').collect();
        for take in (1..=parts.len().min(3)).rev() {
            let tail_start = parts[..parts.len() - take]
                .iter()
                .map(|p| p.len() + 1)
                .sum::<usize>();
            let Some(tail) = value.get(tail_start..) else {
                continue;
            };
            if let Some((loc, c)) = parse_place(tail) {
                let (a, b) = span_in(line.text, tail.trim()).unwrap_or((0, line.text.len()));
                return Some(Field::at(
                    loc,
                    (c + 0.1).min(0.95),
                    line.start + a,
                    line.start + b,
                ));
            }
        }
        if let Some(loc) = parse_city(value) {
            let (a, b) = span_in(line.text, value).unwrap_or((0, line.text.len()));
            return Some(Field::at(loc, 0.7, line.start + a, line.start + b));
        }
    }
    let mut lone: Option<Field<Location>> = None;
    for (n, line) in lines.iter().enumerate().take(top) {
        if Some(n) == name_line || key(line.text).starts_with("willing to relocate") {
            continue;
        }
        let fields = split_fields(line.text);
        let has_contact = fields.iter().any(|f| is_contact_detail(f));
        for f in &fields {
            if is_contact_detail(f) || f.len() > 60 {
                continue;
            }
            let (a, b) = span_in(line.text, f).unwrap_or((0, line.text.len()));
            if let Some((loc, c)) = parse_place(f) {
                return Some(Field::at(loc, c, line.start + a, line.start + b));
            }
            if has_contact
                && lone.is_none()
                && title_score(f) == 0.0
                && let Some(loc) = parse_city(f)
            {
                lone = Some(Field::at(loc, 0.5, line.start + a, line.start + b));
            }
        }
    }
    lone
}

/// An e-mail address, a link or a phone number (or a label introducing one).
fn is_contact_detail(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.contains('@')
        || lower.contains("http")
        || lower.contains("www.")
        || lower.contains(".com")
        || lower.contains("email")
        || lower.contains("e-mail")
        || s.chars().filter(char::is_ascii_digit).count() >= 7
}

/// The line under the name when it reads like a job title: "Senior Engineer - Acme",
/// "Test Analyst at Oracle, Hyderabad".
fn headline(
    lines: &[Line<'_>],
    top: usize,
    name_line: Option<usize>,
) -> (Option<Field<String>>, Option<Field<String>>) {
    let from = name_line.map_or(0, |n| n + 1);
    let candidates = lines
        .iter()
        .enumerate()
        .skip(from)
        .take_while(|(n, _)| *n < top)
        .filter(|(_, l)| !l.is_blank())
        .take(2);
    for (_, line) in candidates {
        if is_contact_detail(line.text) || parse_place(line.text).is_some() {
            continue;
        }
        let (title, company) = split_title_company(line.text);
        let score = title_score(title);
        if score == 0.0 || super::text::word_count(title) > 8 {
            continue;
        }
        let (a, b) = span_in(line.text, title).unwrap_or((0, line.text.len()));
        let t = Field::at(
            title.to_string(),
            score.min(0.85),
            line.start + a,
            line.start + b,
        );
        let c = company
            .filter(|c| super::text::word_count(c) <= 6)
            .map(|c| {
                let (a, b) = span_in(line.text, c).unwrap_or((0, line.text.len()));
                let conf = if company_score(c) > 0.0 { 0.75 } else { 0.6 };
                Field::at(c.to_string(), conf, line.start + a, line.start + b)
            });
        return (Some(t), c);
    }
    (None, None)
}

/// Splits "Title at Company", "Title @ Company", "Title - Company", "Title, Company" and
/// "Title with Company"; the company loses a trailing place ("Oracle, Hyderabad").
pub(crate) fn split_title_company(s: &str) -> (&str, Option<&str>) {
    let fields = split_fields(s);
    let first = fields.first().copied().unwrap_or(s);
    let mut company = fields.get(1).copied();
    let mut title = first;
    for sep in [" at ", " @ ", "@", " with ", ", "] {
        if let Some((t, c)) = first.split_once(sep)
            && title_score(t) > 0.0
        {
            title = trim_separators(t);
            company = Some(trim_separators(c));
            break;
        }
    }
    let company = company.map(|c| match c.rsplit_once(',') {
        Some((head, tail)) if parse_city(tail).is_some() || parse_place(tail).is_some() => {
            trim_separators(head)
        }
        _ => c,
    });
    (
        title,
        company.filter(|c| !c.is_empty() && parse_place(c).is_none()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        let at = |s: &str| s.find('@').and_then(|i| email_at(s, i)).map(|e| e.0);
        assert_eq!(
            at("E-mail: Jane.Doe@Example.com."),
            Some("jane.doe@example.com".into())
        );
        assert_eq!(
            at("http://shrikant89@gmail.com"),
            Some("shrikant89@gmail.com".into())
        );
        assert_eq!(at("Working as accountant @ infosys"), None);
        assert_eq!(at("medium.com/@jane"), None);
        let ob = |s: &str| obfuscated_email(s).map(|e| e.0);
        assert_eq!(
            ob("jane.doe [at] example [dot] com"),
            Some("jane.doe@example.com".into())
        );
        assert_eq!(
            ob("jane(at)mail.example.org"),
            Some("jane@mail.example.org".into())
        );
        assert_eq!(ob("worked at Acme"), None);
    }

    #[test]
    fn title_and_company() {
        assert_eq!(
            split_title_company("Senior Engineer - Acme Corp"),
            ("Senior Engineer", Some("Acme Corp"))
        );
        assert_eq!(
            split_title_company("Test Analyst at Oracle, Hyderabad"),
            ("Test Analyst", Some("Oracle"))
        );
        assert_eq!(
            split_title_company("Accountant @ Infosys"),
            ("Accountant", Some("Infosys"))
        );
        assert_eq!(split_title_company("QA Tester"), ("QA Tester", None));
    }
}
