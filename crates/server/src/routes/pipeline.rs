//! The pipeline over HTTP: `POST /v1/requirements/{id}/submit`, `/v1/submissions` (list,
//! show with its timeline, move through the stage machine), `/v1/activities` and
//! `/v1/companies/{id}/blacklist`.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use chrono::{DateTime, Utc};
use hireloop_domain::auth::{Action, Resource};
use hireloop_domain::entities::Company;
use hireloop_domain::pipeline::{Interview, Move, Placement, Stage};
use hireloop_engine::pipeline::{Pipeline, SubmitRequest};
use hireloop_store::{
    Activity, Blacklisting, Entity, NewActivity, Submission, SubmissionEvent, SubmissionQuery,
    micros_to_rfc3339,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Allow, Caller, Read, Update, resource_of};
use crate::error::{ApiError, ApiResult, Code};
use crate::http::{JsonBody, etag, if_match, query_pairs};
use crate::idempotency::idempotent;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/requirements/{id}/submit", post(submit))
        .route("/v1/submissions", get(list))
        .route("/v1/submissions/{id}", get(show))
        .route("/v1/submissions/{id}/move", post(move_to))
        .route("/v1/activities", get(activities).post(add_activity))
        .route(
            "/v1/companies/{id}/blacklist",
            get(blacklist).post(add_blacklist),
        )
        .route(
            "/v1/companies/{id}/blacklist/{candidate_id}",
            delete(remove_blacklist),
        )
}

fn pipeline(state: &AppState) -> Pipeline {
    Pipeline::new(state.records.store().clone())
}

pub(crate) fn permit(caller: &Caller, resource: Resource, action: Action) -> ApiResult<()> {
    if caller.role.permits(resource, action) {
        return Ok(());
    }
    Err(ApiError::new(
        Code::Forbidden,
        format!(
            "the {} role may not {action:?} {resource:?} records",
            caller.role
        )
        .to_lowercase(),
    ))
}

fn parse_id(raw: &str, what: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found(what))
}

/// A body into `T`, with unknown and mistyped fields named by their path.
pub(crate) fn body_as<T: DeserializeOwned>(body: Value) -> ApiResult<T> {
    if !body.is_object() {
        return Err(ApiError::invalid("", "the body must be a JSON object"));
    }
    serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = e.into_inner().to_string();
        let message = inner
            .rsplit_once(" at line ")
            .map_or(inner.as_str(), |(m, _)| m)
            .to_owned();
        ApiError::invalid(&path, message)
    })
}

fn score_of(per_mille: Option<u16>) -> Value {
    per_mille.map_or(Value::Null, |s| json!(f64::from(s) / 1000.0))
}

pub(crate) fn submission_view(s: &Submission) -> Value {
    json!({
        "id": s.id,
        "candidate_id": s.candidate_id,
        "requirement_id": s.requirement_id,
        "company_id": s.company_id,
        "stage": s.stage,
        "next_stages": s.stage.next(),
        "rounds": s.rounds,
        "placement": s.placement,
        "score": score_of(s.score),
        "source": s.source,
        "version": s.version,
        "created_at": micros_to_rfc3339(s.created_at),
        "updated_at": micros_to_rfc3339(s.updated_at),
        "created_by": s.created_by,
        "updated_by": s.updated_by,
    })
}

fn event_view(e: &SubmissionEvent) -> Value {
    let mut v = json!({
        "id": e.id,
        "from": e.from,
        "to": e.to,
        "reason": e.reason,
        "at": micros_to_rfc3339(e.at),
        "actor": e.actor,
    });
    if let (Some(o), Some(d)) = (v.as_object_mut(), e.detail.as_object()) {
        for (k, val) in d {
            o.insert(k.clone(), val.clone());
        }
    }
    v
}

