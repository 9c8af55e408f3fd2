//! Filling one record's gaps from another source (a newer resume, a record being
//! merged in) without overwriting what is already there.

use serde_json::Value;

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
        "skills" => f("name"),
        "experience" => format!("{}\u{1f}{}", f("employer"), f("start")),
        "education" => format!("{}\u{1f}{}", f("degree"), f("institution")),
        _ => v.as_str().unwrap_or_default().trim().to_lowercase(),
    }
}

/// Lists a resume adds entries to rather than replaces.
const LISTS: [&str; 5] = [
    "skills",
    "experience",
    "education",
    "certifications",
    "tags",
];

/// Fills what `doc` lacks from `parsed`: absent or empty fields are set, and list
/// entries not yet there are appended. Values already set stay as they are.
pub(crate) fn fill_gaps(doc: &mut Value, parsed: &Value) {
    let (Some(doc), Some(parsed)) = (doc.as_object_mut(), parsed.as_object()) else {
        return;
    };
    for (key, value) in parsed {
        if LISTS.contains(&key.as_str())
            && let (Some(Value::Array(have)), Value::Array(more)) = (doc.get_mut(key), value)
        {
            let known: std::collections::HashSet<String> =
                have.iter().map(|v| entry_key(key, v)).collect();
            for v in more {
                if !known.contains(&entry_key(key, v)) {
                    have.push(v.clone());
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
        fill_gaps(&mut doc, &parsed);
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
}
