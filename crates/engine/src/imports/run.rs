//! Running one import attempt: a reader thread streams rows from the stored file in
//! batches while this task validates and writes them, so parsing and writing overlap
//! and memory stays bounded by a few batches whatever the file's size.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use hireloop_domain::entities::{Candidate, Company, Contact, Requirement};
use hireloop_ingest::bulk::{
    self, Converter, EntityKind, Format, Mapping, RawRow, ReadOptions, RowError,
};
use hireloop_store::{Job, JobRowError, Scope, StoreError};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::batch::{Importable, Lookups, apply_batch};
use super::bulk_load::BulkLoad;
use super::check::{Batch, Checker, Checkers};
use super::{Ingest, Progress};

/// Rows per write transaction.
pub(crate) const BATCH_ROWS: usize = 1000;
/// How long a claim lasts without a progress report.
pub const LEASE_MICROS: i64 = 120_000_000;

/// Why an attempt stopped.
#[derive(Debug)]
pub enum Failure {
    /// The input cannot be imported as it is (not a table, a bad mapping): no retry.
    Permanent(String),
    /// Something that may pass (the database, the disk): retried with backoff.
    Transient(String),
    /// Another node holds the job now; this one just stops.
    LostLease,
}

/// Refuses files whose first bytes say they are a document, an archive or an image
/// rather than a table, before they are read as one.
fn not_a_document(file: &mut std::fs::File, name: &str) -> Result<(), Failure> {
    use std::io::Seek;
    let mut head = vec![0u8; 8192];
    let n = file
        .read(&mut head)
        .map_err(|e| Failure::Transient(e.to_string()))?;
    head.truncate(n);
    file.rewind()
        .map_err(|e| Failure::Transient(e.to_string()))?;
    let kind = hireloop_ingest::document::sniff(&head, None);
    use hireloop_ingest::document::FileKind;
    if matches!(kind, FileKind::Text | FileKind::Markdown | FileKind::Html) || head.is_empty() {
        return Ok(());
    }
    Err(Failure::Permanent(format!(
        "{name} is {}, not a CSV, JSON or JSON Lines file",
        kind.describe()
    )))
}

/// Counts bytes as the reader consumes them, for progress.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

enum Message {
    Opened(Value),
    /// A batch, and the bytes of the file read when it was complete.
    Rows(Batch, u64),
    Failed(String),
}

impl Ingest {
    /// Runs one attempt of an import job held by `worker`; returns the job's result.
    pub async fn run_import(&self, job: &Job, worker: &str) -> Result<Value, Failure> {
        let p = &job.payload;
        let bad = |what: &str| Failure::Permanent(format!("the job's {what} is missing"));
        let kind: EntityKind = p["kind"]
            .as_str()
            .and_then(|k| k.parse().ok())
            .ok_or_else(|| bad("kind"))?;
        let sha = p["file"]["sha256"].as_str().ok_or_else(|| bad("file"))?;
        let mapping = match p["mapping"].as_str() {
            Some(m) => Some(Mapping::parse(m).map_err(|e| Failure::Permanent(e.to_string()))?),
            None => None,
        };
        let format: Option<Format> = p["format"].as_str().and_then(|f| f.parse().ok());
        let today: Option<NaiveDate> = p["today"].as_str().and_then(|d| d.parse().ok());
        let mut progress: Progress =
            serde_json::from_value(job.progress.clone()).unwrap_or_default();
        if progress.committed_row == 0 {
            // A fresh start: what an earlier attempt reported is stale.
            self.store
                .clear_job_errors(job.id)
                .await
                .map_err(|e| Failure::Transient(e.to_string()))?;
            progress = Progress::default();
        }
        let scratch = std::env::temp_dir();
        let path = self
            .files
            .local_copy(sha, &scratch)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?
            .ok_or_else(|| {
                Failure::Permanent(format!("the uploaded file {sha} is not in the file store"))
            })?;
        let name = p["file"]["name"].as_str().unwrap_or("the file");
        let mut file = std::fs::File::open(&path).map_err(|e| Failure::Transient(e.to_string()))?;
        not_a_document(&mut file, name)?;
        if kind == EntityKind::Requirements
            && let Some(bytes) = super::board::board_bytes(&path, format)?
        {
            return self
                .run_board_import(job, worker, bytes, format, today, progress)
                .await;
        }
        progress.bytes_total = file.metadata().map(|m| m.len()).unwrap_or_default();
        let read = Arc::new(AtomicU64::new(0));
        let input = std::io::BufReader::with_capacity(
            1 << 16,
            Counting {
                inner: file,
                read: read.clone(),
            },
        );
        let options = ReadOptions {
            format,
            mapping,
            today,
            ..ReadOptions::default()
        };
        let resume_after = progress.committed_row;
        let (tx, mut rx) = mpsc::channel::<Message>(1);
        let mut checkers = Checkers::for_machine(Checker::new(self));
        let consumed = read.clone();
        let reader = tokio::task::spawn_blocking(move || {
            read_rows(
                input,
                kind,
                &mut checkers,
                options,
                resume_after,
                &tx,
                &consumed,
            )
        });

        let scope = Scope::system(job.tenant, &format!("import:{}", job.id));
        let mut bulk: Option<BulkLoad> = None;
        let pumped = self
            .pump(
                job,
                worker,
                kind,
                &scope,
                &mut rx,
                &read,
                &mut progress,
                &mut bulk,
            )
            .await;
        // Whatever happened, a bulk load's indexes are built again before the attempt
        // ends (a crash leaves them to the next start).
        if let Some(b) = bulk {
            let started = std::time::Instant::now();
            let rebuilt = b
                .finish(&self.store)
                .await
                .map_err(|e| Failure::Transient(e.to_string()))?;
            tracing::info!(
                ?rebuilt,
                seconds = started.elapsed().as_secs_f64(),
                "bulk load: indexes built"
            );
        }
        let opened = pumped?;
        reader
            .await
            .map_err(|e| Failure::Transient(format!("the reader stopped: {e}")))?;
        progress.bytes_read = progress.bytes_total;
        if progress.created > 10_000 {
            // A large load changes the tables' shape; plans should know.
            let _ = self.store.refresh_statistics().await;
        }
        let mut result = json!({ "counts": progress });
        if let (Some(r), Some(o)) = (result.as_object_mut(), opened.as_object()) {
            r.extend(o.clone());
        }
        Ok(result)
    }

