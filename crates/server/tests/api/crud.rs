//! The record lifecycle over HTTP: create, read with ETags, merge-patch, delete,
//! restore, history, lists, and idempotent POSTs.

use reqwest::Method;
use serde_json::{Value, json};

use crate::{TestApp, json_of, on_both_engines, snap};

on_both_engines!(
    candidate_lifecycle,
    lists_filter_sort_and_paginate,
    idempotency_key_replays_the_first_response,
    requirement_links_to_company,
);

fn candidate_body(first: &str, city: &str, skills: &[&str]) -> Value {
    json!({
        "first_name": first, "last_name": "Lopez", "email": format!("{}@example.com", first.to_lowercase()),
        "phone": "(214) 555-0101",
        "headline": "Senior Java Developer",
        "location": {"city": city, "region": "TX", "country": "US"},
        "work_authorization": "H-1B",
        "rate": {"amount_minor": 8500, "currency": "USD", "unit": "hour", "employment_type": "c2c"},
        "skills": skills.iter().map(|s| json!({"name": s})).collect::<Vec<_>>(),
    })
}

async fn candidate_lifecycle(app: TestApp) {
    let r = app
        .post(
            "/v1/candidates",
            candidate_body("Ana", "Dallas", &["Java", "Spring Boot"]),
        )
        .await;
    assert_eq!(r.status(), 201);
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(etag, "\"1\"");
    let (_, created) = json_of(r).await;
    snap!("candidate_created", created);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(location, format!("/v1/candidates/{id}"));
    assert_eq!(
        created["phone"], "+12145550101",
        "normalised to E.164 from the location"
    );
    assert_eq!(created["work_authorization"], "h1b");

    let path = format!("/v1/candidates/{id}");
    let r = app.get(&path).await;
    assert_eq!(r.headers()["etag"], "\"1\"");
    assert_eq!(json_of(r).await.1, created);
    let r = app
        .req(Method::GET, &path)
        .header("if-none-match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);

    let r = app
        .req(Method::PATCH, &path)
        .header("if-match", "\"1\"")
        .header("content-type", "application/merge-patch+json")
        .body(json!({"headline": "Lead Java Developer", "phone": null, "skills": [{"name": "Kotlin"}]}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["etag"], "\"2\"");
    let (s, v) = json_of(r).await;
    assert_eq!(s, 200);
    assert_eq!(v["version"], 2);
    assert_eq!(v["headline"], "Lead Java Developer");
    assert!(v.get("phone").is_none(), "null removes a field");
    assert_eq!(v["first_name"], "Ana", "fields not in the patch stay");
    let (s, bad) = json_of(
        app.req(Method::PATCH, &path)
            .json(&json!({"email": "x"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (s, bad["details"][0]["path"].as_str()),
        (422, Some("email"))
    );

    let (_, revs) = json_of(app.get(&format!("{path}/revisions")).await).await;
    let items = revs["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[1]["changes"]["headline"],
        json!({"from": "Senior Java Developer", "to": "Lead Java Developer"})
    );
    assert!(items[1]["actor"].as_str().unwrap().starts_with("key:"));

    let (s, del) = json_of(app.req(Method::DELETE, &path).send().await.unwrap()).await;
    assert_eq!((s, del["version"].as_i64()), (200, Some(3)));
    assert!(del["deleted_at"].is_string());
    assert_eq!(app.get(&path).await.status(), 404);
    assert_eq!(
        app.get(&format!("{path}?include_deleted=true"))
            .await
            .status(),
        200
    );
    let (_, list) = json_of(app.get("/v1/candidates").await).await;
    assert!(list["items"].as_array().unwrap().is_empty());
    let (_, trash) = json_of(app.get("/v1/candidates?include_deleted=only").await).await;
    assert_eq!(trash["items"].as_array().unwrap().len(), 1);
    let (s, back) = json_of(
        app.req(Method::POST, &format!("{path}/restore"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((s, back["version"].as_i64()), (200, Some(4)));
    assert!(back.get("deleted_at").is_none());
    assert_eq!(app.get(&path).await.status(), 200);

    let (_, audit) = json_of(app.get(&format!("/v1/audit/logs?entity_id={id}")).await).await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "candidate.restore",
            "candidate.delete",
            "candidate.update",
            "candidate.create"
        ]
    );
    let (_, verify) = json_of(app.get("/v1/audit/verify").await).await;
    assert_eq!(verify["ok"], true);
    app.finish().await;
}

async fn lists_filter_sort_and_paginate(app: TestApp) {
    let people = [
        ("Zoe", "Dallas", "Rust"),
        ("Ben", "Austin", "Java"),
        ("Cy", "Dallas", "Java"),
        ("Al", "Houston", "Go"),
        ("Di", "Dallas", "Go"),
    ];
    for (n, c, s) in people {
        assert_eq!(
            app.post("/v1/candidates", candidate_body(n, c, &[s]))
                .await
                .status(),
            201
        );
    }
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/candidates?sort=name&limit=2&cursor={c}"),
            None => "/v1/candidates?sort=name&limit=2".to_string(),
        };
        let (s, page) = json_of(app.get(&path).await).await;
        assert_eq!(s, 200, "{page}");
        names.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["first_name"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(names, ["Al", "Ben", "Cy", "Di", "Zoe"]);
    let (_, newest) = json_of(app.get("/v1/candidates?limit=1").await).await;
    assert_eq!(
        newest["items"][0]["first_name"], "Di",
        "default order is newest first"
    );
    let (_, dallas_java) = json_of(app.get("/v1/candidates?city=dallas&skill=java").await).await;
    let got: Vec<&str> = dallas_java["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["first_name"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["Cy"]);
    let (_, any_city) = json_of(
        app.get("/v1/candidates?city=Austin,Houston&sort=name")
            .await,
    )
    .await;
    let got: Vec<&str> = any_city["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["first_name"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["Al", "Ben"]);
    let (_, q) = json_of(app.get("/v1/candidates?q=zoe").await).await;
    assert_eq!(q["items"].as_array().unwrap().len(), 1);
    let (_, h1b) = json_of(app.get("/v1/candidates?work_authorization=h1b").await).await;
    assert_eq!(h1b["items"].as_array().unwrap().len(), 5);
    app.finish().await;
}

async fn idempotency_key_replays_the_first_response(app: TestApp) {
    let send = |body: Value| {
        app.req(Method::POST, "/v1/companies")
            .header("idempotency-key", "abc-123")
            .json(&body)
            .send()
    };
    let first = send(json!({"name": "Acme"})).await.unwrap();
    assert_eq!(first.status(), 201);
    let etag = first.headers()["etag"].clone();
    let (_, a) = json_of(first).await;
    let again = send(json!({"name": "Acme"})).await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["etag"], etag);
    let (_, b) = json_of(again).await;
    assert_eq!(a, b, "a replay returns the first response");
    let (_, list) = json_of(app.get("/v1/companies").await).await;
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        1,
        "only one record was created"
    );
    let (s, v) = json_of(send(json!({"name": "Other"})).await.unwrap()).await;
    assert_eq!(s, 422);
    snap!("idempotency_key_reused", v);
    // Client errors are kept too: a retry with the same key sees the same answer.
    let bad = || {
        app.req(Method::POST, "/v1/companies")
            .header("idempotency-key", "k2")
            .json(&json!({"name": ""}))
            .send()
    };
    assert_eq!(bad().await.unwrap().status(), 422);
    let replay = bad().await.unwrap();
    assert_eq!(
        (
            replay.status().as_u16(),
            replay.headers().contains_key("idempotent-replayed")
        ),
        (422, true)
    );
    app.finish().await;
}

async fn requirement_links_to_company(app: TestApp) {
    let (_, co) = json_of(
        app.post(
            "/v1/companies",
            json!({"name": "Northwind Health", "kind": "client"}),
        )
        .await,
    )
    .await;
    let co_id = co["id"].as_str().unwrap();
    let req = json!({
        "title": "Senior Rust Engineer", "company_id": co_id, "remote_mode": "hybrid",
        "location": {"city": "Dallas", "region": "TX", "country": "US"},
        "required_skills": [{"name": "Rust", "years": 5}], "preferred_skills": [{"name": "Kafka"}],
        "min_years": 6, "rate_budget": {"amount_minor": 9500, "currency": "USD", "unit": "hour", "employment_type": "c2c"},
        "employment_type": "c2c", "duration_months": 12, "start_date": "2026-12-15", "openings": 2,
        "work_authorizations": ["us_citizen", "green_card"], "source": "email", "external_id": "REQ-77",
        "external_url": "https://jobs.example.com/77"
    });
    let (s, r) = json_of(app.post("/v1/requirements", req).await).await;
    assert_eq!(s, 201, "{r}");
    snap!("requirement_created", r);
    let (_, by_company) = json_of(
        app.get(&format!("/v1/requirements?company_id={co_id}"))
            .await,
    )
    .await;
    assert_eq!(by_company["items"].as_array().unwrap().len(), 1);
    let (_, contact) = json_of(app.post("/v1/contacts", json!({"first_name": "Kim", "last_name": "Park", "company_id": co_id, "email": "kim@northwind.example"})).await).await;
    assert_eq!(contact["company_id"], co_id);
    // A company that is deleted can no longer be referenced.
    app.req(Method::DELETE, &format!("/v1/companies/{co_id}"))
        .send()
        .await
        .unwrap();
    let (s, _) = json_of(
        app.post(
            "/v1/contacts",
            json!({"first_name": "Lee", "company_id": co_id}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 422);
    app.finish().await;
}
