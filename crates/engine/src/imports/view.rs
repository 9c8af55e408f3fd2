//! How an import looks from outside: its job's state read as an import.

use hireloop_store::{Job, JobStatus, StoreError, micros_to_rfc3339};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Counts an import keeps as it goes; also the job's stored progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Progress {
    /// Rows read so far (good and bad).
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    /// Rows whose record (matched by external id) already held the same data.
    pub unchanged: u64,
    /// Rows refused, each with its reasons in the error report.
    pub failed: u64,
    /// Suggested merges recorded for people who look like someone already known.
    pub duplicates: u64,
    pub bytes_read: u64,
    pub bytes_total: u64,
    /// The last row whose batch is committed: a retried attempt resumes after it.
    pub committed_row: u64,
    /// Whether the import runs as a bulk load: on SQLite, a large import builds the
    /// table's name, e-mail, phone and external-id indexes once at the end.
    pub bulk: bool,
}

/// An import as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ImportView {
    pub id: String,
    /// `queued`, `running`, `succeeded` or `failed`.
    pub status: String,
    /// candidates, requirements, companies or contacts.
    pub kind: String,
    pub file: FileInfo,
    pub progress: Progress,
    /// Percentage of the file read, 0 to 100.
    pub percent: u8,
    /// What the import found about the file: encoding, format, column mapping.
    #[schema(value_type = Option<Object>)]
    pub result: Option<Value>,
    pub error: Option<String>,
    pub attempts: u32,
    pub created_at: String,
    pub updated_at: String,
    pub finished_at: Option<String>,
    pub created_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FileInfo {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

impl ImportView {
    pub fn from_job(job: &Job) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("import job {}: {what}", job.id));
        let progress: Progress =
            serde_json::from_value(job.progress.clone()).map_err(|e| corrupt(&e.to_string()))?;
        let file = &job.payload["file"];
        let percent = if job.status == JobStatus::Succeeded {
            100
        } else {
            (progress.bytes_read.min(progress.bytes_total) * 100)
                .checked_div(progress.bytes_total)
                .map_or(0, |p| u8::try_from(p).unwrap_or(100))
        };
        Ok(ImportView {
            id: job.id.to_string(),
            status: job.status.as_str().to_owned(),
            kind: job.payload["kind"]
                .as_str()
                .ok_or_else(|| corrupt("kind"))?
                .to_owned(),
            file: FileInfo {
                name: file["name"].as_str().unwrap_or_default().to_owned(),
                sha256: file["sha256"]
                    .as_str()
                    .ok_or_else(|| corrupt("file"))?
                    .to_owned(),
                size: file["size"].as_u64().unwrap_or_default(),
            },
            progress,
            percent,
            result: job.result.clone(),
            error: job.last_error.clone(),
            attempts: job.attempts,
            created_at: micros_to_rfc3339(job.created_at),
            updated_at: micros_to_rfc3339(job.updated_at),
            finished_at: job.finished_at.map(micros_to_rfc3339),
            created_by: job.created_by.clone(),
        })
    }
}
