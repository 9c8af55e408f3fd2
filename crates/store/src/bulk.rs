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

/// Bound parameters per statement. sqlx binds SQLite parameters by name, which costs
/// time quadratic in the count per statement (a profile showed 73 % of a bulk load in
/// `sqlite3_bind_parameter_name` at 8,000), so statements stay small.
const MAX_PARAMS: usize = 400;

/// Inserts `rows` (each with one value per column) into `table`, many rows per statement.
pub(crate) async fn insert_rows(
    tx: &mut Transaction<'static, Any>,
    table: &'static str,
    columns: &[&'static str],
    rows: Vec<Vec<Val>>,
) -> Result<()> {
    let width = columns.len();
    let per_stmt = (MAX_PARAMS / width).max(1);
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
                sql.push('$');
                sql.push_str(&n.to_string());
            }
            sql.push(')');
        }
        let q = chunk
            .into_iter()
            .flatten()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), bind);
        q.execute(&mut **tx).await.map_err(StoreError::from_db)?;
    }
    Ok(())
}
