//! Search over a tenant's candidates and requirements: derived indexes (one
//! [`Collection`] per tenant and kind, under `data_dir/search/`) fed from the store's
//! change log, queried in the recruiter's language.
//!
//! - **Freshness.** Before each search the collection applies the changes logged since
//!   its last commit (a write is findable by the next search); a background follower
//!   does the same every few seconds, so searches seldom wait. Applying a change reads
//!   the record as it is now, so applying one twice is harmless.
//! - **Crash safety.** Each commit records the last sequence applied; a restart resumes
//!   from it. A collection of another format or model, or one whose build was cut off,
//!   is rebuilt from the store (`hireloop reindex` forces that).
//! - **Rebuilds never take search away** (see `generations`): a reindex, or a new vector
//!   model, builds the next generation beside the live one and switches when it is
//!   complete. Only a tenant's very first build (nothing to answer from yet) fills the
//!   live collection, and searches meanwhile see the records indexed so far.
//! - **Vectors** come from the static embedder (distilled from MiniLM by `hireloop
//!   setup`), fast enough to embed every record. Without it, keyword search still works
//!   and semantic search answers 503. After the embedder changes, the old collection
//!   answers keyword searches (its vectors cannot be compared with the new model's) and
//!   semantic ones answer 503 until the rebuild for the new model switches in.
//! - **PostgreSQL** hands out change sequences at insert and commits in any order, so a
//!   collection there only records a sequence as applied once every change up to it is
//!   older than [`PG_SETTLE`]; changes after that point are applied again next time.

mod docs;
mod generations;
mod maintain;
mod recall;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use hireloop_ai::{Embedder, StaticEmbedder};
use hireloop_ingest::places::Gazetteer;
use hireloop_search::query::{DEFAULT_RADIUS_KM, Filter, FilterSpec, parse_filter};
use hireloop_search::{Collection, CollectionInfo, Filters, Near, POOL, Plan, QueryError};
use hireloop_store::{Backend, Entity, Scope, Store, StoreError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub use docs::{candidate_doc, requirement_doc};
pub use hireloop_search::{Fusion, Hit, Mode, TextField, approx_cosine};
pub use recall::{Recall, Recalled};

use crate::embeddings::Embedders;

/// How long a PostgreSQL change must be on file before the sequences below it are taken
/// as complete.
pub const PG_SETTLE: Duration = Duration::from_secs(5);
/// Changes read per step while catching up.
const CHANGES_PER_STEP: u32 = 2_000;
/// Records read per step of a full build.
const BUILD_PAGE: u32 = 5_000;
/// A full build commits this often, so searches see its progress.
const BUILD_COMMIT_EVERY: usize = 100_000;
/// A search applies at most this many pending changes itself before answering; more
/// are left to the follower.
const INLINE_CHANGES: usize = 5_000;
/// How long a search waits for another catch-up before answering without its own.
const INLINE_WAIT: Duration = Duration::from_secs(2);
/// Hits per page: default and most.
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;
/// Texts embedded per call while indexing.
const EMBED_BATCH: usize = 512;

/// What is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Candidates,
    Requirements,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "candidates" | "candidate" => Some(Kind::Candidates),
            "requirements" | "requirement" => Some(Kind::Requirements),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Candidates => "candidates",
            Kind::Requirements => "requirements",
        }
    }

    pub fn entity(self) -> Entity {
        match self {
            Kind::Candidates => Entity::Candidate,
            Kind::Requirements => Entity::Requirement,
        }
    }

    fn statuses(self) -> &'static [&'static str] {
        match self {
            Kind::Candidates => &["active", "placed", "inactive", "do_not_contact"],
            Kind::Requirements => &["open", "on_hold", "filled", "closed"],
        }
    }
}

/// A search as a caller asks for it.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub kind: Kind,
    /// In the query language (see [`hireloop_search::query`]).
    pub q: String,
    /// Filters given beside the query, by name (`near`, `radius`, `remote`, `available`,
    /// `rate`, `auth`, `status`, `id`) with values written as in the query.
    pub filters: Vec<(String, String)>,
    pub mode: Mode,
    /// `None`: reciprocal-rank fusion with equal weights.
    pub fusion: Option<Fusion>,
    pub limit: usize,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

