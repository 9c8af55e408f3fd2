//! Writing one batch of imported rows: validate, upsert by external id, create the
//! rest, and suggest merges for people who look like someone already on file.

use std::collections::{HashMap, HashSet};

use hireloop_domain::entities::{Candidate, Company, Contact, Requirement, parse_entity};
use hireloop_ingest::bulk::{Row, RowError};
use hireloop_ingest::dedupe::{self, Fingerprint, PersonProfile};
use hireloop_store::{
    JobRowError, LookupColumn, NewDuplicate, NewRecord, Record, RenderedRecord, Scope, StoreError,
};
use serde_json::Value;
use uuid::Uuid;

use super::Ingest;
use super::bulk_load::{BulkLoad, entry_of};
use super::check::{Batch, Checked, Checker, Patch, check};
use crate::records::{Kind, merge_patch, new_record};

/// A person's sort label and city, the key of name-based duplicate lookups.
type NameInCity = (String, Option<String>);

/// Same-name records in the same city compared with each new person, newest first.
pub(crate) const NAME_MATCHES: u32 = 25;

/// What a batch did.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub failed: u64,
    pub duplicates: u64,
    pub errors: Vec<JobRowError>,
}

/// Entities an import can write, and for people, what duplicate detection compares.
pub(crate) trait Importable: Kind {
    /// The JSON keys holding skill lists, canonicalised through the taxonomy.
    const SKILL_KEYS: &'static [&'static str] = &[];

    fn profile(&self) -> Option<PersonProfile> {
        None
    }
}

impl Importable for Candidate {
    const SKILL_KEYS: &'static [&'static str] = &["skills"];
    fn profile(&self) -> Option<PersonProfile> {
        Some(PersonProfile::from(self))
    }
}

impl Importable for Contact {
    fn profile(&self) -> Option<PersonProfile> {
        Some(PersonProfile::from(self))
    }
}

impl Importable for Requirement {
    const SKILL_KEYS: &'static [&'static str] = &["required_skills", "preferred_skills"];
}

impl Importable for Company {}

fn row_error(e: RowError) -> JobRowError {
    JobRowError {
        row: Some(e.row),
        column: e.column,
        field: e.field,
        reason: e.reason,
    }
}

struct Pending<E> {
    id: Uuid,
    row: u64,
    value: Patch,
    entity: E,
    /// The body of `entity` under `id`, when built ahead.
    record: Option<RenderedRecord>,
    /// `entity`'s fingerprint, when computed ahead.
    print: Option<Fingerprint>,
}

/// Where a batch's lookups go: the database's indexes, or a bulk load's keys held in
/// memory while those indexes are deferred.
pub(crate) enum Lookups<'a> {
    Store,
    Memory(&'a mut BulkLoad),
}

