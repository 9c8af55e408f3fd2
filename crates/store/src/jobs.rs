//! Durable background jobs: queued in the database, claimed by any node with a lease,
//! retried with exponential backoff, and visible to their tenant with progress and a
//! per-row error report.
//!
//! A worker claims a ready job (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several nodes
//! share the queue; SQLite: its single writer serialises claims). The claim holds a
//! lease that progress reports extend; a job whose lease ran out (its node died) is
//! ready again, so work survives crashes and restarts.

use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

use hireloop_domain::ids::{JobId, TenantId};

use crate::backend::{Backend, Store};
use crate::bulk::{Val, insert_rows};
use crate::error::{Result, StoreError};
use crate::scope::Scope;
use crate::time::now_micros;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "queued" => JobStatus::Queued,
            "running" => JobStatus::Running,
            "succeeded" => JobStatus::Succeeded,
            "failed" => JobStatus::Failed,
            other => return Err(StoreError::Corrupt(format!("job status {other:?}"))),
        })
    }
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: Value,
    pub max_attempts: u32,
    /// Jobs with the same key in a tenant are one job: enqueueing again returns it
    /// (a failed one is queued again).
    pub dedupe_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: JobId,
    pub tenant: TenantId,
    pub kind: String,
    pub status: JobStatus,
    pub payload: Value,
    pub progress: Value,
    pub result: Option<Value>,
    pub last_error: Option<String>,
    pub attempts: u32,
    pub max_attempts: u32,
    /// Microseconds since the epoch.
    pub run_at: i64,
    pub dedupe_key: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
    pub created_by: String,
}

/// One problem a job found in its input (a bad row of an import).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JobRowError {
    pub row: Option<u64>,
    pub column: Option<String>,
    pub field: Option<String>,
    pub reason: String,
}

/// The retry delay after `attempts` failed attempts: 2 s doubling to at most 10 min,
/// spread by up to a quarter (derived from the job id, so it is repeatable) to keep
/// jobs that failed together from retrying together.
pub fn backoff_micros(id: &JobId, attempts: u32) -> i64 {
    let base: i64 = 2_000_000;
    let exp = base.saturating_mul(1 << attempts.saturating_sub(1).min(20));
    let capped = exp.min(600_000_000);
    let spread = i64::from(id.as_uuid().as_bytes()[15]) * capped / 1024;
    capped + spread
}

const COLUMNS: &str = "id, tenant_id, kind, status, payload, progress, result, last_error, attempts, \
     max_attempts, run_at, dedupe_key, created_at, updated_at, finished_at, created_by";

fn text(row: &AnyRow, i: usize) -> Result<String> {
    row.try_get(i).map_err(StoreError::from_db)
}

fn json(s: &str) -> Result<Value> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("job JSON: {e}")))
}

fn job_from(row: &AnyRow) -> Result<Job> {
    let int = |i: usize| -> Result<i64> { row.try_get(i).map_err(StoreError::from_db) };
    let opt_text =
        |i: usize| -> Result<Option<String>> { row.try_get(i).map_err(StoreError::from_db) };
    let count = |v: i64| u32::try_from(v).map_err(|e| StoreError::Corrupt(e.to_string()));
    Ok(Job {
        id: JobId::parse(&text(row, 0)?).map_err(|e| StoreError::Corrupt(e.0))?,
        tenant: TenantId::parse(&text(row, 1)?).map_err(|e| StoreError::Corrupt(e.0))?,
        kind: text(row, 2)?,
        status: JobStatus::parse(&text(row, 3)?)?,
        payload: json(&text(row, 4)?)?,
        progress: json(&text(row, 5)?)?,
        result: opt_text(6)?.as_deref().map(json).transpose()?,
        last_error: opt_text(7)?,
        attempts: count(int(8)?)?,
        max_attempts: count(int(9)?)?,
        run_at: int(10)?,
        dedupe_key: opt_text(11)?,
        created_at: int(12)?,
        updated_at: int(13)?,
        finished_at: row.try_get(14).map_err(StoreError::from_db)?,
        created_by: text(row, 15)?,
    })
}

