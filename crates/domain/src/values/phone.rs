//! Phone numbers: cleaning, E.164 normalisation (NANP rules for +1) and extensions.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::error::ValueError;
use crate::values::CountryCode;

const MIN_E164: usize = 8;
const MAX_E164: usize = 15;
const MIN_NATIONAL: usize = 7;
const MAX_EXTENSION: usize = 10;

/// A phone number, in E.164 form ("+12145550101") when its country is known, else the digits as
/// typed. An extension is kept apart and written as ";ext=123".
///
/// Two numbers are equal when they dial the same digits and extension; the country is what the
/// number was read as (for codes shared by several countries, the default country given to
/// [`Phone::parse`] when it matches, else the largest: +1 → US).
#[derive(Debug, Clone)]
pub struct Phone {
    number: String,
    country: Option<CountryCode>,
    extension: Option<String>,
}

impl Phone {
    /// Reads a phone number as people write it: spaces, dots, dashes, slashes and parentheses are
    /// ignored, "x", "ext", "ext." "extension", "#" or ";ext=" start an extension.
    ///
    /// A leading "+" or "00" makes it international. Otherwise `default_country` tells how to
    /// read it; with no country it is kept as 7 to 15 national digits, not normalised.
    pub fn parse(raw: &str, default_country: Option<&CountryCode>) -> Result<Self, ValueError> {
        let shown = raw.trim();
        if shown.is_empty() {
            return Err(ValueError::new("the phone number is empty"));
        }
        let bad = |why: &str| ValueError::new(format!("'{shown}' is not a phone number: {why}"));
        let (main, extension) = split_extension(shown).map_err(|why| bad(&why))?;
        let (plus, digits) = clean_digits(main).map_err(|why| bad(&why))?;
        if digits.is_empty() {
            return Err(bad("no digits"));
        }
        let (number, country) = if plus {
            international(&digits, default_country).map_err(|why| bad(&why))?
        } else if let Some(rest) = digits.strip_prefix("00") {
            international(rest, default_country).map_err(|why| bad(&why))?
        } else if let Some(country) = default_country {
            national(&digits, *country).map_err(|why| bad(&why))?
        } else {
            if !(MIN_NATIONAL..=MAX_E164).contains(&digits.len()) {
                return Err(bad(&format!(
                    "{} digits; expected {MIN_NATIONAL} to {MAX_E164}, or a '+' and the country code",
                    digits.len()
                )));
            }
            (digits, None)
        };
        Ok(Self {
            number,
            country,
            extension,
        })
    }

    /// E.164 ("+12145550101") when normalised, else the national digits.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    pub fn is_e164(&self) -> bool {
        self.number.starts_with('+')
    }

    /// The country the number was read as, when known.
    pub fn country(&self) -> Option<CountryCode> {
        self.country
    }

    pub fn extension(&self) -> Option<&str> {
        self.extension.as_deref()
    }
}

/// Splits "214-555-0101 x12" into the number and the extension digits.
fn split_extension(s: &str) -> Result<(&str, Option<String>), String> {
    const MARKERS: [&str; 7] = ["; ext=", ";ext=", "extension", "ext.", "ext", "x", "#"];
    let lower = s.to_ascii_lowercase();
    let found = lower.char_indices().find_map(|(i, _)| {
        MARKERS
            .iter()
            .find(|m| lower[i..].starts_with(*m))
            .map(|m| (i, i + m.len()))
    });
    let Some((start, marker_end)) = found else {
        return Ok((s, None));
    };
    let ext: String = lower[marker_end..]
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | ':' | '=' | '-'))
        .collect();
    if ext.is_empty() {
        return Err("the extension has no digits".into());
    }
    if !ext.chars().all(|c| c.is_ascii_digit()) || ext.len() > MAX_EXTENSION {
        return Err(format!(
            "'{ext}' is not an extension (up to {MAX_EXTENSION} digits)"
        ));
    }
    Ok((&s[..start], Some(ext)))
}

