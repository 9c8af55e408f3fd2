//! The extras a staffing desk asks about: certifications, work authorisation ("H-1B",
//! "US Citizen"), the expected rate and when the person can start.

use chrono::{Datelike, Duration, Months, NaiveDate};
use hireloop_domain::values::{AvailabilityDate, Rate, WorkAuthorization};

use super::dates::find_dates;
use super::headings::heading_kind;
use super::rates::parse_rate;
use super::sections::Layout;
use super::text::{Line, contains_words, key, span_in, strip_bullet, trim_separators, word_count};
use super::{Field, SectionKind};

#[derive(Debug, Default)]
pub(crate) struct Extras {
    pub certifications: Vec<Field<String>>,
    pub work_authorization: Option<Field<WorkAuthorization>>,
    pub expected_rate: Option<Field<Rate>>,
    pub availability: Option<Field<AvailabilityDate>>,
}

pub(crate) fn extract(lines: &[Line<'_>], layout: &Layout, today: NaiveDate) -> Extras {
    Extras {
        certifications: certifications(lines, layout),
        work_authorization: work_authorization(lines),
        expected_rate: expected_rate(lines),
        availability: availability(lines, today),
    }
}

/// The value after a label ("Visa status: H1B" → "H1B") when the label is one of `labels`.
fn labelled<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    let (label, value) = line.split_once(':').or_else(|| line.split_once(" - "))?;
    let k = key(strip_bullet(label).1);
    labels
        .contains(&k.as_str())
        .then(|| trim_separators(value))
        .filter(|v| !v.is_empty())
}

fn field_in<T>(line: &Line<'_>, part: &str, value: T, confidence: f32) -> Field<T> {
    let (a, b) = span_in(line.text, part).unwrap_or((0, line.text.len()));
    Field::at(value, confidence, line.start + a, line.start + b)
}

