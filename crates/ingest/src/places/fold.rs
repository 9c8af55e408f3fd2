//! Name folding: the lookup key both the index and a query are reduced to, and the test
//! that decides which GeoNames alternate names are worth keeping.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Alternate names longer than this are descriptions ("El Pueblo de Nuestra Señora …"),
/// not names anyone types into a location field.
const MAX_ALTERNATE_BYTES: usize = 48;

/// Lowercase with diacritics removed: "São Paulo" → "sao paulo", "Düsseldorf" →
/// "dusseldorf". Letters that Unicode does not decompose get their usual Latin spelling.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            match lower {
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'þ' => out.push_str("th"),
                'ø' => out.push('o'),
                'đ' | 'ð' => out.push('d'),
                'ł' => out.push('l'),
                'ı' => out.push('i'),
                'ħ' => out.push('h'),
                'ŧ' => out.push('t'),
                'ŋ' => out.push('n'),
                'ſ' => out.push('s'),
                other => out.push(other),
            }
        }
    }
    out
}

/// The lookup key: folded, dots and apostrophes dropped ("St. John's" → "st johns"),
/// other punctuation as spaces ("Saint-Louis" → "saint louis"), whitespace collapsed,
/// and the abbreviations people write before place names expanded, so "St. Louis",
/// "Saint Louis" and "Saint-Louis" share one key, as do "Ft. Worth" and "Fort Worth".
pub(crate) fn key(s: &str) -> String {
    let mut cleaned = String::with_capacity(s.len());
    for c in fold(s).chars() {
        match c {
            '.' | '\'' | '\u{2019}' | '\u{02bc}' | '`' => {}
            c if c.is_alphanumeric() => cleaned.push(c),
            _ => cleaned.push(' '),
        }
    }
    let mut out = String::with_capacity(cleaned.len() + 8);
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(match word {
            "st" => "saint",
            "ste" => "sainte",
            "ft" => "fort",
            "mt" => "mount",
            other => other,
        });
    }
    out
}

/// Whether a GeoNames alternate name is a spelling someone might type here: Latin script
/// only (the index is for Latin-script input, and other scripts are most of the bulk),
/// no digits or brackets, not a lowercase machine transliteration ("bnghalwr"), not an
/// airport or postal code ("BLR", "NYC" — the few codes people do use live in the alias
/// table), and not a long description.
pub(crate) fn keep_alternate(name: &str) -> bool {
    let name = name.trim();
    if name.len() < 2 || name.len() > MAX_ALTERNATE_BYTES {
        return false;
    }
    if name.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 4 && name.chars().all(|c| !c.is_lowercase()) {
        return false;
    }
    name.chars().all(|c| {
        if c.is_alphabetic() {
            is_latin(c)
        } else {
            matches!(c, ' ' | '-' | '\'' | '\u{2019}' | '.') || is_combining_mark(c)
        }
    })
}

/// Basic Latin, Latin-1 letters, Latin Extended-A/B, Latin Extended Additional and the
/// small Extended-C/D blocks; every other alphabetic character is another script.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{00c0}'..='\u{024f}').contains(&c) && c != '\u{00d7}' && c != '\u{00f7}')
        || ('\u{1e00}'..='\u{1eff}').contains(&c)
        || ('\u{2c60}'..='\u{2c7f}').contains(&c)
        || ('\u{a720}'..='\u{a7ff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_and_case() {
        assert_eq!(fold("São Paulo"), "sao paulo");
        assert_eq!(fold("Düsseldorf"), "dusseldorf");
        assert_eq!(fold("Montréal"), "montreal");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Ærøskøbing"), "aeroskobing");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Bengalūru"), "bengaluru");
    }

    #[test]
    fn keys_share_abbreviations_and_punctuation() {
        assert_eq!(key("St. Louis"), "saint louis");
        assert_eq!(key("Saint-Louis"), "saint louis");
        assert_eq!(key("saint   louis"), "saint louis");
        assert_eq!(key("Ft. Worth"), "fort worth");
        assert_eq!(key("Mt. Vernon"), "mount vernon");
        assert_eq!(key("St. John's"), "saint johns");
        assert_eq!(key("Washington, D.C."), "washington dc");
        assert_eq!(key("  São  Paulo "), "sao paulo");
        assert_eq!(key("Winston–Salem"), "winston salem");
        assert_eq!(key(""), "");
        assert_eq!(key("!!!"), "");
        // "st" only expands as a whole word.
        assert_eq!(key("Stuttgart"), "stuttgart");
    }

    #[test]
    fn keeps_only_typable_alternates() {
        for good in [
            "Bangalore",
            "Bombay",
            "Gurgaon",
            "New York",
            "Calcutá",
            "Kal'kuta",
        ] {
            assert!(keep_alternate(good), "{good}");
        }
        for junk in [
            "BLR",
            "NYC",
            "bnghalwr",
            "ban jia luo er",
            "Бангалор",
            "ベンガルール",
            "Dallas 75201",
            "Paris (historical)",
            "El Pueblo de Nuestra Señora de los Ángeles de Porciúncula",
            "X",
            "",
        ] {
            assert!(!keep_alternate(junk), "{junk}");
        }
    }
}
