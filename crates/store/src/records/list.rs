//! Listing records: filters, free text, sort orders and keyset pagination with an
//! opaque cursor.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::Row;

use super::{Entity, RECORD_COLUMNS, Record, record_from_row};
use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::scope::Scope;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterColumn {
    Status,
    Kind,
    RefId,
    Email,
    Phone,
    ExternalId,
    City,
    Region,
    Country,
    Remote,
    /// Matches records having the skill key (lowercased).
    Skill,
}

impl FilterColumn {
    /// Ids are matched exactly; every other column is stored and matched lowercased.
    fn case_sensitive(self) -> bool {
        matches!(
            self,
            FilterColumn::RefId | FilterColumn::ExternalId | FilterColumn::Phone
        )
    }

    fn column(self) -> &'static str {
        match self {
            FilterColumn::Status => "status",
            FilterColumn::Kind => "kind",
            FilterColumn::RefId => "ref_id",
            FilterColumn::Email => "email",
            FilterColumn::Phone => "phone",
            FilterColumn::ExternalId => "external_id",
            FilterColumn::City => "city",
            FilterColumn::Region => "region",
            FilterColumn::Country => "country",
            FilterColumn::Remote => "remote",
            FilterColumn::Skill => "skills",
        }
    }
}

/// Rows whose column equals one of `values` (case-insensitively, except ids).
/// Several filters combine with AND.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub column: FilterColumn,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortField {
    /// Creation order (ids are UUIDv7).
    #[default]
    Created,
    Updated,
    Label,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Visibility {
    #[default]
    Active,
    Deleted,
    All,
}

#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub q: Option<String>,
    pub filters: Vec<Filter>,
    pub sort: SortField,
    pub descending: bool,
    /// The opaque cursor a previous page returned.
    pub cursor: Option<String>,
    pub limit: u32,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<Record>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    s: SortField,
    d: bool,
    k: Value,
    id: String,
}

impl Cursor {
    fn encode(&self) -> String {
        hex::encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(s: &str) -> Result<Cursor> {
        hex::decode(s)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| StoreError::Invalid("cursor is not one this server issued".into()))
    }
}

enum Bind {
    Text(String),
    Int(i64),
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl Store {
    pub async fn list(&self, scope: &Scope, entity: Entity, q: &ListQuery) -> Result<Page> {
        let limit = q.limit.clamp(1, 500) as usize;
        let mut sql = format!(
            "SELECT {RECORD_COLUMNS}, label FROM {} WHERE tenant_id = $1",
            entity.table()
        );
        let mut binds = vec![Bind::Text(scope.tenant_str())];
        let param = |binds: &mut Vec<Bind>, b: Bind| {
            binds.push(b);
            format!("${}", binds.len())
        };
        match q.visibility {
            Visibility::Active => sql.push_str(" AND deleted_at IS NULL"),
            Visibility::Deleted => sql.push_str(" AND deleted_at IS NOT NULL"),
            Visibility::All => {}
        }
        if let Some(text) = q.q.as_deref() {
            for word in text.split_whitespace().take(8) {
                let p = param(
                    &mut binds,
                    Bind::Text(format!("%{}%", like_escape(&word.to_lowercase()))),
                );
                sql.push_str(&format!(" AND search LIKE {p} ESCAPE '\\'"));
            }
        }
        for f in &q.filters {
            if f.values.is_empty() {
                continue;
            }
            let col = f.column.column();
            let mut ors = Vec::new();
            for v in &f.values {
                if f.column == FilterColumn::Skill {
                    let p = param(
                        &mut binds,
                        Bind::Text(format!("%|{}|%", like_escape(&v.to_lowercase()))),
                    );
                    ors.push(format!("{col} LIKE {p} ESCAPE '\\'"));
                } else {
                    let v = if f.column.case_sensitive() {
                        v.clone()
                    } else {
                        v.to_lowercase()
                    };
                    let p = param(&mut binds, Bind::Text(v));
                    ors.push(format!("{col} = {p}"));
                }
            }
            sql.push_str(&format!(" AND ({})", ors.join(" OR ")));
        }
        let (sort_col, int_key) = match q.sort {
            SortField::Created => ("id", false),
            SortField::Updated => ("updated_at", true),
            SortField::Label => ("label", false),
        };
        let (cmp, dir) = if q.descending {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        if let Some(c) = q.cursor.as_deref() {
            let c = Cursor::decode(c)?;
            if c.s != q.sort || c.d != q.descending {
                return Err(StoreError::Invalid(
                    "cursor belongs to a different sort order".into(),
                ));
            }
            let pid = param(&mut binds, Bind::Text(c.id.clone()));
            if q.sort == SortField::Created {
                sql.push_str(&format!(" AND id {cmp} {pid}"));
            } else {
                let key = if int_key {
                    Bind::Int(
                        c.k.as_i64()
                            .ok_or_else(|| StoreError::Invalid("bad cursor".into()))?,
                    )
                } else {
                    Bind::Text(c.k.as_str().unwrap_or_default().to_string())
                };
                let pk = param(&mut binds, key);
                sql.push_str(&format!(
                    " AND ({sort_col} {cmp} {pk} OR ({sort_col} = {pk} AND id {cmp} {pid}))"
                ));
            }
        }
        if q.sort == SortField::Created {
            sql.push_str(&format!(" ORDER BY id {dir}"));
        } else {
            sql.push_str(&format!(" ORDER BY {sort_col} {dir}, id {dir}"));
        }
        sql.push_str(&format!(" LIMIT {}", limit + 1));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = match b {
                Bind::Text(s) => query.bind(s),
                Bind::Int(i) => query.bind(i),
            };
        }
        let mut tx = self.begin_read(scope).await?;
        let rows = query
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        let more = rows.len() > limit;
        let mut items = Vec::with_capacity(limit.min(rows.len()));
        let mut last_label = String::new();
        for row in rows.iter().take(limit) {
            items.push(record_from_row(entity, row)?);
            last_label = row.try_get(8).map_err(StoreError::from_db)?;
        }
        let next_cursor = match (more, items.last()) {
            (true, Some(last)) => Some(
                Cursor {
                    s: q.sort,
                    d: q.descending,
                    k: match q.sort {
                        SortField::Created => Value::Null,
                        SortField::Updated => json!(last.updated_at),
                        SortField::Label => json!(last_label),
                    },
                    id: last.id.to_string(),
                }
                .encode(),
            ),
            _ => None,
        };
        Ok(Page { items, next_cursor })
    }
}
