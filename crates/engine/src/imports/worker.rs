//! The background worker: claims ready jobs from the store, runs them, and records the
//! outcome. Every node runs one; the store's claims keep them from sharing a job.

use std::sync::Arc;
use std::time::Duration;

use hireloop_store::{Job, JobStatus};
use tokio::sync::{Notify, watch};

use super::run::{Failure, LEASE_MICROS};
use super::{IMPORT_JOB, Ingest};

/// How often an idle worker looks for work it was not woken for (jobs queued by
/// another node, retries whose backoff has passed).
const POLL: Duration = Duration::from_millis(500);

/// How often a worker sweeps expired idempotency keys.
const SWEEP: Duration = Duration::from_secs(3600);

/// Runs jobs until `stop` turns true. `wake` lets this node's API start queued work at once.
/// Between jobs it also sweeps expired idempotency keys, hourly.
pub async fn run_worker(
    ingest: Ingest,
    name: String,
    wake: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
) {
    tracing::info!(worker = %name, "job worker started");
    let mut last_sweep: Option<std::time::Instant> = None;
    loop {
        if *stop.borrow() {
            break;
        }
        if last_sweep.is_none_or(|t| t.elapsed() >= SWEEP) {
            last_sweep = Some(std::time::Instant::now());
            match ingest
                .store
                .idempotency_expire(hireloop_store::now_micros())
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(worker = %name, keys = n, "expired idempotency keys"),
                Err(e) => {
                    tracing::warn!(worker = %name, error = %e, "expiring idempotency keys failed")
                }
            }
        }
        match ingest.store.claim_job(&name, LEASE_MICROS).await {
            Ok(Some(job)) => run_one(&ingest, &name, job).await,
            Ok(None) => {
                tokio::select! {
                    () = wake.notified() => {}
                    () = tokio::time::sleep(POLL) => {}
                    _ = stop.changed() => {}
                }
            }
            Err(e) => {
                tracing::warn!(worker = %name, error = %e, "claiming a job failed");
                tokio::time::sleep(POLL * 4).await;
            }
        }
    }
    tracing::info!(worker = %name, "job worker stopped");
}

/// Runs every ready job now, then returns how many ran (tests and the CLI's import).
pub async fn drain(ingest: &Ingest, name: &str) -> usize {
    let mut ran = 0;
    while let Ok(Some(job)) = ingest.store.claim_job(name, LEASE_MICROS).await {
        run_one(ingest, name, job).await;
        ran += 1;
    }
    ran
}

async fn run_one(ingest: &Ingest, name: &str, job: Job) {
    let span = tracing::info_span!("job", id = %job.id, kind = %job.kind, attempt = job.attempts);
    let _enter = span.enter();
    let outcome = match job.kind.as_str() {
        IMPORT_JOB => ingest.run_import(&job, name).await,
        other => Err(Failure::Permanent(format!(
            "no worker runs jobs of kind {other:?}"
        ))),
    };
    let recorded = match outcome {
        Ok(result) => ingest
            .store
            .finish_job(job.id, name, &result)
            .await
            .map(|_| JobStatus::Succeeded),
        Err(Failure::LostLease) => {
            tracing::warn!("lost the job's lease to another worker; stopping");
            return;
        }
        Err(Failure::Permanent(reason)) => {
            ingest.store.fail_job(job.id, name, &reason, false).await
        }
        Err(Failure::Transient(reason)) => ingest.store.fail_job(job.id, name, &reason, true).await,
    };
    match recorded {
        Ok(status) => tracing::info!(status = status.as_str(), "job attempt finished"),
        Err(e) => tracing::warn!(error = %e, "recording the job's outcome failed"),
    }
}
