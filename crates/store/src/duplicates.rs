//! Suggested merges: pairs of records that look like the same person, kept for a human
//! to merge or dismiss.

use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::backend::Store;
use crate::bulk::{Val, insert_rows_returning_count};
use crate::error::{Result, StoreError};
use crate::records::Entity;
use crate::scope::Scope;
use crate::time::now_micros;

/// A pair to suggest. The pair is unordered: (a, b) and (b, a) are one suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDuplicate {
    pub a: Uuid,
    pub b: Uuid,
    /// Parts per thousand.
    pub score: u16,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Duplicate {
    pub id: Uuid,
    pub entity: Entity,
    pub a: Uuid,
    pub b: Uuid,
    pub score: u16,
    pub reasons: Vec<String>,
    /// `open`, `merged` or `dismissed`.
    pub status: String,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
    pub resolved_by: Option<String>,
}

const COLUMNS: &str =
    "id, entity, a_id, b_id, score, reasons, status, created_at, resolved_at, resolved_by";

fn uuid(row: &AnyRow, i: usize) -> Result<Uuid> {
    let s: String = row.try_get(i).map_err(StoreError::from_db)?;
    Uuid::parse_str(&s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_row(row: &AnyRow) -> Result<Duplicate> {
    let entity: String = row.try_get(1).map_err(StoreError::from_db)?;
    let entity = Entity::ALL
        .into_iter()
        .find(|e| e.name() == entity)
        .ok_or_else(|| StoreError::Corrupt(format!("entity {entity:?}")))?;
    let reasons: String = row.try_get(5).map_err(StoreError::from_db)?;
    let score: i64 = row.try_get(4).map_err(StoreError::from_db)?;
    Ok(Duplicate {
        id: uuid(row, 0)?,
        entity,
        a: uuid(row, 2)?,
        b: uuid(row, 3)?,
        score: u16::try_from(score).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        reasons: serde_json::from_str::<Vec<String>>(&reasons)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        status: row.try_get(6).map_err(StoreError::from_db)?,
        created_at: row.try_get(7).map_err(StoreError::from_db)?,
        resolved_at: row.try_get(8).map_err(StoreError::from_db)?,
        resolved_by: row.try_get(9).map_err(StoreError::from_db)?,
    })
}

impl Store {
    /// Records suggestions; a pair already suggested (in either order) is left as it is.
    /// Returns how many were added. Written as multi-row INSERTs: a million-row import
    /// suggests half a million pairs.
    pub async fn add_duplicates(
        &self,
        scope: &Scope,
        entity: Entity,
        pairs: Vec<NewDuplicate>,
    ) -> Result<usize> {
        let now = now_micros();
        let tenant = scope.tenant_str();
        let rows: Vec<Vec<Val>> = pairs
            .into_iter()
            .filter_map(|p| {
                let (a, b) = if p.a < p.b { (p.a, p.b) } else { (p.b, p.a) };
                (a != b).then(|| {
                    vec![
                        Val::Text(Uuid::now_v7().to_string()),
                        Val::Text(tenant.clone()),
                        Val::Text(entity.name().to_owned()),
                        Val::Text(a.to_string()),
                        Val::Text(b.to_string()),
                        Val::Int(i64::from(p.score)),
                        Val::Text(Value::from(p.reasons).to_string()),
                        Val::Text("open".to_owned()),
                        Val::Int(now),
                    ]
                })
            })
            .collect();
        let mut tx = self.begin_write(scope).await?;
        // A pair twice in one statement (both people new in one batch) is one row too:
        // DO NOTHING skips the second on both engines.
        let added = insert_rows_returning_count(
            &mut tx,
            "duplicates",
            &[
                "id",
                "tenant_id",
                "entity",
                "a_id",
                "b_id",
                "score",
                "reasons",
                "status",
                "created_at",
            ],
            rows,
            " ON CONFLICT (tenant_id, entity, a_id, b_id) DO NOTHING",
        )
        .await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(usize::try_from(added).unwrap_or(0))
    }

    /// Suggestions with `status` (`open`, `merged`, `dismissed`), newest first, after
    /// the id `before` when paging.
    pub async fn list_duplicates(
        &self,
        scope: &Scope,
        entity: Entity,
        status: &str,
        before: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<Duplicate>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM duplicates WHERE tenant_id = $1 AND entity = $2 AND status = $3 \
             AND id < $4 ORDER BY id DESC LIMIT $5"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(entity.name())
            .bind(status.to_owned())
            .bind(before.map_or_else(|| "~".to_owned(), |u| u.to_string()))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(from_row).collect()
    }

    pub async fn duplicate(&self, scope: &Scope, id: Uuid) -> Result<Option<Duplicate>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!("SELECT {COLUMNS} FROM duplicates WHERE tenant_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.as_ref().map(from_row).transpose()
    }

    /// Closes an open suggestion as `merged` or `dismissed`.
    pub async fn resolve_duplicate(
        &self,
        scope: &Scope,
        id: Uuid,
        status: &str,
    ) -> Result<Duplicate> {
        if !matches!(status, "merged" | "dismissed") {
            return Err(StoreError::Invalid(format!(
                "{status:?} is not merged or dismissed"
            )));
        }
        let mut tx = self.begin_write(scope).await?;
        let done = sqlx::query(
            "UPDATE duplicates SET status = $1, resolved_at = $2, resolved_by = $3 \
             WHERE tenant_id = $4 AND id = $5 AND status = 'open'",
        )
        .bind(status.to_owned())
        .bind(now_micros())
        .bind(scope.actor.label())
        .bind(scope.tenant_str())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        let found = self
            .duplicate(scope, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "the suggestion is already {}",
                found.status
            )));
        }
        Ok(found)
    }
}
