//! Requirement fields from free text: a pasted job description or a recruiter's e-mail
//! body. Every field carries a confidence and the span it was read from, so a recruiter
//! can check it; fields below [`REVIEW_BELOW`] are listed for review.
//!
//! Labelled lines ("Rate: $70/hr C2C") are read first and trusted most; prose is read
//! with heuristics only where no label said the same thing. Values go through the same
//! readers the bulk importer uses (rates, dates, durations, places), so a requirement
//! typed into a spreadsheet and one pasted from an e-mail come out alike.

mod auth;
mod auth_words;
mod body;
mod contact;
pub(crate) mod headline;
mod json;
mod label_words;
mod labels;
mod pay;
mod place;
mod place_prose;
mod rate_span;
mod remote;
mod skills;
mod start;
mod terms;
pub(crate) mod text;
mod title;
mod years;

use chrono::NaiveDate;
use hireloop_domain::values::{
    EmploymentType, Location, Rate, RemoteMode, WorkAuthorization, YearsExperience,
};
use serde::Serialize;

use crate::document::normalize::normalize;
use crate::skills::Taxonomy;
use labels::Labelled;

pub(crate) use contact::{emails_in as contact_emails, looks_like_name as looks_like_person};
pub use json::to_requirement_json;
pub(crate) use json::{clip_tag, keep_valid};
pub(crate) use place::parse_place as read_place;

/// Fields read with less confidence than this are listed in [`RequirementParse::review`].
pub const REVIEW_BELOW: f64 = 0.7;

/// Longer input is cut to this many bytes before parsing: a job description is a few
/// kilobytes, and every heuristic here is at worst linear in the text per field.
pub const MAX_TEXT_BYTES: usize = 200_000;

/// Where a field's evidence was found; `start`/`end` index that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// [`RequirementParse::text`].
    Text,
    /// The e-mail's subject line.
    Subject,
    /// The e-mail's sender (From header, or the From line of a forwarded message).
    Sender,
    /// The text of an attached job description.
    Attachment,
    /// A structured field of a job-board posting.
    Board,
}

/// One extracted value with how sure the parser is and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field<T> {
    pub value: T,
    /// From 0 (a guess) to 1 (stated outright).
    pub confidence: f64,
    /// Byte offsets of the evidence in the text named by `origin`.
    pub start: usize,
    pub end: usize,
    pub origin: Origin,
}

impl<T> Field<T> {
    pub(crate) fn new(value: T, confidence: f64, start: usize, end: usize) -> Self {
        Self {
            value,
            confidence,
            start,
            end,
            origin: Origin::Text,
        }
    }
}

/// A rate or budget as stated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pay {
    /// The most the client pays: the top of a range, or the only figure.
    pub max: Option<Rate>,
    /// The bottom of a range ("120-140k" → 120k); absent for a single figure.
    pub min: Option<Rate>,
    /// "DOE", "negotiable", "market rate": no figure, on purpose.
    pub negotiable: bool,
    /// The words it was read from.
    pub written: String,
}

/// Which work authorisations the requirement accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkAuthLimits {
    /// The accepted authorisations; empty means any (see `excluded`).
    pub allowed: Vec<WorkAuthorization>,
    /// Ones ruled out ("No H1B", "cannot sponsor").
    pub excluded: Vec<WorkAuthorization>,
}

/// Who sent the requirement: the vendor's recruiter.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VendorContact {
    pub name: Option<Field<String>>,
    pub email: Option<Field<String>>,
    /// E.164 when the number could be read as one, else as written.
    pub phone: Option<Field<String>>,
}

/// Everything read from one requirement text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementParse {
    /// The cleaned text that `Origin::Text` offsets index.
    pub text: String,
    pub title: Option<Field<String>>,
    pub client: Option<Field<String>>,
    pub end_client: Option<Field<String>>,
    pub contact: VendorContact,
    pub location: Option<Field<Location>>,
    pub remote_mode: Option<Field<RemoteMode>>,
    pub duration_months: Option<Field<u16>>,
    pub start_date: Option<Field<NaiveDate>>,
    pub pay: Option<Field<Pay>>,
    pub employment_type: Option<Field<EmploymentType>>,
    pub required_skills: Vec<Field<String>>,
    pub preferred_skills: Vec<Field<String>>,
    pub min_years: Option<Field<YearsExperience>>,
    pub max_years: Option<Field<YearsExperience>>,
    pub work_authorizations: Option<Field<WorkAuthLimits>>,
    pub openings: Option<Field<u16>>,
    /// The requirement itself: the text without greeting, signature and disclaimer.
    pub description: Field<String>,
    /// Names of fields read with confidence below [`REVIEW_BELOW`], and `title` when none
    /// was found (a requirement cannot be saved without one).
    pub review: Vec<String>,
    /// Things about the input worth knowing ("the text was cut to 200000 bytes").
    pub warnings: Vec<String>,
}

/// What every field reader sees.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    /// `text` ASCII-lowercased: same length, same offsets.
    pub lower: String,
    pub labels: Vec<Labelled>,
    /// The description's span (no greeting, signature or disclaimer).
    pub body: (usize, usize),
    pub today: NaiveDate,
}

