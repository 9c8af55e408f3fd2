//! The job title: a labelled line ("Job Title:", "Role:", "Position:"), else a short first
//! line that names a job ("Senior Data Engineer"), else a prose phrase ("we are seeking a
//! Senior Java Developer to …").

use super::headline;
use super::labels::Label;
use super::text::{lines, words};
use super::{Ctx, Field};

/// Words that make a phrase a job title.
const JOB_NOUNS: &[&str] = &[
    "developer",
    "engineer",
    "analyst",
    "architect",
    "manager",
    "administrator",
    "admin",
    "consultant",
    "lead",
    "scientist",
    "designer",
    "specialist",
    "tester",
    "programmer",
    "dba",
    "devops",
    "sre",
    "sdet",
    "director",
    "officer",
    "coordinator",
    "technician",
    "associate",
    "intern",
    "recruiter",
    "accountant",
    "nurse",
    "writer",
    "strategist",
    "owner",
    "master",
    "expert",
    "head",
    "vp",
    "executive",
    "representative",
    "advisor",
    "auditor",
    "trainer",
    "instructor",
    "assistant",
    "clerk",
    "operator",
    "planner",
    "controller",
    "modeler",
    "researcher",
    "qa",
    "support",
    "partner",
    "principal",
    "president",
    "supervisor",
    "technologist",
    "agent",
    "professional",
    "practitioner",
    "therapist",
    "pharmacist",
    "physician",
    "teacher",
    "editor",
    "marketer",
    "buyer",
    "steward",
    "investigator",
    "estimator",
    "inspector",
    "mechanic",
    "electrician",
    "machinist",
    "scrum",
    "bi",
];

/// Whether `phrase` contains a job noun (plural or not).
pub(crate) fn names_a_job(phrase: &str) -> bool {
    words(phrase).iter().any(|w| is_job_noun(w.text))
}

fn is_job_noun(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    JOB_NOUNS.contains(&lower.as_str()) || JOB_NOUNS.contains(&singular)
}

pub(crate) fn extract(ctx: &Ctx<'_>) -> Option<Field<String>> {
    if let Some(l) = ctx.label(Label::Title) {
        let value = ctx.value(&l);
        let h = headline::read(value, false);
        let (s, e) = h.title.unwrap_or((0, value.len()));
        let t = value.get(s..e).unwrap_or(value).trim();
        if !t.is_empty() {
            let start = l.value_start + s;
            return Some(Field::new(t.to_string(), 0.95, start, start + t.len()));
        }
    }
    let first = first_line(ctx);
    if let Some(f) = first.as_ref().filter(|f| f.confidence >= 0.7) {
        return Some(f.clone());
    }
    prose(ctx).or(first)
}

/// The body's first line when it is short and reads like a title.
fn first_line(ctx: &Ctx<'_>) -> Option<Field<String>> {
    let (b0, b1) = ctx.body;
    let line = lines(ctx.text.get(b0..b1)?)
        .into_iter()
        .find(|l| !l.text.trim().is_empty())?;
    let mut t = line.text.trim();
    // Flattened postings open with "Network Engineer Job Description A Network …": the
    // words before such a heading are the title.
    if t.split_whitespace().count() > 10 {
        let lower = t.to_ascii_lowercase();
        let head = [
            "job description",
            "position summary",
            "job summary",
            "description",
            "summary",
            "overview",
            "responsibilities",
        ]
        .iter()
        .filter_map(|h| lower.find(h))
        .min()
        .filter(|&at| (1..=80).contains(&at))?;
        t = t[..head].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | ':' | '|'));
        if !names_a_job(t) {
            return None;
        }
    }
    let n = t.split_whitespace().count();
    if n == 0 || n > 10 || t.contains(':') || t.ends_with(['.', '?', '!', ',']) || t.contains('@') {
        return None;
    }
    let h = headline::read(t, true);
    let (s, e) = h.title?;
    let title = t.get(s..e)?.trim();
    let start = b0 + line.start + line.text.find(t).unwrap_or(0) + s;
    if names_a_job(title) {
        return Some(Field::new(
            title.to_string(),
            0.7,
            start,
            start + title.len(),
        ));
    }
    let title_case = title.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
    });
    // A heading ("SUMMARY", "Preferred Qualifications") is not a title.
    let heading = super::labels::lookup(title).is_some();
    (title_case && !heading && title.split_whitespace().count() <= 6)
        .then(|| Field::new(title.to_string(), 0.45, start, start + title.len()))
}

