//! Entity parsing: field paths in errors, normalisation, and canonical round trips.

use proptest::prelude::*;
use serde_json::json;

use super::*;

/// The errors of `v` as `E`, which borrowed JSON (read first without tracking paths)
/// must report exactly as owned JSON does.
fn errors_of<E: EntityRules + std::fmt::Debug>(v: serde_json::Value) -> Vec<(String, String)> {
    let list = |r: Result<E, ValidationErrors>| -> Vec<(String, String)> {
        r.unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.path, e.message))
            .collect()
    };
    let borrowed = list(parse_entity_ref::<E>(&v));
    let owned = list(parse_entity::<E>(v));
    assert_eq!(borrowed, owned, "borrowed and owned JSON report alike");
    owned
}

#[test]
fn candidate_parses_and_normalises() {
    let c: Candidate = parse_entity(json!({
        "first_name": "  ana ", "last_name": "López",
        "email": "Ana.Lopez@Example.COM", "phone": "(214) 555-0101",
        "location": {"city": "Dallas", "region": "Texas", "country": "USA"},
        "work_authorization": "H-1B",
        "rate": {"amount_minor": 8500, "currency": "usd", "unit": "hour", "employment_type": "c2c"},
        "skills": [{"name": "Java", "years": 6}, {"name": "java"}, {"name": "Spring Boot"}],
        "tags": ["bench", "Bench", " "]
    }))
    .unwrap();
    assert_eq!(c.email.as_ref().unwrap().as_str(), "ana.lopez@example.com");
    assert_eq!(
        c.phone.as_ref().unwrap().as_str(),
        "+12145550101",
        "US from the location"
    );
    assert_eq!(c.location.as_ref().unwrap().region(), Some("TX"));
    assert_eq!(c.work_authorization.as_str(), "h1b");
    assert_eq!(c.skills.len(), 2, "duplicate skills fold");
    assert_eq!(c.tags, vec!["bench"]);
    assert_eq!(c.status, CandidateStatus::Active);
    assert!(c.search_text().contains("ana"));
}

#[test]
fn errors_name_the_field_path() {
    assert_eq!(
        errors_of::<Candidate>(
            json!({"first_name": "A", "skills": [{"name": "Go"}, {"name": "Rust", "years": -1}]})
        )[0]
        .0,
        "skills[1].years"
    );
    let unknown = errors_of::<Candidate>(json!({"first_name": "A", "nickname": "x"}));
    assert_eq!(unknown[0].0, "nickname", "the unknown field is named");
    assert!(unknown[0].1.contains("nickname"), "{unknown:?}");
    assert_eq!(
        errors_of::<Candidate>(json!({"email": "nope"}))[0].0,
        "email"
    );
    assert_eq!(errors_of::<Candidate>(json!({}))[0].0, "first_name");
    let many = errors_of::<Requirement>(
        json!({"title": " ", "openings": 0, "min_years": 5, "max_years": 2}),
    );
    let paths: Vec<&str> = many.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        vec!["title", "openings", "max_years"],
        "every problem is reported"
    );
    assert_eq!(
        errors_of::<Requirement>(json!({"title": "Dev", "rate_budget": {"amount_minor": 1, "currency": "XXX", "unit": "hour"}}))[0].0,
        "rate_budget.currency"
    );
    assert_eq!(
        errors_of::<Company>(json!({"name": "Acme", "website": "acme"}))[0].0,
        "website"
    );
    assert_eq!(
        errors_of::<Contact>(json!({"first_name": "K", "company_id": "x"}))[0].0,
        "company_id"
    );
}

#[test]
fn requirement_defaults_and_rules() {
    let r: Requirement = parse_entity(json!({
        "title": "Senior Rust Engineer", "remote_mode": "remote",
        "required_skills": [{"name": "Rust"}], "preferred_skills": [{"name": "rust"}, {"name": "Kafka"}],
        "work_authorizations": ["gc", "usc", "GC"]
    }))
    .unwrap();
    assert_eq!(r.openings, 1);
    assert_eq!(r.status, RequirementStatus::Open);
    assert_eq!(
        r.preferred_skills.len(),
        1,
        "required skills are not repeated as preferred"
    );
    assert_eq!(r.work_authorizations.len(), 2);
    let onsite = errors_of::<Requirement>(json!({"title": "Dev", "remote_mode": "onsite"}));
    assert_eq!(onsite[0].0, "location");
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z][a-z]{0,10}"
}

proptest! {
    /// The stored form is a fixed point: parsing what an entity serialises to gives the
    /// same entity, so PATCH (merge onto the stored form) never drifts.
    #[test]
    fn canonical_form_round_trips(first in name(), last in name(), city in name(),
                                  years in 0u16..400, amount in 1i64..100_000,
                                  skills in proptest::collection::vec("[A-Za-z+#]{1,12}", 0..6)) {
        let v = json!({
            "first_name": first, "last_name": last,
            "location": {"city": city, "country": "US"},
            "phone": "214 555 0101",
            "years_experience": f64::from(years) / 10.0,
            "rate": {"amount_minor": amount, "currency": "USD", "unit": "year"},
            "skills": skills.iter().map(|s| json!({"name": s})).collect::<Vec<_>>(),
        });
        let c: Candidate = parse_entity(v).unwrap();
        let stored = serde_json::to_value(&c).unwrap();
        let again: Candidate = parse_entity(stored.clone()).unwrap();
        prop_assert_eq!(&again, &c);
        prop_assert_eq!(serde_json::to_value(&again).unwrap(), stored);
    }
}
