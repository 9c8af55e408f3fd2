//! Job-board JSON files: Greenhouse, Lever and Ashby postings (their public API formats,
//! recognised from the JSON's shape) as canonical Requirement JSON. Structured fields
//! (title, location, workplace type, pay) are taken as given; the description goes
//! through the free-text parser for skills, years, rate and work authorisation. Each
//! posting's identity (its normalised URL, or a hash) becomes `external_id`, so a posting
//! seen twice is one record.

mod boards;
mod formats;
mod identity;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use crate::requirement::{Field, Origin, RequirementParse, parse_requirement, to_requirement_json};
use crate::skills::Taxonomy;
use formats::Posting;

pub use formats::BoardFormat;
pub use identity::{normalise_url, posting_url, requirement_identity};

/// Largest board file read, in bytes.
pub const MAX_BOARD_BYTES: usize = 64 * 1024 * 1024;

/// Why a board file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobBoardError {
    #[error("job-board file {name} is {size} bytes, over the {limit}-byte limit")]
    TooLarge {
        name: String,
        size: usize,
        limit: usize,
    },
    #[error("job-board file {name} is not JSON (line {line}, column {column}): {message}")]
    NotJson {
        name: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "job-board file {name} is not in a format we know: expected the Greenhouse Job Board API \
         ({{\"jobs\": [...]}} with absolute_url), the Lever Postings API (an array with hostedUrl \
         and categories) or the Ashby Job Postings API ({{\"jobs\": [...]}} with jobUrl)"
    )]
    UnknownFormat { name: String },
}

/// What a JSON file looks like, for telling board files from bulk rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardShape {
    /// A board file in a format we read.
    Board(BoardFormat),
    /// An object with a `jobs` list in none of the formats: meant as a board file, but
    /// not one we can read ([`JobBoardError::UnknownFormat`] says which we can).
    UnknownBoard,
    /// Not a board file (rows, or not JSON at all).
    NotBoard,
}

/// Recognises a job-board file from its JSON shape without reading its postings.
/// Files over [`MAX_BOARD_BYTES`] are not board files.
pub fn board_shape(bytes: &[u8]) -> BoardShape {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if bytes.len() > MAX_BOARD_BYTES || !matches!(first, Some(b'{' | b'[')) {
        return BoardShape::NotBoard;
    }
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else {
        return BoardShape::NotBoard;
    };
    match formats::detect(&value) {
        Some((format, _)) => BoardShape::Board(format),
        None if value.get("jobs").is_some() => BoardShape::UnknownBoard,
        None => BoardShape::NotBoard,
    }
}

/// One posting read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardPosting {
    /// Position in the file, from 0.
    pub index: usize,
    /// See [`requirement_identity`]; also the requirement's `external_id`.
    pub identity: String,
    /// Canonical Requirement JSON; validates with `parse_entity::<Requirement>`.
    pub requirement: Value,
    pub parse: RequirementParse,
}

/// A posting that was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardProblem {
    pub index: usize,
    pub message: String,
}

/// A posting whose identity an earlier one in the file already had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardDuplicate {
    pub index: usize,
    pub first_index: usize,
    pub identity: String,
}

/// Everything read from one board file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardImport {
    pub format: BoardFormat,
    pub postings: Vec<BoardPosting>,
    pub duplicates: Vec<BoardDuplicate>,
    pub problems: Vec<BoardProblem>,
}

/// Reads a Greenhouse, Lever or Ashby JSON file (`name` is used in messages).
pub fn parse_job_board(
    bytes: &[u8],
    name: &str,
    taxonomy: &Taxonomy,
    today: NaiveDate,
) -> Result<BoardImport, JobBoardError> {
    let name = name.to_string();
    if bytes.len() > MAX_BOARD_BYTES {
        return Err(JobBoardError::TooLarge {
            name,
            size: bytes.len(),
            limit: MAX_BOARD_BYTES,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| JobBoardError::NotJson {
        name: name.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let Some((format, items)) = formats::detect(&value) else {
        return Err(JobBoardError::UnknownFormat { name });
    };
    let mut out = BoardImport {
        format,
        postings: Vec::new(),
        duplicates: Vec::new(),
        problems: Vec::new(),
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (index, item) in items.into_iter().enumerate() {
        let posting = match format {
            BoardFormat::Greenhouse => boards::greenhouse(item),
            BoardFormat::Lever => boards::lever(item),
            BoardFormat::Ashby => boards::ashby(item),
        };
        if posting.title.is_empty() {
            out.problems.push(BoardProblem {
                index,
                message: "it has no title".into(),
            });
            continue;
        }
        let identity = requirement_identity(
            posting.url.as_deref(),
            posting.company.as_deref(),
            &posting.title,
            posting.location.as_deref(),
            &posting.description,
        );
        if let Some(&first_index) = seen.get(&identity) {
            out.duplicates.push(BoardDuplicate {
                index,
                first_index,
                identity,
            });
            continue;
        }
        seen.insert(identity.clone(), index);
        let (parse, requirement) = build(&posting, format, &identity, taxonomy, today);
        out.postings.push(BoardPosting {
            index,
            identity,
            requirement,
            parse,
        });
    }
    Ok(out)
}

fn board<T>(value: T) -> Field<T> {
    Field {
        value,
        confidence: 1.0,
        start: 0,
        end: 0,
        origin: Origin::Board,
    }
}

/// The parse of a posting's description with its structured fields laid over it, and
/// its Requirement JSON.
fn build(
    p: &Posting,
    format: BoardFormat,
    identity: &str,
    taxonomy: &Taxonomy,
    today: NaiveDate,
) -> (RequirementParse, Value) {
    let mut parse = parse_requirement(&p.description, taxonomy, today);
    parse.title = Some(board(p.title.clone()));
    parse.client = p.company.clone().map(board);
    if let Some(placed) = p
        .location
        .as_deref()
        .and_then(crate::requirement::read_place)
    {
        if let Some(loc) = placed.location {
            parse.location = Some(Field {
                confidence: if placed.backed { 1.0 } else { 0.8 },
                ..board(loc)
            });
        }
        if let Some(m) = placed.remote {
            parse.remote_mode = Some(board(m));
        }
    }
    if let Some(m) = p.remote {
        parse.remote_mode = Some(board(m));
    }
    if let Some(k) = p.employment {
        parse.employment_type = Some(board(k));
    }
    if let Some(pay) = &p.pay {
        parse.pay = Some(board(pay.clone()));
    }
    parse.refresh_review();
    let mut json = to_requirement_json(&parse);
    if let Some(o) = json.as_object_mut() {
        o.insert("source".into(), Value::String(format.as_str().into()));
        o.insert("external_id".into(), Value::String(identity.to_string()));
        if let Some(u) = p
            .url
            .as_deref()
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        {
            o.insert("external_url".into(), Value::String(u.to_string()));
        }
        if let (Some(d), Some(Value::Array(tags))) = (&p.department, o.get_mut("tags")) {
            tags.push(Value::String(crate::requirement::clip_tag(&format!(
                "department:{d}"
            ))));
        }
    }
    (parse, crate::requirement::keep_valid(json))
}

#[cfg(test)]
mod tests;
