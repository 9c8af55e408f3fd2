//! Reading a requirement without storing it: pasted text, an `.eml` message (with its
//! forwards and attachments), or a job description file.

use chrono::NaiveDate;
use hireloop_ingest::document::{self, FileKind, Limits};
use hireloop_ingest::email::parse_requirement_email;
use hireloop_ingest::requirement::{RequirementParse, parse_requirement, to_requirement_json};
use serde::Serialize;
use serde_json::Value;

use super::Ingest;

/// What a requirement parse returns.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementOutput {
    /// Where the text came from: `text`, `email` (with its headers and attachments) or a
    /// document kind.
    pub source: Value,
    /// The fields, each with a confidence; `review` lists the doubtful ones.
    pub parse: RequirementParse,
    /// The requirement record these fields make.
    pub requirement: Value,
    /// Whether the skill classifier checked the skills, and what it dropped.
    pub skill_check: crate::skills::SkillCheck,
}

impl Ingest {
    /// Reads pasted text as a requirement.
    pub async fn parse_requirement_text(
        &self,
        text: String,
        today: NaiveDate,
    ) -> RequirementOutput {
        let taxonomy = self.taxonomy.clone();
        let embedders = self.embedders.clone();
        let run = move || {
            let mut parse = parse_requirement(&text, taxonomy.as_ref(), today);
            let cleaned = parse.text.clone();
            let skill_check = check(embedders.as_ref(), &taxonomy, &cleaned, &mut parse);
            RequirementOutput {
                source: serde_json::json!({"kind": "text"}),
                requirement: to_requirement_json(&parse),
                parse,
                skill_check,
            }
        };
        match tokio::task::spawn_blocking(run).await {
            Ok(out) => out,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }

    /// Reads a file as a requirement: an e-mail message, or a document (PDF, DOCX, HTML,
    /// text) holding a job description. The error names the file.
    pub async fn parse_requirement_file(
        &self,
        bytes: Vec<u8>,
        name: String,
        today: NaiveDate,
    ) -> Result<RequirementOutput, String> {
        let taxonomy = self.taxonomy.clone();
        let embedders = self.embedders.clone();
        let shown = name.clone();
        let run = move || {
            let limits = Limits::default();
            if document::sniff(&bytes, Some(&name)) == FileKind::Eml {
                let mut mail =
                    parse_requirement_email(&bytes, &name, taxonomy.as_ref(), today, &limits)
                        .map_err(|e| e.to_string())?;
                let text = mail.parse.text.clone();
                let skill_check = check(embedders.as_ref(), &taxonomy, &text, &mut mail.parse);
                let requirement = to_requirement_json(&mail.parse);
                let mut source = serde_json::to_value(&mail).unwrap_or_default();
                if let Some(o) = source.as_object_mut() {
                    o.remove("parse");
                    o.insert("kind".into(), "email".into());
                }
                return Ok(RequirementOutput {
                    source,
                    parse: mail.parse,
                    requirement,
                    skill_check,
                });
            }
            let doc = document::extract(&bytes, Some(&name), &limits).map_err(|e| e.to_string())?;
            let mut parse = parse_requirement(&doc.text, taxonomy.as_ref(), today);
            let cleaned = parse.text.clone();
            let skill_check = check(embedders.as_ref(), &taxonomy, &cleaned, &mut parse);
            Ok(RequirementOutput {
                source: serde_json::json!({"kind": doc.kind, "sha256": doc.sha256, "warnings": doc.warnings}),
                requirement: to_requirement_json(&parse),
                parse,
                skill_check,
            })
        };
        match tokio::task::spawn_blocking(run).await {
            Ok(out) => out,
            Err(e) => Err(format!("{shown} could not be read: {e}")),
        }
    }
}

/// The classifier's check of a requirement's required and preferred skills.
fn check(
    embedders: Option<&crate::embeddings::Embedders>,
    taxonomy: &std::sync::Arc<hireloop_ingest::skills::Taxonomy>,
    text: &str,
    parse: &mut RequirementParse,
) -> crate::skills::SkillCheck {
    let RequirementParse {
        required_skills,
        preferred_skills,
        ..
    } = parse;
    Ingest::check_skills(
        embedders,
        taxonomy,
        text,
        &mut [required_skills, preferred_skills],
        |f| f.value.as_str(),
    )
}
