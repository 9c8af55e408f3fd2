//! The audit trail: one hash-chained entry per mutation, per tenant. Each entry's hash
//! covers its fields and the previous entry's hash, so editing, removing or reordering
//! any entry breaks the chain that `verify` walks.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::scope::Scope;

/// One audit entry as readers see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub id: String,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub detail: Value,
    pub digest: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Filters for listing the trail, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Only entries with a sequence below this (the previous page's last `seq`).
    pub before_seq: Option<i64>,
    pub limit: u32,
}

/// The outcome of walking a tenant's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub tenant_id: String,
    pub entries: u64,
    pub ok: bool,
    /// The first entry that does not check out, and why.
    pub first_bad_seq: Option<i64>,
    pub problem: Option<String>,
}

pub(crate) fn genesis_hash(tenant_id: &str) -> String {
    sha256_hex(format!("hireloop-audit-genesis:{tenant_id}").as_bytes())
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev: &str,
    tenant: &str,
    seq: i64,
    at: i64,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    digest: &str,
) -> String {
    // Fields are joined with a separator that cannot occur in any of them unescaped.
    let line = [
        prev,
        tenant,
        &seq.to_string(),
        &at.to_string(),
        actor,
        action,
        entity,
        entity_id,
        digest,
    ]
    .join("\u{1f}");
    sha256_hex(line.as_bytes())
}

/// Appends an entry inside the caller's transaction. The tenant's chain head row is
/// locked by the UPDATE, so concurrent writers of one tenant take turns.
pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    action: &str,
    entity: &str,
    entity_id: &str,
    detail: &Value,
    at: i64,
) -> Result<()> {
    let tenant = scope.tenant_str();
    let row = sqlx::query(
        "UPDATE audit_heads SET seq = seq + 1 WHERE tenant_id = $1 RETURNING seq, head",
    )
    .bind(&tenant)
    .fetch_optional(&mut **tx)
    .await
    .map_err(StoreError::from_db)?
    .ok_or(StoreError::NotFound)?;
    let seq: i64 = row.try_get(0).map_err(StoreError::from_db)?;
    let prev: String = row.try_get(1).map_err(StoreError::from_db)?;
    let detail_text =
        serde_json::to_string(detail).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let digest = sha256_hex(detail_text.as_bytes());
    let actor = scope.actor.label();
    let hash = entry_hash(
        &prev, &tenant, seq, at, &actor, action, entity, entity_id, &digest,
    );
    sqlx::query(
        "INSERT INTO audit_log (tenant_id, seq, id, at, actor, action, entity, entity_id, detail, \
         digest, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&tenant)
    .bind(seq)
    .bind(Uuid::now_v7().to_string())
    .bind(at)
    .bind(&actor)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(&detail_text)
    .bind(&digest)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from_db)?;
    sqlx::query("UPDATE audit_heads SET head = $2 WHERE tenant_id = $1")
        .bind(&tenant)
        .bind(&hash)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from_db)?;
    Ok(())
}

/// An entry to append in a batch.
pub(crate) struct Pending {
    pub action: String,
    pub entity: &'static str,
    pub entity_id: String,
    pub detail: Value,
}

/// Appends many entries at once: the chain head is read and advanced once, the hashes
/// are computed here in order, and the rows go in as multi-row INSERTs.
pub(crate) async fn append_many(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    entries: Vec<Pending>,
    at: i64,
) -> Result<()> {
    use crate::bulk::{Val, insert_rows};
    let n = entries.len() as i64;
    if n == 0 {
        return Ok(());
    }
    let tenant = scope.tenant_str();
    let row = sqlx::query(
        "UPDATE audit_heads SET seq = seq + $2 WHERE tenant_id = $1 RETURNING seq, head",
    )
    .bind(&tenant)
    .bind(n)
    .fetch_optional(&mut **tx)
    .await
    .map_err(StoreError::from_db)?
    .ok_or(StoreError::NotFound)?;
    let last: i64 = row.try_get(0).map_err(StoreError::from_db)?;
    let mut prev: String = row.try_get(1).map_err(StoreError::from_db)?;
    let actor = scope.actor.label();
    let mut rows = Vec::with_capacity(entries.len());
    for (k, e) in entries.into_iter().enumerate() {
        let seq = last - n + 1 + k as i64;
        let detail = e.detail.to_string();
        let digest = sha256_hex(detail.as_bytes());
        let hash = entry_hash(
            &prev,
            &tenant,
            seq,
            at,
            &actor,
            &e.action,
            e.entity,
            &e.entity_id,
            &digest,
        );
        rows.push(vec![
            Val::Text(tenant.clone()),
            Val::Int(seq),
            Val::Text(Uuid::now_v7().to_string()),
            Val::Int(at),
            Val::Text(actor.clone()),
            Val::Text(e.action),
            Val::Text(e.entity.to_string()),
            Val::Text(e.entity_id),
            Val::Text(detail),
            Val::Text(digest),
            Val::Text(std::mem::replace(&mut prev, hash.clone())),
            Val::Text(hash),
        ]);
    }
    insert_rows(
        tx,
        "audit_log",
        &[
            "tenant_id",
            "seq",
            "id",
            "at",
            "actor",
            "action",
            "entity",
            "entity_id",
            "detail",
            "digest",
            "prev_hash",
            "hash",
        ],
        rows,
    )
    .await?;
    sqlx::query("UPDATE audit_heads SET head = $2 WHERE tenant_id = $1")
        .bind(&tenant)
        .bind(&prev)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from_db)?;
    Ok(())
}

