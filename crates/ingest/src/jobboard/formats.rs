//! The three public job-board formats and the board-neutral shape they are read into:
//! recognising a file's format from its JSON, and the small readers the per-board
//! mappers in [`super::boards`] share (board vocabularies, pay ranges, company slugs).

use hireloop_domain::values::{Currency, EmploymentType, Money, Rate, RateUnit, RemoteMode};
use serde::Serialize;
use serde_json::Value;

use crate::requirement::Pay;

/// Which board a file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardFormat {
    Greenhouse,
    Lever,
    Ashby,
}

impl BoardFormat {
    /// The `source` a requirement from this board carries.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Greenhouse => "greenhouse",
            Self::Lever => "lever",
            Self::Ashby => "ashby",
        }
    }
}

/// One posting in the board-neutral shape.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Posting {
    pub title: String,
    pub url: Option<String>,
    pub company: Option<String>,
    pub location: Option<String>,
    pub remote: Option<RemoteMode>,
    /// Plain text: HTML already turned into lines.
    pub description: String,
    pub employment: Option<EmploymentType>,
    pub pay: Option<Pay>,
    pub department: Option<String>,
}

/// Recognises the format from the JSON's shape, and returns it with its postings.
pub(crate) fn detect(v: &Value) -> Option<(BoardFormat, Vec<&Value>)> {
    let has = |o: &Value, keys: &[&str]| keys.iter().any(|k| o.get(*k).is_some());
    const GREENHOUSE: &[&str] = &["absolute_url", "internal_job_id", "requisition_id"];
    const ASHBY: &[&str] = &[
        "jobUrl",
        "descriptionHtml",
        "descriptionPlain",
        "isRemote",
        "isListed",
    ];
    const LEVER: &[&str] = &["hostedUrl", "categories", "descriptionPlain", "lists"];
    match v {
        Value::Array(items) => {
            let lever = items
                .iter()
                .all(|i| i.is_object() && i.get("text").is_some() && has(i, LEVER));
            lever.then(|| (BoardFormat::Lever, items.iter().collect()))
        }
        Value::Object(o) => match o.get("jobs") {
            Some(Value::Array(jobs)) => {
                let all = |keys: &[&str]| !jobs.is_empty() && jobs.iter().all(|j| has(j, keys));
                let format = if all(GREENHOUSE) || (jobs.is_empty() && o.contains_key("meta")) {
                    BoardFormat::Greenhouse
                } else if all(ASHBY) || (jobs.is_empty() && o.contains_key("apiVersion")) {
                    BoardFormat::Ashby
                } else {
                    return None;
                };
                Some((format, jobs.iter().collect()))
            }
            Some(_) => None,
            // One posting on its own, as the boards' single-job endpoints return it.
            None if has(v, &["absolute_url"]) => Some((BoardFormat::Greenhouse, vec![v])),
            None if has(v, &["hostedUrl"]) => Some((BoardFormat::Lever, vec![v])),
            None if has(v, &["jobUrl"]) => Some((BoardFormat::Ashby, vec![v])),
            None => None,
        },
        _ => None,
    }
}

pub(super) fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub(super) fn owned(v: &Value, key: &str) -> Option<String> {
    text(v, key).map(str::to_string)
}

/// The first path segment after the host: the company's slug on hosted boards
/// ("https://jobs.lever.co/acme/…" → "acme").
pub(super) fn slug(url: Option<&str>) -> Option<String> {
    let rest = url?.split_once("://")?.1;
    let seg = rest.split('/').nth(1)?.split(['?', '#']).next()?;
    (!seg.is_empty() && seg != "jobs").then(|| seg.to_string())
}

/// An employment type from board vocabularies ("Full-time", "FullTime", "Contract").
pub(super) fn employment(s: &str) -> Option<EmploymentType> {
    let key: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    match key.as_str() {
        "fulltime" | "permanent" | "regular" | "fulltimeemployee" => Some(EmploymentType::Fte),
        k if k.contains("c2c") || k.contains("corptocorp") => Some(EmploymentType::C2c),
        k if k.contains("w2") => Some(EmploymentType::W2),
        k if k.contains("1099") => Some(EmploymentType::Ten99),
        _ => None,
    }
}

pub(super) fn remote_mode(s: &str) -> Option<RemoteMode> {
    RemoteMode::parse(s).ok()
}

/// A pay range from numbers in major units; the unit is inferred from the size when the
/// board gives none (hourly under 500, yearly from 10,000).
pub(super) fn pay_range(
    min: Option<f64>,
    max: Option<f64>,
    currency: Option<&str>,
    unit: Option<RateUnit>,
    written: String,
) -> Option<Pay> {
    let currency = Currency::parse(currency.unwrap_or("USD")).ok()?;
    let top = max.or(min)?;
    let unit = unit.or(if top < 500.0 {
        Some(RateUnit::Hour)
    } else if top >= 10_000.0 {
        Some(RateUnit::Year)
    } else {
        None
    })?;
    let rate = |x: f64| {
        let money = Money::from_decimal(&format!("{:.2}", x.max(0.0)), currency).ok()?;
        Rate::new(money, unit, None).ok()
    };
    let max_rate = rate(top)?;
    let min_rate = min.filter(|m| *m < top).and_then(rate);
    Some(Pay {
        max: Some(max_rate),
        min: min_rate,
        negotiable: false,
        written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_vocabularies() {
        assert_eq!(
            slug(Some("https://jobs.lever.co/acme/123")).as_deref(),
            Some("acme")
        );
        assert_eq!(
            slug(Some("https://boards.greenhouse.io/acme/jobs/9")).as_deref(),
            Some("acme")
        );
        assert_eq!(slug(Some("https://x.example")), None);
        assert_eq!(slug(None), None);
        assert_eq!(employment("Full-time"), Some(EmploymentType::Fte));
        assert_eq!(employment("FullTime"), Some(EmploymentType::Fte));
        assert_eq!(employment("Contract (W2)"), Some(EmploymentType::W2));
        assert_eq!(employment("Contract"), None);
        assert_eq!(remote_mode("on-site"), Some(RemoteMode::Onsite));
        assert_eq!(remote_mode("OnSite"), Some(RemoteMode::Onsite));
    }

    #[test]
    fn pay_ranges() {
        let p = pay_range(
            Some(120_000.0),
            Some(150_000.0),
            Some("USD"),
            None,
            String::new(),
        );
        let show = |p: Option<Pay>| p.and_then(|p| p.max).map(|r| r.to_string());
        assert_eq!(show(p.clone()), Some("150000.00 USD/year".into()));
        assert_eq!(
            p.and_then(|p| p.min).map(|r| r.to_string()).as_deref(),
            Some("120000.00 USD/year")
        );
        assert_eq!(
            show(pay_range(None, Some(65.5), None, None, String::new())),
            Some("65.50 USD/hour".into())
        );
        assert_eq!(
            show(pay_range(Some(800.0), None, None, None, String::new())),
            None,
            "unit unknown"
        );
        assert_eq!(
            show(pay_range(
                Some(0.0),
                Some(0.0),
                None,
                Some(RateUnit::Hour),
                String::new()
            )),
            None
        );
        assert_eq!(
            show(pay_range(
                Some(1.0),
                Some(f64::NAN),
                None,
                Some(RateUnit::Hour),
                String::new()
            )),
            None
        );
        assert_eq!(
            show(pay_range(
                Some(1.0),
                Some(2.0),
                Some("XYZ1"),
                Some(RateUnit::Hour),
                String::new()
            )),
            None
        );
    }
}
