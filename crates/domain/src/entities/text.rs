//! Free-text fields: trimmed, bounded, empty meaning absent.

use crate::error::ValidationErrors;

/// Trims `v`; an empty string becomes `None`; longer than `max` characters is an error.
pub(crate) fn optional(
    errors: &mut ValidationErrors,
    path: &str,
    v: &mut Option<String>,
    max: usize,
) {
    if let Some(s) = v.take() {
        let t = s.trim();
        if t.chars().count() > max {
            errors.push(path, format!("must be at most {max} characters"));
        }
        if t.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            errors.push(path, "must not contain control characters");
        }
        if !t.is_empty() {
            *v = Some(t.to_string());
        }
    }
}

/// Like `optional`, but the value must be present.
pub(crate) fn required(errors: &mut ValidationErrors, path: &str, v: &mut String, max: usize) {
    let mut o = Some(std::mem::take(v));
    optional(errors, path, &mut o, max);
    match o {
        Some(s) => *v = s,
        None => errors.push(path, "is required"),
    }
}

/// A URL field: absent, or an http(s) URL without spaces.
pub(crate) fn url(errors: &mut ValidationErrors, path: &str, v: &mut Option<String>) {
    optional(errors, path, v, 2000);
    if let Some(u) = v.as_deref() {
        let lower = u.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://"))
            || u.contains(char::is_whitespace)
            || u.len() < 10
        {
            errors.push(path, format!("'{u}' is not an http(s) URL"));
        }
    }
}

/// Tags: trimmed, non-empty, unique (case-insensitively), at most 50 of 50 chars.
pub(crate) fn tags(errors: &mut ValidationErrors, path: &str, tags: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, t) in tags.drain(..).enumerate() {
        let t = t.trim().to_string();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > 50 {
            errors.push(format!("{path}[{i}]"), "must be at most 50 characters");
        }
        if seen.insert(t.to_lowercase()) {
            out.push(t);
        }
    }
    if out.len() > 50 {
        errors.push(path, "at most 50 tags");
    }
    *tags = out;
}