const COLUMNS: &str =
    "seq, id, at, actor, action, entity, entity_id, detail, digest, prev_hash, hash";

fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    let detail: String = row.try_get(7).map_err(StoreError::from_db)?;
    Ok(AuditEntry {
        seq: row.try_get(0).map_err(StoreError::from_db)?,
        id: row.try_get(1).map_err(StoreError::from_db)?,
        at: row.try_get(2).map_err(StoreError::from_db)?,
        actor: row.try_get(3).map_err(StoreError::from_db)?,
        action: row.try_get(4).map_err(StoreError::from_db)?,
        entity: row.try_get(5).map_err(StoreError::from_db)?,
        entity_id: row.try_get(6).map_err(StoreError::from_db)?,
        detail: serde_json::from_str(&detail).unwrap_or(Value::String(detail)),
        digest: row.try_get(8).map_err(StoreError::from_db)?,
        prev_hash: row.try_get(9).map_err(StoreError::from_db)?,
        hash: row.try_get(10).map_err(StoreError::from_db)?,
    })
}

impl Store {
    /// The tenant's trail, newest first, filtered.
    pub async fn audit_list(&self, scope: &Scope, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut sql = format!("SELECT {COLUMNS} FROM audit_log WHERE tenant_id = $1");
        let mut text: Vec<String> = vec![scope.tenant_str()];
        let mut ints: Vec<(usize, i64)> = Vec::new();
        let mut n = 1;
        for (col, val) in [
            ("actor", &f.actor),
            ("action", &f.action),
            ("entity", &f.entity),
            ("entity_id", &f.entity_id),
        ] {
            if let Some(v) = val {
                n += 1;
                sql.push_str(&format!(" AND {col} = ${n}"));
                text.push(v.clone());
            }
        }
        let mut int_clauses = Vec::new();
        for (cmp, val) in [("at >=", f.from), ("at <", f.to), ("seq <", f.before_seq)] {
            if let Some(v) = val {
                int_clauses.push((cmp, v));
            }
        }
        for (cmp, v) in int_clauses {
            n += 1;
            sql.push_str(&format!(" AND {cmp} ${n}"));
            ints.push((n, v));
        }
        sql.push_str(&format!(
            " ORDER BY seq DESC LIMIT {}",
            f.limit.clamp(1, 1000)
        ));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for t in text {
            q = q.bind(t);
        }
        for (_, v) in ints {
            q = q.bind(v);
        }
        let mut tx = self.begin_read(scope).await?;
        let rows = q.fetch_all(&mut *tx).await.map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(entry_from_row).collect()
    }

    /// Walks the tenant's whole chain and recomputes every digest and hash.
    pub async fn audit_verify(&self, scope: &Scope) -> Result<ChainReport> {
        let tenant = scope.tenant_str();
        let mut tx = self.begin_read(scope).await?;
        let head = sqlx::query("SELECT seq, head FROM audit_heads WHERE tenant_id = $1")
            .bind(&tenant)
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from_db)?
            .ok_or(StoreError::NotFound)?;
        let head_seq: i64 = head.try_get(0).map_err(StoreError::from_db)?;
        let head_hash: String = head.try_get(1).map_err(StoreError::from_db)?;
        let mut report = ChainReport {
            tenant_id: tenant.clone(),
            entries: 0,
            ok: true,
            first_bad_seq: None,
            problem: None,
        };
        let mut prev = genesis_hash(&tenant);
        let mut expected_seq = 1;
        loop {
            let rows = sqlx::query(
                "SELECT seq, id, at, actor, action, entity, entity_id, detail, digest, prev_hash, \
                 hash FROM audit_log WHERE tenant_id = $1 AND seq >= $2 ORDER BY seq LIMIT 5000",
            )
            .bind(&tenant)
            .bind(expected_seq)
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let e = entry_from_row(row)?;
                let detail: String = row.try_get(7).map_err(StoreError::from_db)?;
                let problem = if e.seq != expected_seq {
                    Some(format!("entry {expected_seq} is missing"))
                } else if e.prev_hash != prev {
                    Some("does not link to the previous entry".to_string())
                } else if sha256_hex(detail.as_bytes()) != e.digest {
                    Some("detail does not match its digest".to_string())
                } else if entry_hash(
                    &prev,
                    &tenant,
                    e.seq,
                    e.at,
                    &e.actor,
                    &e.action,
                    &e.entity,
                    &e.entity_id,
                    &e.digest,
                ) != e.hash
                {
                    Some("hash does not match the entry's fields".to_string())
                } else {
                    None
                };
                if let Some(p) = problem {
                    report.ok = false;
                    report.first_bad_seq = Some(expected_seq);
                    report.problem = Some(p);
                    tx.commit().await.map_err(StoreError::from_db)?;
                    return Ok(report);
                }
                report.entries += 1;
                prev = e.hash;
                expected_seq += 1;
            }
        }
        tx.commit().await.map_err(StoreError::from_db)?;
        if expected_seq - 1 != head_seq || prev != head_hash {
            report.ok = false;
            report.first_bad_seq = Some(expected_seq);
            report.problem = Some(format!(
                "the chain ends at entry {} but the tenant's head records entry {head_seq}",
                expected_seq - 1
            ));
        }
        Ok(report)
    }
}
