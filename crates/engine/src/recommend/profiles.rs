//! Prepared profiles kept between calls, so a list does not read and parse its whole
//! pool every time: each entry is a record's profile at a version, built for a "today".
//!
//! The cache follows the tenant's change log, as the search index does. Before each
//! use it reads the changes logged since its cursor and drops the records they name.
//! On PostgreSQL a change can commit after one with a higher sequence, so the cursor
//! only moves to the settled point (see [`crate::search::PG_SETTLE`]); newer changes are
//! read again, and evict again, until they settle. A profile read from the database goes
//! in only if no change arrived between the sync before the read and the insert (the
//! epoch), so a read racing a write never leaves a stale entry behind.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::NaiveDate;
use hireloop_domain::ids::TenantId;
use hireloop_store::{Entity, Record, Scope, Store, StoreError};
use uuid::Uuid;

use crate::matching::lexical::Terms;
use crate::matching::{CandidateProfile, RequirementProfile};

/// Profiles kept per process, all tenants together; past it, a tenant's oldest
/// entries go first. A million people's prepared profiles take about 2.2 GiB; the
/// memory grows with the people a node actually serves.
pub const DEFAULT_CAPACITY: usize = 1_000_000;
/// Changes read per sync; more than this since the last call empties the tenant's
/// entries instead.
const CHANGES_PER_SYNC: u32 = 5_000;

/// A prepared record: its profile, the name or title a list shows, and the version and
/// "today" it was built from.
#[derive(Debug)]
pub struct Prepared<P> {
    pub profile: Arc<P>,
    /// The profile's text, split for TF-IDF.
    pub terms: Arc<Terms>,
    pub label: String,
    pub version: i64,
    pub today: NaiveDate,
}

impl<P> Prepared<P> {
    /// Prepares a record read at `today`.
    pub(crate) fn of<E>(
        r: &Record,
        today: NaiveDate,
        prepare: impl Fn(&Record) -> Result<(P, String), E>,
    ) -> Result<Self, E>
    where
        P: Kept,
    {
        let (profile, label) = prepare(r)?;
        Ok(Self {
            terms: Arc::new(Terms::of(profile.text())),
            profile: Arc::new(profile),
            label,
            version: r.version,
            today,
        })
    }
}