/// Every line of a certifications section, and lines elsewhere that name a certification.
fn certifications(lines: &[Line<'_>], layout: &Layout) -> Vec<Field<String>> {
    let mut out: Vec<Field<String>> = Vec::new();
    let mut push = |f: Field<String>| {
        if !out.iter().any(|o| o.value.eq_ignore_ascii_case(&f.value)) {
            out.push(f);
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let in_section = layout.kind_of(i) == Some(SectionKind::Certifications);
        let mut body = strip_bullet(line.text).1;
        if in_section
            && let Some((_, rest)) = body.split_once(':')
            && heading_kind(line.text).is_some_and(|h| h.2)
        {
            body = rest.trim();
        }
        let words = word_count(body);
        if body.is_empty() || words > 20 || heading_kind(body).is_some_and(|h| !h.2) {
            continue;
        }
        // Other details often trail the last section ("Visa status: H-1B").
        let other = [AUTH_LABELS, RATE_LABELS, AVAILABILITY_LABELS];
        if other.iter().any(|labels| labelled(body, labels).is_some())
            || phrase_auth(body).is_some()
        {
            continue;
        }
        let k = key(body);
        let names_one = (k.contains("certified") || k.contains("certification"))
            && !k.starts_with("certification")
            && words <= 12;
        let value = body.trim_end_matches('.');
        if in_section {
            push(field_in(line, value, value.to_string(), 0.8));
        } else if names_one && !matches!(layout.kind_of(i), Some(SectionKind::Contact)) {
            push(field_in(line, value, value.to_string(), 0.5));
        }
    }
    out
}

/// Phrases that state a work authorisation, and what they mean.
const AUTH_PHRASES: &[(&str, WorkAuthorization)] = &[
    ("us citizen", WorkAuthorization::UsCitizen),
    ("u s citizen", WorkAuthorization::UsCitizen),
    ("united states citizen", WorkAuthorization::UsCitizen),
    ("citizen of the united states", WorkAuthorization::UsCitizen),
    ("american citizen", WorkAuthorization::UsCitizen),
    ("green card", WorkAuthorization::GreenCard),
    ("gc holder", WorkAuthorization::GreenCard),
    ("us permanent resident", WorkAuthorization::GreenCard),
    ("h1b", WorkAuthorization::H1b),
    ("h 1b", WorkAuthorization::H1b),
    ("h1 b", WorkAuthorization::H1b),
    ("stem opt", WorkAuthorization::OptCpt),
    ("opt ead", WorkAuthorization::OptCpt),
    ("gc ead", WorkAuthorization::Ead),
    ("h4 ead", WorkAuthorization::Ead),
    ("l2 ead", WorkAuthorization::Ead),
    ("tn visa", WorkAuthorization::Tn),
];

#[rustfmt::skip]
const AUTH_LABELS: &[&str] = &[
    "work authorization", "work authorisation", "visa status", "visa", "work permit",
    "immigration status", "authorization", "work status", "legal status", "citizenship",
    "us work authorization", "work eligibility",
];

fn work_authorization(lines: &[Line<'_>]) -> Option<Field<WorkAuthorization>> {
    for line in lines {
        if let Some(value) = labelled(line.text, AUTH_LABELS) {
            if let Ok(auth) = WorkAuthorization::parse(value) {
                return Some(field_in(line, value, auth, 0.9));
            }
            if let Some(auth) = phrase_auth(value) {
                return Some(field_in(line, value, auth, 0.85));
            }
            return Some(field_in(line, value, WorkAuthorization::Other, 0.4));
        }
    }
    lines
        .iter()
        .find_map(|line| phrase_auth(line.text).map(|auth| field_in(line, line.text, auth, 0.6)))
}

/// A stated authorisation in free text. "OPT", "CPT" and "EAD" count only in capitals, as
/// the words they spell are common.
fn phrase_auth(s: &str) -> Option<WorkAuthorization> {
    let k = key(s);
    if let Some((_, auth)) = AUTH_PHRASES.iter().find(|(p, _)| contains_words(&k, p)) {
        return Some(*auth);
    }
    let caps = |w: &str| s.split(|c: char| !c.is_alphanumeric()).any(|t| t == w);
    if caps("OPT") || caps("CPT") {
        return Some(WorkAuthorization::OptCpt);
    }
    if caps("EAD") {
        return Some(WorkAuthorization::Ead);
    }
    None
}

#[rustfmt::skip]
const RATE_LABELS: &[&str] = &[
    "expected rate", "rate", "hourly rate", "bill rate", "pay rate", "desired rate",
    "expected salary", "desired salary", "salary expectation", "salary expectations",
    "expected ctc", "expected compensation", "expected pay", "rate expectation", "asking rate",
];

fn expected_rate(lines: &[Line<'_>]) -> Option<Field<Rate>> {
    lines.iter().find_map(|line| {
        let value = labelled(line.text, RATE_LABELS)?;
        parse_rate(value).map(|r| field_in(line, value, r, 0.85))
    })
}

#[rustfmt::skip]
const AVAILABILITY_LABELS: &[&str] = &[
    "availability", "available", "available from", "notice period", "can join", "joining",
    "start date", "available to start", "earliest start date", "date of availability",
];

fn availability(lines: &[Line<'_>], today: NaiveDate) -> Option<Field<AvailabilityDate>> {
    for line in lines {
        if let Some(value) = labelled(line.text, AVAILABILITY_LABELS)
            && let Some(date) = read_availability(value, today)
        {
            return Some(field_in(line, value, date, 0.85));
        }
    }
    for line in lines {
        let k = key(line.text);
        let stated = [
            "available immediately",
            "immediately available",
            "immediate joiner",
            "join immediately",
            "available to join immediately",
            "notice period",
            "available from",
        ]
        .iter()
        .any(|p| contains_words(&k, p));
        if stated
            && word_count(line.text) <= 20
            && let Some(date) = read_availability(line.text, today)
        {
            return Some(field_in(line, line.text, date, 0.6));
        }
    }
    None
}

/// "Immediately", "2 weeks", "30 days notice", "1 month", "March 2025", "2025-03-01".
fn read_availability(s: &str, today: NaiveDate) -> Option<AvailabilityDate> {
    if let Ok(d) = AvailabilityDate::parse(s, today) {
        return Some(d);
    }
    let k = key(s);
    if [
        "immediate",
        "immediately",
        "asap",
        "now",
        "immediate joiner",
    ]
    .iter()
    .any(|w| contains_words(&k, w))
    {
        return AvailabilityDate::new(today).ok();
    }
    let words: Vec<&str> = k.split(' ').collect();
    for pair in words.windows(2) {
        let Ok(n) = pair[0].parse::<u32>() else {
            continue;
        };
        let date = match pair[1] {
            "day" | "days" => today.checked_add_signed(Duration::days(i64::from(n))),
            "week" | "weeks" => today.checked_add_signed(Duration::weeks(i64::from(n))),
            "month" | "months" => today.checked_add_months(Months::new(n)),
            _ => None,
        };
        if let Some(d) = date {
            return AvailabilityDate::new(d).ok();
        }
    }
    let (ym, _) = find_dates(s, today).into_iter().next()?;
    let month = u32::from(ym.month?);
    let date = NaiveDate::from_ymd_opt(i32::from(ym.year), month, 1)?;
    (date.year() >= today.year() - 1)
        .then(|| AvailabilityDate::new(date).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resume::sections::split;
    use crate::resume::text::lines;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()
    }

    fn extras(text: &str) -> Extras {
        let ls = lines(text);
        let layout = split(&ls);
        extract(&ls, &layout, today())
    }

    #[test]
    fn work_authorisation() {
        let e = extras("Jane Doe\nVisa Status: H-1B\n");
        assert_eq!(
            e.work_authorization.map(|f| f.value),
            Some(WorkAuthorization::H1b)
        );
        let e = extras("Jane Doe\nGreen Card holder, open to relocation\n");
        assert_eq!(
            e.work_authorization.map(|f| f.value),
            Some(WorkAuthorization::GreenCard)
        );
        let e = extras("Jane Doe\nOpted for the option to adopt\n");
        assert!(e.work_authorization.is_none());
    }

    #[test]
    fn rate_and_availability() {
        let e = extras("Expected rate: $85/hr on C2C\nAvailability: 2 weeks\n");
        assert_eq!(
            e.expected_rate.map(|f| f.value.to_string()),
            Some("85.00 USD/hour (c2c)".into())
        );
        assert_eq!(
            e.availability.map(|f| f.value.to_string()),
            Some("2024-06-29".into())
        );
        let e = extras("Notice period: Immediate joiner");
        assert_eq!(
            e.availability.map(|f| f.value.to_string()),
            Some("2024-06-15".into())
        );
        let e = extras("I am available from September 2024.");
        assert_eq!(
            e.availability.map(|f| f.value.to_string()),
            Some("2024-09-01".into())
        );
    }

    #[test]
    fn certification_lines() {
        let e = extras(
            "CERTIFICATIONS\n• AWS Certified Solutions Architect – Associate (2021)\n• PMP\n\n\
             EXPERIENCE\nOracle Certified Professional, Java SE 8 Programmer\n",
        );
        let names: Vec<String> = e.certifications.into_iter().map(|f| f.value).collect();
        assert_eq!(
            names,
            [
                "AWS Certified Solutions Architect – Associate (2021)",
                "PMP",
                "Oracle Certified Professional, Java SE 8 Programmer"
            ]
        );
    }
}
