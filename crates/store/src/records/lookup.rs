//! Finding live records by an identifying column (external id, e-mail, phone, label):
//! what upserts and duplicate detection need, many values per query.

use std::collections::HashMap;

use sqlx::Row;

use super::{Entity, RECORD_COLUMNS, Record, record_from_row};
use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::scope::Scope;

/// The identifying columns a lookup may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LookupColumn {
    ExternalId,
    /// Stored lowercased: pass lowercase values.
    Email,
    /// E.164.
    Phone,
    /// The sort label (lowercased name or title).
    Label,
}

impl LookupColumn {
    fn column(self) -> &'static str {
        match self {
            LookupColumn::ExternalId => "external_id",
            LookupColumn::Email => "email",
            LookupColumn::Phone => "phone",
            LookupColumn::Label => "label",
        }
    }
}

/// Values per query: well under both engines' parameter limits.
const CHUNK: usize = 300;

impl Store {
    /// Live records whose `column` equals one of `values`, grouped by that value.
    pub async fn find_by(
        &self,
        scope: &Scope,
        entity: Entity,
        column: LookupColumn,
        values: &[String],
    ) -> Result<HashMap<String, Vec<Record>>> {
        let mut out: HashMap<String, Vec<Record>> = HashMap::new();
        if values.is_empty() {
            return Ok(out);
        }
        let mut tx = self.begin_read(scope).await?;
        for chunk in values.chunks(CHUNK) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT {RECORD_COLUMNS}, {col} FROM {table} WHERE tenant_id = $1 \
                 AND deleted_at IS NULL AND {col} IN ({})",
                marks.join(", "),
                col = column.column(),
                table = entity.table(),
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.tenant_str());
            for v in chunk {
                q = q.bind(v.clone());
            }
            let rows = q.fetch_all(&mut *tx).await.map_err(StoreError::from_db)?;
            for row in rows {
                let key: String = row.try_get(8).map_err(StoreError::from_db)?;
                out.entry(key)
                    .or_default()
                    .push(record_from_row(entity, &row)?);
            }
        }
        tx.commit().await.map_err(StoreError::from_db)?;
        for recs in out.values_mut() {
            recs.sort_by_key(|r| r.id);
        }
        Ok(out)
    }
}

/// Pairs per statement in [`Store::find_by_label_city`].
const PAIRS: usize = 40;

impl Store {
    /// Live records with each `(label, city)` pair (a name in a place), at most
    /// `per_pair` of them per pair, newest first. Duplicate detection compares a new
    /// person with these; common names must not make that quadratic.
    pub async fn find_by_label_city(
        &self,
        scope: &Scope,
        entity: Entity,
        pairs: &[(String, Option<String>)],
        per_pair: u32,
    ) -> Result<HashMap<(String, Option<String>), Vec<Record>>> {
        let mut out: HashMap<(String, Option<String>), Vec<Record>> = HashMap::new();
        if pairs.is_empty() {
            return Ok(out);
        }
        let mut tx = self.begin_read(scope).await?;
        for chunk in pairs.chunks(PAIRS) {
            let mut parts = Vec::with_capacity(chunk.len());
            let mut next = 2;
            for (i, (_, city)) in chunk.iter().enumerate() {
                let label_at = next;
                next += 1;
                let city_sql = if city.is_some() {
                    next += 1;
                    format!("city = ${}", next - 1)
                } else {
                    "city IS NULL".to_owned()
                };
                parts.push(format!(
                    "SELECT * FROM (SELECT {RECORD_COLUMNS}, label, city FROM {table} \
                     WHERE tenant_id = $1 AND deleted_at IS NULL AND label = ${label_at} \
                     AND {city_sql} ORDER BY id DESC LIMIT {per_pair}) AS p{i}",
                    table = entity.table(),
                ));
            }
            let sql = parts.join(" UNION ALL ");
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.tenant_str());
            for (label, city) in chunk {
                q = q.bind(label.clone());
                if let Some(c) = city {
                    q = q.bind(c.clone());
                }
            }
            let rows = q.fetch_all(&mut *tx).await.map_err(StoreError::from_db)?;
            for row in rows {
                let label: String = row.try_get(8).map_err(StoreError::from_db)?;
                let city: Option<String> = row.try_get(9).map_err(StoreError::from_db)?;
                out.entry((label, city))
                    .or_default()
                    .push(record_from_row(entity, &row)?);
            }
        }
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(out)
    }
}

impl Store {
    /// The tenant's live records in id order after `after`, at most `limit` of them: a
    /// whole table read in pages (a bulk load reads the keys already on file).
    pub async fn live_records_after(
        &self,
        scope: &Scope,
        entity: Entity,
        after: Option<uuid::Uuid>,
        limit: u32,
    ) -> Result<Vec<Record>> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM {} WHERE tenant_id = $1 AND deleted_at IS NULL \
             AND id > $2 ORDER BY id LIMIT $3",
            entity.table()
        );
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(after.map(|a| a.to_string()).unwrap_or_default())
            .bind(i64::from(limit.clamp(1, 10_000)))
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(|r| record_from_row(entity, r)).collect()
    }

    /// The live records among `ids`, in no particular order (missing and deleted ones
    /// are left out): a recall pool read in a few statements.
    pub async fn live_records_in(
        &self,
        scope: &Scope,
        entity: Entity,
        ids: &[uuid::Uuid],
    ) -> Result<Vec<Record>> {
        let mut out = Vec::with_capacity(ids.len());
        let mut tx = self.begin_read(scope).await?;
        for chunk in ids.chunks(500) {
            let marks = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT {RECORD_COLUMNS} FROM {} WHERE tenant_id = $1 AND deleted_at IS NULL \
                 AND id IN ({marks})",
                entity.table()
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.tenant_str());
            for id in chunk {
                q = q.bind(id.to_string());
            }
            let rows = q.fetch_all(&mut *tx).await.map_err(StoreError::from_db)?;
            for r in &rows {
                out.push(record_from_row(entity, r)?);
            }
        }
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(out)
    }
}
