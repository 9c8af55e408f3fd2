//! API errors. Every error code is declared once in `CODES` with its HTTP status and
//! type; bodies are `{"code", "message", "type"}` (plus `details` for field errors).
//! 5xx bodies never carry internal text: the cause goes to the log with the request id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hireloop_domain::{FieldError, ValidationErrors};
use hireloop_engine::records::RecordError;
use hireloop_store::StoreError;
use serde::Serialize;

/// Error codes: (code, HTTP status, type). The one table of them.
pub const CODES: &[(&str, u16, &str)] = &[
    ("malformed_json", 400, "invalid_request"),
    ("invalid_query", 400, "invalid_request"),
    ("invalid_header", 400, "invalid_request"),
    ("missing_credentials", 401, "auth"),
    ("invalid_credentials", 401, "auth"),
    ("forbidden", 403, "auth"),
    ("not_found", 404, "invalid_request"),
    ("route_not_found", 404, "invalid_request"),
    ("method_not_allowed", 405, "invalid_request"),
    ("conflict", 409, "invalid_request"),
    ("idempotency_in_progress", 409, "invalid_request"),
    ("version_conflict", 412, "invalid_request"),
    ("payload_too_large", 413, "invalid_request"),
    ("unsupported_media_type", 415, "invalid_request"),
    ("validation_failed", 422, "invalid_request"),
    ("idempotency_key_reused", 422, "invalid_request"),
    ("internal", 500, "internal"),
    ("unavailable", 503, "internal"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    MalformedJson,
    InvalidQuery,
    InvalidHeader,
    MissingCredentials,
    InvalidCredentials,
    Forbidden,
    NotFound,
    RouteNotFound,
    MethodNotAllowed,
    Conflict,
    IdempotencyInProgress,
    VersionConflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
    IdempotencyKeyReused,
    Internal,
    Unavailable,
}

impl Code {
    pub fn name(self) -> &'static str {
        match self {
            Code::MalformedJson => "malformed_json",
            Code::InvalidQuery => "invalid_query",
            Code::InvalidHeader => "invalid_header",
            Code::MissingCredentials => "missing_credentials",
            Code::InvalidCredentials => "invalid_credentials",
            Code::Forbidden => "forbidden",
            Code::NotFound => "not_found",
            Code::RouteNotFound => "route_not_found",
            Code::MethodNotAllowed => "method_not_allowed",
            Code::Conflict => "conflict",
            Code::IdempotencyInProgress => "idempotency_in_progress",
            Code::VersionConflict => "version_conflict",
            Code::PayloadTooLarge => "payload_too_large",
            Code::UnsupportedMediaType => "unsupported_media_type",
            Code::ValidationFailed => "validation_failed",
            Code::IdempotencyKeyReused => "idempotency_key_reused",
            Code::Internal => "internal",
            Code::Unavailable => "unavailable",
        }
    }

    fn entry(self) -> (u16, &'static str) {
        let name = self.name();
        CODES
            .iter()
            .find(|(c, _, _)| *c == name)
            .map(|(_, s, t)| (*s, *t))
            .unwrap_or((500, "internal"))
    }

    pub fn status(self) -> StatusCode {
        StatusCode::from_u16(self.entry().0).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// An error as the API reports it.
#[derive(Debug)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
    pub details: Vec<FieldError>,
    /// For a malformed search query: the character (from 1) where it goes wrong.
    pub position: Option<usize>,
    /// The internal cause, logged, never sent.
    pub source: Option<anyhow::Error>,
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    details: &'a [FieldError],
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Vec::new(),
            position: None,
            source: None,
        }
    }

    pub fn internal(source: impl Into<anyhow::Error>) -> Self {
        Self {
            code: Code::Internal,
            message: "internal error; the request id identifies it in the server log".into(),
            details: Vec::new(),
            position: None,
            source: Some(source.into()),
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(Code::NotFound, format!("{what} not found"))
    }

    /// A 422 for one field: `path` names it (`texts[3]`), `message` says what is wrong.
    /// A malformed search query (`path` "q") or search parameter: a 422 whose body also
    /// carries the character `position` (from 1) in the query, when there is one.
    pub fn query_syntax(path: &str, position: usize, message: impl Into<String>) -> Self {
        let mut e = Self::invalid(path, message);
        e.position = (position > 0).then_some(position);
        e
    }

    pub fn invalid(path: &str, message: impl Into<String>) -> Self {
        Self::validation(ValidationErrors::single(path, message))
    }

    pub fn validation(errors: ValidationErrors) -> Self {
        let message = match errors.errors() {
            [] => "invalid input".to_string(),
            [one] if one.path.is_empty() => one.message.clone(),
            [one] => format!("{}: {}", one.path, one.message),
            many => format!(
                "{} fields are invalid: {}",
                many.len(),
                many.iter()
                    .map(|e| e.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Self {
            code: Code::ValidationFailed,
            message,
            details: errors.0,
            position: None,
            source: None,
        }
    }

    pub fn stale(current: i64) -> Self {
        Self::new(
            Code::VersionConflict,
            format!(
                "the record has changed; its current version is {current} (ETag \"{current}\")"
            ),
        )
    }
}

impl ApiError {
    /// The HTTP status and the body this error would answer with: for one item of a
    /// bulk request, whose answer reports each item on its own. 5xx causes are logged.
    pub fn parts(self) -> (u16, serde_json::Value) {
        let (status, kind) = self.code.entry();
        if status >= 500 {
            tracing::error!(code = self.code.name(), cause = ?self.source, "bulk item failed");
        }
        let body = Body {
            code: self.code.name(),
            message: &self.message,
            kind,
            details: &self.details,
            position: self.position,
        };
        (status, serde_json::to_value(body).unwrap_or_default())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind) = self.code.entry();
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            tracing::error!(code = self.code.name(), cause = ?self.source, "request failed");
        }
        let body = Body {
            code: self.code.name(),
            message: &self.message,
            kind,
            details: &self.details,
            position: self.position,
        };
        let mut resp = (status, axum::Json(body)).into_response();
        if self.code == Code::MissingCredentials || self.code == Code::InvalidCredentials {
            resp.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"hireloop\""),
            );
        }
        resp
    }
}

