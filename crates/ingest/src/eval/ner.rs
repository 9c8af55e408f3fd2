//! Field extraction measured against labelled resumes (JSON Lines: one resume per line,
//! `{"content": text, "annotation": [{"label": [..], "points": [{"start", "end", "text"}]}]}`).
//!
//! # Matching rule
//!
//! For each resume and each field, the set of normalised predicted values is compared with
//! the set of normalised gold values; true positives are the values in both, false positives
//! the predicted values not in gold, false negatives the gold values not predicted. Counts
//! are summed over resumes (micro-average) and precision, recall and F1 computed from the
//! sums (0 when a denominator is 0). Normalising case-folds, collapses whitespace and trims
//! punctuation and spaces from both ends ("Bengaluru," = "bengaluru").
//!
//! A resume is scored on a field only when its annotation labels that field at least once
//! (phone excepted: its gold comes from the content). This format's annotators skipped
//! fields in some resumes (about one in six has no "Email Address" label though each shows
//! its contact link), so an unlabelled field means "not annotated", not "absent"; scoring it
//! would measure the annotators, not the parser. Each field reports how many resumes it was
//! scored on.
//!
//! Gold values come from each point's text, looked up in the content near its offset and
//! widened to whole words (the format's offsets are known to be off by a character at
//! times). Label spellings are matched loosely ("Email Address", "email"; "Companies worked
//! at", "company"; "College Name", "college").
//!
//! Per field, the parser's side is:
//! - `name`: the name.
//! - `email`: the contact address. This format labels as "Email Address" what the person is
//!   e-mailed through: an address, or a job board's relay link ("Email me on Indeed:
//!   indeed.com/r/…"). So the parser's e-mail and its job-board links are compared with it,
//!   both reduced to a key (addresses lower-cased; links without scheme, "www.", query and
//!   line breaks).
//! - `phone`: the format has no phone label, so gold phones are the numbers a strict pattern
//!   finds in the content (see `strict_phones`: 10–13 digits, and a '+' country code, a
//!   phone label or the 3-3-4 shape); numbers are compared by their last ten digits.
//! - `location`: the city of where the person lives (or the region, or country, when there
//!   is no city); gold locations are compared up to their first comma. Job places are not
//!   compared: the format labels them in some resumes and not in others.
//! - `designation`: the current title and every job's title.
//! - `companies`: every job's employer.
//! - `degree`, `college`: every education entry's degree and institution.
//! - `skills`: every skill; each gold "Skills" block is split into skill names (see
//!   `split_skills`).

use std::collections::BTreeSet;
use std::io::BufRead;

use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::gold::{contact_key, norm, phone_key, recover_span, split_skills, strict_phones};
use crate::resume::{LinkKind, ResumeParse, SkillSpotter, parse_resume};

/// The fields measured, in report order.
pub const NER_FIELDS: [&str; 9] = [
    "name",
    "email",
    "phone",
    "location",
    "designation",
    "companies",
    "degree",
    "college",
    "skills",
];

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("reading line {line}: {source}")]
    Io {
        line: usize,
        #[source]
        source: std::io::Error,
    },
    #[error("line {line} is not a labelled resume: {message}")]
    Malformed { line: usize, message: String },
}

/// Counts and scores for one field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FieldScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Resumes scored on this field (those whose annotation labels it).
    pub documents: usize,
}

impl FieldScore {
    fn add(&mut self, tp: usize, fp: usize, fn_: usize) {
        self.documents += 1;
        self.tp += tp;
        self.fp += fp;
        self.fn_ += fn_;
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        let sum = self.precision + self.recall;
        self.f1 = if sum == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / sum
        };
    }
}

/// Scores per field, serialized as `{"name": {"precision": …, "recall": …, "f1": …, "tp": …,
/// "fp": …, "fn": …}, "email": …}` in [`NER_FIELDS`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct NerReport {
    scores: [FieldScore; 9],
    documents: usize,
}

