//! Matching over HTTP: `GET /v1/requirements/{id}/recommendations`,
//! `GET /v1/candidates/{id}/recommendations`, `GET /v1/candidates/{id}/similar` (the
//! people most like a person), `POST /v1/ai/match-score`, the match runs
//! they record (`GET /v1/match-runs`, `GET /v1/match-runs/{id}`) and the tenant's
//! matching settings (`GET`/`PUT /v1/settings/matching`).

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use hireloop_domain::auth::{Action, Resource};
use hireloop_domain::entities::{Candidate, Requirement};
use hireloop_engine::matching::{Explained, Weights};
use hireloop_engine::recommend::settings::{MatchSettings, parse_weights};
use hireloop_engine::recommend::{
    DEFAULT_POOL, MAX_POOL, MAX_TOP_K, Matcher, Options, PairInput, Ranked, RecommendError,
    Recommendations,
};
use hireloop_engine::search::SearchFailure;
use hireloop_store::{MatchRun, micros_to_rfc3339};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::pipeline::permit;
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Code};
use crate::http::{JsonBody, etag, if_match, query_pairs};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/requirements/{id}/recommendations",
            get(for_requirement),
        )
        .route("/v1/candidates/{id}/recommendations", get(for_candidate))
        .route("/v1/candidates/{id}/similar", get(similar))
        .route("/v1/ai/match-score", post(match_score))
        .route("/v1/match-runs", get(runs))
        .route("/v1/match-runs/{id}", get(run))
        .route("/v1/settings/matching", get(settings).put(put_settings))
}

pub(crate) fn matcher(state: &AppState) -> Matcher {
    Matcher::new(
        state.records.store().clone(),
        state.search.clone(),
        state.embedders.clone(),
    )
    .with_profiles(state.profiles.clone())
}

impl From<RecommendError> for ApiError {
    fn from(e: RecommendError) -> Self {
        match e {
            RecommendError::Record(r) => r.into(),
            RecommendError::Unavailable(m) => ApiError::new(Code::Unavailable, m),
            RecommendError::Search(SearchFailure::Unavailable(m)) => {
                ApiError::new(Code::Unavailable, m)
            }
            RecommendError::Search(SearchFailure::Store(s)) => s.into(),
            RecommendError::Search(other) => ApiError::internal(anyhow::anyhow!(other.to_string())),
        }
    }
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// `topK` (1–100, default 10), `explain` (default true), `pool` (1–1000), `weights`
/// (JSON naming all six factors; the tenant's weights otherwise), `asOf` (YYYY-MM-DD,
/// the date availability is judged on; today otherwise), `record` (default true).
/// Also the tenant's review threshold.
pub(crate) async fn options(
    state: &AppState,
    caller: &Caller,
    raw: Option<&str>,
) -> ApiResult<(Options, bool, f64)> {
    let (settings, _) = MatchSettings::load(state.records.store(), &caller.scope()).await?;
    let mut opts = Options::new(settings.weights, today());
    opts.pool = DEFAULT_POOL;
    let mut explain = true;
    let bool_of = |k: &str, v: &str| match v {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(ApiError::new(
            Code::InvalidQuery,
            format!("{k} must be true or false, not '{v}'"),
        )),
    };
    for (k, v) in query_pairs(raw)? {
        match k.as_str() {
            "topK" | "top_k" => {
                opts.top_k = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_TOP_K).contains(n))
                    .ok_or_else(|| {
                        ApiError::new(
                            Code::InvalidQuery,
                            format!("topK must be 1 to {MAX_TOP_K}, not '{v}'"),
                        )
                    })?;
            }
            "pool" => {
                opts.pool = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_POOL).contains(n))
                    .ok_or_else(|| {
                        ApiError::new(
                            Code::InvalidQuery,
                            format!("pool must be 1 to {MAX_POOL}, not '{v}'"),
                        )
                    })?;
            }
            "explain" => explain = bool_of("explain", &v)?,
            "record" => opts.record = bool_of("record", &v)?,
            "asOf" | "as_of" => {
                opts.today = NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| {
                    ApiError::new(
                        Code::InvalidQuery,
                        format!("asOf must be a date (YYYY-MM-DD), not '{v}'"),
                    )
                })?;
            }
            "weights" => {
                let json: Value = serde_json::from_str(&v).map_err(|e| {
                    ApiError::new(Code::InvalidQuery, format!("weights is not JSON: {e}"))
                })?;
                opts.weights = parse_weights(&json, "weights")?;
            }
            other => {
                return Err(ApiError::new(
                    Code::InvalidQuery,
                    format!(
                        "unknown query parameter '{other}'; known: topK, explain, pool, weights, \
                         asOf, record"
                    ),
                ));
            }
        }
    }
    Ok((opts, explain, settings.review_threshold))
}

