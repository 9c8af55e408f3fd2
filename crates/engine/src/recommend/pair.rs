//! One pair's explained score: a stored candidate or requirement, a record given in
//! full, or a raw text read by the same parsers the product's intake uses.

use chrono::NaiveDate;
use hireloop_domain::entities::{Candidate, Requirement};
use hireloop_ingest::skills::Taxonomy;
use hireloop_store::{Entity, Scope};
use serde::Serialize;
use uuid::Uuid;

use super::{Matcher, Result, corrupt, similarities};
use crate::matching::eval;
use crate::matching::{CandidateProfile, Context, Explained, History, RequirementProfile, Weights};
use crate::pipeline::{histories, track_of};

/// One side of a pair.
#[derive(Debug, Clone)]
pub enum PairInput<T> {
    Stored(Uuid),
    Given(Box<T>),
    Text(String),
}

/// A pair's score, with the stored ids when the sides were stored records.
#[derive(Debug, Clone, Serialize)]
pub struct PairScore {
    pub candidate_id: Option<Uuid>,
    pub requirement_id: Option<Uuid>,
    pub explained: Explained,
    pub model_version: String,
}

impl Matcher {
    async fn entity<T: serde::de::DeserializeOwned>(
        &self,
        scope: &Scope,
        entity: Entity,
        id: Uuid,
    ) -> Result<T> {
        let r = self.live(scope, entity, id).await?;
        serde_json::from_str(&r.data).map_err(corrupt)
    }

    /// Scores one pair. History is read when the candidate is stored (with the
    /// requirement's client when the requirement names one).
    pub async fn score_pair(
        &self,
        scope: &Scope,
        candidate: PairInput<Candidate>,
        requirement: PairInput<Requirement>,
        taxonomy: &Taxonomy,
        weights: &Weights,
        today: NaiveDate,
    ) -> Result<PairScore> {
        let (cid, cp) = match candidate {
            PairInput::Stored(id) => {
                let c: Candidate = self.entity(scope, Entity::Candidate, id).await?;
                (Some(id), CandidateProfile::new(id, &c, today))
            }
            PairInput::Given(c) => (None, CandidateProfile::new(Uuid::nil(), &c, today)),
            PairInput::Text(t) => {
                let c = eval::candidate(&t, taxonomy, today);
                (
                    None,
                    CandidateProfile::new(Uuid::nil(), &c, today).with_document(&t),
                )
            }
        };
        let (rid, rp) = match requirement {
            PairInput::Stored(id) => {
                let r: Requirement = self.entity(scope, Entity::Requirement, id).await?;
                (Some(id), RequirementProfile::new(id, &r))
            }
            PairInput::Given(r) => (None, RequirementProfile::new(Uuid::nil(), &r)),
            PairInput::Text(t) => {
                let r = eval::requirement(&t, taxonomy, today);
                (None, RequirementProfile::new(Uuid::nil(), &r))
            }
        };
        let history: History = match cid {
            Some(id) => {
                let track = track_of(&self.store, scope, &[id]).await?;
                histories(&track, rp.company)
                    .remove(&id)
                    .unwrap_or_default()
            }
            None => History::default(),
        };
        let embedder = self.embedder();
        let similarity = similarities(embedder.as_deref(), &rp.text, &[cp.text.as_str()])
            .pop()
            .unwrap_or_default();
        let ctx = Context {
            similarity,
            history,
            today,
        };
        Ok(PairScore {
            candidate_id: cid,
            requirement_id: rid,
            explained: crate::matching::score(&cp, &rp, &ctx, weights),
            model_version: self.model_version(embedder.is_some()),
        })
    }
}
