//! The review queue: recommendations above the tenant's threshold, one row per
//! requirement × candidate, waiting for a recruiter to approve, reject (with a reason,
//! kept as a negative signal) or defer. The queue never shows a pair the client has
//! blacklisted or a candidate already submitted to that requirement.

use serde::Serialize;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::audit;
use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::pipeline::{get_opt_uuid, get_uuid};
use crate::scope::Scope;
use crate::time::now_micros;

/// Where a review stands.
pub const REVIEW_STATUSES: [&str; 4] = ["open", "approved", "rejected", "deferred"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub id: Uuid,
    pub requirement_id: Uuid,
    pub candidate_id: Uuid,
    pub company_id: Option<Uuid>,
    /// Parts per thousand.
    pub score: u16,
    pub status: String,
    pub reason: Option<String>,
    pub run_id: Option<Uuid>,
    pub submission_id: Option<Uuid>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub decided_by: Option<String>,
}

/// A recommendation to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReview {
    pub candidate_id: Uuid,
    pub score: u16,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewQuery {
    pub requirement_id: Option<Uuid>,
    /// `open` when not given.
    pub status: Option<String>,
    /// Best score first; after this (score, id) when paging.
    pub after: Option<(u16, Uuid)>,
    pub limit: u32,
}

const COLUMNS: &str = "r.id, r.requirement_id, r.candidate_id, r.company_id, r.score, r.status, \
                       r.reason, r.run_id, r.submission_id, r.version, r.created_at, \
                       r.updated_at, r.decided_by";

/// Pairs the queue must not show: blacklisted, or already submitted.
const VISIBLE: &str = "NOT EXISTS (SELECT 1 FROM submissions s WHERE s.tenant_id = r.tenant_id \
     AND s.requirement_id = r.requirement_id AND s.candidate_id = r.candidate_id) \
     AND NOT EXISTS (SELECT 1 FROM blacklists b WHERE b.tenant_id = r.tenant_id \
     AND b.company_id = r.company_id AND b.candidate_id = r.candidate_id)";

fn from_row(row: &AnyRow) -> Result<Review> {
    let score: i64 = row.try_get(4).map_err(StoreError::from_db)?;
    Ok(Review {
        id: get_uuid(row, 0)?,
        requirement_id: get_uuid(row, 1)?,
        candidate_id: get_uuid(row, 2)?,
        company_id: get_opt_uuid(row, 3)?,
        score: u16::try_from(score).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        status: row.try_get(5).map_err(StoreError::from_db)?,
        reason: row.try_get(6).map_err(StoreError::from_db)?,
        run_id: get_opt_uuid(row, 7)?,
        submission_id: get_opt_uuid(row, 8)?,
        version: row.try_get(9).map_err(StoreError::from_db)?,
        created_at: row.try_get(10).map_err(StoreError::from_db)?,
        updated_at: row.try_get(11).map_err(StoreError::from_db)?,
        decided_by: row.try_get(12).map_err(StoreError::from_db)?,
    })
}

impl Store {
    /// Queues recommendations for a requirement. A pair already queued keeps its
    /// decision: an open one takes the new score, a deferred one opens again, an approved
    /// or rejected one is left alone. Returns how many pairs are new to the queue.
    pub async fn queue_reviews(
        &self,
        scope: &Scope,
        requirement: Uuid,
        company: Option<Uuid>,
        run: Option<Uuid>,
        entries: &[NewReview],
    ) -> Result<usize> {
        let now = now_micros();
        let mut added = 0;
        let mut tx = self.begin_write(scope).await?;
        for e in entries {
            let done = sqlx::query(
                "INSERT INTO reviews (id, tenant_id, requirement_id, candidate_id, company_id, \
                 score, run_id, status, version, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', 1, $8, $8) \
                 ON CONFLICT (tenant_id, requirement_id, candidate_id) DO NOTHING",
            )
            .bind(Uuid::now_v7().to_string())
            .bind(scope.tenant_str())
            .bind(requirement.to_string())
            .bind(e.candidate_id.to_string())
            .bind(company.map(|c| c.to_string()))
            .bind(i64::from(e.score))
            .bind(run.map(|r| r.to_string()))
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
            if done.rows_affected() == 1 {
                added += 1;
                continue;
            }
            sqlx::query(
                "UPDATE reviews SET score = $1, run_id = $2, status = 'open', \
                 version = version + 1, updated_at = $3 \
                 WHERE tenant_id = $4 AND requirement_id = $5 AND candidate_id = $6 \
                 AND status IN ('open', 'deferred')",
            )
            .bind(i64::from(e.score))
            .bind(run.map(|r| r.to_string()))
            .bind(now)
            .bind(scope.tenant_str())
            .bind(requirement.to_string())
            .bind(e.candidate_id.to_string())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        }
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(added)
    }