impl SearchRequest {
    pub fn new(kind: Kind, q: impl Into<String>) -> Self {
        Self {
            kind,
            q: q.into(),
            filters: Vec::new(),
            mode: Mode::Hybrid,
            fusion: None,
            limit: DEFAULT_LIMIT,
            cursor: None,
        }
    }
}

/// One hit with its record.
#[derive(Debug, Clone)]
pub struct Found {
    pub id: Uuid,
    pub version: i64,
    /// The record's body as stored.
    pub record: serde_json::Value,
    pub hit: Hit,
}

/// The state of a collection, as searches report it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IndexStatus {
    pub docs: usize,
    pub last_seq: i64,
    /// The vector model (`none` without the static embedder).
    pub model: String,
    /// The first build is running: results cover the records indexed so far.
    pub building: bool,
    /// A rebuild runs in the background; results come from the previous index until it
    /// switches in.
    pub rebuilding: bool,
    /// Semantic search is available: the index's vectors come from the installed model.
    pub semantic: bool,
}

/// A page of results.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub found: Vec<Found>,
    pub total: usize,
    pub next_cursor: Option<String>,
    /// The mode that ran (hybrid without an embedder runs as keyword).
    pub mode: Mode,
    pub index: IndexStatus,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchFailure {
    /// The query, a filter or the cursor is malformed: a 422.
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("{0}")]
    Unavailable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Index(#[from] hireloop_search::SearchError),
    #[error("search task failed: {0}")]
    Task(String),
}

type Result<T, E = SearchFailure> = std::result::Result<T, E>;

struct Handle {
    tenant: hireloop_domain::ids::TenantId,
    kind: Kind,
    /// `search/<tenant>/<kind>/`, holding the generations.
    kind_dir: PathBuf,
    /// This process's lock on `kind_dir` (see `generations`).
    _lock: std::fs::File,
    /// The live generation (see `generations`).
    generation: AtomicU64,
    col: Arc<RwLock<Collection>>,
    /// One writer at a time: catch-ups and builds.
    apply: tokio::sync::Mutex<()>,
    embedder: Option<Arc<StaticEmbedder>>,
    /// The model and dimensions new vectors come from (`none`, 0 without an embedder).
    model: String,
    dims: usize,
    building: AtomicBool,
    rebuilding: AtomicBool,
    /// One rebuild at a time.
    rebuild_lock: tokio::sync::Mutex<()>,
}

impl Handle {
    fn status(&self) -> IndexStatus {
        let info: CollectionInfo = self.col.read().expect("collection lock").info();
        IndexStatus {
            semantic: self.embedder.is_some() && info.model == self.model,
            docs: info.docs,
            last_seq: info.last_seq,
            model: info.model,
            building: self.building.load(Ordering::SeqCst),
            rebuilding: self.rebuilding.load(Ordering::SeqCst),
        }
    }

    /// The live collection's vectors come from the installed model.
    fn vectors_current(&self) -> bool {
        self.embedder.is_some() && self.col.read().expect("collection lock").model() == self.model
    }
}

struct Inner {
    store: Store,
    dir: PathBuf,
    embedders: Embedders,
    places: Option<Arc<Gazetteer>>,
    open: Mutex<HashMap<(Uuid, Kind), Arc<Handle>>>,
    /// Serialises opening collections.
    opening: tokio::sync::Mutex<()>,
    /// See [`PG_SETTLE`]; zero on SQLite.
    settle: Duration,
}

/// The search service; cheap to clone.
#[derive(Clone)]
pub struct Search {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("dir", &self.inner.dir)
            .finish_non_exhaustive()
    }
}

fn task_err(e: tokio::task::JoinError) -> SearchFailure {
    SearchFailure::Task(e.to_string())
}

impl Search {
    /// Indexes under `dir`; vectors from `embedders`' static table when it is installed;
    /// `near:` resolved through `places`.
    pub fn new(
        store: Store,
        dir: PathBuf,
        embedders: Embedders,
        places: Option<Arc<Gazetteer>>,
    ) -> Self {
        let store_backend = store.backend();
        Self {
            inner: Arc::new(Inner {
                store,
                dir,
                embedders,
                places,
                open: Mutex::new(HashMap::new()),
                opening: tokio::sync::Mutex::new(()),
                settle: match store_backend {
                    Backend::Postgres => PG_SETTLE,
                    Backend::Sqlite => Duration::ZERO,
                },
            }),
        }
    }

