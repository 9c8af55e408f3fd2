//! Keeping records: validate input into domain entities, apply JSON merge patches,
//! check references, and persist through the store with versions and history.

use hireloop_domain::entities::{
    Candidate, Company, Contact, EntityRules, Requirement, parse_entity,
};
use hireloop_domain::ids::CompanyId;
use hireloop_domain::{FieldError, ValidationErrors};
use hireloop_store::{
    Entity, IndexFields, ListQuery, NewRecord, Page, Record, Revision, Scope, Store, StoreError,
};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Why a record operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("invalid input: {0}")]
    Validation(ValidationErrors),
    #[error("not found")]
    NotFound,
    #[error("version conflict: current version is {current}")]
    VersionConflict { current: i64 },
    #[error("conflict: {0}")]
    Conflict(String),
    /// The record's state does not allow this; the message is for the user.
    #[error("{0}")]
    Refused(String),
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error("store failure")]
    Store(#[source] StoreError),
}

impl From<StoreError> for RecordError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => RecordError::NotFound,
            StoreError::VersionConflict { current } => RecordError::VersionConflict { current },
            StoreError::Conflict(m) => RecordError::Conflict(m),
            StoreError::Invalid(m) => RecordError::Invalid(m),
            other => RecordError::Store(other),
        }
    }
}

impl From<ValidationErrors> for RecordError {
    fn from(e: ValidationErrors) -> Self {
        RecordError::Validation(e)
    }
}

pub type Result<T, E = RecordError> = std::result::Result<T, E>;

/// An entity kind the engine keeps: how it maps to the store.
pub trait Kind: EntityRules {
    const ENTITY: Entity;

    /// The columns lists filter and sort on.
    fn index(&self) -> IndexFields;

    /// The company this record points at, if any, which must exist in the tenant.
    fn company_ref(&self) -> Option<CompanyId> {
        None
    }
}

fn lower_opt(s: Option<&str>) -> Option<String> {
    s.map(|s| s.to_lowercase())
}

fn location_fields(l: Option<&hireloop_domain::values::Location>, i: &mut IndexFields) {
    if let Some(l) = l {
        i.city = lower_opt(l.city());
        i.region = lower_opt(l.region());
        i.country = l.country().map(|c| c.as_str().to_lowercase());
    }
}

impl Kind for Candidate {
    const ENTITY: Entity = Entity::Candidate;

    fn index(&self) -> IndexFields {
        let mut i = IndexFields {
            label: self.label(),
            search: self.search_text(),
            status: Some(self.status.as_str().into()),
            kind: Some(self.work_authorization.as_str().into()),
            email: self.email.as_ref().map(|e| e.as_str().into()),
            phone: self.phone.as_ref().map(|p| p.as_str().into()),
            external_id: self.external_id.clone(),
            remote: self.remote_preference.map(|r| r.as_str().into()),
            skills: self.skills.iter().map(|s| s.name().key()).collect(),
            ..Default::default()
        };
        location_fields(self.location.as_ref(), &mut i);
        i
    }
}

impl Kind for Company {
    const ENTITY: Entity = Entity::Company;

    fn index(&self) -> IndexFields {
        let mut i = IndexFields {
            label: self.label(),
            search: self.search_text(),
            status: Some(self.status.as_str().into()),
            kind: Some(self.kind.as_str().into()),
            external_id: self.external_id.clone(),
            ..Default::default()
        };
        location_fields(self.location.as_ref(), &mut i);
        i
    }
}

impl Kind for Contact {
    const ENTITY: Entity = Entity::Contact;

    fn index(&self) -> IndexFields {
        let mut i = IndexFields {
            label: self.label(),
            search: self.search_text(),
            ref_id: self.company_id.map(|c| c.to_string()),
            email: self.email.as_ref().map(|e| e.as_str().into()),
            phone: self.phone.as_ref().map(|p| p.as_str().into()),
            external_id: self.external_id.clone(),
            ..Default::default()
        };
        location_fields(self.location.as_ref(), &mut i);
        i
    }

    fn company_ref(&self) -> Option<CompanyId> {
        self.company_id
    }
}

impl Kind for Requirement {
    const ENTITY: Entity = Entity::Requirement;

    fn index(&self) -> IndexFields {
        let mut i = IndexFields {
            label: self.label(),
            search: self.search_text(),
            status: Some(self.status.as_str().into()),
            kind: self.employment_type.map(|e| e.as_str().into()),
            ref_id: self.company_id.map(|c| c.to_string()),
            external_id: self.external_id.clone(),
            remote: self.remote_mode.map(|r| r.as_str().into()),
            skills: self
                .required_skills
                .iter()
                .chain(&self.preferred_skills)
                .map(|s| s.name().key())
                .collect(),
            ..Default::default()
        };
        location_fields(self.location.as_ref(), &mut i);
        i
    }

    fn company_ref(&self) -> Option<CompanyId> {
        self.company_id
    }
}