impl Store {
    /// Queues a job, or returns the tenant's job with the same dedupe key (queued again
    /// if it had failed). The flag says whether a new job was created.
    pub async fn enqueue_job(&self, scope: &Scope, job: NewJob) -> Result<(Job, bool)> {
        let mut tx = self.begin_write(scope).await?;
        let now = now_micros();
        if let Some(key) = &job.dedupe_key {
            let sql =
                format!("SELECT {COLUMNS} FROM jobs WHERE tenant_id = $1 AND dedupe_key = $2");
            let existing = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(scope.tenant_str())
                .bind(key.clone())
                .fetch_optional(&mut *tx)
                .await
                .map_err(StoreError::from_db)?;
            if let Some(row) = existing {
                let found = job_from(&row)?;
                if found.status == JobStatus::Failed {
                    sqlx::query(
                        "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $2, \
                         updated_at = $2, finished_at = NULL, last_error = NULL, payload = $3 \
                         WHERE id = $1",
                    )
                    .bind(found.id.to_string())
                    .bind(now)
                    .bind(job.payload.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::from_db)?;
                }
                tx.commit().await.map_err(StoreError::from_db)?;
                let again = self
                    .job(scope, found.id)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                return Ok((again, false));
            }
        }
        let id = JobId::new();
        let sql = format!(
            "INSERT INTO jobs ({COLUMNS}) VALUES \
             ($1, $2, $3, 'queued', $4, '{{}}', NULL, NULL, 0, $5, $6, $7, $6, $6, NULL, $8)"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .bind(scope.tenant_str())
            .bind(job.kind)
            .bind(job.payload.to_string())
            .bind(i64::from(job.max_attempts.max(1)))
            .bind(now)
            .bind(job.dedupe_key)
            .bind(scope.actor.label())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        let created = self.job(scope, id).await?.ok_or(StoreError::NotFound)?;
        Ok((created, true))
    }

    /// One of the tenant's jobs.
    pub async fn job(&self, scope: &Scope, id: JobId) -> Result<Option<Job>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!("SELECT {COLUMNS} FROM jobs WHERE tenant_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.as_ref().map(job_from).transpose()
    }

    /// The tenant's jobs of one kind, newest first.
    pub async fn list_jobs(&self, scope: &Scope, kind: &str, limit: u32) -> Result<Vec<Job>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM jobs WHERE tenant_id = $1 AND kind = $2 ORDER BY id DESC LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(kind.to_owned())
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(job_from).collect()
    }

