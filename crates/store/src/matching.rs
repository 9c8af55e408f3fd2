//! What matching keeps: match runs (each call that produced recommendations, with the
//! digest of its inputs, the weights and model versions and the results) and per-tenant
//! settings (matching weights, the review threshold) with versions and an audit entry.

use serde::Serialize;
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::audit;
use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::pipeline::get_uuid;
use crate::scope::Scope;
use crate::time::now_micros;

#[derive(Debug, Clone, PartialEq)]
pub struct NewMatchRun {
    /// `candidates_for_requirement` or `requirements_for_candidate`.
    pub direction: String,
    pub subject_id: Uuid,
    /// SHA-256 of the inputs: the subject and pool with their versions, the weights, the
    /// model, the date and the options.
    pub digest: String,
    pub weights_version: String,
    pub model_version: String,
    pub params: Value,
    pub results: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchRun {
    pub id: Uuid,
    pub direction: String,
    pub subject_id: Uuid,
    pub digest: String,
    pub weights_version: String,
    pub model_version: String,
    pub params: Value,
    pub results: Value,
    pub created_at: i64,
    pub actor: String,
}

const RUN_COLUMNS: &str = "id, direction, subject_id, digest, weights_version, model_version, \
                           params, results, created_at, actor";

fn json_col(row: &AnyRow, i: usize) -> Result<Value> {
    let s: String = row.try_get(i).map_err(StoreError::from_db)?;
    serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn run_from(r: &AnyRow) -> Result<MatchRun> {
    Ok(MatchRun {
        id: get_uuid(r, 0)?,
        direction: r.try_get(1).map_err(StoreError::from_db)?,
        subject_id: get_uuid(r, 2)?,
        digest: r.try_get(3).map_err(StoreError::from_db)?,
        weights_version: r.try_get(4).map_err(StoreError::from_db)?,
        model_version: r.try_get(5).map_err(StoreError::from_db)?,
        params: json_col(r, 6)?,
        results: json_col(r, 7)?,
        created_at: r.try_get(8).map_err(StoreError::from_db)?,
        actor: r.try_get(9).map_err(StoreError::from_db)?,
    })
}

/// A tenant setting with its version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setting {
    pub name: String,
    pub value: Value,
    pub version: i64,
    pub updated_at: i64,
    pub updated_by: String,
}

impl Store {
    pub async fn record_match_run(&self, scope: &Scope, run: &NewMatchRun) -> Result<MatchRun> {
        let id = Uuid::now_v7();
        let now = now_micros();
        let mut tx = self.begin_write(scope).await?;
        sqlx::query(
            "INSERT INTO match_runs (id, tenant_id, direction, subject_id, digest, \
             weights_version, model_version, params, results, created_at, actor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id.to_string())
        .bind(scope.tenant_str())
        .bind(run.direction.clone())
        .bind(run.subject_id.to_string())
        .bind(run.digest.clone())
        .bind(run.weights_version.clone())
        .bind(run.model_version.clone())
        .bind(run.params.to_string())
        .bind(run.results.to_string())
        .bind(now)
        .bind(scope.actor.label())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(MatchRun {
            id,
            direction: run.direction.clone(),
            subject_id: run.subject_id,
            digest: run.digest.clone(),
            weights_version: run.weights_version.clone(),
            model_version: run.model_version.clone(),
            params: run.params.clone(),
            results: run.results.clone(),
            created_at: now,
            actor: scope.actor.label(),
        })
    }

    pub async fn match_run(&self, scope: &Scope, id: Uuid) -> Result<Option<MatchRun>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!("SELECT {RUN_COLUMNS} FROM match_runs WHERE tenant_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.as_ref().map(run_from).transpose()
    }

    /// A subject's runs, newest first.
    pub async fn match_runs_of(
        &self,
        scope: &Scope,
        subject: Uuid,
        limit: u32,
    ) -> Result<Vec<MatchRun>> {
        let mut tx = self.begin_read(scope).await?;
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM match_runs WHERE tenant_id = $1 AND subject_id = $2 \
             ORDER BY id DESC LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .bind(subject.to_string())
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(run_from).collect()
    }

    pub async fn setting(&self, scope: &Scope, name: &str) -> Result<Option<Setting>> {
        let mut tx = self.begin_read(scope).await?;
        let row = sqlx::query(
            "SELECT name, value, version, updated_at, updated_by FROM settings \
             WHERE tenant_id = $1 AND name = $2",
        )
        .bind(scope.tenant_str())
        .bind(name.to_owned())
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        row.map(|r| {
            Ok(Setting {
                name: r.try_get(0).map_err(StoreError::from_db)?,
                value: json_col(&r, 1)?,
                version: r.try_get(2).map_err(StoreError::from_db)?,
                updated_at: r.try_get(3).map_err(StoreError::from_db)?,
                updated_by: r.try_get(4).map_err(StoreError::from_db)?,
            })
        })
        .transpose()
    }

    /// Sets a tenant setting. `expected_version` (0 for "not set yet") guards against
    /// lost updates.
    pub async fn put_setting(
        &self,
        scope: &Scope,
        name: &str,
        value: &Value,
        expected_version: Option<i64>,
    ) -> Result<Setting> {
        let now = now_micros();
        let actor = scope.actor.label();
        let mut tx = self.begin_write(scope).await?;
        let current: Option<i64> =
            sqlx::query("SELECT version FROM settings WHERE tenant_id = $1 AND name = $2")
                .bind(scope.tenant_str())
                .bind(name.to_owned())
                .fetch_optional(&mut *tx)
                .await
                .map_err(StoreError::from_db)?
                .map(|r| r.try_get(0))
                .transpose()
                .map_err(StoreError::from_db)?;
        if let Some(expected) = expected_version
            && expected != current.unwrap_or(0)
        {
            return Err(StoreError::VersionConflict {
                current: current.unwrap_or(0),
            });
        }
        let version = current.unwrap_or(0) + 1;
        sqlx::query(
            "INSERT INTO settings (tenant_id, name, value, version, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, name) DO UPDATE SET \
             value = excluded.value, version = excluded.version, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(scope.tenant_str())
        .bind(name.to_owned())
        .bind(value.to_string())
        .bind(version)
        .bind(now)
        .bind(actor.clone())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        audit::append(
            &mut tx,
            scope,
            "setting.updated",
            "setting",
            name,
            &json!({"value": value, "version": version}),
            now,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(Setting {
            name: name.to_owned(),
            value: value.clone(),
            version,
            updated_at: now,
            updated_by: actor,
        })
    }
}