fn with_etag(status: StatusCode, version: i64, body: Value) -> Response {
    let mut r = (status, axum::Json(body)).into_response();
    r.headers_mut().insert(header::ETAG, etag(version));
    r
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubmitBody {
    candidate_id: Uuid,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    note: Option<String>,
    /// A match score in [0, 1] when the submission follows a recommendation.
    #[serde(default)]
    score: Option<f64>,
}

async fn submit(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(body, bytes): JsonBody,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Create)?;
    let requirement = parse_id(&id, "requirement")?;
    let b: SubmitBody = body_as(body)?;
    let stage = match b.stage.as_deref() {
        None => Stage::Submitted,
        Some(s) => match Stage::parse(s) {
            Ok(st @ (Stage::Draft | Stage::Submitted)) => st,
            _ => {
                return Err(ApiError::invalid(
                    "stage",
                    format!("a submission starts as draft or submitted, not '{s}'"),
                ));
            }
        },
    };
    let score = match b.score {
        None => None,
        Some(s) if (0.0..=1.0).contains(&s) => Some(hireloop_engine::recommend::per_mille(s)),
        Some(s) => return Err(ApiError::invalid("score", format!("{s} is not in [0, 1]"))),
    };
    let scope = caller.scope();
    let path = format!("/v1/requirements/{requirement}/submit");
    idempotent(&state, &scope, &headers, &path, &bytes, async {
        let req = SubmitRequest {
            requirement_id: requirement,
            candidate_id: b.candidate_id,
            stage,
            score,
            source: if score.is_some() { "match" } else { "manual" }.to_owned(),
            note: b.note.clone().filter(|n| !n.trim().is_empty()),
        };
        let s = pipeline(&state).submit(&scope, &req).await?;
        let mut r = with_etag(StatusCode::CREATED, s.version, submission_view(&s));
        if let Ok(loc) = HeaderValue::from_str(&format!("/v1/submissions/{}", s.id)) {
            r.headers_mut().insert(header::LOCATION, loc);
        }
        Ok(r)
    })
    .await
}

const MAX_LIMIT: u32 = 200;

fn query_id(name: &str, v: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(v)
        .map_err(|_| ApiError::new(Code::InvalidQuery, format!("{name} '{v}' is not an id")))
}

/// `?requirement_id=&candidate_id=&stage=&cursor=&limit=`, newest first, with the
/// tenant's counts by stage.
async fn list(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Read)?;
    let mut q = SubmissionQuery {
        limit: 50,
        ..SubmissionQuery::default()
    };
    for (k, v) in query_pairs(raw.as_deref())? {
        match k.as_str() {
            "requirement_id" => q.requirement_id = Some(query_id(&k, &v)?),
            "candidate_id" => q.candidate_id = Some(query_id(&k, &v)?),
            "stage" => {
                q.stage = Some(
                    Stage::parse(&v)
                        .map_err(|e| ApiError::new(Code::InvalidQuery, e.to_string()))?,
                );
            }
            "cursor" => q.before = Some(query_id("cursor", &v)?),
            "limit" => q.limit = crate::http::limit_param(&v, MAX_LIMIT)?,
            other => {
                return Err(ApiError::new(
                    Code::InvalidQuery,
                    format!(
                        "unknown query parameter '{other}'; known: requirement_id, \
                         candidate_id, stage, cursor, limit"
                    ),
                ));
            }
        }
    }
    let limit = q.limit as usize;
    q.limit += 1;
    let store = state.records.store();
    let scope = caller.scope();
    let items = store.list_submissions(&scope, &q).await?;
    let next = (items.len() > limit)
        .then(|| items.get(limit - 1).map(|s| s.id.to_string()))
        .flatten();
    let counts: serde_json::Map<String, Value> = store
        .submission_counts(&scope)
        .await?
        .into_iter()
        .map(|(stage, n)| (stage.as_str().to_owned(), json!(n)))
        .collect();
    Ok(axum::Json(json!({
        "items": items.iter().take(limit).map(submission_view).collect::<Vec<_>>(),
        "next_cursor": next,
        "counts": counts,
    }))
    .into_response())
}

