//! Tenant-scoped records (candidates, companies, contacts, requirements): create, read,
//! list with filters and keyset pagination, versioned update, soft delete and restore,
//! with revisions, change log and audit written in the same transaction.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

mod history;
mod insert;
mod list;
mod lookup;
mod merge;

pub use history::Revision;
pub use list::{Filter, FilterColumn, ListQuery, Page, SortField, Visibility};
pub use lookup::LookupColumn;
pub use merge::{MergeRequest, Merged};

use self::insert::{AuditMode, insert_batch, insert_batch_with};
use crate::backend::Store;
use crate::bulk::{Val, bind};
use crate::error::{Result, StoreError};
use crate::scope::Scope;
use crate::{audit, changes, diff};

/// The kinds of record this module keeps. Each has its own table of the same shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Candidate,
    Company,
    Contact,
    Requirement,
}

impl Entity {
    pub const ALL: [Entity; 4] = [
        Entity::Candidate,
        Entity::Company,
        Entity::Contact,
        Entity::Requirement,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Entity::Candidate => "candidate",
            Entity::Company => "company",
            Entity::Contact => "contact",
            Entity::Requirement => "requirement",
        }
    }

    pub(crate) fn table(self) -> &'static str {
        match self {
            Entity::Candidate => "candidates",
            Entity::Company => "companies",
            Entity::Contact => "contacts",
            Entity::Requirement => "requirements",
        }
    }
}

/// Columns kept beside the JSON body so lists can filter and sort without parsing it.
/// What each generic column means is the entity's business (e.g. `kind` is a company's
/// client/vendor and a candidate's work authorisation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexFields {
    /// Sort key (lowercased name or title).
    pub label: String,
    /// Lowercased text that free-text `q` matches against.
    pub search: String,
    pub status: Option<String>,
    pub kind: Option<String>,
    /// The record this one belongs to (a contact's or requirement's company).
    pub ref_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub external_id: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub remote: Option<String>,
    /// Lowercased skill keys.
    pub skills: Vec<String>,
}

/// A record to write: its id, validated JSON body and index columns.
#[derive(Debug, Clone)]
pub struct NewRecord {
    pub id: Uuid,
    pub data: Value,
    pub index: IndexFields,
}

/// A record to write with its body already rendered as JSON text: a bulk import renders
/// it on its reader thread, off the writer's path.
#[derive(Debug, Clone)]
pub struct RenderedRecord {
    pub id: Uuid,
    pub text: String,
    pub index: IndexFields,
}

impl From<NewRecord> for RenderedRecord {
    fn from(r: NewRecord) -> Self {
        Self {
            id: r.id,
            text: r.data.to_string(),
            index: r.index,
        }
    }
}

/// What [`Store::import_many`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub records: usize,
    /// The first and last change-log sequence of its creates. On SQLite, where writers
    /// take turns, no other write has a sequence in between; a bulk load that follows
    /// the log for other writers' changes skips this span.
    pub changes: (i64, i64),
}

/// A stored record. `data` is the JSON body as stored, so it can be sent on unparsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub entity: Entity,
    pub id: Uuid,
    pub version: i64,
    pub data: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub deleted_at: Option<i64>,
    pub created_by: String,
    pub updated_by: String,
}

const RECORD_INSERT_COLUMNS: [&str; 22] = [
    "id",
    "tenant_id",
    "version",
    "data",
    "label",
    "search",
    "status",
    "kind",
    "ref_id",
    "email",
    "phone",
    "external_id",
    "city",
    "region",
    "country",
    "remote",
    "skills",
    "created_at",
    "updated_at",
    "deleted_at",
    "created_by",
    "updated_by",
];
const REVISION_COLUMNS: [&str; 8] = [
    "tenant_id",
    "entity",
    "entity_id",
    "version",
    "op",
    "at",
    "actor",
    "changes",
];
const CHANGE_COLUMNS: [&str; 6] = ["tenant_id", "entity", "entity_id", "op", "version", "at"];

