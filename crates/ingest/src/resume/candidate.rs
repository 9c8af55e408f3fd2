//! The canonical Candidate JSON built from a parse: the fields the domain's Candidate
//! accepts, each left out when it would not validate.

use hireloop_domain::entities::{Candidate, parse_entity};
use hireloop_domain::values::{PersonName, SkillName, YearsExperience};
use serde_json::{Map, Value, json};

use super::{LinkKind, ResumeParse};

/// Builds the Candidate JSON (first/last name, e-mail, phone, headline, location, years of
/// experience, skills, work authorisation, rate, availability, work history, education,
/// certifications, LinkedIn and GitHub URLs).
///
/// Every field is checked by its domain type first, and the whole object is then checked
/// as a Candidate: a field the Candidate refuses is dropped. A Candidate needs a name, so
/// without one the result does not validate as a Candidate; the caller has to ask for it.
pub fn to_candidate_json(p: &ResumeParse) -> Value {
    let mut m = Map::new();
    if let Some(name) = &p.name
        && let Some((first, last)) = split_name(&name.value)
    {
        m.insert("first_name".into(), json!(first));
        m.insert("last_name".into(), json!(last));
    }
    if let Some(e) = &p.email {
        m.insert("email".into(), json!(e.value));
    }
    if let Some(ph) = &p.phone {
        m.insert("phone".into(), json!(ph.value.to_string()));
    }
    if let Some(t) = &p.current_title
        && t.value.chars().count() <= 200
    {
        m.insert("headline".into(), json!(t.value));
    }
    if let Some(l) = &p.location
        && let Ok(v) = serde_json::to_value(&l.value)
    {
        m.insert("location".into(), v);
    }
    if let Some(y) = &p.total_years
        && let Ok(years) = YearsExperience::new(f64::from(y.value))
    {
        m.insert("years_experience".into(), json!(years.years()));
    }
    let skills: Vec<Value> = p
        .skills
        .iter()
        .filter(|s| SkillName::parse(&s.value).is_ok())
        .take(500)
        .map(|s| json!({ "name": s.value }))
        .collect();
    if !skills.is_empty() {
        m.insert("skills".into(), Value::Array(skills));
    }
    if let Some(w) = &p.work_authorization {
        m.insert("work_authorization".into(), json!(w.value.as_str()));
    }
    if let Some(r) = &p.expected_rate
        && let Ok(v) = serde_json::to_value(r.value)
    {
        m.insert("rate".into(), v);
    }
    if let Some(a) = &p.availability {
        m.insert("available_from".into(), json!(a.value.to_string()));
    }
    let experience: Vec<Value> = p
        .employers
        .iter()
        .map(|e| {
            let mut o = Map::new();
            o.insert("employer".into(), json!(e.company.value));
            if let Some(t) = &e.title {
                o.insert("title".into(), json!(t.value));
            }
            if let Some(l) = &e.location {
                o.insert("location".into(), json!(l.value));
            }
            if let Some(s) = e.start {
                o.insert("start".into(), json!(s.to_string()));
            }
            if e.current {
                o.insert("current".into(), json!(true));
            } else if let Some(end) = e.end {
                o.insert("end".into(), json!(end.to_string()));
            }
            Value::Object(o)
        })
        .filter(|v| fits("experience", v))
        .collect();
    if !experience.is_empty() {
        m.insert("experience".into(), Value::Array(experience));
    }
    let education: Vec<Value> = p
        .education
        .iter()
        .map(|e| {
            let mut o = Map::new();
            if let Some(d) = &e.degree {
                o.insert("degree".into(), json!(d.value));
            }
            if let Some(i) = &e.institution {
                o.insert("institution".into(), json!(i.value));
            }
            if let Some(y) = &e.year {
                o.insert("year".into(), json!(y.value));
            }
            Value::Object(o)
        })
        .filter(|v| fits("education", v))
        .collect();
    if !education.is_empty() {
        m.insert("education".into(), Value::Array(education));
    }
    let certifications: Vec<Value> = p
        .certifications
        .iter()
        .map(|c| json!(c.value))
        .filter(|v| fits("certifications", v))
        .take(50)
        .collect();
    if !certifications.is_empty() {
        m.insert("certifications".into(), Value::Array(certifications));
    }
    for (kind, key) in [
        (LinkKind::Linkedin, "linkedin_url"),
        (LinkKind::Github, "github_url"),
    ] {
        if let Some(l) = p.links.iter().find(|l| l.value.kind == kind) {
            m.insert(key.into(), json!(l.value.url));
        }
    }
    drop_refused(m)
}

/// Whether one entry of the list `key` is one a Candidate accepts, so a bad entry is
/// left out rather than the whole list.
fn fits(key: &str, entry: &Value) -> bool {
    let mut probe = Map::new();
    probe.insert("first_name".into(), json!("A"));
    probe.insert(key.into(), Value::Array(vec![entry.clone()]));
    parse_entity::<Candidate>(Value::Object(probe)).is_ok()
}

/// Re-checks the object as a Candidate and drops the fields it refuses (the name is kept:
/// it is required, and its absence is for the caller to fix).
fn drop_refused(mut m: Map<String, Value>) -> Value {
    for _ in 0..4 {
        let errors = match parse_entity::<Candidate>(Value::Object(m.clone())) {
            Ok(_) => break,
            Err(e) => e,
        };
        let mut dropped = false;
        for err in errors.errors() {
            let top = err.path.split(['.', '[']).next().unwrap_or_default();
            if matches!(top, "first_name" | "last_name" | "name" | "") {
                continue;
            }
            dropped |= m.remove(top).is_some();
        }
        if !dropped {
            break;
        }
    }
    Value::Object(m)
}

/// "Mary Ann O'Brien" → ("Mary Ann", "O'Brien"); a single word is a first name. Names
/// written all in capitals or all in lower case are given capitals ("PRIYA SHARMA" →
/// "Priya Sharma").
fn split_name(full: &str) -> Option<(String, String)> {
    let words: Vec<String> = full
        .split_whitespace()
        .map(|w| w.trim_end_matches(',').to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let uniform = full
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        || full
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_lowercase);
    let words: Vec<String> = if uniform {
        words.iter().map(|w| capitalise(w)).collect()
    } else {
        words
    };
    let (first, last) = match words.as_slice() {
        [] => return None,
        [one] => (one.clone(), String::new()),
        [init @ .., last] => (init.join(" "), last.clone()),
    };
    PersonName::new(&first, &last).ok()?;
    Some((first, last))
}

fn capitalise(w: &str) -> String {
    let lower = w.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut start = true;
    for c in lower.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = matches!(c, '-' | '\'' | '.' | '’');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_and_capitalised() {
        assert_eq!(split_name("Jane Doe"), Some(("Jane".into(), "Doe".into())));
        assert_eq!(
            split_name("Mary Ann O'Brien"),
            Some(("Mary Ann".into(), "O'Brien".into()))
        );
        assert_eq!(
            split_name("PRIYA SHARMA"),
            Some(("Priya".into(), "Sharma".into()))
        );
        assert_eq!(split_name("arjun ks"), Some(("Arjun".into(), "Ks".into())));
        assert_eq!(split_name("Cher"), Some(("Cher".into(), String::new())));
        assert_eq!(split_name("   "), None);
    }
}
