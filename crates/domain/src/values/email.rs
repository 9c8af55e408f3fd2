//! E-mail addresses: syntax check and normalisation to lowercase.

use std::fmt;
use std::str::FromStr;

use crate::error::ValueError;

const MAX_TOTAL: usize = 254;
const MAX_LOCAL: usize = 64;
const MAX_LABEL: usize = 63;

/// A syntactically valid e-mail address, trimmed and lowercased ("jane.doe@example.com").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Trims and lowercases `s`, then checks it is `local@domain.tld`.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let shown = s.trim();
        let bad = |why: &str| ValueError::new(format!("'{shown}' is not an e-mail address: {why}"));
        if shown.is_empty() {
            return Err(ValueError::new("the e-mail address is empty"));
        }
        let email = shown.to_lowercase();
        if email.chars().count() > MAX_TOTAL {
            return Err(bad(&format!("longer than {MAX_TOTAL} characters")));
        }
        let (local, domain) = match email.split_once('@') {
            None => return Err(bad("missing '@'")),
            Some((_, d)) if d.contains('@') => return Err(bad("more than one '@'")),
            Some(parts) => parts,
        };
        check_local(local).map_err(|why| bad(&why))?;
        check_domain(domain).map_err(|why| bad(&why))?;
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after '@'.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, d)| d)
    }
}

fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn check_local(local: &str) -> Result<(), String> {
    if local.is_empty() {
        return Err("missing the name before '@'".into());
    }
    if local.chars().count() > MAX_LOCAL {
        return Err(format!(
            "the part before '@' is longer than {MAX_LOCAL} characters"
        ));
    }
    if let Some(c) = local.chars().find(|&c| c != '.' && !is_atext(c)) {
        return Err(format!("'{c}' is not allowed before '@'"));
    }
    if local.starts_with('.') || local.ends_with('.') {
        return Err("the part before '@' cannot start or end with a dot".into());
    }
    if local.contains("..") {
        return Err("two dots in a row".into());
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), String> {
    if domain.is_empty() {
        return Err("missing domain".into());
    }
    if !domain.contains('.') {
        return Err(format!("the domain '{domain}' has no dot"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    for label in &labels {
        if label.is_empty() {
            return Err(format!("the domain '{domain}' has an empty part"));
        }
        if label.len() > MAX_LABEL {
            return Err(format!(
                "a part of the domain is longer than {MAX_LABEL} characters"
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|&c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        {
            return Err(format!("'{c}' is not allowed in the domain"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "the domain part '{label}' cannot start or end with '-'"
            ));
        }
    }
    let tld = labels.last().copied().unwrap_or_default();
    if tld.len() < 2 || !tld.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(format!("'{tld}' is not a top-level domain"));
    }
    Ok(())
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Email {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

string_value!(
    Email,
    "E-mail address, trimmed and lowercased.",
    "jane.doe@example.com",
    Some(utoipa::openapi::SchemaFormat::Custom("email".into()))
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises() {
        let e = Email::parse("  Jane.Doe+jobs@Example.COM ").unwrap();
        assert_eq!(e.as_str(), "jane.doe+jobs@example.com");
        assert_eq!(e.to_string(), "jane.doe+jobs@example.com");
        assert_eq!(e.domain(), "example.com");
        assert!(Email::parse("o'brien@mail.co.uk").is_ok());
        assert!(Email::parse("a@b-c.io").is_ok());
    }

    #[test]
    fn messages_name_the_value() {
        let err = Email::parse("bob@").unwrap_err();
        assert_eq!(err.0, "'bob@' is not an e-mail address: missing domain");
        let err = Email::parse("bob").unwrap_err();
        assert_eq!(err.0, "'bob' is not an e-mail address: missing '@'");
        assert!(Email::parse("").unwrap_err().0.contains("empty"));
    }

    #[test]
    fn rejects_bad_addresses() {
        for bad in [
            "@x.com",
            "a@@x.com",
            "a@b@x.com",
            "a@localhost",
            "a@x.c",
            "a@x.c0m",
            "a@-x.com",
            "a@x-.com",
            "a@x..com",
            "a..b@x.com",
            ".a@x.com",
            "a.@x.com",
            "a b@x.com",
            "a(b)@x.com",
            "a@x_y.com",
            "jöe@x.com",
            "a@x.com.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
        let long_local = format!("{}@x.com", "a".repeat(65));
        assert!(Email::parse(&long_local).is_err());
        let long_total = format!("a@{}.com", "b.".repeat(130));
        assert!(Email::parse(&long_total).is_err());
    }

    #[test]
    fn serde_validates() {
        let e = Email::parse("a@x.com").unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), "\"a@x.com\"");
        let back: Email = serde_json::from_str("\"A@X.COM\"").unwrap();
        assert_eq!(back, e);
        let err = serde_json::from_str::<Email>("\"bob@\"").unwrap_err();
        assert!(err.to_string().contains("missing domain"), "{err}");
    }

    proptest! {
        #[test]
        fn parse_is_idempotent_and_round_trips(
            local in "[A-Za-z0-9_+-]{1,10}(\\.[A-Za-z0-9_+-]{1,10}){0,2}",
            domain in "[a-z0-9]{1,10}(-[a-z0-9]{1,5})?",
            tld in "[A-Za-z]{2,6}",
        ) {
            let raw = format!(" {local}@{domain}.{tld} ");
            let e = Email::parse(&raw).unwrap();
            prop_assert_eq!(Email::parse(e.as_str()).unwrap(), e.clone());
            let json = serde_json::to_string(&e).unwrap();
            prop_assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), e);
        }

        #[test]
        fn never_panics(s in ".{0,80}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(e.as_str().matches('@').count(), 1);
            }
        }
    }
}
