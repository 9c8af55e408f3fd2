//! What is sent (body, auth headers, Azure's URL), what is read back, and what is
//! refused before sending.

use std::time::Duration;

use serde_json::json;

use super::*;

#[tokio::test]
async fn plain_completion_sends_the_request_and_counts_tokens() {
    let server = FakeServer::start().await;
    let client = LlmClient::new(LlmConfig {
        api_key: Some("sk-test-123".into()),
        seed: Some(7),
        ..config(&server)
    })
    .expect("client");

    let answer = client.complete(&prompt()).await.expect("completion");
    assert_eq!(answer.value, "hello");
    assert!(!answer.cached);
    assert_eq!(answer.model, "served-model");
    assert_eq!(answer.finish_reason.as_deref(), Some("stop"));
    assert_eq!(
        answer.usage,
        TokenUsage {
            prompt_tokens: 12,
            completion_tokens: 5,
            total_tokens: 17
        }
    );

    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/v1/chat/completions");
    assert_eq!(seen[0].authorization.as_deref(), Some("Bearer sk-test-123"));
    assert_eq!(seen[0].api_key, None);
    assert_eq!(
        seen[0].body,
        json!({
            "model": "test-model",
            "messages": [
                {"role": "system", "content": "You list skills."},
                {"role": "user", "content": "Rust and SQL."}
            ],
            "temperature": 0.0,
            "seed": 7,
            "max_tokens": 1024,
            "stream": false
        })
    );
    assert_eq!(
        snapshot(&client),
        MeterSnapshot {
            requests: 1,
            retries: 0,
            cache_hits: 0,
            prompt_tokens: 12,
            completion_tokens: 5,
            total_tokens: 17,
            failures: 0
        }
    );

    // A second completion adds to the totals; a prompt's own limit replaces the config's.
    client
        .complete(&prompt().assistant("Noted.").user("And Go?").max_tokens(64))
        .await
        .expect("completion");
    let s = snapshot(&client);
    assert_eq!((s.requests, s.prompt_tokens, s.total_tokens), (2, 24, 34));
    let body = &server.seen()[1].body;
    assert_eq!(body["max_tokens"], 64);
    assert_eq!(
        body["messages"][2],
        json!({"role": "assistant", "content": "Noted."})
    );
}

#[tokio::test]
async fn without_a_key_no_authorization_is_sent() {
    let server = FakeServer::start().await;
    client(&server)
        .complete(&prompt())
        .await
        .expect("completion");
    let seen = server.seen();
    assert_eq!(
        (seen[0].authorization.clone(), seen[0].api_key.clone()),
        (None, None)
    );
    assert!(seen[0].body.get("seed").is_none());
    assert!(seen[0].body.get("response_format").is_none());
}

#[tokio::test]
async fn azure_sends_the_api_key_header_and_version() {
    let server = FakeServer::start().await;
    let client = LlmClient::new(LlmConfig {
        auth: AuthStyle::Azure,
        api_key: Some("azure-key-456".into()),
        api_version: Some("2024-10-21".into()),
        ..LlmConfig::new(
            format!("http://{}/openai/deployments/gpt-4o/", server.addr),
            "gpt-4o",
        )
    })
    .expect("client");
    client.complete(&prompt()).await.expect("completion");
    let seen = &server.seen()[0];
    assert_eq!(seen.path, "/openai/deployments/gpt-4o/chat/completions");
    assert_eq!(seen.query.as_deref(), Some("api-version=2024-10-21"));
    assert_eq!(seen.api_key.as_deref(), Some("azure-key-456"));
    assert_eq!(seen.authorization, None);
}

#[tokio::test]
async fn the_key_stays_out_of_debug_and_errors() {
    let server = FakeServer::start().await;
    let key = "sk-very-secret-789";
    let config = LlmConfig {
        api_key: Some(key.into()),
        ..config(&server)
    };
    let shown = format!("{config:?}");
    assert!(
        !shown.contains(key) && shown.contains("<redacted>"),
        "{shown}"
    );
    assert!(!serde_json::to_string(&config).expect("json").contains(key));

    let client = LlmClient::new(config).expect("client");
    assert!(!format!("{client:?}").contains(key));
    // A server that echoes the key back does not get it into our error.
    server.then(Reply::error(
        401,
        &format!("Incorrect API key provided: {key}."),
    ));
    let err = client.complete(&prompt()).await.expect_err("401");
    assert_eq!(
        err.to_string(),
        "LLM server answered HTTP 401: Incorrect API key provided: <redacted>."
    );
}

