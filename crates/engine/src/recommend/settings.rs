//! A tenant's matching settings: the factor weights its lists use unless a request
//! overrides them, and the score from which recommendations enter the review queue.

use hireloop_domain::ValidationErrors;
use hireloop_store::{Scope, Store};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::matching::Weights;
use crate::records::{RecordError, Result};

/// The setting's name in the store.
pub const MATCHING_SETTING: &str = "matching";

/// Recommendations scoring at least this enter the review queue unless the tenant sets
/// another threshold.
pub const DEFAULT_REVIEW_THRESHOLD: f64 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchSettings {
    #[serde(default)]
    pub weights: Weights,
    #[serde(default = "default_threshold")]
    pub review_threshold: f64,
}

fn default_threshold() -> f64 {
    DEFAULT_REVIEW_THRESHOLD
}

impl Default for MatchSettings {
    fn default() -> Self {
        Self {
            weights: Weights::default(),
            review_threshold: DEFAULT_REVIEW_THRESHOLD,
        }
    }
}

/// Reads weights given as JSON, naming the field at fault.
pub fn parse_weights(v: &Value, path: &str) -> Result<Weights> {
    let w: Weights = serde_path_to_error::deserialize(v.clone()).map_err(|e| {
        let at = e.path().to_string();
        let field = if at == "." {
            path.to_owned()
        } else {
            format!("{path}.{at}")
        };
        RecordError::Validation(ValidationErrors::single(&field, e.into_inner().to_string()))
    })?;
    w.validate().map_err(|e| {
        let field = if e.field == "sum" {
            path.to_owned()
        } else {
            format!("{path}.{}", e.field)
        };
        RecordError::Validation(ValidationErrors::single(&field, e.message))
    })?;
    Ok(w)
}

impl MatchSettings {
    /// Validates settings given as JSON.
    pub fn parse(v: &Value) -> Result<Self> {
        let Some(o) = v.as_object() else {
            return Err(RecordError::Validation(ValidationErrors::single(
                "",
                "the body must be a JSON object",
            )));
        };
        let mut s = MatchSettings::default();
        for (k, val) in o {
            match k.as_str() {
                "weights" => s.weights = parse_weights(val, "weights")?,
                "review_threshold" => {
                    s.review_threshold = val
                        .as_f64()
                        .filter(|t| (0.0..=1.0).contains(t))
                        .ok_or_else(|| {
                            RecordError::Validation(ValidationErrors::single(
                                "review_threshold",
                                format!("must be a number from 0 to 1, not {val}"),
                            ))
                        })?;
                }
                other => {
                    return Err(RecordError::Validation(ValidationErrors::single(
                        other,
                        "unknown field; known: weights, review_threshold",
                    )));
                }
            }
        }
        Ok(s)
    }

    /// The tenant's settings and their version (0 when never set: the defaults).
    pub async fn load(store: &Store, scope: &Scope) -> Result<(Self, i64)> {
        match store.setting(scope, MATCHING_SETTING).await? {
            Some(s) => {
                let parsed: MatchSettings = serde_json::from_value(s.value).unwrap_or_default();
                Ok((parsed, s.version))
            }
            None => Ok((MatchSettings::default(), 0)),
        }
    }

    /// Saves validated settings; `if_match` is the version last seen.
    pub async fn save(
        store: &Store,
        scope: &Scope,
        body: &Value,
        if_match: Option<i64>,
    ) -> Result<(Self, i64)> {
        let s = Self::parse(body)?;
        let value = serde_json::to_value(s).map_err(|e| RecordError::Invalid(e.to_string()))?;
        let saved = store
            .put_setting(scope, MATCHING_SETTING, &value, if_match)
            .await?;
        Ok((s, saved.version))
    }
}
