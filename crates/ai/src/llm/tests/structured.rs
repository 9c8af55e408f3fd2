//! Structured output: the schema is sent, and the answer is checked here and fails
//! closed.

use serde::Deserialize;
use serde_json::json;

use super::super::output::strip_fence;
use super::*;

#[tokio::test]
async fn schema_valid_json_is_accepted_and_the_schema_is_sent() {
    let server = FakeServer::start().await;
    server.then(Reply::content(r#"{"skills": ["rust", "sql"]}"#));
    let cache = Arc::new(MemoryCache::new(4));
    let client = client(&server).with_cache(cache.clone());
    let schema = skills_schema();
    let answer = client
        .complete_json(&schema, &prompt())
        .await
        .expect("valid");
    assert_eq!(answer.value, json!({"skills": ["rust", "sql"]}));
    assert_eq!(cache.len(), 1);
    assert_eq!(
        server.seen()[0].body["response_format"],
        json!({
            "type": "json_schema",
            "json_schema": {"name": "skills", "schema": schema.document(), "strict": true}
        })
    );
    // The same prompt as plain text is a different question.
    client.complete(&prompt()).await.expect("text");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn json_breaking_the_schema_fails_with_its_path_and_is_not_cached() {
    let server = FakeServer::start().await;
    server.always(Reply::content(r#"{"skills": ["rust", 42]}"#));
    let cache = Arc::new(MemoryCache::new(4));
    let client = client(&server).with_cache(cache.clone());
    for _ in 0..2 {
        match client.complete_json(&skills_schema(), &prompt()).await {
            Err(e @ LlmError::Schema { .. }) => {
                assert_eq!(
                    e.to_string(),
                    "LLM output at $.skills[1]: expected string, got number"
                );
            }
            other => panic!("expected a schema error, got {other:?}"),
        }
    }
    assert!(cache.is_empty());
    assert_eq!(server.hits(), 2, "nothing was cached, so both calls asked");
    let s = snapshot(&client);
    // Not retried; the tokens were spent all the same.
    assert_eq!((s.requests, s.failures, s.total_tokens), (2, 2, 34));
}

#[tokio::test]
async fn content_that_is_not_json_fails_closed() {
    let server = FakeServer::start().await;
    for content in [
        "Sure! Here are the skills: rust, sql",
        "Here you go:\n```json\n{\"skills\": []}\n```",
        "{\"skills\": []} and more",
        "",
    ] {
        server.then(Reply::content(content));
        match client(&server)
            .complete_json(&skills_schema(), &prompt())
            .await
        {
            Err(LlmError::Schema { path, message }) => {
                assert_eq!(path, "$");
                assert!(message.contains("not JSON"), "{message}");
            }
            other => panic!("{content:?}: expected a schema error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn fenced_json_is_accepted() {
    let server = FakeServer::start().await;
    server.then(Reply::content("```json\n{\"skills\": [\"go\"]}\n```\n"));
    server.then(Reply::content("```\n{\"skills\": []}\n```"));
    let client = client(&server);
    let schema = skills_schema();
    let a = client
        .complete_json(&schema, &prompt())
        .await
        .expect("```json fence");
    assert_eq!(a.value, json!({"skills": ["go"]}));
    let b = client
        .complete_json(&schema, &prompt())
        .await
        .expect("bare fence");
    assert_eq!(b.value, json!({"skills": []}));
}

#[test]
fn fences_are_stripped_only_when_they_wrap_everything() {
    assert_eq!(strip_fence("  {\"a\":1} \n"), "{\"a\":1}");
    assert_eq!(strip_fence("```json\n{\"a\":1}\n```"), "{\"a\":1}");
    assert_eq!(strip_fence("```json  \r\n[1]\r\n```"), "[1]");
    assert_eq!(strip_fence("```\n[1]\n```"), "[1]");
    // Not a fence around the whole answer: left as is, to fail parsing.
    assert_eq!(strip_fence("```json [1]```"), "```json [1]```");
    assert_eq!(strip_fence("```python\n[1]\n```"), "```python\n[1]\n```");
    assert_eq!(strip_fence("x ```json\n[1]\n```"), "x ```json\n[1]\n```");
}

#[derive(Debug, Deserialize, PartialEq)]
struct Skills {
    skills: Vec<String>,
}

#[tokio::test]
async fn typed_output_deserialises_or_names_the_mismatch() {
    let server = FakeServer::start().await;
    server.then(Reply::content(r#"{"skills": ["rust"]}"#));
    let client = client(&server);
    let answer: Completion<Skills> = client
        .complete_typed(&skills_schema(), &prompt())
        .await
        .expect("typed");
    assert_eq!(answer.value.skills, ["rust"]);

    // A looser schema lets through what the type cannot hold.
    let loose = JsonSchema::new(json!({"type": "object"})).expect("schema");
    server.then(Reply::content(r#"{"skills": ["rust", 7]}"#));
    match client.complete_typed::<Skills>(&loose, &prompt()).await {
        Err(LlmError::Schema { path, .. }) => assert_eq!(path, "$.skills[1]"),
        other => panic!("expected a schema error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refusal_is_an_error_and_not_cached() {
    let server = FakeServer::start().await;
    server.then(Reply::json(
        200,
        json!({"choices": [{"message": {"role": "assistant", "content": null,
            "refusal": "I can't help with that."}, "finish_reason": "stop"}]}),
    ));
    let cache = Arc::new(MemoryCache::new(4));
    let client = client(&server).with_cache(cache.clone());
    match client.complete_json(&skills_schema(), &prompt()).await {
        Err(LlmError::Refusal(text)) => assert_eq!(text, "I can't help with that."),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(cache.is_empty());
}

#[test]
fn unsupported_schema_keywords_are_refused_at_construction() {
    let err = JsonSchema::new(json!({
        "type": "object",
        "properties": {"email": {"type": "string", "format": "email"}}
    }))
    .expect_err("format is not checked, so it is refused");
    assert_eq!(
        err.to_string(),
        "JSON schema at $.properties.email.format: keyword \"format\" is not supported; \
         refusing rather than ignoring it"
    );
}

#[tokio::test]
async fn an_answer_cut_at_max_tokens_says_so() {
    let server = FakeServer::start().await;
    server.then(Reply::json(
        200,
        json!({"choices": [{"message": {"content": "{\"skills\": [\"ru"},
            "finish_reason": "length"}]}),
    ));
    match client(&server)
        .complete_json(&skills_schema(), &prompt())
        .await
    {
        Err(LlmError::Schema { path, message }) => {
            assert_eq!(path, "$");
            assert!(
                message.ends_with("(the answer was cut off at max_tokens)"),
                "{message}"
            );
        }
        other => panic!("expected a schema error, got {other:?}"),
    }
}