async fn show(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Read)?;
    let id = parse_id(&id, "submission")?;
    let store = state.records.store();
    let scope = caller.scope();
    let s = store
        .submission(&scope, id)
        .await?
        .ok_or_else(|| ApiError::not_found("submission"))?;
    let events = store.submission_events(&scope, id).await?;
    let mut body = submission_view(&s);
    body["events"] = Value::from(events.iter().map(event_view).collect::<Vec<_>>());
    Ok(with_etag(StatusCode::OK, s.version, body))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InterviewBody {
    at: DateTime<Utc>,
    #[serde(default)]
    round: Option<u32>,
    #[serde(default)]
    kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveBody {
    to: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    interview: Option<InterviewBody>,
    #[serde(default)]
    placement: Option<Placement>,
}

/// `{"to": stage, "reason"?, "interview"?: {"at", "round"?, "kind"?}, "placement"?:
/// {"start_date", "end_date"?, "bill_rate"?, "pay_rate"?, "rate_unit"?}}` with
/// `If-Match`. A move the stage machine refuses is a 422 naming the field.
async fn move_to(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(body, bytes): JsonBody,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Update)?;
    let id = parse_id(&id, "submission")?;
    let b: MoveBody = body_as(body)?;
    let to = Stage::parse(&b.to).map_err(|e| ApiError::invalid("to", e.to_string()))?;
    let expected = if_match(&headers)?;
    let scope = caller.scope();
    let path = format!("/v1/submissions/{id}/move");
    idempotent(&state, &scope, &headers, &path, &bytes, async {
        let s = pipeline(&state)
            .move_to(&scope, id, expected, to, |rounds| Move {
                reason: b.reason.clone().map(|r| r.trim().to_owned()),
                interview: b.interview.as_ref().map(|i| Interview {
                    round: i.round.unwrap_or(rounds + 1),
                    at: i.at,
                    kind: i.kind.clone(),
                }),
                placement: b.placement.clone(),
            })
            .await?;
        Ok(with_etag(StatusCode::OK, s.version, submission_view(&s)))
    })
    .await
}

fn activity_view(a: &Activity) -> Value {
    json!({
        "id": a.id,
        "entity": a.entity,
        "entity_id": a.entity_id,
        "kind": a.kind,
        "subject": a.subject,
        "body": a.body,
        "at": micros_to_rfc3339(a.at),
        "created_at": micros_to_rfc3339(a.created_at),
        "actor": a.actor,
    })
}

/// The permission-matrix resource of an activity's record.
fn resource_named(entity: &str) -> ApiResult<Resource> {
    if entity == "submission" {
        return Ok(Resource::Pipeline);
    }
    Entity::ALL
        .into_iter()
        .find(|e| e.name() == entity)
        .map(resource_of)
        .ok_or_else(|| {
            ApiError::invalid(
                "entity",
                format!(
                    "'{entity}' is not one of {}",
                    hireloop_store::ACTIVITY_ENTITIES.join(", ")
                ),
            )
        })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityBody {
    entity: String,
    entity_id: Uuid,
    kind: String,
    #[serde(default)]
    subject: Option<String>,
    body: String,
    #[serde(default)]
    at: Option<DateTime<Utc>>,
}

async fn add_activity(
    caller: Caller,
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body, bytes): JsonBody,
) -> ApiResult<Response> {
    permit(&caller, Resource::Pipeline, Action::Create)?;
    let b: ActivityBody = body_as(body)?;
    permit(&caller, resource_named(&b.entity)?, Action::Read)?;
    if !hireloop_store::ACTIVITY_KINDS.contains(&b.kind.as_str()) {
        return Err(ApiError::invalid(
            "kind",
            format!(
                "'{}' is not one of {}",
                b.kind,
                hireloop_store::ACTIVITY_KINDS.join(", ")
            ),
        ));
    }
    if b.body.trim().is_empty() {
        return Err(ApiError::invalid("body", "must not be empty"));
    }
    let scope = caller.scope();
    idempotent(&state, &scope, &headers, "/v1/activities", &bytes, async {
        let new = NewActivity {
            entity: b.entity.clone(),
            entity_id: b.entity_id,
            kind: b.kind.clone(),
            subject: b.subject.clone().filter(|s| !s.trim().is_empty()),
            body: b.body.trim().to_owned(),
            at: b.at.map(|t| t.timestamp_micros()),
        };
        let a = pipeline(&state).add_activity(&scope, &new).await?;
        Ok((StatusCode::CREATED, axum::Json(activity_view(&a))).into_response())
    })
    .await
}

