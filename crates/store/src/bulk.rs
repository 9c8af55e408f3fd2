//! Multi-row INSERTs for bulk writes: one statement carries many rows, which is what
//! makes loading a million records affordable on SQLite's single writer.

use sqlx::{Any, Transaction};

use crate::error::{Result, StoreError};

/// One bound value.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
}

/// Binds one value to a query.
pub(crate) fn bind(q: AnyQuery<'static>, v: Val) -> AnyQuery<'static> {
    match v {
        Val::Text(s) => q.bind(s),
        Val::OptText(s) => q.bind(s),
        Val::Int(i) => q.bind(i),
        Val::OptInt(i) => q.bind(i),
    }
}

pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

/// Bound parameters per statement on PostgreSQL (`$1, $2 …`).
const MAX_PARAMS: usize = 400;
/// Bound parameters per statement on SQLite. There the statements use anonymous `?`
/// placeholders: sqlx looks every parameter up by name, and SQLite finds a name by
/// walking a list, which made `$N` placeholders cost time quadratic in their count (a
/// profile showed 73 % of a bulk load in `sqlite3_bind_parameter_name` at 8,000
/// parameters, and still 7 % at 400). An anonymous `?` has no name, so binding is
/// linear and statements can be large. Well under SQLite's limit of 32,766.
const MAX_PARAMS_SQLITE: usize = 8000;

/// Inserts `rows` (each with one value per column) into `table`, many rows per statement.
pub(crate) async fn insert_rows(
    tx: &mut Transaction<'static, Any>,
    table: &'static str,
    columns: &[&'static str],
    rows: Vec<Vec<Val>>,
) -> Result<()> {
    insert_rows_returning_count(tx, table, columns, rows, "")
        .await
        .map(|_| ())
}

/// Like [`insert_rows`], with `suffix` (an `ON CONFLICT …` clause) after each
/// statement's values; returns how many rows the statements reported written.
pub(crate) async fn insert_rows_returning_count(
    tx: &mut Transaction<'static, Any>,
    table: &'static str,
    columns: &[&'static str],
    rows: Vec<Vec<Val>>,
    suffix: &'static str,
) -> Result<u64> {
    let mut written = 0;
    let width = columns.len();
    let sqlite = tx.backend_name() == "SQLite";
    let max = if sqlite {
        MAX_PARAMS_SQLITE
    } else {
        MAX_PARAMS
    };
    let per_stmt = (max / width).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(per_stmt).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            debug_assert_eq!(row.len(), width);
            if i > 0 {
                sql.push(',');
            }
            sql.push('(');
            for j in 0..width {
                n += 1;
                if j > 0 {
                    sql.push(',');
                }
                if sqlite {
                    // Positional: the n-th `?` takes the n-th bound value.
                    sql.push('?');
                } else {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
            }
            sql.push(')');
        }
        sql.push_str(suffix);
        let q = chunk
            .into_iter()
            .flatten()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), bind);
        written += q
            .execute(&mut **tx)
            .await
            .map_err(StoreError::from_db)?
            .rows_affected();
    }
    Ok(written)
}
