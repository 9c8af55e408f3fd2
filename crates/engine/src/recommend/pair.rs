//! One pair's explained score: a stored candidate or requirement, a record given in
//! full, or a raw text read by the same parsers the product's intake uses.

use chrono::NaiveDate;
use hireloop_domain::entities::{Candidate, Requirement};
use hireloop_ingest::skills::Taxonomy;
use hireloop_store::{Entity, Scope};
use serde::Serialize;
use uuid::Uuid;

use hireloop_ai::Embedder;

use super::{Matcher, Result, corrupt, similarities};
use crate::matching::eval;
use crate::matching::lexical::Terms;
use crate::matching::{CandidateProfile, Context, Explained, History, RequirementProfile, Weights};
use crate::pipeline::{histories, track_of};
use crate::search::{approx_cosine, candidate_doc, requirement_doc};

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
        let (cid, c, text) = match candidate {
            PairInput::Stored(id) => (
                Some(id),
                self.entity::<Candidate>(scope, Entity::Candidate, id)
                    .await?,
                None,
            ),
            PairInput::Given(c) => (None, *c, None),
            PairInput::Text(t) => (None, eval::candidate(&t, taxonomy, today), Some(t)),
        };
        let mut cp = CandidateProfile::new(cid.unwrap_or_default(), &c, today);
        if let Some(t) = &text {
            cp = cp.with_document(t);
        }
        let (rid, r) = match requirement {
            PairInput::Stored(id) => (
                Some(id),
                self.entity::<Requirement>(scope, Entity::Requirement, id)
                    .await?,
            ),
            PairInput::Given(r) => (None, *r),
            PairInput::Text(t) => (None, eval::requirement(&t, taxonomy, today)),
        };
        let rp = RequirementProfile::new(rid.unwrap_or_default(), &r);
        let history: History = match cid {
            Some(id) => {
                let track = track_of(&self.store, scope, &[id]).await?;
                histories(&track, rp.company)
                    .remove(&id)
                    .unwrap_or_default()
            }
            None => History::default(),
        };
        // The vector side compares what the index embeds for each record, estimated as
        // a list's recall estimates it (int8, the requirement as the query).
        let embedder = self.embedder();
        let semantic = embedder.as_ref().and_then(|e| {
            let a = requirement_doc(rp.id, &r, None).1;
            let b = candidate_doc(cp.id, &c).1;
            let v = e.embed(&[a.as_str(), b.as_str()]).ok()?;
            Some(f64::from(approx_cosine(&v[0], &v[1])))
        });
        let similarity = similarities(&Terms::of(&rp.text), &[&Terms::of(&cp.text)], &[semantic])
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