    /// Writes the batches the reader sends, reporting progress after each; returns what
    /// the reader found about the file. The first batch shows the rows' size, and so how
    /// many rows the file holds: enough of them start a bulk load (`bulk`).
    #[allow(clippy::too_many_arguments)]
    async fn pump(
        &self,
        job: &Job,
        worker: &str,
        kind: EntityKind,
        scope: &Scope,
        rx: &mut mpsc::Receiver<Message>,
        read: &AtomicU64,
        progress: &mut Progress,
        bulk: &mut Option<BulkLoad>,
    ) -> Result<Value, Failure> {
        let mut opened = Value::Null;
        let mut first = true;
        while let Some(msg) = rx.recv().await {
            match msg {
                Message::Opened(info) => merge_objects(&mut opened, info),
                Message::Failed(reason) => return Err(Failure::Permanent(reason)),
                Message::Rows(rows, consumed) => {
                    if std::mem::take(&mut first) {
                        let expected = expected_rows(progress.bytes_total, consumed, rows.len());
                        *bulk = self
                            .maybe_bulk(kind, scope, &job.id.to_string(), expected)
                            .await
                            .map_err(|e| Failure::Transient(e.to_string()))?;
                    }
                    let last_row = rows.last_row().unwrap_or(progress.committed_row);
                    let errors = self
                        .apply(kind, scope, rows, progress, bulk.as_mut())
                        .await?;
                    self.store
                        .add_job_errors(job.tenant, job.id, &errors)
                        .await
                        .map_err(|e| Failure::Transient(e.to_string()))?;
                    progress.committed_row = last_row;
                    progress.bytes_read = read.load(Ordering::Relaxed);
                    progress.bulk = bulk.is_some();
                    let value = serde_json::to_value(&*progress).unwrap_or_default();
                    let held = self
                        .store
                        .job_progress(job.id, worker, &value, LEASE_MICROS)
                        .await
                        .map_err(|e| Failure::Transient(e.to_string()))?;
                    if !held {
                        return Err(Failure::LostLease);
                    }
                }
            }
        }
        Ok(opened)
    }

    /// A bulk load for about `rows` rows of `kind`, if one is worth it.
    async fn maybe_bulk(
        &self,
        kind: EntityKind,
        scope: &Scope,
        owner: &str,
        rows: u64,
    ) -> Result<Option<BulkLoad>, StoreError> {
        async fn start<E: Importable>(
            ingest: &Ingest,
            scope: &Scope,
            owner: &str,
            rows: u64,
        ) -> Result<Option<BulkLoad>, StoreError> {
            let Some(on_file) = BulkLoad::worth_it::<E>(ingest, rows).await? else {
                return Ok(None);
            };
            BulkLoad::start::<E>(ingest, scope, owner, rows, on_file)
                .await
                .map(Some)
        }
        match kind {
            EntityKind::Candidates => start::<Candidate>(self, scope, owner, rows).await,
            EntityKind::Requirements => start::<Requirement>(self, scope, owner, rows).await,
            EntityKind::Companies => start::<Company>(self, scope, owner, rows).await,
            EntityKind::Contacts => start::<Contact>(self, scope, owner, rows).await,
        }
    }