    /// The same service taking PostgreSQL changes as complete after `settle` instead of
    /// [`PG_SETTLE`] (tests use this to observe both sides of the window).
    pub fn with_settle(self, settle: Duration) -> Self {
        let inner =
            Arc::try_unwrap(self.inner).unwrap_or_else(|_| panic!("with_settle before first use"));
        let settle = match inner.store.backend() {
            Backend::Postgres => settle,
            Backend::Sqlite => Duration::ZERO,
        };
        Self {
            inner: Arc::new(Inner { settle, ..inner }),
        }
    }

    /// How old a change must be before none older can still commit (see [`PG_SETTLE`];
    /// zero on SQLite).
    pub fn settle(&self) -> Duration {
        self.inner.settle
    }

    /// Runs a search for the scope's tenant.
    pub async fn search(&self, scope: &Scope, req: &SearchRequest) -> Result<SearchPage> {
        let parsed = hireloop_search::parse(&req.q)?;
        let mut filters = parsed.filters;
        for (name, value) in &req.filters {
            let spec = parse_filter(name, value, 0)
                .map_err(|e| QueryError::new(0, format!("parameter `{name}`: {}", e.message)))?;
            filters.push(Filter { spec, pos: 0 });
        }
        let filters = self.resolve(req.kind, &filters)?;
        let limit = req.limit.clamp(1, MAX_LIMIT);
        let digest = request_digest(req);
        let offset = match &req.cursor {
            Some(c) => read_cursor(c, &digest)?,
            None => 0,
        };
        if offset + limit > POOL && req.mode != Mode::Keyword {
            return Err(QueryError::new(
                0,
                format!("hybrid and semantic results end at {POOL}; narrow the query"),
            )
            .into());
        }
        let h = self.handle(scope, req.kind).await?;
        self.catch_up_inline(scope, &h).await?;
        let mut mode = req.mode;
        if !h.vectors_current() {
            match mode {
                Mode::Semantic if h.embedder.is_none() => {
                    return Err(SearchFailure::Unavailable(
                        "semantic search needs the static embedder: run `hireloop setup`".into(),
                    ));
                }
                Mode::Semantic => {
                    return Err(SearchFailure::Unavailable(format!(
                        "the search index is being rebuilt for the vector model {}; semantic \
                         search returns when that is done (keyword search works meanwhile)",
                        h.model
                    )));
                }
                Mode::Hybrid => mode = Mode::Keyword,
                Mode::Keyword => {}
            }
        }
        let text = parsed
            .expr
            .as_ref()
            .map(|e| e.positive_text().join(" "))
            .unwrap_or_default();
        let plan = Plan {
            expr: parsed.expr,
            filters,
            vector: None,
            mode,
            fusion: req.fusion.unwrap_or_default(),
            offset,
            limit,
            bare: false,
        };
        let handle = h.clone();
        let results = tokio::task::spawn_blocking(move || {
            let mut plan = plan;
            if plan.mode != Mode::Keyword
                && !text.trim().is_empty()
                && let Some(e) = &handle.embedder
            {
                plan.vector = e
                    .embed(&[text.as_str()])
                    .map_err(|e| SearchFailure::Unavailable(e.to_string()))?
                    .pop();
            }
            let col = handle.col.read().expect("collection lock");
            Ok::<_, SearchFailure>(col.search(&plan)?)
        })
        .await
        .map_err(task_err)??;
        let mut found = Vec::with_capacity(results.hits.len());
        for hit in results.hits {
            // A record deleted since the last catch-up is left out.
            let Some(rec) = self
                .inner
                .store
                .get(scope, req.kind.entity(), hit.id)
                .await?
            else {
                continue;
            };
            if rec.deleted_at.is_some() {
                continue;
            }
            found.push(Found {
                id: hit.id,
                version: rec.version,
                record: serde_json::from_str(&rec.data).unwrap_or(serde_json::Value::Null),
                hit,
            });
        }
        let next_cursor = results.more.then(|| format!("{}.{digest}", offset + limit));
        Ok(SearchPage {
            found,
            total: results.total,
            next_cursor,
            mode,
            index: h.status(),
        })
    }

