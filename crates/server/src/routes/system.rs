//! Liveness, readiness, metrics, and who-am-I.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Code};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/v1/me", get(me))
}

/// The process is up.
async fn healthz() -> Response {
    axum::Json(json!({"status": "ok"})).into_response()
}

/// The process can serve: the database answers.
async fn readyz(State(state): State<AppState>) -> ApiResult<Response> {
    state.records.store().ping().await.map_err(|e| {
        tracing::warn!(error = %e, "readiness check failed");
        ApiError::new(Code::Unavailable, "the database is not reachable")
    })?;
    Ok(
        axum::Json(json!({"status": "ready", "database": state.records.store().backend().name()}))
            .into_response(),
    )
}

/// Prometheus text exposition.
async fn metrics(State(state): State<AppState>) -> Response {
    let text = state.metrics.render();
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4"),
        )],
        text,
    )
        .into_response()
}

/// Who the credentials belong to.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Me {
    pub tenant_id: hireloop_domain::ids::TenantId,
    pub role: hireloop_domain::auth::Role,
    /// `user:ID`, `key:ID` or `system:NAME`, as the audit trail names the caller.
    pub actor: String,
}

/// The caller's tenant, role and identity.
async fn me(caller: Caller) -> Response {
    axum::Json(Me {
        tenant_id: caller.tenant,
        role: caller.role,
        actor: caller.actor.label(),
    })
    .into_response()
}
