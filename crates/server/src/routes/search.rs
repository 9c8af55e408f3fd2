//! `GET /v1/search`: candidates or requirements by keyword, meaning or both, in the
//! recruiter's query language, each hit with the reasons it matched. `POST
//! /v1/search/reindex` rebuilds an index in the background (owners and admins).

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hireloop_domain::auth::Role;
use hireloop_domain::auth::{Action, Resource};
use hireloop_engine::search::{
    Found, Fusion, Kind, MAX_LIMIT, Mode, SearchFailure, SearchPage, SearchRequest,
};
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Code};
use crate::http::query_pairs;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/search", get(search))
        .route("/v1/search/reindex", post(reindex))
}

/// Filters that may be given as parameters beside `q`.
pub const FILTER_PARAMS: [&str; 8] = [
    "near",
    "radius",
    "remote",
    "available",
    "rate",
    "auth",
    "status",
    "id",
];

fn parse_request(raw: Option<&str>) -> ApiResult<SearchRequest> {
    let mut req = SearchRequest::new(Kind::Candidates, "");
    let mut fusion: Option<String> = None;
    let mut k: Option<f32> = None;
    let mut kw: Option<f32> = None;
    let mut sem: Option<f32> = None;
    let number = |name: &str, v: &str, lo: f32, hi: f32| -> ApiResult<f32> {
        v.parse::<f32>()
            .ok()
            .filter(|x| x.is_finite() && (lo..=hi).contains(x))
            .ok_or_else(|| ApiError::invalid(name, format!("must be a number from {lo} to {hi}")))
    };
    for (name, v) in query_pairs(raw)? {
        match name.as_str() {
            "type" => {
                req.kind = Kind::parse(&v).ok_or_else(|| {
                    ApiError::invalid("type", "must be candidates or requirements")
                })?;
            }
            "q" => req.q = v,
            "mode" => {
                req.mode = Mode::parse(&v).ok_or_else(|| {
                    ApiError::invalid("mode", "must be keyword, semantic or hybrid")
                })?;
            }
            "limit" => {
                req.limit = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid("limit", format!("must be 1 to {MAX_LIMIT}"))
                    })?;
            }
            "cursor" => req.cursor = Some(v),
            "fusion" => {
                if v != "rrf" && v != "weighted" {
                    return Err(ApiError::invalid("fusion", "must be rrf or weighted"));
                }
                fusion = Some(v);
            }
            "rrf_k" => k = Some(number("rrf_k", &v, 1.0, 1000.0)?),
            "keyword_weight" => kw = Some(number("keyword_weight", &v, 0.0, 1.0)?),
            "semantic_weight" => sem = Some(number("semantic_weight", &v, 0.0, 1.0)?),
            f if FILTER_PARAMS.contains(&f) => req.filters.push((name, v)),
            other => {
                return Err(ApiError::new(
                    Code::InvalidQuery,
                    format!(
                        "unknown parameter '{other}'; known: type, q, mode, limit, cursor, fusion, \
                         rrf_k, keyword_weight, semantic_weight, {}",
                        FILTER_PARAMS.join(", ")
                    ),
                ));
            }
        }
    }
    req.fusion = match fusion.as_deref() {
        Some("weighted") => {
            if sem.is_some() || k.is_some() {
                return Err(ApiError::invalid(
                    "fusion",
                    "weighted fusion takes keyword_weight only (the semantic share is the rest)",
                ));
            }
            Some(Fusion::Weighted {
                keyword_weight: kw.unwrap_or(0.5),
            })
        }
        _ if k.is_some() || kw.is_some() || sem.is_some() => Some(Fusion::Rrf {
            k: k.unwrap_or(60.0),
            keyword_weight: kw.unwrap_or(1.0),
            semantic_weight: sem.unwrap_or(1.0),
        }),
        _ => None,
    };
    Ok(req)
}

async fn search(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let req = parse_request(raw.as_deref())?;
    let resource = match req.kind {
        Kind::Candidates => Resource::Candidate,
        Kind::Requirements => Resource::Requirement,
    };
    if !caller.role.permits(resource, Action::Read) {
        return Err(ApiError::new(
            Code::Forbidden,
            format!(
                "the {} role may not read {}",
                caller.role.as_str(),
                req.kind.as_str()
            ),
        ));
    }
    let search = state.search.as_ref().ok_or_else(|| {
        ApiError::new(Code::Unavailable, "search is not configured on this server")
    })?;
    let page = search
        .search(&caller.scope(), &req)
        .await
        .map_err(|e| match e {
            SearchFailure::Query(q) if q.position > 0 => {
                ApiError::query_syntax("q", q.position, q.to_string())
            }
            SearchFailure::Query(q) => ApiError::invalid("", q.message),
            SearchFailure::Unavailable(m) => ApiError::new(Code::Unavailable, m),
            SearchFailure::Store(e) => ApiError::from(e),
            other => ApiError::internal(anyhow::anyhow!(other.to_string())),
        })?;
    Ok(axum::Json(page_json(&req, &page)).into_response())
}

