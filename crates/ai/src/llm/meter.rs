//! Token accounting: what one answer cost ([`TokenUsage`]) and running totals shared by
//! every clone of a client ([`TokenMeter`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// Tokens one answer cost, as the server reported them (zeros when it reported none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenUsage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub total_tokens: u64,
}

/// Running totals. Cheap to clone; clones count into the same totals.
#[derive(Debug, Clone, Default)]
pub struct TokenMeter {
    inner: Arc<Counters>,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    retries: AtomicU64,
    cache_hits: AtomicU64,
    prompt_tokens: AtomicU64,
    completion_tokens: AtomicU64,
    total_tokens: AtomicU64,
    failures: AtomicU64,
}

/// The totals at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MeterSnapshot {
    /// HTTP requests sent, retries included.
    pub requests: u64,
    /// Of those, the ones that repeated a failed attempt.
    pub retries: u64,
    /// Answers served from the cache without a request.
    pub cache_hits: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub total_tokens: u64,
    /// Completions that ended in an error (after any retries), schema violations
    /// included.
    pub failures: u64,
}

impl TokenMeter {
    pub fn new() -> Self {
        TokenMeter::default()
    }

    pub fn snapshot(&self) -> MeterSnapshot {
        let c = &self.inner;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        MeterSnapshot {
            requests: get(&c.requests),
            retries: get(&c.retries),
            cache_hits: get(&c.cache_hits),
            prompt_tokens: get(&c.prompt_tokens),
            completion_tokens: get(&c.completion_tokens),
            total_tokens: get(&c.total_tokens),
            failures: get(&c.failures),
        }
    }

    pub(crate) fn request(&self, retry: bool) {
        self.inner.requests.fetch_add(1, Ordering::Relaxed);
        if retry {
            self.inner.retries.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn cache_hit(&self) {
        self.inner.cache_hits.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn failure(&self) {
        self.inner.failures.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn usage(&self, u: &TokenUsage) {
        let c = &self.inner;
        c.prompt_tokens
            .fetch_add(u.prompt_tokens, Ordering::Relaxed);
        c.completion_tokens
            .fetch_add(u.completion_tokens, Ordering::Relaxed);
        c.total_tokens.fetch_add(u.total_tokens, Ordering::Relaxed);
    }
}
