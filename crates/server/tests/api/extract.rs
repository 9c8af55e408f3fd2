//! `POST /v1/ai/extract`: fields by named schema, with the extractor that made them.

use serde_json::{Value, json};

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(each_schema_extracts, bad_requests_name_the_field);

async fn extract(app: &TestApp, body: Value) -> (u16, Value) {
    json_of(app.post("/v1/ai/extract", body).await).await
}

async fn each_schema_extracts(app: TestApp) {
    let (status, v) = extract(
        &app,
        json!({"schema": "resume", "text": "Jane Doe\njane@example.com\nDallas, TX\n\nSKILLS\nJava, React\n"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["schema"], "resume");
    assert_eq!(v["extractor"]["kind"], "rules");
    assert!(
        v["extractor"]["version"]
            .as_str()
            .unwrap()
            .contains("skills"),
        "{v}"
    );
    assert_eq!(v["fields"]["email"]["value"], "jane@example.com");
    assert_eq!(v["record"]["first_name"], "Jane");
    assert_eq!(
        v["record"]["location"]["timezone"], "America/Chicago",
        "{v}"
    );
    // The same text twice gives the same answer.
    let (_, again) = extract(
        &app,
        json!({"schema": "resume", "text": "Jane Doe\njane@example.com\nDallas, TX\n\nSKILLS\nJava, React\n"}),
    )
    .await;
    assert_eq!(v, again);

    let (status, v) = extract(
        &app,
        json!({"schema": "requirement", "text": "Role: Java Developer\nLocation: Dallas, TX\nDuration: 12 months\nRate: $70/hr C2C\nSkills: Java, React, Kubernetes"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["record"]["title"], "Java Developer", "{v}");
    assert_eq!(v["record"]["location"]["country"], "US", "{v}");

    let (status, v) = extract(
        &app,
        json!({"schema": "skills", "text": "Built services in Java and ReactJS on K8s; Javascript too."}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    // Canonical names, in order, once each; "Java" does not fire inside "Javascript".
    assert_eq!(
        v["record"]["skills"],
        json!(["Java", "React", "Kubernetes", "JavaScript"]),
        "{v}"
    );
    let first = &v["fields"]["mentions"][0];
    assert_eq!(
        (
            first["surface"].as_str(),
            first["start"].as_u64(),
            first["end"].as_u64()
        ),
        (Some("Java"), Some(18), Some(22))
    );
    assert_eq!(v["fields"]["mentions"][2]["surface"], "K8s");

    let (status, v) = extract(&app, json!({"schema": "location", "text": "NYC"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["record"]["city"], "New York City", "{v}");
    assert_eq!(v["record"]["timezone"], "America/New_York");
    let (status, v) = extract(&app, json!({"schema": "location", "text": "Atlantis"})).await;
    assert_eq!((status, &v["record"]), (200, &Value::Null), "{v}");
    assert_eq!(v["review"], json!(["location"]));
    app.finish().await;
}

async fn bad_requests_name_the_field(app: TestApp) {
    for (body, field) in [
        (json!({"schema": "horoscope", "text": "x"}), "schema"),
        (json!({"schema": "resume", "text": "  "}), "text"),
        (json!({"schema": "resume"}), "text"),
        (json!({"text": "x"}), "schema"),
        (
            json!({"schema": "location", "text": "Paris", "country": "Narnia"}),
            "country",
        ),
        (
            json!({"schema": "skills", "text": "x", "lang": "en"}),
            "lang",
        ),
        (json!({"schema": 3, "text": "x"}), "schema"),
    ] {
        let (status, v) = extract(&app, body.clone()).await;
        assert_eq!(
            (status, v["details"][0]["path"].as_str()),
            (422, Some(field)),
            "{body} → {v}"
        );
    }
    let (status, v) = extract(
        &app,
        json!({"schema": "skills", "text": "x".repeat(200_001)}),
    )
    .await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("text")),
        "{v}"
    );
    app.finish().await;
}
