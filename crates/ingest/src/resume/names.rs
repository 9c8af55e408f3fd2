//! The candidate's name: a "Name:" label, else the first line near the top that reads
//! like a person's name, else (weakly) the e-mail address's local part.

use super::Field;
use super::headings::heading_kind;
use super::places::parse_place;
use super::text::{Line, is_all_caps, is_capitalised, key, span_in, split_fields};
use super::vocab::{company_score, degree_score, institution_score, title_score};

/// Words that never appear in a person's name line.
#[rustfmt::skip]
const NOT_NAME_WORDS: &[&str] = &[
    "resume", "curriculum", "vitae", "cv", "profile", "biodata", "bio", "data", "the", "of", "for",
    "with", "to", "at", "in", "on", "and", "my", "objective", "summary", "contact", "email",
    "phone", "mobile", "address", "page", "skills", "experience", "education", "years", "year",
    "looking", "seeking", "job", "work", "india", "usa", "professional",
];

/// Lowercase words that may sit inside a name ("Ludwig van Beethoven", "Maria da Silva").
#[rustfmt::skip]
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "das", "dos", "del", "della", "di", "du", "la", "le",
    "bin", "binti", "al", "el", "ter", "ten", "y",
];

/// How much `s` reads like a person's name, 0 to 1.
pub(crate) fn name_score(s: &str) -> f32 {
    let s = s.trim();
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || s.len() > 60 {
        return 0.0;
    }
    if !s
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
    {
        return 0.0;
    }
    if !s.chars().next().is_some_and(char::is_alphabetic) {
        return 0.0;
    }
    let lower_words: Vec<String> = words.iter().map(|w| key(w)).collect();
    if lower_words
        .iter()
        .any(|w| NOT_NAME_WORDS.contains(&w.as_str()))
    {
        return 0.0;
    }
    if heading_kind(s).is_some()
        || title_score(s) > 0.0
        || company_score(s) > 0.0
        || degree_score(s) > 0.0
        || institution_score(s) > 0.0
        || parse_place(s).is_some()
    {
        return 0.0;
    }
    let real_words: Vec<&&str> = words
        .iter()
        .filter(|w| !PARTICLES.contains(&w.to_lowercase().as_str()))
        .collect();
    let capitalised = real_words.iter().all(|w| is_capitalised(w));
    let lower = s
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_lowercase);
    let mut score: f32 = if is_all_caps(s) {
        0.85
    } else if capitalised {
        0.9
    } else if lower && words.len() <= 3 {
        0.6
    } else if words.len() <= 4
        && words.first().is_some_and(|w| is_capitalised(w))
        && !s.ends_with('.')
    {
        // "Vamsi krishna": typed in a hurry, still a name; "Spring Boot framework." is
        // the end of a sentence.
        0.65
    } else {
        return 0.0;
    };
    // A single word, or five, is unusual for a full name.
    if words.len() == 1 {
        score -= 0.5;
    } else if words.len() == 5 {
        score -= 0.3;
    }
    score
}

/// The name: from a label, the top lines, or the e-mail's local part.
pub(crate) fn find_name(
    lines: &[Line<'_>],
    top_end: usize,
    email: Option<&Field<String>>,
) -> Option<Field<String>> {
    if let Some(found) = labelled_name(lines, top_end) {
        return Some(found);
    }
    let mut seen = 0;
    for line in lines.iter().take(top_end.max(1)) {
        if line.is_blank() {
            continue;
        }
        seen += 1;
        if seen > 6 {
            break;
        }
        // "Jane Doe | jane@x.com | 555-0100" and "Jane Doe, PMP" start with the name.
        let first = split_fields(line.text)
            .into_iter()
            .next()
            .unwrap_or(line.text);
        let mut candidates = vec![line.text, first];
        if let Some((head, credentials)) = first.split_once(',')
            && is_credentials(credentials)
        {
            candidates.push(head.trim());
        }
        for cand in candidates {
            let cand = without_honorific(cand);
            let score = name_score(cand);
            if score >= 0.5 {
                let (a, b) = span_in(line.text, cand).unwrap_or((0, line.text.len()));
                let position = if seen == 1 { 1.0 } else { 0.9 };
                return Some(Field::at(
                    cand.to_string(),
                    score * position,
                    line.start + a,
                    line.start + b,
                ));
            }
        }
    }
    email.and_then(name_from_email)
}

/// "Dr. Jane Doe" → "Jane Doe": a title before the name is not part of it.
fn without_honorific(s: &str) -> &str {
    const HONORIFICS: &[&str] = &[
        "mr", "mrs", "ms", "miss", "dr", "prof", "er", "shri", "sri", "smt", "km", "herr", "frau",
    ];
    let Some((first, rest)) = s.trim().split_once(' ') else {
        return s;
    };
    let k = first.trim_end_matches('.').to_lowercase();
    if HONORIFICS.contains(&k.as_str()) && !rest.trim().is_empty() {
        rest.trim()
    } else {
        s
    }
}

/// Letters after a name: "PMP", "MBA, CPA", "Ph.D.".
fn is_credentials(s: &str) -> bool {
    let words: Vec<&str> = s.split([',', ' ']).filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            (2..=6).contains(&letters)
                && (is_all_caps(w) || w.contains('.'))
                && w.chars().all(|c| c.is_alphabetic() || c == '.')
        })
}

