//! Bulk loads: a large import into SQLite runs with its table's random-order indexes
//! dropped and built again at the end (`Store::defer_indexes`), and answers its own
//! lookups (external ids for upserts, look-alikes for duplicate suggestions) from a
//! [`KeyIndex`] in memory. That index starts with every live record of the tenant's
//! table and follows the change log, so what other writers create, change or delete
//! while the load runs is seen by the next batch.

use std::collections::HashMap;

use hireloop_domain::entities::parse_entity;
use hireloop_ingest::dedupe::{Fingerprint, compare_fingerprints};
use hireloop_store::{Backend, NewDuplicate, Record, Scope, Store, StoreError};
use serde_json::Value;
use uuid::Uuid;

use super::Ingest;
use super::batch::{Importable, NAME_MATCHES, suggestion};
use super::check::fingerprint;
use super::memory::{Entry, KeyIndex};

/// Rows a load must be expected to bring before it runs as a bulk load: below this,
/// keeping the indexes current costs less than building them again.
pub(crate) const BULK_MIN_ROWS: u64 = 50_000;

/// Records read per page when the index is first filled.
const PAGE: u32 = 2000;

/// Changes read per query when following the log.
const CHANGES: u32 = 1000;

pub(crate) struct BulkLoad {
    pub(crate) index: KeyIndex,
    /// The change-log sequence followed so far.
    seen: i64,
    /// The sequences of the load's own last batch of creates, skipped when following.
    own: Option<(i64, i64)>,
    owner: String,
}

/// The record's entity, if its stored body still reads as one.
fn parse_record<E: Importable>(rec: &Record) -> Option<E> {
    serde_json::from_str::<Value>(&rec.data)
        .ok()
        .and_then(|v| parse_entity::<E>(v).ok())
}

/// What the index holds of a record.
pub(crate) fn entry_of<E: Importable>(id: Uuid, entity: &E) -> Entry {
    Entry {
        id,
        external: entity.index().external_id,
        print: fingerprint(entity),
    }
}

impl BulkLoad {
    /// Whether a load of about `rows` rows into `E`'s table is worth running as a bulk
    /// load: on SQLite, when it brings at least `ingest.bulk_min_rows` rows
    /// ([`BULK_MIN_ROWS`] unless set) and at least half as many as the table holds
    /// (building the indexes again sorts the whole table).
    /// Returns the table's row count when it is.
    pub(crate) async fn worth_it<E: Importable>(
        ingest: &Ingest,
        rows: u64,
    ) -> Result<Option<u64>, StoreError> {
        let store = &ingest.store;
        if store.backend() != Backend::Sqlite || rows < ingest.bulk_min_rows {
            return Ok(None);
        }
        let table = u64::try_from(store.table_rows(E::ENTITY).await?).unwrap_or(0);
        Ok((rows.saturating_mul(2) >= table).then_some(table))
    }

    /// Reads the keys of the tenant's live `E` records, then defers the table's indexes
    /// on behalf of `owner` (the import job), which expects to bring about `rows` rows
    /// into a table of `on_file` rows (as `worth_it` counted them).
    pub(crate) async fn start<E: Importable>(
        ingest: &Ingest,
        scope: &Scope,
        owner: &str,
        rows: u64,
        on_file: u64,
    ) -> Result<Self, StoreError> {
        // Taken first: a change made while the records are read is applied again later,
        // which is harmless.
        let seen = ingest.store.last_change_seq().await?;
        // The estimate of `rows` comes out low (the bytes it is judged from include what
        // the reader buffered ahead of the first batch): a quarter more saves the last
        // doubling.
        let room = on_file.saturating_add(rows.saturating_add(rows / 4));
        let mut index = KeyIndex::with_capacity(usize::try_from(room).unwrap_or(usize::MAX));
        let mut after = None;
        loop {
            let page = ingest
                .store
                .live_records_after(scope, E::ENTITY, after, PAGE)
                .await?;
            for rec in &page {
                if let Some(e) = parse_record::<E>(rec) {
                    index.insert(entry_of(rec.id, &e));
                }
            }
            match page.last() {
                Some(last) if page.len() == PAGE as usize => after = Some(last.id),
                _ => break,
            }
        }
        let deferred = ingest.store.defer_indexes(E::ENTITY, owner).await?;
        tracing::info!(
            entity = E::ENTITY.name(),
            on_file = index.len(),
            expected = rows,
            ?deferred,
            "bulk load: indexes deferred, keys in memory"
        );
        Ok(Self {
            index,
            seen,
            own: None,
            owner: owner.to_owned(),
        })
    }

