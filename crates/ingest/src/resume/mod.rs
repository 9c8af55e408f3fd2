//! Resume field extraction: plain resume text in, the fields a recruiter needs out, each
//! with a confidence and the byte span it came from, so low-confidence values can be
//! reviewed by a person before they are saved.
//!
//! The input is text already extracted from a file (line breaks preserved). The parser is
//! heuristic and deterministic: it finds section headings, reads the contact block, the
//! work history (titles, employers, date ranges), education, skills (through a
//! [`SkillSpotter`]) and a few extras. It never panics, whatever the input.

mod candidate;
mod contact;
mod date_grammar;
mod dates;
mod education;
mod entries;
mod experience;
mod extras;
mod header;
mod header_fields;
mod headings;
mod links;
mod names;
mod phones;
mod places;
mod rates;
mod sections;
mod skills;
mod text;
mod vocab;

#[cfg(test)]
mod layout_tests;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use hireloop_domain::values::{AvailabilityDate, Location, Phone, Rate, WorkAuthorization};
use serde::{Deserialize, Serialize};

pub use candidate::to_candidate_json;
pub use dates::YearMonth;

/// Fields whose confidence is below this are listed in [`ResumeParse::review`].
pub const REVIEW_THRESHOLD: f32 = 0.6;

/// Finds skill mentions in text; the skill taxonomy implements this (another module,
/// landing separately), and a context classifier can filter it later.
pub trait SkillSpotter {
    fn spot(&self, text: &str) -> Vec<SkillMention>;
}

/// One skill found by a [`SkillSpotter`]: its canonical name and the byte span of the
/// mention in the text the spotter was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillMention {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// A value read from the text, how sure the parser is of it (0 to 1), and where it was
/// found (byte offsets into the parsed text, end exclusive) when it came from one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field<T> {
    pub value: T,
    pub confidence: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

impl<T> Field<T> {
    /// A value found at `start..end`.
    pub fn at(value: T, confidence: f32, start: usize, end: usize) -> Self {
        Self {
            value,
            confidence: round_confidence(confidence),
            start: Some(start),
            end: Some(end),
        }
    }

    /// A value derived from several places (a total, a fallback).
    pub fn derived(value: T, confidence: f32) -> Self {
        Self {
            value,
            confidence: round_confidence(confidence),
            start: None,
            end: None,
        }
    }
}

/// Confidences are kept to two decimals so output is stable and readable.
fn round_confidence(c: f32) -> f32 {
    if c.is_finite() {
        (c.clamp(0.0, 1.0) * 100.0).round() / 100.0
    } else {
        0.0
    }
}

/// What a part of the resume is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Contact,
    Summary,
    Experience,
    Education,
    Skills,
    Certifications,
    Projects,
    Other,
}

/// A part of the resume: its kind, the heading that opened it (none for the top block),
/// its byte span, and how sure the parser is of the kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub kind: SectionKind,
    pub heading: Option<String>,
    pub start: usize,
    pub end: usize,
    pub confidence: f32,
}

/// What a link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Linkedin,
    Github,
    /// A personal site, portfolio or code showcase (GitHub Pages, Behance, Dribbble …).
    Portfolio,
    /// A job-board profile that relays messages to the person ("Email me on Indeed:
    /// indeed.com/r/…"), the way to reach them when no e-mail address is given.
    JobBoard,
    Other,
}

/// A web link, as an absolute URL ("https://www.linkedin.com/in/jane-doe").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    pub url: String,
}

/// One job in the work history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Employment {
    pub company: Field<String>,
    pub title: Option<Field<String>>,
    /// Where the job was, as written ("Bengaluru, Karnataka").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Field<String>>,
    pub start: Option<YearMonth>,
    pub end: Option<YearMonth>,
    /// The job's end is "Present" (or a date not yet passed).
    pub current: bool,
    pub confidence: f32,
}

/// One degree, diploma or school-leaving certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Education {
    pub degree: Option<Field<String>>,
    pub institution: Option<Field<String>>,
    /// The year it was completed (or the last year mentioned with it).
    pub year: Option<Field<u16>>,
}

/// Everything read from one resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResumeParse {
    pub sections: Vec<Section>,
    pub name: Option<Field<String>>,
    pub email: Option<Field<String>>,
    /// Normalised through the domain phone type: E.164 when the country is known.
    pub phone: Option<Field<Phone>>,
    pub location: Option<Field<Location>>,
    pub current_title: Option<Field<String>>,
    pub links: Vec<Field<Link>>,
    pub employers: Vec<Employment>,
    /// Years covered by the work history's date ranges, overlaps counted once.
    pub total_years: Option<Field<f32>>,
    pub education: Vec<Education>,
    pub skills: Vec<Field<String>>,
    pub certifications: Vec<Field<String>>,
    pub work_authorization: Option<Field<WorkAuthorization>>,
    pub expected_rate: Option<Field<Rate>>,
    pub availability: Option<Field<AvailabilityDate>>,
    /// Paths of fields whose confidence is below [`REVIEW_THRESHOLD`] ("employers[1].title").
    pub review: Vec<String>,
}

