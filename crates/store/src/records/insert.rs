//! Creates: records with their revisions, change-log rows and audit entries, many rows
//! per statement.

use serde_json::{Value, json};
use sqlx::{Any, Row, Transaction};

use super::{
    CHANGE_COLUMNS, Entity, NewRecord, RECORD_INSERT_COLUMNS, REVISION_COLUMNS, RenderedRecord,
    audit_detail, index_vals,
};
use crate::audit;
use crate::bulk::{Val, insert_rows};
use crate::error::{Result, StoreError};
use crate::scope::Scope;

/// Inserts records with their revisions, change-log rows and audit entries as
/// multi-row INSERTs, extending the audit chain once for the whole batch.
pub(super) async fn insert_batch(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    entity: Entity,
    recs: Vec<NewRecord>,
    now: i64,
) -> Result<()> {
    let details = recs.iter().map(|r| audit_detail(1, &r.data)).collect();
    let recs = recs.into_iter().map(RenderedRecord::from).collect();
    insert_batch_with(tx, scope, entity, recs, now, AuditMode::PerRecord(details)).await
}

/// How a batch of creates is audited.
pub(super) enum AuditMode<'a> {
    /// One entry per record (API creates, `create_many`), with these details.
    PerRecord(Vec<Value>),
    /// One entry for the batch, naming its source (bulk imports).
    Batch(&'a str),
}

/// The audit detail of an imported batch: enough to tie any record back to the batch
/// (its id is in the digested list) and to check the list if it is ever reproduced.
fn batch_detail(source: &str, ids: &[String]) -> Value {
    json!({
        "source": source,
        "count": ids.len(),
        "first_id": ids.first(),
        "last_id": ids.last(),
        "ids_sha256": audit::sha256_hex(ids.join("\n").as_bytes()),
    })
}

pub(super) async fn insert_batch_with(
    tx: &mut Transaction<'static, Any>,
    scope: &Scope,
    entity: Entity,
    recs: Vec<RenderedRecord>,
    now: i64,
    mode: AuditMode<'_>,
) -> Result<()> {
    let n = recs.len();
    let actor = scope.actor.label();
    let tenant = scope.tenant_str();
    let action = format!("{}.create", entity.name());
    let mut rows = Vec::with_capacity(n);
    let mut revs = Vec::with_capacity(n);
    let mut chg = Vec::with_capacity(n);
    let mut audits = Vec::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    let sqlite = tx.backend_name() == "SQLite";
    let (mut details, batch_source) = match mode {
        AuditMode::PerRecord(d) => (d.into_iter(), None),
        AuditMode::Batch(source) => (Vec::new().into_iter(), Some(source)),
    };
    for rec in recs {
        let id = rec.id.to_string();
        let mut row = vec![
            Val::Text(id.clone()),
            Val::Text(tenant.clone()),
            Val::Int(1),
            Val::Text(rec.text),
        ];
        row.extend(index_vals(rec.index));
        row.extend([
            Val::Int(now),
            Val::Int(now),
            Val::OptInt(None),
            Val::Text(actor.clone()),
            Val::Text(actor.clone()),
        ]);
        rows.push(row);
        if sqlite {
            // Derived from the rows below.
        } else {
            revs.push(vec![
                Val::Text(tenant.clone()),
                Val::Text(entity.name().into()),
                Val::Text(id.clone()),
                Val::Int(1),
                Val::Text("create".into()),
                Val::Int(now),
                Val::Text(actor.clone()),
                Val::Text(String::new()),
            ]);
            chg.push(vec![
                Val::Text(tenant.clone()),
                Val::Text(entity.name().into()),
                Val::Text(id.clone()),
                Val::Text("create".into()),
                Val::Int(1),
                Val::Int(now),
            ]);
        }
        match batch_source {
            None => audits.push(audit::Pending {
                action: action.clone(),
                entity: entity.name(),
                detail: details.next().unwrap_or_default(),
                entity_id: id,
            }),
            Some(_) => ids.push(id),
        }
    }
    if let Some(source) = batch_source {
        audits.push(audit::Pending {
            action: format!("{}.import", entity.name()),
            entity: entity.name(),
            entity_id: source.to_owned(),
            detail: batch_detail(source, &ids),
        });
    }
    if sqlite {
        // Each create's revision and change-log row are derived from its new row, in
        // the rows' order, by SQLite itself: no values to bind (a third of a bulk load's
        // were these). New rows take rowids above every row there was, since writers
        // take turns.
        let table = entity.table();
        let before: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COALESCE(MAX(rowid), 0) FROM {table}"
        )))
        .fetch_one(&mut **tx)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(StoreError::from_db)?;
        insert_rows(tx, table, &RECORD_INSERT_COLUMNS, rows).await?;
        for sql in [
            format!(
                "INSERT INTO revisions ({}) SELECT tenant_id, $1, id, 1, 'create', created_at, \
                 created_by, '' FROM {table} WHERE rowid > $2 ORDER BY rowid",
                REVISION_COLUMNS.join(", ")
            ),
            format!(
                "INSERT INTO changes ({}) SELECT tenant_id, $1, id, 'create', 1, created_at \
                 FROM {table} WHERE rowid > $2 ORDER BY rowid",
                CHANGE_COLUMNS.join(", ")
            ),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(entity.name())
                .bind(before)
                .execute(&mut **tx)
                .await
                .map_err(StoreError::from_db)?;
        }
    } else {
        insert_rows(tx, entity.table(), &RECORD_INSERT_COLUMNS, rows).await?;
        insert_rows(tx, "revisions", &REVISION_COLUMNS, revs).await?;
        insert_rows(tx, "changes", &CHANGE_COLUMNS, chg).await?;
    }
    audit::append_many(tx, scope, audits, now).await
}
