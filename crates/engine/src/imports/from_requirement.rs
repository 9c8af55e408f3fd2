//! A requirement from pasted text, an e-mail or a job description file: the input is
//! parsed, the original is kept (an `.eml` as `email` with each attachment as
//! `attachment`, a document as `job_description`, pasted text as a `job_description`
//! text file), and either a new requirement is made or the one it already is gets
//! brought up to date, then the files are linked to it.
//!
//! Which requirement an input is: the one whose `external_id` is the posting's identity
//! (its URL when the text links the posting, else a hash of company, title, location
//! and description; see `requirement_identity`), else the one this exact file (by
//! SHA-256) is already linked to. An update only fills gaps: what a person entered is
//! never overwritten, except by the caller's overrides.
//!
//! Client and end-client names stay the `client:NAME` tags the parse gives: no company
//! record is made or guessed from a name in an e-mail.

use bytes::Bytes;
use chrono::NaiveDate;
use hireloop_domain::entities::{Requirement, parse_entity};
use hireloop_domain::error::ValidationErrors;
use hireloop_ingest::document::{FileKind, sniff};
use hireloop_ingest::email::attached_files;
use hireloop_ingest::jobboard::{posting_url, requirement_identity};
use hireloop_store::{Document, Entity, LookupColumn, NewDocument, Record, Scope, StoreError};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::fill::{REQUIREMENT_LISTS, fill_gaps};
use super::from_resume::media_type;
use super::{Ingest, RequirementOutput};
use crate::records::{Kind, merge_patch, new_record};

/// How the requirement was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequirementMatch {
    /// Nothing on file matched: a new requirement.
    New,
    /// A requirement with the posting's identity as its external id.
    ExternalId,
    /// This exact file is already linked to the requirement.
    SameFile,
}

/// What `requirement_from_text` and `requirement_from_file` did.
#[derive(Debug, Clone)]
pub struct FromRequirement {
    pub requirement: Record,
    pub created: bool,
    /// Whether the record changed (always for a new one).
    pub changed: bool,
    pub matched_by: RequirementMatch,
    /// The files linked to the requirement by this call (the same file again is the
    /// same link).
    pub documents: Vec<Document>,
    pub output: RequirementOutput,
}

#[derive(Debug, thiserror::Error)]
pub enum FromRequirementError {
    /// The input could not be read as a requirement; the message names the file.
    #[error("{0}")]
    Unreadable(String),
    /// The requirement does not validate; messages name the input (a title that could
    /// not be read, most often).
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// The input is a requirement on file, and the caller may not update requirements.
    #[error("this is requirement {0}, already on file, and your role may not update requirements")]
    MayNotUpdate(Uuid),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The input as it came.
enum Original {
    Text(String),
    File { name: String, bytes: Vec<u8> },
}

impl Original {
    /// How messages name the input.
    fn shown(&self) -> String {
        match self {
            Original::Text(_) => "the text".into(),
            Original::File { name, .. } => name.clone(),
        }
    }
}

impl Ingest {
    /// Pasted text as a requirement (see the module comment). `overrides` is a JSON
    /// merge patch of fields set over the parse; without `may_update` an input that is a
    /// requirement on file is refused rather than written.
    pub async fn requirement_from_text(
        &self,
        scope: &Scope,
        text: String,
        overrides: Option<Value>,
        today: NaiveDate,
        may_update: bool,
    ) -> Result<FromRequirement, FromRequirementError> {
        let output = self.parse_requirement_text(text.clone(), today).await;
        self.keep_requirement(scope, output, Original::Text(text), overrides, may_update)
            .await
    }

    /// An `.eml` message or a job description document (PDF, DOCX, HTML, text) as a
    /// requirement (see the module comment). Errors name the file.
    pub async fn requirement_from_file(
        &self,
        scope: &Scope,
        bytes: Vec<u8>,
        name: String,
        overrides: Option<Value>,
        today: NaiveDate,
        may_update: bool,
    ) -> Result<FromRequirement, FromRequirementError> {
        let output = self
            .parse_requirement_file(bytes.clone(), name.clone(), today)
            .await
            .map_err(FromRequirementError::Unreadable)?;
        let original = Original::File { name, bytes };
        self.keep_requirement(scope, output, original, overrides, may_update)
            .await
    }

