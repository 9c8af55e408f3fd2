//! Keeping collections current: full builds from the store, catching up with the
//! change log (inline before a search, and the background follower), and the index
//! documents made from records.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use hireloop_ai::Embedder;
use hireloop_domain::entities::{Candidate, Company, Requirement};
use hireloop_search::Collection;
use hireloop_store::{Entity, Record, Scope};
use tokio::sync::watch;
use uuid::Uuid;

use super::{
    BUILD_COMMIT_EVERY, BUILD_PAGE, CHANGES_PER_STEP, EMBED_BATCH, Handle, INLINE_CHANGES,
    INLINE_WAIT, Kind, Result, Search, SearchFailure, candidate_doc, requirement_doc, task_err,
};

impl Search {
    /// A tenant's first build, into the live collection (searches meanwhile see what is
    /// indexed so far). Rebuilds of a complete collection go to the next generation
    /// instead: see `generations`.
    pub(super) async fn build(&self, scope: &Scope, h: &Arc<Handle>) -> Result<()> {
        let apply = h.apply.lock().await;
        h.building.store(true, Ordering::SeqCst);
        let result = self.build_into(scope, h, &h.col).await;
        h.building.store(false, Ordering::SeqCst);
        result?;
        drop(apply);
        self.catch_up(scope, h, None).await
    }

    /// Fills `target` from the store with `h`'s kind of records, committing at the
    /// change sequence the store had reached when the build started. Nothing else may
    /// write to `target` meanwhile.
    pub(super) async fn build_into(
        &self,
        scope: &Scope,
        h: &Arc<Handle>,
        target: &Arc<RwLock<Collection>>,
    ) -> Result<()> {
        let store = &self.inner.store;
        // Changes after this point are applied by the catch-up that follows (on
        // PostgreSQL, the point is the settled one: see `PG_SETTLE`).
        let upto = if self.inner.settle.is_zero() {
            store.tenant_last_change_seq(scope).await?
        } else {
            let settled = hireloop_store::now_micros() - self.inner.settle.as_micros() as i64;
            store.tenant_change_seq_before(scope, settled).await?
        };
        let started = std::time::Instant::now();
        {
            let t = target.clone();
            tokio::task::spawn_blocking(move || t.write().expect("collection lock").clear())
                .await
                .map_err(task_err)??;
        }
        let companies = if h.kind == Kind::Requirements {
            self.company_names(scope).await?
        } else {
            HashMap::new()
        };
        let companies = Arc::new(companies);
        let mut after = None;
        let mut done = 0usize;
        let mut since_commit = 0usize;
        loop {
            let page = store
                .live_records_after(scope, h.kind.entity(), after, BUILD_PAGE)
                .await?;
            let Some(last) = page.last() else {
                break;
            };
            after = Some(last.id);
            let n = page.len();
            let (h2, t, companies) = (h.clone(), target.clone(), companies.clone());
            tokio::task::spawn_blocking(move || {
                let docs = make_docs(&h2, &page, &companies);
                let mut col = t.write().expect("collection lock");
                for d in &docs {
                    col.upsert(d)?;
                }
                Ok::<_, SearchFailure>(())
            })
            .await
            .map_err(task_err)??;
            done += n;
            since_commit += n;
            if since_commit >= BUILD_COMMIT_EVERY {
                since_commit = 0;
                let t = target.clone();
                tokio::task::spawn_blocking(move || {
                    t.write().expect("collection lock").commit_partial()
                })
                .await
                .map_err(task_err)??;
                tracing::info!(
                    kind = h.kind.as_str(),
                    records = done,
                    "search index build in progress"
                );
            }
        }
        let t = target.clone();
        tokio::task::spawn_blocking(move || t.write().expect("collection lock").commit(upto))
            .await
            .map_err(task_err)??;
        tracing::info!(
            kind = h.kind.as_str(),
            records = done,
            seconds = started.elapsed().as_secs_f64(),
            "search index built"
        );
        Ok(())
    }

    /// The names of the companies `requirements` belong to.
    async fn companies_of(
        &self,
        scope: &Scope,
        requirements: &[Record],
    ) -> Result<HashMap<Uuid, String>> {
        let ids: BTreeSet<Uuid> = requirements
            .iter()
            .filter_map(|r| {
                serde_json::from_str::<Requirement>(&r.data)
                    .ok()?
                    .company_id
            })
            .map(|c| c.as_uuid())
            .collect();
        let mut out = HashMap::new();
        for id in ids {
            if let Some(r) = self.inner.store.get(scope, Entity::Company, id).await?
                && let Ok(c) = serde_json::from_str::<Company>(&r.data)
            {
                out.insert(id, c.name);
            }
        }
        Ok(out)
    }

