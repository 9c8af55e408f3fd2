//! A candidate: a consultant, worker or job seeker's profile.

use serde::{Deserialize, Serialize};

use super::history::{self, Position, Qualification};
use super::{EntityRules, person, text};
use crate::error::ValidationErrors;
use crate::values::{
    AvailabilityDate, Email, Location, Phone, Rate, RemoteMode, Skill, WorkAuthorization,
    YearsExperience, dedupe_skills,
};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CandidateStatus {
    /// Looking, or open to offers.
    #[default]
    Active,
    /// On assignment through this desk.
    Placed,
    Inactive,
    DoNotContact,
}

impl CandidateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CandidateStatus::Active => "active",
            CandidateStatus::Placed => "placed",
            CandidateStatus::Inactive => "inactive",
            CandidateStatus::DoNotContact => "do_not_contact",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    /// E.164 when the country is known (from the number or the location).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    /// Current or target title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_preference: Option<RemoteMode>,
    #[serde(default)]
    pub willing_to_relocate: bool,
    #[serde(default = "unknown_auth")]
    pub work_authorization: WorkAuthorization,
    /// The rate the candidate asks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<AvailabilityDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_experience: Option<YearsExperience>,
    #[serde(default)]
    pub skills: Vec<Skill>,
    #[serde(default)]
    pub status: CandidateStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkedin_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github_url: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Work history, most recent first as the resume gives it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experience: Vec<Position>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub education: Vec<Qualification>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<String>,
}

fn unknown_auth() -> WorkAuthorization {
    WorkAuthorization::Unknown
}

impl Candidate {
    pub fn name(&self) -> String {
        person::full_name(&self.first_name, &self.last_name)
    }
}

impl EntityRules for Candidate {
    const KIND: &'static str = "candidate";

    fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        person::normalise_name(&mut e, &mut self.first_name, &mut self.last_name);
        person::normalise_phone(&mut e, &mut self.phone, self.location.as_ref());
        text::optional(&mut e, "headline", &mut self.headline, 200);
        text::optional(&mut e, "summary", &mut self.summary, 20_000);
        text::optional(&mut e, "source", &mut self.source, 100);
        text::optional(&mut e, "external_id", &mut self.external_id, 200);
        text::url(&mut e, "linkedin_url", &mut self.linkedin_url);
        text::url(&mut e, "github_url", &mut self.github_url);
        text::tags(&mut e, "tags", &mut self.tags);
        history::positions(&mut e, "experience", &mut self.experience);
        history::qualifications(&mut e, "education", &mut self.education);
        history::certifications(&mut e, "certifications", &mut self.certifications);
        if self.skills.len() > 500 {
            e.push("skills", "at most 500 skills");
        }
        self.skills = dedupe_skills(std::mem::take(&mut self.skills));
        e.finish(|| ())
    }

    fn label(&self) -> String {
        self.name().to_lowercase()
    }

    fn search_text(&self) -> String {
        let email = self.email.as_ref().map(|e| e.as_str());
        person::search_text(self.name(), [self.headline.as_deref(), email])
    }
}