/// "Name: Jane Doe" (also "Full Name", "Candidate Name").
fn labelled_name(lines: &[Line<'_>], top_end: usize) -> Option<Field<String>> {
    for line in lines.iter().take(top_end.max(40)) {
        let Some((label, value)) = line.text.split_once(':') else {
            continue;
        };
        let label = key(label);
        if !matches!(
            label.as_str(),
            "name" | "full name" | "candidate name" | "candidate s name"
        ) {
            continue;
        }
        let value = value.trim();
        if name_score(value) >= 0.5 {
            let (a, b) = span_in(line.text, value).unwrap_or((0, line.text.len()));
            return Some(Field::at(
                value.to_string(),
                0.95,
                line.start + a,
                line.start + b,
            ));
        }
    }
    None
}

/// "jane.doe@x.com" → "Jane Doe", a weak guess.
fn name_from_email(email: &Field<String>) -> Option<Field<String>> {
    let local = email.value.split('@').next()?;
    let parts: Vec<&str> = local.split(['.', '_', '-']).collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() < 2 || !p.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return None;
    }
    let name: Vec<String> = parts
        .iter()
        .map(|p| {
            let mut cs = p.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect())
                .unwrap_or_default()
        })
        .collect();
    Some(Field::derived(name.join(" "), 0.3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resume::text::lines;

    fn name(text: &str) -> Option<String> {
        let ls = lines(text);
        find_name(&ls, ls.len(), None).map(|f| f.value)
    }

    #[test]
    fn first_name_like_line() {
        assert_eq!(name("Jane Doe\nSoftware Engineer"), Some("Jane Doe".into()));
        assert_eq!(
            name("RESUME\n\nPRIYA SHARMA\nBengaluru"),
            Some("PRIYA SHARMA".into())
        );
        assert_eq!(name("Kavya U.\nDeveloper"), Some("Kavya U.".into()));
        assert_eq!(
            name("Jan van der Berg | jan@x.nl | +31 20 123 4567"),
            Some("Jan van der Berg".into())
        );
        assert_eq!(name("Jane Doe, PMP\nDallas, TX"), Some("Jane Doe".into()));
        assert_eq!(name("arjun ks\nengineer"), Some("arjun ks".into()));
        assert_eq!(name("Dr. Meera Nair\nPhysician"), Some("Meera Nair".into()));
    }

    #[test]
    fn sentence_ends_are_not_names() {
        assert_eq!(
            name(
                "Java Developer, Backend\nHave Java developer background using\nSpring Boot framework.\n"
            ),
            None
        );
        assert_eq!(
            name("Vamsi krishna\nvamsi@example.com\n").as_deref(),
            Some("Vamsi krishna")
        );
    }

    #[test]
    fn skips_non_names() {
        assert_eq!(
            name("Curriculum Vitae\nSenior Software Engineer\nDallas, TX"),
            None
        );
        assert_eq!(name("WORK EXPERIENCE\nAcme Corp"), None);
        assert_eq!(name("jane@x.com\n214-555-0101"), None);
    }

    #[test]
    fn label_and_email_fallback() {
        assert_eq!(
            name("Objective: grow\nName: Ravi Kumar\n"),
            Some("Ravi Kumar".into())
        );
        let email = Field::derived("john.smith@x.com".to_string(), 0.9);
        let ls = lines("jane@x.com");
        let f = find_name(&ls, 1, Some(&email)).unwrap();
        assert_eq!(f.value, "John Smith");
        assert!(f.confidence < 0.6);
    }
}