pub(crate) fn explained_view(e: &Explained, explain: bool) -> Value {
    let factors: Vec<Value> = e
        .factors
        .iter()
        .map(|f| {
            let mut v = json!({
                "name": f.name.as_str(),
                "value": round(f.value),
                "weight": f.weight,
                "contribution": round(f.contribution),
                "known": f.known,
            });
            if explain {
                v["reasons"] = json!(f.reasons);
            }
            v
        })
        .collect();
    let mut v = json!({
        "score": round(e.score),
        "factors": factors,
        "version": e.version,
    });
    if explain {
        v["reasons"] = json!(e.reasons());
        v["blockers"] = json!(e.blockers);
    }
    v
}

/// Four decimals: enough to compare, short to read.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn ranked_view(i: usize, r: &Ranked, id_key: &str, explain: bool) -> Value {
    let mut v = json!({
        "rank": i + 1,
        id_key: r.id,
        "label": r.label,
    });
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), explained_view(&r.explained, explain))
    {
        o.extend(e);
    }
    v["submission"] = match r.submission {
        Some((id, stage)) => json!({"id": id, "stage": stage}),
        None => Value::Null,
    };
    v["recall"] = json!({"keyword_rank": r.keyword_rank, "semantic_rank": r.semantic_rank});
    v
}

/// A ranked list as the API shows it (also `hireloop match --json`).
pub fn recommendations_view(r: &Recommendations, opts: &Options, explain: bool) -> Value {
    let (subject_key, id_key) = match r.direction {
        hireloop_engine::recommend::Direction::CandidatesForRequirement => {
            ("requirement_id", "candidate_id")
        }
        hireloop_engine::recommend::Direction::RequirementsForCandidate => {
            ("candidate_id", "requirement_id")
        }
        hireloop_engine::recommend::Direction::CandidatesLikeCandidate => {
            ("candidate_id", "similar_candidate_id")
        }
    };
    json!({
        subject_key: r.subject,
        "items": r.items.iter().enumerate()
            .map(|(i, it)| ranked_view(i, it, id_key, explain)).collect::<Vec<_>>(),
        "run_id": r.run_id,
        "digest": r.digest,
        "weights_version": r.weights_version,
        "model_version": r.model_version,
        "as_of": opts.today,
        "recalled": r.recalled,
        "excluded": {"blacklisted": r.blacklisted, "blocked": r.blocked},
        "semantic": r.semantic,
    })
}

/// A missing subject as a 404 naming it.
pub(crate) fn not_found_as(e: RecommendError, what: &str) -> ApiError {
    match e {
        RecommendError::Record(hireloop_engine::records::RecordError::NotFound) => {
            ApiError::not_found(what)
        }
        other => other.into(),
    }
}

fn subject_id(raw: &str, what: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found(what))
}

async fn for_requirement(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    permit(&caller, Resource::Requirement, Action::Read)?;
    permit(&caller, Resource::Candidate, Action::Read)?;
    let id = subject_id(&id, "requirement")?;
    let (opts, explain, threshold) = options(&state, &caller, raw.as_deref()).await?;
    let m = matcher(&state);
    let scope = caller.scope();
    let r = m
        .candidates_for(&scope, id, &opts)
        .await
        .map_err(|e| not_found_as(e, "requirement"))?;
    // A recorded list feeds the review queue (those at or above the tenant's threshold).
    let queued = if opts.record && caller.role.permits(Resource::Pipeline, Action::Create) {
        Some(m.queue(&scope, &r, threshold).await?)
    } else {
        None
    };
    let mut body = recommendations_view(&r, &opts, explain);
    body["queued"] = json!(queued);
    Ok(axum::Json(body).into_response())
}

