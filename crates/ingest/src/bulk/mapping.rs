//! Column mapping: the explicit mapping file (JSON or TOML) that overrides auto-detection,
//! the resolution of each source column to a target, and the report of what went where.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::BulkError;
use super::headers::{detect, normalise_header};
use super::kind::EntityKind;
use super::targets::{Target, known_targets, lookup};

/// The target that tells the reader to skip a column.
pub const IGNORE: &str = "-";

/// Distinct column names remembered for the report; JSON objects can carry any keys.
const MAX_REPORTED: usize = 1000;

/// An explicit column mapping: `{"columns": {"Cand Mail": "email", "Loc": "location",
/// "Zip": "-"}, "auto_detect": true}`, or the same in TOML. Column names match exactly, or
/// else after [`normalise_header`]; a listed column overrides auto-detection; with
/// `auto_detect = false` unlisted columns are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default = "yes")]
    pub auto_detect: bool,
}

fn yes() -> bool {
    true
}

impl Default for Mapping {
    fn default() -> Self {
        Self {
            columns: BTreeMap::new(),
            auto_detect: true,
        }
    }
}

/// A mapping file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid mapping file: {0}")]
pub struct MappingError(pub String);

impl Mapping {
    /// Reads JSON when the text starts with `{`, TOML otherwise.
    pub fn parse(text: &str) -> Result<Self, MappingError> {
        if text.trim_start().starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_toml(text)
        }
    }

    pub fn from_json(text: &str) -> Result<Self, MappingError> {
        serde_json::from_str(text).map_err(|e| MappingError(e.to_string()))
    }

    pub fn from_toml(text: &str) -> Result<Self, MappingError> {
        toml::from_str(text).map_err(|e| MappingError(e.message().to_string()))
    }
}

/// How a column came to feed its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MappedBy {
    /// Listed in the mapping file.
    Mapping,
    /// Named exactly like the field (`first_name`).
    FieldName,
    /// Recognised as a common export header (`Given Name`).
    Detected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappedColumn {
    pub column: String,
    pub field: String,
    pub by: MappedBy,
}

/// What the reader will do with each column, to show before importing. For CSV it is complete
/// once the reader is open; for JSON it grows as objects are read (keys vary by object).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HeaderReport {
    pub mapped: Vec<MappedColumn>,
    pub ignored: Vec<String>,
    /// Mapping-file columns that no header matched (CSV only).
    pub unmatched_mapping: Vec<String>,
    /// Distinct columns seen beyond the first 1000, not listed.
    pub more_columns: u64,
    #[serde(skip)]
    seen: HashSet<String>,
}

impl HeaderReport {
    pub(crate) fn note(&mut self, column: &str, resolved: Option<&(Target, MappedBy)>) {
        if self.seen.contains(column) {
            return;
        }
        if self.seen.len() >= MAX_REPORTED {
            self.more_columns += 1;
            return;
        }
        self.seen.insert(column.to_string());
        match resolved {
            Some((t, by)) => self.mapped.push(MappedColumn {
                column: column.to_string(),
                field: t.name.clone(),
                by: *by,
            }),
            None => self.ignored.push(column.to_string()),
        }
    }

    /// The field a column feeds, if it is mapped.
    pub fn field_of(&self, column: &str) -> Option<&str> {
        self.mapped
            .iter()
            .find(|m| m.column == column)
            .map(|m| m.field.as_str())
    }
}

impl fmt::Display for HeaderReport {
    /// One line per mapped column (`mapped: "Pay Rate" → rate`), then the ignored ones.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for m in &self.mapped {
            writeln!(f, "mapped: {:?} → {}", m.column, m.field)?;
        }
        if !self.ignored.is_empty() {
            let names: Vec<String> = self.ignored.iter().map(|c| format!("{c:?}")).collect();
            writeln!(f, "ignored: [{}]", names.join(", "))?;
        }
        if !self.unmatched_mapping.is_empty() {
            let names: Vec<String> = self
                .unmatched_mapping
                .iter()
                .map(|c| format!("{c:?}"))
                .collect();
            writeln!(f, "mapping columns not in the file: [{}]", names.join(", "))?;
        }
        if self.more_columns > 0 {
            writeln!(f, "and {} more columns", self.more_columns)?;
        }
        Ok(())
    }
}

/// Resolves source columns to targets: the mapping file, then the field's own name, then
/// the header conventions. `None` means the column is ignored.
#[derive(Debug)]
pub(crate) struct Resolver {
    kind: EntityKind,
    exact: HashMap<String, Option<Target>>,
    normalised: HashMap<String, Option<Target>>,
    auto_detect: bool,
    cache: HashMap<String, Option<(Target, MappedBy)>>,
}

