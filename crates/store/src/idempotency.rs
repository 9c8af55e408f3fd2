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
    pub async fn idempotency_get(
        &self,
        scope: &Scope,
        key: &str,
    ) -> Result<Option<StoredResponse>> {
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

    /// Claims `key` for a request about to run. `false` means the key is already taken
    /// (by a finished request, or one still running: `status` 0).
    pub async fn idempotency_reserve(
        &self,
        scope: &Scope,
        key: &str,
        request_hash: &str,
    ) -> Result<bool> {
        let mut tx = self.begin_write(scope).await?;
        let done = sqlx::query(
            "INSERT INTO idempotency_keys (tenant_id, key, request_hash, status, headers, body, \
             created_at) VALUES ($1, $2, $3, 0, '{}', '', $4) ON CONFLICT (tenant_id, key) DO NOTHING",
        )
        .bind(scope.tenant_str())
        .bind(key)
        .bind(request_hash)
        .bind(crate::time::now_micros())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(done.rows_affected() == 1)
    }

    /// Records the response of the request that reserved `key`.
    pub async fn idempotency_complete(
        &self,
        scope: &Scope,
        key: &str,
        resp: &StoredResponse,
    ) -> Result<()> {
        let mut tx = self.begin_write(scope).await?;
        sqlx::query(
            "UPDATE idempotency_keys SET status = $3, headers = $4, body = $5 \
             WHERE tenant_id = $1 AND key = $2",
        )
        .bind(scope.tenant_str())
        .bind(key)
        .bind(i64::from(resp.status))
        .bind(&resp.headers)
        .bind(&resp.body)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(())
    }

    /// Frees a reservation whose request failed on the server's side, so a retry runs.
    pub async fn idempotency_release(&self, scope: &Scope, key: &str) -> Result<()> {
        let mut tx = self.begin_write(scope).await?;
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND status = 0",
        )
        .bind(scope.tenant_str())
        .bind(key)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(())
    }
}

/// How long a finished request's response is kept for replay.
pub const IDEMPOTENCY_TTL_MICROS: i64 = 24 * 3600 * 1_000_000;
/// How long a reservation whose request never finished (a crash mid-request) blocks its
/// key.
pub const IDEMPOTENCY_STUCK_MICROS: i64 = 10 * 60 * 1_000_000;

impl Store {
    /// Forgets, in every tenant, responses older than [`IDEMPOTENCY_TTL_MICROS`] and
    /// reservations older than [`IDEMPOTENCY_STUCK_MICROS`] at `now`; returns how many.
    pub async fn idempotency_expire(&self, now: i64) -> Result<u64> {
        let mut tx = self.begin_admin().await?;
        let done = sqlx::query(
            "DELETE FROM idempotency_keys WHERE created_at < $1 \
             OR (status = 0 AND created_at < $2)",
        )
        .bind(now - IDEMPOTENCY_TTL_MICROS)
        .bind(now - IDEMPOTENCY_STUCK_MICROS)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(done.rows_affected())
    }
}