const RECORD_COLUMNS: &str =
    "id, version, data, created_at, updated_at, deleted_at, created_by, updated_by";

fn record_from_row(entity: Entity, row: &AnyRow) -> Result<Record> {
    let id: String = row.try_get(0).map_err(StoreError::from_db)?;
    Ok(Record {
        entity,
        id: Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt(format!("id {id}: {e}")))?,
        version: row.try_get(1).map_err(StoreError::from_db)?,
        data: row.try_get(2).map_err(StoreError::from_db)?,
        created_at: row.try_get(3).map_err(StoreError::from_db)?,
        updated_at: row.try_get(4).map_err(StoreError::from_db)?,
        deleted_at: row.try_get(5).map_err(StoreError::from_db)?,
        created_by: row.try_get(6).map_err(StoreError::from_db)?,
        updated_by: row.try_get(7).map_err(StoreError::from_db)?,
    })
}

fn skills_column(skills: &[String]) -> Option<String> {
    if skills.is_empty() {
        None
    } else {
        Some(format!("|{}|", skills.join("|")))
    }
}

/// The index columns' values, in `INDEX_COLUMNS` order. Text columns other than ids are
/// stored lowercased so filters can compare with `=`.
fn index_vals(i: IndexFields) -> [Val; 13] {
    [
        Val::Text(i.label),
        Val::Text(i.search),
        Val::OptText(lower(&i.status)),
        Val::OptText(lower(&i.kind)),
        Val::OptText(i.ref_id),
        Val::OptText(lower(&i.email)),
        Val::OptText(i.phone),
        Val::OptText(i.external_id),
        Val::OptText(lower(&i.city)),
        Val::OptText(lower(&i.region)),
        Val::OptText(lower(&i.country)),
        Val::OptText(lower(&i.remote)),
        Val::OptText(skills_column(&i.skills)),
    ]
}

fn lower(v: &Option<String>) -> Option<String> {
    v.as_ref().map(|s| s.to_lowercase())
}

/// Everything written alongside an update, delete or restore: revision, change-log row,
/// audit entry. Creates go through `insert_batch`.
struct Journal<'a> {
    entity: Entity,
    id: &'a str,
    version: i64,
    op: &'static str,
    at: i64,
    /// `{field: {from, to}}`.
    changes: Value,
}

/// What the audit entry of a record mutation holds: the version, the names of the
/// fields that changed and a digest of the change itself (kept in the revision, or the
/// record for a create), so the trail stays small and still pins the change down.
fn audit_detail(version: i64, changes: &Value) -> Value {
    let fields: Vec<&String> = changes
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    json!({
        "version": version,
        "fields": fields,
        "changes_sha256": audit::sha256_hex(changes.to_string().as_bytes()),
    })
}

async fn write_journal(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    j: Journal<'_>,
) -> Result<()> {
    let actor = scope.actor.label();
    let changes_text = j.changes.to_string();
    sqlx::query(
        "INSERT INTO revisions (tenant_id, entity, entity_id, version, op, at, actor, changes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(scope.tenant_str())
    .bind(j.entity.name())
    .bind(j.id)
    .bind(j.version)
    .bind(j.op)
    .bind(j.at)
    .bind(&actor)
    .bind(&changes_text)
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from_db)?;
    changes::record(tx, scope, j.entity.name(), j.id, j.op, j.version, j.at).await?;
    let detail = audit_detail(j.version, &j.changes);
    let action = format!("{}.{}", j.entity.name(), j.op);
    audit::append(tx, scope, &action, j.entity.name(), j.id, &detail, j.at).await
}

