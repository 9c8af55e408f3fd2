//! Normalisation keys for people: e-mail, E.164 phone, LinkedIn profile, and a name key in
//! which "Doe, John", "john doe" and "Jóhn Doe" agree.

use hireloop_domain::values::{CountryCode, Email, Phone};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The e-mail as the domain normalises it: trimmed and lowercased.
///
/// Gmail's dots are deliberately kept: only gmail.com ignores them (Google Workspace and
/// other providers do not), the key must not depend on one provider's rules, and treating two
/// people as one is worse than missing a duplicate the name rule can still find. "+tags" stay
/// for the same reason.
pub fn email_key(raw: &str) -> Option<String> {
    Email::parse(raw).ok().map(|e| e.as_str().to_string())
}

/// The number in E.164 with any extension ("+12145550101;ext=7"), read in `country` when it
/// has no country code. A number whose country stays unknown has no key: national digits
/// alone match too many strangers across countries.
pub fn phone_key(raw: &str, country: Option<&str>) -> Option<String> {
    let country = country.and_then(|c| CountryCode::parse(c).ok());
    let phone = Phone::parse(raw, country.as_ref()).ok()?;
    phone.is_e164().then(|| phone.to_string())
}

/// Honorifics and suffixes that do not tell people apart.
const NAME_NOISE: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "jr", "sr", "ii", "iii", "iv", "phd", "md",
];

/// Whether a lowercase token is an honorific or suffix the name key drops.
#[cfg(test)]
pub(crate) fn tests_noise(token: &str) -> bool {
    NAME_NOISE.contains(&token)
}

/// Lowercase, diacritics folded, apostrophes dropped ("O'Brien" = "OBrien"), other
/// punctuation a space ("Jean-Luc" = "Jean Luc"), honorifics and suffixes dropped, tokens
/// sorted so "Doe, John" = "John Doe". `None` when nothing is left.
pub fn name_key(name: &str) -> Option<String> {
    let folded = fold(name);
    let mut tokens: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty() && !NAME_NOISE.contains(t))
        .collect();
    tokens.sort_unstable();
    (!tokens.is_empty()).then(|| tokens.join(" "))
}

/// `https://www.linkedin.com/in/Jane-Doe/?trk=x` → `linkedin.com/in/jane-doe`.
pub fn linkedin_key(url: &str) -> Option<String> {
    let lower = url.trim().to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    // www.linkedin.com, uk.linkedin.com and linkedin.com are one site.
    let host = match host.rfind("linkedin.com") {
        Some(_) => "linkedin.com",
        None => host.strip_prefix("www.").unwrap_or(host),
    };
    let path = path.trim_end_matches('/');
    if host.is_empty() || path.is_empty() {
        return None;
    }
    Some(format!("{host}/{path}"))
}

/// Free text compared loosely (cities, headlines): folded, punctuation a space, collapsed.
pub(crate) fn text_key(s: &str) -> Option<String> {
    let folded = fold(s);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Lowercase with diacritics removed; letters that do not decompose (ß, ø, æ, ł …) are
/// spelled out; apostrophes vanish so they do not split a name.
pub(crate) fn fold(s: &str) -> String {
    if s.is_ascii() {
        // Nothing to decompose: lowercase and drop apostrophes, as below.
        return s
            .bytes()
            .filter(|b| !matches!(b, b'\'' | b'`'))
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    fold_unicode(s)
}

fn fold_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            '\'' | '’' | '`' | 'ʼ' => {}
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_folds_as_unicode_text_does() {
        for s in [
            "John O'Brien",
            "DOE, jane",
            "C++ / .NET",
            "it`s",
            "Data-Engineer 3",
            "",
        ] {
            assert_eq!(fold(s), fold_unicode(s), "{s}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            email_key(" Jane.Doe@Example.COM ").as_deref(),
            Some("jane.doe@example.com")
        );
        assert_ne!(
            email_key("jane.doe@gmail.com"),
            email_key("janedoe@gmail.com")
        );
        assert_eq!(email_key("not an email"), None);
    }

    #[test]
    fn phones() {
        assert_eq!(
            phone_key("(214) 555-0101", Some("US")).as_deref(),
            Some("+12145550101")
        );
        assert_eq!(
            phone_key("+1 214 555 0101", None).as_deref(),
            Some("+12145550101")
        );
        assert_eq!(phone_key("555-0101", None), None);
        assert_eq!(
            phone_key("020 7946 0958", Some("United Kingdom")).as_deref(),
            Some("+442079460958")
        );
    }

    #[test]
    fn names() {
        assert_eq!(name_key("Doe, John"), name_key("John Doe"));
        assert_eq!(name_key("JOSÉ  Núñez").as_deref(), Some("jose nunez"));
        assert_eq!(name_key("Seán O'Brien"), name_key("sean obrien"));
        assert_eq!(name_key("Jean-Luc Picard"), name_key("Picard, Jean Luc"));
        assert_eq!(name_key("Dr. John Doe Jr."), name_key("john doe"));
        assert_eq!(name_key("Straße").as_deref(), Some("strasse"));
        assert_eq!(name_key("  .. "), None);
    }

    #[test]
    fn linkedin() {
        assert_eq!(
            linkedin_key("https://www.linkedin.com/in/Jane-Doe/?trk=abc").as_deref(),
            Some("linkedin.com/in/jane-doe")
        );
        assert_eq!(
            linkedin_key("uk.linkedin.com/in/jane-doe"),
            linkedin_key("http://linkedin.com/in/jane-doe")
        );
        assert_eq!(linkedin_key("https://linkedin.com/"), None);
    }
}
