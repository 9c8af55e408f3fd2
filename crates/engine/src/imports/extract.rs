//! Structured extraction from text by named schema: `resume`, `requirement`, `skills`,
//! `location`. The extractors here are deterministic rules over the taxonomy and the
//! gazetteer; the answer names the extractor and its version so a caller can tell which
//! produced a result, and a model-backed extractor can answer to the same schemas later.

use chrono::NaiveDate;
use hireloop_domain::values::CountryCode;
use hireloop_ingest::requirement::{parse_requirement, to_requirement_json};
use hireloop_ingest::resume::{parse_resume, to_candidate_json};
use serde::Serialize;
use serde_json::{Value, json};

use super::Ingest;

/// The schemas `extract` knows.
pub const SCHEMAS: [&str; 4] = ["resume", "requirement", "skills", "location"];

/// Longest text accepted, in bytes.
pub const MAX_TEXT: usize = 200_000;

/// What produced an extraction.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Extractor {
    /// `rules`: the deterministic parsers.
    pub kind: &'static str,
    /// The parser's and the data's versions; the same text and version give the same
    /// answer.
    pub version: String,
}

/// One extraction.
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    pub schema: String,
    pub extractor: Extractor,
    /// The fields found, each with a confidence where the schema has them.
    pub fields: Value,
    /// The record the fields make (a candidate, a requirement, a location), if any.
    pub record: Option<Value>,
    /// Paths of fields whose confidence is low enough that a person should look.
    pub review: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    #[error("unknown schema '{0}'; known: resume, requirement, skills, location")]
    UnknownSchema(String),
    #[error("the text is empty")]
    Empty,
    #[error("the text is longer than {MAX_TEXT} bytes")]
    TooLong,
    #[error("'{0}' is not a two-letter country code")]
    BadCountry(String),
    #[error("the location schema needs the GeoNames asset, which this server has not loaded")]
    NoGazetteer,
}

impl Ingest {
    /// Extracts `schema` from `text`. `country` is a hint for places the text does not
    /// qualify ("Paris" with `FR`).
    pub async fn extract(
        &self,
        schema: &str,
        text: String,
        country: Option<&str>,
        today: NaiveDate,
    ) -> Result<Extraction, ExtractError> {
        if !SCHEMAS.contains(&schema) {
            return Err(ExtractError::UnknownSchema(schema.to_owned()));
        }
        if text.trim().is_empty() {
            return Err(ExtractError::Empty);
        }
        if text.len() > MAX_TEXT {
            return Err(ExtractError::TooLong);
        }
        let hint = country
            .map(|c| CountryCode::parse(c).map_err(|_| ExtractError::BadCountry(c.to_owned())))
            .transpose()?;
        if schema == "location" && self.places.is_none() {
            return Err(ExtractError::NoGazetteer);
        }
        let taxonomy = self.taxonomy.clone();
        let places = self.places.clone();
        let schema = schema.to_owned();
        let version = format!(
            "hireloop-ingest {}; skills {}",
            env!("CARGO_PKG_VERSION"),
            taxonomy.version()
        );
        let run = move || {
            let (fields, record, review) = match schema.as_str() {
                "resume" => {
                    let parse = parse_resume(&text, taxonomy.as_ref(), today);
                    let mut record = to_candidate_json(&parse);
                    if let Some(p) = &places {
                        super::places::complete_json(p, &mut record);
                    }
                    let review = parse.review.clone();
                    (to_value(&parse), Some(record), review)
                }
                "requirement" => {
                    let parse = parse_requirement(&text, taxonomy.as_ref(), today);
                    let mut record = to_requirement_json(&parse);
                    if let Some(p) = &places {
                        super::places::complete_json(p, &mut record);
                    }
                    let review = parse.review.clone();
                    (to_value(&parse), Some(record), review)
                }
                "skills" => {
                    let found = taxonomy.extract(&text);
                    let mut names: Vec<&str> = Vec::new();
                    for m in &found {
                        if !names.contains(&m.name.as_str()) {
                            names.push(&m.name);
                        }
                    }
                    let record = json!({ "skills": names });
                    (json!({ "mentions": found }), Some(record), Vec::new())
                }
                _ => {
                    // "location": checked above that the gazetteer is there.
                    let resolved = places.as_ref().and_then(|p| p.resolve(&text, hint));
                    let record = resolved.as_ref().and_then(|r| {
                        let loc = r.location.clone()?;
                        loc.with_timezone(r.timezone.as_deref())
                            .ok()
                            .and_then(|l| serde_json::to_value(l).ok())
                    });
                    let review = match &resolved {
                        Some(r) if r.confidence >= super::places::MIN_CONFIDENCE => Vec::new(),
                        _ => vec!["location".to_owned()],
                    };
                    (to_value(&resolved), record, review)
                }
            };
            Extraction {
                schema,
                extractor: Extractor {
                    kind: "rules",
                    version,
                },
                fields,
                record,
                review,
            }
        };
        match tokio::task::spawn_blocking(run).await {
            Ok(out) => Ok(out),
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
}

fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
