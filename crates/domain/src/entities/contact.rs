//! A contact: a person at a client or vendor (hiring manager, account manager, recruiter).

use serde::{Deserialize, Serialize};

use super::{EntityRules, person, text};
use crate::error::ValidationErrors;
use crate::ids::CompanyId;
use crate::values::{Email, Location, Phone};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<CompanyId>,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Contact {
    pub fn name(&self) -> String {
        person::full_name(&self.first_name, &self.last_name)
    }
}

impl EntityRules for Contact {
    const KIND: &'static str = "contact";

    fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        person::normalise_name(&mut e, &mut self.first_name, &mut self.last_name);
        person::normalise_phone(&mut e, &mut self.phone, self.location.as_ref());
        text::optional(&mut e, "title", &mut self.title, 200);
        text::optional(&mut e, "notes", &mut self.notes, 20_000);
        text::optional(&mut e, "external_id", &mut self.external_id, 200);
        text::tags(&mut e, "tags", &mut self.tags);
        e.finish(|| ())
    }

    fn label(&self) -> String {
        self.name().to_lowercase()
    }

    fn search_text(&self) -> String {
        let email = self.email.as_ref().map(|e| e.as_str());
        person::search_text(self.name(), [self.title.as_deref(), email])
    }
}
