//! The change log (outbox): one row per mutation with a monotonic sequence, which
//! derived indexes, webhooks and alerts follow.

use serde::Serialize;
use sqlx::{Any, Row, Transaction};

use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::scope::Scope;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub seq: i64,
    pub tenant_id: String,
    pub entity: String,
    pub entity_id: String,
    pub op: String,
    pub version: i64,
    pub at: i64,
}

pub(crate) async fn record(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    entity: &str,
    entity_id: &str,
    op: &str,
    version: i64,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO changes (tenant_id, entity, entity_id, op, version, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(scope.tenant_str())
    .bind(entity)
    .bind(entity_id)
    .bind(op)
    .bind(version)
    .bind(at)
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from_db)?;
    Ok(())
}

/// The newest sequence in the log (any tenant's), 0 when it is empty.
pub(crate) async fn last_seq(tx: &mut Transaction<'static, Any>) -> Result<i64> {
    sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM changes")
        .fetch_one(&mut **tx)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(StoreError::from_db)
}

impl Store {
    /// The tenant's newest change sequence, 0 when it has none.
    pub async fn tenant_last_change_seq(&self, scope: &Scope) -> Result<i64> {
        self.tenant_change_seq_before(scope, i64::MAX).await
    }

    /// The tenant's newest change sequence logged before `at` (microseconds), 0 when
    /// none is.
    pub async fn tenant_change_seq_before(&self, scope: &Scope, at: i64) -> Result<i64> {
        let mut tx = self.begin_read(scope).await?;
        let seq: i64 = sqlx::query(
            "SELECT COALESCE(MAX(seq), 0) FROM changes WHERE tenant_id = $1 AND at < $2",
        )
        .bind(scope.tenant_str())
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get::<i64, _>(0))
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(seq)
    }

    /// The tenant's changes with a sequence above `after`, oldest first.
    pub async fn changes_since(
        &self,
        scope: &Scope,
        after: i64,
        limit: u32,
    ) -> Result<Vec<Change>> {
        self.changes_in(scope, after, i64::MAX, limit).await
    }

    /// The tenant's changes with a sequence above `after` and at most `until`, oldest
    /// first.
    pub async fn changes_in(
        &self,
        scope: &Scope,
        after: i64,
        until: i64,
        limit: u32,
    ) -> Result<Vec<Change>> {
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(
            "SELECT seq, tenant_id, entity, entity_id, op, version, at FROM changes \
             WHERE tenant_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4",
        )
        .bind(scope.tenant_str())
        .bind(after)
        .bind(until)
        .bind(i64::from(limit.clamp(1, 10_000)))
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter()
            .map(|r| {
                Ok(Change {
                    seq: r.try_get(0).map_err(StoreError::from_db)?,
                    tenant_id: r.try_get(1).map_err(StoreError::from_db)?,
                    entity: r.try_get(2).map_err(StoreError::from_db)?,
                    entity_id: r.try_get(3).map_err(StoreError::from_db)?,
                    op: r.try_get(4).map_err(StoreError::from_db)?,
                    version: r.try_get(5).map_err(StoreError::from_db)?,
                    at: r.try_get(6).map_err(StoreError::from_db)?,
                })
            })
            .collect()
    }
}
