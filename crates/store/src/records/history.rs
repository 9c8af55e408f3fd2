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
    pub version: i64,
    pub op: String,
    pub at: i64,
    pub actor: String,
    pub changes: Value,
}

impl Store {
    pub async fn revisions(
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
