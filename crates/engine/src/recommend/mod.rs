//! Recommendations in both directions: the best candidates for a requirement and the
//! best open requirements for a candidate, each with its explained score; and the
//! people most like a person ([`like`]).
//!
//! 1. Recall: the hard filters (candidate status, accepted work authorisations, the
//!    onsite radius unless willing to relocate) go to the index with the subject's
//!    skills and title as keyword alternatives and its meaning text as the vector; the
//!    hybrid search returns a pool.
//! 2. The pool's prepared profiles come from the process's [`Profiles`] cache; the
//!    rest are read in one statement, prepared and kept. Those the client has
//!    blacklisted (or, for a candidate, whose client blacklisted them) are dropped and
//!    counted.
//! 3. Rerank: every pair is valued by [`crate::matching::score_with`] with text similarities
//!    (the recall's int8 estimate of the vector cosine of the two records' meaning
//!    texts, as the index embeds them; TF-IDF cosine of their profiles with document
//!    frequencies from the pool and the subject) and the candidate's recorded outcomes.
//!    Pairs with a blocker are dropped. Ties break by id, so the same data, weights and
//!    model version give the same list. Only the listed pairs are explained (their
//!    reasons are most of a score's cost). Their submissions are looked up in one
//!    statement.
//! 4. Each call that produces recommendations is recorded as a match run: the digest of
//!    its inputs, the weights version and the ranked results.

mod like;
mod pair;
pub mod profiles;
mod queue;
mod runs;
pub mod settings;
mod warm;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use hireloop_ai::{Embedder, StaticEmbedder};
use hireloop_domain::entities::{Candidate, Requirement};
use hireloop_domain::pipeline::Stage;
use hireloop_domain::values::RemoteMode;
use hireloop_search::{Expr, Filters, Near};
use hireloop_store::{Entity, Record, Scope, Store, StoreError};
use serde::Serialize;
use std::sync::Arc;
use uuid::Uuid;

use crate::embeddings::Embedders;
use crate::matching::lexical::{Lexical, Terms};
use crate::matching::{
    CandidateProfile, Context, Explained, History, MODEL_VERSION, RequirementProfile, Similarity,
    Weights,
};
use crate::pipeline::{histories, track_of};
use crate::records::RecordError;
use crate::search::{Kind, Recall, Search, candidate_doc, requirement_doc};

pub use pair::{PairInput, PairScore};
pub use profiles::Profiles;
use profiles::{Prepared, prepare_all};
pub use queue::per_mille;
pub use runs::{Direction, run_digest};

/// Onsite requirements recall candidates within this distance (the location factor's
/// outer commute band), and people willing to relocate from anywhere.
pub const ONSITE_RADIUS_KM: f64 = 150.0;

/// The default and largest recall pools.
pub const DEFAULT_POOL: usize = 300;
pub const MAX_POOL: usize = 1000;
pub const MAX_TOP_K: usize = 100;

/// Why recommendations could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RecommendError {
    #[error(transparent)]
    Record(#[from] RecordError),
    /// Recommendations need the search index, which this node does not run.
    #[error("{0}")]
    Unavailable(String),
    #[error(transparent)]
    Search(#[from] crate::search::SearchFailure),
}

impl From<StoreError> for RecommendError {
    fn from(e: StoreError) -> Self {
        RecommendError::Record(e.into())
    }
}

type Result<T, E = RecommendError> = std::result::Result<T, E>;

/// How to rank.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub top_k: usize,
    pub pool: usize,
    pub weights: Weights,
    /// "Today" for availability; a fixed date makes a run replayable.
    pub today: NaiveDate,
    /// Record the call as a match run.
    pub record: bool,
}

impl Options {
    pub fn new(weights: Weights, today: NaiveDate) -> Self {
        Self {
            top_k: 10,
            pool: DEFAULT_POOL,
            weights,
            today,
            record: true,
        }
    }
}

/// One ranked record.
#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub id: Uuid,
    /// A candidate's name or a requirement's title.
    pub label: String,
    pub explained: Explained,
    /// The existing submission of this pair, if any.
    pub submission: Option<(Uuid, Stage)>,
    /// Rank on the keyword and semantic sides of the recall.
    pub keyword_rank: Option<usize>,
    pub semantic_rank: Option<usize>,
}

