//! A parse as canonical Requirement JSON: only what validates goes in, so the result
//! always passes `parse_entity::<Requirement>`. Client names the store cannot resolve to
//! a company yet travel as `client:NAME` tags, as the bulk importer writes them.

use hireloop_domain::entities::{Requirement, parse_entity};
use hireloop_domain::values::{RemoteMode, Skill};
use serde_json::{Map, Value, json};

use super::text::clip;
use super::{RequirementParse, title::names_a_job};

/// The domain's limits, repeated here so values are cut to fit rather than refused.
const MAX_TITLE: usize = 200;
const MAX_DESCRIPTION: usize = 50_000;
const MAX_TAG: usize = 50;
const MAX_SKILLS: usize = 200;

/// Canonical Requirement JSON for `parse`. Without a title the description's first line
/// stands in (it is listed in `review` already); fields that would not validate are left
/// out.
pub fn to_requirement_json(parse: &RequirementParse) -> Value {
    let mut o = Map::new();
    o.insert("title".into(), Value::String(title(parse)));
    let description = parse.description.value.trim();
    if !description.is_empty() {
        o.insert(
            "description".into(),
            Value::String(clip(description, MAX_DESCRIPTION).to_string()),
        );
    }
    if let Some(l) = &parse.location {
        put(&mut o, "location", serde_json::to_value(&l.value));
    }
    if let Some(m) = &parse.remote_mode
        && (m.value == RemoteMode::Remote || parse.location.is_some())
    {
        o.insert("remote_mode".into(), Value::String(m.value.as_str().into()));
    }
    let skills = |list: &[super::Field<String>], room: usize| -> Vec<Value> {
        list.iter()
            .filter_map(|f| Skill::new(&f.value, None, None).ok())
            .filter_map(|s| serde_json::to_value(s).ok())
            .take(room)
            .collect()
    };
    let required = skills(&parse.required_skills, MAX_SKILLS);
    let preferred = skills(&parse.preferred_skills, MAX_SKILLS - required.len());
    o.insert("required_skills".into(), Value::Array(required));
    o.insert("preferred_skills".into(), Value::Array(preferred));
    if let Some(y) = &parse.min_years {
        put(&mut o, "min_years", serde_json::to_value(y.value));
    }
    if let Some(y) = &parse.max_years
        && parse.min_years.as_ref().is_none_or(|m| m.value <= y.value)
    {
        put(&mut o, "max_years", serde_json::to_value(y.value));
    }
    if let Some(rate) = parse.pay.as_ref().and_then(|p| p.value.max) {
        put(&mut o, "rate_budget", serde_json::to_value(rate));
    }
    if let Some(t) = &parse.employment_type {
        o.insert(
            "employment_type".into(),
            Value::String(t.value.as_str().into()),
        );
    }
    if let Some(d) = parse
        .duration_months
        .as_ref()
        .filter(|d| (1..=120).contains(&d.value))
    {
        o.insert("duration_months".into(), json!(d.value));
    }
    if let Some(d) = &parse.start_date {
        o.insert(
            "start_date".into(),
            Value::String(d.value.format("%Y-%m-%d").to_string()),
        );
    }
    if let Some(n) = parse
        .openings
        .as_ref()
        .filter(|n| (1..=1000).contains(&n.value))
    {
        o.insert("openings".into(), json!(n.value));
    }
    if let Some(w) = &parse.work_authorizations {
        let list: Vec<Value> = w
            .value
            .allowed
            .iter()
            .map(|a| Value::String(a.as_str().into()))
            .collect();
        o.insert("work_authorizations".into(), Value::Array(list));
    }
    let mut tags = Vec::new();
    for (prefix, f) in [("client", &parse.client), ("end_client", &parse.end_client)] {
        if let Some(f) = f {
            tags.push(Value::String(clip_tag(&format!(
                "{prefix}:{}",
                f.value.trim()
            ))));
        }
    }
    o.insert("tags".into(), Value::Array(tags));
    let value = Value::Object(o);
    keep_valid(value)
}

/// A tag cut to the length the domain accepts.
pub(crate) fn clip_tag(s: &str) -> String {
    clip(s, MAX_TAG).trim().to_string()
}

fn put(o: &mut Map<String, Value>, key: &str, v: Result<Value, serde_json::Error>) {
    if let Ok(v) = v {
        o.insert(key.into(), v);
    }
}

/// The parsed title, or the description's first line cut to fit, or a placeholder.
fn title(parse: &RequirementParse) -> String {
    if let Some(t) = parse
        .title
        .as_ref()
        .map(|t| t.value.trim())
        .filter(|t| !t.is_empty())
    {
        return clip(t, MAX_TITLE).trim().to_string();
    }
    let first = parse
        .description
        .value
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let first = clip(first, 100).trim();
    if first.is_empty() {
        return "Untitled requirement".into();
    }
    // The first words of a sentence make a poor title; a skill helps to say what it is.
    if !names_a_job(first)
        && let Some(skill) = parse.required_skills.first()
    {
        return format!("{} role", skill.value);
    }
    first.to_string()
}

/// Drops the fields validation refuses, one round per error, until the whole validates.
/// The loop ends: each round removes at least one key, and `title` (always valid text of
/// at most 200 characters) is replaced rather than removed.
pub(crate) fn keep_valid(mut value: Value) -> Value {
    for _ in 0..32 {
        let errors = match parse_entity::<Requirement>(value.clone()) {
            Ok(_) => return value,
            Err(e) => e,
        };
        let Some(obj) = value.as_object_mut() else {
            break;
        };
        let mut removed = false;
        for e in errors.errors() {
            let key = e.path.split(['.', '[']).next().unwrap_or("");
            if key == "title" {
                obj.insert("title".into(), Value::String("Untitled requirement".into()));
                removed = true;
            } else if obj.remove(key).is_some() {
                removed = true;
            } else if key == "location" {
                // "location is required unless the role is remote": the mode goes instead.
                removed |= obj.remove("remote_mode").is_some();
            }
        }
        if !removed {
            break;
        }
    }
    json!({ "title": "Untitled requirement" })
}