    /// Writes one batch, its lookups answered by `bulk` when the load runs as one.
    pub(super) async fn apply(
        &self,
        kind: EntityKind,
        scope: &Scope,
        batch: Batch,
        progress: &mut Progress,
        bulk: Option<&mut BulkLoad>,
    ) -> Result<Vec<JobRowError>, Failure> {
        let lookups = match bulk {
            Some(b) => Lookups::Memory(b),
            None => Lookups::Store,
        };
        let out = match kind {
            EntityKind::Candidates => apply_batch::<Candidate>(self, scope, batch, lookups).await,
            EntityKind::Requirements => {
                apply_batch::<Requirement>(self, scope, batch, lookups).await
            }
            EntityKind::Companies => apply_batch::<Company>(self, scope, batch, lookups).await,
            EntityKind::Contacts => apply_batch::<Contact>(self, scope, batch, lookups).await,
        }
        .map_err(|e| Failure::Transient(e.to_string()))?;
        progress.rows += out.rows;
        progress.created += out.created;
        progress.updated += out.updated;
        progress.unchanged += out.unchanged;
        progress.failed += out.failed;
        progress.duplicates += out.duplicates;
        Ok(out.errors)
    }
}

/// The rows a file of `total` bytes holds, judged from its first `rows` rows taking
/// `consumed` bytes (which include what the reader buffered ahead, so the number comes
/// out a little low).
fn expected_rows(total: u64, consumed: u64, rows: usize) -> u64 {
    if consumed == 0 {
        return rows as u64;
    }
    let per_row = consumed as f64 / rows.max(1) as f64;
    ((total as f64 / per_row).round() as u64).max(rows as u64)
}

fn merge_objects(into: &mut Value, more: Value) {
    match (into.as_object_mut(), more) {
        (Some(a), Value::Object(b)) => a.extend(b),
        (_, more) => *into = more,
    }
}

/// Converts and checks a batch's rows as `kind` (see `Checkers::check`).
fn check_batch(
    kind: EntityKind,
    checkers: &mut Checkers,
    converter: &Converter,
    rows: Vec<Result<RawRow, RowError>>,
) -> Batch {
    match kind {
        EntityKind::Candidates => checkers.check::<Candidate>(converter, rows),
        EntityKind::Requirements => checkers.check::<Requirement>(converter, rows),
        EntityKind::Companies => checkers.check::<Company>(converter, rows),
        EntityKind::Contacts => checkers.check::<Contact>(converter, rows),
    }
}

/// The reader thread: opens the file, reports what it found, then sends batches, their
/// rows already checked, so reading and checking overlap with writing.
fn read_rows<R: Read>(
    input: R,
    kind: EntityKind,
    checker: &mut Checkers,
    options: ReadOptions,
    resume_after: u64,
    tx: &mpsc::Sender<Message>,
    consumed: &AtomicU64,
) {
    let rows = match bulk::read(input, kind, options) {
        Ok(rows) => rows,
        Err(e) => {
            let _ = tx.blocking_send(Message::Failed(e.to_string()));
            return;
        }
    };
    let info = json!({
        "format": rows.format().to_string(),
        "encoding": format!("{:?}", rows.encoding()),
        "delimiter": rows.delimiter().map(|d| (d as char).to_string()),
    });
    if tx.blocking_send(Message::Opened(info)).is_err() {
        return;
    }
    let mut rows = rows;
    let converter = rows.converter();
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    while let Some(item) = rows.next_raw() {
        let number = match &item {
            Ok(r) => r.number(),
            Err(e) => e.row,
        };
        if number <= resume_after {
            continue;
        }
        batch.push(item);
        if batch.len() == BATCH_ROWS {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ROWS));
            let full = check_batch(kind, checker, &converter, full);
            let at = consumed.load(Ordering::Relaxed);
            if tx.blocking_send(Message::Rows(full, at)).is_err() {
                return;
            }
        }
    }
    let report = json!({ "columns": rows.report() });
    if !batch.is_empty()
        && tx
            .blocking_send(Message::Rows(
                check_batch(kind, checker, &converter, batch),
                consumed.load(Ordering::Relaxed),
            ))
            .is_err()
    {
        return;
    }
    let _ = tx.blocking_send(Message::Opened(report));
}
