//! Tests for row conversion: each kind's cells, problems, places and JSON values.

use serde_json::json;

use super::*;
use crate::bulk::targets::lookup;

fn opts() -> ConvertOptions {
    ConvertOptions {
        today: NaiveDate::from_ymd_opt(2026, 3, 1),
        currency: None,
        day_first: false,
    }
}

/// Converts (column, target, cell) triples as one CSV row.
fn cells(kind: EntityKind, row: &[(&str, &str, &str)]) -> Converted {
    let o = opts();
    let mut d = Draft::new(kind, &o, 7);
    for (column, target, cell) in row {
        let t = lookup(kind, target).unwrap();
        d.cell(&Arc::from(*column), &t, cell, false);
    }
    d.finish()
}

#[test]
fn candidate_cells() {
    let c = cells(
        EntityKind::Candidates,
        &[
            ("Candidate Name", "name", "Doe, Jane"),
            ("E-mail", "email", "Jane@Example.com; other@example.com"),
            ("Mobile", "phone", "(214) 555-0101"),
            ("Location", "location", "Dallas, TX"),
            ("Pay Rate", "rate", "$70/hr C2C"),
            ("Skills", "skills", "Java (6 yrs), Spring; AWS"),
            ("Relocate", "willing_to_relocate", "Y"),
            ("Visa", "work_authorization", "H-1B"),
            ("Experience", "years_experience", "7+ yrs"),
            ("Available", "available_from", "ASAP"),
            ("LinkedIn", "linkedin_url", "linkedin.com/in/jane"),
            ("Status", "status", "Active"),
            ("Tags", "tags", "hot, java"),
        ],
    );
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    assert_eq!(
        c.value,
        json!({
            "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com",
            "phone": "+12145550101",
            "location": {"city": "Dallas", "region": "TX", "country": "US"},
            "rate": {"amount_minor": 7000, "currency": "USD", "unit": "hour",
                     "employment_type": "c2c"},
            "skills": [{"name": "Java", "years": 6.0}, {"name": "Spring"}, {"name": "AWS"}],
            "willing_to_relocate": true, "work_authorization": "h1b",
            "years_experience": 7.0, "available_from": "2026-03-01",
            "linkedin_url": "https://linkedin.com/in/jane", "status": "active",
            "tags": ["hot", "java"],
        })
    );
    assert_eq!(c.provenance.get("skills[2]"), Some("Skills"));
    assert_eq!(c.provenance.get("first_name"), Some("Candidate Name"));
    assert_eq!(c.provenance.get("location"), Some("Location"));
}

