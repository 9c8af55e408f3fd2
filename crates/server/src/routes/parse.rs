//! Parsing without storing: `POST /v1/candidates/parse` reads a resume file and answers
//! with the fields found, their confidences, and the candidate they would make.

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::Utc;
use hireloop_domain::entities::Candidate;
use hireloop_domain::error::ValidationErrors;

use crate::AppState;
use crate::auth::{Allow, Read};
use crate::error::{ApiError, ApiResult, Code};

/// The largest resume accepted (the document reader's own limit).
pub const MAX_RESUME: usize = 10 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/v1/candidates/parse",
        post(parse).layer(DefaultBodyLimit::max(MAX_RESUME + 64 * 1024)),
    )
}

fn invalid(path: &str, message: impl Into<String>) -> ApiError {
    ApiError::validation(ValidationErrors::single(path, message))
}

async fn parse(
    _allow: Allow<Candidate, Read>,
    State(state): State<AppState>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let mut form = form.map_err(|e| {
        ApiError::new(
            Code::UnsupportedMediaType,
            format!("send the resume as multipart/form-data with a 'file' field: {e}"),
        )
    })?;
    let mut file = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| invalid("", format!("the multipart body is malformed: {e}")))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                let name = field.file_name().map(str::to_owned);
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        ApiError::new(
                            Code::PayloadTooLarge,
                            format!("the resume is larger than {} MiB", MAX_RESUME >> 20),
                        )
                    } else {
                        invalid("file", format!("reading the file failed: {e}"))
                    }
                })?;
                file = Some((name, bytes.to_vec()));
            }
            other => {
                return Err(invalid(
                    "",
                    format!("unknown form field '{other}'; known: file"),
                ));
            }
        }
    }
    let (name, bytes) = file.ok_or_else(|| invalid("file", "the form field 'file' is missing"))?;
    let out = state
        .ingest
        .parse_resume_file(bytes, name, Utc::now().date_naive())
        .await
        .map_err(|e| invalid("file", e.to_string()))?;
    Ok(axum::Json(out).into_response())
}