impl Store {
    /// Creates one record. Fails with `Conflict` if the id exists.
    pub async fn create(&self, scope: &Scope, entity: Entity, rec: NewRecord) -> Result<Record> {
        let now = crate::time::now_micros();
        let actor = scope.actor.label();
        let out = Record {
            entity,
            id: rec.id,
            version: 1,
            data: rec.data.to_string(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            created_by: actor.clone(),
            updated_by: actor,
        };
        let mut tx = self.begin_write(scope).await?;
        insert_batch(&mut tx, scope, entity, vec![rec], now).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(out)
    }

    /// Creates many records in one transaction (bulk loads); returns how many.
    pub async fn create_many(
        &self,
        scope: &Scope,
        entity: Entity,
        recs: Vec<NewRecord>,
    ) -> Result<usize> {
        let n = recs.len();
        if n == 0 {
            return Ok(0);
        }
        let mut tx = self.begin_write(scope).await?;
        insert_batch(&mut tx, scope, entity, recs, crate::time::now_micros()).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(n)
    }

    /// Creates many records in one transaction for a bulk import named `source` (the
    /// import job). Each record gets its row, revision and change-log row exactly as
    /// `create_many` writes them, so its history and the change feed show the create;
    /// the audit trail gets one `{entity}.import` entry for the whole batch, naming
    /// `source`, the count, the first and last id and a SHA-256 of every id in order
    /// (one per line), instead of one entry per record.
    pub async fn import_many(
        &self,
        scope: &Scope,
        entity: Entity,
        recs: Vec<RenderedRecord>,
        source: &str,
    ) -> Result<Imported> {
        let records = recs.len();
        if records == 0 {
            return Ok(Imported::default());
        }
        let mut tx = self.begin_write(scope).await?;
        let before = changes::last_seq(&mut tx).await?;
        insert_batch_with(
            &mut tx,
            scope,
            entity,
            recs,
            crate::time::now_micros(),
            AuditMode::Batch(source),
        )
        .await?;
        let after = changes::last_seq(&mut tx).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(Imported {
            records,
            changes: (before + 1, after),
        })
    }

    /// One record, deleted or not; `None` if the tenant has no such record.
    pub async fn get(&self, scope: &Scope, entity: Entity, id: Uuid) -> Result<Option<Record>> {
        let mut tx = self.begin_read(scope).await?;
        let rec = fetch(&mut tx, scope, entity, id).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(rec)
    }

    /// Replaces a record's body. `expected_version` guards against lost updates; a body
    /// equal to the stored one changes nothing and returns the record as it is.
    pub async fn update(
        &self,
        scope: &Scope,
        entity: Entity,
        rec: NewRecord,
        expected_version: Option<i64>,
    ) -> Result<Record> {
        let mut tx = self.begin_write(scope).await?;
        let saved = update_in(&mut tx, scope, entity, rec, expected_version, "update").await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(saved)
    }

    /// Hides a record from lists and reads; `restore` brings it back.
    pub async fn soft_delete(
        &self,
        scope: &Scope,
        entity: Entity,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<Record> {
        self.set_deleted(scope, entity, id, expected_version, true)
            .await
    }

    pub async fn restore(
        &self,
        scope: &Scope,
        entity: Entity,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<Record> {
        self.set_deleted(scope, entity, id, expected_version, false)
            .await
    }

    async fn set_deleted(
        &self,
        scope: &Scope,
        entity: Entity,
        id: Uuid,
        expected_version: Option<i64>,
        delete: bool,
    ) -> Result<Record> {
        let mut tx = self.begin_write(scope).await?;
        let op = if delete { "delete" } else { "restore" };
        let rec = set_deleted_in(&mut tx, scope, entity, id, expected_version, delete, op).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(rec)
    }

    /// How many live records the tenant has of this kind.
    pub async fn count(&self, scope: &Scope, entity: Entity) -> Result<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM {} WHERE tenant_id = $1 AND deleted_at IS NULL",
            entity.table()
        );
        let mut tx = self.begin_read(scope).await?;
        let n: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.tenant_str())
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::from_db)?
            .try_get(0)
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(n)
    }
}

