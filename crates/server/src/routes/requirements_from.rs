//! `POST /v1/requirements/from-text` and `POST /v1/requirements/from-file`: pasted text,
//! an `.eml` or a job description becomes a requirement (or brings the one it already
//! is up to date), and the original is kept and linked to it.

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use chrono::Utc;
use hireloop_domain::auth::{Action, Resource};
use hireloop_domain::entities::Requirement;
use hireloop_engine::imports::{FromRequirement, FromRequirementError};
use serde_json::{Value, json};

use super::parse::{MAX_RESUME, file_field, json_field};
use crate::AppState;
use crate::auth::{Allow, Create};
use crate::error::{ApiError, ApiResult, Code};
use crate::http::JsonBody;
use crate::idempotency::idempotent;

/// The longest pasted text, in bytes (the parser reads no more).
const MAX_TEXT: usize = 200_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/requirements/from-text", post(from_text))
        .route(
            "/v1/requirements/from-file",
            post(from_file).layer(DefaultBodyLimit::max(MAX_RESUME + 128 * 1024)),
        )
}

/// The overrides object: fields set over the parse.
fn overrides(value: Value, path: &str) -> ApiResult<Value> {
    if value.is_object() {
        Ok(value)
    } else {
        Err(ApiError::invalid(
            path,
            "must be a JSON object of requirement fields, e.g. {\"title\": \"Java Developer\"}",
        ))
    }
}

async fn from_text(
    allow: Allow<Requirement, Create>,
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body, raw): JsonBody,
) -> ApiResult<Response> {
    let Value::Object(mut body) = body else {
        return Err(ApiError::invalid(
            "",
            "send {\"text\": \"…\", \"requirement\": {…}}",
        ));
    };
    let text = match body.remove("text") {
        Some(Value::String(t)) => t,
        Some(_) => return Err(ApiError::invalid("text", "must be a string")),
        None => return Err(ApiError::invalid("text", "is required")),
    };
    let fields = match body.remove("requirement") {
        None | Some(Value::Null) => None,
        Some(v) => Some(overrides(v, "requirement")?),
    };
    if let Some(other) = body.keys().next() {
        return Err(ApiError::invalid(
            other,
            format!("unknown field '{other}'; known: text, requirement"),
        ));
    }
    if text.trim().is_empty() {
        return Err(ApiError::invalid("text", "the text is empty"));
    }
    if text.len() > MAX_TEXT {
        return Err(ApiError::invalid(
            "text",
            "the text is longer than 200,000 bytes",
        ));
    }
    let scope = allow.scope();
    let may_update = allow
        .caller
        .role
        .permits(Resource::Requirement, Action::Update);
    idempotent(
        &state,
        &scope,
        &headers,
        "/v1/requirements/from-text",
        &raw,
        async {
            let out = state
                .ingest
                .requirement_from_text(&scope, text, fields, Utc::now().date_naive(), may_update)
                .await
                .map_err(api_error)?;
            Ok(respond(out))
        },
    )
    .await
}

/// The form: `file` (required) and `requirement` (a JSON object of fields).
async fn read_form(mut form: Multipart) -> ApiResult<(Option<String>, Vec<u8>, Option<Value>)> {
    let mut file = None;
    let mut fields = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ApiError::invalid("", format!("the multipart body is malformed: {e}")))?
    {
        let key = field.name().unwrap_or_default().to_owned();
        match key.as_str() {
            "file" => file = Some(file_field(field).await?),
            "requirement" => {
                let value = json_field(field, "requirement").await?;
                fields = Some(overrides(value, "requirement")?);
            }
            other => {
                return Err(ApiError::invalid(
                    "",
                    format!("unknown form field '{other}'; known: file, requirement"),
                ));
            }
        }
    }
    let (name, bytes) =
        file.ok_or_else(|| ApiError::invalid("file", "the form field 'file' is missing"))?;
    if bytes.is_empty() {
        let shown = name.as_deref().unwrap_or("the file");
        return Err(ApiError::invalid("file", format!("{shown} is empty")));
    }
    Ok((name, bytes, fields))
}

async fn from_file(
    allow: Allow<Requirement, Create>,
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let form = form.map_err(|e| {
        ApiError::new(
            Code::UnsupportedMediaType,
            format!("send the file as multipart/form-data with a 'file' field: {e}"),
        )
    })?;
    let (name, bytes, fields) = read_form(form).await?;
    let name = name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "the file".into());
    let scope = allow.scope();
    let may_update = allow
        .caller
        .role
        .permits(Resource::Requirement, Action::Update);
    // What makes two requests the same, for Idempotency-Key.
    let fingerprint = {
        let mut f = json!({"name": name, "requirement": fields})
            .to_string()
            .into_bytes();
        f.push(0);
        f.extend_from_slice(&bytes);
        f
    };
    idempotent(
        &state,
        &scope,
        &headers,
        "/v1/requirements/from-file",
        &fingerprint,
        async {
            let out = state
                .ingest
                .requirement_from_file(
                    &scope,
                    bytes,
                    name,
                    fields,
                    Utc::now().date_naive(),
                    may_update,
                )
                .await
                .map_err(api_error)?;
            Ok(respond(out))
        },
    )
    .await
}

fn api_error(e: FromRequirementError) -> ApiError {
    match e {
        FromRequirementError::Unreadable(m) => ApiError::invalid("file", m),
        e @ FromRequirementError::MayNotUpdate(_) => ApiError::new(Code::Forbidden, e.to_string()),
        FromRequirementError::Invalid(errors) => ApiError::validation(errors),
        FromRequirementError::Store(s) => s.into(),
    }
}

/// 201 with Location for a new requirement, 200 for one brought up to date.
fn respond(out: FromRequirement) -> Response {
    let extras = json!({
        "created": out.created,
        "changed": out.changed,
        "matched_by": out.matched_by,
        "documents": out.documents,
        "review": out.output.parse.review,
        "parse": out.output,
    });
    crate::http::intake_response(
        "requirement",
        "/v1/requirements",
        out.created,
        &out.requirement,
        extras.as_object().cloned().unwrap_or_default(),
    )
}
