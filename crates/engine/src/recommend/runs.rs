//! Match runs: the digest that identifies a run's inputs, and the record kept of each
//! call that produced recommendations, so a list can be shown and compared later.

use hireloop_store::{NewMatchRun, Scope, Store};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{Options, Recommendations, Result};

/// Which way a list runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    CandidatesForRequirement,
    RequirementsForCandidate,
    CandidatesLikeCandidate,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::CandidatesForRequirement => "candidates_for_requirement",
            Direction::RequirementsForCandidate => "requirements_for_candidate",
            Direction::CandidatesLikeCandidate => "candidates_like_candidate",
        }
    }
}

/// SHA-256 over what decides a list: the direction, the subject and every pool record
/// with its version (in id order), the weights, the model, "today" and the options.
/// Two runs with the same digest must give the same list.
pub fn run_digest(
    direction: Direction,
    subject: (Uuid, i64),
    pool: &[(Uuid, i64)],
    opts: &Options,
    model_version: &str,
) -> String {
    let mut pool = pool.to_vec();
    pool.sort_unstable();
    let mut h = Sha256::new();
    h.update(format!(
        "{};{}@{};{};{};{};k={};p={}\n",
        direction.as_str(),
        subject.0,
        subject.1,
        opts.weights.version(),
        model_version,
        opts.today,
        opts.top_k,
        opts.pool
    ));
    for (id, v) in pool {
        h.update(format!("{id}@{v}\n"));
    }
    hex::encode(h.finalize())
}

/// Records the run; returns its id.
pub(super) async fn record(
    store: &Store,
    scope: &Scope,
    r: &Recommendations,
    opts: &Options,
) -> Result<Uuid> {
    let results: Vec<Value> = r
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            json!({
                "rank": i + 1,
                "id": it.id,
                "score": it.explained.score,
                "factors": it.explained.factors.iter()
                    .map(|f| (f.name.as_str().to_owned(), json!(f.value)))
                    .collect::<serde_json::Map<String, Value>>(),
                // What the recruiter saw, so a run can be shown as it was.
                "reasons": it.explained.reasons(),
                "submission": it.submission.map(|(id, stage)| json!({"id": id, "stage": stage})),
            })
        })
        .collect();
    let run = NewMatchRun {
        direction: r.direction.as_str().to_owned(),
        subject_id: r.subject,
        digest: r.digest.clone(),
        weights_version: r.weights_version.clone(),
        model_version: r.model_version.clone(),
        params: json!({
            "top_k": opts.top_k, "pool": opts.pool, "today": opts.today,
            "weights": opts.weights, "recalled": r.recalled,
            "blacklisted": r.blacklisted, "blocked": r.blocked, "semantic": r.semantic,
        }),
        results: Value::from(results),
    };
    Ok(store.record_match_run(scope, &run).await?.id)
}