    async fn company_names(&self, scope: &Scope) -> Result<HashMap<Uuid, String>> {
        let mut out = HashMap::new();
        let mut after = None;
        loop {
            let page = self
                .inner
                .store
                .live_records_after(scope, Entity::Company, after, BUILD_PAGE)
                .await?;
            let Some(last) = page.last() else {
                break;
            };
            after = Some(last.id);
            for r in &page {
                if let Ok(c) = serde_json::from_str::<Company>(&r.data) {
                    out.insert(r.id, c.name);
                }
            }
        }
        Ok(out)
    }

    /// A search's own catch-up (at most [`INLINE_CHANGES`]), so a write is found by the
    /// next search. It waits for another catch-up to finish, but not for a first build:
    /// that holds the lock for minutes, and its catch-up follows it.
    pub(super) async fn catch_up_inline(&self, scope: &Scope, h: &Arc<Handle>) -> Result<()> {
        if h.building.load(Ordering::SeqCst) {
            return Ok(());
        }
        match tokio::time::timeout(INLINE_WAIT, h.apply.lock()).await {
            Ok(apply) => {
                self.catch_up_locked(scope, h, Some(INLINE_CHANGES), apply)
                    .await
            }
            Err(_) => Ok(()),
        }
    }

    /// Applies the changes logged since the collection's last commit (at most `budget`
    /// of them when given; the follower takes the rest).
    pub(super) async fn catch_up(
        &self,
        scope: &Scope,
        h: &Arc<Handle>,
        budget: Option<usize>,
    ) -> Result<()> {
        let apply = h.apply.lock().await;
        self.catch_up_locked(scope, h, budget, apply).await
    }

    async fn catch_up_locked(
        &self,
        scope: &Scope,
        h: &Arc<Handle>,
        budget: Option<usize>,
        _apply: tokio::sync::MutexGuard<'_, ()>,
    ) -> Result<()> {
        if h.building.load(Ordering::SeqCst) {
            return Ok(());
        }
        self.apply_changes(scope, h, &h.col, budget).await
    }

    /// Applies to `target` (the live collection or a rebuild's new one) the changes
    /// logged since its last commit. The caller is `target`'s only writer meanwhile.
    pub(super) async fn apply_changes(
        &self,
        scope: &Scope,
        h: &Arc<Handle>,
        target: &Arc<RwLock<Collection>>,
        budget: Option<usize>,
    ) -> Result<()> {
        let store = &self.inner.store;
        let settle = self.inner.settle.as_micros() as i64;
        let mut applied = 0usize;
        // Beyond the settled point, changes are applied but not recorded as applied;
        // skip those already applied this round.
        let mut after = target.read().expect("collection lock").last_seq();
        loop {
            let changes = store.changes_since(scope, after, CHANGES_PER_STEP).await?;
            let Some(newest) = changes.last().map(|c| c.seq) else {
                break;
            };
            let now = hireloop_store::now_micros();
            // The settled prefix: every change up to it is old enough that nothing
            // before it can still commit.
            let settled = if settle == 0 {
                newest
            } else {
                let cut = changes.iter().position(|c| now - c.at < settle);
                match cut {
                    None => newest,
                    Some(0) => target.read().expect("collection lock").last_seq(),
                    Some(i) => changes[i - 1].seq,
                }
            };
            let entity = h.kind.entity().name();
            let mut ids: BTreeSet<Uuid> = changes
                .iter()
                .filter(|c| c.entity == entity)
                .filter_map(|c| Uuid::parse_str(&c.entity_id).ok())
                .collect();
            // A requirement shows its company's name: a company's change re-indexes the
            // requirements that name it.
            if h.kind == Kind::Requirements {
                let company = Entity::Company.name();
                let col = target.read().expect("collection lock");
                for c in changes.iter().filter(|c| c.entity == company) {
                    if let Ok(id) = Uuid::parse_str(&c.entity_id) {
                        ids.extend(col.referencing(id)?);
                    }
                }
            }
            let mut live = Vec::new();
            let mut gone = Vec::new();
            for id in ids {
                match store.get(scope, h.kind.entity(), id).await? {
                    Some(r) if r.deleted_at.is_none() => live.push(r),
                    _ => gone.push(id),
                }
            }
            // Only the companies these requirements name (a full build reads them all once).
            let companies = if h.kind == Kind::Requirements {
                self.companies_of(scope, &live).await?
            } else {
                HashMap::new()
            };
            let commit_at = settled.max(target.read().expect("collection lock").last_seq());
            let (h2, t) = (h.clone(), target.clone());
            tokio::task::spawn_blocking(move || {
                let docs = make_docs(&h2, &live, &companies);
                let mut col = t.write().expect("collection lock");
                for d in &docs {
                    col.upsert(d)?;
                }
                for id in gone {
                    col.remove(id)?;
                }
                col.commit(commit_at)?;
                Ok::<_, SearchFailure>(())
            })
            .await
            .map_err(task_err)??;
            applied += changes.len();
            after = newest;
            if changes.len() < CHANGES_PER_STEP as usize || budget.is_some_and(|b| applied >= b) {
                break;
            }
        }
        Ok(())
    }

