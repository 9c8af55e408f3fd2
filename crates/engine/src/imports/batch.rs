//! Writing one batch of imported rows: validate, upsert by external id, create the
//! rest, and suggest merges for people who look like someone already on file.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use hireloop_domain::entities::{Candidate, Company, Contact, Requirement, parse_entity};
use hireloop_ingest::bulk::{Converter, RawRow, Row, RowError, validate};
use hireloop_ingest::dedupe::{self, Fingerprint, PersonProfile};
use hireloop_ingest::places::Gazetteer;
use hireloop_ingest::skills::Taxonomy;
use hireloop_store::{
    JobRowError, LookupColumn, NewDuplicate, NewRecord, Record, RenderedRecord, Scope, StoreError,
};
use serde_json::Value;
use uuid::Uuid;

use super::Ingest;
use super::bulk_load::{BulkLoad, entry_of};
use crate::records::{Kind, merge_patch, new_record};

/// A person's sort label and city, the key of name-based duplicate lookups.
type NameInCity = (String, Option<String>);

/// Same-name records in the same city compared with each new person, newest first.
pub(crate) const NAME_MATCHES: u32 = 25;

/// A row's checks: skills canonicalised, the entity validated and, for a valid one,
/// its record body rendered and, for a person, the fingerprint duplicate detection
/// compares. The reader thread does them while the writer writes the previous batch, so
/// the two cores overlap (`Checked<E>`, boxed to cross the reader's kind-agnostic
/// channel).
struct Checked<E> {
    entity: Result<E, Vec<RowError>>,
    record: Option<RenderedRecord>,
    print: Option<Fingerprint>,
}

/// What the row checks use: the taxonomy for skill names, and the gazetteer (when
/// loaded) to complete locations, with the places already read remembered, since a file
/// names the same few cities over and over.
pub(crate) struct Checker {
    taxonomy: Arc<Taxonomy>,
    places: Option<Arc<Gazetteer>>,
    seen: HashMap<String, Option<Value>>,
}

/// Locations remembered per import before the memory is cleared.
const PLACES_REMEMBERED: usize = 50_000;

impl Checker {
    pub(crate) fn new(ingest: &Ingest) -> Self {
        Self {
            taxonomy: ingest.taxonomy.clone(),
            places: ingest.places.clone(),
            seen: HashMap::new(),
        }
    }

    /// Another checker with the same taxonomy and gazetteer and a memory of its own,
    /// for another thread.
    fn sibling(&self) -> Self {
        Self {
            taxonomy: self.taxonomy.clone(),
            places: self.places.clone(),
            seen: HashMap::new(),
        }
    }

    /// Completes the row's `location` (country, map point, time zone) if the gazetteer
    /// reads it as one place with confidence.
    fn complete_location(&mut self, value: &mut Value) {
        let Some(places) = &self.places else {
            return;
        };
        let Some(loc) = value.get_mut("location").filter(|l| l.is_object()) else {
            return;
        };
        let key = loc.to_string();
        if self.seen.len() >= PLACES_REMEMBERED {
            self.seen.clear();
        }
        let done = self.seen.entry(key).or_insert_with(|| {
            let mut probe = serde_json::json!({ "location": loc.clone() });
            super::places::complete_json(places, &mut probe).then(|| probe["location"].take())
        });
        if let Some(done) = done {
            *loc = done.clone();
        }
    }
}

/// Checks `row`; a valid entity's body is rendered under `id`.
fn check<E: Importable>(checker: &mut Checker, row: &mut Row, id: Uuid) -> Checked<E> {
    canonical_skills::<E>(&checker.taxonomy, &mut row.value);
    checker.complete_location(&mut row.value);
    let entity = validate::<E>(row);
    // A body that cannot be built is left for the writer to report.
    let record = entity
        .as_ref()
        .ok()
        .and_then(|e| new_record(id, e).ok())
        .map(RenderedRecord::from);
    let print = entity.as_ref().ok().and_then(fingerprint);
    Checked {
        entity,
        record,
        print,
    }
}

/// A person's fingerprint.
pub(crate) fn fingerprint<E: Importable>(entity: &E) -> Option<Fingerprint> {
    entity.profile().map(|p| Fingerprint::of(&p))
}

/// A `Checked<E>` for some `E`.
type AnyChecked = Box<dyn Any + Send>;

/// Rows read for one write, each with its checks when they were done ahead.
pub(crate) struct Batch {
    rows: Vec<(Result<Row, RowError>, Option<AnyChecked>)>,
}

/// Converts and checks rows on several threads at once: the first checker's share on
/// the calling thread, each other's on a thread of its own for the length of a batch.
/// Ids are handed out in row order before the rows are split, so records get the same
/// ascending ids whatever the number of threads, and each checker's memory of places
/// only saves work (the same place reads the same wherever it is read).
pub(crate) struct Checkers {
    each: Vec<Checker>,
}

/// Rows below which a batch is checked on the calling thread alone.
const PARALLEL_MIN_ROWS: usize = 64;

