//! Parsing a resume file without storing anything: bytes → text → fields with
//! confidence, and the candidate record they would make.

use chrono::NaiveDate;
use hireloop_ingest::document::{self, DocumentError, Limits};
use hireloop_ingest::resume::{ResumeParse, parse_resume, to_candidate_json};
use serde::Serialize;
use serde_json::Value;

use super::Ingest;

/// What a resume parse returns.
#[derive(Debug, Clone, Serialize)]
pub struct ResumeOutput {
    /// The file as read: kind, digest, pages, whether OCR was used, warnings.
    pub document: Value,
    /// Sections and fields, each with a confidence; `review` lists the doubtful ones.
    pub parse: ResumeParse,
    /// The skills found, by canonical name.
    pub skills: Vec<String>,
    /// The candidate record these fields make (before anyone corrects them).
    pub candidate: Value,
    /// Whether the skill classifier checked the skills, and what it dropped.
    pub skill_check: crate::skills::SkillCheck,
}

impl Ingest {
    /// Reads `bytes` as a resume (the type sniffed from the bytes) on a blocking thread.
    pub async fn parse_resume_file(
        &self,
        bytes: Vec<u8>,
        name: Option<String>,
        today: NaiveDate,
    ) -> Result<ResumeOutput, DocumentError> {
        let taxonomy = self.taxonomy.clone();
        let places = self.places.clone();
        let embedders = self.embedders.clone();
        tokio::task::spawn_blocking(move || {
            let doc = document::extract(&bytes, name.as_deref(), &Limits::default())?;
            let mut parse = parse_resume(&doc.text, taxonomy.as_ref(), today);
            let skill_check = Ingest::check_skills(
                embedders.as_ref(),
                &taxonomy,
                &doc.text,
                &mut [&mut parse.skills],
                |f| f.value.as_str(),
            );
            let mut candidate = to_candidate_json(&parse);
            if let Some(places) = &places {
                super::places::complete_json(places, &mut candidate);
            }
            Ok(ResumeOutput {
                document: serde_json::json!({
                    "kind": doc.kind, "sha256": doc.sha256, "pages": doc.pages,
                    "ocr_used": doc.ocr_used, "characters": doc.text.chars().count(),
                    "links": doc.links, "warnings": doc.warnings,
                }),
                skills: parse.skills.iter().map(|s| s.value.clone()).collect(),
                candidate,
                parse,
                skill_check,
            })
        })
        .await
        .unwrap_or_else(|e| {
            Err(DocumentError::Corrupt {
                name: None,
                kind: document::FileKind::Binary,
                reason: format!("the parser stopped: {e}"),
            })
        })
    }
}
