//! The chat-completions client: builds the request, retries what can succeed on a
//! second try, consults the cache, meters tokens and checks structured answers.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::cache::{CacheKey, CachedResponse, KeyParts, ResponseCache};
use super::output::{Answer, checked_json, parse_answer, typed};
use super::retry::{Failure, jitter, parse_retry_after, retry_delay};
use super::{AuthStyle, Completion, JsonSchema, LlmConfig, LlmError, Prompt, TokenMeter, truncate};

/// The largest response body read; a bigger one is a bad response, not a memory spike.
const MAX_BODY_BYTES: usize = 16 << 20;
/// How much of a server's error message an error carries.
const MAX_ERROR_CHARS: usize = 300;

/// A client for one server and model. Clones share the HTTP connection pool, the cache
/// and the meter.
#[derive(Clone)]
pub struct LlmClient {
    config: Arc<LlmConfig>,
    url: Url,
    /// Built once; marked sensitive so the http stack never logs it.
    auth: Option<(HeaderName, HeaderValue)>,
    http: reqwest::Client,
    cache: Option<Arc<dyn ResponseCache>>,
    meter: TokenMeter,
}

impl fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LlmClient")
            .field("config", &self.config)
            .field("url", &self.url.as_str())
            .field("cache", &self.cache)
            .field("meter", &self.meter.snapshot())
            .finish_non_exhaustive()
    }
}

impl LlmClient {
    /// Checks the config and prepares the HTTP client; no request is made.
    pub fn new(config: LlmConfig) -> Result<Self, LlmError> {
        config.validate()?;
        let base = config.base_url.trim_end_matches('/');
        let mut url = Url::parse(&format!("{base}/chat/completions"))
            .map_err(|e| LlmError::Config(format!("base_url: {e}")))?;
        if config.auth == AuthStyle::Azure
            && let Some(version) = &config.api_version
        {
            url.query_pairs_mut().append_pair("api-version", version);
        }
        let auth = match &config.api_key {
            None => None,
            Some(key) => {
                let (name, text) = match config.auth {
                    AuthStyle::Bearer => (AUTHORIZATION, format!("Bearer {key}")),
                    AuthStyle::Azure => (HeaderName::from_static("api-key"), key.clone()),
                };
                let mut value = HeaderValue::from_str(&text)
                    .map_err(|_| LlmError::Config("api_key is not a valid header value".into()))?;
                value.set_sensitive(true);
                Some((name, value))
            }
        };
        let http = reqwest::Client::builder()
            .connect_timeout(config.timeout())
            // A redirect would turn the POST into a GET and could carry the key to
            // another host; a provider URL that redirects is a configuration error.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("hireloop/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LlmError::Config(format!("HTTP client: {}", error_chain(&e))))?;
        Ok(LlmClient {
            config: Arc::new(config),
            url,
            auth,
            http,
            cache: None,
            meter: TokenMeter::new(),
        })
    }

