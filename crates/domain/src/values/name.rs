//! Person names: first and last name, cleaned and checked for characters no name has.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::values::collapse_whitespace;

const MAX_PART: usize = 100;
const FORBIDDEN: &str = "<>{}[]\\;\"@#$%^*=|~_+/!?:`";

/// A person's name. Either part may be empty, not both. Serialized as
/// `{"first": "Jane", "last": "Doe"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PersonNameRepr", into = "PersonNameRepr")]
pub struct PersonName {
    first: String,
    last: String,
}

impl PersonName {
    /// Trims and collapses whitespace in both parts; each is at most 100 characters, and at least
    /// one must be non-empty. Digits, control characters and symbols like `<>{}[]\;"@` are refused.
    pub fn new(first: &str, last: &str) -> Result<Self, ValueError> {
        let first = clean_part(first, "first name")?;
        let last = clean_part(last, "last name")?;
        if first.is_empty() && last.is_empty() {
            return Err(ValueError::new(
                "the name is empty: give a first or a last name",
            ));
        }
        Ok(Self { first, last })
    }

    /// The first name; empty when only a last name was given.
    pub fn first(&self) -> &str {
        &self.first
    }

    /// The last name; empty when only a first name was given.
    pub fn last(&self) -> &str {
        &self.last
    }

    /// "First Last", or the one part present.
    pub fn full(&self) -> String {
        match (self.first.is_empty(), self.last.is_empty()) {
            (false, false) => format!("{} {}", self.first, self.last),
            (true, _) => self.last.clone(),
            (false, true) => self.first.clone(),
        }
    }
}

fn clean_part(raw: &str, what: &str) -> Result<String, ValueError> {
    let part = collapse_whitespace(raw);
    let bad = |why: &str| ValueError::new(format!("'{part}' is not a valid {what}: {why}"));
    if part.chars().count() > MAX_PART {
        return Err(bad(&format!("longer than {MAX_PART} characters")));
    }
    if let Some(c) = part.chars().find(|c| c.is_control()) {
        return Err(bad(&format!("contains the control character {c:?}")));
    }
    if part.chars().any(char::is_numeric) {
        return Err(bad("digits are not allowed"));
    }
    if let Some(c) = part.chars().find(|&c| FORBIDDEN.contains(c)) {
        return Err(bad(&format!("'{c}' is not allowed")));
    }
    Ok(part)
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full())
    }
}

/// The wire form of [`PersonName`].
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(description = "A person's name; at least one part is non-empty.")]
struct PersonNameRepr {
    #[serde(default)]
    #[schema(example = "Jane")]
    first: String,
    #[serde(default)]
    #[schema(example = "Doe")]
    last: String,
}

impl TryFrom<PersonNameRepr> for PersonName {
    type Error = ValueError;
    fn try_from(r: PersonNameRepr) -> Result<Self, Self::Error> {
        Self::new(&r.first, &r.last)
    }
}

impl From<PersonName> for PersonNameRepr {
    fn from(n: PersonName) -> Self {
        Self {
            first: n.first,
            last: n.last,
        }
    }
}

schema_via_repr!(PersonName, PersonNameRepr);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cleans_and_joins() {
        let n = PersonName::new("  Mary   Ann ", " O'Brien-Smith ").unwrap();
        assert_eq!(n.first(), "Mary Ann");
        assert_eq!(n.last(), "O'Brien-Smith");
        assert_eq!(n.full(), "Mary Ann O'Brien-Smith");
        assert_eq!(n.to_string(), "Mary Ann O'Brien-Smith");
        assert_eq!(PersonName::new("Cher", "").unwrap().full(), "Cher");
        assert_eq!(PersonName::new(" ", "Nguyễn").unwrap().full(), "Nguyễn");
        assert_eq!(
            PersonName::new("José", "Núñez Jr.").unwrap().full(),
            "José Núñez Jr."
        );
        assert!(PersonName::new("Zoë", "Ωmega").is_ok());
        assert!(PersonName::new("李", "小龍").is_ok());
    }

    #[test]
    fn refuses_bad_names() {
        assert!(PersonName::new("", " ").unwrap_err().0.contains("empty"));
        let err = PersonName::new("Bob3", "Smith").unwrap_err();
        assert_eq!(
            err.0,
            "'Bob3' is not a valid first name: digits are not allowed"
        );
        let err = PersonName::new("Bob", "<script>").unwrap_err();
        assert_eq!(
            err.0,
            "'<script>' is not a valid last name: '<' is not allowed"
        );
        for bad in ["a@b", "x{y}", "[z]", "a\\b", "a;b", "a\"b", "a\u{7}b"] {
            assert!(PersonName::new(bad, "").is_err(), "{bad:?}");
        }
        assert!(PersonName::new(&"a".repeat(101), "").is_err());
        assert!(PersonName::new(&"a".repeat(100), "").is_ok());
    }

    #[test]
    fn serde_validates() {
        let n = PersonName::new("Jane", "Doe").unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, r#"{"first":"Jane","last":"Doe"}"#);
        assert_eq!(serde_json::from_str::<PersonName>(&json).unwrap(), n);
        let only_last: PersonName = serde_json::from_str(r#"{"last":"  Doe "}"#).unwrap();
        assert_eq!(only_last.full(), "Doe");
        let err = serde_json::from_str::<PersonName>(r#"{"first":"R2D2","last":""}"#).unwrap_err();
        assert!(err.to_string().contains("digits are not allowed"), "{err}");
        assert!(serde_json::from_str::<PersonName>(r#"{"first":"","last":""}"#).is_err());
    }

    proptest! {
        #[test]
        fn new_is_idempotent(first in "[A-Za-zÀ-ÿ' .-]{0,30}", last in "[A-Za-zÀ-ÿ' .-]{0,30}") {
            if let Ok(n) = PersonName::new(&first, &last) {
                prop_assert_eq!(PersonName::new(n.first(), n.last()).unwrap(), n.clone());
                prop_assert!(!n.full().starts_with(' ') && !n.full().ends_with(' '));
                prop_assert!(!n.full().contains("  "));
                let json = serde_json::to_string(&n).unwrap();
                prop_assert_eq!(serde_json::from_str::<PersonName>(&json).unwrap(), n);
            }
        }
    }
}
