//! Rules shared by the entities that describe a person (candidates, contacts).

use crate::error::ValidationErrors;
use crate::values::{Location, Phone};

/// Validates and normalises a first/last name pair in place.
pub(crate) fn normalise_name(e: &mut ValidationErrors, first: &mut String, last: &mut String) {
    match crate::values::PersonName::new(first, last) {
        Ok(n) => {
            *first = n.first().to_string();
            *last = n.last().to_string();
        }
        Err(err) => {
            let path = if first.trim().is_empty() && last.trim().is_empty() {
                "first_name"
            } else {
                "name"
            };
            e.push(path, err.0);
        }
    }
}

/// A number typed without a country code becomes E.164 once the location tells us the
/// country.
pub(crate) fn normalise_phone(
    e: &mut ValidationErrors,
    phone: &mut Option<Phone>,
    location: Option<&Location>,
) {
    let country = location.and_then(|l| l.country());
    if let Some(p) = phone.as_ref()
        && !p.is_e164()
        && country.is_some()
    {
        match Phone::parse(&p.to_string(), country.as_ref()) {
            Ok(n) => *phone = Some(n),
            Err(err) => e.push("phone", err.0),
        }
    }
}

/// "First Last", or whichever part is present.
pub(crate) fn full_name(first: &str, last: &str) -> String {
    format!("{first} {last}").trim().to_string()
}

/// The name followed by the other searchable parts, lowercased.
pub(crate) fn search_text<'a>(
    name: String,
    parts: impl IntoIterator<Item = Option<&'a str>>,
) -> String {
    let mut s = name;
    for p in parts.into_iter().flatten() {
        s.push(' ');
        s.push_str(p);
    }
    s.to_lowercase()
}
