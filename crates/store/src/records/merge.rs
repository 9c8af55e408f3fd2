//! Merging two records of one person into one, in a single transaction: the survivor
//! takes the merged body, the other is closed (deleted, journalled as `merged`), its
//! files move over, open merge suggestions that named it name the survivor instead, and
//! a `merges` row remembers the pair so the survivor's history includes the other's.

use serde_json::json;
use sqlx::Row;
use uuid::Uuid;

use super::{Entity, NewRecord, Record, fetch, set_deleted_in, update_in};
use crate::audit;
use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::scope::Scope;
use crate::time::now_micros;

/// What a merge changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub survivor: Record,
    /// The record merged away, now deleted.
    pub merged: Record,
    pub documents_moved: u64,
    /// Open suggestions that named the merged record and now name the survivor.
    pub suggestions_moved: u64,
}

/// The two sides of a merge, with the versions the caller saw (`None`: any).
#[derive(Debug, Clone)]
pub struct MergeRequest {
    pub entity: Entity,
    /// The survivor's new body (its id is the survivor's).
    pub survivor: NewRecord,
    pub survivor_version: Option<i64>,
    pub merged: Uuid,
    pub merged_version: Option<i64>,
    /// The suggestion this merge acts on, closed as `merged`.
    pub suggestion: Option<Uuid>,
}

