//! `GET /v1/search`: keyword, semantic and hybrid search with explanations, filters,
//! cursors, per-tenant results and errors that name the position.

use reqwest::Method;
use serde_json::{Value, json};

use hireloop_domain::auth::Role;

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(
    keyword_hits_explain_what_they_matched,
    hybrid_ranks_keyword_matches_above_meaning_alone,
    filters_cursors_and_requirements,
    malformed_queries_are_422_with_the_position,
    results_never_cross_tenants,
    admins_rebuild_an_index_while_it_keeps_answering,
);

async fn search(app: &TestApp, query: &str) -> (u16, Value) {
    json_of(app.get(&format!("/v1/search?{query}")).await).await
}

fn q(text: &str) -> String {
    text.replace('%', "%25")
        .replace('&', "%26")
        .replace('+', "%2B")
        .replace('#', "%23")
        .replace('"', "%22")
        .replace(' ', "%20")
}

async fn candidate(app: &TestApp, body: Value) -> String {
    let (status, v) = json_of(app.post("/v1/candidates", body).await).await;
    assert_eq!(status, 201, "{v}");
    v["id"].as_str().unwrap().to_string()
}

fn skills(names: &[&str]) -> Value {
    names.iter().map(|n| json!({"name": n})).collect()
}

async fn keyword_hits_explain_what_they_matched(app: TestApp) {
    let ada = candidate(
        &app,
        json!({"first_name": "Ada", "last_name": "Lovelace", "headline": "Platform Engineer",
               "skills": skills(&["Kubernetes", "C++"]), "external_id": "ATS-1"}),
    )
    .await;
    candidate(
        &app,
        json!({"first_name": "Bob", "last_name": "Byte", "headline": "Data Engineer",
               "skills": skills(&["Python"]), "summary": "some kubernetes"}),
    )
    .await;
    let (status, v) = search(
        &app,
        &format!("mode=keyword&q={}", q("skill:kubernetes c++")),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["type"].as_str(), v["mode"].as_str()),
        (Some("candidates"), Some("keyword"))
    );
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    assert_eq!(hit["id"].as_str(), Some(ada.as_str()));
    assert_eq!(hit["record"]["first_name"], "Ada");
    assert_eq!(
        hit["explanation"]["matched"],
        json!([{"field": "skill", "term": "kubernetes"}, {"field": "skill", "term": "c++"}])
    );
    assert_eq!(hit["explanation"]["keyword"]["rank"], 1);
    assert_eq!(v["next_cursor"], Value::Null);
    // Skills outrank a mention in the summary; an external id is an exact hit.
    let (_, v) = search(&app, "mode=keyword&q=kubernetes").await;
    assert_eq!(v["hits"][0]["id"].as_str(), Some(ada.as_str()));
    assert_eq!(v["hits"].as_array().unwrap().len(), 2);
    let (_, v) = search(&app, "q=ats-1").await;
    assert_eq!(v["hits"][0]["explanation"]["exact"], "ats-1");
    assert_eq!(v["index"]["docs"], 2);
    app.finish().await;
}

async fn hybrid_ranks_keyword_matches_above_meaning_alone(app: TestApp) {
    let java = candidate(
        &app,
        json!({"first_name": "Jane", "last_name": "Doe", "headline": "Backend developer",
               "skills": skills(&["Java", "Spring Boot"])}),
    )
    .await;
    let kotlin = candidate(
        &app,
        json!({"first_name": "Kim", "last_name": "Lee", "headline": "Backend software engineer",
               "skills": skills(&["Kotlin", "Spring"]), "summary": "Builds JVM microservices and REST APIs"}),
    )
    .await;
    let nurse = candidate(
        &app,
        json!({"first_name": "Nora", "last_name": "Ray", "headline": "Registered nurse",
               "skills": skills(&["Patient care", "Triage"])}),
    )
    .await;
    let (status, v) = search(&app, &format!("q={}", q("java backend developer"))).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["mode"], "hybrid");
    let ids: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], java, "the keyword match comes first: {v}");
    assert!(v["hits"][0]["explanation"]["keyword"].is_object());
    // The others are found by meaning alone, the backend engineer before the nurse.
    let pos = |id: &str| ids.iter().position(|x| *x == id);
    assert!(pos(&kotlin) < pos(&nurse) || pos(&nurse).is_none(), "{v}");
    let k = &v["hits"][pos(&kotlin).unwrap()]["explanation"];
    assert!(
        k["keyword"].is_null() && k["semantic"]["similarity"].as_f64().unwrap() > 0.0,
        "{k}"
    );
    // Semantic mode ranks by similarity only.
    let (status, v) = search(
        &app,
        &format!("mode=semantic&q={}", q("JVM backend services engineer")),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let sims: Vec<f64> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["explanation"]["semantic"]["similarity"].as_f64().unwrap())
        .collect();
    assert!(sims.windows(2).all(|w| w[0] >= w[1]), "{sims:?}");
    assert_ne!(v["hits"][0]["id"].as_str(), Some(nurse.as_str()));
    app.finish().await;
}