/// "seeking a Senior Java Developer to …", "As a Data Engineer, you will …".
fn prose(ctx: &Ctx<'_>) -> Option<Field<String>> {
    const CUES: &[&str] = &[
        "seeking a",
        "seeking an",
        "looking for a",
        "looking for an",
        "looking for",
        "hiring a",
        "hiring an",
        "need a",
        "need an",
        "requirement for a",
        "requirement for",
        "position of",
        "role of",
        "as a",
        "as an",
        "opening for a",
        "opening for",
        "search of a",
        "seeks a",
        "seeks an",
        "for the position of",
        "join us as a",
        "need for a",
        "need for an",
        "need for",
        "position for a",
        "position for an",
        "looking to hire a",
        "looking to hire an",
        "is hiring a",
        "is hiring an",
    ];
    const SKIP: &[&str] = &[
        "highly",
        "motivated",
        "talented",
        "experienced",
        "skilled",
        "passionate",
        "dynamic",
        "strong",
        "qualified",
        "self-motivated",
        "results-driven",
        "driven",
        "seasoned",
        "an",
        "a",
        "the",
        "hands-on",
        "energetic",
        "creative",
        "enthusiastic",
        "detail-oriented",
        "innovative",
        "and",
        "or",
        "forward",
        "thinking",
        "forward-thinking",
        "accomplished",
        "proven",
        "exceptional",
        "outstanding",
        "fulltime",
        "full-time",
        "contract",
        "permanent",
        "temporary",
        "dedicated",
    ];
    const STOP: &[&str] = &[
        "with",
        "who",
        "to",
        "for",
        "that",
        "in",
        "at",
        "on",
        "will",
        "you",
        "is",
        "are",
        "based",
        "located",
        "having",
        "must",
        "should",
        "position",
        "role",
        "opportunity",
    ];
    let (b0, b1) = ctx.body;
    let lower = ctx.lower.get(b0..b1)?;
    let mut best: Option<(usize, Field<String>)> = None;
    for cue in CUES {
        for at in super::text::find_words(lower, cue) {
            let from = at + cue.len();
            let rest = &ctx.text[b0 + from..b1];
            let ws = words(super::text::clip(rest, 160));
            let mut picked: Vec<&super::text::Span<'_>> = Vec::new();
            for w in &ws {
                if picked.is_empty() && SKIP.contains(&w.text.to_ascii_lowercase().as_str()) {
                    continue;
                }
                let gap_start = picked.last().map_or(0, |p: &&super::text::Span<'_>| p.end);
                let gap = &rest[gap_start..w.start];
                // A full stop ends the phrase unless it ends an abbreviation ("Sr. Java
                // Developer"); a dot before a word is part of it (".NET").
                let prev_len = picked.last().map_or(0, |p| p.text.len());
                let stop_dot = gap.contains(". ") && prev_len > 3;
                // "Director of Engineering" keeps its "of"; "combination of a …" does not.
                let of = w.text == "of" && !picked.last().is_some_and(|p| is_job_noun(p.text));
                if of
                    || STOP.contains(&w.text.to_ascii_lowercase().as_str())
                    || (!picked.is_empty()
                        && (stop_dot || gap.contains([',', ';', '(', ':', '\n', '!'])))
                    || picked.len() == 8
                {
                    break;
                }
                picked.push(w);
            }
            // Up to the last job noun: "Senior Java Developer" from "Senior Java Developer II".
            let Some(last) = picked.iter().rposition(|w| is_job_noun(w.text)) else {
                continue;
            };
            // "accomplished Senior .NET Developer": start at the first capitalised word.
            let first = picked[..=last]
                .iter()
                .position(|w| w.text.starts_with(|c: char| c.is_uppercase()))
                .unwrap_or(0);
            // One word ("expert", "planner") names no particular job.
            if last == first {
                continue;
            }
            let (s, e) = (picked[first].start, picked[last].end);
            let title = &rest[s..e];
            let conf = if title.chars().next().is_some_and(char::is_uppercase) {
                0.65
            } else {
                0.55
            };
            let start = b0 + from + s;
            if best.as_ref().is_none_or(|(a, _)| at < *a) {
                best = Some((
                    at,
                    Field::new(title.to_string(), conf, start, start + title.len()),
                ));
            }
        }
    }
    best.map(|(_, f)| f).or_else(|| the_title(ctx))
}

/// "The Healthcare Data Scientist position will …", "The Senior Analyst will …":
/// capitalised words ending in a job noun between "the" and a word about the role.
fn the_title(ctx: &Ctx<'_>) -> Option<Field<String>> {
    const AFTER: &[&str] = &[
        "position", "role", "will", "is", "reports", "works", "must", "should",
    ];
    let (b0, b1) = ctx.body;
    let body = ctx.text.get(b0..b1)?;
    let ws = words(body);
    for (i, w) in ws.iter().enumerate() {
        if !w.text.eq_ignore_ascii_case("the") {
            continue;
        }
        let run: Vec<_> = ws[i + 1..]
            .iter()
            .take(7)
            .take_while(|x| x.text.starts_with(|c: char| c.is_uppercase()))
            .collect();
        let Some(last) = run.iter().rposition(|x| is_job_noun(x.text)) else {
            continue;
        };
        let next = ws.get(i + 2 + last).map(|x| x.text.to_ascii_lowercase());
        if last == 0 || !next.is_some_and(|n| AFTER.contains(&n.as_str())) {
            continue;
        }
        let (s, e) = (run[0].start, run[last].end);
        if body[s..e].contains(['\n', '.', ',']) {
            continue;
        }
        return Some(Field::new(body[s..e].to_string(), 0.6, b0 + s, b0 + e));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_nouns() {
        assert!(names_a_job("Senior Java Developer"));
        assert!(names_a_job("Selenium engineers"));
        assert!(!names_a_job("Dallas, TX"));
    }
}
