//! Recommendations keep prepared profiles between requests: a list made after an edit
//! or a deletion shows the record as it now is, never as it was cached.

use reqwest::Method;
use serde_json::json;

use crate::matching::{create, recommendations, skills};
use crate::{TestApp, on_both_engines};

on_both_engines!(edits_and_deletions_show_in_the_next_list_at_once);

/// Each listed candidate's id, and the first reason of its skills factor.
async fn list(app: &TestApp, job: &str) -> Vec<(String, String)> {
    recommendations(app, job).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| {
            let skills = it["factors"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == "skills")
                .unwrap();
            (
                it["candidate_id"].as_str().unwrap().to_owned(),
                skills["reasons"][0].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn edits_and_deletions_show_in_the_next_list_at_once(app: TestApp) {
    let job = create(
        &app,
        "/v1/requirements",
        json!({"title": "Data Engineer", "required_skills": skills(&["Python", "Kafka", "Spark"]),
               "remote_mode": "remote"}),
    )
    .await;
    let mut people = Vec::new();
    for (first, names) in [
        ("Ana", &["Python", "Kafka", "Spark"][..]),
        ("Bo", &["Python", "Kafka"][..]),
        ("Cy", &["Python"][..]),
    ] {
        let id = create(
            &app,
            "/v1/candidates",
            json!({"first_name": first, "last_name": "Tester", "headline": "Data Engineer",
                   "skills": skills(names)}),
        )
        .await;
        people.push(id);
    }
    let first = list(&app, &job).await;
    assert_eq!(first.len(), 3, "{first:?}");
    let cy = first.iter().find(|(id, _)| *id == people[2]).unwrap();
    assert_eq!(cy.1, "1 of 3 required skills; missing Kafka and Spark");
    // The same list again, now from prepared profiles.
    assert_eq!(list(&app, &job).await, first);

    // Cy learns Kafka and Spark: the next list says so.
    let r = app
        .req(Method::PATCH, &format!("/v1/candidates/{}", people[2]))
        .header("content-type", "application/merge-patch+json")
        .body(json!({"skills": skills(&["Python", "Kafka", "Spark"])}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let after = list(&app, &job).await;
    let cy = after.iter().find(|(id, _)| *id == people[2]).unwrap();
    assert_eq!(cy.1, "3 of 3 required skills");

    // Bo is deleted: gone from the next list.
    let r = app
        .req(Method::DELETE, &format!("/v1/candidates/{}", people[1]))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let after = list(&app, &job).await;
    assert!(after.iter().all(|(id, _)| *id != people[1]), "{after:?}");
    assert_eq!(after.len(), 2);
    app.finish().await;
}
