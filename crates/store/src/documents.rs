//! Original files linked to records: the resume a candidate was read from, the e-mail
//! or job description a requirement came in. The bytes live once in the file store,
//! addressed by SHA-256; each link names the record, the file's role and its name.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::audit;
use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::records::Entity;
use crate::scope::Scope;
use crate::time::now_micros;

/// A file to link to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub entity: Entity,
    pub entity_id: Uuid,
    /// What the file is to the record: `resume`, `job_description`, `email`,
    /// `attachment`.
    pub role: String,
    /// The name it was uploaded under.
    pub name: String,
    pub media_type: String,
    pub sha256: String,
    pub size: u64,
}

/// A file linked to a record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    pub id: Uuid,
    pub entity: Entity,
    pub entity_id: Uuid,
    pub role: String,
    pub name: String,
    pub media_type: String,
    pub sha256: String,
    pub size: u64,
    pub created_at: i64,
    pub created_by: String,
}

const COLUMNS: &str =
    "id, entity, entity_id, role, name, media_type, sha256, size, created_at, created_by";

fn uuid(row: &AnyRow, i: usize) -> Result<Uuid> {
    let s: String = row.try_get(i).map_err(StoreError::from_db)?;
    Uuid::parse_str(&s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_row(row: &AnyRow) -> Result<Document> {
    let entity: String = row.try_get(1).map_err(StoreError::from_db)?;
    let entity = Entity::ALL
        .into_iter()
        .find(|e| e.name() == entity)
        .ok_or_else(|| StoreError::Corrupt(format!("entity {entity:?}")))?;
    let size: i64 = row.try_get(7).map_err(StoreError::from_db)?;
    Ok(Document {
        id: uuid(row, 0)?,
        entity,
        entity_id: uuid(row, 2)?,
        role: row.try_get(3).map_err(StoreError::from_db)?,
        name: row.try_get(4).map_err(StoreError::from_db)?,
        media_type: row.try_get(5).map_err(StoreError::from_db)?,
        sha256: row.try_get(6).map_err(StoreError::from_db)?,
        size: u64::try_from(size).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        created_at: row.try_get(8).map_err(StoreError::from_db)?,
        created_by: row.try_get(9).map_err(StoreError::from_db)?,
    })
}

impl Store {
    /// Links a stored file to a record, which must exist. Linking the same bytes to the
    /// same record again returns the existing link unchanged.
    pub async fn add_document(&self, scope: &Scope, doc: NewDocument) -> Result<Document> {
        if doc.sha256.len() != 64 || !doc.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Invalid(format!(
                "{:?} is not a SHA-256 digest",
                doc.sha256
            )));
        }
        let now = now_micros();
        let mut tx = self.begin_write(scope).await?;
        let exists = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT 1 FROM {} WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
            doc.entity.table()
        )))
        .bind(scope.tenant_str())
        .bind(doc.entity_id.to_string())
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        let sha = doc.sha256.to_ascii_lowercase();
        let id = Uuid::now_v7();
        let size = i64::try_from(doc.size).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let done = sqlx::query(
            "INSERT INTO documents (id, tenant_id, entity, entity_id, role, name, media_type, \
             sha256, size, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (tenant_id, entity, entity_id, sha256) DO NOTHING",
        )
        .bind(id.to_string())
        .bind(scope.tenant_str())
        .bind(doc.entity.name())
        .bind(doc.entity_id.to_string())
        .bind(doc.role.clone())
        .bind(doc.name.clone())
        .bind(doc.media_type.clone())
        .bind(sha.clone())
        .bind(size)
        .bind(now)
        .bind(scope.actor.label())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        if done.rows_affected() == 1 {
            let detail = json!({
                "document": id, "role": doc.role, "name": doc.name,
                "sha256": sha, "size": doc.size,
            });
            audit::append(
                &mut tx,
                scope,
                &format!("{}.document_added", doc.entity.name()),
                doc.entity.name(),
                &doc.entity_id.to_string(),
                &detail,
                now,
            )
            .await?;
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM documents WHERE tenant_id = $1 AND entity = $2 \
             AND entity_id = $3 AND sha256 = $4"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(doc.entity.name())
            .bind(doc.entity_id.to_string())
            .bind(sha)
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        let found = from_row(&row)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(found)
    }

    /// The files linked to a record, oldest first.
    pub async fn documents_of(
        &self,
        scope: &Scope,
        entity: Entity,
        entity_id: Uuid,
    ) -> Result<Vec<Document>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM documents WHERE tenant_id = $1 AND entity = $2 \
             AND entity_id = $3 ORDER BY id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(entity.name())
            .bind(entity_id.to_string())
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(from_row).collect()
    }

    /// Links to the file with this digest on records of `entity`, oldest first: who
    /// already has this exact resume.
    pub async fn documents_with_sha(
        &self,
        scope: &Scope,
        entity: Entity,
        sha256: &str,
    ) -> Result<Vec<Document>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM documents WHERE tenant_id = $1 AND sha256 = $2 \
             AND entity = $3 ORDER BY id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(sha256.to_ascii_lowercase())
            .bind(entity.name())
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(from_row).collect()
    }

    /// One link by id, within the tenant.
    pub async fn document(&self, scope: &Scope, id: Uuid) -> Result<Option<Document>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!("SELECT {COLUMNS} FROM documents WHERE tenant_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.as_ref().map(from_row).transpose()
    }
}

/// Moves every file of `from` to `to` (a merge keeps both records' files); a file `to`
/// already has is kept once. Runs inside the caller's transaction.
// Nothing merges records yet; this waits for the duplicate-merge use case.
#[allow(dead_code)]
pub(crate) async fn move_documents(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    scope: &Scope,
    entity: Entity,
    from: Uuid,
    to: Uuid,
) -> Result<u64> {
    sqlx::query(
        "DELETE FROM documents WHERE tenant_id = $1 AND entity = $2 AND entity_id = $3 \
         AND sha256 IN (SELECT sha256 FROM documents WHERE tenant_id = $1 AND entity = $2 \
         AND entity_id = $4)",
    )
    .bind(scope.tenant_str())
    .bind(entity.name())
    .bind(from.to_string())
    .bind(to.to_string())
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from_db)?;
    let moved = sqlx::query(
        "UPDATE documents SET entity_id = $4 WHERE tenant_id = $1 AND entity = $2 \
         AND entity_id = $3",
    )
    .bind(scope.tenant_str())
    .bind(entity.name())
    .bind(from.to_string())
    .bind(to.to_string())
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from_db)?;
    Ok(moved.rows_affected())
}
