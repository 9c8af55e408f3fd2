//! Job-board files (Greenhouse, Lever, Ashby JSON) imported as requirements through the
//! import job: the file is read whole (board files are small next to bulk exports),
//! every posting becomes a row whose external id is the posting's identity, so
//! importing an updated board file updates its postings, and postings that cannot be
//! read are reported as row errors. Rows are the postings in file order, from 1.

use std::path::Path;

use chrono::NaiveDate;
use hireloop_domain::entities::Requirement;
use hireloop_ingest::bulk::{EntityKind, Format, Row, RowError};
use hireloop_ingest::jobboard::{BoardShape, MAX_BOARD_BYTES, board_shape, parse_job_board};
use hireloop_store::{Job, Scope};
use serde_json::{Value, json};

use super::check::{Batch, Checker};
use super::run::{BATCH_ROWS, Failure};
use super::{Ingest, Progress};

/// The bytes of a requirements import that is a job-board file: asked for by format, or
/// (with no format given) recognised by its JSON shape. `None` for rows.
pub(super) fn board_bytes(path: &Path, format: Option<Format>) -> Result<Option<Vec<u8>>, Failure> {
    let asked = match format {
        Some(f) if f.board().is_some() => true,
        Some(_) => return Ok(None),
        None => false,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| Failure::Transient(e.to_string()))?
        .len();
    if !asked && size > MAX_BOARD_BYTES as u64 {
        return Ok(None);
    }
    let bytes = std::fs::read(path).map_err(|e| Failure::Transient(e.to_string()))?;
    if asked || board_shape(&bytes) != BoardShape::NotBoard {
        Ok(Some(bytes))
    } else {
        Ok(None)
    }
}

impl Ingest {
    /// Runs one attempt of a job-board import (see the module comment), resuming after
    /// the last committed posting.
    pub(super) async fn run_board_import(
        &self,
        job: &Job,
        worker: &str,
        bytes: Vec<u8>,
        asked: Option<Format>,
        today: Option<NaiveDate>,
        mut progress: Progress,
    ) -> Result<Value, Failure> {
        let name = job.payload["file"]["name"]
            .as_str()
            .unwrap_or("the file")
            .to_owned();
        let today = today.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let taxonomy = self.taxonomy.clone();
        let size = bytes.len() as u64;
        let shown = name.clone();
        let board =
            tokio::task::spawn_blocking(move || parse_job_board(&bytes, &shown, &taxonomy, today))
                .await
                .map_err(|e| Failure::Transient(format!("reading the board file stopped: {e}")))?
                .map_err(|e| Failure::Permanent(e.to_string()))?;
        let found = Format::from(board.format);
        if let Some(asked) = asked.filter(|a| *a != found) {
            return Err(Failure::Permanent(format!(
                "{name} is a {found} job-board file, not {asked}; import it with format {found} \
                 or without a format"
            )));
        }
        let mut items: Vec<(u64, Result<Row, RowError>)> = Vec::new();
        for p in board.postings {
            let row = Row {
                number: p.index as u64 + 1,
                value: p.requirement,
                external_id: Some(p.identity),
                provenance: Default::default(),
                problems: Vec::new(),
            };
            items.push((row.number, Ok(row)));
        }
        for p in board.problems {
            let number = p.index as u64 + 1;
            let reason = format!("posting {number} of {name} was skipped: {}", p.message);
            items.push((number, Err(RowError::row(number, reason))));
        }
        for d in board.duplicates {
            let number = d.index as u64 + 1;
            let reason = format!(
                "the same posting as row {} ({}); skipped",
                d.first_index + 1,
                d.identity
            );
            items.push((number, Err(RowError::row(number, reason))));
        }
        items.sort_by_key(|(n, _)| *n);
        let total = items.len().max(1) as u64;
        progress.bytes_total = size;
        let scope = Scope::system(job.tenant, &format!("import:{}", job.id));
        let pending: Vec<_> = items
            .into_iter()
            .filter(|(n, _)| *n > progress.committed_row)
            .collect();
        let mut checker = Checker::new(self);
        for chunk in pending.chunks(BATCH_ROWS) {
            let last_row = chunk.last().map(|(n, _)| *n).unwrap_or_default();
            let rows = Batch::checked::<Requirement>(
                &mut checker,
                EntityKind::Requirements,
                chunk.iter().map(|(_, r)| r.clone()).collect(),
            );
            let errors = self
                .apply(EntityKind::Requirements, &scope, rows, &mut progress, None)
                .await?;
            self.store
                .add_job_errors(job.tenant, job.id, &errors)
                .await
                .map_err(|e| Failure::Transient(e.to_string()))?;
            progress.committed_row = last_row;
            progress.bytes_read = size * last_row.min(total) / total;
            let value = serde_json::to_value(&progress).unwrap_or_default();
            let held = self
                .store
                .job_progress(job.id, worker, &value, super::run::LEASE_MICROS)
                .await
                .map_err(|e| Failure::Transient(e.to_string()))?;
            if !held {
                return Err(Failure::LostLease);
            }
        }
        progress.bytes_read = progress.bytes_total;
        Ok(json!({ "counts": progress, "format": found.to_string() }))
    }
}
