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
