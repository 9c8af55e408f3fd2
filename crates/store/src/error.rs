//! What can go wrong in the store, in terms the layers above can act on.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The caller's expected version is stale; `current` is the row's version now.
    #[error("version conflict: current version is {current}")]
    VersionConflict { current: i64 },
    /// A uniqueness or reference constraint refused the write.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub(crate) fn from_db(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation => {
                    return StoreError::Conflict(db.message().to_string());
                }
                sqlx::error::ErrorKind::ForeignKeyViolation => {
                    return StoreError::Conflict(db.message().to_string());
                }
                _ => {}
            }
        }
        StoreError::Database(e)
    }
}

pub(crate) type Result<T, E = StoreError> = std::result::Result<T, E>;
