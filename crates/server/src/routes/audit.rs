//! The audit trail over HTTP, for admins and owners.

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::DateTime;
use hireloop_store::{AuditEntry, AuditFilter, ChainReport, micros_to_rfc3339};
use serde::Serialize;

use crate::AppState;
use crate::auth::{Allow, AuditTrail, Read};
use crate::error::{ApiError, ApiResult, Code};
use crate::http::query_pairs;

/// One audit entry as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEntryOut {
    /// Position in the tenant's chain, from 1.
    pub seq: i64,
    pub id: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// `user:ID`, `key:ID` or `system:NAME`.
    pub actor: String,
    /// `entity.operation`, e.g. `candidate.update`.
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// Version, changed fields and the SHA-256 of the change.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    /// SHA-256 of `detail`.
    pub digest: String,
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and this entry's fields.
    pub hash: String,
}

impl From<AuditEntry> for AuditEntryOut {
    fn from(e: AuditEntry) -> Self {
        AuditEntryOut {
            seq: e.seq,
            id: e.id,
            at: micros_to_rfc3339(e.at),
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            detail: e.detail,
            digest: e.digest,
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// A page of the audit trail, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryOut>,
    /// Pass as `cursor` for older entries; null on the last page.
    pub next_cursor: Option<String>,
}

/// The outcome of recomputing the tenant's chain.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChainReportOut {
    pub tenant_id: String,
    pub entries: u64,
    pub ok: bool,
    /// The first entry that does not check out.
    pub first_bad_seq: Option<i64>,
    pub problem: Option<String>,
}

impl From<ChainReport> for ChainReportOut {
    fn from(r: ChainReport) -> Self {
        ChainReportOut {
            tenant_id: r.tenant_id,
            entries: r.entries,
            ok: r.ok,
            first_bad_seq: r.first_bad_seq,
            problem: r.problem,
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/audit/logs", get(logs))
        .route("/v1/audit/verify", get(verify))
}

fn time_param(name: &str, v: &str) -> ApiResult<i64> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.timestamp_micros())
        .map_err(|_| {
            ApiError::new(
                Code::InvalidQuery,
                format!("{name} must be an RFC 3339 time, not '{v}'"),
            )
        })
}

/// Parses the audit list's filters.
pub fn parse_filter(raw: Option<&str>) -> ApiResult<AuditFilter> {
    let pairs = query_pairs(raw)?;
    let mut f = AuditFilter {
        limit: 100,
        ..Default::default()
    };
    for (k, v) in pairs {
        match k.as_str() {
            "actor" => f.actor = Some(v),
            "action" => f.action = Some(v),
            "entity" => f.entity = Some(v),
            "entity_id" => f.entity_id = Some(v),
            "from" => f.from = Some(time_param("from", &v)?),
            "to" => f.to = Some(time_param("to", &v)?),
            "cursor" => {
                f.before_seq = Some(v.parse().map_err(|_| {
                    ApiError::new(Code::InvalidQuery, "cursor is not one this server issued")
                })?)
            }
            "limit" => f.limit = crate::http::limit_param(&v, 1000)?,
            other => {
                return Err(ApiError::new(
                    Code::InvalidQuery,
                    format!(
                        "unknown query parameter '{other}'; known: actor, action, entity, \
                         entity_id, from, to, cursor, limit"
                    ),
                ));
            }
        }
    }
    Ok(f)
}

async fn logs(
    allow: Allow<AuditTrail, Read>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let f = parse_filter(raw.as_deref())?;
    let entries = state.records.store().audit_list(&allow.scope(), &f).await?;
    let next_cursor = if entries.len() == f.limit as usize {
        entries.last().map(|e| e.seq.to_string())
    } else {
        None
    };
    let items = entries.into_iter().map(AuditEntryOut::from).collect();
    Ok(axum::Json(AuditPage { items, next_cursor }).into_response())
}

async fn verify(
    allow: Allow<AuditTrail, Read>,
    State(state): State<AppState>,
) -> ApiResult<Response> {
    let report = state.records.store().audit_verify(&allow.scope()).await?;
    Ok(axum::Json(ChainReportOut::from(report)).into_response())
}
