//! LLM providers: one client for any server speaking the OpenAI chat-completions
//! protocol (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp's server), with per-attempt
//! timeouts, retries with backoff, a response cache, token accounting and structured
//! output that is checked against a JSON Schema and fails closed.
//!
//! Nothing in Hireloop requires an LLM: callers hold an `Option<LlmClient>` and keep a
//! path that works without one. Only this module talks to a provider.
//!
//! ```no_run
//! # async fn demo() -> Result<(), hireloop_ai::llm::LlmError> {
//! use std::sync::Arc;
//! use hireloop_ai::llm::{JsonSchema, LlmClient, LlmConfig, MemoryCache, Prompt};
//!
//! let config = LlmConfig::new("http://127.0.0.1:11434/v1", "llama3.1:8b");
//! let client = LlmClient::new(config)?.with_cache(Arc::new(MemoryCache::new(1024)));
//!
//! let schema = JsonSchema::new(serde_json::json!({
//!     "type": "object",
//!     "properties": { "skills": { "type": "array", "items": { "type": "string" } } },
//!     "required": ["skills"],
//!     "additionalProperties": false
//! }))?
//! .with_name("skills")?;
//! // The version names the prompt: change it whenever the prompt or its meaning
//! // changes, and cached answers to the old prompt are no longer used.
//! let prompt = Prompt::new("skills-v1")
//!     .system("List the skills the text names.")
//!     .user("Rust, PostgreSQL and some Kubernetes.");
//! let answer = client.complete_json(&schema, &prompt).await?;
//! println!("{} ({} tokens, cached: {})", answer.value, answer.usage.total_tokens, answer.cached);
//! println!("{:?}", client.meter().snapshot());
//! # Ok(()) }
//! ```
//!
//! - [`LlmConfig`]: where the server is, which model, how to authenticate (`Bearer`, or
//!   Azure's `api-key` header and `api-version`), timeout, retries, sampling. The key
//!   never appears in `Debug`, serialised config or error messages.
//! - [`LlmClient`]: `complete` (text), `complete_json` (a value valid under a
//!   [`JsonSchema`]), `complete_typed` (that value deserialised).
//! - [`ResponseCache`]: [`MemoryCache`] (bounded, least recently used out) and
//!   [`DirCache`] (one file per key, survives restarts). The key ([`CacheKey`]) is a
//!   SHA-256 of the messages, model, the caller's prompt version, the schema and the
//!   sampling settings. Failures and answers that break the schema are never cached.
//! - [`TokenMeter`]: requests, retries, cache hits, tokens and failures, shared by clones.

mod cache;
mod client;
mod config;
mod meter;
mod output;
mod prompt;
mod retry;
mod schema;

#[cfg(test)]
mod tests;

pub use cache::{CACHE_FORMAT, CacheKey, CachedResponse, DirCache, MemoryCache, ResponseCache};
pub use client::LlmClient;
pub use config::{AuthStyle, LlmConfig};
pub use meter::{MeterSnapshot, TokenMeter, TokenUsage};
pub use prompt::{Completion, Message, Prompt, Role};
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

impl LlmError {
    /// Whether another attempt could succeed (used by the retry loop).
    fn is_retryable(&self) -> bool {
        match self {
            LlmError::Http { status, .. } => {
                *status == 408 || *status == 429 || (500..600).contains(status)
            }
            LlmError::Timeout { .. } | LlmError::Transport(_) => true,
            _ => false,
        }
    }
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
