//! Submissions and their stage events, and the outcomes their ends leave behind. The
//! store keeps what happened; whether a move is allowed is the stage machine's call
//! (`hireloop_domain::pipeline`), made above. Each write is guarded by the row's version,
//! so two people moving one submission at once cannot both win.

use hireloop_domain::pipeline::{Move, Placement, Stage};
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::scope::Scope;
use crate::time::now_micros;
use crate::{audit, changes};

/// A submission to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSubmission {
    pub candidate_id: Uuid,
    pub requirement_id: Uuid,
    /// The requirement's client, kept so outcomes and blacklists need no lookup.
    pub company_id: Option<Uuid>,
    /// `Draft` or `Submitted`.
    pub stage: Stage,
    /// The match score when it came from a recommendation, parts per thousand.
    pub score: Option<u16>,
    /// `review`, `manual` or `api`.
    pub source: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub requirement_id: Uuid,
    pub company_id: Option<Uuid>,
    pub stage: Stage,
    /// Interview rounds so far.
    pub rounds: u32,
    pub placement: Option<Placement>,
    pub score: Option<u16>,
    pub source: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub created_by: String,
    pub updated_by: String,
}

/// One move, or the creation (`from` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubmissionEvent {
    pub id: Uuid,
    pub from: Option<Stage>,
    pub to: Stage,
    pub reason: Option<String>,
    /// An interview's round and time, or a placement.
    pub detail: Value,
    pub at: i64,
    pub actor: String,
}

/// How a submission ended, as the history factor reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub submission_id: Uuid,
    pub candidate_id: Uuid,
    pub requirement_id: Uuid,
    pub company_id: Option<Uuid>,
    pub kind: Stage,
    pub reason: Option<String>,
    pub at: i64,
}

/// Which submissions to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubmissionQuery {
    pub candidate_id: Option<Uuid>,
    pub requirement_id: Option<Uuid>,
    pub stage: Option<Stage>,
    /// Newest first, after this id.
    pub before: Option<Uuid>,
    pub limit: u32,
}

const COLUMNS: &str = "id, candidate_id, requirement_id, company_id, stage, rounds, placement, \
                       score, source, version, created_at, updated_at, created_by, updated_by";

