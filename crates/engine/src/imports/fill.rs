//! Bringing a stored record up to date from a new parse without overwriting what a
//! person entered: absent or empty fields are filled, list entries not yet there are
//! added, and values already set stay as they are. Resumes and requirements share it.

use std::collections::HashSet;

use serde_json::Value;

/// A candidate's lists, each filled on its own.
pub(crate) const CANDIDATE_LISTS: &[&[&str]] = &[
    &["skills"],
    &["experience"],
    &["education"],
    &["certifications"],
    &["tags"],
];

/// A contact's lists.
pub(crate) const CONTACT_LISTS: &[&[&str]] = &[&["tags"]];

/// A requirement's lists. Required and preferred skills are one group: a skill a person
/// moved from required to preferred is known, and not added back as required.
pub(crate) const REQUIREMENT_LISTS: &[&[&str]] = &[
    &["required_skills", "preferred_skills"],
    &["work_authorizations"],
    &["tags"],
];

/// Whether a stored value counts as missing.
fn blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    }
}

/// The key an entry of a list is known by, so the same entry is not added twice.
fn entry_key(list: &str, v: &Value) -> String {
    let f = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_lowercase()
    };
    match list {
        "skills" | "required_skills" | "preferred_skills" => f("name"),
        "experience" => format!("{}\u{1f}{}", f("employer"), f("start")),
        "education" => format!("{}\u{1f}{}", f("degree"), f("institution")),
        _ => v.as_str().unwrap_or_default().trim().to_lowercase(),
    }
}

/// Fills what `doc` lacks from `parsed` (see the module comment). `lists` names the
/// keys whose entries are appended rather than replaced, in groups that share what
/// counts as already there.
pub(crate) fn fill_gaps(doc: &mut Value, parsed: &Value, lists: &[&[&str]]) {
    let (Some(doc), Some(parsed)) = (doc.as_object_mut(), parsed.as_object()) else {
        return;
    };
    for (key, value) in parsed {
        let group = lists.iter().find(|g| g.contains(&key.as_str()));
        if let (Some(group), Value::Array(more)) = (group, value)
            && matches!(doc.get(key), Some(Value::Array(_)))
        {
            let known: HashSet<String> = group
                .iter()
                .filter_map(|k| doc.get(*k).and_then(Value::as_array).map(|a| (k, a)))
                .flat_map(|(k, a)| a.iter().map(|v| entry_key(k, v)))
                .collect();
            if let Some(Value::Array(have)) = doc.get_mut(key) {
                for v in more {
                    if !known.contains(&entry_key(key, v)) {
                        have.push(v.clone());
                    }
                }
            }
            continue;
        }
        // `unknown` work authorisation is the default a resume can improve on.
        let unknown_auth =
            key == "work_authorization" && doc.get(key).and_then(Value::as_str) == Some("unknown");
        if blank(doc.get(key)) || unknown_auth {
            doc.insert(key.clone(), value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_resume_fills_gaps_and_never_overwrites() {
        let mut doc = json!({
            "first_name": "Priya", "last_name": "Sharma", "email": "priya@example.com",
            "headline": "Data Engineer", "work_authorization": "unknown",
            "skills": [{"name": "Python", "years": 6}],
            "experience": [{"employer": "Acme", "start": "2019-01", "current": true}],
        });
        let parsed = json!({
            "first_name": "PRIYA", "headline": "Senior Data Engineer", "phone": "+14155550100",
            "work_authorization": "h1b",
            "skills": [{"name": "python"}, {"name": "Spark"}],
            "experience": [
                {"employer": "acme", "start": "2019-01", "current": true},
                {"employer": "Globex", "start": "2015-06", "end": "2018-12"},
            ],
            "certifications": ["CKA"],
        });
        fill_gaps(&mut doc, &parsed, CANDIDATE_LISTS);
        assert_eq!(doc["first_name"], "Priya");
        assert_eq!(doc["headline"], "Data Engineer");
        assert_eq!(doc["phone"], "+14155550100");
        assert_eq!(doc["work_authorization"], "h1b");
        assert_eq!(
            doc["skills"],
            json!([{"name": "Python", "years": 6}, {"name": "Spark"}])
        );
        assert_eq!(doc["experience"].as_array().unwrap().len(), 2);
        assert_eq!(doc["certifications"], json!(["CKA"]));
    }

    #[test]
    fn a_requirement_keeps_edits_and_moved_skills() {
        let mut doc = json!({
            "title": "Lead Java Engineer", "openings": 2,
            "required_skills": [{"name": "Java"}],
            "preferred_skills": [{"name": "Kafka"}],
            "tags": ["client:Acme", "hot"],
        });
        let parsed = json!({
            "title": "Java Developer", "openings": 1, "min_years": 5,
            "required_skills": [{"name": "java"}, {"name": "Kafka"}, {"name": "Spring"}],
            "preferred_skills": [],
            "tags": ["client:acme", "client:Globex"],
        });
        fill_gaps(&mut doc, &parsed, REQUIREMENT_LISTS);
        assert_eq!(doc["title"], "Lead Java Engineer");
        assert_eq!(doc["openings"], 2);
        assert_eq!(doc["min_years"], 5);
        assert_eq!(
            doc["required_skills"],
            json!([{"name": "Java"}, {"name": "Spring"}]),
            "Kafka was moved to preferred by a person"
        );
        assert_eq!(doc["preferred_skills"], json!([{"name": "Kafka"}]));
        assert_eq!(doc["tags"], json!(["client:Acme", "hot", "client:Globex"]));
    }
}
