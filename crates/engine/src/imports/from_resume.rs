//! A candidate from a resume: the file is read and kept, then either a new candidate is
//! made or the one the resume belongs to is brought up to date, and the file is linked
//! to that candidate.
//!
//! Which candidate a resume belongs to, in order: the one named by the caller; the one
//! this exact file (by SHA-256) is already linked to; the only live candidate with the
//! resume's e-mail address; the only one with its phone number and name. Anything
//! weaker (the same name in the same city with a similar profile) is not enough to
//! write into someone's record: a new candidate is made and the pair is suggested as a
//! merge for a person to decide, as bulk imports do.

use bytes::Bytes;
use chrono::NaiveDate;
use hireloop_domain::entities::{Candidate, parse_entity};
use hireloop_domain::error::ValidationErrors;
use hireloop_ingest::dedupe;
use hireloop_ingest::document::{DocumentError, FileKind};
use hireloop_ingest::resume::REVIEW_THRESHOLD;
use hireloop_store::{
    Document, Entity, LookupColumn, NewDocument, Record, Scope, StoreError, StoredFile,
};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::batch::suggest_duplicates;
use super::fill::{CANDIDATE_LISTS, fill_gaps};
use super::{Ingest, ResumeOutput};
use crate::records::{Kind, merge_patch, new_record};

/// What to do with a resume.
#[derive(Debug, Clone)]
pub struct ResumeIntake {
    pub bytes: Vec<u8>,
    /// The name it was uploaded under (shown back; never trusted for the format).
    pub name: Option<String>,
    /// Update this candidate rather than finding one.
    pub candidate_id: Option<Uuid>,
    /// Fields the caller sets over the parse (a corrected name, a source), as a JSON
    /// merge patch onto the candidate.
    pub overrides: Option<Value>,
    /// Whether the caller may change a candidate on file; when not, a resume that
    /// belongs to one is refused rather than written.
    pub may_update: bool,
    pub today: NaiveDate,
}

/// How the candidate was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// No one on file matched: a new candidate.
    New,
    /// The caller named the candidate.
    Requested,
    /// This exact file is already linked to the candidate.
    SameFile,
    Email,
    PhoneAndName,
}