impl NerReport {
    /// The score of a field named in [`NER_FIELDS`].
    pub fn field(&self, name: &str) -> Option<&FieldScore> {
        NER_FIELDS
            .iter()
            .position(|f| *f == name)
            .map(|i| &self.scores[i])
    }

    /// How many resumes were read.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// A plain-text table for people.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{:<12} {:>9} {:>6} {:>6} {:>5} {:>5} {:>5} {:>5}\n",
            "field", "precision", "recall", "f1", "tp", "fp", "fn", "docs"
        );
        for (name, f) in NER_FIELDS.iter().zip(&self.scores) {
            s.push_str(&format!(
                "{:<12} {:>9.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5} {:>5}\n",
                name, f.precision, f.recall, f.f1, f.tp, f.fp, f.fn_, f.documents
            ));
        }
        s.push_str(&format!("({} resumes)\n", self.documents));
        s
    }
}

impl Serialize for NerReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(NER_FIELDS.len()))?;
        for (name, f) in NER_FIELDS.iter().zip(&self.scores) {
            m.serialize_entry(name, f)?;
        }
        m.end()
    }
}

/// What one field got wrong in one resume: gold values not predicted, predicted values not
/// in gold (both normalised).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentMiss {
    pub line: usize,
    pub field: &'static str,
    pub missed: Vec<String>,
    pub extra: Vec<String>,
}

/// Parses every resume in `reader` and scores the fields; a line that is not a labelled
/// resume is an error naming its line number (blank lines are skipped).
pub fn evaluate_ner(
    reader: impl BufRead,
    skills: &dyn SkillSpotter,
    today: NaiveDate,
) -> Result<NerReport, EvalError> {
    evaluate_ner_detailed(reader, skills, today).map(|(r, _)| r)
}

/// Like [`evaluate_ner`], and lists every miss, for looking at failures.
pub fn evaluate_ner_detailed(
    reader: impl BufRead,
    skills: &dyn SkillSpotter,
    today: NaiveDate,
) -> Result<(NerReport, Vec<DocumentMiss>), EvalError> {
    let mut report = NerReport {
        scores: [FieldScore::default(); 9],
        documents: 0,
    };
    let mut misses = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|source| EvalError::Io { line: n, source })?;
        if line.trim().is_empty() {
            continue;
        }
        let (content, gold, labelled) =
            read_record(&line).map_err(|message| EvalError::Malformed { line: n, message })?;
        let parse = parse_resume(&content, skills, today);
        let predicted = predicted_sets(&parse);
        report.documents += 1;
        for (k, field) in NER_FIELDS.iter().enumerate() {
            let (g, p) = (&gold[k], &predicted[k]);
            if !labelled[k] {
                continue;
            }
            let tp = g.intersection(p).count();
            report.scores[k].add(tp, p.len() - tp, g.len() - tp);
            if tp < g.len().max(p.len()) {
                misses.push(DocumentMiss {
                    line: n,
                    field,
                    missed: g.difference(p).cloned().collect(),
                    extra: p.difference(g).cloned().collect(),
                });
            }
        }
    }
    Ok((report, misses))
}

type Sets = [BTreeSet<String>; 9];

