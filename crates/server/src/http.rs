//! Request and response plumbing shared by handlers: JSON bodies with precise errors,
//! record rendering, ETags and preconditions.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hireloop_store::{Record, micros_to_rfc3339};
use serde_json::Value;

use crate::error::{ApiError, Code};

/// A JSON request body as a `Value`: 415 without a JSON content type, 413 over the
/// body limit, 400 for malformed JSON (with line and column). Field validation (422)
/// is the engine's business.
#[derive(Debug)]
pub struct JsonBody(pub Value, pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || m == "application/merge-patch+json"
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::new(
                Code::UnsupportedMediaType,
                "send the body as JSON with 'Content-Type: application/json'",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    Code::PayloadTooLarge,
                    format!("the body is larger than {} bytes", crate::BODY_LIMIT),
                )
            } else {
                ApiError::new(Code::MalformedJson, format!("could not read the body: {e}"))
            }
        })?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            let what = e.to_string();
            let what = what
                .rsplit_once(" at line ")
                .map_or(what.as_str(), |(w, _)| w);
            ApiError::new(
                Code::MalformedJson,
                format!(
                    "malformed JSON at line {} column {}: {what}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Ok(JsonBody(value, bytes))
    }
}

/// A query string's `name=value` pairs, in order, repeats kept.
pub fn query_pairs(raw: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    serde_urlencoded::from_str(raw.unwrap_or("")).map_err(|e| {
        ApiError::new(
            Code::InvalidQuery,
            format!("the query string is malformed: {e}"),
        )
    })
}

/// A `limit` query parameter: a whole number from 1 to `max`.
pub fn limit_param(v: &str, max: u32) -> Result<u32, ApiError> {
    v.parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            ApiError::new(
                Code::InvalidQuery,
                format!("limit must be 1 to {max}, not '{v}'"),
            )
        })
}

/// A record as the API shows it: its metadata followed by the entity's own fields.
/// Written by hand so the stored JSON is spliced in without being parsed again.
pub fn render_record(out: &mut String, r: &Record) {
    use std::fmt::Write;
    let _ = write!(
        out,
        "{{\"id\":\"{}\",\"version\":{},\"created_at\":\"{}\",\"updated_at\":\"{}\",",
        r.id,
        r.version,
        micros_to_rfc3339(r.created_at),
        micros_to_rfc3339(r.updated_at)
    );
    if let Some(d) = r.deleted_at {
        let _ = write!(out, "\"deleted_at\":\"{}\",", micros_to_rfc3339(d));
    }
    out.push_str("\"created_by\":");
    out.push_str(&Value::String(r.created_by.clone()).to_string());
    out.push_str(",\"updated_by\":");
    out.push_str(&Value::String(r.updated_by.clone()).to_string());
    let body = r.data.trim();
    match body.strip_prefix('{') {
        Some(rest) if rest.trim_start() != "}" => {
            out.push(',');
            out.push_str(rest);
        }
        _ => out.push('}'),
    }
}

pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// One record with its ETag.
pub fn record_response(status: StatusCode, r: &Record) -> Response {
    let mut body = String::with_capacity(r.data.len() + 256);
    render_record(&mut body, r);
    let mut resp = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    resp.headers_mut().insert(header::ETAG, etag(r.version));
    resp
}

/// Parses `If-Match: "3"` (also `3` and `W/"3"`); `*` means any version.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let s = v.to_str().unwrap_or("").trim();
    if s == "*" {
        return Ok(None);
    }
    let t = s.trim_start_matches("W/").trim_matches('"');
    t.parse::<i64>().map(Some).map_err(|_| {
        ApiError::new(
            Code::InvalidHeader,
            format!("If-Match '{s}' is not an ETag this API issued"),
        )
    })
}

/// Whether `If-None-Match` already names this version (so a 304 will do).
pub fn not_modified(headers: &HeaderMap, version: i64) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|s| {
            s.split(',').any(|t| {
                t.trim() == "*"
                    || t.trim().trim_start_matches("W/").trim_matches('"') == version.to_string()
            })
        })
}

/// The answer of an intake (a resume or a requirement read into a record): `{key:
/// <record>, …extras}`, 201 with `Location` when the record is new, 200 when one on file
/// was brought up to date, with the record's ETag either way.
pub fn intake_response(
    key: &str,
    path: &str,
    created: bool,
    rec: &Record,
    extras: serde_json::Map<String, Value>,
) -> Response {
    let mut body = String::with_capacity(rec.data.len() + 4096);
    body.push('{');
    body.push_str(&Value::String(key.to_owned()).to_string());
    body.push(':');
    render_record(&mut body, rec);
    for (k, v) in extras {
        body.push(',');
        body.push_str(&Value::String(k).to_string());
        body.push(':');
        body.push_str(&v.to_string());
    }
    body.push('}');
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut resp = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    let h = resp.headers_mut();
    if created && let Ok(loc) = HeaderValue::from_str(&format!("{path}/{}", rec.id)) {
        h.insert(header::LOCATION, loc);
    }
    h.insert(header::ETAG, etag(rec.version));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(data: &str) -> Record {
        Record {
            entity: hireloop_store::Entity::Company,
            id: uuid::Uuid::nil(),
            version: 2,
            data: data.into(),
            created_at: 0,
            updated_at: 1_000_000,
            deleted_at: None,
            created_by: "key:\"x\"".into(),
            updated_by: "user:u".into(),
        }
    }

    #[test]
    fn rendering_splices_the_stored_body_into_valid_json() {
        let mut s = String::new();
        render_record(&mut s, &rec(r#"{"name":"Acme","tags":[]}"#));
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["name"], "Acme");
        assert_eq!(v["version"], 2);
        assert_eq!(v["created_by"], "key:\"x\"");
        assert_eq!(v["updated_at"], "1970-01-01T00:00:01.000000Z");
        let mut e = String::new();
        render_record(&mut e, &rec("{}"));
        assert!(serde_json::from_str::<Value>(&e).is_ok(), "{e}");
    }

    #[test]
    fn preconditions_parse() {
        let mut h = HeaderMap::new();
        assert_eq!(if_match(&h).unwrap(), None);
        h.insert(header::IF_MATCH, HeaderValue::from_static("W/\"7\""));
        assert_eq!(if_match(&h).unwrap(), Some(7));
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"abc\""));
        assert!(if_match(&h).is_err());
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"6\", \"7\""),
        );
        assert!(not_modified(&h, 7));
        assert!(!not_modified(&h, 8));
    }
}
