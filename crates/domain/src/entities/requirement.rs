//! A requirement: a job, req or posting a client needs filled.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{EntityRules, text};
use crate::error::ValidationErrors;
use crate::ids::CompanyId;
use crate::values::{
    EmploymentType, Location, Rate, RemoteMode, Skill, WorkAuthorization, YearsExperience,
    dedupe_skills,
};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequirementStatus {
    #[default]
    Open,
    OnHold,
    Filled,
    Closed,
}

impl RequirementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequirementStatus::Open => "open",
            RequirementStatus::OnHold => "on_hold",
            RequirementStatus::Filled => "filled",
            RequirementStatus::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<CompanyId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_mode: Option<RemoteMode>,
    #[serde(default)]
    pub required_skills: Vec<Skill>,
    #[serde(default)]
    pub preferred_skills: Vec<Skill>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_years: Option<YearsExperience>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_years: Option<YearsExperience>,
    /// The most the client pays for the role, in the given unit and employment type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_budget: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employment_type: Option<EmploymentType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_months: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(default = "one")]
    pub openings: u16,
    /// Empty means any authorisation is acceptable.
    #[serde(default)]
    pub work_authorizations: Vec<WorkAuthorization>,
    #[serde(default)]
    pub status: RequirementStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_url: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

fn one() -> u16 {
    1
}

impl EntityRules for Requirement {
    const KIND: &'static str = "requirement";

    fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        text::required(&mut e, "title", &mut self.title, 200);
        text::optional(&mut e, "description", &mut self.description, 50_000);
        text::optional(&mut e, "source", &mut self.source, 100);
        text::optional(&mut e, "external_id", &mut self.external_id, 200);
        text::url(&mut e, "external_url", &mut self.external_url);
        text::tags(&mut e, "tags", &mut self.tags);
        if self.openings == 0 || self.openings > 1000 {
            e.push("openings", "must be between 1 and 1000");
        }
        if self.duration_months.is_some_and(|d| d == 0 || d > 120) {
            e.push("duration_months", "must be between 1 and 120");
        }
        if let (Some(lo), Some(hi)) = (self.min_years, self.max_years)
            && lo > hi
        {
            e.push("max_years", "must not be less than min_years");
        }
        if let Some(d) = self.start_date
            && !(2000..=2100).contains(&chrono::Datelike::year(&d))
        {
            e.push("start_date", format!("{d} is not a plausible start date"));
        }
        if self.remote_mode != Some(RemoteMode::Remote)
            && self.location.is_none()
            && self.remote_mode.is_some()
        {
            e.push("location", "is required unless the role is remote");
        }
        if self.required_skills.len() + self.preferred_skills.len() > 200 {
            e.push("required_skills", "at most 200 skills in all");
        }
        self.required_skills = dedupe_skills(std::mem::take(&mut self.required_skills));
        // A skill that is required is not also merely preferred.
        let required: std::collections::HashSet<String> = self
            .required_skills
            .iter()
            .map(|s| s.name().key())
            .collect();
        self.preferred_skills = dedupe_skills(std::mem::take(&mut self.preferred_skills))
            .into_iter()
            .filter(|s| !required.contains(&s.name().key()))
            .collect();
        let mut auths = std::mem::take(&mut self.work_authorizations);
        auths.sort_by_key(|a| a.as_str());
        auths.dedup();
        self.work_authorizations = auths;
        e.finish(|| ())
    }

    fn label(&self) -> String {
        self.title.to_lowercase()
    }

    fn search_text(&self) -> String {
        let mut s = self.title.clone();
        if let Some(id) = &self.external_id {
            s.push(' ');
            s.push_str(id);
        }
        s.to_lowercase()
    }
}