    /// Keeps every open collection caught up until `stop` turns true.
    pub async fn follow(self, mut stop: watch::Receiver<bool>, every: Duration) {
        loop {
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                return;
            }
            let open: Vec<((Uuid, Kind), Arc<Handle>)> = self
                .inner
                .open
                .lock()
                .expect("open lock")
                .iter()
                .map(|(k, v)| (*k, v.clone()))
                .collect();
            for (_, h) in open {
                if h.building.load(Ordering::SeqCst) {
                    continue;
                }
                let scope = Scope::system(h.tenant, "search");
                if let Err(e) = self.catch_up(&scope, &h, None).await {
                    tracing::warn!(error = %e, kind = h.kind.as_str(), "search follower could not catch up");
                }
            }
        }
    }
}

/// Index documents for `records`, embedded in batches (on both cores when there are
/// many). Records whose body no longer parses are skipped with a warning.
fn make_docs(
    h: &Handle,
    records: &[Record],
    companies: &HashMap<Uuid, String>,
) -> Vec<hireloop_search::Doc> {
    let mut docs = Vec::with_capacity(records.len());
    let mut texts = Vec::with_capacity(records.len());
    for r in records {
        let built = match h.kind {
            Kind::Candidates => {
                serde_json::from_str::<Candidate>(&r.data).map(|c| candidate_doc(r.id, &c))
            }
            Kind::Requirements => serde_json::from_str::<Requirement>(&r.data).map(|q| {
                let company = q
                    .company_id
                    .and_then(|c| companies.get(&c.as_uuid()))
                    .map(String::as_str);
                requirement_doc(r.id, &q, company)
            }),
        };
        match built {
            Ok((d, t)) => {
                docs.push(d);
                texts.push(t);
            }
            Err(e) => tracing::warn!(id = %r.id, error = %e, "record skipped by the search index"),
        }
    }
    if let Some(e) = &h.embedder {
        let embed = |chunk: &[String]| -> Vec<Option<Vec<f32>>> {
            chunk
                .chunks(EMBED_BATCH)
                .flat_map(|b| {
                    let refs: Vec<&str> = b.iter().map(String::as_str).collect();
                    match e.embed(&refs) {
                        Ok(v) => v.into_iter().map(Some).collect::<Vec<_>>(),
                        Err(err) => {
                            tracing::warn!(error = %err, "embedding for the search index failed");
                            vec![None; b.len()]
                        }
                    }
                })
                .collect()
        };
        let vectors: Vec<Option<Vec<f32>>> = if texts.len() >= 2 * EMBED_BATCH {
            let (a, b) = texts.split_at(texts.len() / 2);
            std::thread::scope(|s| {
                let first = s.spawn(|| embed(a));
                let mut second = embed(b);
                let mut out = first.join().unwrap_or_else(|_| vec![None; a.len()]);
                out.append(&mut second);
                out
            })
        } else {
            embed(&texts)
        };
        for ((d, v), t) in docs.iter_mut().zip(vectors).zip(&texts) {
            // An empty text has no meaning to compare.
            d.vector = v.filter(|_| !t.trim().is_empty());
        }
    }
    docs
}
