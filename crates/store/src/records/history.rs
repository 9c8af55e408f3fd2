//! A record's history: its revisions, with a create's fields rebuilt from the current
//! body and the later diffs.

use serde::Serialize;
use serde_json::{Value, json};
use sqlx::Row;
use uuid::Uuid;

use super::{Entity, fetch};
use crate::backend::Store;
use crate::diff;
use crate::error::{Result, StoreError};
use crate::scope::Scope;

/// One entry of a record's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    /// The record this revision is of: the one asked about, or one merged into it.
    pub record_id: Uuid,
    pub version: i64,
    pub op: String,
    pub at: i64,
    pub actor: String,
    pub changes: Value,
}

impl Store {
    /// A record's history, oldest first, including the histories of records merged
    /// into it. Empty when the tenant has no such record.
    pub async fn revisions(
        &self,
        scope: &Scope,
        entity: Entity,
        id: Uuid,
    ) -> Result<Vec<Revision>> {
        let mut revs = self.revisions_of_one(scope, entity, id).await?;
        if revs.is_empty() {
            return Ok(revs);
        }
        for merged in self.merged_into(scope, entity, id).await? {
            revs.extend(self.revisions_of_one(scope, entity, merged).await?);
        }
        revs.sort_by_key(|r| (r.at, r.record_id, r.version));
        Ok(revs)
    }

    async fn revisions_of_one(
        &self,
        scope: &Scope,
        entity: Entity,
        id: Uuid,
    ) -> Result<Vec<Revision>> {
        let mut tx = self.begin_read(scope).await?;
        let current = fetch(&mut tx, scope, entity, id).await?;
        let rows = sqlx::query(
            "SELECT version, op, at, actor, changes FROM revisions \
             WHERE tenant_id = $1 AND entity = $2 AND entity_id = $3 ORDER BY version",
        )
        .bind(scope.tenant_str())
        .bind(entity.name())
        .bind(id.to_string())
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        let Some(current) = current else {
            return Ok(Vec::new());
        };
        let mut revs = Vec::with_capacity(rows.len());
        for r in &rows {
            let changes: String = r.try_get(4).map_err(StoreError::from_db)?;
            revs.push(Revision {
                record_id: id,
                version: r.try_get(0).map_err(StoreError::from_db)?,
                op: r.try_get(1).map_err(StoreError::from_db)?,
                at: r.try_get(2).map_err(StoreError::from_db)?,
                actor: r.try_get(3).map_err(StoreError::from_db)?,
                changes: if changes.is_empty() {
                    Value::Null
                } else {
                    serde_json::from_str(&changes)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?
                },
            });
        }
        let mut state: Value =
            serde_json::from_str(&current.data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        for rev in revs.iter_mut().rev() {
            if rev.op == "create" {
                rev.changes = diff::json_diff(&json!({}), &state);
            } else if let (Some(diff), Some(obj)) = (rev.changes.as_object(), state.as_object_mut())
            {
                for (field, ch) in diff {
                    match ch.get("from") {
                        Some(Value::Null) | None => obj.remove(field),
                        Some(v) => obj.insert(field.clone(), v.clone()),
                    };
                }
            }
        }
        Ok(revs)
    }
}
