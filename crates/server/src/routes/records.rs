//! CRUD for candidates, companies, contacts and requirements: one generic set of
//! handlers, instantiated per entity, each guarded by its `Allow<Entity, Action>`.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hireloop_domain::entities::{Candidate, Company, Contact, Requirement};
use hireloop_engine::records::Kind;
use hireloop_store::{Filter, FilterColumn, ListQuery, SortField, Visibility, micros_to_rfc3339};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Allow, Create, Delete, Read, ResourceMarker, Update};
use crate::error::{ApiError, ApiResult, Code};
use crate::http::query_pairs;
use crate::http::{JsonBody, if_match, not_modified, record_response, render_record};
use crate::idempotency::idempotent;

/// An entity the API serves.
pub trait ApiEntity: Kind + ResourceMarker + utoipa::ToSchema {
    /// The collection's path segment (`candidates`).
    const PLURAL: &'static str;
    /// Query parameters that filter lists, and the column each filters.
    const FILTERS: &'static [(&'static str, FilterColumn)];
    /// What `sort=name` sorts by, for the docs.
    const LABEL: &'static str;
}

const LOCATION: [(&str, FilterColumn); 3] = [
    ("city", FilterColumn::City),
    ("region", FilterColumn::Region),
    ("country", FilterColumn::Country),
];

impl ApiEntity for Candidate {
    const PLURAL: &'static str = "candidates";
    const FILTERS: &'static [(&'static str, FilterColumn)] = &[
        ("status", FilterColumn::Status),
        ("work_authorization", FilterColumn::Kind),
        ("remote_preference", FilterColumn::Remote),
        ("skill", FilterColumn::Skill),
        ("email", FilterColumn::Email),
        ("phone", FilterColumn::Phone),
        ("external_id", FilterColumn::ExternalId),
        LOCATION[0],
        LOCATION[1],
        LOCATION[2],
    ];
    const LABEL: &'static str = "full name";
}

impl ApiEntity for Company {
    const PLURAL: &'static str = "companies";
    const FILTERS: &'static [(&'static str, FilterColumn)] = &[
        ("status", FilterColumn::Status),
        ("kind", FilterColumn::Kind),
        ("external_id", FilterColumn::ExternalId),
        LOCATION[0],
        LOCATION[1],
        LOCATION[2],
    ];
    const LABEL: &'static str = "name";
}

impl ApiEntity for Contact {
    const PLURAL: &'static str = "contacts";
    const FILTERS: &'static [(&'static str, FilterColumn)] = &[
        ("company_id", FilterColumn::RefId),
        ("email", FilterColumn::Email),
        ("phone", FilterColumn::Phone),
        ("external_id", FilterColumn::ExternalId),
        LOCATION[0],
        LOCATION[1],
        LOCATION[2],
    ];
    const LABEL: &'static str = "full name";
}

impl ApiEntity for Requirement {
    const PLURAL: &'static str = "requirements";
    const FILTERS: &'static [(&'static str, FilterColumn)] = &[
        ("status", FilterColumn::Status),
        ("company_id", FilterColumn::RefId),
        ("employment_type", FilterColumn::Kind),
        ("remote_mode", FilterColumn::Remote),
        ("skill", FilterColumn::Skill),
        ("external_id", FilterColumn::ExternalId),
        LOCATION[0],
        LOCATION[1],
        LOCATION[2],
    ];
    const LABEL: &'static str = "title";
}

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(routes::<Candidate>())
        .merge(routes::<Company>())
        .merge(routes::<Contact>())
        .merge(routes::<Requirement>())
}

fn routes<E: ApiEntity>() -> Router<AppState> {
    let base = format!("/v1/{}", E::PLURAL);
    Router::new()
        .route(&base, get(list::<E>).post(create::<E>))
        .route(
            &format!("{base}/{{id}}"),
            get(read::<E>).patch(patch::<E>).delete(delete::<E>),
        )
        .route(&format!("{base}/{{id}}/restore"), post(restore::<E>))
        .route(&format!("{base}/{{id}}/revisions"), get(revisions::<E>))
}

pub const MAX_LIMIT: u32 = 200;
pub const DEFAULT_LIMIT: u32 = 50;

/// Parses a list's query string: paging, sort, visibility, free text and the entity's
/// filters. Unknown parameters are refused by name, so a typo never silently widens a
/// list.
pub fn parse_list_query<E: ApiEntity>(raw: Option<&str>) -> ApiResult<ListQuery> {
    let pairs = query_pairs(raw)?;
    let mut q = ListQuery {
        limit: DEFAULT_LIMIT,
        descending: true,
        ..Default::default()
    };
    for (k, v) in pairs {
        match k.as_str() {
            "q" => q.q = Some(v).filter(|s| !s.trim().is_empty()),
            "limit" => q.limit = crate::http::limit_param(&v, MAX_LIMIT)?,
            "cursor" => q.cursor = Some(v),
            "sort" => {
                let (desc, field) = match v.strip_prefix('-') {
                    Some(f) => (true, f),
                    None => (false, v.as_str()),
                };
                q.descending = desc;
                q.sort = match field {
                    "created_at" | "created" => SortField::Created,
                    "updated_at" | "updated" => SortField::Updated,
                    "name" | "title" | "label" => SortField::Label,
                    _ => {
                        return Err(ApiError::new(
                            Code::InvalidQuery,
                            format!(
                                "sort '{v}' is not one of created_at, updated_at, name (prefix - for descending)"
                            ),
                        ));
                    }
                };
            }
            "include_deleted" => {
                q.visibility = match v.as_str() {
                    "true" => Visibility::All,
                    "false" => Visibility::Active,
                    "only" => Visibility::Deleted,
                    _ => {
                        return Err(ApiError::new(
                            Code::InvalidQuery,
                            format!("include_deleted must be true, false or only, not '{v}'"),
                        ));
                    }
                }
            }
            other => {
                let Some((_, column)) = E::FILTERS.iter().find(|(name, _)| *name == other) else {
                    let known: Vec<&str> = ["q", "limit", "cursor", "sort", "include_deleted"]
                        .into_iter()
                        .chain(E::FILTERS.iter().map(|(n, _)| *n))
                        .collect();
                    return Err(ApiError::new(
                        Code::InvalidQuery,
                        format!(
                            "unknown query parameter '{other}'; known: {}",
                            known.join(", ")
                        ),
                    ));
                };
                let values = v
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                match q
                    .filters
                    .iter_mut()
                    .find(|f| f.column == *column && *column != FilterColumn::Skill)
                {
                    Some(f) => f.values.extend(values),
                    None => q.filters.push(Filter {
                        column: *column,
                        values: values.collect(),
                    }),
                }
            }
        }
    }
    Ok(q)
}

