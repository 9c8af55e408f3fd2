//! LLM providers (growing): for now the JSON Schema subset that structured output is
//! checked against, and the error type.

mod schema;

pub use schema::JsonSchema;

use std::time::Duration;

/// Why a completion failed. Messages never carry the API key.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// The configuration cannot work (bad URL, missing model, Azure without a version …).
    #[error("LLM configuration: {0}")]
    Config(String),
    /// The server answered with an error status (after retries, if it was retryable).
    #[error("LLM server answered HTTP {status}: {message}")]
    Http { status: u16, message: String },
    /// The last attempt had no answer within the per-attempt timeout.
    #[error("LLM request timed out on attempt {attempts} ({timeout:?} per attempt)")]
    Timeout { timeout: Duration, attempts: u32 },
    /// The connection failed (refused, reset, DNS …) on the last attempt.
    #[error("LLM transport: {0}")]
    Transport(String),
    /// The server's answer is not a chat completion.
    #[error("LLM response malformed: {0}")]
    BadResponse(String),
    /// The model declined to answer (OpenAI's `refusal` in place of content).
    #[error("LLM refused: {0}")]
    Refusal(String),
    /// The model's output is not JSON, breaks the schema, or does not fit the type asked
    /// for; `path` is where (`$.skills[2]`).
    #[error("LLM output at {path}: {message}")]
    Schema { path: String, message: String },
    /// The schema itself is malformed or uses a keyword the validator does not check;
    /// `path` points into the schema document.
    #[error("JSON schema at {path}: {message}")]
    InvalidSchema { path: String, message: String },
}

/// A JSON path (`$.a.b[3]`, `$["odd key"]`) built up while walking a document.
fn push_key(path: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        // A JSON string literal is a valid, unambiguous bracket key.
        format!("{path}[{}]", serde_json::Value::from(key))
    }
}

fn push_index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// At most `max` characters of `text`, marked when cut: server messages and model
/// output end up in logs and errors.
fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}… ({} bytes in all)", &text[..cut], text.len()),
    }
}
