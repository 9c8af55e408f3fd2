//! Bulk-import errors: a problem with one row (the stream goes on) and a problem with the
//! whole file (nothing can be read).

use std::fmt;

use super::kind::EntityKind;

/// Why one row of a bulk file was refused, and where: the row as the user counts it, the
/// source column (CSV header or JSON key) and the entity field it fed, when known.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error)]
pub struct RowError {
    pub row: u64,
    pub column: Option<String>,
    pub field: Option<String>,
    pub reason: String,
}

impl RowError {
    /// A problem with the row as a whole (ragged, malformed JSON, unreadable).
    pub fn row(row: u64, reason: impl Into<String>) -> Self {
        Self {
            row,
            column: None,
            field: None,
            reason: reason.into(),
        }
    }

    /// A problem with one field, fed by `column` when known.
    pub fn field(
        row: u64,
        column: Option<&str>,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        let field = field.into();
        Self {
            row,
            column: column.map(str::to_string),
            field: (!field.is_empty()).then_some(field),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for RowError {
    /// `row 17, column "Pay Rate" (rate): unknown rate unit "per fortnight"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.row)?;
        if let Some(c) = &self.column {
            write!(f, ", column {c:?}")?;
        }
        if let Some(field) = &self.field {
            write!(f, " ({field})")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why a bulk file cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum BulkError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot read the header row: {0}")]
    Header(String),
    #[error(
        "the mapping sends column {column:?} to {target:?}, which is not a {kind} field; \
         known fields: {known}"
    )]
    UnknownTarget {
        column: String,
        target: String,
        kind: EntityKind,
        known: String,
    },
    /// A job-board format was asked of the row reader; board files are read whole by
    /// [`crate::jobboard::parse_job_board`].
    #[error("{0} files are job-board postings, not rows: import them as requirements")]
    NotRows(super::kind::Format),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_row_column_and_field() {
        let e = RowError::field(
            17,
            Some("Pay Rate"),
            "rate",
            "unknown rate unit \"per fortnight\"",
        );
        assert_eq!(
            e.to_string(),
            r#"row 17, column "Pay Rate" (rate): unknown rate unit "per fortnight""#
        );
        assert_eq!(
            RowError::row(3, "has 4 fields but the header has 3").to_string(),
            "row 3: has 4 fields but the header has 3"
        );
        assert_eq!(
            RowError::field(2, None, "first_name", "is required").to_string(),
            "row 2 (first_name): is required"
        );
        assert_eq!(RowError::field(2, None, "", "x").field, None);
    }
}
