//! When to try again and how long to wait: exponential backoff with jitter, or the
//! server's own `Retry-After`, each within a cap.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::{LlmConfig, LlmError};

/// One attempt's error, and how long the server asked us to wait before the next.
#[derive(Debug)]
pub(crate) struct Failure {
    pub error: LlmError,
    pub retry_after: Option<Duration>,
}

impl From<LlmError> for Failure {
    fn from(error: LlmError) -> Self {
        Failure {
            error,
            retry_after: None,
        }
    }
}

/// Seconds, as a number; an HTTP date is not honoured (the backoff applies instead).
pub(crate) fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: f64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

/// The wait before retry number `retry` (0 for the first): the server's
/// `Retry-After` up to `max_retry_after_ms` if it gave one, else `backoff_ms · 2^retry`
/// up to `max_backoff_ms`, scaled by `jitter` (0..1) into its upper half so that
/// clients failing together do not retry together.
pub(crate) fn retry_delay(
    config: &LlmConfig,
    retry: u32,
    retry_after: Option<Duration>,
    jitter: f64,
) -> Duration {
    if let Some(wait) = retry_after {
        return wait.min(Duration::from_millis(config.max_retry_after_ms));
    }
    let full = config
        .backoff_ms
        .saturating_mul(1u64.checked_shl(retry).unwrap_or(u64::MAX))
        .min(config.max_backoff_ms);
    let half = full / 2;
    Duration::from_millis(half + ((full - half) as f64 * jitter.clamp(0.0, 1.0)) as u64)
}

/// A number in 0..1 without a random-number dependency: each `RandomState` is freshly
/// keyed.
pub(crate) fn jitter() -> f64 {
    let bits = RandomState::new().hash_one(0u8) >> 11;
    bits as f64 / (1u64 << 53) as f64
}