/// A ranked list and how it was made.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendations {
    pub direction: Direction,
    pub subject: Uuid,
    /// A requirement's client (candidates for a requirement only).
    pub company: Option<Uuid>,
    pub items: Vec<Ranked>,
    /// Hits the recall returned.
    pub recalled: usize,
    /// Dropped: blacklisted pairs, and pairs with a blocker.
    pub blacklisted: usize,
    pub blocked: usize,
    pub weights_version: String,
    pub model_version: String,
    /// Whether the vector side took part in recall and similarity.
    pub semantic: bool,
    pub digest: String,
    pub run_id: Option<Uuid>,
}

/// The matching service; cheap to clone.
#[derive(Clone)]
pub struct Matcher {
    store: Store,
    search: Option<Search>,
    embedders: Embedders,
    profiles: Arc<Profiles>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher").finish_non_exhaustive()
    }
}

fn corrupt(e: serde_json::Error) -> RecommendError {
    RecommendError::Record(RecordError::Store(StoreError::Corrupt(e.to_string())))
}

/// The subject's skills and title as keyword alternatives.
fn alternatives<'a>(names: impl Iterator<Item = &'a str>) -> Option<Expr> {
    let mut seen = HashSet::new();
    let parts: Vec<Expr> = names
        .map(str::trim)
        .filter(|n| !n.is_empty() && seen.insert(n.to_lowercase()))
        .map(|n| {
            if n.split_whitespace().count() > 1 {
                Expr::Phrase {
                    field: None,
                    text: n.to_owned(),
                    pos: 0,
                }
            } else {
                Expr::Term {
                    field: None,
                    text: n.to_owned(),
                    pos: 0,
                }
            }
        })
        .collect();
    (!parts.is_empty()).then_some(Expr::Or(parts))
}

/// A person's skills and their headline and two latest job titles as keyword
/// alternatives (the recall of requirements for them, and of people like them).
fn person_keywords(c: &Candidate) -> Option<Expr> {
    let titles = c.headline.iter().map(String::as_str).chain(
        c.experience
            .iter()
            .take(2)
            .filter_map(|p| p.title.as_deref()),
    );
    alternatives(c.skills.iter().map(|s| s.name().as_str()).chain(titles))
}

/// A stored candidate's prepared profile and name, as of `today`.
fn prepare_candidate(today: NaiveDate) -> impl Fn(&Record) -> Result<(CandidateProfile, String)> {
    move |r| {
        let c: Candidate = serde_json::from_str(&r.data).map_err(corrupt)?;
        Ok((CandidateProfile::new(r.id, &c, today), c.name()))
    }
}

/// Text similarities of one subject against many: the vector cosine each one brings
/// (from the recall, or computed for a pair), and TF-IDF cosine with document
/// frequencies taken from the subject and the others.
fn similarities(subject: &Terms, others: &[&Terms], semantic: &[Option<f64>]) -> Vec<Similarity> {
    let mut docs: Vec<&Terms> = Vec::with_capacity(others.len() + 1);
    docs.push(subject);
    docs.extend_from_slice(others);
    let lex = Lexical::fit_terms(&docs);
    let sv = lex.vector_of(subject);
    others
        .iter()
        .zip(semantic)
        .map(|(o, sem)| Similarity {
            semantic: *sem,
            lexical: Some(sv.cosine(&lex.vector_of(o))),
            role: None,
        })
        .collect()
}

/// A hit's keyword rank, semantic rank and vector similarity to the subject.
type RecallRank = (Option<usize>, Option<usize>, Option<f64>);

/// Each hit's [`RecallRank`]; the similarity is the cosine of the subject's meaning
/// vector and the record's, exact in f32.
fn recall_ranks(recalled: &crate::search::Recalled) -> HashMap<Uuid, RecallRank> {
    recalled
        .hits
        .iter()
        .map(|h| {
            let sim = if recalled.semantic {
                h.similarity.map(f64::from)
            } else {
                None
            };
            (h.id, (h.keyword.map(|k| k.0), h.semantic_rank, sim))
        })
        .collect()
}

