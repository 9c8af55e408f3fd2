//! Recommendations keep prepared profiles between requests: a list made after an edit
//! or a deletion shows the record as it now is, never as it was cached.

use reqwest::Method;
use serde_json::json;

use crate::matching::{create, recommendations, skills};
use crate::{TestApp, on_both_engines};

on_both_engines!(
    edits_and_deletions_show_in_the_next_list_at_once,
    warming_prepares_the_matchable_candidates_up_to_the_room_there_is
);

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

/// What `serve` does at start: every active or placed candidate's profile prepared
/// ahead of the first list, and no more than the cache holds.
async fn warming_prepares_the_matchable_candidates_up_to_the_room_there_is(app: TestApp) {
    use hireloop_engine::recommend::{Matcher, Profiles};
    use std::sync::Arc;

    for (first, status) in [("Ana", "active"), ("Bo", "placed"), ("Cy", "inactive")] {
        create(
            &app,
            "/v1/candidates",
            json!({"first_name": first, "last_name": "Tester", "status": status,
                   "skills": skills(&["Python"])}),
        )
        .await;
    }
    let embedders = hireloop_engine::embeddings::Embedders::from_assets(
        hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir()),
    );
    let dir = tempfile::tempdir().unwrap();
    let search = hireloop_engine::search::Search::new(
        app.store.clone(),
        dir.path().to_path_buf(),
        embedders.clone(),
        None,
    );
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let profiles = Arc::new(Profiles::default());
    let matcher = Matcher::new(app.store.clone(), Some(search.clone()), embedders.clone())
        .with_profiles(profiles.clone());
    assert_eq!(matcher.warm(&app.scope, today).await.unwrap(), 2);
    assert_eq!(profiles.len(&app.scope), 2);
    // Warming again prepares them again in place.
    assert_eq!(matcher.warm(&app.scope, today).await.unwrap(), 2);
    assert_eq!(profiles.len(&app.scope), 2);

    // A cache with room for one takes one.
    let small = Arc::new(Profiles::new(1));
    let matcher =
        Matcher::new(app.store.clone(), Some(search), embedders).with_profiles(small.clone());
    assert_eq!(matcher.warm(&app.scope, today).await.unwrap(), 1);
    assert_eq!(small.len(&app.scope), 1);
    app.finish().await;
}
