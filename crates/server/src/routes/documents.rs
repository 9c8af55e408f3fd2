//! Files linked to records: `GET /v1/{entity}/{id}/documents` lists them, and
//! `GET /v1/documents/{id}` / `GET /v1/documents/{id}/content` show one and its bytes.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hireloop_domain::auth::Action;
use hireloop_domain::entities::{Candidate, Company, Contact, Requirement};
use hireloop_store::Document;
use uuid::Uuid;

use super::records::ApiEntity;
use crate::AppState;
use crate::auth::{Allow, Caller, Read, resource_of};
use crate::error::{ApiError, ApiResult, Code};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(listing::<Candidate>())
        .merge(listing::<Company>())
        .merge(listing::<Contact>())
        .merge(listing::<Requirement>())
        .route("/v1/documents/{id}", get(show))
        .route("/v1/documents/{id}/content", get(content))
}

fn listing<E: ApiEntity>() -> Router<AppState> {
    Router::new().route(
        &format!("/v1/{}/{{id}}/documents", E::PLURAL),
        get(list::<E>),
    )
}

fn parse_id(raw: &str, what: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found(what))
}

/// The files linked to one record, oldest first.
async fn list<E: ApiEntity>(
    allow: Allow<E, Read>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let scope = allow.scope();
    let id = parse_id(&id, E::KIND)?;
    let store = state.records.store();
    store
        .get(&scope, E::ENTITY, id)
        .await?
        .ok_or_else(|| ApiError::not_found(E::KIND))?;
    let docs = store.documents_of(&scope, E::ENTITY, id).await?;
    Ok(axum::Json(serde_json::json!({ "items": docs })).into_response())
}

/// A link the caller may see: it exists in their tenant and their role may read the
/// record it belongs to.
async fn visible(state: &AppState, caller: &Caller, raw: &str) -> ApiResult<Document> {
    let id = parse_id(raw, "document")?;
    let doc = state
        .records
        .store()
        .document(&caller.scope(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("document"))?;
    if !caller.role.permits(resource_of(doc.entity), Action::Read) {
        return Err(ApiError::new(
            Code::Forbidden,
            format!("your role may not read {} records", doc.entity.name()),
        ));
    }
    Ok(doc)
}

async fn show(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let doc = visible(&state, &caller, &id).await?;
    Ok(axum::Json(doc).into_response())
}

/// The file itself, as an attachment (never rendered inline: an uploaded HTML resume
/// must not run in the API's origin).
async fn content(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let doc = visible(&state, &caller, &id).await?;
    let bytes = state
        .ingest
        .files()
        .get(&doc.sha256)
        .await?
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!(
                "document {} points at file {} which the file store does not hold",
                doc.id,
                doc.sha256
            ))
        })?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&doc.media_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&attachment(&doc.name))
            .unwrap_or(HeaderValue::from_static("attachment")),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", doc.sha256)) {
        h.insert(header::ETAG, v);
    }
    Ok(resp)
}

/// `attachment; filename="resume.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`: an ASCII
/// fallback name and the real one percent-encoded (RFC 6266).
fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn attachment_names_are_safe_and_exact() {
        assert_eq!(
            super::attachment("résumé \"v2\".pdf"),
            "attachment; filename=\"r_sum_ _v2_.pdf\"; \
             filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.pdf"
        );
    }
}
