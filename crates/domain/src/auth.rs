//! Roles and the permission matrix: which role may do what to which resource.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;

/// A user's or API key's role within one tenant, from most to least powerful.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Recruiter,
    Sales,
    Analyst,
    ReadOnly,
}

/// What a permission is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Candidate,
    Company,
    Contact,
    Requirement,
    /// Submissions, reviews, activities and blacklists: the pipeline.
    Pipeline,
    User,
    ApiKey,
    Audit,
    Tenant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Owner,
        Role::Admin,
        Role::Recruiter,
        Role::Sales,
        Role::Analyst,
        Role::ReadOnly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Recruiter => "recruiter",
            Role::Sales => "sales",
            Role::Analyst => "analyst",
            Role::ReadOnly => "read_only",
        }
    }

    pub fn parse(s: &str) -> Result<Role, ValueError> {
        let k = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == k || (k == "readonly" && *r == Role::ReadOnly))
            .ok_or_else(|| {
                ValueError::new(format!(
                    "'{s}' is not a role (owner, admin, recruiter, sales, analyst, read_only)"
                ))
            })
    }

    /// The permission matrix. Recruiters work candidates and requirements; sales works
    /// clients, contacts and requirements; analysts and read-only users read; only
    /// admins and owners manage people, keys and the audit trail, and only owners the
    /// tenant itself.
    pub fn permits(self, resource: Resource, action: Action) -> bool {
        use Action::*;
        use Resource::*;
        match self {
            Role::Owner => true,
            Role::Admin => resource != Tenant || action == Read,
            Role::Recruiter => match resource {
                Candidate | Requirement | Contact => true,
                Company | Pipeline => action != Delete,
                User => action == Read,
                ApiKey | Audit | Tenant => false,
            },
            Role::Sales => match resource {
                Company | Contact | Requirement => true,
                Candidate | Pipeline => action != Delete,
                User => action == Read,
                ApiKey | Audit | Tenant => false,
            },
            Role::Analyst | Role::ReadOnly => {
                action == Read && !matches!(resource, ApiKey | Audit | Tenant)
            }
        }
    }

    /// Whether this role may hand `other` to a new user or key (no one grants more than
    /// they hold).
    pub fn can_grant(self, other: Role) -> bool {
        self.permits(Resource::User, Action::Create) && self <= other
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn matrix_spot_checks() {
        assert!(Role::Recruiter.permits(Resource::Candidate, Action::Delete));
        assert!(!Role::Recruiter.permits(Resource::Audit, Action::Read));
        assert!(Role::Sales.permits(Resource::Company, Action::Delete));
        assert!(!Role::Sales.permits(Resource::Candidate, Action::Delete));
        assert!(Role::Analyst.permits(Resource::Requirement, Action::Read));
        assert!(!Role::Analyst.permits(Resource::Requirement, Action::Create));
        assert!(Role::Admin.permits(Resource::Audit, Action::Read));
        assert!(!Role::Admin.permits(Resource::Tenant, Action::Update));
        assert!(Role::Owner.permits(Resource::Tenant, Action::Update));
    }

    #[test]
    fn parse_accepts_names_and_spellings() {
        assert_eq!(Role::parse("Read-Only").unwrap(), Role::ReadOnly);
        assert_eq!(Role::parse("readonly").unwrap(), Role::ReadOnly);
        assert_eq!(Role::parse(" ADMIN ").unwrap(), Role::Admin);
        assert!(Role::parse("boss").unwrap_err().0.contains("boss"));
    }

    #[test]
    fn no_one_grants_above_themselves() {
        assert!(Role::Admin.can_grant(Role::Recruiter));
        assert!(!Role::Admin.can_grant(Role::Owner));
        assert!(!Role::Recruiter.can_grant(Role::ReadOnly));
    }

    fn any_role() -> impl Strategy<Value = Role> {
        proptest::sample::select(Role::ALL.to_vec())
    }

    proptest! {
        /// A more powerful role never loses a permission a weaker read-only role has,
        /// and every role parses back from its name.
        #[test]
        fn reads_are_monotone(r in any_role()) {
            prop_assert_eq!(Role::parse(r.as_str()).unwrap(), r);
            for res in [Resource::Candidate, Resource::Company, Resource::Contact, Resource::Requirement] {
                prop_assert!(r.permits(res, Action::Read));
            }
            if r.permits(Resource::ApiKey, Action::Create) {
                prop_assert!(r <= Role::Admin);
            }
        }
    }
}
