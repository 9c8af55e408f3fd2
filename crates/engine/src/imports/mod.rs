//! Bulk imports as durable background jobs: a file is stored content-addressed, a job
//! is queued (the same file and mapping twice is one job), and a worker streams it into
//! records, batch by batch, upserting by external id, keeping every good row, reporting
//! every bad one, and suggesting (never making) merges of duplicate people.

mod batch;
mod board;
mod bulk_load;
mod check;
pub mod extract;
pub(crate) mod fill;
mod from_requirement;
mod from_resume;
mod memory;
pub mod places;
mod requirement;
mod resume;
mod run;
mod spent;
mod view;
pub mod worker;

use std::sync::Arc;

use chrono::NaiveDate;
use hireloop_domain::ids::JobId;
use hireloop_ingest::bulk::{self, BulkError, EntityKind, Format, Mapping, ReadOptions};
use hireloop_ingest::places::Gazetteer;
use hireloop_ingest::skills::Taxonomy;
use hireloop_store::{Files, JobRowError, NewJob, Scope, Store, StoreError, StoredFile};
use serde_json::json;
use sha2::{Digest, Sha256};

pub use from_requirement::{FromRequirement, FromRequirementError, RequirementMatch};
pub use from_resume::{FromResume, FromResumeError, MatchedBy, ResumeIntake};
pub use requirement::RequirementOutput;
pub use resume::ResumeOutput;
pub use view::{ImportView, Progress};

/// The job kind imports run under.
pub const IMPORT_JOB: &str = "import";

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("import not found")]
    NotFound,
    /// The import is not in a state that allows this (retrying one that did not fail).
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub kind: EntityKind,
    pub file: StoredFile,
    /// The file's name as uploaded (shown back; never trusted for the format).
    pub name: String,
    /// An explicit column mapping (JSON or TOML), checked before the job is queued.
    pub mapping: Option<String>,
    pub format: Option<Format>,
    /// What "ASAP" means in date cells.
    pub today: NaiveDate,
}

/// Ingestion use cases: imports now, resumes and requirements from text next.
#[derive(Debug, Clone)]
pub struct Ingest {
    pub(crate) store: Store,
    pub(crate) files: Files,
    pub(crate) taxonomy: Arc<Taxonomy>,
    /// Completes parsed locations (country, map point, time zone) when present.
    pub(crate) places: Option<Arc<Gazetteer>>,
    /// Rows an import must be expected to bring to run as a bulk load.
    pub(crate) bulk_min_rows: u64,
    /// When present, a single resume's or requirement's skills are checked by the skill
    /// classifier (see `crate::skills`); bulk imports never are.
    pub(crate) embedders: Option<crate::embeddings::Embedders>,
}

impl Ingest {
    pub fn new(store: Store, files: Files, taxonomy: Arc<Taxonomy>) -> Self {
        Self {
            store,
            files,
            taxonomy,
            places: None,
            bulk_min_rows: bulk_load::BULK_MIN_ROWS,
            embedders: None,
        }
    }

    /// The same service checking single parses' skills with the skill classifier.
    pub fn with_skill_classifier(mut self, embedders: crate::embeddings::Embedders) -> Self {
        self.embedders = Some(embedders);
        self
    }

