//! A company: a client the desk fills requirements for, or a vendor it partners with.

use serde::{Deserialize, Serialize};

use super::{EntityRules, text};
use crate::error::ValidationErrors;
use crate::values::Location;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompanyKind {
    #[default]
    Client,
    Vendor,
    /// A prime vendor or implementation partner between the desk and the end client.
    Partner,
}

impl CompanyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyKind::Client => "client",
            CompanyKind::Vendor => "vendor",
            CompanyKind::Partner => "partner",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompanyStatus {
    #[default]
    Active,
    Prospect,
    Inactive,
}

impl CompanyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyStatus::Active => "active",
            CompanyStatus::Prospect => "prospect",
            CompanyStatus::Inactive => "inactive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Company {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: CompanyKind,
    #[serde(default)]
    pub status: CompanyStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl EntityRules for Company {
    const KIND: &'static str = "company";

    fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        text::required(&mut e, "name", &mut self.name, 200);
        text::url(&mut e, "website", &mut self.website);
        text::optional(&mut e, "industry", &mut self.industry, 100);
        text::optional(&mut e, "notes", &mut self.notes, 20_000);
        text::optional(&mut e, "source", &mut self.source, 100);
        text::optional(&mut e, "external_id", &mut self.external_id, 200);
        text::tags(&mut e, "tags", &mut self.tags);
        e.finish(|| ())
    }

    fn label(&self) -> String {
        self.name.to_lowercase()
    }

    fn search_text(&self) -> String {
        let mut s = self.name.clone();
        if let Some(i) = &self.industry {
            s.push(' ');
            s.push_str(i);
        }
        s.to_lowercase()
    }
}
