//! Checking imported rows before they are written: cells converted, skills
//! canonicalised, places completed, the entity validated, and for a valid row its
//! record body rendered and its fingerprint taken, on as many threads as there are cores
//! while the writer writes the previous batch.

use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

use hireloop_ingest::bulk::{Converter, RawRow, Row, RowError, validate};
use hireloop_ingest::dedupe::Fingerprint;
use hireloop_ingest::places::Gazetteer;
use hireloop_ingest::skills::Taxonomy;
use hireloop_store::RenderedRecord;
use serde_json::Value;
use uuid::Uuid;

use super::Ingest;
use super::batch::Importable;
use crate::records::new_record;

/// A row's checks: skills canonicalised, the entity validated and, for a valid one,
/// its record body rendered and, for a person, the fingerprint duplicate detection
/// compares. Done by the checking threads while the writer writes the previous batch
/// (boxed to cross the reader's kind-agnostic channel).
pub(super) struct Checked<E> {
    pub(super) entity: Result<E, Vec<RowError>>,
    pub(super) record: Option<RenderedRecord>,
    pub(super) print: Option<Fingerprint>,
    /// A valid row's fields, what an upsert merges over the record on file, as JSON
    /// text: the row's tree of values is freed on the thread that built it (as a tree it
    /// is many times the size, and most rows are new records that never need it).
    pub(super) patch: Option<Patch>,
}

/// A row's fields as an upsert merges them over the record on file.
pub(super) enum Patch {
    Tree(Value),
    Text(Box<str>),
}

impl Patch {
    pub(super) fn into_value(self) -> Value {
        match self {
            Self::Tree(v) => v,
            Self::Text(t) => serde_json::from_str(&t).expect("JSON written here reads back"),
        }
    }

    pub(super) fn to_value(&self) -> Value {
        match self {
            Self::Tree(v) => v.clone(),
            Self::Text(t) => serde_json::from_str(t).expect("JSON written here reads back"),
        }
    }
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
pub(super) fn check<E: Importable>(checker: &mut Checker, row: &mut Row, id: Uuid) -> Checked<E> {
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
    let patch = entity.is_ok().then(|| {
        let text = serde_json::to_string(&row.value).expect("a JSON value always writes");
        row.value = Value::Null;
        Patch::Text(text.into_boxed_str())
    });
    Checked {
        entity,
        record,
        print,
        patch,
    }
}

/// A person's fingerprint.
pub(crate) fn fingerprint<E: Importable>(entity: &E) -> Option<Fingerprint> {
    entity.profile().map(|p| Fingerprint::of(&p))
}

/// A `Checked<E>` for some `E`.
pub(super) type AnyChecked = Box<dyn Any + Send>;

/// Rows read for one write, each with its checks when they were done ahead.
pub(crate) struct Batch {
    pub(super) rows: Vec<(Result<Row, RowError>, Option<AnyChecked>)>,
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
