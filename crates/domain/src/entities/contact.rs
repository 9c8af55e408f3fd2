//! A contact: a person at a client or vendor (hiring manager, account manager, recruiter).

use serde::{Deserialize, Serialize};

use super::{EntityRules, text};
use crate::error::ValidationErrors;
use crate::ids::CompanyId;
use crate::values::{Email, Location, PersonName, Phone};

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
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

impl EntityRules for Contact {
    const KIND: &'static str = "contact";

    fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        match PersonName::new(&self.first_name, &self.last_name) {
            Ok(n) => {
                self.first_name = n.first().to_string();
                self.last_name = n.last().to_string();
            }
            Err(err) => e.push("first_name", err.0),
        }
        if let Some(p) = &self.phone {
            let country = self.location.as_ref().and_then(|l| l.country());
            if !p.is_e164() && country.is_some() {
                match Phone::parse(&p.to_string(), country.as_ref()) {
                    Ok(n) => self.phone = Some(n),
                    Err(err) => e.push("phone", err.0),
                }
            }
        }
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
        let mut s = self.name();
        for part in [
            self.title.as_deref(),
            self.email.as_ref().map(|e| e.as_str()),
        ]
        .into_iter()
        .flatten()
        {
            s.push(' ');
            s.push_str(part);
        }
        s.to_lowercase()
    }
}
