//! The review queue over HTTP: `GET /v1/reviews`, `POST
//! /v1/requirements/{id}/reviews/refresh`, `POST /v1/reviews/{id}/approve|reject|defer`
//! and `POST /v1/reviews/bulk`.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hireloop_domain::auth::{Action, Resource};
use hireloop_domain::pipeline::Stage;
use hireloop_store::{REVIEW_STATUSES, Review, ReviewQuery, micros_to_rfc3339};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::matching::{matcher, not_found_as, options, recommendations_view};
use super::pipeline::{body_as, permit, submission_view};
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Code};
use crate::http::{JsonBody, query_pairs};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/reviews", get(list))
        .route("/v1/reviews/bulk", post(bulk))
        .route("/v1/reviews/{id}/approve", post(approve))
        .route("/v1/reviews/{id}/reject", post(reject))
        .route("/v1/reviews/{id}/defer", post(defer))
        .route("/v1/requirements/{id}/reviews/refresh", post(refresh))
}

pub(crate) fn review_view(r: &Review) -> Value {
    json!({
        "id": r.id,
        "requirement_id": r.requirement_id,
        "candidate_id": r.candidate_id,
        "company_id": r.company_id,
        "score": f64::from(r.score) / 1000.0,
        "status": r.status,
        "reason": r.reason,
        "run_id": r.run_id,
        "submission_id": r.submission_id,
        "version": r.version,
        "created_at": micros_to_rfc3339(r.created_at),
        "updated_at": micros_to_rfc3339(r.updated_at),
        "decided_by": r.decided_by,
    })
}

fn bad_query(m: String) -> ApiError {
    ApiError::new(Code::InvalidQuery, m)
}

/// `?requirement_id=&status=&cursor=&limit=`: best score first.
async fn list(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Read)?;
    let mut q = ReviewQuery {
        limit: 50,
        ..ReviewQuery::default()
    };
    for (k, v) in query_pairs(raw.as_deref())? {
        match k.as_str() {
            "requirement_id" => {
                q.requirement_id = Some(
                    Uuid::parse_str(&v)
                        .map_err(|_| bad_query(format!("requirement_id '{v}' is not an id")))?,
                );
            }
            "status" => {
                if !REVIEW_STATUSES.contains(&v.as_str()) {
                    return Err(bad_query(format!(
                        "status '{v}' is not one of {}",
                        REVIEW_STATUSES.join(", ")
                    )));
                }
                q.status = Some(v);
            }
            "cursor" => {
                let bad = || bad_query(format!("cursor '{v}' is not one we gave"));
                let (score, id) = v.split_once('_').ok_or_else(bad)?;
                q.after = Some((
                    score.parse().map_err(|_| bad())?,
                    Uuid::parse_str(id).map_err(|_| bad())?,
                ));
            }
            "limit" => {
                q.limit = crate::http::limit_param(&v, 200)?;
            }
            other => {
                return Err(bad_query(format!(
                    "unknown query parameter '{other}'; known: requirement_id, status, cursor, limit"
                )));
            }
        }
    }
    let limit = q.limit as usize;
    q.limit += 1;
    let items = state
        .records
        .store()
        .list_reviews(&caller.scope(), &q)
        .await?;
    let next = (items.len() > limit)
        .then(|| {
            items
                .get(limit - 1)
                .map(|r| format!("{}_{}", r.score, r.id))
        })
        .flatten();
    Ok(axum::Json(json!({
        "items": items.iter().take(limit).map(review_view).collect::<Vec<_>>(),
        "next_cursor": next,
    }))
    .into_response())
}

/// Ranks candidates for the requirement now and queues those at or above the tenant's
/// threshold; takes the recommendation query parameters (`topK`, `pool`, `weights`, …).
async fn refresh(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Create)?;
    permit(&caller, Resource::Candidate, Action::Read)?;
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::not_found("requirement"))?;
    let (mut opts, explain, threshold) = options(&state, &caller, raw.as_deref()).await?;
    opts.record = true;
    let (recs, added) = matcher(&state)
        .refresh_queue(&caller.scope(), id, &opts, threshold)
        .await
        .map_err(|e| not_found_as(e, "requirement"))?;
    let mut body = recommendations_view(&recs, &opts, explain);
    body["queued"] = json!(added);
    body["threshold"] = json!(threshold);
    Ok(axum::Json(body).into_response())
}

