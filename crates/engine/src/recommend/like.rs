//! People like a person: the candidates most like one candidate, for a recruiter who has
//! a good person and wants more of them (or a replacement when one is placed
//! elsewhere).
//!
//! The recall is the one for a person's requirements turned toward candidates: the
//! person's skills and titles as keyword alternatives, their meaning text as the vector,
//! active and placed people only, the person themselves left out. The rerank scores
//! each one against [`RequirementProfile::like`]: the person's skills both ways, their
//! profiles' meaning and words, and their titles (TF-IDF cosine with document
//! frequencies from the pool and the person). Nothing is asked about place, rate, years
//! or start date; each person's overall record is the history factor.

use std::collections::HashMap;

use hireloop_search::Filters;
use hireloop_store::{Entity, Scope};
use uuid::Uuid;

use super::{
    Direction, MAX_POOL, Matcher, Options, Recommendations, Result, person_keywords,
    prepare_candidate, recall_ranks, rerank,
};
use crate::matching::lexical::{Lexical, Terms};
use crate::matching::{Context, RequirementProfile};
use crate::pipeline::{histories, track_of};
use crate::search::{Kind, Recall, candidate_doc};

/// The TF-IDF cosine of the subject's titles with each other's (document frequencies
/// from all of them); none at all when the subject has no titles, 0 for one who has none.
fn title_similarities<'a>(
    subject: &str,
    others: impl Iterator<Item = (Uuid, &'a str)>,
) -> HashMap<Uuid, f64> {
    if subject.trim().is_empty() {
        return HashMap::new();
    }
    let others: Vec<(Uuid, Terms)> = others.map(|(id, t)| (id, Terms::of(t))).collect();
    let own = Terms::of(subject);
    let mut docs: Vec<&Terms> = Vec::with_capacity(others.len() + 1);
    docs.push(&own);
    docs.extend(others.iter().map(|(_, t)| t));
    let lex = Lexical::fit_terms(&docs);
    let sv = lex.vector_of(&own);
    others
        .iter()
        .map(|(id, t)| (*id, sv.cosine(&lex.vector_of(t))))
        .collect()
}

impl Matcher {
    /// The candidates most like `candidate`, best first.
    pub async fn candidates_like(
        &self,
        scope: &Scope,
        candidate: Uuid,
        opts: &Options,
    ) -> Result<Recommendations> {
        let (rec, c, cp) = self.person(scope, candidate, opts.today).await?;
        let rp = RequirementProfile::like(&cp);
        let filters = Filters {
            status: vec!["active", "placed"],
            ..Filters::default()
        };
        let recall = Recall {
            kind: Kind::Candidates,
            expr: person_keywords(&c),
            filters,
            meaning: candidate_doc(candidate, &c).1,
            // One more than asked: the person finds themselves first.
            pool: opts.pool.clamp(1, MAX_POOL) + 1,
        };
        let recalled = self.search()?.recall(scope, recall).await?;
        let ids: Vec<Uuid> = recalled
            .hits
            .iter()
            .map(|h| h.id)
            .filter(|id| *id != candidate)
            .collect();
        let pool = self
            .pool(
                scope,
                Entity::Candidate,
                &ids,
                opts.today,
                prepare_candidate(opts.today),
            )
            .await?;
        let pool_ids: Vec<Uuid> = pool.iter().map(|p| p.profile.id).collect();
        let track = track_of(&self.store, scope, &pool_ids).await?;
        let history = histories(&track, None);
        let roles = title_similarities(
            &cp.titles,
            pool.iter()
                .map(|p| (p.profile.id, p.profile.titles.as_str())),
        );
        let ranks = recall_ranks(&recalled);
        let (items, blocked) = rerank(
            &pool,
            &Terms::of(&cp.text),
            &ranks,
            opts.top_k,
            |other, mut sim, explain| {
                sim.role = roles.get(&other.id).copied();
                let ctx = Context {
                    similarity: sim,
                    history: history.get(&other.id).copied().unwrap_or_default(),
                    today: opts.today,
                };
                crate::matching::score_with(other, &rp, &ctx, &opts.weights, explain)
            },
        );
        let versions: Vec<(Uuid, i64)> = pool.iter().map(|p| (p.profile.id, p.version)).collect();
        self.finish(
            scope,
            Direction::CandidatesLikeCandidate,
            (candidate, rec.version),
            None,
            &versions,
            opts,
            items,
            (ids.len(), 0, blocked, recalled.semantic),
        )
        .await
    }
}
