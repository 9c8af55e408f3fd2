//! Accounts: tenants, the people in them and the API keys they issue.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::Role;
use crate::error::{ValidationErrors, ValueError};
use crate::ids::{ApiKeyId, TenantId, UserId};
use crate::values::Email;

/// A tenant's URL-safe short name: 1 to 63 of `a-z`, `0-9` and `-`, with no leading or
/// trailing `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantSlug(String);

impl TenantSlug {
    pub fn parse(s: &str) -> Result<TenantSlug, ValueError> {
        let ok = !s.is_empty()
            && s.len() <= 63
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok {
            Ok(TenantSlug(s.to_string()))
        } else {
            Err(ValueError::new(format!(
                "'{s}' is not a tenant slug: use 1 to 63 of a-z, 0-9 and '-', not at either end"
            )))
        }
    }

    /// The slug a display name suggests ("Acme Staffing, Inc." → `acme-staffing-inc`).
    pub fn from_name(name: &str) -> Result<TenantSlug, ValueError> {
        let mut s = String::new();
        for c in name.to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                s.push(c);
            } else if !s.ends_with('-') {
                s.push('-');
            }
        }
        let s: String = s.trim_matches('-').chars().take(63).collect();
        Self::parse(s.trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TenantSlug {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<TenantSlug> for String {
    fn from(s: TenantSlug) -> String {
        s.0
    }
}

impl std::fmt::Display for TenantSlug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Now, at the microsecond precision the store keeps, so a value reads back equal.
fn now() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_micros(Utc::now().timestamp_micros()).unwrap_or_default()
}

fn display_name(errors: &mut ValidationErrors, path: &str, name: &str) -> String {
    let n = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if n.is_empty() || n.chars().count() > 200 || n.chars().any(char::is_control) {
        errors.push(path, "must be 1 to 200 printable characters");
    }
    n
}

/// One staffing desk's isolated space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub slug: TenantSlug,
    pub created_at: DateTime<Utc>,
}

impl Tenant {
    pub fn new(name: &str, slug: TenantSlug) -> Result<Tenant, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = display_name(&mut e, "name", name);
        e.finish(|| Tenant {
            id: TenantId::new(),
            name,
            slug,
            created_at: now(),
        })
    }
}

/// A person who works in a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn new(email: Email, name: &str, role: Role) -> Result<User, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = display_name(&mut e, "name", name);
        e.finish(|| User {
            id: UserId::new(),
            email,
            name,
            role,
            created_at: now(),
        })
    }
}

/// An API key as lists show it: its secret is never kept, only its visible prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub name: String,
    pub prefix: String,
    pub role: Role,
    /// The user the key acts for, if any.
    pub user_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiKey {
    /// Whether the key still opens the API at `now`.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| e > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs() {
        assert_eq!(
            TenantSlug::from_name("Acme Staffing, Inc.")
                .unwrap()
                .as_str(),
            "acme-staffing-inc"
        );
        assert!(TenantSlug::parse("-x").is_err());
        assert!(TenantSlug::parse("Acme").is_err());
        assert!(TenantSlug::from_name("!!!").is_err());
        assert!(serde_json::from_str::<TenantSlug>("\"ok-1\"").is_ok());
        assert!(serde_json::from_str::<TenantSlug>("\"no way\"").is_err());
    }

    #[test]
    fn names_are_required_and_collapsed() {
        let t = Tenant::new("  Acme   Staffing ", TenantSlug::parse("acme").unwrap()).unwrap();
        assert_eq!(t.name, "Acme Staffing");
        let err = User::new(Email::parse("a@b.example").unwrap(), " ", Role::Admin).unwrap_err();
        assert_eq!(err.0[0].path, "name");
    }

    #[test]
    fn key_liveness() {
        let now = Utc::now();
        let mut k = ApiKey {
            id: ApiKeyId::new(),
            name: "ci".into(),
            prefix: "abcd1234".into(),
            role: Role::Recruiter,
            user_id: None,
            created_at: now,
            expires_at: None,
            revoked_at: None,
        };
        assert!(k.is_live(now));
        k.expires_at = Some(now);
        assert!(!k.is_live(now), "expiry is exclusive");
        k.expires_at = None;
        k.revoked_at = Some(now);
        assert!(!k.is_live(now));
    }

    proptest! {
        /// Whatever a name is, the slug it suggests is either valid or refused; never
        /// a malformed slug.
        #[test]
        fn from_name_only_makes_valid_slugs(name in ".{0,80}") {
            if let Ok(s) = TenantSlug::from_name(&name) {
                prop_assert!(TenantSlug::parse(s.as_str()).is_ok());
            }
        }
    }
}