impl Store {
    pub async fn merge_records(&self, scope: &Scope, m: MergeRequest) -> Result<Merged> {
        let survivor_id = m.survivor.id;
        if survivor_id == m.merged {
            return Err(StoreError::Invalid(
                "a record cannot be merged into itself".into(),
            ));
        }
        let mut tx = self.begin_write(scope).await?;
        let other = fetch(&mut tx, scope, m.entity, m.merged)
            .await?
            .filter(|r| r.deleted_at.is_none())
            .ok_or(StoreError::NotFound)?;
        if m.merged_version.is_some_and(|v| v != other.version) {
            return Err(StoreError::VersionConflict {
                current: other.version,
            });
        }
        let survivor = update_in(
            &mut tx,
            scope,
            m.entity,
            m.survivor,
            m.survivor_version,
            "merge",
        )
        .await?;
        let merged = set_deleted_in(
            &mut tx,
            scope,
            m.entity,
            m.merged,
            Some(other.version),
            true,
            "merged",
        )
        .await?;
        let now = now_micros();
        let tenant = scope.tenant_str();
        sqlx::query(
            "INSERT INTO merges (tenant_id, entity, survivor_id, merged_id, at, actor) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(tenant.clone())
        .bind(m.entity.name())
        .bind(survivor_id.to_string())
        .bind(m.merged.to_string())
        .bind(now)
        .bind(scope.actor.label())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        let documents_moved =
            crate::documents::move_documents(&mut tx, scope, m.entity, m.merged, survivor_id)
                .await?;
        if let Some(s) = m.suggestion {
            sqlx::query(
                "UPDATE duplicates SET status = 'merged', resolved_at = $1, resolved_by = $2 \
                 WHERE tenant_id = $3 AND id = $4 AND status = 'open'",
            )
            .bind(now)
            .bind(scope.actor.label())
            .bind(tenant.clone())
            .bind(s.to_string())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        }
        let suggestions_moved =
            repoint_suggestions(&mut tx, scope, m.entity, m.merged, survivor_id, now).await?;
        let detail = json!({
            "survivor": survivor_id,
            "merged": m.merged,
            "survivor_version": survivor.version,
            "documents_moved": documents_moved,
            "suggestion": m.suggestion,
        });
        audit::append(
            &mut tx,
            scope,
            &format!("{}.merge", m.entity.name()),
            m.entity.name(),
            &survivor_id.to_string(),
            &detail,
            now,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(Merged {
            survivor,
            merged,
            documents_moved,
            suggestions_moved,
        })
    }

    /// The record `id` was merged into, if it was.
    pub async fn merged_into_survivor(
        &self,
        scope: &Scope,
        entity: Entity,
        id: Uuid,
    ) -> Result<Option<Uuid>> {
        let mut tx = self.begin_read(scope).await?;
        let row = sqlx::query(
            "SELECT survivor_id FROM merges WHERE tenant_id = $1 AND entity = $2 \
             AND merged_id = $3",
        )
        .bind(scope.tenant_str())
        .bind(entity.name())
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.map(|r| {
            let s: String = r.try_get(0).map_err(StoreError::from_db)?;
            Uuid::parse_str(&s).map_err(|e| StoreError::Corrupt(e.to_string()))
        })
        .transpose()
    }

    /// The records merged into `id`, directly or through earlier merges.
    pub async fn merged_into(&self, scope: &Scope, entity: Entity, id: Uuid) -> Result<Vec<Uuid>> {
        let mut tx = self.begin_read(scope).await?;
        let mut out = Vec::new();
        let mut frontier = vec![id];
        while let Some(next) = frontier.pop() {
            let rows = sqlx::query(
                "SELECT merged_id FROM merges WHERE tenant_id = $1 AND entity = $2 \
                 AND survivor_id = $3 ORDER BY at",
            )
            .bind(scope.tenant_str())
            .bind(entity.name())
            .bind(next.to_string())
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
            for r in rows {
                let s: String = r.try_get(0).map_err(StoreError::from_db)?;
                let u = Uuid::parse_str(&s).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                // A merge is one-way and a merged record is closed, so there are no
                // cycles; the guard keeps a damaged table from looping.
                if u != id && !out.contains(&u) {
                    out.push(u);
                    frontier.push(u);
                }
            }
        }
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(out)
    }
}

/// Open suggestions pairing `from` with someone else now pair the survivor with them
/// (unless that pair is already suggested); the originals are closed as `merged`.
async fn repoint_suggestions(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    scope: &Scope,
    entity: Entity,
    from: Uuid,
    to: Uuid,
    now: i64,
) -> Result<u64> {
    let tenant = scope.tenant_str();
    let rows = sqlx::query(
        "SELECT id, a_id, b_id, score, reasons FROM duplicates WHERE tenant_id = $1 \
         AND entity = $2 AND status = 'open' AND (a_id = $3 OR b_id = $3)",
    )
    .bind(tenant.clone())
    .bind(entity.name())
    .bind(from.to_string())
    .fetch_all(&mut **tx)
    .await
    .map_err(StoreError::from_db)?;
    let mut moved = 0;
    for r in rows {
        let id: String = r.try_get(0).map_err(StoreError::from_db)?;
        let a: String = r.try_get(1).map_err(StoreError::from_db)?;
        let b: String = r.try_get(2).map_err(StoreError::from_db)?;
        let score: i64 = r.try_get(3).map_err(StoreError::from_db)?;
        let reasons: String = r.try_get(4).map_err(StoreError::from_db)?;
        sqlx::query(
            "UPDATE duplicates SET status = 'merged', resolved_at = $1, resolved_by = $2 \
             WHERE tenant_id = $3 AND id = $4",
        )
        .bind(now)
        .bind(scope.actor.label())
        .bind(tenant.clone())
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from_db)?;
        let other = if a == from.to_string() { b } else { a };
        let other = Uuid::parse_str(&other).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if other == to {
            continue;
        }
        let (x, y) = if to < other { (to, other) } else { (other, to) };
        let done = sqlx::query(
            "INSERT INTO duplicates (id, tenant_id, entity, a_id, b_id, score, reasons, status, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) \
             ON CONFLICT (tenant_id, entity, a_id, b_id) DO NOTHING",
        )
        .bind(Uuid::now_v7().to_string())
        .bind(tenant.clone())
        .bind(entity.name())
        .bind(x.to_string())
        .bind(y.to_string())
        .bind(score)
        .bind(reasons)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from_db)?;
        moved += done.rows_affected();
    }
    Ok(moved)
}
