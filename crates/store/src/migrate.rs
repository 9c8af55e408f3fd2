//! Schema migrations, one list per engine, applied in order at start-up. An applied
//! migration is never edited: its checksum is recorded and checked on every start.

use sha2::{Digest, Sha256};
use sqlx::{Executor, Row};

use crate::backend::{Backend, Store};
use crate::error::{Result, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../migrations/sqlite/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "ingest",
        sql: include_str!("../migrations/sqlite/0002_ingest.sql"),
    },
    Migration {
        version: 3,
        name: "documents_merges",
        sql: include_str!("../migrations/sqlite/0003_documents_merges.sql"),
    },
    // SQLite only: PostgreSQL loads keep their indexes (see `Store::defer_indexes`).
    Migration {
        version: 4,
        name: "deferred_indexes",
        sql: include_str!("../migrations/sqlite/0004_deferred_indexes.sql"),
    },
    Migration {
        version: 5,
        name: "changes_by_tenant",
        sql: include_str!("../migrations/sqlite/0005_changes_by_tenant.sql"),
    },
    Migration {
        version: 6,
        name: "pipeline",
        sql: include_str!("../migrations/sqlite/0006_pipeline.sql"),
    },
];

const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "ingest",
        sql: include_str!("../migrations/postgres/0002_ingest.sql"),
    },
    Migration {
        version: 3,
        name: "documents_merges",
        sql: include_str!("../migrations/postgres/0003_documents_merges.sql"),
    },
    Migration {
        version: 4,
        name: "changes_by_tenant",
        sql: include_str!("../migrations/postgres/0004_changes_by_tenant.sql"),
    },
    Migration {
        version: 5,
        name: "pipeline",
        sql: include_str!("../migrations/postgres/0005_pipeline.sql"),
    },
];

pub(crate) async fn run(store: &Store) -> Result<()> {
    let list = match store.backend() {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    let mut tx = store.begin_admin().await?;
    if store.backend() == Backend::Postgres {
        // Several nodes may start at once; one migrates, the others wait here.
        tx.execute("SELECT pg_advisory_xact_lock(7358110042)")
            .await
            .map_err(StoreError::from_db)?;
    }
    tx.execute(sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS hireloop_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL,
            checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    ))
    .await
    .map_err(StoreError::from_db)?;
    let applied = sqlx::query("SELECT version, checksum FROM hireloop_migrations ORDER BY version")
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
    let mut versions = Vec::with_capacity(applied.len());
    for row in &applied {
        let version: i64 = row.try_get(0).map_err(StoreError::from_db)?;
        let checksum: String = row.try_get(1).map_err(StoreError::from_db)?;
        versions.push(version);
        match list.iter().find(|m| m.version == version) {
            None => {
                return Err(StoreError::Invalid(format!(
                    "database schema version {version} is newer than this build knows \
                     (latest {}); upgrade hireloop",
                    list.len()
                )));
            }
            Some(m) if checksum_of(m.sql) != checksum => {
                return Err(StoreError::Corrupt(format!(
                    "migration {version} ({}) was changed after it was applied",
                    m.name
                )));
            }
            Some(_) => {}
        }
    }
    for m in list.iter().filter(|m| !versions.contains(&m.version)) {
        tracing::info!(version = m.version, name = m.name, "applying migration");
        tx.execute(sqlx::raw_sql(m.sql))
            .await
            .map_err(StoreError::from_db)?;
        sqlx::query(
            "INSERT INTO hireloop_migrations (version, name, checksum, applied_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(checksum_of(m.sql))
        .bind(crate::time::now_micros())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
    }
    tx.commit().await.map_err(StoreError::from_db)?;
    Ok(())
}

fn checksum_of(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}
