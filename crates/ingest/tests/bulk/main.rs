//! Bulk import, end to end: bytes in, validated entities and named errors out. One test
//! binary for the crate, split by concern.

mod formats;
mod mapping;
mod streaming;

use hireloop_domain::entities::{Candidate, EntityRules};
use hireloop_ingest::bulk::{self, EntityKind, ReadOptions, Row, RowError, validate};

pub(crate) fn open(bytes: &[u8], kind: EntityKind) -> bulk::Rows<&[u8]> {
    bulk::read(bytes, kind, ReadOptions::default()).unwrap()
}

pub(crate) fn rows(bytes: &[u8], kind: EntityKind) -> Vec<Result<Row, RowError>> {
    open(bytes, kind).collect()
}

/// Validates every row as `E`: the entities and every error, in order.
pub(crate) fn entities<E: EntityRules>(
    rows: Vec<Result<Row, RowError>>,
) -> (Vec<(u64, E)>, Vec<String>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for r in rows {
        match r {
            Ok(row) => match validate::<E>(&row) {
                Ok(e) => good.push((row.number, e)),
                Err(errs) => bad.extend(errs.iter().map(ToString::to_string)),
            },
            Err(e) => bad.push(e.to_string()),
        }
    }
    (good, bad)
}

pub(crate) fn names(cands: &[(u64, Candidate)]) -> Vec<(u64, String)> {
    cands.iter().map(|(n, c)| (*n, c.name())).collect()
}
