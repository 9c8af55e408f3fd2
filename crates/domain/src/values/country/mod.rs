//! Countries: ISO 3166-1 codes, English names and calling codes, plus US state codes.

mod tables;

use tables::{
    COUNTRIES, COUNTRY_ALIASES, Entry, PRIMARY_FOR_SHARED_CODE, US_STATE_ALIASES, US_STATES,
};

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use crate::error::ValueError;

/// A country by its ISO 3166-1 alpha-2 code ("US"). Serialized as that code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(u8);

impl CountryCode {
    /// Accepts an alpha-2 or alpha-3 code, the English name or a common alias ("USA", "UK",
    /// "England", "UAE"), ignoring case, dots, accents and a leading "the".
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let shown = s.trim();
        if shown.is_empty() {
            return Err(ValueError::new("the country is empty"));
        }
        LOOKUP
            .get(&name_key(shown))
            .map(|&i| Self(i))
            .ok_or_else(|| ValueError::new(format!("'{shown}' is not a country we know")))
    }

    /// The alpha-2 code, e.g. "US".
    pub fn as_str(&self) -> &'static str {
        self.entry().0
    }

    /// The alpha-3 code, e.g. "USA".
    pub fn alpha3(&self) -> &'static str {
        self.entry().1
    }

    /// The common English name, e.g. "United States".
    pub fn name(&self) -> &'static str {
        self.entry().2
    }

    /// The international calling code, e.g. 1 for US and CA, 44 for GB, 91 for IN.
    pub fn calling_code(&self) -> u16 {
        self.entry().3
    }

    /// Every country, in alpha-2 order.
    pub fn all() -> impl Iterator<Item = CountryCode> {
        (0..COUNTRIES.len()).filter_map(|i| u8::try_from(i).ok().map(Self))
    }

    /// The country a calling code is read as. Codes shared by several countries go to the
    /// largest one (1 → US, 7 → RU, 44 → GB, 61 → AU).
    pub fn for_calling_code(code: u16) -> Option<CountryCode> {
        if let Some(&(_, a2)) = PRIMARY_FOR_SHARED_CODE.iter().find(|(c, _)| *c == code) {
            return Self::from_alpha2(a2);
        }
        Self::all().find(|c| c.calling_code() == code)
    }

    fn from_alpha2(a2: &str) -> Option<CountryCode> {
        COUNTRIES
            .binary_search_by(|e| e.0.cmp(a2))
            .ok()
            .and_then(|i| u8::try_from(i).ok())
            .map(Self)
    }

    fn entry(&self) -> &'static Entry {
        // The index was produced from COUNTRIES, so it is always in range.
        &COUNTRIES[usize::from(self.0)]
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({:?})", self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CountryCode {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

string_value!(
    CountryCode,
    "ISO 3166-1 alpha-2 country code. Input also accepts alpha-3 codes and English names.",
    "US"
);

/// Maps a US state or territory name or code ("Texas", "tx", "TX", "D.C.") to its two-letter
/// postal code ("TX").
pub fn us_state_code(s: &str) -> Option<&'static str> {
    STATE_LOOKUP.get(&name_key(s)).copied()
}

/// A lookup key for names: accents folded, lowercase, dots and apostrophes dropped, other
/// punctuation as spaces, whitespace collapsed, a leading "the" dropped, "st" read as "saint".
fn name_key(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '.' | '\'' | '\u{2019}' => {}
            '&' => folded.push_str(" and "),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => folded.push('a'),
            'ç' => folded.push('c'),
            'è' | 'é' | 'ê' | 'ë' => folded.push('e'),
            'ì' | 'í' | 'î' | 'ï' => folded.push('i'),
            'ñ' => folded.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => folded.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => folded.push('u'),
            c if c.is_alphanumeric() => folded.push(c),
            _ => folded.push(' '),
        }
    }
    let words: Vec<&str> = folded.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    let mut key = words.join(" ");
    if let Some(rest) = key.strip_prefix("st ") {
        key = format!("saint {rest}");
    }
    key
}

static LOOKUP: LazyLock<HashMap<String, u8>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (i, code) in CountryCode::all().enumerate() {
        let (a2, a3, name, _) = COUNTRIES[i];
        for key in [a2, a3, name] {
            map.entry(name_key(key)).or_insert(code.0);
        }
    }
    for (alias, a2) in COUNTRY_ALIASES {
        if let Some(code) = CountryCode::from_alpha2(a2) {
            map.entry(name_key(alias)).or_insert(code.0);
        }
    }
    map
});