/// Scores every pool member against the subject (`score` gets the member, its text
/// similarities and whether to explain), drops blocked pairs, ranks best first (ties by
/// id) and keeps the top `top_k`. Every member is valued without reasons first; only the
/// ones kept are explained (the same score to the bit). Returns them and how many were
/// blocked.
fn rerank<P: profiles::Kept>(
    pool: &[Prepared<P>],
    subject: &Terms,
    ranks: &HashMap<Uuid, RecallRank>,
    top_k: usize,
    mut score: impl FnMut(&P, Similarity, bool) -> Explained,
) -> (Vec<Ranked>, usize) {
    let texts: Vec<&Terms> = pool.iter().map(|p| p.terms.as_ref()).collect();
    let semantic: Vec<Option<f64>> = pool
        .iter()
        .map(|p| ranks.get(&p.profile.id()).and_then(|r| r.2))
        .collect();
    let sims = similarities(subject, &texts, &semantic);
    let mut blocked = 0;
    let mut valued: Vec<(f64, Uuid, usize)> = Vec::with_capacity(pool.len());
    for (i, (p, sim)) in pool.iter().zip(&sims).enumerate() {
        let quick = score(&p.profile, *sim, false);
        if !quick.blockers.is_empty() {
            blocked += 1;
            continue;
        }
        valued.push((quick.score, p.profile.id(), i));
    }
    valued.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    valued.truncate(top_k.clamp(1, MAX_TOP_K));
    let items = valued
        .into_iter()
        .map(|(_, id, i)| {
            let p = &pool[i];
            let (keyword_rank, semantic_rank, _) = ranks.get(&id).copied().unwrap_or_default();
            Ranked {
                id,
                label: p.label.clone(),
                explained: score(&p.profile, sims[i], true),
                submission: None,
                keyword_rank,
                semantic_rank,
            }
        })
        .collect();
    (items, blocked)
}

/// The pool without the members `barred` says no to, and how many that was.
fn without<P>(pool: Vec<Prepared<P>>, barred: impl Fn(&P) -> bool) -> (Vec<Prepared<P>>, usize) {
    let before = pool.len();
    let kept: Vec<Prepared<P>> = pool.into_iter().filter(|p| !barred(&p.profile)).collect();
    let dropped = before - kept.len();
    (kept, dropped)
}

impl Matcher {
    /// A matcher with its own profile cache.
    pub fn new(store: Store, search: Option<Search>, embedders: Embedders) -> Self {
        Self {
            store,
            search,
            embedders,
            profiles: Arc::new(Profiles::default()),
        }
    }

    /// The same matcher keeping its prepared profiles in `profiles` (one per process,
    /// shared by every request).
    pub fn with_profiles(self, profiles: Arc<Profiles>) -> Self {
        Self { profiles, ..self }
    }

