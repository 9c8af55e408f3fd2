//! The `[llm]` configuration section: server, model, authentication, timeouts,
//! retries and sampling. The API key is kept out of `Debug` and serialisation.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::LlmError;

/// How the API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthStyle {
    /// `Authorization: Bearer KEY` (OpenAI, vLLM, llama.cpp, Ollama); no header when
    /// there is no key.
    #[default]
    Bearer,
    /// Azure OpenAI: an `api-key: KEY` header and an `api-version` query parameter;
    /// `base_url` is the deployment's URL
    /// (`https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT`).
    Azure,
}

/// Where the LLM is and how to call it. `base_url` and `model` are required; every
/// other field has a default.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmConfig {
    /// The API root that `/chat/completions` is appended to, e.g.
    /// `http://127.0.0.1:11434/v1` (Ollama) or `https://api.openai.com/v1`.
    pub base_url: String,
    /// The model as the server names it (for Azure, the deployment's model; it is
    /// sent and keys the cache, the URL picks the deployment).
    pub model: String,
    /// Never printed; not written when the config is serialised.
    #[serde(default, skip_serializing)]
    pub api_key: Option<String>,
    #[serde(default)]
    pub auth: AuthStyle,
    /// Azure's `api-version` query parameter (required with `auth = "azure"`).
    #[serde(default)]
    pub api_version: Option<String>,
    /// Each attempt's limit, connection to last byte, in milliseconds.
    #[serde(default = "defaults::timeout_ms")]
    pub timeout_ms: u64,
    /// Attempts after the first, for timeouts, connection failures, 408, 429 and 5xx.
    #[serde(default = "defaults::max_retries")]
    pub max_retries: u32,
    /// The first retry's wait in milliseconds; doubled each retry up to
    /// `max_backoff_ms`, with jitter in its upper half.
    #[serde(default = "defaults::backoff_ms")]
    pub backoff_ms: u64,
    #[serde(default = "defaults::max_backoff_ms")]
    pub max_backoff_ms: u64,
    /// The longest `Retry-After` (429, 503) that is honoured, in milliseconds; a
    /// longer one is cut to this.
    #[serde(default = "defaults::max_retry_after_ms")]
    pub max_retry_after_ms: u64,
    /// 0.0 (the default) for answers as repeatable as the server allows.
    #[serde(default)]
    pub temperature: f64,
    /// Sent when set; servers that support it sample repeatably.
    #[serde(default)]
    pub seed: Option<u64>,
    /// The longest answer, in tokens, unless a [`Prompt`](super::Prompt) says otherwise.
    #[serde(default = "defaults::max_tokens")]
    pub max_tokens: u32,
}

mod defaults {
    pub fn timeout_ms() -> u64 {
        60_000
    }
    pub fn max_retries() -> u32 {
        3
    }
    pub fn backoff_ms() -> u64 {
        500
    }
    pub fn max_backoff_ms() -> u64 {
        8_000
    }
    pub fn max_retry_after_ms() -> u64 {
        30_000
    }
    pub fn max_tokens() -> u32 {
        1024
    }
}

impl LlmConfig {
    /// A config with every default: no key, Bearer auth, 60 s timeout, 3 retries from
    /// 500 ms, temperature 0, no seed, 1024 tokens.
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        LlmConfig {
            base_url: base_url.into(),
            model: model.into(),
            api_key: None,
            auth: AuthStyle::Bearer,
            api_version: None,
            timeout_ms: defaults::timeout_ms(),
            max_retries: defaults::max_retries(),
            backoff_ms: defaults::backoff_ms(),
            max_backoff_ms: defaults::max_backoff_ms(),
            max_retry_after_ms: defaults::max_retry_after_ms(),
            temperature: 0.0,
            seed: None,
            max_tokens: defaults::max_tokens(),
        }
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }

    /// Refuses settings that cannot work, before any request is made.
    pub fn validate(&self) -> Result<(), LlmError> {
        let bad = |m: &str| Err(LlmError::Config(m.to_string()));
        let url = reqwest::Url::parse(&self.base_url)
            .map_err(|e| LlmError::Config(format!("base_url is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return bad("base_url must be http or https");
        }
        if url.query().is_some() || url.fragment().is_some() {
            return bad("base_url must not carry a query or fragment");
        }
        if !url.username().is_empty() || url.password().is_some() {
            return bad("base_url must not carry credentials; set api_key");
        }
        if self.model.trim().is_empty() {
            return bad("model is required");
        }
        if let Some(key) = &self.api_key
            && (key.is_empty() || key.chars().any(|c| c.is_control()))
        {
            return bad("api_key is empty or holds control characters");
        }
        if self.auth == AuthStyle::Azure {
            if self.api_key.is_none() {
                return bad("auth = \"azure\" needs api_key");
            }
            if self
                .api_version
                .as_deref()
                .is_none_or(|v| v.trim().is_empty())
            {
                return bad("auth = \"azure\" needs api_version");
            }
        }
        if self.timeout_ms == 0 {
            return bad("timeout_ms must be above 0");
        }
        if !(0.0..=2.0).contains(&self.temperature) {
            return bad("temperature must be between 0 and 2");
        }
        if self.max_tokens == 0 {
            return bad("max_tokens must be above 0");
        }
        Ok(())
    }
}

/// Everything but the key, which shows only whether it is set.
impl fmt::Debug for LlmConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LlmConfig")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("auth", &self.auth)
            .field("api_version", &self.api_version)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("backoff_ms", &self.backoff_ms)
            .field("max_backoff_ms", &self.max_backoff_ms)
            .field("max_retry_after_ms", &self.max_retry_after_ms)
            .field("temperature", &self.temperature)
            .field("seed", &self.seed)
            .field("max_tokens", &self.max_tokens)
            .finish()
    }
}