pub(crate) async fn apply_batch<E: Importable>(
    ingest: &Ingest,
    scope: &Scope,
    batch: Batch,
    mut lookups: Lookups<'_>,
) -> Result<Outcome, StoreError> {
    let mut out = Outcome::default();
    let mut fresh: Vec<Pending<E>> = Vec::new();
    let mut by_external: HashMap<String, usize> = HashMap::new();
    // For rows that reach the writer unchecked.
    let mut fallback: Option<Checker> = None;
    // What is left of the rows once written, freed on another thread (see `spent`).
    let mut spent_rows: Vec<Row> = Vec::with_capacity(batch.rows.len());
    let mut spent_values: Vec<Patch> = Vec::with_capacity(batch.rows.len());
    for (item, checked) in batch.rows {
        out.rows += 1;
        let mut row = match item {
            Ok(row) => row,
            Err(e) => {
                out.failed += 1;
                out.errors.push(row_error(e));
                continue;
            }
        };
        let checked = match checked.map(|c| c.downcast::<Checked<E>>()) {
            Some(Ok(c)) => *c,
            _ => check::<E>(
                fallback.get_or_insert_with(|| Checker::new(ingest)),
                &mut row,
                Uuid::now_v7(),
            ),
        };
        let entity = match checked.entity {
            Ok(entity) => entity,
            Err(errors) => {
                out.failed += 1;
                out.errors.extend(errors.into_iter().map(row_error));
                continue;
            }
        };
        let value = match checked.patch {
            Some(patch) => patch,
            None => Patch::Tree(std::mem::take(&mut row.value)),
        };
        // A second row with the same external id in the batch updates the first.
        if let Some(ext) = &row.external_id
            && let Some(&i) = by_external.get(ext)
        {
            let mut merged = fresh[i].value.to_value();
            merge_patch(&mut merged, &value.into_value());
            match parse_entity::<E>(merged.clone()) {
                Ok(e) => {
                    fresh[i].value = Patch::Tree(merged);
                    fresh[i].entity = e;
                    fresh[i].record = None;
                    fresh[i].print = None;
                }
                Err(errs) => {
                    out.failed += 1;
                    out.errors.extend(errs.0.into_iter().map(|f| JobRowError {
                        row: Some(row.number),
                        column: row.column_for(&f.path).map(str::to_owned),
                        field: Some(f.path),
                        reason: f.message,
                    }));
                }
            }
            continue;
        }
        if let Some(ext) = &row.external_id {
            by_external.insert(ext.clone(), fresh.len());
        }
        let id = checked.record.as_ref().map_or_else(Uuid::now_v7, |r| r.id);
        fresh.push(Pending {
            id,
            row: row.number,
            value,
            entity,
            record: checked.record,
            print: checked.print,
        });
        spent_rows.push(row);
    }

    // Upsert: rows whose external id is already on file update that record.
    let externals: Vec<String> = by_external.keys().cloned().collect();
    let existing = match &mut lookups {
        Lookups::Store => {
            ingest
                .store
                .find_by(scope, E::ENTITY, LookupColumn::ExternalId, &externals)
                .await?
        }
        Lookups::Memory(bulk) => {
            bulk.follow::<E>(ingest, scope).await?;
            bulk.by_external::<E>(ingest, scope, &externals).await?
        }
    };
    let mut creates = Vec::new();
    let mut created: Vec<(Uuid, E)> = Vec::new();
    // Each create's external id and fingerprint (if computed ahead), for a bulk load.
    let mut created_keys: Vec<(Option<String>, Option<Fingerprint>)> = Vec::new();
    for p in fresh {
        let ext = match &p.record {
            Some(rec) => rec.index.external_id.clone(),
            None => p.entity.index().external_id,
        };
        let Some(current) = ext
            .as_ref()
            .and_then(|e| existing.get(e))
            .and_then(|v| v.first())
        else {
            spent_values.push(p.value);
            let rec = match p.record {
                Some(rec) => rec,
                None => new_record(p.id, &p.entity)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?
                    .into(),
            };
            created_keys.push((rec.index.external_id.clone(), p.print));
            creates.push(rec);
            created.push((p.id, p.entity));
            continue;
        };
        match update::<E>(ingest, scope, current, &p.value.into_value()).await {
            Ok(Some(entity)) => {
                out.updated += 1;
                if let Lookups::Memory(bulk) = &mut lookups {
                    bulk.index.insert(entry_of(current.id, &entity));
                }
            }
            Ok(None) => out.unchanged += 1,
            Err(UpdateError::Invalid(errs)) => {
                out.failed += 1;
                out.errors
                    .extend(errs.into_iter().map(|(field, reason)| JobRowError {
                        row: Some(p.row),
                        column: None,
                        field: Some(field),
                        reason: format!(
                            "updating the record with external id {}: {reason}",
                            ext.clone().unwrap_or_default()
                        ),
                    }));
            }
            Err(UpdateError::Store(e)) => return Err(e),
        }
    }
    out.created = creates.len() as u64;
    let source = scope.actor.label();
    let imported = ingest
        .store
        .import_many(scope, E::ENTITY, creates, &source)
        .await?;
    out.duplicates = match lookups {
        Lookups::Store => suggest_duplicates(ingest, scope, &created).await?,
        Lookups::Memory(bulk) => {
            bulk.wrote(imported.changes);
            let pairs = bulk.take_in(&created, created_keys);
            if pairs.is_empty() {
                0
            } else {
                ingest.store.add_duplicates(scope, E::ENTITY, pairs).await? as u64
            }
        }
    };
    super::spent::free_later((spent_rows, spent_values, created));
    Ok(out)
}

enum UpdateError {
    Invalid(Vec<(String, String)>),
    Store(StoreError),
}

/// Merges the imported fields over the stored record; the record as it is now, or
/// `None` when nothing changed.
async fn update<E: Importable>(
    ingest: &Ingest,
    scope: &Scope,
    current: &Record,
    imported: &Value,
) -> Result<Option<E>, UpdateError> {
    let mut doc: Value = serde_json::from_str(&current.data)
        .map_err(|e| UpdateError::Store(StoreError::Corrupt(e.to_string())))?;
    merge_patch(&mut doc, imported);
    let entity: E = parse_entity(doc).map_err(|errs| {
        UpdateError::Invalid(errs.0.into_iter().map(|f| (f.path, f.message)).collect())
    })?;
    let rec: NewRecord = new_record(current.id, &entity)
        .map_err(|e| UpdateError::Store(StoreError::Invalid(e.to_string())))?;
    let saved = ingest
        .store
        .update(scope, E::ENTITY, rec, Some(current.version))
        .await
        .map_err(UpdateError::Store)?;
    Ok((saved.version != current.version).then_some(entity))
}