/// The digits of the number, and whether it started with '+'. A "(0)" trunk marker is dropped.
fn clean_digits(s: &str) -> Result<(bool, String), String> {
    let s = s.trim();
    let (plus, body) = match s.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let body = if plus {
        body.replacen("(0)", "", 1)
    } else {
        body.to_string()
    };
    let mut digits = String::with_capacity(body.len());
    for c in body.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' | '/' | '\u{a0}' => {}
            '+' => return Err("'+' may only come first".into()),
            other => return Err(format!("unexpected '{other}'")),
        }
    }
    Ok((plus, digits))
}

/// `digits` start with the country calling code.
fn international(
    digits: &str,
    default_country: Option<&CountryCode>,
) -> Result<(String, Option<CountryCode>), String> {
    if !(MIN_E164..=MAX_E164).contains(&digits.len()) {
        return Err(format!(
            "{} digits with the country code; expected {MIN_E164} to {MAX_E164}",
            digits.len()
        ));
    }
    let (code, rest) = (1..=3)
        .rev()
        .filter_map(|len| {
            let code: u16 = digits.get(..len)?.parse().ok()?;
            CountryCode::for_calling_code(code).map(|_| (code, &digits[len..]))
        })
        .next()
        .ok_or_else(|| format!("'+{}' is not a country calling code", &digits[..3]))?;
    let country = match default_country {
        Some(c) if c.calling_code() == code => Some(*c),
        _ => CountryCode::for_calling_code(code),
    };
    if code == 1 {
        check_nanp(rest)?;
    }
    Ok((format!("+{digits}"), country))
}

/// `digits` are written as dialled within `country`.
fn national(digits: &str, country: CountryCode) -> Result<(String, Option<CountryCode>), String> {
    let code = country.calling_code();
    if code == 1 {
        let ten = match digits.len() {
            10 => digits,
            11 if digits.starts_with('1') => &digits[1..],
            n => {
                return Err(format!(
                    "{n} digits; a {} number has 10 digits, or 11 starting with 1",
                    country.name()
                ));
            }
        };
        check_nanp(ten)?;
        return Ok((format!("+1{ten}"), Some(country)));
    }
    let national = digits.strip_prefix('0').unwrap_or(digits);
    let e164 = format!("{code}{national}");
    if national.is_empty() || !(MIN_E164..=MAX_E164).contains(&e164.len()) {
        return Err(format!(
            "too {} for a {} number",
            if e164.len() < MIN_E164 {
                "short"
            } else {
                "long"
            },
            country.name()
        ));
    }
    Ok((format!("+{e164}"), Some(country)))
}

/// North American numbering plan: 3-digit area code and exchange starting 2–9, 4-digit line.
fn check_nanp(ten: &str) -> Result<(), String> {
    let b = ten.as_bytes();
    if b.len() != 10 {
        return Err(format!(
            "a +1 number has 10 digits after the 1, not {}",
            b.len()
        ));
    }
    if !(b'2'..=b'9').contains(&b[0]) {
        return Err(format!("area code {} cannot start with 0 or 1", &ten[..3]));
    }
    if !(b'2'..=b'9').contains(&b[3]) {
        return Err(format!("exchange {} cannot start with 0 or 1", &ten[3..6]));
    }
    Ok(())
}

impl PartialEq for Phone {
    fn eq(&self, other: &Self) -> bool {
        self.number == other.number && self.extension == other.extension
    }
}

impl Eq for Phone {}

impl Hash for Phone {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.number.hash(state);
        self.extension.hash(state);
    }
}

impl fmt::Display for Phone {
    /// The canonical form: "+12145550101" or "+12145550101;ext=123".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.number)?;
        if let Some(ext) = &self.extension {
            write!(f, ";ext={ext}")?;
        }
        Ok(())
    }
}

