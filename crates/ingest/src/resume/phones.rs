//! Phone numbers in running text: international and national forms ("+91 98765 43210",
//! "(214) 555-0134", "214.555.0134"), told apart from years, date ranges, postal codes and
//! ids, and normalised through the domain [`Phone`] type.

use hireloop_domain::values::{CountryCode, Phone};

use super::text::{Line, key};

/// A phone number found in a line.
#[derive(Debug, Clone)]
pub(crate) struct FoundPhone {
    pub phone: Phone,
    pub start: usize,
    pub end: usize,
    /// A "Phone:", "Mobile" or "Tel" label sits just before it.
    pub labelled: bool,
    /// Written with a '+' or "00" country code.
    pub international: bool,
}

#[rustfmt::skip]
const LABELS: &[&str] = &[
    "phone", "mobile", "mob", "tel", "telephone", "cell", "contact", "ph", "whatsapp", "m", "t",
    "p", "handy", "telefon", "téléphone", "no", "number", "call",
];

/// Every phone number on `line`, left to right. `country` reads national numbers.
pub(crate) fn find_phones(line: &Line<'_>, country: Option<CountryCode>) -> Vec<FoundPhone> {
    let s = line.text;
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let starts = c == '+' || c == '(' || c.is_ascii_digit();
        let prev = s[..i].chars().next_back();
        // Digits glued to letters or other numbers are ids, versions or hashes.
        let glued = prev
            .is_some_and(|p| p.is_alphanumeric() || matches!(p, '.' | '/' | '_' | '-' | ',' | '+'));
        if !starts || glued {
            i += c.len_utf8();
            continue;
        }
        let end = candidate_end(s, i);
        let raw = s[i..end].trim_end_matches([' ', '-', '.', '(', '/']);
        let raw_end = i + raw.len();
        if let Some(found) = judge(s, i, raw, country) {
            out.push(FoundPhone {
                start: line.start + i,
                end: line.start + raw_end,
                ..found
            });
            i = raw_end.max(i + 1);
        } else {
            // Skip the whole run so its tail is not read as a shorter number.
            i = end.max(i + 1);
        }
    }
    out
}

/// The end of a run of phone characters: digits, single spaces, '-', '.', '(', ')', '/'.
fn candidate_end(s: &str, start: usize) -> usize {
    let mut end = start;
    let mut last_space = false;
    for (j, c) in s[start..].char_indices() {
        // " / " separates two numbers; "080/2654321" is one.
        if c == '/' && (last_space || s[start + j + 1..].starts_with(' ')) {
            break;
        }
        let ok = c.is_ascii_digit()
            || matches!(c, '-' | '.' | '(' | ')' | '/' | '–' | '\u{a0}')
            || (c == '+' && j == 0);
        if c == ' ' {
            if last_space {
                break;
            }
            last_space = true;
            continue;
        }
        last_space = false;
        if !ok || j > 30 {
            break;
        }
        end = start + j + c.len_utf8();
    }
    end
}

/// Decides whether `raw` (starting at byte `at` of `line`) is a phone number.
fn judge(line: &str, at: usize, raw: &str, country: Option<CountryCode>) -> Option<FoundPhone> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let groups: Vec<&str> = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let labelled = has_label(&line[..at]);
    let international = raw.starts_with('+') || (raw.starts_with("00") && digits.len() > 10);
    let after = line[at + raw.len()..].chars().next();
    if after.is_some_and(|c| c.is_alphanumeric() || c == '%') {
        return None;
    }
    let enough = if labelled { 7..=15 } else { 10..=15 };
    if !enough.contains(&digits.len()) {
        return None;
    }
    if looks_like_dates(raw, &groups) {
        return None;
    }
    // Slashes are written in dates and ids, rarely in phone numbers without a label.
    if raw.contains('/') && !labelled && !international {
        return None;
    }
    let guess = country.or_else(|| guess_country(raw, &groups));
    // A run without separators is an id or an amount, unless a label or its shape (a
    // mobile number's length and leading digit) says otherwise.
    if groups.len() == 1 && !international && !labelled && guess_country(raw, &groups).is_none() {
        return None;
    }
    let cleaned = raw.replace(['–', '\u{a0}'], " ");
    let phone = Phone::parse(&cleaned, guess.as_ref())
        .or_else(|_| Phone::parse(&cleaned, None))
        .ok()?;
    Some(FoundPhone {
        phone,
        start: 0,
        end: 0,
        labelled,
        international,
    })
}