pub(crate) fn get_uuid(row: &AnyRow, i: usize) -> Result<Uuid> {
    let s: String = row.try_get(i).map_err(StoreError::from_db)?;
    Uuid::parse_str(&s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn get_opt_uuid(row: &AnyRow, i: usize) -> Result<Option<Uuid>> {
    let s: Option<String> = row.try_get(i).map_err(StoreError::from_db)?;
    s.map(|s| Uuid::parse_str(&s).map_err(|e| StoreError::Corrupt(e.to_string())))
        .transpose()
}

fn get_stage(row: &AnyRow, i: usize) -> Result<Stage> {
    let s: String = row.try_get(i).map_err(StoreError::from_db)?;
    Stage::parse(&s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn from_row(row: &AnyRow) -> Result<Submission> {
    let placement: Option<String> = row.try_get(6).map_err(StoreError::from_db)?;
    let score: Option<i64> = row.try_get(7).map_err(StoreError::from_db)?;
    let rounds: i64 = row.try_get(5).map_err(StoreError::from_db)?;
    Ok(Submission {
        id: get_uuid(row, 0)?,
        candidate_id: get_uuid(row, 1)?,
        requirement_id: get_uuid(row, 2)?,
        company_id: get_opt_uuid(row, 3)?,
        stage: get_stage(row, 4)?,
        rounds: u32::try_from(rounds).map_err(corrupt)?,
        placement: placement
            .map(|p| serde_json::from_str(&p).map_err(corrupt))
            .transpose()?,
        score: score.map(u16::try_from).transpose().map_err(corrupt)?,
        source: row.try_get(8).map_err(StoreError::from_db)?,
        version: row.try_get(9).map_err(StoreError::from_db)?,
        created_at: row.try_get(10).map_err(StoreError::from_db)?,
        updated_at: row.try_get(11).map_err(StoreError::from_db)?,
        created_by: row.try_get(12).map_err(StoreError::from_db)?,
        updated_by: row.try_get(13).map_err(StoreError::from_db)?,
    })
}

/// Whether `company` has blacklisted `candidate`, inside the caller's transaction.
pub(crate) async fn is_blacklisted(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    company: Uuid,
    candidate: Uuid,
) -> Result<bool> {
    let row = sqlx::query(
        "SELECT 1 FROM blacklists WHERE tenant_id = $1 AND company_id = $2 AND candidate_id = $3",
    )
    .bind(scope.tenant_str())
    .bind(company.to_string())
    .bind(candidate.to_string())
    .fetch_optional(&mut **tx)
    .await
    .map_err(StoreError::from_db)?;
    Ok(row.is_some())
}

#[allow(clippy::too_many_arguments)]
async fn add_event(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    submission: Uuid,
    from: Option<Stage>,
    to: Stage,
    reason: Option<&str>,
    detail: &Value,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO submission_events (id, tenant_id, submission_id, from_stage, to_stage, \
         reason, detail, at, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(scope.tenant_str())
    .bind(submission.to_string())
    .bind(from.map(|s| s.as_str().to_owned()))
    .bind(to.as_str())
    .bind(reason.map(str::to_owned))
    .bind(detail.to_string())
    .bind(at)
    .bind(scope.actor.label())
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from_db)?;
    Ok(())
}

impl Store {
    /// Creates a submission at draft or submitted. Refused (conflict) when the client has
    /// blacklisted the candidate, or when the candidate is already submitted to the
    /// requirement.
    pub async fn create_submission(
        &self,
        scope: &Scope,
        new: &NewSubmission,
    ) -> Result<Submission> {
        if !matches!(new.stage, Stage::Draft | Stage::Submitted) {
            return Err(StoreError::Invalid(format!(
                "a submission starts as draft or submitted, not {}",
                new.stage
            )));
        }
        let mut tx = self.begin_write(scope).await?;
        if let Some(company) = new.company_id
            && is_blacklisted(&mut tx, scope, company, new.candidate_id).await?
        {
            return Err(StoreError::Conflict(
                "the client has blacklisted this candidate".into(),
            ));
        }
        let existing = sqlx::query(
            "SELECT id, stage FROM submissions WHERE tenant_id = $1 AND requirement_id = $2 \
             AND candidate_id = $3",
        )
        .bind(scope.tenant_str())
        .bind(new.requirement_id.to_string())
        .bind(new.candidate_id.to_string())
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        if let Some(row) = existing {
            let id: String = row.try_get(0).map_err(StoreError::from_db)?;
            let stage: String = row.try_get(1).map_err(StoreError::from_db)?;
            return Err(StoreError::Conflict(format!(
                "the candidate is already submitted to this requirement (submission {id}, {stage})"
            )));
        }
        let id = Uuid::now_v7();
        let now = now_micros();
        let actor = scope.actor.label();
        sqlx::query(
            "INSERT INTO submissions (id, tenant_id, candidate_id, requirement_id, company_id, \
             stage, rounds, placement, score, source, version, created_at, updated_at, \
             created_by, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, NULL, $7, $8, 1, $9, $9, $10, $10)",
        )
        .bind(id.to_string())
        .bind(scope.tenant_str())
        .bind(new.candidate_id.to_string())
        .bind(new.requirement_id.to_string())
        .bind(new.company_id.map(|c| c.to_string()))
        .bind(new.stage.as_str())
        .bind(new.score.map(i64::from))
        .bind(new.source.clone())
        .bind(now)
        .bind(actor)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        let detail = json!({"source": new.source, "score": new.score});
        add_event(
            &mut tx,
            scope,
            id,
            None,
            new.stage,
            new.note.as_deref(),
            &detail,
            now,
        )
        .await?;
        let audit_detail = json!({
            "candidate": new.candidate_id, "requirement": new.requirement_id,
            "stage": new.stage, "source": new.source,
        });
        audit::append(
            &mut tx,
            scope,
            "submission.created",
            "submission",
            &id.to_string(),
            &audit_detail,
            now,
        )
        .await?;
        changes::record(
            &mut tx,
            scope,
            "submission",
            &id.to_string(),
            "create",
            1,
            now,
        )
        .await?;
        let found = Self::submission_in(&mut tx, scope, id).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        found.ok_or(StoreError::NotFound)
    }

    async fn submission_in(
        tx: &mut Transaction<'static, Any>,
        scope: &Scope,
        id: Uuid,
    ) -> Result<Option<Submission>> {
        let sql = format!("SELECT {COLUMNS} FROM submissions WHERE tenant_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(id.to_string())
            .fetch_optional(&mut **tx)
            .await
            .map_err(StoreError::from_db)?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn submission(&self, scope: &Scope, id: Uuid) -> Result<Option<Submission>> {
        let mut tx = self.begin_read(scope).await?;
        let found = Self::submission_in(&mut tx, scope, id).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(found)
    }

    /// The submission of `candidate` to `requirement`, if there is one.
    pub async fn submission_of(
        &self,
        scope: &Scope,
        requirement: Uuid,
        candidate: Uuid,
    ) -> Result<Option<Submission>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM submissions WHERE tenant_id = $1 AND requirement_id = $2 \
             AND candidate_id = $3"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(requirement.to_string())
            .bind(candidate.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.as_ref().map(from_row).transpose()
    }

    /// The submissions of the given (requirement, candidate) pairs that exist, in one
    /// statement.
    pub async fn submissions_of(
        &self,
        scope: &Scope,
        pairs: &[(Uuid, Uuid)],
    ) -> Result<Vec<Submission>> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        // At most 200 pairs (400 parameters) per statement.
        for chunk in pairs.chunks(200) {
            let cond: Vec<String> = (0..chunk.len())
                .map(|i| {
                    format!(
                        "(requirement_id = ${} AND candidate_id = ${})",
                        2 * i + 2,
                        2 * i + 3
                    )
                })
                .collect();
            let sql = format!(
                "SELECT {COLUMNS} FROM submissions WHERE tenant_id = $1 AND ({})",
                cond.join(" OR ")
            );
            let mut tx = self.begin_read(scope).await?;
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.tenant_str());
            for (r, c) in chunk {
                query = query.bind(r.to_string()).bind(c.to_string());
            }
            let rows = query
                .fetch_all(&mut *tx)
                .await
                .map_err(StoreError::from_db)?;
            tx.commit().await.map_err(StoreError::from_db)?;
            for row in &rows {
                out.push(from_row(row)?);
            }
        }
        Ok(out)
    }

    /// Submissions newest first, filtered by candidate, requirement and stage.
    pub async fn list_submissions(
        &self,
        scope: &Scope,
        q: &SubmissionQuery,
    ) -> Result<Vec<Submission>> {
        let mut sql = format!("SELECT {COLUMNS} FROM submissions WHERE tenant_id = $1 AND id < $2");
        let mut binds = vec![];
        for (column, value) in [
            ("candidate_id", q.candidate_id.map(|u| u.to_string())),
            ("requirement_id", q.requirement_id.map(|u| u.to_string())),
            ("stage", q.stage.map(|s| s.as_str().to_owned())),
        ] {
            if let Some(v) = value {
                binds.push(v);
                sql.push_str(&format!(" AND {column} = ${}", binds.len() + 2));
            }
        }
        sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", binds.len() + 3));
        let mut tx = self.begin_read(scope).await?;
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(q.before.map_or_else(|| "~".to_owned(), |u| u.to_string()));
        for b in binds {
            query = query.bind(b);
        }
        let rows = query
            .bind(i64::from(q.limit))
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(from_row).collect()
    }

    /// How many submissions stand at each stage.
    pub async fn submission_counts(&self, scope: &Scope) -> Result<Vec<(Stage, i64)>> {
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(
            "SELECT stage, COUNT(*) FROM submissions WHERE tenant_id = $1 GROUP BY stage",
        )
        .bind(scope.tenant_str())
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        let mut counts = rows
            .iter()
            .map(|r| Ok((get_stage(r, 0)?, r.try_get(1).map_err(StoreError::from_db)?)))
            .collect::<Result<Vec<(Stage, i64)>>>()?;
        counts.sort();
        Ok(counts)
    }

    /// The submission's events, oldest first.
    pub async fn submission_events(&self, scope: &Scope, id: Uuid) -> Result<Vec<SubmissionEvent>> {
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(
            "SELECT id, from_stage, to_stage, reason, detail, at, actor FROM submission_events \
             WHERE tenant_id = $1 AND submission_id = $2 ORDER BY id",
        )
        .bind(scope.tenant_str())
        .bind(id.to_string())
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter()
            .map(|r| {
                let from: Option<String> = r.try_get(1).map_err(StoreError::from_db)?;
                let detail: String = r.try_get(4).map_err(StoreError::from_db)?;
                Ok(SubmissionEvent {
                    id: get_uuid(r, 0)?,
                    from: from
                        .map(|f| Stage::parse(&f).map_err(corrupt))
                        .transpose()?,
                    to: get_stage(r, 2)?,
                    reason: r.try_get(3).map_err(StoreError::from_db)?,
                    detail: serde_json::from_str(&detail).map_err(corrupt)?,
                    at: r.try_get(5).map_err(StoreError::from_db)?,
                    actor: r.try_get(6).map_err(StoreError::from_db)?,
                })
            })
            .collect()
    }

    /// Applies a move the stage machine has allowed from `current`. The write is guarded
    /// by `current`'s version and stage: if the submission changed since it was read, the
    /// caller gets a version conflict and nothing is written. A move to an end records
    /// the outcome (a no-show after a placement replaces the placement's).
    pub async fn move_submission(
        &self,
        scope: &Scope,
        current: &Submission,
        to: Stage,
        m: &Move,
    ) -> Result<Submission> {
        let now = now_micros();
        let actor = scope.actor.label();
        let rounds = current.rounds + u32::from(to == Stage::Interview);
        let placement = match &m.placement {
            Some(p) => Some(serde_json::to_string(p).map_err(corrupt)?),
            None => current
                .placement
                .as_ref()
                .map(|p| serde_json::to_string(p).map_err(corrupt))
                .transpose()?,
        };
        let mut tx = self.begin_write(scope).await?;
        let done = sqlx::query(
            "UPDATE submissions SET stage = $1, rounds = $2, placement = $3, \
             version = version + 1, updated_at = $4, updated_by = $5 \
             WHERE tenant_id = $6 AND id = $7 AND version = $8 AND stage = $9",
        )
        .bind(to.as_str())
        .bind(i64::from(rounds))
        .bind(placement)
        .bind(now)
        .bind(actor.clone())
        .bind(scope.tenant_str())
        .bind(current.id.to_string())
        .bind(current.version)
        .bind(current.stage.as_str())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        if done.rows_affected() == 0 {
            let now_row = Self::submission_in(&mut tx, scope, current.id)
                .await?
                .ok_or(StoreError::NotFound)?;
            return Err(StoreError::VersionConflict {
                current: now_row.version,
            });
        }
        let detail = match (&m.interview, &m.placement) {
            (Some(i), _) => json!({"interview": i}),
            (_, Some(p)) => json!({"placement": p}),
            _ => json!({}),
        };
        add_event(
            &mut tx,
            scope,
            current.id,
            Some(current.stage),
            to,
            m.reason.as_deref(),
            &detail,
            now,
        )
        .await?;
        if to.is_terminal() {
            sqlx::query(
                "INSERT INTO outcomes (id, tenant_id, submission_id, candidate_id, \
                 requirement_id, company_id, kind, reason, at, actor) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (tenant_id, submission_id) DO UPDATE SET kind = excluded.kind, \
                 reason = excluded.reason, at = excluded.at, actor = excluded.actor",
            )
            .bind(Uuid::now_v7().to_string())
            .bind(scope.tenant_str())
            .bind(current.id.to_string())
            .bind(current.candidate_id.to_string())
            .bind(current.requirement_id.to_string())
            .bind(current.company_id.map(|c| c.to_string()))
            .bind(to.as_str())
            .bind(m.reason.clone())
            .bind(now)
            .bind(actor)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        }
        let version = current.version + 1;
        let mut audit_detail = json!({"from": current.stage, "to": to, "reason": m.reason});
        if let Some(o) = audit_detail.as_object_mut()
            && let Some(d) = detail.as_object()
        {
            o.extend(d.clone());
        }
        audit::append(
            &mut tx,
            scope,
            "submission.moved",
            "submission",
            &current.id.to_string(),
            &audit_detail,
            now,
        )
        .await?;
        changes::record(
            &mut tx,
            scope,
            "submission",
            &current.id.to_string(),
            "update",
            version,
            now,
        )
        .await?;
        let found = Self::submission_in(&mut tx, scope, current.id).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        found.ok_or(StoreError::NotFound)
    }

    /// The recorded ends of `candidates`' submissions, for the history factor.
    pub async fn outcomes_of(&self, scope: &Scope, candidates: &[Uuid]) -> Result<Vec<Outcome>> {
        let mut out = Vec::new();
        let mut tx = self.begin_read(scope).await?;
        for chunk in candidates.chunks(500) {
            let marks = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT submission_id, candidate_id, requirement_id, company_id, kind, reason, \
                 at FROM outcomes WHERE tenant_id = $1 AND candidate_id IN ({marks}) \
                 ORDER BY candidate_id, at"
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.tenant_str());
            for c in chunk {
                q = q.bind(c.to_string());
            }
            let rows = q.fetch_all(&mut *tx).await.map_err(StoreError::from_db)?;
            for r in &rows {
                out.push(Outcome {
                    submission_id: get_uuid(r, 0)?,
                    candidate_id: get_uuid(r, 1)?,
                    requirement_id: get_uuid(r, 2)?,
                    company_id: get_opt_uuid(r, 3)?,
                    kind: get_stage(r, 4)?,
                    reason: r.try_get(5).map_err(StoreError::from_db)?,
                    at: r.try_get(6).map_err(StoreError::from_db)?,
                });
            }
        }
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(out)
    }
}