static STATE_LOOKUP: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for &(code, name) in US_STATES {
        map.insert(name_key(code), code);
        map.insert(name_key(name), code);
    }
    for &(alias, code) in US_STATE_ALIASES {
        map.insert(name_key(alias), code);
    }
    map
});

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cc(s: &str) -> CountryCode {
        CountryCode::parse(s).unwrap()
    }

    #[test]
    fn table_is_complete_and_consistent() {
        assert_eq!(CountryCode::all().count(), 249);
        let mut a3: Vec<&str> = COUNTRIES.iter().map(|e| e.1).collect();
        a3.sort_unstable();
        a3.dedup();
        assert_eq!(a3.len(), 249, "alpha-3 codes are unique");
        assert!(
            COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted by alpha-2"
        );
        for c in CountryCode::all() {
            assert_eq!(c.as_str().len(), 2);
            assert_eq!(c.alpha3().len(), 3);
            assert!(c.calling_code() > 0 && c.calling_code() < 1000, "{c:?}");
            assert_eq!(cc(c.as_str()), c);
            assert_eq!(cc(c.alpha3()), c);
            assert_eq!(cc(c.name()), c, "name of {c:?}");
        }
    }

    #[test]
    fn parses_codes_names_and_aliases() {
        assert_eq!(cc("us").as_str(), "US");
        assert_eq!(cc(" usa ").as_str(), "US");
        assert_eq!(cc("United States of America").as_str(), "US");
        assert_eq!(cc("U.S.").as_str(), "US");
        assert_eq!(cc("u.s.a.").as_str(), "US");
        assert_eq!(cc("UK").as_str(), "GB");
        assert_eq!(cc("Great Britain").as_str(), "GB");
        assert_eq!(cc("england").as_str(), "GB");
        assert_eq!(cc("UAE").as_str(), "AE");
        assert_eq!(cc("india").as_str(), "IN");
        assert_eq!(cc("IND").as_str(), "IN");
        assert_eq!(cc("the Netherlands").as_str(), "NL");
        assert_eq!(cc("Cote d'Ivoire").as_str(), "CI");
        assert_eq!(cc("Curacao").as_str(), "CW");
        assert_eq!(cc("St. Lucia").as_str(), "LC");
        assert_eq!(cc("Antigua & Barbuda").as_str(), "AG");
        assert_eq!(cc("Guinea Bissau").as_str(), "GW");
    }

    #[test]
    fn accessors() {
        let us = cc("US");
        assert_eq!(us.name(), "United States");
        assert_eq!(us.alpha3(), "USA");
        assert_eq!(us.calling_code(), 1);
        assert_eq!(cc("CA").calling_code(), 1);
        assert_eq!(cc("GB").calling_code(), 44);
        assert_eq!(cc("IN").calling_code(), 91);
        assert_eq!(format!("{us}"), "US");
        assert_eq!(format!("{us:?}"), "CountryCode(\"US\")");
    }

    #[test]
    fn calling_code_lookup() {
        let find = |code| CountryCode::for_calling_code(code).map(|c| c.as_str());
        assert_eq!(find(1), Some("US"));
        assert_eq!(find(7), Some("RU"));
        assert_eq!(find(44), Some("GB"));
        assert_eq!(find(91), Some("IN"));
        assert_eq!(find(353), Some("IE"));
        assert_eq!(find(999), None);
        let mut codes: Vec<u16> = CountryCode::all().map(|c| c.calling_code()).collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            let primary = CountryCode::for_calling_code(code).unwrap();
            assert_eq!(primary.calling_code(), code);
        }
    }

    #[test]
    fn rejects_unknown() {
        let err = CountryCode::parse("Atlantis").unwrap_err();
        assert_eq!(err.0, "'Atlantis' is not a country we know");
        assert!(CountryCode::parse("").is_err());
        assert!(CountryCode::parse("XX").is_err());
        assert!(serde_json::from_str::<CountryCode>("\"Narnia\"").is_err());
    }

    #[test]
    fn serde_uses_alpha2() {
        assert_eq!(serde_json::to_string(&cc("India")).unwrap(), "\"IN\"");
        let c: CountryCode = serde_json::from_str("\"united kingdom\"").unwrap();
        assert_eq!(c.as_str(), "GB");
    }

    #[test]
    fn us_states() {
        assert_eq!(us_state_code("Texas"), Some("TX"));
        assert_eq!(us_state_code("tx"), Some("TX"));
        assert_eq!(us_state_code(" TX "), Some("TX"));
        assert_eq!(us_state_code("new york"), Some("NY"));
        assert_eq!(us_state_code("Washington"), Some("WA"));
        assert_eq!(us_state_code("Washington, D.C."), Some("DC"));
        assert_eq!(us_state_code("D.C."), Some("DC"));
        assert_eq!(us_state_code("Puerto Rico"), Some("PR"));
        assert_eq!(us_state_code("Ontario"), None);
        assert_eq!(us_state_code("XX"), None);
        assert_eq!(us_state_code(""), None);
        assert_eq!(US_STATES.len(), 57);
    }

    proptest! {
        #[test]
        fn every_form_round_trips(i in 0usize..249, form in 0u8..3, upper in any::<bool>()) {
            let c = CountryCode::all().nth(i).unwrap();
            let raw = match form { 0 => c.as_str(), 1 => c.alpha3(), _ => c.name() };
            let raw = if upper { raw.to_uppercase() } else { raw.to_lowercase() };
            prop_assert_eq!(CountryCode::parse(&raw).unwrap(), c);
            let json = serde_json::to_string(&c).unwrap();
            prop_assert_eq!(serde_json::from_str::<CountryCode>(&json).unwrap(), c);
        }

        #[test]
        fn parse_never_panics(s in ".{0,40}") {
            let _ = CountryCode::parse(&s);
            let _ = us_state_code(&s);
        }
    }
}