impl<P> Clone for Prepared<P> {
    fn clone(&self) -> Self {
        Self {
            profile: self.profile.clone(),
            terms: self.terms.clone(),
            label: self.label.clone(),
            version: self.version,
            today: self.today,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Slot<P> {
    prepared: Prepared<P>,
    /// Insertion order, for eviction past the capacity.
    order: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Tenant {
    /// The change sequence followed to; `None` until the first sync.
    cursor: Option<i64>,
    /// Bumped whenever a sync sees changes.
    epoch: u64,
    candidates: HashMap<Uuid, Slot<CandidateProfile>>,
    requirements: HashMap<Uuid, Slot<RequirementProfile>>,
    /// Every insert in order: (order, id, a candidate's), the oldest in front. An entry
    /// a change dropped or a later insert replaced stays until it reaches the front (or
    /// a compaction), and is then passed over: its order no longer matches.
    inserted: VecDeque<(u64, Uuid, bool)>,
}

impl Tenant {
    fn len(&self) -> usize {
        self.candidates.len() + self.requirements.len()
    }

    fn clear(&mut self) {
        self.candidates.clear();
        self.requirements.clear();
        self.inserted.clear();
    }

    /// Whether `(order, id)` is still what the cache holds for `id`.
    fn current(&self, order: u64, id: &Uuid, candidate: bool) -> bool {
        if candidate {
            self.candidates.get(id).is_some_and(|s| s.order == order)
        } else {
            self.requirements.get(id).is_some_and(|s| s.order == order)
        }
    }
}

/// The kinds of profile the cache holds.
pub(crate) trait Kept: Sized {
    /// Which map of [`Tenant`] holds this kind.
    const CANDIDATE: bool;
    fn slots(t: &mut Tenant) -> &mut HashMap<Uuid, Slot<Self>>;
    /// What the lexical side reads.
    fn text(&self) -> &str;
    fn id(&self) -> Uuid;
}

impl Kept for CandidateProfile {
    const CANDIDATE: bool = true;

    fn slots(t: &mut Tenant) -> &mut HashMap<Uuid, Slot<Self>> {
        &mut t.candidates
    }

    fn text(&self) -> &str {
        &self.text
    }

    fn id(&self) -> Uuid {
        self.id
    }
}

impl Kept for RequirementProfile {
    const CANDIDATE: bool = false;

    fn slots(t: &mut Tenant) -> &mut HashMap<Uuid, Slot<Self>> {
        &mut t.requirements
    }

    fn text(&self) -> &str {
        &self.text
    }

    fn id(&self) -> Uuid {
        self.id
    }
}

/// The cache; share one per process (`Arc`).
#[derive(Debug)]
pub struct Profiles {
    tenants: Mutex<HashMap<TenantId, Tenant>>,
    capacity: usize,
    next: std::sync::atomic::AtomicU64,
}

impl Default for Profiles {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl Profiles {
    pub fn new(capacity: usize) -> Self {
        Self {
            tenants: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
            next: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<TenantId, Tenant>> {
        // A panic while holding the lock leaves maps that are still consistent.
        self.tenants.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Profiles held for the scope's tenant.
    pub fn len(&self, scope: &Scope) -> usize {
        self.lock().get(&scope.tenant).map_or(0, Tenant::len)
    }

    pub fn is_empty(&self, scope: &Scope) -> bool {
        self.len(scope) == 0
    }

    /// How many more profiles the scope's tenant can hold before its oldest go.
    pub fn room(&self, scope: &Scope) -> usize {
        self.capacity.saturating_sub(self.len(scope))
    }

    /// Drops what changed since the last sync; returns the epoch that reads made after
    /// it present to [`Profiles::insert`].
    pub async fn sync(
        &self,
        store: &Store,
        scope: &Scope,
        settle: Duration,
    ) -> Result<u64, StoreError> {
        let cursor = self.lock().get(&scope.tenant).and_then(|t| t.cursor);
        let now = hireloop_store::now_micros();
        let settle = settle.as_micros() as i64;
        let Some(after) = cursor else {
            // Nothing held yet: start from the settled point.
            let start = store
                .tenant_change_seq_before(scope, now - settle + 1)
                .await?;
            let mut g = self.lock();
            let t = g.entry(scope.tenant).or_default();
            if t.cursor.is_none() {
                // Whatever is held was never checked against the log.
                t.clear();
                t.cursor = Some(start);
            }
            t.epoch += 1;
            return Ok(t.epoch);
        };
        let changes = store.changes_since(scope, after, CHANGES_PER_SYNC).await?;
        let mut g = self.lock();
        let t = g.entry(scope.tenant).or_default();
        if changes.is_empty() {
            return Ok(t.epoch);
        }
        t.epoch += 1;
        if changes.len() >= CHANGES_PER_SYNC as usize {
            // Too much changed (a bulk import): drop everything and follow on from the
            // settled part of what was read; the next sync reads the rest.
            t.clear();
            follow(t, settled_point(&changes, now, settle, after));
            return Ok(t.epoch);
        }
        let (candidate, requirement) = (Entity::Candidate.name(), Entity::Requirement.name());
        for c in &changes {
            let Ok(id) = Uuid::parse_str(&c.entity_id) else {
                continue;
            };
            if c.entity == candidate {
                t.candidates.remove(&id);
            } else if c.entity == requirement {
                t.requirements.remove(&id);
            }
        }
        follow(t, settled_point(&changes, now, settle, after));
        Ok(t.epoch)
    }

    /// The held profiles of `ids` built for `today`, in the order asked (`None`: not
    /// held).
    pub(crate) fn get<P: Kept>(
        &self,
        scope: &Scope,
        ids: &[Uuid],
        today: NaiveDate,
    ) -> Vec<Option<Prepared<P>>> {
        let mut g = self.lock();
        let Some(t) = g.get_mut(&scope.tenant) else {
            return ids.iter().map(|_| None).collect();
        };
        let slots = P::slots(t);
        ids.iter()
            .map(|id| {
                slots
                    .get(id)
                    .filter(|s| s.prepared.today == today)
                    .map(|s| s.prepared.clone())
            })
            .collect()
    }

    /// Keeps profiles read after the sync that returned `epoch`; none if a change came
    /// in since.
    pub(crate) fn insert<P: Kept>(
        &self,
        scope: &Scope,
        epoch: u64,
        items: Vec<(Uuid, Prepared<P>)>,
    ) {
        let mut g = self.lock();
        let t = g.entry(scope.tenant).or_default();
        if t.epoch != epoch || items.is_empty() {
            return;
        }
        for (id, prepared) in items {
            let order = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            P::slots(t).insert(id, Slot { prepared, order });
            t.inserted.push_back((order, id, P::CANDIDATE));
        }
        evict(t, self.capacity);
    }
}

/// Below this many records, preparing them on one thread costs less than starting more.
const PREPARE_PARALLEL_FROM: usize = 64;

/// `make` of every record, keyed by id, on every core (up to four) when there are many;
/// the first error wins.
pub(crate) fn prepare_all<T: Send, E: Send>(
    records: &[Record],
    make: impl Fn(&Record) -> Result<T, E> + Sync,
) -> Result<Vec<(Uuid, T)>, E> {
    let one = |part: &[Record]| -> Result<Vec<(Uuid, T)>, E> {
        part.iter().map(|r| Ok((r.id, make(r)?))).collect()
    };
    let parts = if records.len() < PREPARE_PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    };
    if parts == 1 {
        return one(records);
    }
    let chunk = records.len().div_ceil(parts);
    std::thread::scope(|sc| {
        let handles: Vec<_> = records
            .chunks(chunk)
            .map(|part| sc.spawn(|| one(part)))
            .collect();
        let mut out = Vec::with_capacity(records.len());
        for h in handles {
            out.extend(h.join().expect("profile preparation thread")?);
        }
        Ok(out)
    })
}

/// Moves the cursor to `seq` unless a sync that ran alongside took it further: every
/// change up to either point has been dropped.
fn follow(t: &mut Tenant, seq: i64) {
    t.cursor = Some(t.cursor.map_or(seq, |c| c.max(seq)));
}

/// The sequence to follow on from: the last of the changes read before the first one
/// younger than `settle` (only that prefix is behind us for good), at least `after`.
fn settled_point(changes: &[hireloop_store::Change], now: i64, settle: i64, after: i64) -> i64 {
    changes
        .iter()
        .take_while(|c| now - c.at >= settle)
        .last()
        .map_or(after, |c| c.seq)
        .max(after)
}

/// Drops the oldest entries until at most `keep` remain, from the front of the insert
/// order: a few per insert once the cache is full, never a pass over all of it (that
/// held the lock for 88 ms at 200,000 entries). When passed-over entries make the order
/// more than twice the room, it is compacted to the current entries.
fn evict(t: &mut Tenant, keep: usize) {
    while t.len() > keep {
        let Some((order, id, candidate)) = t.inserted.pop_front() else {
            break;
        };
        if t.current(order, &id, candidate) {
            if candidate {
                t.candidates.remove(&id);
            } else {
                t.requirements.remove(&id);
            }
        }
    }
    // Past the loop at most `keep` entries remain.
    if t.inserted.len() > 2 * keep {
        let mut inserted = std::mem::take(&mut t.inserted);
        inserted.retain(|(order, id, candidate)| t.current(*order, id, *candidate));
        t.inserted = inserted;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hireloop_store::Actor;

    fn scope() -> Scope {
        Scope::new(TenantId::new(), Actor::System("test".into()))
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn prepared(id: Uuid, version: i64) -> (Uuid, Prepared<RequirementProfile>) {
        let r: hireloop_domain::entities::Requirement =
            serde_json::from_value(serde_json::json!({"title": "Engineer"})).unwrap();
        let p = Prepared {
            profile: Arc::new(RequirementProfile::new(id, &r)),
            terms: Arc::default(),
            label: "Engineer".into(),
            version,
            today: today(),
        };
        (id, p)
    }

    #[test]
    fn preparing_on_several_threads_keeps_every_record_and_the_first_error() {
        let record = |n: u128| Record {
            entity: Entity::Requirement,
            id: Uuid::from_u128(n),
            version: 1,
            data: n.to_string(),
            created_at: 0,
            updated_at: 0,
            deleted_at: None,
            created_by: String::new(),
            updated_by: String::new(),
        };
        let records: Vec<Record> = (1..=500).map(record).collect();
        let double = |r: &Record| r.data.parse::<u32>().map(|n| n * 2).map_err(|_| r.id);
        let made = prepare_all(&records, double).unwrap();
        assert_eq!(made.len(), 500);
        assert!(
            made.iter()
                .enumerate()
                .all(|(i, (id, v))| *id == Uuid::from_u128(i as u128 + 1)
                    && *v == 2 * (i as u32 + 1))
        );
        let mut bad = records.clone();
        bad[300].data = "x".into();
        bad[450].data = "y".into();
        assert_eq!(prepare_all(&bad, double), Err(Uuid::from_u128(301)));
        assert_eq!(prepare_all(&records[..3], double).unwrap().len(), 3);
    }

    #[test]
    fn an_insert_after_a_change_is_refused_and_the_oldest_go_first() {
        let (cache, s) = (Profiles::new(10), scope());
        let a = Uuid::from_u128(1);
        // Epoch 0: no sync has seen a change since.
        cache.insert(&s, 0, vec![prepared(a, 1)]);
        let got = cache.get::<RequirementProfile>(&s, &[a, Uuid::from_u128(2)], today());
        assert_eq!(got[0].as_ref().map(|p| p.version), Some(1));
        assert!(got[1].is_none());
        // Built for another day: not what this call needs.
        let tomorrow = today().succ_opt().unwrap();
        assert!(cache.get::<RequirementProfile>(&s, &[a], tomorrow)[0].is_none());
        // A read made before a change the cache has since seen is not kept.
        cache.lock().get_mut(&s.tenant).unwrap().epoch = 1;
        cache.insert(&s, 0, vec![prepared(Uuid::from_u128(3), 1)]);
        assert_eq!(cache.len(&s), 1);
        // Past the capacity, the oldest entries go, down to the capacity.
        let many: Vec<_> = (10..20).map(|i| prepared(Uuid::from_u128(i), 1)).collect();
        cache.insert(&s, 1, many);
        assert_eq!(cache.len(&s), 10);
        assert!(cache.get::<RequirementProfile>(&s, &[a], today())[0].is_none());
        let newest = cache.get::<RequirementProfile>(&s, &[Uuid::from_u128(19)], today());
        assert!(newest[0].is_some());
        // A profile inserted again is as new as its last insert: the stale place it
        // held in the order is passed over, and the oldest of the rest goes instead.
        cache.insert(&s, 1, vec![prepared(Uuid::from_u128(10), 2)]);
        cache.insert(&s, 1, vec![prepared(Uuid::from_u128(20), 1)]);
        assert_eq!(cache.len(&s), 10);
        let held = |i: u128| {
            cache.get::<RequirementProfile>(&s, &[Uuid::from_u128(i)], today())[0]
                .as_ref()
                .map(|p| p.version)
        };
        assert_eq!((held(10), held(11), held(20)), (Some(2), None, Some(1)));
        // Entries passed over do not pile up: churn on one id keeps the order short.
        for v in 0..100 {
            cache.insert(&s, 1, vec![prepared(Uuid::from_u128(12), v)]);
        }
        {
            let g = cache.lock();
            let t = g.get(&s.tenant).unwrap();
            assert!(t.inserted.len() <= 2 * 10, "{}", t.inserted.len());
            assert_eq!(t.len(), 10);
        }
        // Tenants never see each other's entries.
        assert!(cache.is_empty(&scope()));
    }
}