    /// Answers are looked up here before any request and stored after a good one.
    pub fn with_cache(mut self, cache: Arc<dyn ResponseCache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Counts into `meter` (to share totals between clients).
    pub fn with_meter(mut self, meter: TokenMeter) -> Self {
        self.meter = meter;
        self
    }

    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    pub fn meter(&self) -> &TokenMeter {
        &self.meter
    }

    /// The key this client's answer to `prompt` (under `schema`, if any) is cached by.
    pub fn cache_key(&self, prompt: &Prompt, schema: Option<&JsonSchema>) -> CacheKey {
        CacheKey::derive(&KeyParts {
            messages: &prompt.messages,
            model: &self.config.model,
            version: &prompt.version,
            schema: schema.map(|s| (s.name(), s.document())),
            temperature: self.config.temperature,
            seed: self.config.seed,
            max_tokens: self.max_tokens(prompt),
        })
    }

    /// The assistant's text.
    pub async fn complete(&self, prompt: &Prompt) -> Result<Completion<String>, LlmError> {
        self.run(prompt, None, |text| Ok(text.to_string())).await
    }

    /// A JSON value valid under `schema`. The server is asked for it
    /// (`response_format`), and the answer is checked here whatever the server claims:
    /// anything but JSON (optionally in one ```json fence) valid under the schema is an
    /// [`LlmError::Schema`], and is not cached.
    pub async fn complete_json(
        &self,
        schema: &JsonSchema,
        prompt: &Prompt,
    ) -> Result<Completion<Value>, LlmError> {
        self.run(prompt, Some(schema), |text| checked_json(schema, text))
            .await
    }

    /// [`complete_json`](Self::complete_json), deserialised into `T`; a value the
    /// schema allows but `T` does not is an [`LlmError::Schema`] too.
    pub async fn complete_typed<T: DeserializeOwned>(
        &self,
        schema: &JsonSchema,
        prompt: &Prompt,
    ) -> Result<Completion<T>, LlmError> {
        self.run(prompt, Some(schema), |text| {
            typed(checked_json(schema, text)?)
        })
        .await
    }

    fn max_tokens(&self, prompt: &Prompt) -> u32 {
        prompt.max_tokens.unwrap_or(self.config.max_tokens)
    }

    /// Cache, request, check, cache; every error is counted as a failure.
    async fn run<T>(
        &self,
        prompt: &Prompt,
        schema: Option<&JsonSchema>,
        accept: impl Fn(&str) -> Result<T, LlmError>,
    ) -> Result<Completion<T>, LlmError> {
        let result = self.run_uncounted(prompt, schema, accept).await;
        if result.is_err() {
            self.meter.failure();
        }
        result
    }

    async fn run_uncounted<T>(
        &self,
        prompt: &Prompt,
        schema: Option<&JsonSchema>,
        accept: impl Fn(&str) -> Result<T, LlmError>,
    ) -> Result<Completion<T>, LlmError> {
        if prompt.messages.is_empty() {
            return Err(LlmError::Config("the prompt has no messages".into()));
        }
        let key = self.cache_key(prompt, schema);
        if let Some(hit) = self.cache_get(&key).await {
            // Checked again: the file may be damaged or written by older code.
            match accept(&hit.content) {
                Ok(value) => {
                    self.meter.cache_hit();
                    return Ok(Completion {
                        value,
                        usage: hit.usage,
                        cached: true,
                        model: hit.model,
                        finish_reason: hit.finish_reason,
                    });
                }
                Err(e) => tracing::warn!(key = %key, error = %e, "cached LLM answer rejected"),
            }
        }

        let body = self.request_body(prompt, schema);
        let answer = self.send(&body).await?;
        // Tokens were spent even if the answer is refused or breaks the schema.
        self.meter.usage(&answer.usage);
        let content = match (answer.content, answer.refusal) {
            (_, Some(refusal)) => {
                return Err(LlmError::Refusal(truncate(&refusal, MAX_ERROR_CHARS)));
            }
            (Some(content), None) => content,
            (None, None) => return Err(LlmError::BadResponse("the answer has no content".into())),
        };
        let cut = answer.finish_reason.as_deref() == Some("length");
        let value = accept(&content).map_err(|e| match e {
            LlmError::Schema { path, message } if cut => LlmError::Schema {
                path,
                message: format!("{message} (the answer was cut off at max_tokens)"),
            },
            e => e,
        })?;
        let response = CachedResponse {
            content,
            model: answer.model,
            usage: answer.usage,
            finish_reason: answer.finish_reason,
        };
        self.cache_put(key, &response).await;
        Ok(Completion {
            value,
            usage: response.usage,
            cached: false,
            model: response.model,
            finish_reason: response.finish_reason,
        })
    }

    fn request_body(&self, prompt: &Prompt, schema: Option<&JsonSchema>) -> Vec<u8> {
        let mut body = json!({
            "model": self.config.model,
            "messages": prompt.messages,
            "temperature": self.config.temperature,
            "max_tokens": self.max_tokens(prompt),
            "stream": false,
        });
        if let Some(seed) = self.config.seed {
            body["seed"] = json!(seed);
        }
        if let Some(schema) = schema {
            body["response_format"] = json!({
                "type": "json_schema",
                "json_schema": {
                    "name": schema.name(),
                    "schema": schema.document(),
                    "strict": true,
                },
            });
        }
        body.to_string().into_bytes()
    }

    /// Attempts until one succeeds, an error is not worth retrying, or retries run
    /// out; each attempt is bounded by the timeout.
    async fn send(&self, body: &[u8]) -> Result<Answer, LlmError> {
        let timeout = self.config.timeout();
        let mut retry = 0;
        loop {
            self.meter.request(retry > 0);
            let outcome = tokio::time::timeout(timeout, self.attempt(body))
                .await
                .unwrap_or(Err(Failure::from(LlmError::Timeout {
                    timeout,
                    attempts: retry + 1,
                })));
            let failure = match outcome {
                Ok(answer) => return Ok(answer),
                Err(f) => f,
            };
            if !failure.error.is_retryable() || retry >= self.config.max_retries {
                return Err(failure.error);
            }
            let delay = retry_delay(&self.config, retry, failure.retry_after, jitter());
            tracing::warn!(
                attempt = retry + 1,
                error = %failure.error,
                delay_ms = delay.as_millis() as u64,
                "LLM request failed; retrying"
            );
            tokio::time::sleep(delay).await;
            retry += 1;
        }
    }

    async fn attempt(&self, body: &[u8]) -> Result<Answer, Failure> {
        let mut request = self
            .http
            .post(self.url.clone())
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_vec());
        if let Some((name, value)) = &self.auth {
            request = request.header(name.clone(), value.clone());
        }
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status();
        let retry_after = match status {
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
                parse_retry_after(response.headers())
            }
            _ => None,
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(LlmError::BadResponse(format!(
                    "the body is over {MAX_BODY_BYTES} bytes"
                ))
                .into());
            }
            bytes.extend_from_slice(&chunk);
        }
        if !status.is_success() {
            return Err(Failure {
                error: LlmError::Http {
                    status: status.as_u16(),
                    message: self.server_message(status, &bytes),
                },
                retry_after,
            });
        }
        parse_answer(&bytes, &self.config.model).map_err(|e| match e {
            LlmError::BadResponse(m) => LlmError::BadResponse(self.redact(m)).into(),
            e => e.into(),
        })
    }

    /// Removes the key from text the server sent, should it echo it.
    fn redact(&self, text: String) -> String {
        match &self.config.api_key {
            Some(key) => text.replace(key.as_str(), "<redacted>"),
            None => text,
        }
    }

    /// The server's own words about an error (`error.message`, `error` or `message`,
    /// else the body), short and without the key should the server echo it.
    fn server_message(&self, status: StatusCode, body: &[u8]) -> String {
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let from_json = json.as_ref().and_then(|v| {
            v.pointer("/error/message")
                .or_else(|| v.get("error"))
                .or_else(|| v.get("message"))
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        let text = self
            .redact(from_json.unwrap_or_else(|| String::from_utf8_lossy(body).trim().to_string()));
        if text.is_empty() {
            status
                .canonical_reason()
                .unwrap_or("no message")
                .to_string()
        } else {
            truncate(&text, MAX_ERROR_CHARS)
        }
    }

    async fn cache_get(&self, key: &CacheKey) -> Option<CachedResponse> {
        let cache = self.cache.clone()?;
        let key = key.clone();
        tokio::task::spawn_blocking(move || cache.get(&key))
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "LLM cache lookup failed");
                None
            })
    }

    /// A failed write is logged, never returned: the answer is good, only not kept.
    async fn cache_put(&self, key: CacheKey, response: &CachedResponse) {
        let Some(cache) = self.cache.clone() else {
            return;
        };
        let response = response.clone();
        let stored = tokio::task::spawn_blocking(move || {
            cache
                .put(&key, &response)
                .map_err(|e| format!("{key}: {e}"))
        })
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
        if let Err(e) = stored {
            tracing::warn!(error = %e, "LLM cache write failed");
        }
    }
}

/// The URL is left out of the message; the rest of the cause chain is kept.
fn transport(e: reqwest::Error) -> Failure {
    let e = e.without_url();
    if e.is_builder() {
        return LlmError::Config(error_chain(&e)).into();
    }
    LlmError::Transport(error_chain(&e)).into()
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
