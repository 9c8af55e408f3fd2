//! Merging duplicate people: a suggested pair (or any two records a person picks) becomes
//! one record. The survivor keeps its own values, fills its gaps from the other record,
//! gains the other's list entries (skills, jobs, qualifications), and takes any field
//! the caller sets explicitly; the other record is closed, its files move over, and its
//! history stays readable through the survivor's.

use hireloop_domain::ValidationErrors;
use hireloop_domain::entities::{Candidate, Contact, parse_entity};
use hireloop_store::{Duplicate, Entity, MergeRequest, Merged, Record, Scope, StoreError};
use serde_json::Value;
use uuid::Uuid;

use crate::imports::fill::{CANDIDATE_LISTS, CONTACT_LISTS, fill_gaps};
use crate::records::{Kind, RecordError, Records, Result, merge_patch, new_record};

/// How to merge two records.
#[derive(Debug, Clone, Default)]
pub struct MergeChoice {
    /// Fields set on the survivor over both records (a JSON merge patch).
    pub fields: Option<Value>,
    /// The survivor's version the caller saw.
    pub survivor_version: Option<i64>,
}

/// Entities whose duplicates can be merged: people.
fn mergeable(entity: Entity) -> bool {
    matches!(entity, Entity::Candidate | Entity::Contact)
}

impl Records {
    /// Merges `other` into `survivor` (see the module comment).
    pub async fn merge<E: Kind>(
        &self,
        scope: &Scope,
        survivor: Uuid,
        other: Uuid,
        choice: &MergeChoice,
    ) -> Result<Merged> {
        self.merge_inner::<E>(scope, survivor, other, choice, None)
            .await
    }

    async fn merge_inner<E: Kind>(
        &self,
        scope: &Scope,
        survivor: Uuid,
        other: Uuid,
        choice: &MergeChoice,
        suggestion: Option<Uuid>,
    ) -> Result<Merged> {
        if !mergeable(E::ENTITY) {
            return Err(RecordError::Invalid(format!(
                "{} records cannot be merged; only candidates and contacts",
                E::KIND
            )));
        }
        if survivor == other {
            return Err(
                ValidationErrors::single("from", "a record cannot be merged into itself").into(),
            );
        }
        if let Some(f) = &choice.fields
            && !f.is_object()
        {
            return Err(
                ValidationErrors::single("fields", "must be a JSON object of fields").into(),
            );
        }
        let keep = self.get::<E>(scope, survivor, false).await?;
        if choice.survivor_version.is_some_and(|v| v != keep.version) {
            return Err(RecordError::VersionConflict {
                current: keep.version,
            });
        }
        let gone = self.get::<E>(scope, other, false).await?;
        let lists = if E::ENTITY == Entity::Candidate {
            CANDIDATE_LISTS
        } else {
            CONTACT_LISTS
        };
        let body = merged_body(&keep, &gone, choice.fields.as_ref(), lists)?;
        let entity: E = parse_entity(body)?;
        let rec = new_record(survivor, &entity)?;
        Ok(self
            .store()
            .merge_records(
                scope,
                MergeRequest {
                    entity: E::ENTITY,
                    survivor: rec,
                    survivor_version: Some(keep.version),
                    merged: other,
                    merged_version: Some(gone.version),
                    suggestion,
                },
            )
            .await?)
    }

    /// Acts on a suggested merge: `keep` picks the survivor (either side; by default
    /// the record that was on file first).
    pub async fn merge_suggestion(
        &self,
        scope: &Scope,
        suggestion: Uuid,
        keep: Option<Uuid>,
        choice: &MergeChoice,
    ) -> Result<(Duplicate, Merged)> {
        let dup = self
            .store()
            .duplicate(scope, suggestion)
            .await?
            .ok_or(RecordError::NotFound)?;
        if dup.status != "open" {
            return Err(RecordError::Refused(format!(
                "the suggestion is already {}",
                dup.status
            )));
        }
        let (survivor, other) = match keep {
            None => (dup.a.min(dup.b), dup.a.max(dup.b)),
            Some(k) if k == dup.a => (dup.a, dup.b),
            Some(k) if k == dup.b => (dup.b, dup.a),
            Some(k) => {
                return Err(ValidationErrors::single(
                    "keep",
                    format!(
                        "{k} is neither side of this suggestion ({} or {})",
                        dup.a, dup.b
                    ),
                )
                .into());
            }
        };
        let merged = match dup.entity {
            Entity::Candidate => {
                self.merge_inner::<Candidate>(scope, survivor, other, choice, Some(suggestion))
                    .await?
            }
            Entity::Contact => {
                self.merge_inner::<Contact>(scope, survivor, other, choice, Some(suggestion))
                    .await?
            }
            other => {
                return Err(RecordError::Invalid(format!(
                    "{} records cannot be merged",
                    other.name()
                )));
            }
        };
        let dup = self
            .store()
            .duplicate(scope, suggestion)
            .await?
            .ok_or(RecordError::NotFound)?;
        Ok((dup, merged))
    }

    /// Closes a suggestion as not the same person.
    pub async fn dismiss_suggestion(&self, scope: &Scope, suggestion: Uuid) -> Result<Duplicate> {
        let dup = self
            .store()
            .duplicate(scope, suggestion)
            .await?
            .ok_or(RecordError::NotFound)?;
        if dup.status != "open" {
            return Err(RecordError::Refused(format!(
                "the suggestion is already {}",
                dup.status
            )));
        }
        Ok(self
            .store()
            .resolve_duplicate(scope, suggestion, "dismissed")
            .await?)
    }
}

/// The survivor's body after the merge.
fn merged_body(
    keep: &Record,
    gone: &Record,
    fields: Option<&Value>,
    lists: &[&[&str]],
) -> Result<Value> {
    let parse = |r: &Record| -> Result<Value> {
        serde_json::from_str(&r.data)
            .map_err(|e| RecordError::Store(StoreError::Corrupt(e.to_string())))
    };
    let mut body = parse(keep)?;
    fill_gaps(&mut body, &parse(gone)?, lists);
    if let Some(f) = fields {
        merge_patch(&mut body, f);
    }
    Ok(body)
}