impl Resolver {
    /// Checks every mapping target names a field of `kind`.
    pub(crate) fn new(kind: EntityKind, mapping: Option<&Mapping>) -> Result<Self, BulkError> {
        let mut exact = HashMap::new();
        let mut normalised = HashMap::new();
        let default = Mapping::default();
        let mapping = mapping.unwrap_or(&default);
        for (column, target) in &mapping.columns {
            let resolved = if target.trim() == IGNORE {
                None
            } else {
                Some(
                    lookup(kind, target).ok_or_else(|| BulkError::UnknownTarget {
                        column: column.clone(),
                        target: target.clone(),
                        kind,
                        known: format!("{}, tag:<label> or -", known_targets(kind).join(", ")),
                    })?,
                )
            };
            normalised
                .entry(normalise_header(column))
                .or_insert_with(|| resolved.clone());
            exact.insert(column.clone(), resolved);
        }
        Ok(Self {
            kind,
            exact,
            normalised,
            auto_detect: mapping.auto_detect,
            cache: HashMap::new(),
        })
    }

    /// Mapping-file columns that match none of `headers`.
    pub(crate) fn unmatched(&self, headers: &[String]) -> Vec<String> {
        let keys: HashSet<String> = headers.iter().map(|h| normalise_header(h)).collect();
        let mut out: Vec<String> = self
            .exact
            .keys()
            .filter(|c| !headers.contains(c) && !keys.contains(&normalise_header(c)))
            .cloned()
            .collect();
        out.sort();
        out
    }

    pub(crate) fn resolve(&mut self, column: &str) -> Option<(Target, MappedBy)> {
        if let Some(hit) = self.cache.get(column) {
            return hit.clone();
        }
        let resolved = self.resolve_uncached(column);
        // Bounded: a JSON file may use a fresh key in every object.
        if self.cache.len() < 4 * MAX_REPORTED {
            self.cache.insert(column.to_string(), resolved.clone());
        }
        resolved
    }

    fn resolve_uncached(&self, column: &str) -> Option<(Target, MappedBy)> {
        let from_mapping = self
            .exact
            .get(column)
            .or_else(|| self.normalised.get(&normalise_header(column)));
        if let Some(t) = from_mapping {
            return t.clone().map(|t| (t, MappedBy::Mapping));
        }
        if !self.auto_detect {
            return None;
        }
        if let Some(t) = lookup(self.kind, column).filter(|t| !t.name.starts_with("tag:")) {
            return Some((t, MappedBy::FieldName));
        }
        detect(self.kind, column)
            .and_then(|name| lookup(self.kind, name))
            .map(|t| (t, MappedBy::Detected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_json_and_toml() {
        let j = Mapping::parse(r#"{"columns": {"Cand Mail": "email", "Zip": "-"}}"#).unwrap();
        assert!(j.auto_detect);
        assert_eq!(j.columns["Cand Mail"], "email");
        let t =
            Mapping::parse("auto_detect = false\n[columns]\n\"Cand Mail\" = \"email\"\n").unwrap();
        assert!(!t.auto_detect);
        assert_eq!(t.columns["Cand Mail"], "email");
        assert!(Mapping::parse(r#"{"colums": {}}"#).is_err());
        assert!(Mapping::parse("not = [toml").is_err());
    }

    #[test]
    fn mapping_overrides_detection_and_unknown_targets_are_named() {
        let m = Mapping::parse(r#"{"columns": {"Email": "-", "loc": "location"}}"#).unwrap();
        let mut r = Resolver::new(EntityKind::Candidates, Some(&m)).unwrap();
        assert_eq!(r.resolve("Email"), None);
        assert_eq!(r.resolve("LOC").unwrap().0.name, "location");
        assert_eq!(r.resolve("Given Name").unwrap().1, MappedBy::Detected);
        assert_eq!(r.resolve("first_name").unwrap().1, MappedBy::FieldName);
        assert_eq!(r.unmatched(&["Email".into()]), ["loc"]);
        let bad = Mapping::parse(r#"{"columns": {"X": "salary"}}"#).unwrap();
        let err = Resolver::new(EntityKind::Candidates, Some(&bad)).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with(
                r#"the mapping sends column "X" to "salary", which is not a candidates field"#
            ),
            "{msg}"
        );
    }

    #[test]
    fn auto_detect_off_ignores_unlisted_columns() {
        let m = Mapping::parse(r#"{"columns": {"Mail": "email"}, "auto_detect": false}"#).unwrap();
        let mut r = Resolver::new(EntityKind::Candidates, Some(&m)).unwrap();
        assert!(r.resolve("Mail").is_some());
        assert!(r.resolve("Email").is_none());
    }

    #[test]
    fn report_lists_each_column_once() {
        let mut r = Resolver::new(EntityKind::Candidates, None).unwrap();
        let mut report = HeaderReport::default();
        for c in ["Pay Rate", "Zip", "Pay Rate"] {
            let t = r.resolve(c);
            report.note(c, t.as_ref());
        }
        assert_eq!(
            report.to_string(),
            "mapped: \"Pay Rate\" → rate\nignored: [\"Zip\"]\n"
        );
        assert_eq!(report.field_of("Pay Rate"), Some("rate"));
    }
}
