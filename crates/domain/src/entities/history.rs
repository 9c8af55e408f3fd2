//! A person's work history, education and certifications, as a resume gives them.

use serde::{Deserialize, Serialize};

use super::text;
use crate::error::ValidationErrors;

/// One job in a work history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// The employer (or client, for a contractor).
    pub employer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the job was, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `YYYY-MM` (or `YYYY` when only the year is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2019-04")]
    pub start: Option<String>,
    /// `YYYY-MM` or `YYYY`; absent while `current`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Still in this job.
    #[serde(default)]
    pub current: bool,
}

/// One degree, diploma or school-leaving certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
    /// The year it was completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1900, maximum = 2100)]
    pub year: Option<u16>,
}

/// Most entries a history list holds.
const MAX_ENTRIES: usize = 50;

/// `YYYY` or `YYYY-MM` with a real month and a year from 1900 to 2100.
fn valid_month(s: &str) -> bool {
    let (y, m) = match s.split_once('-') {
        Some((y, m)) => (y, Some(m)),
        None => (s, None),
    };
    let year_ok = y.len() == 4
        && y.bytes().all(|b| b.is_ascii_digit())
        && (1900..=2100).contains(&y.parse::<u16>().unwrap_or(0));
    let month_ok = m.is_none_or(|m| {
        m.len() == 2
            && m.bytes().all(|b| b.is_ascii_digit())
            && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
    });
    year_ok && month_ok
}

fn month(errors: &mut ValidationErrors, path: &str, v: &mut Option<String>) {
    text::optional(errors, path, v, 7);
    if let Some(s) = v.as_deref()
        && !valid_month(s)
    {
        errors.push(
            path,
            format!("'{s}' is not a month as YYYY-MM (or a year as YYYY)"),
        );
    }
}

pub(crate) fn positions(errors: &mut ValidationErrors, path: &str, list: &mut [Position]) {
    if list.len() > MAX_ENTRIES {
        errors.push(path, format!("at most {MAX_ENTRIES} positions"));
    }
    for (i, p) in list.iter_mut().enumerate() {
        let at = |f: &str| format!("{path}[{i}].{f}");
        text::required(errors, &at("employer"), &mut p.employer, 200);
        text::optional(errors, &at("title"), &mut p.title, 200);
        text::optional(errors, &at("location"), &mut p.location, 200);
        month(errors, &at("start"), &mut p.start);
        month(errors, &at("end"), &mut p.end);
        if let (Some(s), Some(e)) = (&p.start, &p.end)
            && valid_month(s)
            && valid_month(e)
            && e < s
            && !e.starts_with(s.as_str())
            && !s.starts_with(e.as_str())
        {
            errors.push(at("end"), format!("ends ({e}) before it starts ({s})"));
        }
        if p.current && p.end.is_some() {
            errors.push(at("end"), "a current position has no end");
        }
    }
}

pub(crate) fn qualifications(
    errors: &mut ValidationErrors,
    path: &str,
    list: &mut [Qualification],
) {
    if list.len() > MAX_ENTRIES {
        errors.push(path, format!("at most {MAX_ENTRIES} qualifications"));
    }
    for (i, q) in list.iter_mut().enumerate() {
        let at = |f: &str| format!("{path}[{i}].{f}");
        text::optional(errors, &at("degree"), &mut q.degree, 200);
        text::optional(errors, &at("institution"), &mut q.institution, 200);
        if q.degree.is_none() && q.institution.is_none() {
            errors.push(
                at("degree"),
                "a qualification needs a degree or an institution",
            );
        }
        if let Some(y) = q.year
            && !(1900..=2100).contains(&y)
        {
            errors.push(at("year"), format!("{y} is not a year from 1900 to 2100"));
        }
    }
}

/// Certification names: trimmed, non-empty, unique (case-insensitively), at most 50 of
/// 200 characters.
pub(crate) fn certifications(errors: &mut ValidationErrors, path: &str, list: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, c) in list.drain(..).enumerate() {
        let mut o = Some(c);
        text::optional(errors, &format!("{path}[{i}]"), &mut o, 200);
        if let Some(c) = o
            && seen.insert(c.to_lowercase())
        {
            out.push(c);
        }
    }
    if out.len() > MAX_ENTRIES {
        errors.push(path, format!("at most {MAX_ENTRIES} certifications"));
    }
    *list = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_year_or_year_month() {
        for ok in ["2019", "2019-04", "1900-01", "2100-12"] {
            assert!(valid_month(ok), "{ok}");
        }
        for bad in [
            "19", "2019-4", "2019-13", "2019-00", "1899", "2019/04", "abcd-01",
        ] {
            assert!(!valid_month(bad), "{bad}");
        }
    }

    #[test]
    fn a_position_ending_before_it_starts_is_refused() {
        let mut e = ValidationErrors::new();
        let mut list = vec![Position {
            employer: " Acme ".into(),
            title: None,
            location: None,
            start: Some("2020-05".into()),
            end: Some("2019-01".into()),
            current: false,
        }];
        positions(&mut e, "experience", &mut list);
        let err = e.finish(|| ()).unwrap_err();
        assert_eq!(err.0[0].path, "experience[0].end");
        assert_eq!(list[0].employer, "Acme");
        // A year-only end within the start's year is fine.
        let mut e = ValidationErrors::new();
        list[0].start = Some("2019-05".into());
        list[0].end = Some("2019".into());
        positions(&mut e, "experience", &mut list);
        assert!(e.finish(|| ()).is_ok());
    }

    #[test]
    fn certifications_fold_case_and_drop_blanks() {
        let mut e = ValidationErrors::new();
        let mut list = vec!["AWS SA".into(), "aws sa".into(), "  ".into(), "CKA".into()];
        certifications(&mut e, "certifications", &mut list);
        assert!(e.finish(|| ()).is_ok());
        assert_eq!(list, vec!["AWS SA", "CKA"]);
    }
}