    async fn keep_requirement(
        &self,
        scope: &Scope,
        output: RequirementOutput,
        original: Original,
        overrides: Option<Value>,
        may_update: bool,
    ) -> Result<FromRequirement, FromRequirementError> {
        let shown = original.shown();
        let is_email = output.source.get("kind").and_then(Value::as_str) == Some("email");
        let (fields, identity) = requirement_fields(&output, &original, is_email);
        let mut fields = fields;
        if let Some(o) = &overrides {
            merge_patch(&mut fields, o);
        }
        let (main, attachments) = self.keep_files(&original, &output, is_email).await?;
        let external_id = fields
            .get("external_id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or(identity);
        let found = self
            .requirement_on_file(scope, &external_id, &main.sha256)
            .await?;
        let (requirement, created, changed, matched_by) = match found {
            Some((current, _)) if !may_update => {
                return Err(FromRequirementError::MayNotUpdate(current.id));
            }
            Some((current, how)) => {
                let mut doc: Value = serde_json::from_str(&current.data)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                fill_gaps(&mut doc, &fields, REQUIREMENT_LISTS);
                if let Some(o) = &overrides {
                    merge_patch(&mut doc, o);
                }
                let entity: Requirement = parse_entity(doc).map_err(|e| invalid(e, &shown))?;
                self.company_exists(scope, &entity, &shown).await?;
                let rec = new_record(current.id, &entity)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?;
                let saved = self
                    .store
                    .update(scope, Requirement::ENTITY, rec, Some(current.version))
                    .await?;
                let changed = saved.version != current.version;
                (saved, false, changed, how)
            }
            None => {
                let entity: Requirement = parse_entity(fields).map_err(|e| invalid(e, &shown))?;
                self.company_exists(scope, &entity, &shown).await?;
                let rec = new_record(Uuid::now_v7(), &entity)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?;
                let rec = self.store.create(scope, Requirement::ENTITY, rec).await?;
                (rec, true, true, RequirementMatch::New)
            }
        };
        let mut documents = Vec::with_capacity(1 + attachments.len());
        for doc in std::iter::once(main).chain(attachments) {
            let linked = self
                .store
                .add_document(
                    scope,
                    NewDocument {
                        entity_id: requirement.id,
                        ..doc
                    },
                )
                .await?;
            documents.push(linked);
        }
        Ok(FromRequirement {
            requirement,
            created,
            changed,
            matched_by,
            documents,
            output,
        })
    }

    /// A company the caller's overrides point at must be a live one in the tenant.
    async fn company_exists(
        &self,
        scope: &Scope,
        entity: &Requirement,
        shown: &str,
    ) -> Result<(), FromRequirementError> {
        let Some(company) = entity.company_ref() else {
            return Ok(());
        };
        let found = self
            .store
            .get(scope, Entity::Company, company.as_uuid())
            .await?;
        if found.is_none_or(|r| r.deleted_at.is_some()) {
            let errors = ValidationErrors::single(
                "company_id",
                format!("no company {company} in this tenant"),
            );
            return Err(invalid(errors, shown));
        }
        Ok(())
    }

    /// Stores the original and (for an e-mail) its attachments; returns their links,
    /// still to be pointed at the requirement.
    async fn keep_files(
        &self,
        original: &Original,
        output: &RequirementOutput,
        is_email: bool,
    ) -> Result<(NewDocument, Vec<NewDocument>), StoreError> {
        let link =
            |role: &str, name: String, media_type: &str, stored: hireloop_store::StoredFile| {
                NewDocument {
                    entity: Entity::Requirement,
                    entity_id: Uuid::nil(),
                    role: role.into(),
                    name,
                    media_type: media_type.into(),
                    sha256: stored.sha256,
                    size: stored.size,
                }
            };
        match original {
            Original::Text(text) => {
                let stored = self
                    .files
                    .put(Bytes::from(text.clone().into_bytes()))
                    .await?;
                let main = link(
                    "job_description",
                    "pasted-text.txt".into(),
                    FileKind::Text.media_type(),
                    stored,
                );
                Ok((main, Vec::new()))
            }
            Original::File { name, bytes } => {
                let stored = self.files.put(Bytes::from(bytes.clone())).await?;
                let name = Some(name.trim())
                    .filter(|n| !n.is_empty())
                    .unwrap_or("requirement")
                    .to_owned();
                if !is_email {
                    let kind = media_type(&output.source);
                    return Ok((link("job_description", name, kind, stored), Vec::new()));
                }
                let main = link("email", name, FileKind::Eml.media_type(), stored);
                let mut attachments = Vec::new();
                for a in attached_files(bytes) {
                    if a.bytes.is_empty() {
                        continue;
                    }
                    let kind = sniff(&a.bytes, Some(&a.name));
                    let stored = self.files.put(Bytes::from(a.bytes)).await?;
                    attachments.push(link("attachment", a.name, kind.media_type(), stored));
                }
                Ok((main, attachments))
            }
        }
    }

    /// The live requirement an input is, if any (see the module comment).
    async fn requirement_on_file(
        &self,
        scope: &Scope,
        external_id: &str,
        sha256: &str,
    ) -> Result<Option<(Record, RequirementMatch)>, StoreError> {
        let key = external_id.to_owned();
        let mut found = self
            .store
            .find_by(
                scope,
                Entity::Requirement,
                LookupColumn::ExternalId,
                std::slice::from_ref(&key),
            )
            .await?
            .remove(&key)
            .unwrap_or_default();
        // Ids are UUIDv7: the oldest record is the one first made from this posting.
        found.sort_by_key(|r| r.id);
        if let Some(rec) = found.into_iter().next() {
            return Ok(Some((rec, RequirementMatch::ExternalId)));
        }
        for doc in self
            .store
            .documents_with_sha(scope, Entity::Requirement, sha256)
            .await?
        {
            if let Some(rec) = self
                .store
                .get(scope, Entity::Requirement, doc.entity_id)
                .await?
                && rec.deleted_at.is_none()
            {
                return Ok(Some((rec, RequirementMatch::SameFile)));
            }
        }
        Ok(None)
    }
}

/// The fields a parse gives, with its identity as `external_id`, the posting's URL,
/// and where it came from as `source`; and that identity. Without a parsed title the
/// title is left out, so validation names it rather than a placeholder being stored.
fn requirement_fields(
    output: &RequirementOutput,
    original: &Original,
    is_email: bool,
) -> (Value, String) {
    let parse = &output.parse;
    let title = parse
        .title
        .as_ref()
        .map(|t| t.value.trim())
        .filter(|t| !t.is_empty());
    // The description, not the whole text: a signature's links are the vendor's own.
    let url = posting_url(&parse.description.value);
    let location = parse
        .location
        .as_ref()
        .and_then(|l| serde_json::to_string(&l.value).ok());
    let identity = requirement_identity(
        url.as_deref(),
        parse.client.as_ref().map(|c| c.value.as_str()),
        title.unwrap_or(""),
        location.as_deref(),
        &parse.description.value,
    );
    let mut fields = output.requirement.clone();
    if let Some(o) = fields.as_object_mut() {
        if title.is_none() {
            o.remove("title");
        }
        o.insert("external_id".into(), Value::String(identity.clone()));
        if let Some(u) = &url {
            o.entry("external_url")
                .or_insert_with(|| Value::String(u.clone()));
        }
        let source = match original {
            Original::Text(_) => "text",
            Original::File { .. } if is_email => "email",
            Original::File { .. } => "job_description",
        };
        o.entry("source")
            .or_insert_with(|| Value::String(source.into()));
    }
    (fields, identity)
}

/// Validation errors whose messages say which input they are about; a missing title
/// says how to give one.
fn invalid(mut errors: ValidationErrors, shown: &str) -> FromRequirementError {
    for e in &mut errors.0 {
        e.message = if e.path == "title" && e.message.contains("required") {
            format!(
                "{}: no job title could be read from {shown}; send one in the overrides, \
                 e.g. {{\"title\": \"Java Developer\"}}",
                e.message
            )
        } else {
            format!("{} (in {shown})", e.message)
        };
    }
    FromRequirementError::Invalid(errors)
}