/// RFC 7396 JSON merge patch: objects merge recursively, `null` removes a member, any
/// other value replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            if let Value::Object(t) = target {
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(k);
                    } else {
                        merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// The record service the API and CLI use.
#[derive(Debug, Clone)]
pub struct Records {
    store: Store,
}

impl Records {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Validates `body` and creates the record.
    pub async fn create<E: Kind>(&self, scope: &Scope, body: Value) -> Result<Record> {
        if !body.is_object() {
            return Err(ValidationErrors::single("", "the body must be a JSON object").into());
        }
        let entity: E = parse_entity(body)?;
        self.check_refs(scope, &entity).await?;
        let rec = new_record(Uuid::now_v7(), &entity)?;
        Ok(self.store.create(scope, E::ENTITY, rec).await?)
    }

    /// Validates and creates many records in one transaction (demo loads and bulk
    /// imports). The first invalid entity fails the whole batch, naming its index.
    pub async fn create_entities<E: Kind>(&self, scope: &Scope, entities: Vec<E>) -> Result<usize> {
        self.create_with_ids(
            scope,
            entities.into_iter().map(|e| (Uuid::now_v7(), e)).collect(),
        )
        .await
    }

    /// Like `create_entities`, with ids chosen by the caller (references between new
    /// records need their ids known in advance).
    pub async fn create_with_ids<E: Kind>(
        &self,
        scope: &Scope,
        entities: Vec<(Uuid, E)>,
    ) -> Result<usize> {
        let mut recs = Vec::with_capacity(entities.len());
        for (i, (id, mut e)) in entities.into_iter().enumerate() {
            e.validate().map_err(|errs| {
                RecordError::Validation(ValidationErrors(
                    errs.0
                        .into_iter()
                        .map(|f| FieldError {
                            path: format!("[{i}].{}", f.path),
                            message: f.message,
                        })
                        .collect(),
                ))
            })?;
            recs.push(new_record(id, &e)?);
        }
        Ok(self.store.create_many(scope, E::ENTITY, recs).await?)
    }

    /// A live record; deleted ones only when `include_deleted`.
    pub async fn get<E: Kind>(
        &self,
        scope: &Scope,
        id: Uuid,
        include_deleted: bool,
    ) -> Result<Record> {
        match self.store.get(scope, E::ENTITY, id).await? {
            Some(r) if include_deleted || r.deleted_at.is_none() => Ok(r),
            _ => Err(RecordError::NotFound),
        }
    }

    pub async fn list<E: Kind>(&self, scope: &Scope, q: &ListQuery) -> Result<Page> {
        Ok(self.store.list(scope, E::ENTITY, q).await?)
    }

    /// Applies a merge patch to the stored form, re-validates the whole record and
    /// saves it. `if_match` is the version the client last saw; without it the patch
    /// applies to the version read here, and a concurrent writer makes it a conflict.
    pub async fn patch<E: Kind>(
        &self,
        scope: &Scope,
        id: Uuid,
        patch: &Value,
        if_match: Option<i64>,
    ) -> Result<Record> {
        if !patch.is_object() {
            return Err(ValidationErrors::single("", "a merge patch must be a JSON object").into());
        }
        let cur = self.get::<E>(scope, id, false).await?;
        if if_match.is_some_and(|v| v != cur.version) {
            return Err(RecordError::VersionConflict {
                current: cur.version,
            });
        }
        let mut doc: Value = serde_json::from_str(&cur.data)
            .map_err(|e| RecordError::Store(StoreError::Corrupt(e.to_string())))?;
        merge_patch(&mut doc, patch);
        let entity: E = parse_entity(doc)?;
        self.check_refs(scope, &entity).await?;
        let rec = new_record(id, &entity)?;
        Ok(self
            .store
            .update(scope, E::ENTITY, rec, Some(cur.version))
            .await?)
    }

    pub async fn delete<E: Kind>(
        &self,
        scope: &Scope,
        id: Uuid,
        if_match: Option<i64>,
    ) -> Result<Record> {
        self.get::<E>(scope, id, false).await?;
        Ok(self
            .store
            .soft_delete(scope, E::ENTITY, id, if_match)
            .await?)
    }

    pub async fn restore<E: Kind>(
        &self,
        scope: &Scope,
        id: Uuid,
        if_match: Option<i64>,
    ) -> Result<Record> {
        if let Some(survivor) = self
            .store
            .merged_into_survivor(scope, E::ENTITY, id)
            .await?
        {
            return Err(RecordError::Refused(format!(
                "this {} was merged into {survivor} and cannot be restored; its history is \
                 part of that record's",
                E::KIND
            )));
        }
        Ok(self.store.restore(scope, E::ENTITY, id, if_match).await?)
    }

    pub async fn revisions<E: Kind>(&self, scope: &Scope, id: Uuid) -> Result<Vec<Revision>> {
        self.get::<E>(scope, id, true).await?;
        Ok(self.store.revisions(scope, E::ENTITY, id).await?)
    }

    async fn check_refs<E: Kind>(&self, scope: &Scope, e: &E) -> Result<()> {
        if let Some(company) = e.company_ref() {
            let found = self
                .store
                .get(scope, Entity::Company, company.as_uuid())
                .await?;
            if found.is_none_or(|r| r.deleted_at.is_some()) {
                return Err(RecordError::Validation(ValidationErrors(vec![
                    FieldError {
                        path: "company_id".into(),
                        message: format!("no company {company} in this tenant"),
                    },
                ])));
            }
        }
        Ok(())
    }
}

pub(crate) fn new_record<E: Kind>(id: Uuid, e: &E) -> Result<NewRecord> {
    let data = serde_json::to_value(e)
        .map_err(|err| RecordError::Invalid(format!("cannot serialise {}: {err}", E::KIND)))?;
    Ok(NewRecord {
        id,
        data,
        index: e.index(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        // The examples of RFC 7396, section 3.
        let mut doc = json!({"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"},
                             "tags": ["example", "sample"], "content": "This will be unchanged"});
        merge_patch(
            &mut doc,
            &json!({"title": "Hello!", "phoneNumber": "+01-123-456-7890",
                                      "author": {"familyName": null}, "tags": ["example"]}),
        );
        assert_eq!(
            doc,
            json!({"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"],
                               "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"})
        );
        let mut scalar = json!({"a": "b"});
        merge_patch(&mut scalar, &json!({"a": {"bb": {"ccc": null}}}));
        assert_eq!(scalar, json!({"a": {"bb": {}}}));
    }
}
