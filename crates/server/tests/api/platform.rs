//! Health, readiness, metrics, request ids and the OpenAPI document and docs page.

use reqwest::Method;
use serde_json::json;

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(
    probes_metrics_and_request_ids,
    openapi_document_and_docs_page
);

async fn probes_metrics_and_request_ids(app: TestApp) {
    let (s, v) = json_of(app.anon(Method::GET, "/healthz").send().await.unwrap()).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("ok")));
    let (s, v) = json_of(app.anon(Method::GET, "/readyz").send().await.unwrap()).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("ready")));

    let r = app.get("/v1/candidates").await;
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 4);
    let r = app
        .anon(Method::GET, "/v1/nope")
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["x-request-id"],
        "trace-me-42",
        "a caller's id is kept"
    );
    let r = app
        .anon(Method::GET, "/v1/candidates")
        .send()
        .await
        .unwrap();
    assert!(
        r.headers().contains_key("x-request-id"),
        "errors carry it too"
    );

    let (_, me) = json_of(app.get("/v1/me").await).await;
    assert_eq!(me["role"], "owner");
    assert_eq!(me["tenant_id"], json!(app.scope.tenant.to_string()));

    let text = app.public_text("/metrics").await;
    assert!(text.contains("http_requests_total"), "{text}");
    assert!(
        text.contains("route=\"/v1/candidates\""),
        "requests are labelled by route, not raw path"
    );
    assert!(text.contains("http_request_duration_seconds"));
    app.finish().await;
}

async fn openapi_document_and_docs_page(app: TestApp) {
    let (s, doc) = json_of(app.anon(Method::GET, "/v1/docs-json").send().await.unwrap()).await;
    assert_eq!(s, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for p in [
        "/v1/candidates",
        "/v1/companies/{id}",
        "/v1/contacts/{id}/restore",
        "/v1/requirements/{id}/revisions",
        "/v1/audit/logs",
        "/v1/search",
        "/v1/requirements/{id}/submit",
        "/v1/submissions/{id}/move",
        "/v1/activities",
        "/v1/companies/{id}/blacklist/{candidate_id}",
        "/v1/requirements/{id}/recommendations",
        "/v1/ai/match-score",
        "/v1/match-runs/{id}",
        "/v1/settings/matching",
        "/v1/reviews",
        "/v1/reviews/{id}/approve",
        "/v1/reviews/bulk",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p} is documented");
    }
    let create = &doc["paths"]["/v1/candidates"]["post"];
    assert_eq!(
        create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Candidate"
    );
    assert!(create["responses"]["422"].is_object());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in [
        "Candidate",
        "Requirement",
        "Company",
        "Contact",
        "Location",
        "Rate",
        "Skill",
        "Error",
        "RecordMeta",
    ] {
        assert!(schemas.contains_key(s), "schema {s}");
    }
    // Every $ref points at a schema that exists.
    let text = doc.to_string();
    for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = &part[..part.find('"').unwrap()];
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }

    let page = app.anon(Method::GET, "/v1/docs/").send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger"), "{html}");
    assert!(
        !html.contains("https://") && !html.contains("http://"),
        "no CDN: every asset is local"
    );
    for asset in [
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-initializer.js",
    ] {
        let r = app
            .anon(Method::GET, &format!("/v1/docs/{asset}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{asset} is served by the binary");
    }
    let init = app.public_text("/v1/docs/swagger-initializer.js").await;
    assert!(
        init.contains("\"validatorUrl\": \"none\""),
        "no call-out to the online validator: {init}"
    );
    assert!(init.contains("/v1/docs-json"), "{init}");
    app.finish().await;
}