/// The content, the gold sets and which fields were labelled at all, of one line.
fn read_record(line: &str) -> Result<(String, Sets, [bool; 9]), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let content = v
        .get("content")
        .and_then(Value::as_str)
        .ok_or("no \"content\" string")?
        .to_string();
    let mut gold: Sets = Default::default();
    // Phone gold comes from the content, so every resume is scored on it.
    let mut labelled = [false, false, true, false, false, false, false, false, false];
    let annotations = match v.get("annotation") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => return Err("\"annotation\" is not a list".into()),
    };
    for (k, a) in annotations.iter().enumerate() {
        let labels: Vec<&str> = match a.get("label") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(l)) => l.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let points = match a.get("points") {
            Some(Value::Array(p)) => p.clone(),
            Some(p @ Value::Object(_)) => vec![p.clone()],
            _ => return Err(format!("annotation {k} has no \"points\"")),
        };
        for label in labels {
            let Some(field) = field_of(label) else {
                continue;
            };
            labelled[field] = true;
            for p in &points {
                let num = |name: &str| {
                    p.get(name)
                        .and_then(Value::as_u64)
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or(format!(
                            "annotation {k} has a point without a numeric \"{name}\""
                        ))
                };
                let (start, end) = (num("start")?, num("end")?);
                let text =
                    recover_span(&content, start, p.get("text").and_then(Value::as_str), end);
                add_gold(&mut gold[field], field, &text);
            }
        }
    }
    for phone in strict_phones(&content) {
        gold[2].insert(phone_key(&phone));
    }
    Ok((content, gold, labelled))
}

fn add_gold(set: &mut BTreeSet<String>, field: usize, text: &str) {
    match NER_FIELDS[field] {
        "email" => insert(set, contact_key(text)),
        "phone" => insert(set, phone_key(text)),
        "location" => insert(set, norm(text.split(',').next().unwrap_or_default())),
        "skills" => set.extend(split_skills(text)),
        _ => insert(set, norm(text)),
    }
}

fn insert(set: &mut BTreeSet<String>, key: String) {
    if !key.is_empty() {
        set.insert(key);
    }
}

/// The index in [`NER_FIELDS`] of a label, ignoring case and punctuation.
fn field_of(label: &str) -> Option<usize> {
    let k: String = label
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let name = match k.as_str() {
        "name" | "candidatename" | "fullname" => "name",
        "emailaddress" | "email" | "emailid" | "mail" => "email",
        "phone" | "phonenumber" | "mobile" | "mobilenumber" | "contactnumber" | "telephone" => {
            "phone"
        }
        "location" | "address" | "city" => "location",
        "designation" | "title" | "jobtitle" | "role" => "designation",
        "companiesworkedat" | "company" | "companies" | "companyname" | "employer"
        | "organization" => "companies",
        "degree" | "qualification" => "degree",
        "collegename" | "college" | "university" | "institution" | "school" => "college",
        "skills" | "skill" => "skills",
        _ => return None,
    };
    NER_FIELDS.iter().position(|f| *f == name)
}

/// The parser's values, normalised the same way as gold, per field.
fn predicted_sets(p: &ResumeParse) -> Sets {
    let mut s: Sets = Default::default();
    if let Some(n) = &p.name {
        insert(&mut s[0], norm(&n.value));
    }
    if let Some(e) = &p.email {
        insert(&mut s[1], contact_key(&e.value));
    }
    for l in p
        .links
        .iter()
        .filter(|l| l.value.kind == LinkKind::JobBoard)
    {
        insert(&mut s[1], contact_key(&l.value.url));
    }
    if let Some(ph) = &p.phone {
        insert(&mut s[2], phone_key(&ph.value.to_string()));
    }
    if let Some(l) = &p.location {
        let v = &l.value;
        let place = v
            .city()
            .or(v.region())
            .map(str::to_string)
            .or_else(|| v.country().map(|c| c.name().to_string()));
        insert(&mut s[3], norm(&place.unwrap_or_default()));
    }
    if let Some(t) = &p.current_title {
        insert(&mut s[4], norm(&t.value));
    }
    for e in &p.employers {
        if let Some(t) = &e.title {
            insert(&mut s[4], norm(&t.value));
        }
        insert(&mut s[5], norm(&e.company.value));
    }
    for e in &p.education {
        if let Some(d) = &e.degree {
            insert(&mut s[6], norm(&d.value));
        }
        if let Some(c) = &e.institution {
            insert(&mut s[7], norm(&c.value));
        }
    }
    for k in &p.skills {
        insert(&mut s[8], norm(&k.value));
    }
    s
}

#[cfg(test)]
#[path = "ner_tests.rs"]
mod tests;