/// `?entity=&entity_id=&cursor=&limit=`: a record's timeline, newest first.
async fn activities(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let (mut entity, mut entity_id, mut cursor, mut limit) = (None, None, None, 50);
    for (k, v) in query_pairs(raw.as_deref())? {
        match k.as_str() {
            "entity" => entity = Some(v),
            "entity_id" => entity_id = Some(query_id("entity_id", &v)?),
            "cursor" => {
                let bad = || {
                    ApiError::new(
                        Code::InvalidQuery,
                        format!("cursor '{v}' is not one we gave"),
                    )
                };
                let (at, id) = v.split_once('_').ok_or_else(bad)?;
                cursor = Some((
                    at.parse::<i64>().map_err(|_| bad())?,
                    Uuid::parse_str(id).map_err(|_| bad())?,
                ));
            }
            "limit" => limit = crate::http::limit_param(&v, MAX_LIMIT)?,
            other => {
                return Err(ApiError::new(
                    Code::InvalidQuery,
                    format!(
                        "unknown query parameter '{other}'; known: entity, entity_id, cursor, limit"
                    ),
                ));
            }
        }
    }
    let (Some(entity), Some(entity_id)) = (entity, entity_id) else {
        return Err(ApiError::new(
            Code::InvalidQuery,
            "entity and entity_id are required: whose timeline?",
        ));
    };
    let resource = resource_named(&entity).map_err(|_| {
        ApiError::new(
            Code::InvalidQuery,
            format!("entity '{entity}' has no timeline"),
        )
    })?;
    permit(&caller, resource, Action::Read)?;
    let items = state
        .records
        .store()
        .activities_of(&caller.scope(), &entity, entity_id, cursor, limit + 1)
        .await?;
    let more = items.len() > limit as usize;
    let items = &items[..items.len().min(limit as usize)];
    let next = if more {
        items.last().map(|a| format!("{}_{}", a.at, a.id))
    } else {
        None
    };
    Ok(axum::Json(json!({
        "items": items.iter().map(activity_view).collect::<Vec<_>>(),
        "next_cursor": next,
    }))
    .into_response())
}

fn blacklisting_view(b: &Blacklisting) -> Value {
    json!({
        "company_id": b.company_id,
        "candidate_id": b.candidate_id,
        "reason": b.reason,
        "created_at": micros_to_rfc3339(b.created_at),
        "created_by": b.created_by,
    })
}

async fn blacklist(
    allow: Allow<Company, Read>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let company = parse_id(&id, "company")?;
    let scope = allow.scope();
    let store = state.records.store();
    if store.get(&scope, Entity::Company, company).await?.is_none() {
        return Err(ApiError::not_found("company"));
    }
    let items = store.blacklist_of(&scope, company).await?;
    Ok(axum::Json(json!({
        "items": items.iter().map(blacklisting_view).collect::<Vec<_>>(),
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlacklistBody {
    candidate_id: Uuid,
    reason: String,
}

async fn add_blacklist(
    allow: Allow<Company, Update>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    let company = parse_id(&id, "company")?;
    let b: BlacklistBody = body_as(body)?;
    let entry = pipeline(&state)
        .blacklist(&allow.scope(), company, b.candidate_id, &b.reason)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(blacklisting_view(&entry))).into_response())
}

async fn remove_blacklist(
    allow: Allow<Company, Update>,
    State(state): State<AppState>,
    Path((id, candidate)): Path<(String, String)>,
) -> ApiResult<Response> {
    let company = parse_id(&id, "company")?;
    let candidate = parse_id(&candidate, "blacklisting")?;
    state
        .records
        .store()
        .unblacklist(&allow.scope(), company, candidate)
        .await
        .map_err(|e| match e {
            hireloop_store::StoreError::NotFound => ApiError::not_found("blacklisting"),
            other => other.into(),
        })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