    /// Builds the deferred indexes again (the keys in memory are let go first: the
    /// sorts need the room); returns their names.
    pub(crate) async fn finish(self, store: &Store) -> Result<Vec<String>, StoreError> {
        let Self { index, owner, .. } = self;
        drop(index);
        store.restore_indexes(Some(&owner)).await
    }

    /// The load's last batch of creates took these change-log sequences.
    pub(crate) fn wrote(&mut self, span: (i64, i64)) {
        if span.1 >= span.0 {
            self.own = Some(span);
        }
    }

    /// Applies what other writers changed in `E`'s table since the last call.
    pub(crate) async fn follow<E: Importable>(
        &mut self,
        ingest: &Ingest,
        scope: &Scope,
    ) -> Result<(), StoreError> {
        if let Some((first, last)) = self.own.take() {
            self.apply_changes::<E>(ingest, scope, first - 1).await?;
            self.seen = self.seen.max(last);
        }
        self.apply_changes::<E>(ingest, scope, i64::MAX).await
    }

    async fn apply_changes<E: Importable>(
        &mut self,
        ingest: &Ingest,
        scope: &Scope,
        until: i64,
    ) -> Result<(), StoreError> {
        while self.seen < until {
            let changes = ingest
                .store
                .changes_in(scope, self.seen, until, CHANGES)
                .await?;
            let Some(last) = changes.last() else {
                break;
            };
            self.seen = last.seq;
            for c in changes.iter().filter(|c| c.entity == E::ENTITY.name()) {
                let Ok(id) = c.entity_id.parse::<Uuid>() else {
                    continue;
                };
                if c.op == "create" && self.index.contains(id) {
                    continue;
                }
                match ingest.store.get(scope, E::ENTITY, id).await? {
                    Some(rec) if rec.deleted_at.is_none() => match parse_record::<E>(&rec) {
                        Some(e) => self.index.insert(entry_of(id, &e)),
                        None => self.index.remove(id),
                    },
                    _ => self.index.remove(id),
                }
            }
            if changes.len() < CHANGES as usize {
                break;
            }
        }
        Ok(())
    }

    /// The live records with these external ids, as `Store::find_by` gives them.
    pub(crate) async fn by_external<E: Importable>(
        &self,
        ingest: &Ingest,
        scope: &Scope,
        externals: &[String],
    ) -> Result<HashMap<String, Vec<Record>>, StoreError> {
        let mut found = HashMap::new();
        for ext in externals {
            let Some(id) = self.index.by_external(ext) else {
                continue;
            };
            let Some(rec) = ingest.store.get(scope, E::ENTITY, id).await? else {
                continue;
            };
            // The index holds hashes: check the record really has this external id.
            let same = rec.deleted_at.is_none()
                && parse_record::<E>(&rec)
                    .and_then(|e| e.index().external_id)
                    .is_some_and(|x| &x == ext);
            if same {
                found.insert(ext.clone(), vec![rec]);
            }
        }
        Ok(found)
    }

    /// Compares each new person with their look-alikes on file (this load's earlier rows
    /// included), adds every new record to the index, and returns the pairs to suggest.
    pub(crate) fn take_in<E: Importable>(
        &mut self,
        created: &[(Uuid, E)],
        keys: Vec<(Option<String>, Option<Fingerprint>)>,
    ) -> Vec<NewDuplicate> {
        let mut pairs = Vec::new();
        for ((id, entity), (external, print)) in created.iter().zip(keys) {
            let print = print.or_else(|| fingerprint(entity));
            if let Some(print) = &print {
                for (other, theirs) in self.index.look_alikes(*id, print, NAME_MATCHES as usize) {
                    if let Some(s) = compare_fingerprints(print, theirs) {
                        pairs.push(suggestion(*id, other, s));
                    }
                }
            }
            self.index.insert(Entry {
                id: *id,
                external,
                print,
            });
        }
        pairs
    }
}
