//! The durable job queue: dedupe, claims with leases, progress, retries with backoff,
//! error reports, tenant isolation and concurrent claimers.

use std::collections::HashSet;

use hireloop_store::testing::TestDb;
use hireloop_store::{JobRowError, JobStatus, NewJob};
use serde_json::json;

use crate::{on_both_engines, tenant};

on_both_engines!(
    jobs_dedupe_and_run_to_success,
    failures_retry_with_backoff_then_fail_for_good,
    expired_leases_are_claimed_again,
    error_reports_page_in_order_and_stay_in_their_tenant,
    concurrent_claimers_never_share_a_job,
);

fn import(key: Option<&str>) -> NewJob {
    NewJob {
        kind: "import".into(),
        payload: json!({"file": "x.csv"}),
        max_attempts: 3,
        dedupe_key: key.map(str::to_owned),
    }
}

async fn jobs_dedupe_and_run_to_success(db: TestDb) {
    let scope = tenant(&db, "acme").await;
    let (job, created) = db
        .store
        .enqueue_job(&scope, import(Some("sha:1")))
        .await
        .unwrap();
    assert!(created);
    assert_eq!(job.status, JobStatus::Queued);
    let (again, created) = db
        .store
        .enqueue_job(&scope, import(Some("sha:1")))
        .await
        .unwrap();
    assert!(!created, "the same key is the same job");
    assert_eq!(again.id, job.id);

    let claimed = db
        .store
        .claim_job("node-a", 60_000_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, job.id);
    assert_eq!(claimed.status, JobStatus::Running);
    assert_eq!(claimed.attempts, 1);
    assert!(
        db.store
            .claim_job("node-b", 60_000_000)
            .await
            .unwrap()
            .is_none()
    );

    assert!(
        db.store
            .job_progress(job.id, "node-a", &json!({"rows": 10}), 60_000_000)
            .await
            .unwrap()
    );
    assert!(
        !db.store
            .job_progress(job.id, "node-b", &json!({"rows": 99}), 60_000_000)
            .await
            .unwrap()
    );
    assert!(
        db.store
            .finish_job(job.id, "node-a", &json!({"created": 10}))
            .await
            .unwrap()
    );

    let done = db.store.job(&scope, job.id).await.unwrap().unwrap();
    assert_eq!(done.status, JobStatus::Succeeded);
    assert_eq!(done.progress, json!({"rows": 10}));
    assert_eq!(done.result, Some(json!({"created": 10})));
    assert!(done.finished_at.is_some());
    let (same, created) = db
        .store
        .enqueue_job(&scope, import(Some("sha:1")))
        .await
        .unwrap();
    assert!(
        !created && same.status == JobStatus::Succeeded,
        "a finished import is not redone"
    );
    db.cleanup().await;
}

async fn failures_retry_with_backoff_then_fail_for_good(db: TestDb) {
    let scope = tenant(&db, "acme").await;
    let (job, _) = db
        .store
        .enqueue_job(&scope, import(Some("sha:2")))
        .await
        .unwrap();
    db.store.claim_job("w", 60_000_000).await.unwrap().unwrap();
    let status = db
        .store
        .fail_job(job.id, "w", "disk hiccup", true)
        .await
        .unwrap();
    assert_eq!(status, JobStatus::Queued);
    let queued = db.store.job(&scope, job.id).await.unwrap().unwrap();
    assert!(
        queued.run_at >= queued.updated_at + 2_000_000,
        "backoff delays the retry"
    );
    assert_eq!(queued.last_error.as_deref(), Some("disk hiccup"));
    assert!(
        db.store.claim_job("w", 60_000_000).await.unwrap().is_none(),
        "not before its time"
    );

    // A permanent failure ends the job at once, keeping its input for a manual retry.
    let (other, _) = db.store.enqueue_job(&scope, import(None)).await.unwrap();
    let claimed = db.store.claim_job("w", 60_000_000).await.unwrap().unwrap();
    assert_eq!(claimed.id, other.id);
    let status = db
        .store
        .fail_job(other.id, "w", "not a CSV file", false)
        .await
        .unwrap();
    assert_eq!(status, JobStatus::Failed);
    let failed = db.store.job(&scope, other.id).await.unwrap().unwrap();
    assert_eq!(failed.payload, json!({"file": "x.csv"}));
    let retried = db.store.retry_job(&scope, other.id).await.unwrap();
    assert_eq!((retried.status, retried.attempts), (JobStatus::Queued, 0));
    assert!(
        db.store.retry_job(&scope, other.id).await.is_err(),
        "only failed jobs retry"
    );
    db.cleanup().await;
}