    /// The pool's prepared profiles, in recall order: those held in the cache, the rest
    /// read in one statement, prepared with `prepare` and kept. Records deleted since
    /// the recall are left out.
    async fn pool<P: profiles::Kept + Send + Sync + 'static>(
        &self,
        scope: &Scope,
        entity: Entity,
        ids: &[Uuid],
        today: NaiveDate,
        prepare: impl Fn(&Record) -> Result<(P, String)> + Send + Sync + 'static,
    ) -> Result<Vec<Prepared<P>>> {
        let settle = self.search()?.settle();
        let epoch = self.profiles.sync(&self.store, scope, settle).await?;
        let held: Vec<Option<Prepared<P>>> = self.profiles.get(scope, ids, today);
        let missing: Vec<Uuid> = ids
            .iter()
            .zip(&held)
            .filter(|(_, h)| h.is_none())
            .map(|(id, _)| *id)
            .collect();
        let mut fresh: HashMap<Uuid, Prepared<P>> = HashMap::with_capacity(missing.len());
        if !missing.is_empty() {
            let records = self.store.live_records_in(scope, entity, &missing).await?;
            // A first visit prepares a few hundred profiles, milliseconds of CPU: off the
            // request threads, and split across the cores.
            let made = tokio::task::spawn_blocking(move || {
                prepare_all(&records, |r| Prepared::of(r, today, &prepare))
            })
            .await
            .map_err(|e| RecommendError::Unavailable(format!("preparing profiles: {e}")))??;
            fresh.extend(made);
            let keep: Vec<(Uuid, Prepared<P>)> =
                fresh.iter().map(|(id, p)| (*id, p.clone())).collect();
            self.profiles.insert(scope, epoch, keep);
        }
        Ok(ids
            .iter()
            .zip(held)
            .filter_map(|(id, h)| h.or_else(|| fresh.remove(id)))
            .collect())
    }

    fn search(&self) -> Result<&Search> {
        self.search.as_ref().ok_or_else(|| {
            RecommendError::Unavailable("recommendations need the search index".into())
        })
    }

    fn embedder(&self) -> Option<Arc<StaticEmbedder>> {
        self.embedders.static_table().ok()
    }

    async fn live(&self, scope: &Scope, entity: Entity, id: Uuid) -> Result<Record> {
        match self.store.get(scope, entity, id).await? {
            Some(r) if r.deleted_at.is_none() => Ok(r),
            _ => Err(RecordError::NotFound.into()),
        }
    }

    /// A live candidate's record, fields and prepared profile.
    async fn person(
        &self,
        scope: &Scope,
        id: Uuid,
        today: NaiveDate,
    ) -> Result<(Record, Candidate, CandidateProfile)> {
        let rec = self.live(scope, Entity::Candidate, id).await?;
        let c: Candidate = serde_json::from_str(&rec.data).map_err(corrupt)?;
        let cp = CandidateProfile::new(id, &c, today);
        Ok((rec, c, cp))
    }

    /// The best candidates for a requirement.
    pub async fn candidates_for(
        &self,
        scope: &Scope,
        requirement: Uuid,
        opts: &Options,
    ) -> Result<Recommendations> {
        let rec = self.live(scope, Entity::Requirement, requirement).await?;
        let req: Requirement = serde_json::from_str(&rec.data).map_err(corrupt)?;
        let rp = RequirementProfile::new(requirement, &req);
        let mut filters = Filters {
            status: vec!["active", "placed"],
            auth: req.work_authorizations.clone(),
            ..Filters::default()
        };
        if req.remote_mode == Some(RemoteMode::Onsite)
            && let Some(point) = rp.point
        {
            filters.near = Some(Near {
                point,
                radius_km: ONSITE_RADIUS_KM,
                label: rp.place.clone().unwrap_or_default(),
                or_relocating: true,
            });
        }
        let names = req
            .required_skills
            .iter()
            .chain(&req.preferred_skills)
            .map(|s| s.name().as_str())
            .chain(std::iter::once(req.title.as_str()));
        let recall = Recall {
            kind: Kind::Candidates,
            expr: alternatives(names),
            filters,
            meaning: requirement_doc(requirement, &req, None).1,
            pool: opts.pool.clamp(1, MAX_POOL),
        };
        let recalled = self.search()?.recall(scope, recall).await?;
        let ids: Vec<Uuid> = recalled.hits.iter().map(|h| h.id).collect();
        let prepared = self
            .pool(
                scope,
                Entity::Candidate,
                &ids,
                opts.today,
                prepare_candidate(opts.today),
            )
            .await?;
        let blacklist: HashSet<Uuid> = match rp.company {
            Some(company) => self
                .store
                .blacklist_of(scope, company)
                .await?
                .into_iter()
                .map(|b| b.candidate_id)
                .collect(),
            None => HashSet::new(),
        };
        let (pool, blacklisted) = without(prepared, |c| blacklist.contains(&c.id));
        let pool_ids: Vec<Uuid> = pool.iter().map(|p| p.profile.id).collect();
        let track = track_of(&self.store, scope, &pool_ids).await?;
        let history = histories(&track, rp.company);
        let ranks = recall_ranks(&recalled);
        let (mut items, blocked) = rerank(
            &pool,
            &Terms::of(&rp.text),
            &ranks,
            opts.top_k,
            |cp, sim, explain| {
                let ctx = Context {
                    similarity: sim,
                    history: history.get(&cp.id).copied().unwrap_or_default(),
                    today: opts.today,
                };
                crate::matching::score_with(cp, &rp, &ctx, &opts.weights, explain)
            },
        );
        self.mark_submitted(scope, &mut items, |id| (requirement, id))
            .await?;
        let versions: Vec<(Uuid, i64)> = pool.iter().map(|p| (p.profile.id, p.version)).collect();
        self.finish(
            scope,
            Direction::CandidatesForRequirement,
            (requirement, rec.version),
            rp.company,
            &versions,
            opts,
            items,
            (ids.len(), blacklisted, blocked, recalled.semantic),
        )
        .await
    }

    /// The best open requirements for a candidate.
    pub async fn requirements_for(
        &self,
        scope: &Scope,
        candidate: Uuid,
        opts: &Options,
    ) -> Result<Recommendations> {
        let (rec, c, cp) = self.person(scope, candidate, opts.today).await?;
        let filters = Filters {
            status: vec!["open"],
            auth: vec![c.work_authorization],
            ..Filters::default()
        };
        let recall = Recall {
            kind: Kind::Requirements,
            expr: person_keywords(&c),
            filters,
            meaning: candidate_doc(candidate, &c).1,
            pool: opts.pool.clamp(1, MAX_POOL),
        };
        let recalled = self.search()?.recall(scope, recall).await?;
        let ids: Vec<Uuid> = recalled.hits.iter().map(|h| h.id).collect();
        let prepared = self
            .pool(scope, Entity::Requirement, &ids, opts.today, |r| {
                let q: Requirement = serde_json::from_str(&r.data).map_err(corrupt)?;
                Ok((RequirementProfile::new(r.id, &q), q.title))
            })
            .await?;
        let barred: HashSet<Uuid> = self
            .store
            .blacklisted_by(scope, candidate)
            .await?
            .into_iter()
            .collect();
        let (pool, blacklisted) =
            without(prepared, |r| r.company.is_some_and(|c| barred.contains(&c)));
        let track = track_of(&self.store, scope, &[candidate]).await?;
        let ranks = recall_ranks(&recalled);
        // The person's record with each client, counted once per client.
        let mut by_client: HashMap<Option<Uuid>, History> = HashMap::new();
        let (mut items, blocked) = rerank(
            &pool,
            &Terms::of(&cp.text),
            &ranks,
            opts.top_k,
            |rp, sim, explain| {
                let history = *by_client.entry(rp.company).or_insert_with(|| {
                    histories(&track, rp.company)
                        .remove(&candidate)
                        .unwrap_or_default()
                });
                let ctx = Context {
                    similarity: sim,
                    history,
                    today: opts.today,
                };
                crate::matching::score_with(&cp, rp, &ctx, &opts.weights, explain)
            },
        );
        self.mark_submitted(scope, &mut items, |id| (id, candidate))
            .await?;
        let versions: Vec<(Uuid, i64)> = pool.iter().map(|p| (p.profile.id, p.version)).collect();
        self.finish(
            scope,
            Direction::RequirementsForCandidate,
            (candidate, rec.version),
            None,
            &versions,
            opts,
            items,
            (ids.len(), blacklisted, blocked, recalled.semantic),
        )
        .await
    }

    /// Marks the listed pairs already submitted (one statement); `pair` gives
    /// (requirement, candidate) of a listed id.
    async fn mark_submitted(
        &self,
        scope: &Scope,
        items: &mut [Ranked],
        pair: impl Fn(Uuid) -> (Uuid, Uuid),
    ) -> Result<()> {
        let pairs: Vec<(Uuid, Uuid)> = items.iter().map(|it| pair(it.id)).collect();
        let found: HashMap<(Uuid, Uuid), (Uuid, Stage)> = self
            .store
            .submissions_of(scope, &pairs)
            .await?
            .into_iter()
            .map(|s| ((s.requirement_id, s.candidate_id), (s.id, s.stage)))
            .collect();
        for (it, p) in items.iter_mut().zip(&pairs) {
            it.submission = found.get(p).copied();
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn finish(
        &self,
        scope: &Scope,
        direction: Direction,
        subject: (Uuid, i64),
        company: Option<Uuid>,
        pool: &[(Uuid, i64)],
        opts: &Options,
        items: Vec<Ranked>,
        (recalled, blacklisted, blocked, semantic): (usize, usize, usize, bool),
    ) -> Result<Recommendations> {
        let model_version = self.model_version(semantic);
        let digest = run_digest(direction, subject, pool, opts, &model_version);
        let mut out = Recommendations {
            direction,
            subject: subject.0,
            company,
            items,
            recalled,
            blacklisted,
            blocked,
            weights_version: opts.weights.version(),
            model_version,
            semantic,
            digest,
            run_id: None,
        };
        if opts.record {
            out.run_id = Some(runs::record(&self.store, scope, &out, opts).await?);
        }
        Ok(out)
    }

    /// The matching model and the vector model its similarities came from.
    fn model_version(&self, semantic: bool) -> String {
        let vectors = if semantic {
            self.embedder()
                .map(|e| {
                    let id = e.id();
                    format!("{}@{}", id.name, id.version)
                })
                .unwrap_or_else(|| "none".into())
        } else {
            "none".into()
        };
        format!("{MODEL_VERSION}+{vectors}")
    }
}