    /// Claims the next ready job for `worker` with a lease of `lease_micros`: a queued
    /// job whose time has come, or a running one whose lease expired.
    pub async fn claim_job(&self, worker: &str, lease_micros: i64) -> Result<Option<Job>> {
        let now = now_micros();
        let lock = match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1, \
             locked_until = $2, updated_at = $3 \
             WHERE id = (SELECT id FROM jobs \
                 WHERE (status = 'queued' AND run_at <= $3) \
                    OR (status = 'running' AND locked_until < $3) \
                 ORDER BY run_at, id LIMIT 1 {lock}) \
             RETURNING {COLUMNS}"
        );
        let mut tx = self.begin_admin().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(worker.to_owned())
            .bind(now + lease_micros)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.as_ref().map(job_from).transpose()
    }

    /// Records progress and extends the lease. `false`: the worker no longer holds the
    /// job (its lease ran out and another node took it) and must stop.
    pub async fn job_progress(
        &self,
        id: JobId,
        worker: &str,
        progress: &Value,
        lease_micros: i64,
    ) -> Result<bool> {
        let now = now_micros();
        let mut tx = self.begin_admin().await?;
        let done = sqlx::query(
            "UPDATE jobs SET progress = $1, locked_until = $2, updated_at = $3 \
             WHERE id = $4 AND locked_by = $5 AND status = 'running'",
        )
        .bind(progress.to_string())
        .bind(now + lease_micros)
        .bind(now)
        .bind(id.to_string())
        .bind(worker.to_owned())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(done.rows_affected() == 1)
    }

    /// Drops the problems an earlier attempt reported; each attempt reports afresh.
    pub async fn clear_job_errors(&self, id: JobId) -> Result<()> {
        let mut tx = self.begin_admin().await?;
        sqlx::query("DELETE FROM job_errors WHERE job_id = $1")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)
    }

    /// Appends problems found in the job's input, numbered after those already kept.
    pub async fn add_job_errors(
        &self,
        tenant: TenantId,
        id: JobId,
        errors: &[JobRowError],
    ) -> Result<()> {
        if errors.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_admin().await?;
        let next: i64 =
            sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM job_errors WHERE job_id = $1")
                .bind(id.to_string())
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from_db)?
                .try_get(0)
                .map_err(StoreError::from_db)?;
        let to_i64 = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let rows = errors
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    Val::Text(tenant.to_string()),
                    Val::Text(id.to_string()),
                    Val::Int(next + 1 + i64::try_from(i).unwrap_or(i64::MAX)),
                    Val::OptInt(e.row.map(to_i64)),
                    Val::OptText(e.column.clone()),
                    Val::OptText(e.field.clone()),
                    Val::Text(e.reason.clone()),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "job_errors",
            &[
                "tenant_id",
                "job_id",
                "seq",
                "row_number",
                "col",
                "field",
                "reason",
            ],
            rows,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from_db)
    }

    /// The job's reported problems after sequence number `after`, in order, with their
    /// sequence numbers (for paging).
    pub async fn job_errors(
        &self,
        scope: &Scope,
        id: JobId,
        after: i64,
        limit: u32,
    ) -> Result<Vec<(i64, JobRowError)>> {
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(
            "SELECT seq, row_number, col, field, reason FROM job_errors \
             WHERE tenant_id = $1 AND job_id = $2 AND seq > $3 ORDER BY seq LIMIT $4",
        )
        .bind(scope.tenant_str())
        .bind(id.to_string())
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter()
            .map(|r| {
                let row: Option<i64> = r.try_get(1).map_err(StoreError::from_db)?;
                Ok((
                    r.try_get(0).map_err(StoreError::from_db)?,
                    JobRowError {
                        row: row.and_then(|v| u64::try_from(v).ok()),
                        column: r.try_get(2).map_err(StoreError::from_db)?,
                        field: r.try_get(3).map_err(StoreError::from_db)?,
                        reason: r.try_get(4).map_err(StoreError::from_db)?,
                    },
                ))
            })
            .collect()
    }

    /// Marks the job done with its result.
    pub async fn finish_job(&self, id: JobId, worker: &str, result: &Value) -> Result<bool> {
        let now = now_micros();
        let mut tx = self.begin_admin().await?;
        let done = sqlx::query(
            "UPDATE jobs SET status = 'succeeded', result = $1, updated_at = $2, finished_at = $2, \
             locked_by = NULL, locked_until = NULL, last_error = NULL \
             WHERE id = $3 AND locked_by = $4 AND status = 'running'",
        )
        .bind(result.to_string())
        .bind(now)
        .bind(id.to_string())
        .bind(worker.to_owned())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a failed attempt: queued again after a backoff while attempts remain and
    /// the failure may pass (`retry`), otherwise failed for good. Returns the new status.
    pub async fn fail_job(
        &self,
        id: JobId,
        worker: &str,
        error: &str,
        retry: bool,
    ) -> Result<JobStatus> {
        let now = now_micros();
        let mut tx = self.begin_admin().await?;
        let row =
            sqlx::query("SELECT attempts, max_attempts FROM jobs WHERE id = $1 AND locked_by = $2")
                .bind(id.to_string())
                .bind(worker.to_owned())
                .fetch_optional(&mut *tx)
                .await
                .map_err(StoreError::from_db)?
                .ok_or(StoreError::NotFound)?;
        let attempts: i64 = row.try_get(0).map_err(StoreError::from_db)?;
        let max: i64 = row.try_get(1).map_err(StoreError::from_db)?;
        let again = retry && attempts < max;
        let status = if again {
            JobStatus::Queued
        } else {
            JobStatus::Failed
        };
        let run_at = now + backoff_micros(&id, u32::try_from(attempts).unwrap_or(u32::MAX));
        sqlx::query(
            "UPDATE jobs SET status = $1, last_error = $2, run_at = $3, updated_at = $4, \
             finished_at = $5, locked_by = NULL, locked_until = NULL WHERE id = $6",
        )
        .bind(status.as_str())
        .bind(error.to_owned())
        .bind(if again { run_at } else { now })
        .bind(now)
        .bind((!again).then_some(now))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(status)
    }

    /// Queues a failed job again, keeping its input (its next attempt reports afresh).
    pub async fn retry_job(&self, scope: &Scope, id: JobId) -> Result<Job> {
        let mut tx = self.begin_write(scope).await?;
        let now = now_micros();
        let done = sqlx::query(
            "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $1, updated_at = $1, \
             finished_at = NULL, last_error = NULL WHERE tenant_id = $2 AND id = $3 AND status = 'failed'",
        )
        .bind(now)
        .bind(scope.tenant_str())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        let job = self.job(scope, id).await?.ok_or(StoreError::NotFound)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "job {id} is {}, only a failed job can be retried",
                job.status.as_str()
            )));
        }
        Ok(job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let id = JobId::new();
        let spread = |d: i64, base: i64| d >= base && d <= base + base / 4;
        assert!(spread(backoff_micros(&id, 1), 2_000_000));
        assert!(spread(backoff_micros(&id, 2), 4_000_000));
        assert!(spread(backoff_micros(&id, 5), 32_000_000));
        assert!(spread(backoff_micros(&id, 30), 600_000_000));
        assert_eq!(backoff_micros(&id, 3), backoff_micros(&id, 3));
    }
}
