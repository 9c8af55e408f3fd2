//! Hireloop's system of record: one tenant-scoped API over SQLite (embedded default) or
//! PostgreSQL (server mode), with revisions, a change log and a hash-chained audit trail
//! written in the same transaction as every mutation.

mod activities;
mod audit;
mod backend;
mod bulk;
mod changes;
mod deferred;
mod diff;
mod documents;
mod duplicates;
mod error;
mod files;
mod idempotency;
mod jobs;
mod matching;
mod migrate;
mod pipeline;
mod records;
mod reviews;
mod scope;
mod tenants;
#[cfg(feature = "testing")]
pub mod testing;
mod time;

pub use activities::{ACTIVITY_ENTITIES, ACTIVITY_KINDS, Activity, Blacklisting, NewActivity};
pub use audit::{AuditEntry, AuditFilter, ChainReport};
pub use backend::{Backend, Store, StoreOptions};
pub use changes::Change;
pub use diff::json_diff;
pub use documents::{Document, NewDocument};
pub use duplicates::{Duplicate, NewDuplicate};
pub use error::StoreError;
pub use files::{Files, StoredFile};
pub use hireloop_domain::auth::Role;
pub use idempotency::{IDEMPOTENCY_STUCK_MICROS, IDEMPOTENCY_TTL_MICROS, StoredResponse};
pub use jobs::{Job, JobRowError, JobStatus, NewJob, backoff_micros};
pub use matching::{MatchRun, NewMatchRun, Setting};
pub use pipeline::{NewSubmission, Outcome, Submission, SubmissionEvent, SubmissionQuery};
pub use records::{
    Entity, Filter, FilterColumn, Imported, IndexFields, ListQuery, LookupColumn, MergeRequest,
    Merged, NewRecord, Page, Record, RenderedRecord, Revision, SortField, Visibility,
};
pub use reviews::{NewReview, REVIEW_STATUSES, Review, ReviewQuery};
pub use scope::{Actor, Scope};
pub use tenants::{CreatedKey, Principal};
pub use time::{micros_to_rfc3339, now_micros};
