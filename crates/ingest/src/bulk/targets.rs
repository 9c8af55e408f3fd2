//! Conversion targets: the fields a column can feed for each entity kind, by the name a
//! mapping file uses, and how a cell becomes that field's canonical JSON.

use std::borrow::Cow;

use super::kind::EntityKind;

/// Which end of a range ("85-95/hr", "5-7 years") a field keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RangeEnd {
    /// A candidate's ask: the lowest figure they named.
    Low,
    /// A client's budget: the most they said they would pay.
    High,
}

/// A closed vocabulary: (lookup key, canonical value); keys are lowercase letters and digits.
pub(crate) type Choices = &'static [(&'static str, &'static str)];

/// How one cell feeds the entity. Field names are the entity's JSON keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Op {
    /// Free text, trimmed.
    Text(&'static str),
    /// A URL; a bare "linkedin.com/in/x" gets "https://".
    Url(&'static str),
    FirstName,
    LastName,
    /// "Jane Doe" or "Doe, Jane", split into first and last.
    FullName,
    Email,
    /// Normalised once the row's country is known.
    Phone,
    City,
    Region,
    Country,
    /// "Dallas, TX", "Toronto, ON, Canada", "Remote".
    Location,
    Remote(&'static str),
    Bool(&'static str),
    /// One work authorisation (a candidate's).
    WorkAuth,
    /// A list of acceptable authorisations (a requirement's): "USC/GC/H1B".
    WorkAuths,
    Rate(&'static str, RangeEnd),
    /// A candidate's availability: a date, or "immediately".
    AvailableFrom,
    /// A plain date field.
    Date(&'static str),
    Years(&'static str),
    /// A requirement's experience: "5+ years" sets min_years, "5-7 years" both ends.
    MinYears,
    Skills(&'static str),
    Tags,
    /// The cell becomes the tag "label:value" (an unresolved client or company name).
    Tag(Cow<'static, str>),
    Choice(&'static str, Choices),
    EmploymentType,
    Months(&'static str),
    Count(&'static str),
}

/// A resolved target: the name shown in the header report and the conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub name: String,
    pub op: Op,
}

const CANDIDATE_STATUS: Choices = &[
    ("active", "active"),
    ("open", "active"),
    ("looking", "active"),
    ("available", "active"),
    ("placed", "placed"),
    ("onassignment", "placed"),
    ("inactive", "inactive"),
    ("notlooking", "inactive"),
    ("donotcontact", "do_not_contact"),
    ("dnc", "do_not_contact"),
];

const REQUIREMENT_STATUS: Choices = &[
    ("open", "open"),
    ("active", "open"),
    ("onhold", "on_hold"),
    ("hold", "on_hold"),
    ("paused", "on_hold"),
    ("filled", "filled"),
    ("closed", "closed"),
    ("cancelled", "closed"),
    ("canceled", "closed"),
];

const COMPANY_STATUS: Choices = &[
    ("active", "active"),
    ("prospect", "prospect"),
    ("lead", "prospect"),
    ("inactive", "inactive"),
];

const COMPANY_KIND: Choices = &[
    ("client", "client"),
    ("customer", "client"),
    ("endclient", "client"),
    ("vendor", "vendor"),
    ("supplier", "vendor"),
    ("partner", "partner"),
    ("primevendor", "partner"),
    ("prime", "partner"),
    ("implementationpartner", "partner"),
];

/// Every field name plus the extra targets (`name`, `city`, `region`, `country`, `client`,
/// `company`) a mapping may name, per kind. Entity field names come first.
const CANDIDATE: &[(&str, Op)] = &[
    ("first_name", Op::FirstName),
    ("last_name", Op::LastName),
    ("email", Op::Email),
    ("phone", Op::Phone),
    ("headline", Op::Text("headline")),
    ("summary", Op::Text("summary")),
    ("location", Op::Location),
    ("remote_preference", Op::Remote("remote_preference")),
    ("willing_to_relocate", Op::Bool("willing_to_relocate")),
    ("work_authorization", Op::WorkAuth),
    ("rate", Op::Rate("rate", RangeEnd::Low)),
    ("available_from", Op::AvailableFrom),
    ("years_experience", Op::Years("years_experience")),
    ("skills", Op::Skills("skills")),
    ("status", Op::Choice("status", CANDIDATE_STATUS)),
    ("source", Op::Text("source")),
    ("external_id", Op::Text("external_id")),
    ("linkedin_url", Op::Url("linkedin_url")),
    ("github_url", Op::Url("github_url")),
    ("tags", Op::Tags),
    ("name", Op::FullName),
    ("city", Op::City),
    ("region", Op::Region),
    ("country", Op::Country),
];

const REQUIREMENT: &[(&str, Op)] = &[
    ("title", Op::Text("title")),
    ("description", Op::Text("description")),
    ("company_id", Op::Text("company_id")),
    ("location", Op::Location),
    ("remote_mode", Op::Remote("remote_mode")),
    ("required_skills", Op::Skills("required_skills")),
    ("preferred_skills", Op::Skills("preferred_skills")),
    ("min_years", Op::MinYears),
    ("max_years", Op::Years("max_years")),
    ("rate_budget", Op::Rate("rate_budget", RangeEnd::High)),
    ("employment_type", Op::EmploymentType),
    ("duration_months", Op::Months("duration_months")),
    ("start_date", Op::Date("start_date")),
    ("openings", Op::Count("openings")),
    ("work_authorizations", Op::WorkAuths),
    ("status", Op::Choice("status", REQUIREMENT_STATUS)),
    ("source", Op::Text("source")),
    ("external_id", Op::Text("external_id")),
    ("external_url", Op::Url("external_url")),
    ("tags", Op::Tags),
    ("client", Op::Tag(Cow::Borrowed("client"))),
    ("city", Op::City),
    ("region", Op::Region),
    ("country", Op::Country),
];

const COMPANY: &[(&str, Op)] = &[
    ("name", Op::Text("name")),
    ("kind", Op::Choice("kind", COMPANY_KIND)),
    ("status", Op::Choice("status", COMPANY_STATUS)),
    ("website", Op::Url("website")),
    ("industry", Op::Text("industry")),
    ("location", Op::Location),
    ("notes", Op::Text("notes")),
    ("source", Op::Text("source")),
    ("external_id", Op::Text("external_id")),
    ("tags", Op::Tags),
    ("city", Op::City),
    ("region", Op::Region),
    ("country", Op::Country),
];

const CONTACT: &[(&str, Op)] = &[
    ("company_id", Op::Text("company_id")),
    ("first_name", Op::FirstName),
    ("last_name", Op::LastName),
    ("title", Op::Text("title")),
    ("email", Op::Email),
    ("phone", Op::Phone),
    ("location", Op::Location),
    ("notes", Op::Text("notes")),
    ("external_id", Op::Text("external_id")),
    ("tags", Op::Tags),
    ("name", Op::FullName),
    ("company", Op::Tag(Cow::Borrowed("company"))),
    ("city", Op::City),
    ("region", Op::Region),
    ("country", Op::Country),
];

/// The field a "Remote" location feeds.
pub(crate) fn remote_field(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Candidates => Some("remote_preference"),
        EntityKind::Requirements => Some("remote_mode"),
        EntityKind::Companies | EntityKind::Contacts => None,
    }
}

fn table(kind: EntityKind) -> &'static [(&'static str, Op)] {
    match kind {
        EntityKind::Candidates => CANDIDATE,
        EntityKind::Requirements => REQUIREMENT,
        EntityKind::Companies => COMPANY,
        EntityKind::Contacts => CONTACT,
    }
}

/// The target names a mapping may use for `kind`, plus `tag:<label>` and `-`.
pub fn known_targets(kind: EntityKind) -> Vec<&'static str> {
    table(kind).iter().map(|(n, _)| *n).collect()
}

/// The target a mapping or header names: a field or extra target of `kind`, or
/// `tag:<label>` (the cell becomes the tag "label:value").
pub(crate) fn lookup(kind: EntityKind, name: &str) -> Option<Target> {
    let name = name.trim();
    if let Some(label) = name.strip_prefix("tag:") {
        let label = label.trim();
        return (!label.is_empty()).then(|| Target {
            name: format!("tag:{label}"),
            op: Op::Tag(Cow::Owned(label.to_string())),
        });
    }
    table(kind)
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, op)| Target {
            name: (*n).to_string(),
            op: op.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let t = lookup(EntityKind::Candidates, "rate").unwrap();
        assert_eq!(t.op, Op::Rate("rate", RangeEnd::Low));
        let t = lookup(EntityKind::Requirements, " tag:Client Region ").unwrap();
        assert_eq!(t.name, "tag:Client Region");
        assert!(lookup(EntityKind::Requirements, "tag:").is_none());
        assert!(lookup(EntityKind::Companies, "first_name").is_none());
        assert!(known_targets(EntityKind::Contacts).contains(&"company"));
    }

    /// The entity's own JSON keys; the rest of a table are extra targets that feed them.
    const FIELDS: [&[&str]; 4] = [
        &[
            "first_name",
            "last_name",
            "email",
            "phone",
            "headline",
            "summary",
            "location",
            "remote_preference",
            "willing_to_relocate",
            "work_authorization",
            "rate",
            "available_from",
            "years_experience",
            "skills",
            "status",
            "source",
            "external_id",
            "linkedin_url",
            "github_url",
            "tags",
        ],
        &[
            "title",
            "description",
            "company_id",
            "location",
            "remote_mode",
            "required_skills",
            "preferred_skills",
            "min_years",
            "max_years",
            "rate_budget",
            "employment_type",
            "duration_months",
            "start_date",
            "openings",
            "work_authorizations",
            "status",
            "source",
            "external_id",
            "external_url",
            "tags",
        ],
        &[
            "name",
            "kind",
            "status",
            "website",
            "industry",
            "location",
            "notes",
            "source",
            "external_id",
            "tags",
        ],
        &[
            "company_id",
            "first_name",
            "last_name",
            "title",
            "email",
            "phone",
            "location",
            "notes",
            "external_id",
            "tags",
        ],
    ];

    fn is_entity_field(kind: EntityKind, name: &str) -> bool {
        let i = EntityKind::ALL.iter().position(|k| *k == kind).unwrap();
        FIELDS[i].contains(&name)
    }

    #[test]
    fn every_entity_field_is_a_target() {
        for kind in EntityKind::ALL {
            for name in known_targets(*kind) {
                let field = is_entity_field(*kind, name);
                let extra = matches!(
                    name,
                    "name" | "city" | "region" | "country" | "client" | "company"
                );
                assert!(field || extra, "{kind} {name}");
            }
        }
        for (i, kind) in EntityKind::ALL.iter().enumerate() {
            for f in FIELDS[i].iter() {
                assert!(lookup(*kind, f).is_some(), "{kind} {f}");
            }
        }
    }

    #[test]
    fn names_are_unique_per_kind() {
        for kind in EntityKind::ALL {
            let mut names = known_targets(*kind);
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n, "{kind}");
        }
    }
}