/// Years in a row ("2015 2016 2017"), or a date ("12.05.2019", "2019-01-15").
fn looks_like_dates(raw: &str, groups: &[&str]) -> bool {
    let years = groups
        .iter()
        .filter(|g| g.len() == 4 && g.parse::<u32>().is_ok_and(|y| (1950..=2100).contains(&y)))
        .count();
    if years >= 2 {
        return true;
    }
    if raw.starts_with('+') {
        return false;
    }
    // dd.mm.yyyy, yyyy-mm-dd and the like: three groups, one of them a year.
    years == 1 && groups.len() == 3 && groups.iter().filter(|g| g.len() <= 2).count() == 2
}

/// Whether a phone label ends `before` ("Phone:", "Mob. -", "(M)").
fn has_label(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let k = key(&tail);
    k.split(' ')
        .next_back()
        .is_some_and(|w| LABELS.contains(&w))
}

/// The country a number without a country code is most likely from, by how it is
/// grouped: 3-3-4 is North American ("(214) 555-0134"), 5-5 is an Indian mobile.
fn guess_country(raw: &str, groups: &[&str]) -> Option<CountryCode> {
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let nanp = matches!(lens.as_slice(), [3, 3, 4] | [1, 3, 3, 4])
        && (raw.contains('(') || raw.contains('-') || raw.contains('.'));
    if nanp {
        return CountryCode::parse("US").ok();
    }
    let indian_mobile = matches!(lens.as_slice(), [5, 5] | [10])
        && groups
            .first()
            .and_then(|g| g.chars().next())
            .is_some_and(|c| ('6'..='9').contains(&c));
    if indian_mobile {
        return CountryCode::parse("IN").ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resume::text::lines;

    fn phones(s: &str, country: Option<&str>) -> Vec<String> {
        let country = country.and_then(|c| CountryCode::parse(c).ok());
        lines(s)
            .iter()
            .flat_map(|l| find_phones(l, country))
            .map(|p| p.phone.to_string())
            .collect()
    }

    #[test]
    fn international_and_national_forms() {
        assert_eq!(phones("Mobile: +91 98765 43210", None), ["+919876543210"]);
        assert_eq!(phones("(214) 555-0134", None), ["+12145550134"]);
        assert_eq!(phones("Tel 214.555.0134", None), ["+12145550134"]);
        assert_eq!(phones("+44 (0)20 7946 0958", None), ["+442079460958"]);
        assert_eq!(phones("+49 30 1234567", None), ["+49301234567"]);
        assert_eq!(phones("98765 43210", None), ["+919876543210"]);
        assert_eq!(phones("030 1234567", Some("DE")), ["+49301234567"]);
        assert_eq!(phones("Phone: +91-888-4350-386", None), ["+918884350386"]);
        assert_eq!(
            phones("jane@x.com | 214-555-0134 | Dallas", None),
            ["+12145550134"]
        );
    }

    #[test]
    fn rejects_dates_codes_and_ids() {
        for s in [
            "2015 - 2019",
            "01/2019 – 03/2021",
            "2017 2018 2019",
            "12.05.2019",
            "2019-01-15",
            "Pin: 560029",
            "Bengaluru 560029",
            "indeed.com/r/Jane-Doe/10e7a8cb732bc43a",
            "Employee id A1234567890",
            "Version 10.2.0.3",
            "Revenue grew 35% to 1200000000",
            "Scored 1234567890%",
        ] {
            assert!(phones(s, None).is_empty(), "{s}: {:?}", phones(s, None));
        }
    }
}