/// Starts a rebuild of the caller's tenant's index of `type`; 202 with the index state.
async fn reindex(
    caller: Caller,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let mut kind = None;
    for (name, v) in query_pairs(raw.as_deref())? {
        match name.as_str() {
            "type" => {
                kind = Some(Kind::parse(&v).ok_or_else(|| {
                    ApiError::invalid("type", "must be candidates or requirements")
                })?);
            }
            other => {
                return Err(ApiError::new(
                    Code::InvalidQuery,
                    format!("unknown parameter '{other}'; known: type"),
                ));
            }
        }
    }
    let kind = kind.ok_or_else(|| ApiError::invalid("type", "is required"))?;
    if !matches!(caller.role, Role::Owner | Role::Admin) {
        return Err(ApiError::new(
            Code::Forbidden,
            format!(
                "the {} role may not rebuild search indexes (owners and admins may)",
                caller.role.as_str()
            ),
        ));
    }
    let search = state.search.as_ref().ok_or_else(|| {
        ApiError::new(Code::Unavailable, "search is not configured on this server")
    })?;
    let status = search
        .start_reindex(&caller.scope(), kind)
        .await
        .map_err(|e| match e {
            SearchFailure::Store(e) => ApiError::from(e),
            other => ApiError::internal(anyhow::anyhow!(other.to_string())),
        })?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(json!({"type": kind.as_str(), "index": status})),
    )
        .into_response())
}

fn hit_json(f: &Found) -> Value {
    let h = &f.hit;
    let mut record = json!({"id": f.id, "version": f.version});
    if let (Some(out), Some(body)) = (record.as_object_mut(), f.record.as_object()) {
        for (k, v) in body {
            out.insert(k.clone(), v.clone());
        }
    }
    json!({
        "id": f.id,
        "score": h.score,
        "record": record,
        "explanation": {
            "exact": h.exact,
            "keyword": h.keyword.map(|(rank, score)| json!({"rank": rank, "score": score})),
            "semantic": h.similarity.map(|s| json!({"rank": h.semantic_rank, "similarity": s})),
            "matched": h.matched.iter().map(|(field, term)| json!({"field": field.as_str(), "term": term})).collect::<Vec<_>>(),
            "filters": h.filters,
        }
    })
}

pub fn page_json(req: &SearchRequest, page: &SearchPage) -> Value {
    json!({
        "type": req.kind.as_str(),
        "mode": page.mode.as_str(),
        "total": page.total,
        "hits": page.found.iter().map(hit_json).collect::<Vec<_>>(),
        "next_cursor": page.next_cursor,
        "index": page.index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_read_and_checked_by_name() {
        let r = parse_request(Some(
            "type=requirements&q=rust&mode=keyword&limit=5&near=Dallas&status=open&keyword_weight=0.7",
        ))
        .unwrap();
        assert_eq!(r.kind, Kind::Requirements);
        assert_eq!((r.q.as_str(), r.mode, r.limit), ("rust", Mode::Keyword, 5));
        assert_eq!(
            r.filters,
            [
                ("near".into(), "Dallas".into()),
                ("status".into(), "open".into())
            ]
        );
        assert_eq!(
            r.fusion,
            Some(Fusion::Rrf {
                k: 60.0,
                keyword_weight: 0.7,
                semantic_weight: 1.0
            })
        );
        let w = parse_request(Some("fusion=weighted&keyword_weight=0.3")).unwrap();
        assert_eq!(
            w.fusion,
            Some(Fusion::Weighted {
                keyword_weight: 0.3
            })
        );
        for bad in [
            "type=people",
            "mode=fuzzy",
            "limit=0",
            "limit=101",
            "fusion=max",
            "rrf_k=0",
            "keyword_weight=2",
            "fusion=weighted&rrf_k=10",
            "sort=name",
        ] {
            assert!(parse_request(Some(bad)).is_err(), "{bad}");
        }
    }
}
