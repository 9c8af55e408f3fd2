//! Bulk imports over HTTP: upload a file (multipart), watch the background job, read
//! the per-row error report as JSON or CSV, retry a failed import.

use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;
use hireloop_domain::auth::{Action, Resource};
use hireloop_domain::ids::JobId;
use hireloop_engine::imports::{ImportError, ImportRequest, ImportView};
use hireloop_ingest::bulk::{EntityKind, Format, RowError, write_error_report};
use serde::Serialize;
use tokio::io::AsyncWriteExt;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Code};
use crate::http::query_pairs;

/// The largest file an import accepts.
pub const MAX_UPLOAD: usize = 512 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/imports",
            post(start)
                .get(list)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/v1/imports/{id}", get(show))
        .route("/v1/imports/{id}/errors", get(errors))
        .route("/v1/imports/{id}/retry", post(retry))
}

/// One problem in an import's file.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportErrorOut {
    /// The row as a spreadsheet numbers it (the header is row 1), or the line/element.
    pub row: Option<u64>,
    /// The column (or JSON key) as the file names it.
    pub column: Option<String>,
    /// The field of the record it feeds.
    pub field: Option<String>,
    pub reason: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportErrorsPage {
    pub items: Vec<ImportErrorOut>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportList {
    pub items: Vec<ImportView>,
}

fn resource(kind: EntityKind) -> Resource {
    match kind {
        EntityKind::Candidates => Resource::Candidate,
        EntityKind::Requirements => Resource::Requirement,
        EntityKind::Companies => Resource::Company,
        EntityKind::Contacts => Resource::Contact,
    }
}

fn require(caller: &Caller, kind: EntityKind, action: Action) -> ApiResult<()> {
    if caller.role.permits(resource(kind), action) {
        Ok(())
    } else {
        Err(ApiError::new(
            Code::Forbidden,
            format!("the role {} may not import {}", caller.role, kind.as_str()),
        ))
    }
}

fn job_id(raw: &str) -> ApiResult<JobId> {
    JobId::parse(raw).map_err(|_| ApiError::not_found("import"))
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Invalid { field, message } => ApiError::validation(
                hireloop_domain::error::ValidationErrors::single(field, message),
            ),
            ImportError::NotFound => ApiError::not_found("import"),
            ImportError::Conflict(m) => ApiError::new(Code::Conflict, m),
            ImportError::Store(s) => ApiError::from(s),
        }
    }
}

fn bad_form(message: impl Into<String>) -> ApiError {
    ApiError::validation(hireloop_domain::error::ValidationErrors::single(
        "", message,
    ))
}

/// `POST /v1/imports`: multipart form with `file`, `kind`, and optional `mapping`
/// (JSON or TOML) and `format` (csv, json, jsonl, or for requirements greenhouse, lever,
/// ashby).
async fn start(
    caller: Caller,
    State(state): State<AppState>,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let mut form = form.map_err(|e| {
        ApiError::new(
            Code::UnsupportedMediaType,
            format!("send the file as multipart/form-data: {e}"),
        )
    })?;
    let mut kind = None;
    let mut mapping = None;
    let mut format = None;
    let mut upload = None;
    let temp = tempfile::NamedTempFile::new().map_err(ApiError::internal)?;
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| bad_form(format!("the multipart body is malformed: {e}")))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                let file_name = field.file_name().unwrap_or("upload").to_owned();
                let mut out = tokio::fs::File::create(temp.path())
                    .await
                    .map_err(ApiError::internal)?;
                let mut size = 0usize;
                while let Some(chunk) = field.chunk().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        ApiError::new(
                            Code::PayloadTooLarge,
                            format!("the file is larger than {} MiB", MAX_UPLOAD >> 20),
                        )
                    } else {
                        bad_form(format!("reading the file failed: {e}"))
                    }
                })? {
                    size += chunk.len();
                    out.write_all(&chunk).await.map_err(ApiError::internal)?;
                }
                out.flush().await.map_err(ApiError::internal)?;
                upload = Some((file_name, size));
            }
            "kind" | "mapping" | "format" => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| bad_form(format!("field {name}: {e}")))?;
                match name.as_str() {
                    "kind" => kind = Some(text),
                    "mapping" => mapping = Some(text),
                    _ => format = Some(text),
                }
            }
            other => {
                return Err(bad_form(format!(
                    "unknown form field '{other}'; known: file, kind, mapping, format"
                )));
            }
        }
    }
    let kind: EntityKind = kind
        .ok_or_else(|| bad_form("the form field 'kind' is missing (candidates, requirements, companies or contacts)"))?
        .parse()
        .map_err(|e: hireloop_ingest::bulk::UnknownName| {
            ApiError::validation(hireloop_domain::error::ValidationErrors::single(
                "kind",
                format!("'{}' is not candidates, requirements, companies or contacts", e.given),
            ))
        })?;
    require(&caller, kind, Action::Create)?;
    let format: Option<Format> = match format.filter(|f| !f.trim().is_empty()) {
        Some(f) => Some(f.parse().map_err(|_| {
            ApiError::validation(hireloop_domain::error::ValidationErrors::single(
                "format",
                format!("'{f}' is not csv, tsv, json, jsonl, greenhouse, lever or ashby"),
            ))
        })?),
        None => None,
    };
    let (name, size) = upload.ok_or_else(|| bad_form("the form field 'file' is missing"))?;
    if size == 0 {
        return Err(ApiError::validation(
            hireloop_domain::error::ValidationErrors::single("file", format!("{name} is empty")),
        ));
    }
    let stored = state
        .ingest
        .files()
        .put_path(temp.path())
        .await
        .map_err(ApiError::from)?;
    let (view, created) = state
        .ingest
        .start_import(
            &caller.scope(),
            ImportRequest {
                kind,
                file: stored,
                name,
                mapping: mapping.filter(|m| !m.trim().is_empty()),
                format,
                today: Utc::now().date_naive(),
            },
        )
        .await?;
    state.wake_worker.notify_one();
    let status = if created {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&format!("/v1/imports/{}", view.id)) {
        headers.insert(header::LOCATION, v);
    }
    Ok((status, headers, axum::Json(view)).into_response())
}