async fn fetch(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    entity: Entity,
    id: Uuid,
) -> Result<Option<Record>> {
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM {} WHERE tenant_id = $1 AND id = $2",
        entity.table()
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_str())
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await
        .map_err(StoreError::from_db)?;
    row.map(|r| record_from_row(entity, &r)).transpose()
}

/// `update` inside the caller's transaction, journalled as `op`.
pub(crate) async fn update_in(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    entity: Entity,
    rec: NewRecord,
    expected_version: Option<i64>,
    op: &'static str,
) -> Result<Record> {
    let cur = fetch(tx, scope, entity, rec.id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if cur.deleted_at.is_some() {
        return Err(StoreError::NotFound);
    }
    if expected_version.is_some_and(|v| v != cur.version) {
        return Err(StoreError::VersionConflict {
            current: cur.version,
        });
    }
    let old: Value =
        serde_json::from_str(&cur.data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let changes = diff::json_diff(&old, &rec.data);
    if changes.as_object().is_some_and(|m| m.is_empty()) {
        return Ok(cur);
    }
    let now = crate::time::now_micros();
    let data = rec.data.to_string();
    let actor = scope.actor.label();
    let id = rec.id.to_string();
    let sql = format!(
        "UPDATE {} SET version = version + 1, data = $3, label = $4, search = $5, status = $6, \
         kind = $7, ref_id = $8, email = $9, phone = $10, external_id = $11, city = $12, \
         region = $13, country = $14, remote = $15, skills = $16, updated_at = $17, \
         updated_by = $18 WHERE tenant_id = $1 AND id = $2 AND version = $19",
        entity.table()
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_str())
        .bind(id.clone())
        .bind(data.clone());
    let done = index_vals(rec.index)
        .into_iter()
        .fold(q, bind)
        .bind(now)
        .bind(actor.clone())
        .bind(cur.version)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from_db)?;
    if done.rows_affected() != 1 {
        return Err(StoreError::VersionConflict {
            current: cur.version + 1,
        });
    }
    let version = cur.version + 1;
    write_journal(
        tx,
        scope,
        Journal {
            entity,
            id: &id,
            version,
            op,
            at: now,
            changes,
        },
    )
    .await?;
    Ok(Record {
        version,
        data,
        updated_at: now,
        updated_by: actor,
        ..cur
    })
}

/// Deletes (`delete`) or restores a record inside the caller's transaction, journalled
/// as `op`.
pub(crate) async fn set_deleted_in(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    entity: Entity,
    id: Uuid,
    expected_version: Option<i64>,
    delete: bool,
    op: &'static str,
) -> Result<Record> {
    let cur = fetch(tx, scope, entity, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if cur.deleted_at.is_some() == delete {
        // Already in the requested state: nothing to do, nothing to journal.
        return Ok(cur);
    }
    if expected_version.is_some_and(|v| v != cur.version) {
        return Err(StoreError::VersionConflict {
            current: cur.version,
        });
    }
    let now = crate::time::now_micros();
    let actor = scope.actor.label();
    let deleted_at = delete.then_some(now);
    let sql = format!(
        "UPDATE {} SET version = version + 1, deleted_at = $3, updated_at = $4, updated_by = $5 \
         WHERE tenant_id = $1 AND id = $2 AND version = $6",
        entity.table()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.tenant_str())
        .bind(id.to_string())
        .bind(deleted_at)
        .bind(now)
        .bind(&actor)
        .bind(cur.version)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from_db)?;
    let version = cur.version + 1;
    let changes = json!({"deleted_at": {"from": cur.deleted_at, "to": deleted_at}});
    let id_s = id.to_string();
    write_journal(
        tx,
        scope,
        Journal {
            entity,
            id: &id_s,
            version,
            op,
            at: now,
            changes,
        },
    )
    .await?;
    Ok(Record {
        version,
        deleted_at,
        updated_at: now,
        updated_by: actor,
        ..cur
    })
}
