//! What a request asks and what comes back: messages, the versioned [`Prompt`], and the
//! [`Completion`] that carries a value with its cost and origin.

use serde::{Deserialize, Serialize};

use super::TokenUsage;

/// Who says a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn new(role: Role, content: impl Into<String>) -> Self {
        Message {
            role,
            content: content.into(),
        }
    }
}

/// The messages of one request and the version of the prompt they come from. The
/// version is part of the cache key: change it whenever the prompt's wording or
/// meaning changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub(super) version: String,
    pub(super) messages: Vec<Message>,
    pub(super) max_tokens: Option<u32>,
}

impl Prompt {
    pub fn new(version: impl Into<String>) -> Self {
        Prompt {
            version: version.into(),
            messages: Vec::new(),
            max_tokens: None,
        }
    }

    pub fn message(mut self, message: Message) -> Self {
        self.messages.push(message);
        self
    }

    pub fn system(self, content: impl Into<String>) -> Self {
        self.message(Message::new(Role::System, content))
    }

    pub fn user(self, content: impl Into<String>) -> Self {
        self.message(Message::new(Role::User, content))
    }

    pub fn assistant(self, content: impl Into<String>) -> Self {
        self.message(Message::new(Role::Assistant, content))
    }

    /// This prompt's answer limit, in place of the config's `max_tokens`.
    pub fn max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = Some(max_tokens);
        self
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn messages(&self) -> &[Message] {
        &self.messages
    }
}

/// An answer: text, a schema-checked JSON value, or a typed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion<T> {
    pub value: T,
    /// What the answer cost when the server made it; for a cached answer nothing was
    /// spent now (the [`TokenMeter`](super::TokenMeter) counts only tokens actually spent).
    pub usage: TokenUsage,
    /// Served from the cache, without a request.
    pub cached: bool,
    /// The model the server says answered (the configured one if it did not say).
    pub model: String,
    /// `stop`, `length` (cut at max_tokens) …, as the server reported it.
    pub finish_reason: Option<String>,
}
