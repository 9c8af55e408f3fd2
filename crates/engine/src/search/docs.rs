//! What the search index keeps of a candidate or a requirement.

use hireloop_domain::entities::{Candidate, Requirement};
use hireloop_domain::values::Rate;
use hireloop_search::{Attrs, Doc};
use uuid::Uuid;

/// A rate per hour in major units of its currency.
fn hourly(rate: &Rate) -> f64 {
    let minor = rate.hourly_equivalent_minor() as f64;
    minor / 10f64.powi(i32::from(rate.currency().exponent()))
}

fn push(text: &mut String, part: &str) {
    let part = part.trim();
    if part.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push_str(". ");
    }
    text.push_str(part);
}

/// A candidate as the index sees it, and the text its vector is made from.
pub fn candidate_doc(id: Uuid, c: &Candidate) -> (Doc, String) {
    let mut exact = Vec::new();
    exact.extend(c.external_id.clone());
    exact.extend(c.email.as_ref().map(|e| e.as_str().to_string()));
    if let Some(p) = &c.phone {
        exact.push(p.as_str().to_string());
        let digits: String = p.as_str().chars().filter(char::is_ascii_digit).collect();
        if !digits.is_empty() && digits != p.as_str() {
            exact.push(digits);
        }
    }
    let mut titles: Vec<String> = c.headline.iter().cloned().collect();
    titles.extend(c.experience.iter().filter_map(|p| p.title.clone()));
    let skills: Vec<String> = c
        .skills
        .iter()
        .map(|s| s.name().as_str().to_string())
        .collect();
    let companies: Vec<String> = c.experience.iter().map(|p| p.employer.clone()).collect();
    let mut text = String::new();
    push(&mut text, c.summary.as_deref().unwrap_or(""));
    for q in &c.education {
        push(&mut text, q.degree.as_deref().unwrap_or(""));
        push(&mut text, q.institution.as_deref().unwrap_or(""));
    }
    for cert in &c.certifications {
        push(&mut text, cert);
    }
    for t in &c.tags {
        push(&mut text, t);
    }
    if let Some(l) = &c.location {
        push(&mut text, &l.display());
    }
    let attrs = Attrs::new()
        .with_status(c.status.as_str())
        .with_remote(c.remote_preference)
        .with_relocate(c.willing_to_relocate)
        .with_auth(&[c.work_authorization])
        .with_point(c.location.as_ref().and_then(|l| l.point()))
        .with_available(c.available_from.map(|d| d.date()))
        .with_rate(c.rate.as_ref().map(hourly));
    // What the person does, then what they know, then the rest: the static embedder
    // weighs every word alike, so the embedded text leaves out names and contact data.
    let mut meaning = String::new();
    for t in &titles {
        push(&mut meaning, t);
    }
    push(&mut meaning, &skills.join(", "));
    push(&mut meaning, c.summary.as_deref().unwrap_or(""));
    let doc = Doc {
        id,
        exact,
        name: c.name(),
        titles,
        skills,
        companies,
        text,
        attrs,
        refs: Vec::new(),
        vector: None,
    };
    (doc, meaning)
}

/// A requirement as the index sees it (with its company's name when known), and the
/// text its vector is made from.
pub fn requirement_doc(id: Uuid, r: &Requirement, company: Option<&str>) -> (Doc, String) {
    let mut exact = Vec::new();
    exact.extend(r.external_id.clone());
    let mut skills: Vec<String> = r
        .required_skills
        .iter()
        .map(|s| s.name().as_str().to_string())
        .collect();
    skills.extend(
        r.preferred_skills
            .iter()
            .map(|s| s.name().as_str().to_string()),
    );
    let mut text = String::new();
    push(&mut text, r.description.as_deref().unwrap_or(""));
    for t in &r.tags {
        push(&mut text, t);
    }
    if let Some(l) = &r.location {
        push(&mut text, &l.display());
    }
    let attrs = Attrs::new()
        .with_status(r.status.as_str())
        .with_remote(r.remote_mode)
        .with_auth(&r.work_authorizations)
        .with_point(r.location.as_ref().and_then(|l| l.point()))
        .with_available(r.start_date)
        .with_rate(r.rate_budget.as_ref().map(hourly));
    let mut meaning = String::new();
    push(&mut meaning, &r.title);
    push(&mut meaning, &skills.join(", "));
    push(&mut meaning, r.description.as_deref().unwrap_or(""));
    let doc = Doc {
        id,
        exact,
        name: r.title.clone(),
        titles: vec![r.title.clone()],
        skills,
        companies: company.map(str::to_string).into_iter().collect(),
        text,
        attrs,
        refs: r.company_id.map(|c| c.as_uuid()).into_iter().collect(),
        vector: None,
    };
    (doc, meaning)
}