#[test]
fn problems_name_column_and_field_and_keep_the_rest() {
    let c = cells(
        EntityKind::Candidates,
        &[
            ("First", "first_name", "Jane"),
            ("Mail", "email", "jane-at-example"),
            ("Pay Rate", "rate", "65 per fortnight"),
            ("Relocate", "willing_to_relocate", "perhaps"),
            ("Skills", "skills", &format!("Go, {}", "x".repeat(81))),
        ],
    );
    let got: Vec<String> = c.problems.iter().map(ToString::to_string).collect();
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got[0].starts_with(r#"row 7, column "Mail" (email): 'jane-at-example'"#));
    assert_eq!(
        got[1],
        r#"row 7, column "Pay Rate" (rate): unknown rate unit "per fortnight""#
    );
    assert_eq!(
        got[2],
        r#"row 7, column "Relocate" (willing_to_relocate): 'perhaps' is not yes or no"#
    );
    assert!(got[3].starts_with(r#"row 7, column "Skills" (skills[1]): the skill name"#));
    assert_eq!(
        c.value,
        json!({"first_name": "Jane", "skills": [{"name": "Go"}]})
    );
}

#[test]
fn explicit_place_columns_win_and_a_state_means_the_us() {
    let c = cells(
        EntityKind::Candidates,
        &[
            ("City", "city", "Austin"),
            ("State", "region", "Texas"),
            ("Location", "location", "Remote, Dallas, TX"),
            ("Phone", "phone", "512 555 0199"),
        ],
    );
    assert_eq!(
        c.value,
        json!({
            "location": {"city": "Austin", "region": "TX", "country": "US"},
            "remote_preference": "remote", "phone": "+15125550199",
        })
    );
    let c = cells(
        EntityKind::Candidates,
        &[("Country", "country", "Atlantis")],
    );
    assert_eq!(
        c.problems[0].to_string(),
        r#"row 7, column "Country" (location): 'Atlantis' is not a country we know"#
    );
}

#[test]
fn requirement_cells() {
    let c = cells(
        EntityKind::Requirements,
        &[
            ("Job Title", "title", "Java Developer"),
            ("Client", "client", "Acme Corp"),
            ("Experience", "min_years", "5-7 years"),
            ("Visa", "work_authorizations", "USC/GC/H1B, OPT/CPT"),
            ("Job Type", "employment_type", "Contract"),
            ("Bill Rate", "rate_budget", "$85-95/hr"),
            ("Duration", "duration_months", "6 months"),
            ("Positions", "openings", "2"),
            ("Start", "start_date", "12/01/2026"),
            ("Remote", "remote_mode", "no"),
            ("Must Have", "required_skills", "Java, Spring"),
            ("Job ID", "external_id", "REQ-1"),
        ],
    );
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    assert_eq!(
        c.value,
        json!({
            "title": "Java Developer", "min_years": 5.0, "max_years": 7.0,
            "work_authorizations": ["us_citizen", "green_card", "h1b", "opt_cpt"],
            "rate_budget": {"amount_minor": 9500, "currency": "USD", "unit": "hour"},
            "duration_months": 6, "openings": 2, "start_date": "2026-12-01",
            "remote_mode": "onsite", "required_skills": [{"name": "Java"}, {"name": "Spring"}],
            "external_id": "REQ-1", "tags": ["client:Acme Corp", "employment:Contract"],
        })
    );
    let c = cells(
        EntityKind::Requirements,
        &[("Type", "employment_type", "W-2 / W2")],
    );
    assert_eq!(c.value, json!({"employment_type": "w2"}));
}

#[test]
fn company_and_contact_cells() {
    let c = cells(
        EntityKind::Companies,
        &[
            ("Company", "name", "Acme"),
            ("Type", "kind", "Prime Vendor"),
            ("Web", "website", "acme.example"),
            ("Location", "location", "Toronto, ON, Canada"),
        ],
    );
    assert_eq!(
        c.value,
        json!({
            "name": "Acme", "kind": "partner", "website": "https://acme.example",
            "location": {"city": "Toronto", "region": "ON", "country": "CA"},
        })
    );
    let c = cells(
        EntityKind::Contacts,
        &[
            ("Name", "name", "Ann Lee"),
            ("Company", "company", "Acme"),
            ("Location", "location", "Remote"),
        ],
    );
    assert_eq!(
        c.value,
        json!({"first_name": "Ann", "last_name": "Lee", "tags": ["company:Acme"]})
    );
}

#[test]
fn json_values() {
    let o = opts();
    let kind = EntityKind::Candidates;
    let mut d = Draft::new(kind, &o, 3);
    let t = |n: &str| lookup(kind, n).unwrap();
    d.json(
        &Arc::from("location"),
        &t("location"),
        json!({"city": "Paris", "country": "FR"}),
    );
    d.json(
        &Arc::from("skills"),
        &t("skills"),
        json!(["Rust, Go", {"name": "SQL", "years": 2}, null]),
    );
    d.json(
        &Arc::from("years_experience"),
        &t("years_experience"),
        json!(7.5),
    );
    d.json(
        &Arc::from("willing_to_relocate"),
        &t("willing_to_relocate"),
        json!(true),
    );
    d.json(&Arc::from("tags"), &t("tags"), json!(["a, b"]));
    d.json(&Arc::from("headline"), &t("headline"), json!({"nested": 1}));
    d.json(&Arc::from("email"), &t("email"), Value::Null);
    let c = d.finish();
    assert_eq!(
        c.value,
        json!({
            "location": {"city": "Paris", "country": "FR"},
            "skills": [{"name": "Rust, Go"}, {"name": "SQL", "years": 2}],
            "years_experience": 7.5, "willing_to_relocate": true, "tags": ["a, b"],
        })
    );
    let got: Vec<String> = c.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            r#"row 3, column "skills" (skills): expected text in the list, found null"#,
            r#"row 3, column "headline" (headline): expected text, found an object"#,
        ]
    );
    assert_eq!(c.provenance.get("email"), Some("email"));
}

#[test]
fn provenance_names_the_first_column_for_each_field_and_list_item() {
    let c = cells(
        EntityKind::Candidates,
        &[
            ("Primary Skills", "skills", "Java, Go"),
            ("Other Skills", "skills", "SQL"),
            ("Email", "email", "a@example.com"),
            ("Alt Email", "email", "b@example.com"),
        ],
    );
    let p = &c.provenance;
    assert_eq!(p.get("skills[0]"), Some("Primary Skills"));
    assert_eq!(p.get("skills[1]"), Some("Primary Skills"));
    assert_eq!(p.get("skills[2]"), Some("Other Skills"));
    assert_eq!(p.get("skills"), Some("Primary Skills"));
    // The first column to feed a field keeps it.
    assert_eq!(p.get("email"), Some("Email"));
    assert_eq!(p.get("skills[3]"), None);
    assert_eq!(p.get("skills[x]"), None);
    assert_eq!(p.get("phone"), None);
}