fn parse_id(raw: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(raw)
        .map_err(|_| ApiError::new(Code::NotFound, format!("no record has the id '{raw}'")))
}

async fn list<E: ApiEntity>(
    allow: Allow<E, Read>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let q = parse_list_query::<E>(raw.as_deref())?;
    let page = state.records.list::<E>(&allow.scope(), &q).await?;
    let mut body =
        String::with_capacity(page.items.iter().map(|r| r.data.len() + 256).sum::<usize>() + 64);
    body.push_str("{\"items\":[");
    for (i, r) in page.items.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        render_record(&mut body, r);
    }
    body.push_str("],\"next_cursor\":");
    match &page.next_cursor {
        Some(c) => body.push_str(&Value::String(c.clone()).to_string()),
        None => body.push_str("null"),
    }
    body.push('}');
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response())
}

/// A `location` typed into a form ("Dallas, TX") gains its country, map point and time
/// zone from the gazetteer when it reads the place with confidence, as imports and
/// parsed resumes do; distances and time-zone overlap in matching need them.
fn complete_location(state: &AppState, body: &mut Value) {
    if let Some(places) = state.ingest.places()
        && body.get("location").is_some_and(Value::is_object)
    {
        hireloop_engine::imports::places::complete_json(places, body);
    }
}

async fn create<E: ApiEntity>(
    allow: Allow<E, Create>,
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body, bytes): JsonBody,
) -> ApiResult<Response> {
    let scope = allow.scope();
    let path = format!("/v1/{}", E::PLURAL);
    let mut body = body;
    complete_location(&state, &mut body);
    idempotent(&state, &scope, &headers, &path, &bytes, async {
        let rec = state.records.create::<E>(&scope, body).await?;
        let mut resp = record_response(StatusCode::CREATED, &rec);
        if let Ok(loc) = HeaderValue::from_str(&format!("{path}/{}", rec.id)) {
            resp.headers_mut().insert(header::LOCATION, loc);
        }
        Ok(resp)
    })
    .await
}

async fn read<E: ApiEntity>(
    allow: Allow<E, Read>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let include_deleted = match raw.as_deref().unwrap_or("") {
        "" | "include_deleted=false" => false,
        "include_deleted=true" => true,
        other => {
            return Err(ApiError::new(
                Code::InvalidQuery,
                format!("unknown query '{other}'; only include_deleted=true is accepted here"),
            ));
        }
    };
    let rec = state
        .records
        .get::<E>(&allow.scope(), parse_id(&id)?, include_deleted)
        .await?;
    if not_modified(&headers, rec.version) {
        let mut resp = StatusCode::NOT_MODIFIED.into_response();
        resp.headers_mut()
            .insert(header::ETAG, crate::http::etag(rec.version));
        return Ok(resp);
    }
    Ok(record_response(StatusCode::OK, &rec))
}

async fn patch<E: ApiEntity>(
    allow: Allow<E, Update>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    let expected = if_match(&headers)?;
    let mut body = body;
    complete_location(&state, &mut body);
    let rec = state
        .records
        .patch::<E>(&allow.scope(), parse_id(&id)?, &body, expected)
        .await?;
    Ok(record_response(StatusCode::OK, &rec))
}

async fn delete<E: ApiEntity>(
    allow: Allow<E, Delete>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let expected = if_match(&headers)?;
    let rec = state
        .records
        .delete::<E>(&allow.scope(), parse_id(&id)?, expected)
        .await?;
    Ok(record_response(StatusCode::OK, &rec))
}

async fn restore<E: ApiEntity>(
    allow: Allow<E, Delete>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let scope = allow.scope();
    let id = parse_id(&id)?;
    let expected = if_match(&headers)?;
    let path = format!("/v1/{}/{id}/restore", E::PLURAL);
    idempotent(&state, &scope, &headers, &path, b"", async {
        let rec = state.records.restore::<E>(&scope, id, expected).await?;
        Ok(record_response(StatusCode::OK, &rec))
    })
    .await
}

async fn revisions<E: ApiEntity>(
    allow: Allow<E, Read>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let revs = state
        .records
        .revisions::<E>(&allow.scope(), parse_id(&id)?)
        .await?;
    let items: Vec<_> = revs
        .into_iter()
        .map(|r| {
            json!({"record_id": r.record_id, "version": r.version, "op": r.op,
                   "at": micros_to_rfc3339(r.at), "actor": r.actor, "changes": r.changes})
        })
        .collect();
    Ok(axum::Json(json!({ "items": items })).into_response())
}
