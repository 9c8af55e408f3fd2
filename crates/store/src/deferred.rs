//! Bulk loads on SQLite with their random-order indexes built at the end.
//!
//! Keeping an index on names, e-mails, phones or external ids current row by row costs
//! little while it fits the page cache, but at a million rows every commit of a batch
//! rewrites most of its leaf pages: loading a million candidates in batches of 2,000 with
//! those four indexes took 187 s in the sqlite3 shell, without them 21 s, and building
//! them afterwards by sorting another 17 s. A bulk load therefore drops them, writes
//! its rows, and builds them again; `deferred_indexes` keeps each one's statement so a
//! crash in between loses nothing (the next start, or the load's retry, rebuilds them).
//! PostgreSQL keeps its indexes: its loads are shared by several nodes and it has no
//! such cliff at this size.

use sqlx::{Executor, Row};

use crate::backend::{Backend, Store};
use crate::error::{Result, StoreError};
use crate::records::Entity;

/// The index names (after `{table}_`) a bulk load defers: keys in random order. The
/// page (`tenant_id, id`) and `updated` indexes grow at their end and stay.
const DEFERRABLE: &[&str] = &["label", "email", "phone", "external", "ref"];

impl Store {
    /// Rows in `entity`'s table, every tenant's, deleted or not: what rebuilding its
    /// indexes has to sort.
    pub async fn table_rows(&self, entity: Entity) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM {}", entity.table());
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_one(self.admin_reader())
            .await
            .map_err(StoreError::from_db)?
            .try_get(0)
            .map_err(StoreError::from_db)
    }

    /// The sequence of the newest change in the log (any tenant's); 0 when it is empty.
    pub async fn last_change_seq(&self) -> Result<i64> {
        let mut tx = self
            .admin_reader()
            .begin()
            .await
            .map_err(StoreError::from_db)?;
        let seq = crate::changes::last_seq(&mut tx).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(seq)
    }

    /// Drops `entity`'s random-order indexes for a bulk load run by `owner` (a job id)
    /// and returns their names; `restore_indexes` builds them again. Until then lookups
    /// on those columns scan the table, so the loader keeps its own keys in memory.
    /// Indexes an earlier, interrupted load of the table left deferred are taken over.
    /// On PostgreSQL nothing is dropped.
    pub async fn defer_indexes(&self, entity: Entity, owner: &str) -> Result<Vec<String>> {
        if self.backend() != Backend::Sqlite {
            return Ok(Vec::new());
        }
        let table = entity.table();
        let mut tx = self.begin_admin().await?;
        let rows = sqlx::query(
            "SELECT name, sql FROM sqlite_schema \
             WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL ORDER BY name",
        )
        .bind(table)
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        let now = crate::time::now_micros();
        let mut names = Vec::new();
        for row in rows {
            let name: String = row.try_get(0).map_err(StoreError::from_db)?;
            let sql: String = row.try_get(1).map_err(StoreError::from_db)?;
            let deferrable = name
                .strip_prefix(table)
                .and_then(|rest| rest.strip_prefix('_'))
                .is_some_and(|rest| DEFERRABLE.contains(&rest));
            if !deferrable {
                continue;
            }
            sqlx::query(
                "INSERT INTO deferred_indexes (name, tbl, sql, owner, at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&name)
            .bind(table)
            .bind(&sql)
            .bind(owner)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
            // Index names come from the schema, not from input.
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX \"{name}\"")))
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from_db)?;
            names.push(name);
        }
        sqlx::query("UPDATE deferred_indexes SET owner = $1 WHERE tbl = $2")
            .bind(owner)
            .bind(table)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(names)
    }

    /// Builds deferred indexes again and returns their names: `owner`'s, or with `None`
    /// every one whose load is not running now (at start-up, after a crash).
    pub async fn restore_indexes(&self, owner: Option<&str>) -> Result<Vec<String>> {
        if self.backend() != Backend::Sqlite {
            return Ok(Vec::new());
        }
        let pending = match owner {
            Some(owner) => {
                sqlx::query("SELECT name, sql FROM deferred_indexes WHERE owner = $1 ORDER BY name")
                    .bind(owner)
            }
            None => sqlx::query(
                "SELECT name, sql FROM deferred_indexes WHERE owner NOT IN \
                 (SELECT id FROM jobs WHERE status = 'running' AND locked_until >= $1) \
                 ORDER BY name",
            )
            .bind(crate::time::now_micros()),
        }
        .fetch_all(self.admin_reader())
        .await
        .map_err(StoreError::from_db)?;
        let mut names = Vec::with_capacity(pending.len());
        for row in pending {
            let name: String = row.try_get(0).map_err(StoreError::from_db)?;
            let sql: String = row.try_get(1).map_err(StoreError::from_db)?;
            let mut tx = self.begin_admin().await?;
            let exists =
                sqlx::query("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = $1")
                    .bind(&name)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(StoreError::from_db)?
                    .is_some();
            if !exists {
                tracing::info!(index = %name, "building a deferred index");
                // The sorter may use a second thread, and spills what exceeds the page
                // cache to a temporary file rather than to memory: a million-row sort
                // would otherwise sit in the process's memory.
                tx.execute(sqlx::raw_sql(
                    "PRAGMA threads = 2; PRAGMA temp_store = FILE",
                ))
                .await
                .map_err(StoreError::from_db)?;
                let built = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::from_db);
                tx.execute(sqlx::raw_sql("PRAGMA temp_store = MEMORY"))
                    .await
                    .map_err(StoreError::from_db)?;
                built?;
            }
            sqlx::query("DELETE FROM deferred_indexes WHERE name = $1")
                .bind(&name)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from_db)?;
            tx.commit().await.map_err(StoreError::from_db)?;
            names.push(name);
        }
        Ok(names)
    }
}
