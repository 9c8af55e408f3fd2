//! `POST /v1/candidates/from-resume`: a resume file becomes a candidate (or brings the
//! candidate it belongs to up to date), and the file is kept and linked to them.

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use chrono::Utc;
use hireloop_domain::auth::{Action, Resource};
use hireloop_domain::entities::Candidate;
use hireloop_engine::imports::{FromResumeError, ResumeIntake};
use serde_json::{Value, json};
use uuid::Uuid;

use super::parse::{MAX_RESUME, file_field, json_field};
use crate::AppState;
use crate::auth::{Allow, Create};
use crate::error::{ApiError, ApiResult, Code};
use crate::idempotency::idempotent;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/v1/candidates/from-resume",
        post(from_resume).layer(DefaultBodyLimit::max(MAX_RESUME + 128 * 1024)),
    )
}

/// The form: `file` (required), `candidate_id` (update this candidate), `candidate`
/// (a JSON object of fields set over the parse).
struct Form {
    name: Option<String>,
    bytes: Vec<u8>,
    candidate_id: Option<Uuid>,
    overrides: Option<Value>,
}

async fn read_form(mut form: Multipart) -> ApiResult<Form> {
    let mut file = None;
    let mut candidate_id = None;
    let mut overrides = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ApiError::invalid("", format!("the multipart body is malformed: {e}")))?
    {
        let key = field.name().unwrap_or_default().to_owned();
        match key.as_str() {
            "file" => file = Some(file_field(field).await?),
            "candidate_id" => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| ApiError::invalid("candidate_id", e.to_string()))?;
                let id = Uuid::parse_str(text.trim()).map_err(|_| {
                    ApiError::invalid(
                        "candidate_id",
                        format!("'{}' is not a candidate id", text.trim()),
                    )
                })?;
                candidate_id = Some(id);
            }
            "candidate" => {
                let value = json_field(field, "candidate").await?;
                if !value.is_object() {
                    return Err(ApiError::invalid(
                        "candidate",
                        "must be a JSON object of fields",
                    ));
                }
                overrides = Some(value);
            }
            other => {
                return Err(ApiError::invalid(
                    "",
                    format!("unknown form field '{other}'; known: file, candidate_id, candidate"),
                ));
            }
        }
    }
    let (name, bytes) =
        file.ok_or_else(|| ApiError::invalid("file", "the form field 'file' is missing"))?;
    Ok(Form {
        name,
        bytes,
        candidate_id,
        overrides,
    })
}

async fn from_resume(
    allow: Allow<Candidate, Create>,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let form = form.map_err(|e| {
        ApiError::new(
            Code::UnsupportedMediaType,
            format!("send the resume as multipart/form-data with a 'file' field: {e}"),
        )
    })?;
    let form = read_form(form).await?;
    let scope = allow.scope();
    let can_update = allow
        .caller
        .role
        .permits(Resource::Candidate, Action::Update);
    // What makes two requests the same, for Idempotency-Key.
    let fingerprint = {
        let mut f = json!({
            "name": form.name, "candidate_id": form.candidate_id, "candidate": form.overrides,
        })
        .to_string()
        .into_bytes();
        f.push(0);
        f.extend_from_slice(&form.bytes);
        f
    };
    idempotent(
        &state,
        &scope,
        &headers,
        "/v1/candidates/from-resume",
        &fingerprint,
        async {
            let shown = form.name.clone().unwrap_or_else(|| "the file".into());
            let out = state
                .ingest
                .candidate_from_resume(
                    &scope,
                    ResumeIntake {
                        bytes: form.bytes,
                        name: form.name,
                        candidate_id: form.candidate_id,
                        overrides: form.overrides,
                        may_update: can_update,
                        today: Utc::now().date_naive(),
                    },
                )
                .await
                .map_err(|e| match e {
                    FromResumeError::Unreadable(d) => ApiError::invalid("file", d.to_string()),
                    e @ FromResumeError::MayNotUpdate(_) => {
                        ApiError::new(Code::Forbidden, e.to_string())
                    }
                    FromResumeError::NotFound(id) => {
                        ApiError::new(Code::NotFound, format!("candidate {id} not found"))
                    }
                    FromResumeError::Invalid(errors) => {
                        let missing_name = errors.0.iter().any(|f| f.path == "first_name");
                        let mut err = ApiError::validation(errors);
                        if missing_name {
                            err.message = format!(
                                "{}; {shown} gives no name we could read: send it in the \
                                 'candidate' field, e.g. {{\"first_name\": \"…\", \
                                 \"last_name\": \"…\"}}",
                                err.message
                            );
                        }
                        err
                    }
                    FromResumeError::Store(s) => s.into(),
                })?;
            let extras = json!({
                "created": out.created,
                "changed": out.changed,
                "matched_by": out.matched_by,
                "document": out.document,
                "suggested_merges": out.suggested_merges,
                "review": out.resume.parse.review,
                "parse": out.resume,
            });
            Ok(crate::http::intake_response(
                "candidate",
                "/v1/candidates",
                out.created,
                &out.candidate,
                extras.as_object().cloned().unwrap_or_default(),
            ))
        },
    )
    .await
}