/// A row as read, and the id its record takes if it is valid and new.
type Item = (Result<RawRow, RowError>, Uuid);

impl Checkers {
    /// `threads` checkers (at least one) sharing `first`'s taxonomy and gazetteer.
    pub(crate) fn new(first: Checker, threads: usize) -> Self {
        let mut each = vec![first];
        while each.len() < threads.max(1) {
            let next = each[0].sibling();
            each.push(next);
        }
        Self { each }
    }

    /// As many checkers as the machine has cores for, up to four.
    pub(crate) fn for_machine(first: Checker) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(first, cores.min(4))
    }

    /// The batch's rows converted by `converter` and checked as `E`, in their order.
    pub(crate) fn check<E: Importable>(
        &mut self,
        converter: &Converter,
        rows: Vec<Result<RawRow, RowError>>,
    ) -> Batch {
        let items: Vec<Item> = rows
            .into_iter()
            .map(|item| {
                let id = if item.is_ok() {
                    Uuid::now_v7()
                } else {
                    Uuid::nil()
                };
                (item, id)
            })
            .collect();
        if self.each.len() == 1 || items.len() < PARALLEL_MIN_ROWS {
            return Batch {
                rows: check_rows::<E>(&mut self.each[0], converter, items),
            };
        }
        let share = items.len().div_ceil(self.each.len());
        let mut parts: Vec<Vec<Item>> = Vec::new();
        let mut items = items.into_iter();
        loop {
            let part: Vec<Item> = items.by_ref().take(share).collect();
            if part.is_empty() {
                break;
            }
            parts.push(part);
        }
        let (first_checker, others) = self.each.split_first_mut().expect("one checker at least");
        let mut parts = parts.into_iter();
        let first = parts.next().unwrap_or_default();
        let rows = std::thread::scope(|s| {
            let handles: Vec<_> = others
                .iter_mut()
                .zip(parts)
                .map(|(checker, part)| s.spawn(move || check_rows::<E>(checker, converter, part)))
                .collect();
            let mut rows = check_rows::<E>(first_checker, converter, first);
            for h in handles {
                match h.join() {
                    Ok(more) => rows.extend(more),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            rows
        });
        Batch { rows }
    }
}

/// Rows converted and checked in order on this thread, each valid one under its id.
fn check_rows<E: Importable>(
    checker: &mut Checker,
    converter: &Converter,
    items: Vec<Item>,
) -> Vec<(Result<Row, RowError>, Option<AnyChecked>)> {
    items
        .into_iter()
        .map(
            |(item, id)| match item.and_then(|raw| converter.convert(raw)) {
                Ok(mut row) => {
                    let checked: AnyChecked = Box::new(check::<E>(checker, &mut row, id));
                    (Ok(row), Some(checked))
                }
                Err(e) => (Err(e), None),
            },
        )
        .collect()
}

impl Batch {
    /// Rows already converted, checked here as `E`, on this thread.
    pub(crate) fn checked<E: Importable>(
        checker: &mut Checker,
        kind: hireloop_ingest::bulk::EntityKind,
        rows: Vec<Result<Row, RowError>>,
    ) -> Self {
        let items = rows
            .into_iter()
            .map(|item| (item.map(RawRow::from), Uuid::now_v7()))
            .collect();
        Self {
            rows: check_rows::<E>(checker, &Converter::identity(kind), items),
        }
    }

    /// Rows in the batch, good and bad.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The number of the batch's last row, if it has any.
    pub(crate) fn last_row(&self) -> Option<u64> {
        self.rows
            .iter()
            .map(|(r, _)| match r {
                Ok(row) => row.number,
                Err(e) => e.row,
            })
            .max()
    }
}

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

/// "ReactJS" → "React": imported skill names take the taxonomy's canonical spelling.
fn canonical_skills<E: Importable>(taxonomy: &Taxonomy, value: &mut Value) {
    for key in E::SKILL_KEYS {
        let Some(list) = value.get_mut(*key).and_then(Value::as_array_mut) else {
            continue;
        };
        for skill in list {
            let slot = match skill {
                Value::Object(o) => o.get_mut("name"),
                other => Some(other),
            };
            if let Some(Value::String(name)) = slot
                && let Some(canonical) = taxonomy.canonical(name)
            {
                *name = canonical.to_owned();
            }
        }
    }
}

struct Pending<E> {
    id: Uuid,
    row: u64,
    value: Value,
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
        // A second row with the same external id in the batch updates the first.
        if let Some(ext) = &row.external_id
            && let Some(&i) = by_external.get(ext)
        {
            let mut merged = fresh[i].value.clone();
            merge_patch(&mut merged, &row.value);
            match parse_entity::<E>(merged.clone()) {
                Ok(e) => {
                    fresh[i].value = merged;
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
            value: row.value,
            entity,
            record: checked.record,
            print: checked.print,
        });
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
        let ext = p.entity.index().external_id;
        let Some(current) = ext
            .as_ref()
            .and_then(|e| existing.get(e))
            .and_then(|v| v.first())
        else {
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
        match update::<E>(ingest, scope, current, &p.value).await {
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
