//! Every documented error path, with its status, code and body.

use reqwest::Method;
use serde_json::json;

use crate::{TestApp, assert_error_shape, json_of, on_both_engines, snap};

on_both_engines!(
    auth_errors_are_distinct,
    body_errors,
    query_and_route_errors,
    stale_if_match_is_412,
    server_errors_hide_internals,
);

async fn auth_errors_are_distinct(app: TestApp) {
    let (s, v) = json_of(
        app.anon(Method::GET, "/v1/candidates")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 401);
    snap!("missing_credentials", v);
    let r = app
        .anon(Method::GET, "/v1/candidates")
        .bearer_auth("hl_nope_nope")
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("www-authenticate"));
    let (s, v) = json_of(r).await;
    assert_eq!((s, v["code"].as_str()), (401, Some("invalid_credentials")));
    let ro = app.key_with(hireloop_domain::auth::Role::ReadOnly).await;
    let r = app
        .anon(Method::POST, "/v1/companies")
        .bearer_auth(&ro)
        .json(&json!({"name": "X"}))
        .send()
        .await
        .unwrap();
    let (s, v) = json_of(r).await;
    assert_eq!(s, 403);
    snap!("forbidden_read_only_create", v);
    let r = app
        .anon(Method::GET, "/v1/companies")
        .bearer_auth(&ro)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "read-only may read");
    let recruiter = app.key_with(hireloop_domain::auth::Role::Recruiter).await;
    let r = app
        .anon(Method::GET, "/v1/audit/logs")
        .bearer_auth(&recruiter)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        403,
        "only admins and owners read the audit trail"
    );
    app.finish().await;
}

async fn body_errors(app: TestApp) {
    let r = app
        .req(Method::POST, "/v1/candidates")
        .header("content-type", "application/json")
        .body("{\"first_name\": \"Ana\",")
        .send()
        .await
        .unwrap();
    let (s, v) = json_of(r).await;
    assert_eq!(s, 400);
    snap!("malformed_json", v);

    let (s, v) = json_of(
        app.post(
            "/v1/candidates",
            json!({"first_name": "Ana", "nickname": "A"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 422);
    snap!("unknown_field", v);

    let bad = json!({"first_name": "Ana", "email": "ana@example.com", "skills": [{"name": "Go"}, {"name": "Rust", "years": 99}]});
    let (s, v) = json_of(app.post("/v1/candidates", bad).await).await;
    assert_eq!(s, 422);
    snap!("invalid_nested_field", v);

    let (s, v) = json_of(
        app.post("/v1/requirements", json!({"title": "", "openings": 0}))
            .await,
    )
    .await;
    assert_eq!(s, 422);
    snap!("several_invalid_fields", v);

    let ghost = json!({"title": "Dev", "company_id": "019a0000-0000-7000-8000-000000000000"});
    let (s, v) = json_of(app.post("/v1/requirements", ghost).await).await;
    assert_eq!(
        (s, v["details"][0]["path"].as_str()),
        (422, Some("company_id"))
    );

    let (s, v) = json_of(
        app.post("/v1/companies", json!(["not", "an", "object"]))
            .await,
    )
    .await;
    assert_eq!((s, v["code"].as_str()), (422, Some("validation_failed")));

    let r = app
        .req(Method::POST, "/v1/companies")
        .body("{\"name\":\"x\"}")
        .send()
        .await
        .unwrap();
    let (s, v) = json_of(r).await;
    assert_eq!(s, 415);
    snap!("unsupported_media_type", v);

    let huge = json!({"name": "x", "notes": "a".repeat(hireloop_server::BODY_LIMIT + 10)});
    let (s, v) = json_of(app.post("/v1/companies", huge).await).await;
    assert_eq!(s, 413);
    snap!("payload_too_large", v);
    app.finish().await;
}

async fn query_and_route_errors(app: TestApp) {
    let (s, v) = json_of(app.get("/v1/candidates?colour=blue").await).await;
    assert_eq!(s, 400);
    snap!("unknown_query_parameter", v);
    let (s, v) = json_of(app.get("/v1/candidates?limit=5000").await).await;
    assert_eq!((s, v["code"].as_str()), (400, Some("invalid_query")));
    let (s, v) = json_of(app.get("/v1/candidates?sort=age").await).await;
    assert_eq!((s, v["code"].as_str()), (400, Some("invalid_query")));
    let (s, v) = json_of(app.get("/v1/candidates?cursor=abc").await).await;
    assert_eq!((s, v["code"].as_str()), (400, Some("invalid_query")));
    let (s, v) = json_of(app.get("/v1/nothing-here").await).await;
    assert_eq!(s, 404);
    snap!("route_not_found", v);
    let (s, v) = json_of(app.req(Method::PUT, "/v1/candidates").send().await.unwrap()).await;
    assert_eq!(s, 405);
    snap!("method_not_allowed", v);
    let (s, v) = json_of(app.get("/v1/candidates/not-a-uuid").await).await;
    assert_eq!((s, v["code"].as_str()), (404, Some("not_found")));
    let (s, v) = json_of(
        app.get("/v1/candidates/019a0000-0000-7000-8000-000000000000")
            .await,
    )
    .await;
    assert_eq!(s, 404);
    snap!("record_not_found", v);
    app.finish().await;
}

async fn stale_if_match_is_412(app: TestApp) {
    let (_, c) = json_of(app.post("/v1/companies", json!({"name": "Acme"})).await).await;
    let path = format!("/v1/companies/{}", c["id"].as_str().unwrap());
    let patch = |etag: &'static str| {
        app.req(Method::PATCH, &path)
            .header("if-match", etag)
            .json(&json!({"industry": "Health"}))
    };
    let (s, v) = json_of(patch("\"1\"").send().await.unwrap()).await;
    assert_eq!((s, v["version"].as_i64()), (200, Some(2)));
    let (s, v) = json_of(patch("\"1\"").send().await.unwrap()).await;
    assert_eq!(s, 412);
    snap!("stale_if_match", v);
    let (s, v) = json_of(patch("yesterday").send().await.unwrap()).await;
    assert_eq!((s, v["code"].as_str()), (400, Some("invalid_header")));
    let r = app
        .req(Method::DELETE, &path)
        .header("if-match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 412, "deletes honour If-Match too");
    app.finish().await;
}

async fn server_errors_hide_internals(app: TestApp) {
    // Authenticate once so the key is cached, then take the database away.
    assert_eq!(app.get("/v1/candidates").await.status(), 200);
    app.store.close().await;
    let r = app.get("/v1/candidates").await;
    assert!(r.headers().contains_key("x-request-id"));
    let (s, v) = json_of(r).await;
    assert_eq!(s, 500);
    assert_error_shape(&v);
    let text = v.to_string().to_lowercase();
    for leak in ["pool", "sqlx", "sqlite", "postgres", "closed", "database"] {
        assert!(!text.contains(leak), "500 body leaks '{leak}': {v}");
    }
    snap!("internal_error", v);
    let r = app.anon(Method::GET, "/readyz").send().await.unwrap();
    let (s, v) = json_of(r).await;
    assert_eq!((s, v["code"].as_str()), (503, Some("unavailable")));
    app.finish().await;
}