async fn expired_leases_are_claimed_again(db: TestDb) {
    let scope = tenant(&db, "acme").await;
    let (job, _) = db.store.enqueue_job(&scope, import(None)).await.unwrap();
    // node-a claims with a lease that has already run out, as if it died.
    db.store.claim_job("node-a", -1).await.unwrap().unwrap();
    let taken = db
        .store
        .claim_job("node-b", 60_000_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(taken.id, job.id);
    assert_eq!(taken.attempts, 2);
    assert!(
        !db.store
            .finish_job(job.id, "node-a", &json!({}))
            .await
            .unwrap(),
        "node-a lost it"
    );
    assert!(
        db.store
            .finish_job(job.id, "node-b", &json!({}))
            .await
            .unwrap()
    );
    db.cleanup().await;
}

async fn error_reports_page_in_order_and_stay_in_their_tenant(db: TestDb) {
    let acme = tenant(&db, "acme").await;
    let other = tenant(&db, "other").await;
    let (job, _) = db.store.enqueue_job(&acme, import(None)).await.unwrap();
    let errors: Vec<JobRowError> = (1..=450)
        .map(|i| JobRowError {
            row: Some(i + 1),
            column: Some("Email".into()),
            field: Some("email".into()),
            reason: format!("bad e-mail {i}"),
        })
        .collect();
    db.store
        .add_job_errors(acme.tenant, job.id, &errors[..200])
        .await
        .unwrap();
    db.store
        .add_job_errors(acme.tenant, job.id, &errors[200..])
        .await
        .unwrap();
    let first = db.store.job_errors(&acme, job.id, 0, 300).await.unwrap();
    assert_eq!(first.len(), 300);
    let rest = db
        .store
        .job_errors(&acme, job.id, first.last().unwrap().0, 300)
        .await
        .unwrap();
    assert_eq!(rest.len(), 150);
    let all: Vec<_> = first.into_iter().chain(rest).map(|(_, e)| e).collect();
    assert_eq!(all, errors);

    assert!(db.store.job(&other, job.id).await.unwrap().is_none());
    assert!(
        db.store
            .job_errors(&other, job.id, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        db.store
            .list_jobs(&other, "import", 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.store.list_jobs(&acme, "import", 10).await.unwrap().len(),
        1
    );

    db.store.clear_job_errors(job.id).await.unwrap();
    assert!(
        db.store
            .job_errors(&acme, job.id, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    db.cleanup().await;
}

async fn concurrent_claimers_never_share_a_job(db: TestDb) {
    let scope = tenant(&db, "acme").await;
    for _ in 0..40 {
        db.store.enqueue_job(&scope, import(None)).await.unwrap();
    }
    let mut tasks = Vec::new();
    for w in 0..4 {
        let store = db.store.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(job) = store.claim_job(&format!("w{w}"), 60_000_000).await.unwrap() {
                mine.push(job.id);
            }
            mine
        }));
    }
    let mut seen = HashSet::new();
    for t in tasks {
        for id in t.await.unwrap() {
            assert!(seen.insert(id), "job {id} was claimed twice");
        }
    }
    assert_eq!(seen.len(), 40);
    db.cleanup().await;
}