impl FromStr for Phone {
    type Err = ValueError;
    /// Parses with no default country (the canonical form needs none).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s, None)
    }
}

string_value!(
    Phone,
    "Phone number: E.164 (\"+12145550101\") when its country is known, else national digits; \
     an extension follows as \";ext=123\".",
    "+12145550101"
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn country(s: &str) -> CountryCode {
        CountryCode::parse(s).unwrap()
    }

    fn us() -> CountryCode {
        country("US")
    }

    #[test]
    fn nanp_national_forms() {
        for raw in [
            "(214) 555-0101",
            "214.555.0101",
            "214-555-0101",
            "1-214-555-0101",
            "+1 214 555 0101",
            "001 214 555 0101",
        ] {
            let p = Phone::parse(raw, Some(&us())).unwrap();
            assert_eq!(p.as_str(), "+12145550101", "{raw}");
            assert!(p.is_e164());
            assert_eq!(p.country(), Some(us()));
        }
        let ca = Phone::parse("416 555 0199", Some(&country("CA"))).unwrap();
        assert_eq!(ca.as_str(), "+14165550199");
        assert_eq!(ca.country(), Some(country("CA")));
    }

    #[test]
    fn nanp_rules() {
        assert!(
            Phone::parse("114-555-0101", Some(&us())).is_err(),
            "area code starts 1"
        );
        assert!(
            Phone::parse("214-155-0101", Some(&us())).is_err(),
            "exchange starts 1"
        );
        assert!(Phone::parse("555-0101", Some(&us())).is_err(), "7 digits");
        assert!(
            Phone::parse("2-214-555-0101", Some(&us())).is_err(),
            "11 not starting 1"
        );
        assert!(Phone::parse("+1 014 555 0101", None).is_err());
        let err = Phone::parse("214-155-0101", Some(&us())).unwrap_err();
        assert_eq!(
            err.0,
            "'214-155-0101' is not a phone number: exchange 155 cannot start with 0 or 1"
        );
    }

    #[test]
    fn international_forms() {
        let p = Phone::parse("+44 (0)20 7946 0958", None).unwrap();
        assert_eq!(p.as_str(), "+442079460958");
        assert_eq!(p.country(), Some(country("GB")));
        let p = Phone::parse("0044 20 7946 0958", Some(&us())).unwrap();
        assert_eq!(p.as_str(), "+442079460958");
        let p = Phone::parse("+91 98765 43210", None).unwrap();
        assert_eq!(p.country(), Some(country("IN")));
        let p = Phone::parse("+353 1 234 5678", None).unwrap();
        assert_eq!(p.country(), Some(country("IE")));
        let p = Phone::parse("+1 214 555 0101", None).unwrap();
        assert_eq!(p.country(), Some(us()));
        assert!(
            Phone::parse("+999 1234 5678", None).is_err(),
            "no such calling code"
        );
        assert!(Phone::parse("+44 12", None).is_err(), "too short");
        assert!(
            Phone::parse("+44 1234 5678 9012 345", None).is_err(),
            "too long"
        );
        assert!(Phone::parse("+44 20 +7946", None).is_err());
    }

    #[test]
    fn national_with_trunk_zero() {
        let p = Phone::parse("020 7946 0958", Some(&country("GB"))).unwrap();
        assert_eq!(p.as_str(), "+442079460958");
        let p = Phone::parse("098765 43210", Some(&country("IN"))).unwrap();
        assert_eq!(p.as_str(), "+919876543210");
        let p = Phone::parse("030 1234567", Some(&country("DE"))).unwrap();
        assert_eq!(p.as_str(), "+49301234567");
        assert!(Phone::parse("0 12", Some(&country("DE"))).is_err());
    }

    #[test]
    fn without_country() {
        let p = Phone::parse("555-0101", None).unwrap();
        assert_eq!(p.as_str(), "5550101");
        assert!(!p.is_e164());
        assert_eq!(p.country(), None);
        assert!(Phone::parse("555-010", None).is_err());
        assert!(Phone::parse("1234567890123456", None).is_err());
    }

    #[test]
    fn extensions() {
        for raw in [
            "214-555-0101 x123",
            "214-555-0101 ext. 123",
            "214-555-0101 ext 123",
            "214-555-0101 EXT:123",
            "214-555-0101 extension 123",
            "214-555-0101 #123",
            "+12145550101;ext=123",
        ] {
            let p = Phone::parse(raw, Some(&us())).unwrap();
            assert_eq!(p.as_str(), "+12145550101", "{raw}");
            assert_eq!(p.extension(), Some("123"), "{raw}");
            assert_eq!(p.to_string(), "+12145550101;ext=123");
        }
        assert!(Phone::parse("214-555-0101 x", Some(&us())).is_err());
        assert!(Phone::parse("214-555-0101 x12a", Some(&us())).is_err());
        assert!(Phone::parse("214-555-0101 x12345678901", Some(&us())).is_err());
    }

    #[test]
    fn rejects_garbage() {
        assert!(Phone::parse("", None).unwrap_err().0.contains("empty"));
        let err = Phone::parse("call me", None).unwrap_err();
        assert_eq!(err.0, "'call me' is not a phone number: unexpected 'c'");
        assert!(Phone::parse("214-555-O101", Some(&us())).is_err());
        assert!(Phone::parse("()--", None).is_err());
    }

    #[test]
    fn calling_codes_are_prefix_free() {
        let mut codes: Vec<String> = CountryCode::all()
            .map(|c| c.calling_code().to_string())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        for a in &codes {
            for b in &codes {
                assert!(
                    a == b || !b.starts_with(a.as_str()),
                    "{a} is a prefix of {b}"
                );
            }
        }
    }

    #[test]
    fn serde_canonical() {
        let p = Phone::parse("(214) 555-0101 x7", Some(&us())).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"+12145550101;ext=7\"");
        let back: Phone = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.extension(), Some("7"));
        let local: Phone = serde_json::from_str("\"5550101\"").unwrap();
        assert!(!local.is_e164());
        let err = serde_json::from_str::<Phone>("\"+1 114 555 0101\"").unwrap_err();
        assert!(err.to_string().contains("area code 114"), "{err}");
    }

    proptest! {
        #[test]
        fn nanp_round_trip(
            area in 200u32..1000,
            exchange in 200u32..1000,
            line in 0u32..10000,
            ext in proptest::option::of(1u32..100000),
            style in 0u8..4,
        ) {
            let raw = match style {
                0 => format!("({area}) {exchange}-{line:04}"),
                1 => format!("{area}.{exchange}.{line:04}"),
                2 => format!("1 {area} {exchange} {line:04}"),
                _ => format!("+1{area}{exchange}{line:04}"),
            };
            let raw = match ext { Some(e) => format!("{raw} x{e}"), None => raw };
            let p = Phone::parse(&raw, Some(&us())).unwrap();
            let expected = format!("+1{area}{exchange}{line:04}");
            prop_assert_eq!(p.as_str(), expected.as_str());
            let again = Phone::parse(&p.to_string(), None).unwrap();
            prop_assert_eq!(&again, &p);
            let json = serde_json::to_string(&p).unwrap();
            prop_assert_eq!(serde_json::from_str::<Phone>(&json).unwrap(), p);
        }

        #[test]
        fn normalised_is_idempotent(raw in "[0-9 ()+.-]{0,20}", i in 0usize..249) {
            let c = CountryCode::all().nth(i).unwrap();
            if let Ok(p) = Phone::parse(&raw, Some(&c)) {
                let digits = p.as_str().trim_start_matches('+').len();
                prop_assert!(digits <= MAX_E164);
                let again = Phone::parse(&p.to_string(), Some(&c)).unwrap();
                prop_assert_eq!(again, p);
            }
        }
    }
}