#[tokio::test]
async fn long_error_bodies_are_truncated_and_plain_ones_kept() {
    let server = FakeServer::start().await;
    server
        .then(Reply::error(404, &"x".repeat(5_000)))
        .then(Reply {
            status: 401,
            body: "Unauthorized".into(),
            retry_after: None,
            delay: Duration::ZERO,
        })
        .then(Reply::json(400, json!({"error": "model 'nope' not found"})));
    let client = client(&server);
    let message = |r: Result<Completion<String>, LlmError>| match r {
        Err(LlmError::Http { message, .. }) => message,
        other => panic!("expected an HTTP error, got {other:?}"),
    };
    let long = message(client.complete(&prompt()).await);
    assert!(
        long.len() < 400 && long.contains("5000 bytes in all"),
        "{long}"
    );
    assert_eq!(message(client.complete(&prompt()).await), "Unauthorized");
    // Ollama's shape: `error` is the message itself.
    assert_eq!(
        message(client.complete(&prompt()).await),
        "model 'nope' not found"
    );
}

#[tokio::test]
async fn malformed_responses_are_not_retried() {
    let server = FakeServer::start().await;
    server.then(Reply::json(200, json!({"choices": []})));
    server.then(Reply::json(200, json!({"object": "list", "data": []})));
    let client = client(&server);
    for _ in 0..2 {
        assert!(matches!(
            client.complete(&prompt()).await,
            Err(LlmError::BadResponse(_))
        ));
    }
    assert_eq!(server.hits(), 2);
    // Without `usage` the answer still works and costs nothing on the meter.
    server.then(Reply::json(
        200,
        json!({"choices": [{"message": {"content": "ok"}}]}),
    ));
    let answer = client.complete(&prompt()).await.expect("no usage");
    assert_eq!(
        (answer.value.as_str(), answer.usage),
        ("ok", TokenUsage::default())
    );
    assert_eq!(answer.model, "test-model");
}

#[test]
fn configs_are_checked_and_defaulted() {
    let c: LlmConfig = serde_json::from_value(json!({
        "base_url": "http://127.0.0.1:11434/v1",
        "model": "llama3.1:8b"
    }))
    .expect("minimal config");
    assert_eq!(
        c,
        LlmConfig::new("http://127.0.0.1:11434/v1", "llama3.1:8b")
    );
    assert_eq!(
        (
            c.timeout(),
            c.max_retries,
            c.backoff_ms,
            c.temperature,
            c.seed,
            c.auth
        ),
        (
            Duration::from_secs(60),
            3,
            500,
            0.0,
            None,
            AuthStyle::Bearer
        )
    );
    c.validate().expect("valid");
    let azure: LlmConfig = serde_json::from_value(json!({
        "base_url": "https://r.openai.azure.com/openai/deployments/d",
        "model": "gpt-4o", "auth": "azure", "api_key": "k", "api_version": "2024-10-21"
    }))
    .expect("azure config");
    azure.validate().expect("valid azure");
    assert!(
        serde_json::from_value::<LlmConfig>(json!({"base_url": "x", "model": "m", "modle": 1}))
            .is_err(),
        "unknown fields are refused"
    );

    let base = || LlmConfig::new("http://localhost:8000/v1", "m");
    let bad = [
        LlmConfig::new("localhost:8000/v1", "m"),
        LlmConfig::new("ftp://localhost/v1", "m"),
        LlmConfig::new("http://user:pw@localhost/v1", "m"),
        LlmConfig::new("http://localhost/v1?key=1", "m"),
        LlmConfig::new("http://localhost/v1", " "),
        LlmConfig {
            auth: AuthStyle::Azure,
            api_key: Some("k".into()),
            ..base()
        },
        LlmConfig {
            auth: AuthStyle::Azure,
            api_version: Some("v".into()),
            ..base()
        },
        LlmConfig {
            api_key: Some("a\nb".into()),
            ..base()
        },
        LlmConfig {
            timeout_ms: 0,
            ..base()
        },
        LlmConfig {
            temperature: 2.5,
            ..base()
        },
        LlmConfig {
            temperature: f64::NAN,
            ..base()
        },
        LlmConfig {
            max_tokens: 0,
            ..base()
        },
    ];
    for c in bad {
        assert!(
            matches!(LlmClient::new(c.clone()), Err(LlmError::Config(_))),
            "{c:?}"
        );
    }
}

#[tokio::test]
async fn an_empty_prompt_is_refused_without_a_request() {
    let server = FakeServer::start().await;
    let client = client(&server);
    assert!(matches!(
        client.complete(&Prompt::new("v1")).await,
        Err(LlmError::Config(_))
    ));
    assert_eq!(server.hits(), 0);
}