/// A suggested merge of `a` and `b`, its score in thousandths.
pub(crate) fn suggestion(a: Uuid, b: Uuid, s: dedupe::DuplicateSuggestion) -> NewDuplicate {
    NewDuplicate {
        a,
        b,
        score: (s.score.clamp(0.0, 1.0) * 1000.0).round() as u16,
        reasons: s.reasons,
    }
}

/// Compares each new person with people on file sharing an e-mail, a phone or a name,
/// and records the pairs that look like one person as suggested merges.
pub(crate) async fn suggest_duplicates<E: Importable>(
    ingest: &Ingest,
    scope: &Scope,
    created: &[(Uuid, E)],
) -> Result<u64, StoreError> {
    let people: Vec<(Uuid, PersonProfile, Option<NameInCity>)> = created
        .iter()
        .filter_map(|(id, e)| {
            let profile = e.profile()?;
            let index = e.index();
            let name = dedupe::name_key(&profile.name).map(|_| (index.label, index.city));
            Some((*id, profile, name))
        })
        .collect();
    if people.is_empty() {
        return Ok(0);
    }
    // Each person's lookup keys: e-mail and phone, and their name in their city.
    let keys = |p: &PersonProfile| {
        let mut k = Vec::new();
        if let Some(e) = p.email.as_deref().and_then(dedupe::email_key) {
            k.push((LookupColumn::Email, e));
        }
        if let Some(ph) = &p.phone {
            k.push((LookupColumn::Phone, ph.clone()));
        }
        k
    };
    let mut wanted: HashMap<LookupColumn, HashSet<String>> = HashMap::new();
    let mut names: HashSet<NameInCity> = HashSet::new();
    for (_, p, name) in &people {
        for (column, value) in keys(p) {
            wanted.entry(column).or_default().insert(value);
        }
        if let Some(name) = name {
            names.insert(name.clone());
        }
    }
    let mut found: HashMap<(LookupColumn, String), Vec<Uuid>> = HashMap::new();
    // This batch's people are on file now and every lookup finds them (each matches
    // its own e-mail, phone and name): their profiles are at hand, so their stored
    // bodies need not be parsed again.
    let mut known: HashMap<Uuid, Option<PersonProfile>> = people
        .iter()
        .map(|(id, profile, _)| (*id, Some(profile.clone())))
        .collect();
    let remember = |recs: &[Record], known: &mut HashMap<Uuid, Option<PersonProfile>>| {
        for rec in recs {
            known.entry(rec.id).or_insert_with(|| {
                serde_json::from_str::<Value>(&rec.data)
                    .ok()
                    .and_then(|v| parse_entity::<E>(v).ok())
                    .and_then(|e| e.profile())
            });
        }
    };
    for (column, values) in wanted {
        let values: Vec<String> = values.into_iter().collect();
        for (value, recs) in ingest
            .store
            .find_by(scope, E::ENTITY, column, &values)
            .await?
        {
            remember(&recs, &mut known);
            found.insert((column, value), recs.iter().map(|r| r.id).collect());
        }
    }
    // A common name in a big city could match thousands: the newest few are enough to
    // catch a re-sent profile, and keep the comparison linear.
    let names: Vec<NameInCity> = names.into_iter().collect();
    let mut by_name: HashMap<NameInCity, Vec<Uuid>> = HashMap::new();
    for (pair, recs) in ingest
        .store
        .find_by_label_city(scope, E::ENTITY, &names, NAME_MATCHES)
        .await?
    {
        remember(&recs, &mut known);
        by_name.insert(pair, recs.iter().map(|r| r.id).collect());
    }
    let mut pairs = Vec::new();
    for (id, profile, name) in &people {
        let mut others: Vec<Uuid> = keys(profile)
            .into_iter()
            .filter_map(|k| found.get(&k))
            .flatten()
            .chain(
                name.as_ref()
                    .and_then(|n| by_name.get(n))
                    .into_iter()
                    .flatten(),
            )
            .copied()
            .filter(|o| o != id)
            .collect();
        others.sort_unstable();
        others.dedup();
        for other in others {
            let Some(Some(theirs)) = known.get(&other) else {
                continue;
            };
            if let Some(s) = dedupe::compare(profile, theirs) {
                pairs.push(suggestion(*id, other, s));
            }
        }
    }
    if pairs.is_empty() {
        return Ok(0);
    }
    Ok(ingest.store.add_duplicates(scope, E::ENTITY, pairs).await? as u64)
}
