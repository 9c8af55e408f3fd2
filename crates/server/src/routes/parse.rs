//! Parsing without storing: `POST /v1/candidates/parse` reads a resume file, and
//! `POST /v1/requirements/parse` pasted text, an `.eml` or a job description file; each
//! answers with the fields found, their confidences, and the record they would make.

use axum::Router;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::Utc;
use hireloop_domain::entities::{Candidate, Requirement};

use crate::AppState;
use crate::auth::{Allow, Read};
use crate::error::{ApiError, ApiResult, Code};

/// The largest resume accepted (the document reader's own limit).
pub const MAX_RESUME: usize = 10 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/candidates/parse",
            post(parse).layer(DefaultBodyLimit::max(MAX_RESUME + 64 * 1024)),
        )
        .route(
            "/v1/requirements/parse",
            post(parse_requirement).layer(DefaultBodyLimit::max(MAX_RESUME + 64 * 1024)),
        )
}

/// `{"text": "…"}`: a pasted job description or recruiter e-mail body.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RequirementText {
    text: String,
}

/// Reads a multipart `file` field: the name it was sent under and its bytes (a file
/// over [`MAX_RESUME`] is a 413).
pub(crate) async fn file_field(field: Field<'_>) -> ApiResult<(Option<String>, Vec<u8>)> {
    let name = field.file_name().map(str::to_owned);
    let bytes = field.bytes().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                Code::PayloadTooLarge,
                format!("the file is larger than {} MiB", MAX_RESUME >> 20),
            )
        } else {
            ApiError::invalid("file", format!("reading the file failed: {e}"))
        }
    })?;
    Ok((name, bytes.to_vec()))
}

/// Reads a multipart text field that holds JSON (fields set over a parse); errors name
/// `path`.
pub(crate) async fn json_field(field: Field<'_>, path: &str) -> ApiResult<serde_json::Value> {
    let text = field
        .text()
        .await
        .map_err(|e| ApiError::invalid(path, e.to_string()))?;
    serde_json::from_str(&text)
        .map_err(|e| ApiError::invalid(path, format!("must be a JSON object of fields: {e}")))
}

/// Reads the single `file` field of a multipart form.
async fn single_file(mut form: Multipart) -> ApiResult<(Option<String>, Vec<u8>)> {
    let mut file = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ApiError::invalid("", format!("the multipart body is malformed: {e}")))?
    {
        match field.name().unwrap_or_default() {
            "file" => file = Some(file_field(field).await?),
            other => {
                return Err(ApiError::invalid(
                    "",
                    format!("unknown form field '{other}'; known: file"),
                ));
            }
        }
    }
    file.ok_or_else(|| ApiError::invalid("file", "the form field 'file' is missing"))
}

async fn parse_requirement(
    _allow: Allow<Requirement, Read>,
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Request,
) -> ApiResult<Response> {
    let today = Utc::now().date_naive();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let out = if content_type.starts_with("multipart/form-data") {
        let form = Multipart::from_request(request, &state)
            .await
            .map_err(|e| {
                ApiError::new(
                    Code::UnsupportedMediaType,
                    format!("the multipart body is unreadable: {e}"),
                )
            })?;
        let (name, bytes) = single_file(form).await?;
        let name = name.unwrap_or_else(|| "the file".into());
        state
            .ingest
            .parse_requirement_file(bytes, name, today)
            .await
            .map_err(|e| ApiError::invalid("file", e))?
    } else if content_type.starts_with("application/json") {
        let crate::http::JsonBody(value, _) =
            crate::http::JsonBody::from_request(request, &state).await?;
        let body: RequirementText = serde_json::from_value(value)
            .map_err(|e| ApiError::invalid("text", format!("send {{\"text\": \"…\"}}: {e}")))?;
        if body.text.trim().is_empty() {
            return Err(ApiError::invalid("text", "the text is empty"));
        }
        if body.text.len() > 200_000 {
            return Err(ApiError::invalid(
                "text",
                "the text is longer than 200,000 bytes",
            ));
        }
        state.ingest.parse_requirement_text(body.text, today).await
    } else {
        return Err(ApiError::new(
            Code::UnsupportedMediaType,
            "send {\"text\": …} as application/json, or a file as multipart/form-data",
        ));
    };
    Ok(axum::Json(out).into_response())
}

async fn parse(
    _allow: Allow<Candidate, Read>,
    State(state): State<AppState>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let form = form.map_err(|e| {
        ApiError::new(
            Code::UnsupportedMediaType,
            format!("send the resume as multipart/form-data with a 'file' field: {e}"),
        )
    })?;
    let (name, bytes) = single_file(form).await?;
    let out = state
        .ingest
        .parse_resume_file(bytes, name, Utc::now().date_naive())
        .await
        .map_err(|e| ApiError::invalid("file", e.to_string()))?;
    Ok(axum::Json(out).into_response())
}
