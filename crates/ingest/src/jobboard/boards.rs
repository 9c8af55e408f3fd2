//! One posting of each board into the board-neutral [`Posting`]: Greenhouse's Job Board
//! API (HTML-escaped `content`, `metadata`, `pay_input_ranges`), Lever's Postings API
//! (`categories`, `lists` of requirements, `salaryRange`) and Ashby's Job Postings API
//! (`descriptionHtml`, `address`, `compensation`).

use hireloop_domain::values::{RateUnit, RemoteMode};
use serde_json::Value;

use super::formats::{Posting, employment, owned, pay_range, remote_mode, slug, text};
use crate::document::{decode_entities, html_to_text};

pub(crate) fn greenhouse(j: &Value) -> Posting {
    let url = owned(j, "absolute_url");
    let content = text(j, "content").unwrap_or("");
    // The Job Board API escapes the HTML once more ("&lt;p&gt;"); unescape, then read.
    let description = html_to_text(&decode_entities(content));
    let meta = j.get("metadata").and_then(Value::as_array);
    let meta_value = |names: &[&str]| {
        meta?.iter().find_map(|m| {
            let name = text(m, "name")?.to_ascii_lowercase();
            if !names.iter().any(|n| name.contains(n)) {
                return None;
            }
            match m.get("value") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Array(a)) => a.iter().find_map(Value::as_str).map(str::to_string),
                _ => None,
            }
        })
    };
    let pay = j
        .get("pay_input_ranges")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .and_then(|r| {
            let cents = |k: &str| r.get(k).and_then(Value::as_f64).map(|c| c / 100.0);
            pay_range(
                cents("min_cents"),
                cents("max_cents"),
                text(r, "currency_type"),
                None,
                text(r, "title").unwrap_or("pay range").to_string(),
            )
        });
    let location = j.get("location").and_then(|l| owned(l, "name"));
    Posting {
        title: owned(j, "title").unwrap_or_default(),
        company: owned(j, "company_name").or_else(|| slug(url.as_deref())),
        remote: meta_value(&["remote", "workplace", "location type"])
            .as_deref()
            .and_then(remote_mode),
        employment: meta_value(&["employment type", "job type", "employment"])
            .as_deref()
            .and_then(employment),
        department: j
            .get("departments")
            .and_then(Value::as_array)
            .and_then(|d| d.first())
            .and_then(|d| owned(d, "name")),
        url,
        location,
        description,
        pay,
    }
}

pub(crate) fn lever(j: &Value) -> Posting {
    let url = owned(j, "hostedUrl").or_else(|| owned(j, "applyUrl"));
    let cats = j.get("categories").cloned().unwrap_or(Value::Null);
    let mut description = match text(j, "descriptionPlain") {
        Some(p) => p.to_string(),
        None => html_to_text(text(j, "description").unwrap_or("")),
    };
    // Each list ("Requirements", "Nice to have") becomes a heading with its items, so the
    // skill sections read the same as in a pasted description.
    for list in j
        .get("lists")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let heading = text(list, "text").unwrap_or("");
        let items = html_to_text(text(list, "content").unwrap_or(""));
        description.push_str(&format!("\n\n{}:\n{items}", heading.trim_end_matches(':')));
    }
    let additional = text(j, "additionalPlain")
        .map(str::to_string)
        .or_else(|| text(j, "additional").map(html_to_text));
    if let Some(a) = additional {
        description.push_str("\n\n");
        description.push_str(&a);
    }
    let pay = j.get("salaryRange").and_then(|s| {
        let unit = match text(s, "interval").unwrap_or("") {
            "per-hour-wage" => Some(RateUnit::Hour),
            "per-day-wage" => Some(RateUnit::Day),
            "per-week-salary" => Some(RateUnit::Week),
            "per-month-salary" => Some(RateUnit::Month),
            "per-year-salary" => Some(RateUnit::Year),
            _ => return None,
        };
        let num = |k: &str| s.get(k).and_then(Value::as_f64);
        pay_range(
            num("min"),
            num("max"),
            text(s, "currency"),
            unit,
            text(j, "salaryDescriptionPlain")
                .unwrap_or("salary range")
                .to_string(),
        )
    });
    Posting {
        title: owned(j, "text").unwrap_or_default(),
        company: slug(url.as_deref()),
        location: owned(&cats, "location"),
        remote: text(j, "workplaceType").and_then(remote_mode),
        employment: text(&cats, "commitment").and_then(employment),
        department: owned(&cats, "department").or_else(|| owned(&cats, "team")),
        url,
        description,
        pay,
    }
}

pub(crate) fn ashby(j: &Value) -> Posting {
    let url = owned(j, "jobUrl").or_else(|| owned(j, "applyUrl"));
    let description = match text(j, "descriptionPlain") {
        Some(p) => p.to_string(),
        None => html_to_text(text(j, "descriptionHtml").unwrap_or("")),
    };
    let postal = j.get("address").and_then(|a| a.get("postalAddress"));
    let location = postal
        .and_then(|p| {
            let parts: Vec<&str> = ["addressLocality", "addressRegion", "addressCountry"]
                .iter()
                .filter_map(|k| text(p, k))
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        })
        .or_else(|| owned(j, "location"));
    let remote = text(j, "workplaceType")
        .and_then(remote_mode)
        .or_else(|| (j.get("isRemote") == Some(&Value::Bool(true))).then_some(RemoteMode::Remote));
    let pay = j.get("compensation").and_then(|c| {
        let tiers = c.get("compensationTiers").and_then(Value::as_array)?;
        let comps = tiers
            .iter()
            .filter_map(|t| t.get("components").and_then(Value::as_array))
            .flatten();
        let salary = comps
            .chain(
                c.get("summaryComponents")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            )
            .find(|x| {
                text(x, "compensationType").is_some_and(|t| t.eq_ignore_ascii_case("salary"))
            })?;
        let unit = match text(salary, "interval")
            .unwrap_or("")
            .to_ascii_uppercase()
            .as_str()
        {
            "1 HOUR" => Some(RateUnit::Hour),
            "1 DAY" => Some(RateUnit::Day),
            "1 WEEK" => Some(RateUnit::Week),
            "1 MONTH" => Some(RateUnit::Month),
            "1 YEAR" => Some(RateUnit::Year),
            _ => None,
        };
        let num = |k: &str| salary.get(k).and_then(Value::as_f64);
        let written = text(c, "scrapeableCompensationSalarySummary")
            .or_else(|| text(c, "compensationTierSummary"))
            .unwrap_or("compensation")
            .to_string();
        pay_range(
            num("minValue"),
            num("maxValue"),
            text(salary, "currencyCode"),
            unit,
            written,
        )
    });
    Posting {
        title: owned(j, "title").unwrap_or_default(),
        company: slug(url.as_deref()),
        employment: text(j, "employmentType").and_then(employment),
        department: owned(j, "department").or_else(|| owned(j, "team")),
        url,
        location,
        remote,
        description,
        pay,
    }
}
