//! `POST /v1/ai/embeddings`: `{"texts": [...], "model": "minilm"|"static"}` →
//! `{"model", "version", "dims", "vectors": [[...], ...]}`, unit vectors in the texts'
//! order. Nothing is stored.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use hireloop_engine::embeddings::{EmbedError, EmbedModel};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Code};
use crate::http::JsonBody;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/ai/embeddings", post(embeddings))
}

async fn embeddings(
    _caller: Caller,
    State(state): State<AppState>,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    let Some(o) = body.as_object() else {
        return Err(ApiError::invalid("", "the body must be a JSON object"));
    };
    let mut texts = None;
    let mut model = EmbedModel::MiniLm;
    for (k, v) in o {
        match k.as_str() {
            "texts" => {
                let items = v
                    .as_array()
                    .ok_or_else(|| ApiError::invalid("texts", "must be a list of strings"))?;
                let mut out = Vec::with_capacity(items.len());
                for (i, t) in items.iter().enumerate() {
                    let t = t.as_str().ok_or_else(|| {
                        ApiError::invalid(&format!("texts[{i}]"), "must be a string")
                    })?;
                    out.push(t.to_owned());
                }
                texts = Some(out);
            }
            "model" => {
                model = v.as_str().and_then(EmbedModel::parse).ok_or_else(|| {
                    ApiError::invalid("model", "must be \"minilm\" or \"static\"")
                })?;
            }
            other => {
                return Err(ApiError::invalid(
                    other,
                    "unknown field; known: texts, model",
                ));
            }
        }
    }
    let texts = texts.ok_or_else(|| ApiError::invalid("texts", "is required"))?;
    let out = state
        .embedders
        .embed(model, texts)
        .await
        .map_err(|e| match e {
            EmbedError::NoTexts | EmbedError::TooMany(_) => {
                ApiError::invalid("texts", e.to_string())
            }
            EmbedError::TooLong { index, .. } => {
                ApiError::invalid(&format!("texts[{index}]"), e.to_string())
            }
            EmbedError::Unavailable(_) => ApiError::new(Code::Unavailable, e.to_string()),
            EmbedError::Failed(_) => ApiError::internal(anyhow::anyhow!(e.to_string())),
        })?;
    Ok(axum::Json(out).into_response())
}
