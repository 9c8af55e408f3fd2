//! `POST /v1/ai/embeddings`: unit vectors from MiniLM or the static table, in order.

use serde_json::{Value, json};

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(both_models_embed_in_order, bad_requests_name_the_field);

async fn embed(app: &TestApp, body: Value) -> (u16, Value) {
    json_of(app.post("/v1/ai/embeddings", body).await).await
}

fn dot(a: &Value, b: &Value) -> f64 {
    let (a, b) = (a.as_array().unwrap(), b.as_array().unwrap());
    a.iter()
        .zip(b)
        .map(|(x, y)| x.as_f64().unwrap() * y.as_f64().unwrap())
        .sum()
}

async fn both_models_embed_in_order(app: TestApp) {
    let texts = [
        "Senior Java developer, Spring Boot",
        "Backend engineer: Java and Spring",
        "Registered nurse, night shift",
    ];
    for (model, dims) in [("minilm", 384), ("static", 256)] {
        let (status, v) = embed(&app, json!({"texts": texts, "model": model})).await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(
            (v["model"].as_str(), v["dims"].as_u64()),
            (Some(model), Some(dims))
        );
        assert!(v["version"].as_str().is_some_and(|s| !s.is_empty()), "{v}");
        let vectors = &v["vectors"];
        assert_eq!(vectors.as_array().unwrap().len(), 3);
        for x in vectors.as_array().unwrap() {
            assert_eq!(x.as_array().unwrap().len() as u64, dims);
            assert!((dot(x, x) - 1.0).abs() < 1e-3);
        }
        // In the texts' order: the two Java texts are closer to each other than to the nurse.
        assert!(
            dot(&vectors[0], &vectors[1]) > dot(&vectors[0], &vectors[2]),
            "{model}"
        );
    }
    // MiniLM is the default.
    let (status, v) = embed(&app, json!({"texts": ["Java"]})).await;
    assert_eq!((status, v["model"].as_str()), (200, Some("minilm")), "{v}");
    app.finish().await;
}

async fn bad_requests_name_the_field(app: TestApp) {
    let cases = [
        (json!({}), "texts"),
        (json!({"texts": []}), "texts"),
        (json!({"texts": "Java"}), "texts"),
        (json!({"texts": ["ok", 7]}), "texts[1]"),
        (json!({"texts": ["ok"], "model": "gpt"}), "model"),
        (json!({"texts": ["ok"], "colour": "red"}), "colour"),
        (json!({"texts": vec!["x"; 65]}), "texts"),
        (json!({"texts": ["ok", "y".repeat(20_001)]}), "texts[1]"),
    ];
    for (body, path) in cases {
        let (status, v) = embed(&app, body.clone()).await;
        assert_eq!(status, 422, "{body} → {v}");
        assert_eq!(v["details"][0]["path"], path, "{body} → {v}");
    }
    app.finish().await;
}
