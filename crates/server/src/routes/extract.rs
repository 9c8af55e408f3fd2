//! `POST /v1/ai/extract`: structured fields from a text by named schema (`resume`,
//! `requirement`, `skills`, `location`), with the extractor and version that produced
//! them. Nothing is stored.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::Utc;
use hireloop_engine::imports::extract::ExtractError;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Code};
use crate::http::JsonBody;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/ai/extract", post(extract))
}

async fn extract(
    _caller: Caller,
    State(state): State<AppState>,
    JsonBody(body, _): JsonBody,
) -> ApiResult<Response> {
    let Some(o) = body.as_object() else {
        return Err(ApiError::invalid("", "the body must be a JSON object"));
    };
    let mut schema = None;
    let mut text = None;
    let mut country = None;
    for (k, v) in o {
        let s = || {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| ApiError::invalid(k, "must be a string"))
        };
        match k.as_str() {
            "schema" => schema = Some(s()?),
            "text" => text = Some(s()?),
            "country" => country = Some(s()?),
            other => {
                return Err(ApiError::invalid(
                    other,
                    "unknown field; known: schema, text, country",
                ));
            }
        }
    }
    let schema = schema.ok_or_else(|| ApiError::invalid("schema", "is required"))?;
    let text = text.ok_or_else(|| ApiError::invalid("text", "is required"))?;
    let out = state
        .ingest
        .extract(&schema, text, country.as_deref(), Utc::now().date_naive())
        .await
        .map_err(|e| match e {
            ExtractError::UnknownSchema(_) => ApiError::invalid("schema", e.to_string()),
            ExtractError::Empty | ExtractError::TooLong => ApiError::invalid("text", e.to_string()),
            ExtractError::BadCountry(_) => ApiError::invalid("country", e.to_string()),
            ExtractError::NoGazetteer => ApiError::new(Code::Unavailable, e.to_string()),
        })?;
    Ok(axum::Json(out).into_response())
}