    /// Filters with places resolved and statuses checked against `kind`.
    fn resolve(&self, kind: Kind, given: &[Filter]) -> Result<Filters> {
        let mut f = Filters::default();
        let mut seen: HashMap<&'static str, usize> = HashMap::new();
        let mut near: Option<(String, usize)> = None;
        let mut radius: Option<(f64, usize)> = None;
        for g in given {
            let name = match &g.spec {
                FilterSpec::Near(_) => "near",
                FilterSpec::RadiusKm(_) => "radius",
                FilterSpec::Remote(_) => "remote",
                FilterSpec::AvailableBy(_) => "available",
                FilterSpec::Rate { .. } => "rate",
                FilterSpec::Auth(_) => "auth",
                FilterSpec::Status(_) => "status",
                FilterSpec::Id(_) => "id",
            };
            if let Some(first) = seen.insert(name, g.pos) {
                let at = if first == 0 {
                    "as a parameter".to_string()
                } else {
                    format!("at character {first}")
                };
                return Err(QueryError::new(
                    g.pos,
                    format!("`{name}` is given twice (first {at})"),
                )
                .into());
            }
            match &g.spec {
                FilterSpec::Near(place) => near = Some((place.clone(), g.pos)),
                FilterSpec::RadiusKm(r) => radius = Some((*r, g.pos)),
                FilterSpec::Remote(m) => f.remote = m.clone(),
                FilterSpec::AvailableBy(d) => f.available_by = Some(*d),
                FilterSpec::Rate { min, max } => (f.rate_min, f.rate_max) = (*min, *max),
                FilterSpec::Auth(a) => f.auth = a.clone(),
                FilterSpec::Status(list) => {
                    let known = kind.statuses();
                    for s in list {
                        let Some(k) = known.iter().find(|k| *k == s) else {
                            return Err(QueryError::new(
                                g.pos,
                                format!(
                                    "`{s}` is not a status of {}: use {}",
                                    kind.as_str(),
                                    known.join(", ")
                                ),
                            )
                            .into());
                        };
                        f.status.push(k);
                    }
                }
                FilterSpec::Id(key) => f.exact = Some(key.clone()),
            }
        }
        match (near, radius) {
            (Some((place, pos)), radius) => {
                let places = self.inner.places.as_ref().ok_or_else(|| {
                    SearchFailure::Unavailable(
                        "place search needs the places data: run `hireloop setup`".into(),
                    )
                })?;
                let found = places
                    .resolve(&place, None)
                    .filter(|p| p.confidence >= crate::imports::places::MIN_CONFIDENCE);
                let (point, label) = found
                    .and_then(|p| {
                        let loc = p.location?;
                        Some((loc.point()?, loc.display()))
                    })
                    .ok_or_else(|| {
                        QueryError::new(pos, format!("no place called \"{place}\" that we know"))
                    })?;
                f.near = Some(Near {
                    point,
                    radius_km: radius.map_or(DEFAULT_RADIUS_KM, |r| r.0),
                    label,
                    or_relocating: false,
                });
            }
            (None, Some((_, pos))) => {
                return Err(QueryError::new(pos, "`radius:` needs `near:` a place").into());
            }
            (None, None) => {}
        }
        Ok(f)
    }

    /// The collection for the tenant and kind, opened (and built when new) on first use.
    async fn handle(&self, scope: &Scope, kind: Kind) -> Result<Arc<Handle>> {
        self.open_handle(scope, kind, true).await
    }