async fn list(caller: Caller, State(state): State<AppState>) -> ApiResult<Response> {
    let items = state.ingest.imports(&caller.scope(), 100).await?;
    let items = items
        .into_iter()
        .filter(|v| {
            v.kind
                .parse()
                .is_ok_and(|k| caller.role.permits(resource(k), Action::Read))
        })
        .collect();
    Ok(axum::Json(ImportList { items }).into_response())
}

async fn visible(state: &AppState, caller: &Caller, id: &str) -> ApiResult<ImportView> {
    let view = state.ingest.import(&caller.scope(), job_id(id)?).await?;
    let kind: EntityKind = view
        .kind
        .parse()
        .map_err(|_| ApiError::not_found("import"))?;
    require(caller, kind, Action::Read)?;
    Ok(view)
}

/// `GET /v1/imports/{id}`: status, progress, counts and the first problems.
async fn show(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let view = visible(&state, &caller, &id).await?;
    Ok(axum::Json(view).into_response())
}

/// `GET /v1/imports/{id}/errors`: the error report, paged JSON, or the whole report as
/// CSV with `?format=csv` (cells that a spreadsheet would run as formulas neutralised).
async fn errors(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let view = visible(&state, &caller, &id).await?;
    let mut csv = false;
    let mut after = 0i64;
    let mut limit = 100u32;
    for (k, v) in query_pairs(raw.as_deref())? {
        match k.as_str() {
            "format" if v == "csv" => csv = true,
            "format" if v == "json" => csv = false,
            "cursor" => {
                after = v.parse().map_err(|_| {
                    ApiError::new(Code::InvalidQuery, "cursor is not one this server issued")
                })?
            }
            "limit" => limit = crate::http::limit_param(&v, 1000)?,
            other => {
                return Err(ApiError::new(
                    Code::InvalidQuery,
                    format!(
                        "unknown or invalid query parameter '{other}={v}'; known: format=csv|json, cursor, limit"
                    ),
                ));
            }
        }
    }
    let job = job_id(&view.id)?;
    if csv {
        let mut all = Vec::new();
        let mut cursor = 0;
        loop {
            let page = state
                .ingest
                .import_errors(&caller.scope(), job, cursor, 1000)
                .await?;
            let Some(last) = page.last() else { break };
            cursor = last.0;
            all.extend(page.into_iter().map(|(_, e)| RowError {
                row: e.row.unwrap_or_default(),
                column: e.column,
                field: e.field,
                reason: e.reason,
            }));
        }
        let mut body = Vec::new();
        write_error_report(&all, &mut body).map_err(ApiError::internal)?;
        let disposition = format!("attachment; filename=\"import-{}-errors.csv\"", view.id);
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            body,
        )
            .into_response());
    }
    let page = state
        .ingest
        .import_errors(&caller.scope(), job, after, limit)
        .await?;
    let next_cursor = (page.len() == limit as usize)
        .then(|| page.last().map(|(seq, _)| seq.to_string()))
        .flatten();
    let items = page
        .into_iter()
        .map(|(_, e)| ImportErrorOut {
            row: e.row,
            column: e.column,
            field: e.field,
            reason: e.reason,
        })
        .collect();
    Ok(axum::Json(ImportErrorsPage { items, next_cursor }).into_response())
}

/// `POST /v1/imports/{id}/retry`: queues a failed import again with the same file.
async fn retry(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let view = visible(&state, &caller, &id).await?;
    let kind: EntityKind = view
        .kind
        .parse()
        .map_err(|_| ApiError::not_found("import"))?;
    require(&caller, kind, Action::Create)?;
    let view = state
        .ingest
        .retry_import(&caller.scope(), job_id(&view.id)?)
        .await?;
    state.wake_worker.notify_one();
    Ok((StatusCode::ACCEPTED, axum::Json(view)).into_response())
}