    /// Checks the skills of a single parse of `text` when the classifier is configured:
    /// drops from `lists` the skills it rejects everywhere (blocking).
    pub(crate) fn check_skills<T>(
        embedders: Option<&crate::embeddings::Embedders>,
        taxonomy: &Arc<Taxonomy>,
        text: &str,
        lists: &mut [&mut Vec<T>],
        value: impl Fn(&T) -> &str,
    ) -> crate::skills::SkillCheck {
        let unchecked = crate::skills::SkillCheck {
            by: "taxonomy",
            rejected: Vec::new(),
        };
        let Some(e) = embedders else {
            return unchecked;
        };
        let checked = e
            .precise_skills(taxonomy.clone())
            .map_err(|e| e.to_string())
            .and_then(|p| p.filter(text, lists, value).map_err(|e| e.to_string()));
        match checked {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "skills kept unchecked: the skill classifier is unavailable");
                unchecked
            }
        }
    }

    /// Imports expected to bring at least `rows` rows run as bulk loads (on SQLite:
    /// indexes built at the end, lookups in memory). The default is
    /// 50,000; tests lower it to run small files the way large ones run.
    pub fn with_bulk_min_rows(mut self, rows: u64) -> Self {
        self.bulk_min_rows = rows;
        self
    }

    /// The same service completing locations through `places`.
    pub fn with_places(mut self, places: Arc<Gazetteer>) -> Self {
        self.places = Some(places);
        self
    }

    pub fn places(&self) -> Option<&Arc<Gazetteer>> {
        self.places.as_ref()
    }

    pub fn files(&self) -> &Files {
        &self.files
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Queues an import. Returns the job and whether it is new: the same file with the
    /// same kind and mapping again is the earlier import (a failed one is queued again).
    pub async fn start_import(
        &self,
        scope: &Scope,
        req: ImportRequest,
    ) -> Result<(ImportView, bool), ImportError> {
        if let Some(f) = req.format.filter(|f| f.board().is_some()) {
            if req.kind != EntityKind::Requirements {
                return Err(ImportError::Invalid {
                    field: "format",
                    message: format!(
                        "{f} files hold job postings: import them with kind requirements, not {}",
                        req.kind
                    ),
                });
            }
            if req.mapping.is_some() {
                return Err(ImportError::Invalid {
                    field: "mapping",
                    message: format!("{f} files have no columns to map; leave the mapping out"),
                });
            }
        }
        if let Some(m) = &req.mapping {
            let mapping = Mapping::parse(m).map_err(|e| ImportError::Invalid {
                field: "mapping",
                message: e.to_string(),
            })?;
            // Targets are checked against the kind before any byte is read; an empty
            // input then fails for want of a header, which says nothing about the mapping.
            let options = ReadOptions {
                mapping: Some(mapping),
                ..ReadOptions::default()
            };
            if let Err(e @ BulkError::UnknownTarget { .. }) =
                bulk::read(std::io::empty(), req.kind, options)
            {
                return Err(ImportError::Invalid {
                    field: "mapping",
                    message: e.to_string(),
                });
            }
        }
        let mapping_digest = req
            .mapping
            .as_deref()
            .map(|m| hex::encode(&Sha256::digest(m.as_bytes())[..8]))
            .unwrap_or_default();
        let key = format!(
            "import:{}:{}:{}:{}",
            req.kind.as_str(),
            req.file.sha256,
            mapping_digest,
            req.format.map(|f| f.to_string()).unwrap_or_default()
        );
        let payload = json!({
            "kind": req.kind.as_str(),
            "file": {"name": req.name, "sha256": req.file.sha256, "size": req.file.size},
            "mapping": req.mapping,
            "format": req.format.map(|f| f.to_string()),
            "today": req.today.to_string(),
        });
        let (job, created) = self
            .store
            .enqueue_job(
                scope,
                NewJob {
                    kind: IMPORT_JOB.into(),
                    payload,
                    max_attempts: 5,
                    dedupe_key: Some(key),
                },
            )
            .await?;
        Ok((ImportView::from_job(&job)?, created))
    }

    pub async fn import(&self, scope: &Scope, id: JobId) -> Result<ImportView, ImportError> {
        match self.store.job(scope, id).await? {
            Some(job) if job.kind == IMPORT_JOB => Ok(ImportView::from_job(&job)?),
            _ => Err(ImportError::NotFound),
        }
    }

    pub async fn imports(&self, scope: &Scope, limit: u32) -> Result<Vec<ImportView>, ImportError> {
        let jobs = self.store.list_jobs(scope, IMPORT_JOB, limit).await?;
        Ok(jobs
            .iter()
            .map(ImportView::from_job)
            .collect::<Result<_, _>>()?)
    }

    /// The import's row errors after sequence number `after`.
    pub async fn import_errors(
        &self,
        scope: &Scope,
        id: JobId,
        after: i64,
        limit: u32,
    ) -> Result<Vec<(i64, JobRowError)>, ImportError> {
        self.import(scope, id).await?;
        Ok(self.store.job_errors(scope, id, after, limit).await?)
    }

    /// Queues a failed import again with the same file and settings.
    pub async fn retry_import(&self, scope: &Scope, id: JobId) -> Result<ImportView, ImportError> {
        self.import(scope, id).await?;
        let job = self.store.retry_job(scope, id).await.map_err(|e| match e {
            StoreError::Conflict(m) => ImportError::Conflict(m.replace("job", "import")),
            other => ImportError::Store(other),
        })?;
        Ok(ImportView::from_job(&job)?)
    }
}
