//! The client against a local server speaking the chat-completions protocol, which
//! records each request and answers from a script.

mod caching;
mod requests;
mod retries;
mod structured;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::*;

/// One scripted answer.
#[derive(Debug, Clone)]
struct Reply {
    status: u16,
    body: String,
    retry_after: Option<&'static str>,
    delay: Duration,
}

impl Reply {
    /// A chat completion whose assistant message is `content`.
    fn content(content: &str) -> Reply {
        Reply::json(
            200,
            json!({
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 0,
                "model": "served-model",
                "choices": [{
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop"
                }],
                "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}
            }),
        )
    }

    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: body.to_string(),
            retry_after: None,
            delay: Duration::ZERO,
        }
    }

    fn error(status: u16, message: &str) -> Reply {
        Reply::json(
            status,
            json!({"error": {"message": message, "type": "invalid_request_error"}}),
        )
    }

    fn retry_after(mut self, value: &'static str) -> Reply {
        self.retry_after = Some(value);
        self
    }

    fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// What the server saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    query: Option<String>,
    authorization: Option<String>,
    api_key: Option<String>,
    body: Value,
}

#[derive(Debug, Default)]
struct Script {
    /// Answered in order; when empty, `otherwise` (or "hello").
    replies: VecDeque<Reply>,
    otherwise: Option<Reply>,
    seen: Vec<Seen>,
}

#[derive(Debug)]
struct FakeServer {
    addr: std::net::SocketAddr,
    script: Arc<Mutex<Script>>,
}

impl FakeServer {
    async fn start() -> FakeServer {
        let script = Arc::new(Mutex::new(Script::default()));
        let app = Router::new().fallback(answer).with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        FakeServer { addr, script }
    }

    /// The OpenAI-style root, `http://127.0.0.1:PORT/v1`.
    fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    fn then(&self, reply: Reply) -> &FakeServer {
        self.script.lock().expect("script").replies.push_back(reply);
        self
    }

    fn always(&self, reply: Reply) {
        self.script.lock().expect("script").otherwise = Some(reply);
    }

    fn seen(&self) -> Vec<Seen> {
        self.script.lock().expect("script").seen.clone()
    }

    fn hits(&self) -> usize {
        self.seen().len()
    }
}

async fn answer(
    State(script): State<Arc<Mutex<Script>>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let reply = {
        let mut s = script.lock().expect("script");
        s.seen.push(Seen {
            path: uri.path().to_string(),
            query: uri.query().map(str::to_string),
            authorization: header("authorization"),
            api_key: header("api-key"),
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        });
        s.replies
            .pop_front()
            .or_else(|| s.otherwise.clone())
            .unwrap_or_else(|| Reply::content("hello"))
    };
    tokio::time::sleep(reply.delay).await;
    let mut response = (
        StatusCode::from_u16(reply.status).expect("status"),
        [("content-type", "application/json")],
        reply.body,
    )
        .into_response();
    if let Some(wait) = reply.retry_after {
        response
            .headers_mut()
            .insert("retry-after", wait.parse().expect("header"));
    }
    response
}

/// Waits of a few milliseconds, so retries cost the tests almost nothing.
fn config(server: &FakeServer) -> LlmConfig {
    LlmConfig {
        timeout_ms: 5_000,
        backoff_ms: 1,
        max_backoff_ms: 4,
        max_retry_after_ms: 100,
        ..LlmConfig::new(server.base_url(), "test-model")
    }
}

fn client(server: &FakeServer) -> LlmClient {
    LlmClient::new(config(server)).expect("client")
}

fn prompt() -> Prompt {
    Prompt::new("test-v1")
        .system("You list skills.")
        .user("Rust and SQL.")
}

fn skills_schema() -> JsonSchema {
    JsonSchema::new(json!({
        "type": "object",
        "properties": {"skills": {"type": "array", "items": {"type": "string"}}},
        "required": ["skills"],
        "additionalProperties": false
    }))
    .and_then(|s| s.with_name("skills"))
    .expect("schema")
}

fn snapshot(client: &LlmClient) -> MeterSnapshot {
    client.meter().snapshot()
}

fn cached(text: &str) -> CachedResponse {
    CachedResponse {
        content: text.into(),
        model: "m".into(),
        usage: TokenUsage::default(),
        finish_reason: None,
    }
}
