//! Suggested merges of duplicate people, and merging: `GET /v1/duplicates`,
//! `GET /v1/duplicates/{id}`, `POST /v1/duplicates/{id}/merge`,
//! `POST /v1/duplicates/{id}/dismiss`, and `POST /v1/{candidates|contacts}/{id}/merge`
//! for two records a person picked themselves.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hireloop_domain::auth::Action;
use hireloop_domain::entities::{Candidate, Contact};
use hireloop_engine::merge::MergeChoice;
use hireloop_store::{Duplicate, Entity, Merged, micros_to_rfc3339};
use serde_json::{Value, json};
use uuid::Uuid;

use super::records::ApiEntity;
use crate::AppState;
use crate::auth::{Allow, Caller, Delete, resource_of};
use crate::error::{ApiError, ApiResult, Code};
use crate::http::{JsonBody, if_match, query_pairs, render_record};
use crate::idempotency::idempotent;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/duplicates", get(list))
        .route("/v1/duplicates/{id}", get(show))
        .route("/v1/duplicates/{id}/merge", post(merge_suggested))
        .route("/v1/duplicates/{id}/dismiss", post(dismiss))
        .route("/v1/candidates/{id}/merge", post(merge_pair::<Candidate>))
        .route("/v1/contacts/{id}/merge", post(merge_pair::<Contact>))
}

fn require(caller: &Caller, entity: Entity, action: Action) -> ApiResult<()> {
    if caller.role.permits(resource_of(entity), action) {
        Ok(())
    } else {
        Err(ApiError::new(
            Code::Forbidden,
            format!(
                "your role may not {} {} records",
                match action {
                    Action::Read => "read",
                    Action::Create => "create",
                    Action::Update => "update",
                    Action::Delete => "merge (which deletes one of)",
                },
                entity.name()
            ),
        ))
    }
}

/// A suggestion as the API shows it.
fn view(d: &Duplicate) -> Value {
    json!({
        "id": d.id,
        "entity": d.entity.name(),
        "a": d.a,
        "b": d.b,
        "score": f64::from(d.score) / 1000.0,
        "reasons": d.reasons,
        "status": d.status,
        "created_at": micros_to_rfc3339(d.created_at),
        "resolved_at": d.resolved_at.map(micros_to_rfc3339),
        "resolved_by": d.resolved_by,
    })
}

fn record_value(r: &hireloop_store::Record) -> Value {
    let mut s = String::with_capacity(r.data.len() + 256);
    render_record(&mut s, r);
    serde_json::from_str(&s).unwrap_or(Value::Null)
}

fn merged_view(m: &Merged, suggestion: Option<&Duplicate>) -> Value {
    json!({
        "survivor": record_value(&m.survivor),
        "merged": record_value(&m.merged),
        "documents_moved": m.documents_moved,
        "suggestions_moved": m.suggestions_moved,
        "suggestion": suggestion.map(view),
    })
}

fn parse_id(raw: &str, what: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found(what))
}

const MAX_LIMIT: u32 = 200;

/// `?entity=candidate|contact&status=open|merged|dismissed&cursor=&limit=`.
async fn list(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let mut entity = Entity::Candidate;
    let mut status = "open".to_owned();
    let mut cursor = None;
    let mut limit = 50;
    for (k, v) in query_pairs(raw.as_deref())? {
        match k.as_str() {
            "entity" => {
                entity = match v.as_str() {
                    "candidate" | "candidates" => Entity::Candidate,
                    "contact" | "contacts" => Entity::Contact,
                    other => {
                        return Err(ApiError::new(
                            Code::InvalidQuery,
                            format!("entity '{other}' has no duplicates; use candidate or contact"),
                        ));
                    }
                }
            }
            "status" => {
                if !matches!(v.as_str(), "open" | "merged" | "dismissed") {
                    return Err(ApiError::new(
                        Code::InvalidQuery,
                        format!("status '{v}' is not open, merged or dismissed"),
                    ));
                }
                status = v;
            }
            "cursor" => {
                cursor = Some(Uuid::parse_str(&v).map_err(|_| {
                    ApiError::new(
                        Code::InvalidQuery,
                        format!("cursor '{v}' is not one we gave"),
                    )
                })?);
            }
            "limit" => {
                limit = crate::http::limit_param(&v, MAX_LIMIT)?;
            }
            other => {
                return Err(ApiError::new(
                    Code::InvalidQuery,
                    format!(
                        "unknown query parameter '{other}'; known: entity, status, cursor, limit"
                    ),
                ));
            }
        }
    }
    require(&caller, entity, Action::Read)?;
    let items = state
        .records
        .store()
        .list_duplicates(&caller.scope(), entity, &status, cursor, limit + 1)
        .await?;
    let more = items.len() > limit as usize;
    let items: Vec<&Duplicate> = items.iter().take(limit as usize).collect();
    let next = if more {
        items.last().map(|d| d.id.to_string())
    } else {
        None
    };
    Ok(axum::Json(json!({
        "items": items.iter().map(|d| view(d)).collect::<Vec<_>>(),
        "next_cursor": next,
    }))
    .into_response())
}