/// What `candidate_from_resume` did.
#[derive(Debug, Clone)]
pub struct FromResume {
    pub candidate: Record,
    pub created: bool,
    /// Whether an existing candidate's fields changed.
    pub changed: bool,
    pub matched_by: MatchedBy,
    pub document: Document,
    pub resume: ResumeOutput,
    /// Merges suggested for a new candidate who looks like someone on file.
    pub suggested_merges: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum FromResumeError {
    /// The file is not a resume we can read (the message names the file and why).
    #[error(transparent)]
    Unreadable(#[from] DocumentError),
    #[error("candidate {0} not found")]
    NotFound(Uuid),
    /// The resume belongs to a candidate on file, and the caller may not update them.
    #[error("this resume belongs to candidate {0}, and your role may not update candidates")]
    MayNotUpdate(Uuid),
    /// The candidate the fields make does not validate (a missing name, most often).
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Ingest {
    /// Reads a resume, keeps the file, and creates or updates the candidate it belongs
    /// to (see the module comment).
    pub async fn candidate_from_resume(
        &self,
        scope: &Scope,
        intake: ResumeIntake,
    ) -> Result<FromResume, FromResumeError> {
        let resume = self
            .parse_resume_file(intake.bytes.clone(), intake.name.clone(), intake.today)
            .await?;
        let stored = self.files.put(Bytes::from(intake.bytes)).await?;
        let mut fields = resume.candidate.clone();
        if let Some(o) = &intake.overrides {
            merge_patch(&mut fields, o);
        }
        let found = match intake.candidate_id {
            Some(id) => {
                let rec = self
                    .store
                    .get(scope, Entity::Candidate, id)
                    .await?
                    .filter(|r| r.deleted_at.is_none())
                    .ok_or(FromResumeError::NotFound(id))?;
                Some((rec, MatchedBy::Requested))
            }
            None => self.owner_of(scope, &stored, &fields).await?,
        };
        let (candidate, created, changed, matched_by) = match found {
            Some((current, _)) if !intake.may_update => {
                return Err(FromResumeError::MayNotUpdate(current.id));
            }
            Some((current, how)) => {
                let (rec, changed) = self
                    .refresh(scope, &current, &fields, intake.overrides.as_ref())
                    .await?;
                (rec, false, changed, how)
            }
            None => {
                // A new record under a name we are unsure of would be hard to find
                // again: the caller confirms it.
                let named_by_caller = intake.overrides.as_ref().is_some_and(|o| {
                    ["first_name", "last_name"].iter().any(|k| {
                        o.get(*k)
                            .and_then(Value::as_str)
                            .is_some_and(|v| !v.trim().is_empty())
                    })
                });
                if let Some(name) = &resume.parse.name
                    && name.confidence < REVIEW_THRESHOLD
                    && !named_by_caller
                {
                    return Err(FromResumeError::Invalid(ValidationErrors::single(
                        "first_name",
                        format!(
                            "the name read, \"{}\", is doubtful (confidence {:.2}); confirm it",
                            name.value, name.confidence
                        ),
                    )));
                }
                if let Some(o) = fields.as_object_mut() {
                    o.entry("source").or_insert_with(|| "resume".into());
                }
                let entity: Candidate = parse_entity(fields).map_err(FromResumeError::Invalid)?;
                let id = Uuid::now_v7();
                let rec =
                    new_record(id, &entity).map_err(|e| StoreError::Invalid(e.to_string()))?;
                let rec = self.store.create(scope, Entity::Candidate, rec).await?;
                (rec, true, true, MatchedBy::New)
            }
        };
        let document = self
            .store
            .add_document(
                scope,
                NewDocument {
                    entity: Entity::Candidate,
                    entity_id: candidate.id,
                    role: "resume".into(),
                    name: intake
                        .name
                        .clone()
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| "resume".into()),
                    media_type: media_type(&resume.document).into(),
                    sha256: stored.sha256.clone(),
                    size: stored.size,
                },
            )
            .await?;
        let suggested_merges = if created {
            let entity: Candidate = serde_json::from_str::<Value>(&candidate.data)
                .ok()
                .and_then(|v| parse_entity(v).ok())
                .ok_or_else(|| StoreError::Corrupt("a candidate just stored".into()))?;
            suggest_duplicates(self, scope, &[(candidate.id, entity)]).await?
        } else {
            0
        };
        Ok(FromResume {
            candidate,
            created,
            changed,
            matched_by,
            document,
            resume,
            suggested_merges,
        })
    }

    /// The candidate a resume surely belongs to, if any.
    async fn owner_of(
        &self,
        scope: &Scope,
        stored: &StoredFile,
        fields: &Value,
    ) -> Result<Option<(Record, MatchedBy)>, StoreError> {
        for doc in self
            .store
            .documents_with_sha(scope, Entity::Candidate, &stored.sha256)
            .await?
        {
            if let Some(rec) = self
                .store
                .get(scope, Entity::Candidate, doc.entity_id)
                .await?
                && rec.deleted_at.is_none()
            {
                return Ok(Some((rec, MatchedBy::SameFile)));
            }
        }
        let text = |k: &str| fields.get(k).and_then(Value::as_str).map(str::to_owned);
        if let Some(email) = text("email").as_deref().and_then(dedupe::email_key)
            && let Some(rec) = self.only(scope, LookupColumn::Email, email).await?
        {
            return Ok(Some((rec, MatchedBy::Email)));
        }
        let name = [text("first_name"), text("last_name")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(phone) = text("phone")
            && let Some(key) = dedupe::name_key(&name)
            && let Some(rec) = self.only(scope, LookupColumn::Phone, phone).await?
            && person_name(&rec).as_deref().and_then(dedupe::name_key) == Some(key)
        {
            return Ok(Some((rec, MatchedBy::PhoneAndName)));
        }
        Ok(None)
    }

    /// The one live candidate with `value` in `column`; none when zero or several.
    async fn only(
        &self,
        scope: &Scope,
        column: LookupColumn,
        value: String,
    ) -> Result<Option<Record>, StoreError> {
        let mut found = self
            .store
            .find_by(
                scope,
                Entity::Candidate,
                column,
                std::slice::from_ref(&value),
            )
            .await?
            .remove(&value)
            .unwrap_or_default();
        Ok(if found.len() == 1 { found.pop() } else { None })
    }

    /// Brings a candidate up to date from a resume: fields the record lacks are filled,
    /// skills, jobs, qualifications and certifications it does not list are added, and
    /// nothing a person entered is overwritten, except by the caller's `overrides`.
    async fn refresh(
        &self,
        scope: &Scope,
        current: &Record,
        parsed: &Value,
        overrides: Option<&Value>,
    ) -> Result<(Record, bool), FromResumeError> {
        let mut doc: Value =
            serde_json::from_str(&current.data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        fill_gaps(&mut doc, parsed, CANDIDATE_LISTS);
        if let Some(o) = overrides {
            merge_patch(&mut doc, o);
        }
        let entity: Candidate = parse_entity(doc).map_err(FromResumeError::Invalid)?;
        let rec =
            new_record(current.id, &entity).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let saved = self
            .store
            .update(scope, Candidate::ENTITY, rec, Some(current.version))
            .await?;
        let changed = saved.version != current.version;
        Ok((saved, changed))
    }
}

fn person_name(rec: &Record) -> Option<String> {
    let v: Value = serde_json::from_str(&rec.data).ok()?;
    let part = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Some(
        format!("{} {}", part("first_name"), part("last_name"))
            .trim()
            .to_owned(),
    )
}

/// The media type of a read document, by the kind the reader sniffed.
pub(crate) fn media_type(document: &Value) -> &'static str {
    document
        .get("kind")
        .cloned()
        .and_then(|k| serde_json::from_value::<FileKind>(k).ok())
        .unwrap_or(FileKind::Binary)
        .media_type()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn document_kinds_have_media_types() {
        assert_eq!(media_type(&json!({"kind": "pdf"})), "application/pdf");
        assert_eq!(media_type(&json!({})), "application/octet-stream");
    }
}