async fn for_candidate(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    permit(&caller, Resource::Requirement, Action::Read)?;
    person_list(caller, state, id, raw, false).await
}

/// The people most like a person, with the same options as the recommendations.
async fn similar(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    person_list(caller, state, id, raw, true).await
}

/// A list about one person: open requirements for them, or (`like`) people like them.
async fn person_list(
    caller: Caller,
    state: AppState,
    id: String,
    raw: Option<String>,
    like: bool,
) -> ApiResult<Response> {
    permit(&caller, Resource::Candidate, Action::Read)?;
    let id = subject_id(&id, "candidate")?;
    let (opts, explain, _) = options(&state, &caller, raw.as_deref()).await?;
    let (m, scope) = (matcher(&state), caller.scope());
    let r = if like {
        m.candidates_like(&scope, id, &opts).await
    } else {
        m.requirements_for(&scope, id, &opts).await
    };
    let r = r.map_err(|e| not_found_as(e, "candidate"))?;
    Ok(axum::Json(recommendations_view(&r, &opts, explain)).into_response())
}

/// One side of a pair from `{side}_id`, `{side}` (a record's fields) or `{side}_text`.
fn side<T: hireloop_domain::entities::EntityRules>(
    body: &Map<String, Value>,
    name: &str,
) -> ApiResult<PairInput<T>> {
    let keys = [
        format!("{name}_id"),
        name.to_owned(),
        format!("{name}_text"),
    ];
    let given: Vec<&String> = keys.iter().filter(|k| body.contains_key(*k)).collect();
    if given.len() != 1 {
        return Err(ApiError::invalid(
            name,
            format!("give exactly one of {}_id, {name} or {}_text", name, name),
        ));
    }
    let key = given[0].as_str();
    let v = &body[key];
    if key.ends_with("_id") {
        let id = v
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or_else(|| ApiError::invalid(key, "must be a record id"))?;
        Ok(PairInput::Stored(id))
    } else if key.ends_with("_text") {
        let t = v
            .as_str()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| ApiError::invalid(key, "must be non-empty text"))?;
        Ok(PairInput::Text(t.to_owned()))
    } else {
        let entity: T = hireloop_domain::entities::parse_entity(v.clone()).map_err(|e| {
            ApiError::validation(hireloop_domain::ValidationErrors(
                e.0.into_iter()
                    .map(|f| hireloop_domain::FieldError {
                        path: if f.path.is_empty() {
                            name.to_owned()
                        } else {
                            format!("{name}.{}", f.path)
                        },
                        message: f.message,
                    })
                    .collect(),
            ))
        })?;
        Ok(PairInput::Given(Box::new(entity)))
    }
}

/// `{"candidate_id" | "candidate" | "candidate_text", "requirement_id" | "requirement" |
/// "requirement_text", "weights"?, "as_of"?}`: one pair's explained score.
async fn match_score(
    caller: Caller,
    State(state): State<AppState>,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    let Some(o) = body.as_object() else {
        return Err(ApiError::invalid("", "the body must be a JSON object"));
    };
    const KNOWN: [&str; 8] = [
        "candidate_id",
        "candidate",
        "candidate_text",
        "requirement_id",
        "requirement",
        "requirement_text",
        "weights",
        "as_of",
    ];
    if let Some(k) = o.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(ApiError::invalid(
            k,
            format!("unknown field; known: {}", KNOWN.join(", ")),
        ));
    }
    let candidate: PairInput<Candidate> = side(o, "candidate")?;
    let requirement: PairInput<Requirement> = side(o, "requirement")?;
    if matches!(candidate, PairInput::Stored(_)) {
        permit(&caller, Resource::Candidate, Action::Read)?;
    }
    if matches!(requirement, PairInput::Stored(_)) {
        permit(&caller, Resource::Requirement, Action::Read)?;
    }
    let scope = caller.scope();
    let weights: Weights = match o.get("weights") {
        Some(w) => parse_weights(w, "weights")?,
        None => {
            MatchSettings::load(state.records.store(), &scope)
                .await?
                .0
                .weights
        }
    };
    let as_of = match o.get("as_of") {
        None => today(),
        Some(v) => v
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .ok_or_else(|| ApiError::invalid("as_of", "must be a date (YYYY-MM-DD)"))?,
    };
    let ingest = state.ingest.clone();
    let p = matcher(&state)
        .score_pair(
            &scope,
            candidate,
            requirement,
            ingest.taxonomy(),
            &weights,
            as_of,
        )
        .await?;
    let mut v = explained_view(&p.explained, true);
    v["candidate_id"] = json!(p.candidate_id);
    v["requirement_id"] = json!(p.requirement_id);
    v["model_version"] = json!(p.model_version);
    v["as_of"] = json!(as_of);
    Ok(axum::Json(v).into_response())
}

