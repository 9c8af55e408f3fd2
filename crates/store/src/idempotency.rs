//! Idempotency keys: the first response to a POST is kept, and a retry with the same
//! key gets it back instead of creating a second record.

use sqlx::Row;

use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::scope::Scope;

/// A response kept for replay, with a hash of the request that produced it so a key
/// reused for a different request can be refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub request_hash: String,
    pub status: u16,
    /// JSON object of header name to value.
    pub headers: String,
    pub body: String,
}

impl Store {
    pub async fn idempotency_get(&self, scope: &Scope, key: &str) -> Result<Option<StoredResponse>> {
        let mut tx = self.begin_read(scope).await?;
        let row = sqlx::query(
            "SELECT request_hash, status, headers, body FROM idempotency_keys \
             WHERE tenant_id = $1 AND key = $2",
        )
        .bind(scope.tenant_str())
        .bind(key)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.map(|r| {
            let status: i64 = r.try_get(1).map_err(StoreError::from_db)?;
            Ok(StoredResponse {
                request_hash: r.try_get(0).map_err(StoreError::from_db)?,
                status: u16::try_from(status).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                headers: r.try_get(2).map_err(StoreError::from_db)?,
                body: r.try_get(3).map_err(StoreError::from_db)?,
            })
        })
        .transpose()
    }

    /// Keeps the first response for `key`; a later one for the same key is ignored.
    pub async fn idempotency_put(&self, scope: &Scope, key: &str, resp: &StoredResponse) -> Result<()> {
        let mut tx = self.begin_write(scope).await?;
        sqlx::query(
            "INSERT INTO idempotency_keys (tenant_id, key, request_hash, status, headers, body, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, key) DO NOTHING",
        )
        .bind(scope.tenant_str())
        .bind(key)
        .bind(&resp.request_hash)
        .bind(i64::from(resp.status))
        .bind(&resp.headers)
        .bind(&resp.body)
        .bind(crate::time::now_micros())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(())
    }
}
