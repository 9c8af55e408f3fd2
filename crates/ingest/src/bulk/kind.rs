//! What a bulk file holds: the entity kind, the file format and the text encoding.

use std::fmt;
use std::str::FromStr;

use crate::jobboard::BoardFormat;

/// The kind of record a bulk file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Candidates,
    Requirements,
    Companies,
    Contacts,
}

impl EntityKind {
    pub const ALL: &[Self] = &[
        Self::Candidates,
        Self::Requirements,
        Self::Companies,
        Self::Contacts,
    ];

    /// The plural name the command line uses (`--kind candidates`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Candidates => "candidates",
            Self::Requirements => "requirements",
            Self::Companies => "companies",
            Self::Contacts => "contacts",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown entity kind or format name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{given}' is not {what}: use {choices}")]
pub struct UnknownName {
    pub given: String,
    what: &'static str,
    choices: &'static str,
}

impl FromStr for EntityKind {
    type Err = UnknownName;

    /// Singular or plural, any case: "candidates", "Candidate", "jobs" (a requirement is a
    /// job or req to a desk), "clients".
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let kind = match s.trim().to_ascii_lowercase().as_str() {
            "candidates" | "candidate" | "consultants" | "consultant" => Self::Candidates,
            "requirements" | "requirement" | "jobs" | "job" | "reqs" | "req" => Self::Requirements,
            "companies" | "company" | "clients" | "client" => Self::Companies,
            "contacts" | "contact" => Self::Contacts,
            _ => {
                return Err(UnknownName {
                    given: s.trim().to_string(),
                    what: "an entity kind",
                    choices: "candidates, requirements, companies or contacts",
                });
            }
        };
        Ok(kind)
    }
}

/// The layout of a bulk file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Delimited text with a header row (comma, semicolon, tab or pipe).
    Csv,
    /// One JSON array of objects.
    JsonArray,
    /// One JSON object per line.
    JsonLines,
    /// A job-board file (requirements only): the Greenhouse Job Board API's JSON.
    Greenhouse,
    /// The Lever Postings API's JSON.
    Lever,
    /// The Ashby Job Postings API's JSON.
    Ashby,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::JsonArray => "json",
            Self::JsonLines => "jsonl",
            Self::Greenhouse => "greenhouse",
            Self::Lever => "lever",
            Self::Ashby => "ashby",
        }
    }

    /// The job board, for the formats that are job-board files rather than rows.
    pub fn board(self) -> Option<BoardFormat> {
        match self {
            Self::Greenhouse => Some(BoardFormat::Greenhouse),
            Self::Lever => Some(BoardFormat::Lever),
            Self::Ashby => Some(BoardFormat::Ashby),
            Self::Csv | Self::JsonArray | Self::JsonLines => None,
        }
    }
}

impl From<BoardFormat> for Format {
    fn from(b: BoardFormat) -> Self {
        match b {
            BoardFormat::Greenhouse => Self::Greenhouse,
            BoardFormat::Lever => Self::Lever,
            BoardFormat::Ashby => Self::Ashby,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = UnknownName;

    /// "csv", "tsv" (CSV with the delimiter sniffed), "json", "jsonl", "ndjson".
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" | "tsv" | "txt" => Ok(Self::Csv),
            "json" => Ok(Self::JsonArray),
            "jsonl" | "ndjson" | "jsonlines" => Ok(Self::JsonLines),
            "greenhouse" => Ok(Self::Greenhouse),
            "lever" => Ok(Self::Lever),
            "ashby" => Ok(Self::Ashby),
            _ => Err(UnknownName {
                given: s.trim().to_string(),
                what: "a bulk format",
                choices: "csv, json, jsonl, greenhouse, lever or ashby",
            }),
        }
    }
}

/// The text encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 with a byte-order mark (what Excel writes for "CSV UTF-8").
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// The fallback for bytes that are not UTF-8; a superset of Latin-1 for text.
    Windows1252,
}

impl TextEncoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 (BOM)",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Windows1252 => "Windows-1252",
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names() {
        for k in EntityKind::ALL {
            assert_eq!(k.as_str().parse::<EntityKind>().unwrap(), *k);
        }
        assert_eq!(
            "Candidate".parse::<EntityKind>(),
            Ok(EntityKind::Candidates)
        );
        assert_eq!("jobs".parse::<EntityKind>(), Ok(EntityKind::Requirements));
        assert_eq!(" contact ".parse::<EntityKind>(), Ok(EntityKind::Contacts));
        let err = "widgets".parse::<EntityKind>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "'widgets' is not an entity kind: use candidates, requirements, companies or contacts"
        );
    }

    #[test]
    fn format_names() {
        assert_eq!("CSV".parse::<Format>(), Ok(Format::Csv));
        assert_eq!("ndjson".parse::<Format>(), Ok(Format::JsonLines));
        assert_eq!("json".parse::<Format>(), Ok(Format::JsonArray));
        assert!("xlsx".parse::<Format>().is_err());
        assert_eq!(Format::JsonLines.to_string(), "jsonl");
        assert_eq!("Lever".parse::<Format>(), Ok(Format::Lever));
        assert_eq!(Format::Greenhouse.board(), Some(BoardFormat::Greenhouse));
        assert_eq!(Format::from(BoardFormat::Ashby), Format::Ashby);
        assert_eq!(Format::Csv.board(), None);
    }
}
