//! The people most like a person: best alike first, with their reasons; the person
//! themselves, people not looking and other tenants' people left out; the call recorded
//! as a match run.

use reqwest::Method;
use serde_json::{Value, json};

use crate::matching::{create, person, skills};
use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(people_like_a_person_best_alike_first_with_reasons_and_a_run);

fn factor<'a>(item: &'a Value, name: &str) -> &'a Value {
    item["factors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap()
}

async fn people_like_a_person_best_alike_first_with_reasons_and_a_run(app: TestApp) {
    let backend = json!({"headline": "Backend Engineer"});
    let ada = person(
        &app,
        "Ada",
        &["Java", "Kubernetes", "React"],
        backend.clone(),
    )
    .await;
    let nyc = json!({"headline": "Backend Engineer",
                     "location": {"city": "New York City", "region": "NY", "country": "US"}});
    let bo = person(&app, "Bo", &["Java", "Kubernetes", "React"], nyc).await;
    let cy = person(
        &app,
        "Cy",
        &["Python", "Pandas"],
        json!({"headline": "Data Scientist"}),
    )
    .await;
    let mut gone = backend.clone();
    gone["status"] = json!("inactive");
    let dee = person(&app, "Dee", &["Java", "Kubernetes", "React"], gone).await;
    // The same person in another tenant.
    let other = app.other_tenant("elsewhere").await;
    let (s, v) = json_of(
        app.anon(Method::POST, "/v1/candidates")
            .bearer_auth(&other)
            .json(&json!({"first_name": "Eve", "last_name": "Tester",
                          "headline": "Backend Engineer",
                          "skills": skills(&["Java", "Kubernetes", "React"])}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let eve = v["id"].as_str().unwrap().to_owned();
    let (s, v) = json_of(
        app.get(&format!("/v1/candidates/{ada}/similar?asOf=2026-12-07"))
            .await,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["candidate_id"], ada.as_str());
    let items = v["items"].as_array().unwrap();
    let listed: Vec<&str> = items
        .iter()
        .map(|i| i["similar_candidate_id"].as_str().unwrap())
        .collect();
    assert!(!listed.contains(&ada.as_str()), "not themselves: {v}");
    assert!(!listed.contains(&dee.as_str()), "not looking: {v}");
    assert!(!listed.contains(&eve.as_str()), "another tenant's: {v}");
    // The same skills and title, though in another city, before a data scientist.
    assert_eq!(listed.first(), Some(&bo.as_str()), "{v}");
    if let Some(at) = listed.iter().position(|id| *id == cy) {
        assert!(
            items[0]["score"].as_f64() > items[at]["score"].as_f64(),
            "{v}"
        );
    }
    let best = &items[0];
    let why: Vec<&str> = factor(best, "skills")["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(why.contains(&"3 of their 3 skills"), "{why:?}");
    assert!(why.contains(&"titles alike: 1.00"), "{why:?}");
    // Place, rate, years and start date are not compared between people.
    for name in ["location", "rate", "seniority", "availability"] {
        let f = factor(best, name);
        assert_eq!(f["known"], false, "{f}");
        assert!(
            f["reasons"][0]
                .as_str()
                .unwrap()
                .starts_with("comparing people"),
            "{f}"
        );
    }
    // Recorded as a run of its own kind.
    let run = v["run_id"].as_str().unwrap();
    let (s, r) = json_of(app.get(&format!("/v1/match-runs/{run}")).await).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["direction"], "candidates_like_candidate");
    assert_eq!(r["subject_id"], ada.as_str());
    assert_eq!(r["results"][0]["id"], bo.as_str());
    // Unknown people are 404s; another tenant's people are unknown here.
    let (s, _) = json_of(
        app.get("/v1/candidates/00000000-0000-0000-0000-000000000000/similar")
            .await,
    )
    .await;
    assert_eq!(s, 404);
    let job = create(
        &app,
        "/v1/requirements",
        json!({"title": "Java Engineer", "required_skills": skills(&["Java"])}),
    )
    .await;
    let (s, _) = json_of(app.get(&format!("/v1/candidates/{job}/similar")).await).await;
    assert_eq!(s, 404, "a requirement's id is no candidate");
    let (s, _) = json_of(
        app.anon(Method::GET, &format!("/v1/candidates/{ada}/similar"))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 404, "another tenant's person");
    app.finish().await;
}