    /// The queue, best score first. Open and deferred entries leave out blacklisted and
    /// already-submitted pairs.
    pub async fn list_reviews(&self, scope: &Scope, q: &ReviewQuery) -> Result<Vec<Review>> {
        let status = q.status.clone().unwrap_or_else(|| "open".to_owned());
        let mut sql =
            format!("SELECT {COLUMNS} FROM reviews r WHERE r.tenant_id = $1 AND r.status = $2");
        if matches!(status.as_str(), "open" | "deferred") {
            sql.push_str(" AND ");
            sql.push_str(VISIBLE);
        }
        let mut n = 2;
        if q.requirement_id.is_some() {
            n += 1;
            sql.push_str(&format!(" AND r.requirement_id = ${n}"));
        }
        if q.after.is_some() {
            sql.push_str(&format!(
                " AND (r.score < ${} OR (r.score = ${} AND r.id > ${}))",
                n + 1,
                n + 1,
                n + 2
            ));
            n += 2;
        }
        sql.push_str(&format!(" ORDER BY r.score DESC, r.id LIMIT ${}", n + 1));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(status);
        if let Some(r) = q.requirement_id {
            query = query.bind(r.to_string());
        }
        if let Some((score, id)) = q.after {
            query = query.bind(i64::from(score)).bind(id.to_string());
        }
        let mut tx = self.begin_read(scope).await?;
        let rows = query
            .bind(i64::from(q.limit))
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(from_row).collect()
    }

    pub async fn review(&self, scope: &Scope, id: Uuid) -> Result<Option<Review>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!("SELECT {COLUMNS} FROM reviews r WHERE r.tenant_id = $1 AND r.id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.as_ref().map(from_row).transpose()
    }

    /// Decides an open or deferred review: `approved` (with its submission), `rejected`
    /// (with a reason) or `deferred`. A review already approved or rejected is a
    /// conflict.
    pub async fn decide_review(
        &self,
        scope: &Scope,
        id: Uuid,
        status: &str,
        reason: Option<&str>,
        submission: Option<Uuid>,
    ) -> Result<Review> {
        if !matches!(status, "approved" | "rejected" | "deferred") {
            return Err(StoreError::Invalid(format!(
                "{status:?} is not approved, rejected or deferred"
            )));
        }
        let now = now_micros();
        let mut tx = self.begin_write(scope).await?;
        let done = sqlx::query(
            "UPDATE reviews SET status = $1, reason = $2, submission_id = $3, \
             version = version + 1, updated_at = $4, decided_by = $5 \
             WHERE tenant_id = $6 AND id = $7 AND status IN ('open', 'deferred')",
        )
        .bind(status.to_owned())
        .bind(reason.map(str::to_owned))
        .bind(submission.map(|s| s.to_string()))
        .bind(now)
        .bind(scope.actor.label())
        .bind(scope.tenant_str())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        let sql = format!("SELECT {COLUMNS} FROM reviews r WHERE r.tenant_id = $1 AND r.id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from_db)?
            .ok_or(StoreError::NotFound)?;
        let found = from_row(&row)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "the review is already {}",
                found.status
            )));
        }
        let detail = json!({
            "requirement": found.requirement_id, "candidate": found.candidate_id,
            "reason": reason, "submission": submission,
        });
        audit::append(
            &mut tx,
            scope,
            &format!("review.{status}"),
            "review",
            &id.to_string(),
            &detail,
            now,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(found)
    }

    /// Recommendations recruiters rejected for `candidates`: (candidate, the
    /// requirement's client), the negative signal the history factor reads.
    pub async fn screened_out_of(
        &self,
        scope: &Scope,
        candidates: &[Uuid],
    ) -> Result<Vec<(Uuid, Option<Uuid>)>> {
        let mut out = Vec::new();
        let mut tx = self.begin_read(scope).await?;
        for chunk in candidates.chunks(500) {
            let marks = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT candidate_id, company_id FROM reviews WHERE tenant_id = $1 \
                 AND status = 'rejected' AND candidate_id IN ({marks}) ORDER BY candidate_id, id"
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.tenant_str());
            for c in chunk {
                q = q.bind(c.to_string());
            }
            for r in q.fetch_all(&mut *tx).await.map_err(StoreError::from_db)? {
                out.push((get_uuid(&r, 0)?, get_opt_uuid(&r, 1)?));
            }
        }
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(out)
    }
}