    /// As [`Search::handle`]; `build_new` false leaves a new collection's build to the
    /// caller (a reindex, which builds anyway).
    async fn open_handle(&self, scope: &Scope, kind: Kind, build_new: bool) -> Result<Arc<Handle>> {
        let key = (scope.tenant.as_uuid(), kind);
        if let Some(h) = self.inner.open.lock().expect("open lock").get(&key) {
            return Ok(h.clone());
        }
        let _opening = self.inner.opening.lock().await;
        if let Some(h) = self.inner.open.lock().expect("open lock").get(&key) {
            return Ok(h.clone());
        }
        let kind_dir = self
            .inner
            .dir
            .join(scope.tenant.as_uuid().to_string())
            .join(kind.as_str());
        let embedders = self.inner.embedders.clone();
        let dir = kind_dir.clone();
        let (opened, embedder, model, dims) = tokio::task::spawn_blocking(move || {
            let embedder = match embedders.static_table() {
                Ok(e) => Some(e),
                Err(e) => {
                    tracing::warn!(error = %e, "search runs without vectors (keyword only)");
                    None
                }
            };
            let (model, dims) = match &embedder {
                Some(e) => {
                    let id = e.id();
                    (format!("{}@{}", id.name, id.version), id.dims)
                }
                None => ("none".to_string(), 0),
            };
            let opened = generations::open(&dir, &model, dims)?;
            Ok::<_, SearchFailure>((opened, embedder, model, dims))
        })
        .await
        .map_err(task_err)??;
        let fresh = opened.col.info().fresh;
        let h = Arc::new(Handle {
            tenant: scope.tenant,
            kind,
            kind_dir,
            _lock: opened.lock,
            generation: AtomicU64::new(opened.generation),
            col: Arc::new(RwLock::new(opened.col)),
            apply: tokio::sync::Mutex::new(()),
            embedder,
            model,
            dims,
            building: AtomicBool::new(fresh),
            rebuilding: AtomicBool::new(false),
            rebuild_lock: tokio::sync::Mutex::new(()),
        });
        self.inner
            .open
            .lock()
            .expect("open lock")
            .insert(key, h.clone());
        if opened.stale_model && build_new {
            // The old model's collection answers keyword searches meanwhile.
            tracing::info!(
                kind = kind.as_str(),
                model = %h.model,
                "the vector model changed: rebuilding the search index in the background"
            );
            let this = self.clone();
            let (scope2, h2) = (scope.clone(), h.clone());
            tokio::spawn(async move {
                if let Err(e) = this.rebuild(&scope2, &h2).await {
                    tracing::error!(error = %e, kind = kind.as_str(), "rebuilding the search index failed");
                }
            });
        } else if fresh && build_new {
            let small =
                self.inner.store.count(scope, kind.entity()).await? <= INLINE_CHANGES as i64;
            let this = self.clone();
            let (scope2, h2) = (scope.clone(), h.clone());
            let build = async move {
                if let Err(e) = this.build(&scope2, &h2).await {
                    tracing::error!(error = %e, kind = kind.as_str(), "building the search index failed");
                }
            };
            if small {
                build.await;
            } else {
                tokio::spawn(build);
            }
        }
        Ok(h)
    }

    /// Rebuilds the tenant's collection of `kind` from the store.
    /// The live collection keeps answering until the new one is complete (except on a
    /// tenant's first build, when there is nothing to answer from).
    pub async fn reindex(&self, scope: &Scope, kind: Kind) -> Result<IndexStatus> {
        let h = self.open_handle(scope, kind, false).await?;
        let fresh = h.col.read().expect("collection lock").info().fresh;
        if fresh && !h.building.load(Ordering::SeqCst) {
            self.build(scope, &h).await?;
        } else {
            self.rebuild(scope, &h).await?;
        }
        Ok(h.status())
    }

    /// The state of the tenant's collection of `kind` (opening it if needed).
    pub async fn status(&self, scope: &Scope, kind: Kind) -> Result<IndexStatus> {
        Ok(self.handle(scope, kind).await?.status())
    }
}

/// What a cursor is bound to: the same query, filters, mode and kind.
fn request_digest(req: &SearchRequest) -> String {
    let mut h = Sha256::new();
    h.update(req.kind.as_str());
    h.update([0]);
    h.update(req.q.as_bytes());
    for (k, v) in &req.filters {
        h.update([0]);
        h.update(k.as_bytes());
        h.update([1]);
        h.update(v.as_bytes());
    }
    h.update([0]);
    h.update(req.mode.as_str());
    h.update(format!("{:?}", req.fusion).as_bytes());
    hex::encode(&h.finalize()[..6])
}

fn read_cursor(cursor: &str, digest: &str) -> Result<usize> {
    let bad = || QueryError::new(0, "parameter `cursor`: not a cursor this search gave out");
    let (offset, d) = cursor.split_once('.').ok_or_else(bad)?;
    if d != digest {
        return Err(QueryError::new(0, "parameter `cursor`: it belongs to another search").into());
    }
    offset.parse::<usize>().map_err(|_| bad().into())
}

#[cfg(test)]
mod tests;
