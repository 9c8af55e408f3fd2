//! Header auto-detection: the column names common ATS and spreadsheet exports use, per entity
//! kind, matched after normalising case, spaces, punctuation and underscores.

mod people;
mod work;

use super::kind::EntityKind;

/// "E-mail Address" → "emailaddress", "first_name" → "firstname", "Skill(s)" → "skills".
pub fn normalise_header(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

type Aliases = &'static [(&'static str, &'static [&'static str])];

// Postal codes ("Zip", "Postal Code") are deliberately absent: a Location has no postal field,
// and a tag per zip code would swamp the tag filter, so such columns show as ignored.

const LOCATION: [(&str, &[&str]); 4] = [
    ("city", &["city", "town", "currentcity"]),
    (
        "region",
        &[
            "state",
            "province",
            "region",
            "stateprovince",
            "provincestate",
            "county",
        ],
    ),
    ("country", &["country", "countrycode", "nation"]),
    (
        "location",
        &[
            "location",
            "currentlocation",
            "citystate",
            "joblocation",
            "worklocation",
            "address",
        ],
    ),
];

fn aliases(kind: EntityKind) -> Aliases {
    match kind {
        EntityKind::Candidates => people::CANDIDATE,
        EntityKind::Requirements => work::REQUIREMENT,
        EntityKind::Companies => work::COMPANY,
        EntityKind::Contacts => people::CONTACT,
    }
}

/// The target a header names by convention for `kind`, if any.
pub(crate) fn detect(kind: EntityKind, header: &str) -> Option<&'static str> {
    let key = normalise_header(header);
    aliases(kind)
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(target, _)| *target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::targets::lookup;

    #[test]
    fn normalises() {
        assert_eq!(normalise_header(" E-mail Address "), "emailaddress");
        assert_eq!(normalise_header("first_name"), "firstname");
        assert_eq!(normalise_header("Skill(s)"), "skills");
        assert_eq!(normalise_header("\u{feff}Name"), "name");
    }

    #[test]
    fn common_headers() {
        use EntityKind::*;
        for (kind, header, target) in [
            (Candidates, "Given Name", "first_name"),
            (Candidates, "Family Name", "last_name"),
            (Candidates, "Candidate Name", "name"),
            (Candidates, "E-Mail", "email"),
            (Candidates, "Mobile Phone", "phone"),
            (Candidates, "Current Title", "headline"),
            (Candidates, "State/Province", "region"),
            (Candidates, "Pay Rate", "rate"),
            (Candidates, "Visa Status", "work_authorization"),
            (Candidates, "Years of Experience", "years_experience"),
            (Candidates, "Willing to Relocate", "willing_to_relocate"),
            (Candidates, "Applicant ID", "external_id"),
            (Candidates, "first_name", "first_name"),
            (Requirements, "Job Title", "title"),
            (Requirements, "Must Have", "required_skills"),
            (Requirements, "Nice to Have", "preferred_skills"),
            (Requirements, "Bill Rate", "rate_budget"),
            (Requirements, "Req ID", "external_id"),
            (Requirements, "Client", "client"),
            (Requirements, "Job Type", "employment_type"),
            (Companies, "Company Name", "name"),
            (Companies, "Website", "website"),
            (Contacts, "Company", "company"),
            (Contacts, "Job Title", "title"),
        ] {
            assert_eq!(detect(kind, header), Some(target), "{kind} {header}");
        }
        assert_eq!(detect(Candidates, "Zip Code"), None);
        assert_eq!(detect(Candidates, "Favourite Colour"), None);
    }

    #[test]
    fn every_alias_names_a_known_target_once() {
        for kind in EntityKind::ALL {
            let mut seen = std::collections::HashSet::new();
            for (target, names) in aliases(*kind) {
                assert!(lookup(*kind, target).is_some(), "{kind} {target}");
                for n in *names {
                    assert!(seen.insert(*n), "{kind}: {n} listed twice");
                    assert_eq!(normalise_header(n), *n);
                }
            }
        }
    }
}