async fn find(state: &AppState, caller: &Caller, raw: &str) -> ApiResult<Duplicate> {
    let id = parse_id(raw, "suggestion")?;
    let d = state
        .records
        .store()
        .duplicate(&caller.scope(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("suggestion"))?;
    require(caller, d.entity, Action::Read)?;
    Ok(d)
}

async fn show(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let d = find(&state, &caller, &id).await?;
    Ok(axum::Json(view(&d)).into_response())
}

/// `{"keep": id?, "fields": {…}?}`.
fn merge_body(
    body: &Value,
    keep_allowed: bool,
) -> ApiResult<(Option<Uuid>, MergeChoice, Option<Uuid>)> {
    let Some(o) = body.as_object() else {
        return Err(ApiError::invalid("", "the body must be a JSON object"));
    };
    let mut keep = None;
    let mut from = None;
    let mut choice = MergeChoice::default();
    for (k, v) in o {
        match (k.as_str(), keep_allowed) {
            ("keep", true) => {
                keep = Some(
                    v.as_str()
                        .and_then(|s| Uuid::parse_str(s).ok())
                        .ok_or_else(|| ApiError::invalid("keep", "must be the id of one side"))?,
                );
            }
            ("from", false) => {
                from = Some(
                    v.as_str()
                        .and_then(|s| Uuid::parse_str(s).ok())
                        .ok_or_else(|| {
                            ApiError::invalid("from", "must be the id of the record to merge in")
                        })?,
                );
            }
            ("fields", _) => {
                if !v.is_object() {
                    return Err(ApiError::invalid(
                        "fields",
                        "must be a JSON object of fields",
                    ));
                }
                choice.fields = Some(v.clone());
            }
            (other, _) => {
                let known = if keep_allowed {
                    "keep, fields"
                } else {
                    "from, fields"
                };
                return Err(ApiError::invalid(
                    other,
                    format!("unknown field; known: {known}"),
                ));
            }
        }
    }
    Ok((keep, choice, from))
}

async fn merge_suggested(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(body, bytes): JsonBody,
) -> ApiResult<Response> {
    let d = find(&state, &caller, &id).await?;
    require(&caller, d.entity, Action::Update)?;
    require(&caller, d.entity, Action::Delete)?;
    let (keep, choice, _) = merge_body(&body, true)?;
    let scope = caller.scope();
    let path = format!("/v1/duplicates/{}/merge", d.id);
    idempotent(&state, &scope, &headers, &path, &bytes, async {
        let (dup, merged) = state
            .records
            .merge_suggestion(&scope, d.id, keep, &choice)
            .await?;
        Ok(axum::Json(merged_view(&merged, Some(&dup))).into_response())
    })
    .await
}

async fn dismiss(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let d = find(&state, &caller, &id).await?;
    require(&caller, d.entity, Action::Update)?;
    let d = state
        .records
        .dismiss_suggestion(&caller.scope(), d.id)
        .await?;
    Ok(axum::Json(view(&d)).into_response())
}

/// `POST /v1/{candidates|contacts}/{id}/merge` with `{"from": other_id, "fields": …}`;
/// `If-Match` guards the survivor's version.
async fn merge_pair<E: ApiEntity>(
    allow: Allow<E, Delete>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(body, bytes): JsonBody,
) -> ApiResult<Response> {
    require(&allow.caller, E::ENTITY, Action::Update)?;
    let survivor = parse_id(&id, E::KIND)?;
    let (_, mut choice, from) = merge_body(&body, false)?;
    let from = from.ok_or_else(|| {
        ApiError::invalid("from", "is required: the id of the record to merge in")
    })?;
    choice.survivor_version = if_match(&headers)?;
    let scope = allow.scope();
    let path = format!("/v1/{}/{survivor}/merge", E::PLURAL);
    idempotent(&state, &scope, &headers, &path, &bytes, async {
        let merged = state
            .records
            .merge::<E>(&scope, survivor, from, &choice)
            .await?;
        Ok(axum::Json(merged_view(&merged, None)).into_response())
    })
    .await
}
