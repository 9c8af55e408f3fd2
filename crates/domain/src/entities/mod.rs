//! Core entities: the records a staffing desk keeps. Each is one serde struct whose
//! fields are validated value types; `validate` adds the rules that span fields and
//! normalises (names, phone numbers against the location's country, skill lists).
//! The JSON an entity serialises to is its canonical stored form, and it parses back
//! through the same path, so a PATCH is a JSON merge onto that form, re-validated.

mod account;
mod candidate;
mod company;
mod contact;
mod history;
mod person;
mod requirement;
mod text;

pub use account::{ApiKey, Tenant, TenantSlug, User};
pub use candidate::{Candidate, CandidateStatus};
pub use company::{Company, CompanyKind, CompanyStatus};
pub use contact::Contact;
pub use history::{Position, Qualification};
pub use requirement::{Requirement, RequirementStatus};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ValidationErrors;

/// What every entity offers the layers above.
pub trait EntityRules: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The kind's name in paths, logs and the audit trail (`candidate`).
    const KIND: &'static str;

    /// Cross-field rules and normalisation. Collects every problem, not just the first.
    fn validate(&mut self) -> Result<(), ValidationErrors>;

    /// The name or title lists sort by and show.
    fn label(&self) -> String;

    /// Text that the free-text `q` filter matches.
    fn search_text(&self) -> String;
}

/// Parses JSON into an entity and validates it; errors name the field path.
pub fn parse_entity<E: EntityRules>(value: serde_json::Value) -> Result<E, ValidationErrors> {
    parse_entity_from(value)
}

/// [`parse_entity`] of borrowed JSON, which a caller that keeps the JSON need not copy.
///
/// Bulk imports call this for every row, so it first reads the value without tracking
/// the path (a quarter of the cost), and reads it again with the path only when that
/// fails: the error is the same either way.
pub fn parse_entity_ref<E: EntityRules>(value: &serde_json::Value) -> Result<E, ValidationErrors> {
    match E::deserialize(value) {
        Ok(mut e) => {
            e.validate()?;
            Ok(e)
        }
        Err(_) => parse_entity_from(value),
    }
}

fn parse_entity_from<'de, E: EntityRules>(
    value: impl serde::Deserializer<'de, Error = serde_json::Error>,
) -> Result<E, ValidationErrors> {
    let mut e: E = serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        ValidationErrors::single(path, clean_serde_message(&err.into_inner().to_string()))
    })?;
    e.validate()?;
    Ok(e)
}

/// serde's messages end with " at line 1 column 2" for text input; values carry no
/// position, but strip it anyway so messages read the same from every source.
fn clean_serde_message(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

#[cfg(test)]
mod tests;