/// Reads a resume. `skills` finds skill mentions; `today` stands for "Present" in date
/// ranges and anchors relative dates ("notice period: 30 days").
pub fn parse_resume(text: &str, skills: &dyn SkillSpotter, today: NaiveDate) -> ResumeParse {
    let lines = text::lines(text);
    let layout = sections::split(&lines);
    let contact = contact::extract(text, &lines, &layout);
    let work = experience::extract(&lines, &layout, today);
    let education = education::extract(&lines, &layout, today);
    let found_skills = skills::extract(text, &lines, &layout, skills);
    let extras = extras::extract(&lines, &layout, today);
    let mut employers = work.employers;
    // The headline's employer ("Engineer - Acme") stands in for a history we could not read.
    if employers.is_empty()
        && let Some(company) = contact.headline_company
    {
        employers.push(Employment {
            confidence: round_confidence(company.confidence * 0.8),
            company,
            title: contact.headline_title.clone(),
            location: None,
            start: None,
            end: None,
            current: true,
        });
    }
    let current_title = pick_current_title(contact.headline_title, &employers);
    let mut parse = ResumeParse {
        sections: layout.public_sections(&lines),
        name: contact.name,
        email: contact.email,
        phone: contact.phone,
        location: contact.location,
        current_title,
        links: contact.links,
        employers,
        total_years: work.total_years,
        education,
        skills: found_skills,
        certifications: extras.certifications,
        work_authorization: extras.work_authorization,
        expected_rate: extras.expected_rate,
        availability: extras.availability,
        review: Vec::new(),
    };
    parse.review = review_paths(&parse);
    parse
}

/// The headline under the name when it reads like a job title; otherwise the title of the
/// current (or most recent) job.
fn pick_current_title(
    headline: Option<Field<String>>,
    employers: &[Employment],
) -> Option<Field<String>> {
    if headline.is_some() {
        return headline;
    }
    let job = employers
        .iter()
        .find(|e| e.current && e.title.is_some())
        .or_else(|| {
            employers
                .iter()
                .filter(|e| e.title.is_some())
                .max_by_key(|e| e.end.or(e.start))
        })?;
    let title = job.title.clone()?;
    let confidence = title.confidence * if job.current { 0.95 } else { 0.75 };
    Some(Field {
        confidence: round_confidence(confidence),
        ..title
    })
}

/// Lists every field below the review threshold, by its path in the serialised output.
fn review_paths(p: &ResumeParse) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |path: String, c: Option<f32>| {
        if c.is_some_and(|c| c < REVIEW_THRESHOLD) {
            out.push(path);
        }
    };
    check("name".into(), p.name.as_ref().map(|f| f.confidence));
    check("email".into(), p.email.as_ref().map(|f| f.confidence));
    check("phone".into(), p.phone.as_ref().map(|f| f.confidence));
    check("location".into(), p.location.as_ref().map(|f| f.confidence));
    let title = p.current_title.as_ref().map(|f| f.confidence);
    check("current_title".into(), title);
    for (i, l) in p.links.iter().enumerate() {
        check(format!("links[{i}]"), Some(l.confidence));
    }
    for (i, e) in p.employers.iter().enumerate() {
        check(
            format!("employers[{i}].company"),
            Some(e.company.confidence),
        );
        let title = e.title.as_ref().map(|f| f.confidence);
        check(format!("employers[{i}].title"), title);
    }
    check(
        "total_years".into(),
        p.total_years.as_ref().map(|f| f.confidence),
    );
    for (i, e) in p.education.iter().enumerate() {
        check(
            format!("education[{i}].degree"),
            e.degree.as_ref().map(|f| f.confidence),
        );
        let inst = e.institution.as_ref().map(|f| f.confidence);
        check(format!("education[{i}].institution"), inst);
        check(
            format!("education[{i}].year"),
            e.year.as_ref().map(|f| f.confidence),
        );
    }
    for (i, s) in p.skills.iter().enumerate() {
        check(format!("skills[{i}]"), Some(s.confidence));
    }
    for (i, s) in p.certifications.iter().enumerate() {
        check(format!("certifications[{i}]"), Some(s.confidence));
    }
    let auth = p.work_authorization.as_ref().map(|f| f.confidence);
    check("work_authorization".into(), auth);
    check(
        "expected_rate".into(),
        p.expected_rate.as_ref().map(|f| f.confidence),
    );
    check(
        "availability".into(),
        p.availability.as_ref().map(|f| f.confidence),
    );
    out
}