async fn filters_cursors_and_requirements(app: TestApp) {
    for (i, first) in ["Ann", "Ben", "Cat", "Dan", "Eve"].iter().enumerate() {
        candidate(
            &app,
            json!({"first_name": first, "last_name": "Smith", "skills": skills(&["Rust"]),
                   "location": {"city": "Dallas", "region": "TX", "country": "US", "lat": 32.78, "lon": -96.8},
                   "remote_preference": if i % 2 == 0 { "remote" } else { "onsite" }}),
        )
        .await;
    }
    candidate(&app, json!({"first_name": "Far", "last_name": "Away", "skills": skills(&["Rust"]),
        "location": {"city": "New York", "region": "NY", "country": "US", "lat": 40.71, "lon": -74.0}})).await;
    let (status, v) = search(
        &app,
        &format!(
            "mode=keyword&limit=2&q={}&near={}",
            q("rust"),
            q("Dallas, TX")
        ),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["total"], 5);
    assert!(
        v["hits"][0]["explanation"]["filters"][0]
            .as_str()
            .unwrap()
            .contains("from Dallas"),
        "{v}"
    );
    let mut seen = 2;
    let mut cursor = v["next_cursor"].as_str().unwrap().to_string();
    loop {
        let (_, page) = search(
            &app,
            &format!(
                "mode=keyword&limit=2&q=rust&near={}&cursor={cursor}",
                q("Dallas, TX")
            ),
        )
        .await;
        seen += page["hits"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert_eq!(seen, 5);
    let (_, v) = search(&app, &format!("mode=keyword&q={}", q("rust remote:remote"))).await;
    assert_eq!(v["total"], 3);
    // A cursor belongs to its search.
    let (status, v) = search(&app, &format!("q=python&cursor={cursor}")).await;
    assert_eq!(status, 422, "{v}");
    // Requirements are their own index.
    let (status, r) = json_of(
        app.post(
            "/v1/requirements",
            json!({"title": "Rust Engineer", "status": "open",
        "required_skills": skills(&["Rust"])}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{r}");
    let (_, v) = search(&app, "type=requirements&mode=keyword&q=rust&status=open").await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["record"]["title"], "Rust Engineer");
    app.finish().await;
}

async fn malformed_queries_are_422_with_the_position(app: TestApp) {
    let (status, v) = search(&app, &format!("q={}", q("java AND (spring OR"))).await;
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["code"], "validation_failed");
    assert_eq!(v["position"], 18, "the OR with nothing after it");
    assert_eq!(v["details"][0]["path"], "q");
    assert!(
        v["message"].as_str().unwrap().contains("at character 18"),
        "{v}"
    );
    let (status, v) = search(&app, &format!("q={}", q("java titel:lead"))).await;
    assert_eq!((status, v["position"].as_u64()), (422, Some(12)), "{v}");
    let (status, v) = search(&app, "q=java&status=open").await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("not a status of candidates"),
        "{v}"
    );
    assert!(v.get("position").is_none());
    let (status, v) = search(&app, "q=java&radius=lots").await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .starts_with("parameter `radius`"),
        "{v}"
    );
    for (query, field) in [
        ("type=people", "type"),
        ("mode=fuzzy", "mode"),
        ("limit=500", "limit"),
    ] {
        let (status, v) = search(&app, query).await;
        assert_eq!(
            (status, v["details"][0]["path"].as_str()),
            (422, Some(field)),
            "{v}"
        );
    }
    let (status, v) = search(&app, "sort=name").await;
    assert_eq!(
        (status, v["code"].as_str()),
        (400, Some("invalid_query")),
        "{v}"
    );
    let r = app
        .anon(Method::GET, "/v1/search?q=java")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    app.finish().await;
}

async fn results_never_cross_tenants(app: TestApp) {
    let mine = candidate(
        &app,
        json!({"first_name": "Mia", "last_name": "Own", "skills": skills(&["Erlang"])}),
    )
    .await;
    let other_key = app.other_tenant("globex").await;
    let theirs = app
        .anon(Method::GET, "/v1/search?q=erlang")
        .bearer_auth(&other_key)
        .send()
        .await
        .unwrap();
    let (status, v) = json_of(theirs).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["total"], 0, "{v}");
    let by_id = app
        .anon(Method::GET, &format!("/v1/search?mode=keyword&q={mine}"))
        .bearer_auth(&other_key)
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(by_id).await.1["total"], 0);
    let (_, v) = search(&app, "q=erlang").await;
    assert_eq!(v["hits"][0]["id"].as_str(), Some(mine.as_str()));
    app.finish().await;
}

async fn admins_rebuild_an_index_while_it_keeps_answering(app: TestApp) {
    let ada = candidate(
        &app,
        json!({"first_name": "Ada", "last_name": "Ops", "skills": skills(&["Terraform"])}),
    )
    .await;
    let (_, v) = search(&app, "mode=keyword&q=terraform").await;
    assert_eq!(v["hits"][0]["id"].as_str(), Some(ada.as_str()));
    // Recruiters may search but not rebuild; the type is required and checked.
    let recruiter = app.key_with(Role::Recruiter).await;
    let r = app
        .anon(Method::POST, "/v1/search/reindex?type=candidates")
        .bearer_auth(&recruiter)
        .send()
        .await
        .unwrap();
    let (status, v) = json_of(r).await;
    assert_eq!(status, 403, "{v}");
    let (status, v) = json_of(app.post("/v1/search/reindex", json!({})).await).await;
    assert_eq!(status, 422, "{v}");
    assert!(v["message"].as_str().unwrap().contains("type"), "{v}");
    let (status, v) = json_of(app.post("/v1/search/reindex?type=people", json!({})).await).await;
    assert_eq!(status, 422, "{v}");

    let admin = app.key_with(Role::Admin).await;
    let r = app
        .anon(Method::POST, "/v1/search/reindex?type=candidates")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let (status, v) = json_of(r).await;
    assert_eq!(status, 202, "{v}");
    assert_eq!(v["type"], "candidates");
    assert_eq!(v["index"]["rebuilding"], true, "{v}");
    // Searches keep answering, with every record, until the new index switches in.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (status, v) = search(&app, "mode=keyword&q=terraform").await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["hits"][0]["id"].as_str(), Some(ada.as_str()), "{v}");
        if v["index"]["rebuilding"] == false {
            assert_eq!(v["index"]["docs"], 1);
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never switched: {v}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    app.finish().await;
}
