//! Name tables for demo people: first and last names by origin, weighted to the US IT
//! contract-staffing population, and the ASCII slugs used to build e-mail addresses.

mod african;
mod east_asian;
mod european;
mod hispanic;
mod indian;
mod us;

/// A naming tradition: its share of people and its first and last names.
#[derive(Debug)]
pub(crate) struct Origin {
    pub(crate) weight: u32,
    pub(crate) first: &'static [&'static str],
    pub(crate) last: &'static [&'static str],
}

/// Shares: US IT bench sales and contract staffing is dominated by Indian-origin consultants
/// (H-1B and green-card holders, plus the large Indian-American workforce), then US-born
/// workers of mostly European ancestry, with sizeable Hispanic, East/Southeast Asian, Eastern
/// European and African communities.
pub(crate) const ORIGINS: &[Origin] = &[
    Origin {
        weight: 38,
        first: indian::FIRST,
        last: indian::LAST,
    },
    Origin {
        weight: 27,
        first: us::FIRST,
        last: us::LAST,
    },
    Origin {
        weight: 10,
        first: hispanic::FIRST,
        last: hispanic::LAST,
    },
    Origin {
        weight: 10,
        first: east_asian::FIRST,
        last: east_asian::LAST,
    },
    Origin {
        weight: 8,
        first: european::FIRST,
        last: european::LAST,
    },
    Origin {
        weight: 7,
        first: african::FIRST,
        last: african::LAST,
    },
];

/// Lowercase ASCII letters of `name` for e-mail local parts and profile URLs: accents are
/// dropped ("Ramírez" → "ramirez", "Łukasz" → "lukasz") and anything else non-alphanumeric
/// ("O'Brien", "De la Cruz", "Min-jun") is removed.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let base = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'Á' | 'À' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'É' | 'È' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ó' | 'Ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ü' => 'u',
            'ñ' | 'ń' | 'Ñ' => 'n',
            'ç' | 'ć' | 'č' | 'Č' | 'Ć' => 'c',
            'ł' | 'Ł' => 'l',
            'ś' | 'š' | 'Ś' | 'Š' => 's',
            'ż' | 'ź' | 'ž' | 'Ż' | 'Ž' => 'z',
            'ý' => 'y',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => continue,
        };
        out.push(base);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hireloop_domain::values::PersonName;

    #[test]
    fn tables_are_big_valid_and_sluggable() {
        let first: usize = ORIGINS.iter().map(|o| o.first.len()).sum();
        let last: usize = ORIGINS.iter().map(|o| o.last.len()).sum();
        assert!(first >= 300, "{first} first names");
        assert!(last >= 300, "{last} last names");
        for o in ORIGINS {
            for n in o.first.iter().chain(o.last) {
                let p = PersonName::new(n, "").unwrap();
                assert_eq!(p.first(), *n, "{n} is not already clean");
                let s = slug(n);
                assert!(
                    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase()),
                    "{n} → {s}"
                );
            }
        }
        assert_eq!(slug("O'Brien"), "obrien");
        assert_eq!(slug("Łukasz"), "lukasz");
        assert_eq!(slug("De la Cruz"), "delacruz");
    }
}