fn review_id(raw: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found("review"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApproveBody {
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

fn start_stage(s: Option<&str>) -> ApiResult<Stage> {
    match s {
        None => Ok(Stage::Draft),
        Some(s) => match Stage::parse(s) {
            Ok(st @ (Stage::Draft | Stage::Submitted)) => Ok(st),
            _ => Err(ApiError::invalid(
                "stage",
                format!("an approved review starts a submission as draft or submitted, not '{s}'"),
            )),
        },
    }
}

async fn approve_one(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    stage: Stage,
    note: Option<String>,
) -> ApiResult<Value> {
    let (review, submission) = matcher(state)
        .approve(&caller.scope(), id, stage, note)
        .await
        .map_err(|e| not_found_as(e, "review"))?;
    Ok(json!({"review": review_view(&review), "submission": submission_view(&submission)}))
}

async fn approve(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Create)?;
    let id = review_id(&id)?;
    let b: ApproveBody = body_as(body)?;
    let stage = start_stage(b.stage.as_deref())?;
    let v = approve_one(&state, &caller, id, stage, b.note).await?;
    Ok((StatusCode::CREATED, axum::Json(v)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonBody {
    #[serde(default)]
    reason: Option<String>,
}

async fn reject(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Update)?;
    let id = review_id(&id)?;
    let b: ReasonBody = body_as(body)?;
    let r = matcher(&state)
        .reject(&caller.scope(), id, b.reason.as_deref().unwrap_or(""))
        .await
        .map_err(|e| not_found_as(e, "review"))?;
    Ok(axum::Json(review_view(&r)).into_response())
}

async fn defer(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Update)?;
    let id = review_id(&id)?;
    let b: ReasonBody = body_as(body)?;
    let r = matcher(&state)
        .defer(&caller.scope(), id, b.reason.as_deref())
        .await
        .map_err(|e| not_found_as(e, "review"))?;
    Ok(axum::Json(review_view(&r)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkBody {
    ids: Vec<Uuid>,
    action: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    stage: Option<String>,
}

const MAX_BULK: usize = 200;

/// `{"ids": [...], "action": "approve" | "reject" | "defer", "reason"?, "stage"?}`:
/// each id is decided on its own; the answer gives each one's status and result or
/// error, so one refusal (a blacklisted pair, a review already decided) loses nothing.
async fn bulk(
    caller: Caller,
    State(state): State<AppState>,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    let b: BulkBody = body_as(body)?;
    let action = b.action.as_str();
    match action {
        "approve" => permit(&caller, Resource::Pipeline, Action::Create)?,
        "reject" | "defer" => permit(&caller, Resource::Pipeline, Action::Update)?,
        other => {
            return Err(ApiError::invalid(
                "action",
                format!("'{other}' is not approve, reject or defer"),
            ));
        }
    }
    if b.ids.is_empty() || b.ids.len() > MAX_BULK {
        return Err(ApiError::invalid(
            "ids",
            format!("give 1 to {MAX_BULK} review ids, not {}", b.ids.len()),
        ));
    }
    if action == "reject" && b.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Err(ApiError::invalid(
            "reason",
            "is required to reject: say why these candidates do not fit",
        ));
    }
    let stage = start_stage(b.stage.as_deref())?;
    let m = matcher(&state);
    let scope = caller.scope();
    let mut results = Vec::with_capacity(b.ids.len());
    for id in &b.ids {
        let outcome: ApiResult<Value> = match action {
            "approve" => approve_one(&state, &caller, *id, stage, None).await,
            "reject" => m
                .reject(&scope, *id, b.reason.as_deref().unwrap_or(""))
                .await
                .map(|r| json!({"review": review_view(&r)}))
                .map_err(|e| not_found_as(e, "review")),
            _ => m
                .defer(&scope, *id, b.reason.as_deref())
                .await
                .map(|r| json!({"review": review_view(&r)}))
                .map_err(|e| not_found_as(e, "review")),
        };
        results.push(match outcome {
            Ok(mut v) => {
                v["id"] = json!(id);
                v["status"] = json!(if action == "approve" { 201 } else { 200 });
                v
            }
            Err(e) => {
                let (status, body) = e.parts();
                json!({"id": id, "status": status, "error": body})
            }
        });
    }
    Ok(axum::Json(json!({ "results": results })).into_response())
}
