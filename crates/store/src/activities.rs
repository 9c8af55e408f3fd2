//! Activities (notes, calls, e-mails, meetings) on any record, and client blacklists
//! (company × candidate, with a reason). Both are audited.

use serde::Serialize;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::audit;
use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::pipeline::get_uuid;
use crate::scope::Scope;
use crate::time::now_micros;

/// The kinds of activity a timeline holds.
pub const ACTIVITY_KINDS: [&str; 5] = ["note", "call", "email", "meeting", "message"];

/// The records an activity may be on.
pub const ACTIVITY_ENTITIES: [&str; 5] = [
    "candidate",
    "company",
    "contact",
    "requirement",
    "submission",
];

#[derive(Debug, Clone, PartialEq)]
pub struct NewActivity {
    pub entity: String,
    pub entity_id: Uuid,
    pub kind: String,
    pub subject: Option<String>,
    pub body: String,
    /// When it happened (Unix microseconds); now when not given.
    pub at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    pub id: Uuid,
    pub entity: String,
    pub entity_id: Uuid,
    pub kind: String,
    pub subject: Option<String>,
    pub body: String,
    pub at: i64,
    pub created_at: i64,
    pub actor: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blacklisting {
    pub company_id: Uuid,
    pub candidate_id: Uuid,
    pub reason: String,
    pub created_at: i64,
    pub created_by: String,
}

const ACTIVITY_COLUMNS: &str = "id, entity, entity_id, kind, subject, body, at, created_at, actor";

fn activity_from(r: &AnyRow) -> Result<Activity> {
    Ok(Activity {
        id: get_uuid(r, 0)?,
        entity: r.try_get(1).map_err(StoreError::from_db)?,
        entity_id: get_uuid(r, 2)?,
        kind: r.try_get(3).map_err(StoreError::from_db)?,
        subject: r.try_get(4).map_err(StoreError::from_db)?,
        body: r.try_get(5).map_err(StoreError::from_db)?,
        at: r.try_get(6).map_err(StoreError::from_db)?,
        created_at: r.try_get(7).map_err(StoreError::from_db)?,
        actor: r.try_get(8).map_err(StoreError::from_db)?,
    })
}

fn blacklisting_from(r: &AnyRow) -> Result<Blacklisting> {
    Ok(Blacklisting {
        company_id: get_uuid(r, 0)?,
        candidate_id: get_uuid(r, 1)?,
        reason: r.try_get(2).map_err(StoreError::from_db)?,
        created_at: r.try_get(3).map_err(StoreError::from_db)?,
        created_by: r.try_get(4).map_err(StoreError::from_db)?,
    })
}

impl Store {
    /// Records an activity. The kind and entity must be known ones; whether the record
    /// exists is the caller's check.
    pub async fn add_activity(&self, scope: &Scope, new: &NewActivity) -> Result<Activity> {
        if !ACTIVITY_KINDS.contains(&new.kind.as_str()) {
            return Err(StoreError::Invalid(format!(
                "kind '{}' is not one of {}",
                new.kind,
                ACTIVITY_KINDS.join(", ")
            )));
        }
        if !ACTIVITY_ENTITIES.contains(&new.entity.as_str()) {
            return Err(StoreError::Invalid(format!(
                "entity '{}' is not one of {}",
                new.entity,
                ACTIVITY_ENTITIES.join(", ")
            )));
        }
        let id = Uuid::now_v7();
        let now = now_micros();
        let mut tx = self.begin_write(scope).await?;
        sqlx::query(
            "INSERT INTO activities (id, tenant_id, entity, entity_id, kind, subject, body, at, \
             created_at, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id.to_string())
        .bind(scope.tenant_str())
        .bind(new.entity.clone())
        .bind(new.entity_id.to_string())
        .bind(new.kind.clone())
        .bind(new.subject.clone())
        .bind(new.body.clone())
        .bind(new.at.unwrap_or(now))
        .bind(now)
        .bind(scope.actor.label())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        let detail = json!({"activity": id, "kind": new.kind, "subject": new.subject});
        audit::append(
            &mut tx,
            scope,
            &format!("{}.activity_added", new.entity),
            &new.entity,
            &new.entity_id.to_string(),
            &detail,
            now,
        )
        .await?;
        let sql =
            format!("SELECT {ACTIVITY_COLUMNS} FROM activities WHERE tenant_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        let found = activity_from(&row)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(found)
    }

    /// A record's timeline, newest first; `before` pages by (time, id) of the last one
    /// shown.
    pub async fn activities_of(
        &self,
        scope: &Scope,
        entity: &str,
        entity_id: Uuid,
        before: Option<(i64, Uuid)>,
        limit: u32,
    ) -> Result<Vec<Activity>> {
        let (at, id) = before.map_or((i64::MAX, "~".to_owned()), |(at, id)| (at, id.to_string()));
        let sql = format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE tenant_id = $1 AND entity = $2 \
             AND entity_id = $3 AND (at < $4 OR (at = $4 AND id < $5)) \
             ORDER BY at DESC, id DESC LIMIT $6"
        );
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(entity.to_owned())
            .bind(entity_id.to_string())
            .bind(at)
            .bind(id)
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(activity_from).collect()
    }

    /// Blacklists `candidate` at `company`; blacklisting again updates the reason.
    pub async fn blacklist(
        &self,
        scope: &Scope,
        company: Uuid,
        candidate: Uuid,
        reason: &str,
    ) -> Result<Blacklisting> {
        let now = now_micros();
        let mut tx = self.begin_write(scope).await?;
        sqlx::query(
            "INSERT INTO blacklists (tenant_id, company_id, candidate_id, reason, created_at, \
             created_by) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (tenant_id, company_id, candidate_id) DO UPDATE SET reason = excluded.reason",
        )
        .bind(scope.tenant_str())
        .bind(company.to_string())
        .bind(candidate.to_string())
        .bind(reason.to_owned())
        .bind(now)
        .bind(scope.actor.label())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        let detail = json!({"candidate": candidate, "reason": reason});
        audit::append(
            &mut tx,
            scope,
            "company.blacklisted",
            "company",
            &company.to_string(),
            &detail,
            now,
        )
        .await?;
        let row = sqlx::query(
            "SELECT company_id, candidate_id, reason, created_at, created_by FROM blacklists \
             WHERE tenant_id = $1 AND company_id = $2 AND candidate_id = $3",
        )
        .bind(scope.tenant_str())
        .bind(company.to_string())
        .bind(candidate.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        let found = blacklisting_from(&row)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(found)
    }

    /// Lifts a blacklisting; not found when there was none.
    pub async fn unblacklist(&self, scope: &Scope, company: Uuid, candidate: Uuid) -> Result<()> {
        let now = now_micros();
        let mut tx = self.begin_write(scope).await?;
        let done = sqlx::query(
            "DELETE FROM blacklists WHERE tenant_id = $1 AND company_id = $2 AND candidate_id = $3",
        )
        .bind(scope.tenant_str())
        .bind(company.to_string())
        .bind(candidate.to_string())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        audit::append(
            &mut tx,
            scope,
            "company.unblacklisted",
            "company",
            &company.to_string(),
            &json!({"candidate": candidate}),
            now,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(())
    }

    /// A company's blacklist, oldest first.
    pub async fn blacklist_of(&self, scope: &Scope, company: Uuid) -> Result<Vec<Blacklisting>> {
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(
            "SELECT company_id, candidate_id, reason, created_at, created_by FROM blacklists \
             WHERE tenant_id = $1 AND company_id = $2 ORDER BY created_at, candidate_id",
        )
        .bind(scope.tenant_str())
        .bind(company.to_string())
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(blacklisting_from).collect()
    }

    /// The companies that have blacklisted `candidate`.
    pub async fn blacklisted_by(&self, scope: &Scope, candidate: Uuid) -> Result<Vec<Uuid>> {
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(
            "SELECT company_id FROM blacklists WHERE tenant_id = $1 AND candidate_id = $2 \
             ORDER BY company_id",
        )
        .bind(scope.tenant_str())
        .bind(candidate.to_string())
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(|r| get_uuid(r, 0)).collect()
    }
}
