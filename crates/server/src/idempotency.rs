//! `Idempotency-Key` on POST: the first response for a key is kept for replay; a retry
//! gets it back (with `Idempotent-Replayed: true`); the same key with a different
//! request is refused; a key whose request is still running answers 409.

use std::future::Future;

use axum::body::to_bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hireloop_store::{Scope, StoredResponse};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::{ApiError, ApiResult, Code};

const KEPT_HEADERS: [&str; 3] = ["content-type", "etag", "location"];

pub async fn idempotent<F>(
    state: &AppState,
    scope: &Scope,
    headers: &HeaderMap,
    path: &str,
    body: &[u8],
    run: F,
) -> ApiResult<Response>
where
    F: Future<Output = ApiResult<Response>>,
{
    let Some(key) = headers.get("idempotency-key") else {
        return run.await;
    };
    let key = key
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .ok_or_else(|| {
            ApiError::new(
                Code::InvalidHeader,
                "Idempotency-Key must be 1 to 200 visible characters",
            )
        })?
        .to_string();
    let mut h = Sha256::new();
    h.update(path.as_bytes());
    h.update([0]);
    h.update(body);
    let hash = hex::encode(h.finalize());
    let store = state.records.store();
    if !store.idempotency_reserve(scope, &key, &hash).await? {
        let prior = store.idempotency_get(scope, &key).await?.ok_or_else(|| {
            ApiError::new(
                Code::IdempotencyInProgress,
                "a request with this Idempotency-Key is in progress",
            )
        })?;
        if prior.request_hash != hash {
            return Err(ApiError::new(
                Code::IdempotencyKeyReused,
                "this Idempotency-Key was used for a different request",
            ));
        }
        if prior.status == 0 {
            return Err(ApiError::new(
                Code::IdempotencyInProgress,
                "a request with this Idempotency-Key is in progress; retry shortly",
            ));
        }
        return Ok(replay(&prior));
    }
    let resp = match run.await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    if resp.status().is_server_error() {
        store.idempotency_release(scope, &key).await?;
        return Ok(resp);
    }
    let (parts, body) = resp.into_parts();
    let bytes = to_bytes(body, crate::BODY_LIMIT * 4)
        .await
        .map_err(ApiError::internal)?;
    let kept: serde_json::Map<String, serde_json::Value> = KEPT_HEADERS
        .iter()
        .filter_map(|n| {
            parts
                .headers
                .get(*n)
                .and_then(|v| v.to_str().ok())
                .map(|v| (n.to_string(), v.into()))
        })
        .collect();
    let stored = StoredResponse {
        request_hash: hash,
        status: parts.status.as_u16(),
        headers: serde_json::Value::Object(kept).to_string(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    store.idempotency_complete(scope, &key, &stored).await?;
    Ok(Response::from_parts(parts, axum::body::Body::from(bytes)))
}

fn replay(prior: &StoredResponse) -> Response {
    let status = StatusCode::from_u16(prior.status).unwrap_or(StatusCode::OK);
    let mut resp = (status, prior.body.clone()).into_response();
    if let Ok(serde_json::Value::Object(h)) = serde_json::from_str(&prior.headers) {
        for (k, v) in h {
            if let (Ok(name), Some(Ok(val))) = (
                axum::http::HeaderName::from_bytes(k.as_bytes()),
                v.as_str().map(HeaderValue::from_str),
            ) {
                resp.headers_mut().insert(name, val);
            }
        }
    }
    resp.headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    resp
}