impl Ctx<'_> {
    fn label(&self, kind: labels::Label) -> Option<Labelled> {
        labels::first(&self.labels, kind, self.text)
    }

    fn value(&self, l: &Labelled) -> &str {
        l.value(self.text)
    }
}

/// Reads a requirement out of `text`. Never fails: what cannot be read is left out (and
/// `title` is listed for review when absent). `today` gives "ASAP" and year-less dates
/// their meaning.
pub fn parse_requirement(text: &str, taxonomy: &Taxonomy, today: NaiveDate) -> RequirementParse {
    let mut warnings = Vec::new();
    let cut = labels::floor_boundary(text, MAX_TEXT_BYTES);
    if cut < text.len() {
        warnings.push(format!(
            "the text is {} bytes; only the first {cut} were read",
            text.len()
        ));
    }
    let cleaned = normalize(&text[..cut]);
    let labels = labels::labelled_lines(&cleaned);
    let body = body::body_bounds(&cleaned);
    let ctx = Ctx {
        lower: cleaned.to_ascii_lowercase(),
        text: &cleaned,
        labels,
        body,
        today,
    };
    let (location, remote_mode) = place::extract(&ctx);
    let (pay, pay_type) = pay::extract(&ctx);
    let employment_type = pay::employment_type(&ctx, pay_type);
    let (min_years, max_years) = years::extract(&ctx);
    let title = title::extract(&ctx);
    let title_span = title
        .as_ref()
        .filter(|t| t.end > t.start)
        .map(|t| (t.start, t.end));
    let (required_skills, preferred_skills) = skills::extract(&ctx, taxonomy, title_span);
    let mut parse = RequirementParse {
        title,
        client: contact::labelled_name(&ctx, labels::Label::Client),
        end_client: contact::labelled_name(&ctx, labels::Label::EndClient),
        contact: contact::vendor(&ctx),
        location,
        remote_mode,
        duration_months: terms::duration(&ctx),
        start_date: start::start_date(&ctx),
        pay,
        employment_type,
        required_skills,
        preferred_skills,
        min_years,
        max_years,
        work_authorizations: auth::extract(&ctx),
        openings: terms::openings(&ctx),
        description: Field::new(
            cleaned.get(body.0..body.1).unwrap_or("").to_string(),
            1.0,
            body.0,
            body.1,
        ),
        review: Vec::new(),
        warnings,
        text: String::new(),
    };
    parse.text = cleaned;
    parse.refresh_review();
    parse
}

/// Whether `text` holds a requirement rather than a cover note ("please see attached"):
/// enough words between greeting and signature, or at least two labelled facts.
pub(crate) fn looks_substantive(text: &str) -> bool {
    let cleaned = normalize(text);
    let (s, e) = body::body_bounds(&cleaned);
    let words = cleaned.get(s..e).unwrap_or("").split_whitespace().count();
    let facts = labels::labelled_lines(&cleaned)
        .iter()
        .filter(|l| {
            !matches!(
                l.label,
                labels::Label::Other
                    | labels::Label::Email
                    | labels::Label::Phone
                    | labels::Label::ContactName
            )
        })
        .count();
    words >= 25 || facts >= 2
}

impl RequirementParse {
    /// Recomputes [`RequirementParse::review`] after fields were changed (the e-mail and
    /// job-board readers fill fields from the subject, sender or structured data).
    pub fn refresh_review(&mut self) {
        let low = |c: Option<f64>| c.is_some_and(|c| c < REVIEW_BELOW);
        let skills_low = |v: &[Field<String>]| v.iter().any(|f| f.confidence < REVIEW_BELOW);
        let checks = [
            (
                "title",
                self.title
                    .as_ref()
                    .is_none_or(|f| f.confidence < REVIEW_BELOW),
            ),
            ("client", low(conf(&self.client))),
            ("end_client", low(conf(&self.end_client))),
            ("contact.name", low(conf(&self.contact.name))),
            ("contact.email", low(conf(&self.contact.email))),
            ("contact.phone", low(conf(&self.contact.phone))),
            ("location", low(conf(&self.location))),
            ("remote_mode", low(conf(&self.remote_mode))),
            ("duration_months", low(conf(&self.duration_months))),
            ("start_date", low(conf(&self.start_date))),
            ("pay", low(conf(&self.pay))),
            ("employment_type", low(conf(&self.employment_type))),
            ("required_skills", skills_low(&self.required_skills)),
            ("preferred_skills", skills_low(&self.preferred_skills)),
            ("min_years", low(conf(&self.min_years))),
            ("max_years", low(conf(&self.max_years))),
            ("work_authorizations", low(conf(&self.work_authorizations))),
            ("openings", low(conf(&self.openings))),
        ];
        self.review = checks
            .into_iter()
            .filter(|(_, flag)| *flag)
            .map(|(name, _)| name.to_string())
            .collect();
    }
}

fn conf<T>(f: &Option<Field<T>>) -> Option<f64> {
    f.as_ref().map(|f| f.confidence)
}

#[cfg(test)]
mod tests;