fn run_view(r: &MatchRun, full: bool) -> Value {
    let mut v = json!({
        "id": r.id,
        "direction": r.direction,
        "subject_id": r.subject_id,
        "digest": r.digest,
        "weights_version": r.weights_version,
        "model_version": r.model_version,
        "params": r.params,
        "created_at": micros_to_rfc3339(r.created_at),
        "actor": r.actor,
    });
    if full {
        v["results"] = r.results.clone();
    }
    v
}

/// `?subject_id=&limit=`: a subject's runs, newest first.
async fn runs(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    permit(&caller, Resource::Requirement, Action::Read)?;
    let (mut subject, mut limit) = (None, 20u32);
    for (k, v) in query_pairs(raw.as_deref())? {
        match k.as_str() {
            "subject_id" => {
                subject = Some(Uuid::parse_str(&v).map_err(|_| {
                    ApiError::new(Code::InvalidQuery, format!("subject_id '{v}' is not an id"))
                })?);
            }
            "limit" => {
                limit = crate::http::limit_param(&v, 100)?;
            }
            other => {
                return Err(ApiError::new(
                    Code::InvalidQuery,
                    format!("unknown query parameter '{other}'; known: subject_id, limit"),
                ));
            }
        }
    }
    let subject = subject
        .ok_or_else(|| ApiError::new(Code::InvalidQuery, "subject_id is required: whose runs?"))?;
    let items = state
        .records
        .store()
        .match_runs_of(&caller.scope(), subject, limit)
        .await?;
    Ok(axum::Json(json!({
        "items": items.iter().map(|r| run_view(r, false)).collect::<Vec<_>>()
    }))
    .into_response())
}

async fn run(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    permit(&caller, Resource::Requirement, Action::Read)?;
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::not_found("match run"))?;
    let r = state
        .records
        .store()
        .match_run(&caller.scope(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("match run"))?;
    Ok(axum::Json(run_view(&r, true)).into_response())
}

fn settings_response(s: &MatchSettings, version: i64) -> Response {
    let body = json!({
        "weights": s.weights,
        "weights_version": s.weights.version(),
        "review_threshold": s.review_threshold,
        "version": version,
    });
    let mut r = (StatusCode::OK, axum::Json(body)).into_response();
    r.headers_mut().insert(header::ETAG, etag(version));
    r
}

async fn settings(caller: Caller, State(state): State<AppState>) -> ApiResult<Response> {
    permit(&caller, Resource::Requirement, Action::Read)?;
    let (s, version) = MatchSettings::load(state.records.store(), &caller.scope()).await?;
    Ok(settings_response(&s, version))
}

/// Owners and admins set the tenant's weights and review threshold; `If-Match` guards
/// against lost updates.
async fn put_settings(
    caller: Caller,
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    permit(&caller, Resource::Tenant, Action::Read)?;
    permit(&caller, Resource::User, Action::Update)?;
    let (s, version) = MatchSettings::save(
        state.records.store(),
        &caller.scope(),
        &body,
        if_match(&headers)?,
    )
    .await?;
    Ok(settings_response(&s, version))
}