impl From<RecordError> for ApiError {
    fn from(e: RecordError) -> Self {
        match e {
            RecordError::Validation(v) => ApiError::validation(v),
            RecordError::NotFound => ApiError::new(Code::NotFound, "record not found"),
            RecordError::VersionConflict { current } => ApiError::stale(current),
            RecordError::Conflict(m) => {
                tracing::info!(cause = %m, "write refused by a constraint");
                ApiError::new(
                    Code::Conflict,
                    "the write conflicts with an existing record",
                )
            }
            RecordError::Refused(m) => ApiError::new(Code::Conflict, m),
            RecordError::Invalid(m) => ApiError::new(Code::InvalidQuery, m),
            RecordError::Store(s) => ApiError::from(s),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::new(Code::NotFound, "not found"),
            StoreError::VersionConflict { current } => ApiError::stale(current),
            StoreError::Conflict(_) => ApiError::new(
                Code::Conflict,
                "the write conflicts with an existing record",
            ),
            StoreError::Invalid(m) => ApiError::new(Code::InvalidQuery, m),
            other => ApiError::internal(other),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_in_the_table_once() {
        let all = [
            Code::MalformedJson,
            Code::InvalidQuery,
            Code::InvalidHeader,
            Code::MissingCredentials,
            Code::InvalidCredentials,
            Code::Forbidden,
            Code::NotFound,
            Code::RouteNotFound,
            Code::MethodNotAllowed,
            Code::Conflict,
            Code::IdempotencyInProgress,
            Code::VersionConflict,
            Code::PayloadTooLarge,
            Code::UnsupportedMediaType,
            Code::ValidationFailed,
            Code::IdempotencyKeyReused,
            Code::Internal,
            Code::Unavailable,
        ];
        assert_eq!(all.len(), CODES.len());
        for c in all {
            assert_eq!(
                CODES.iter().filter(|(n, _, _)| *n == c.name()).count(),
                1,
                "{c:?}"
            );
        }
    }
}
