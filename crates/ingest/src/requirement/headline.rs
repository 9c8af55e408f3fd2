//! Headlines: an e-mail subject ("Need: Java Developer - Dallas, TX - 12 months - C2C")
//! or a labelled title with extras ("Java Developer (Remote)"). Cut into segments at the
//! usual separators; each segment is read as a place, a remote mode, a duration, a rate,
//! an employment type, a visa limit or an opening count, and the first that is none of
//! these is the title.

use hireloop_domain::values::{EmploymentType, RemoteMode};

use super::auth::limits_in;
use super::pay::{parse_pay, rate_spans, type_mentions};
use super::place::{Placed, mode_in, parse_place};
use super::terms::months_value;
use super::text::{trim_value, whole_number};
use super::{Pay, WorkAuthLimits};
use crate::bulk::convert::cells::alnum_key;

/// What a headline says, each with its byte span in the headline.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Headline {
    pub title: Option<(usize, usize)>,
    pub place: Option<(Placed, usize, usize)>,
    pub mode: Option<(RemoteMode, usize, usize)>,
    pub months: Option<(u16, usize, usize)>,
    pub pay: Option<(Pay, usize, usize)>,
    pub employment: Option<(EmploymentType, usize, usize)>,
    pub visa: Option<(WorkAuthLimits, usize, usize)>,
    pub openings: Option<(u16, usize, usize)>,
}

/// Words that open subjects and say nothing about the job.
const PREFIXES: &[&str] = &[
    "re",
    "fw",
    "fwd",
    "[external]",
    "external",
    "[ext]",
    "urgent requirement",
    "urgent need",
    "immediate need",
    "immediate requirement",
    "hot requirement",
    "hot req",
    "direct client",
    "new requirement",
    "new req",
    "new position",
    "new opening",
    "new role",
    "urgent",
    "immediate",
    "immediately",
    "hot",
    "need",
    "needed",
    "needs",
    "requirement",
    "req",
    "opening",
    "position",
    "job",
    "hiring",
    "looking for",
    "opportunity",
    "role",
    "must",
    "required",
    "w2 requirement",
    "c2c requirement",
    "profiles needed",
    "resumes needed",
];

/// Segments that are noise in a headline.
const NOISE: &[&str] = &[
    "urgent",
    "immediate",
    "hot",
    "need",
    "asap",
    "longterm",
    "longtermcontract",
    "contract",
    "c2h",
    "cth",
    "contracttohire",
    "directclient",
    "implementationpartner",
    "local",
    "localsonly",
    "localonly",
    "locals",
    "f2f",
    "f2finterview",
    "videointerview",
    "webcaminterview",
    "immediateinterview",
    "only",
    "and",
    "or",
    "fulltime",
    "parttime",
    "hybridrole",
    "requirement",
    "req",
    "position",
    "role",
    "opening",
];

/// Title words that add nothing at the end ("Java Developer Position").
const TAIL_WORDS: &[&str] = &[
    "role",
    "position",
    "opening",
    "requirement",
    "req",
    "needed",
    "opportunity",
    "job",
];

/// Bytes of `s` taken by subject prefixes ("RE: FW: Urgent Need: ").
pub(crate) fn prefix_len(s: &str) -> usize {
    let mut at = 0;
    let mut stripped_any = false;
    loop {
        let rest = &s[at..];
        let lead = rest.len() - rest.trim_start_matches(is_gap).len();
        let rest_lower = rest[lead..].to_ascii_lowercase();
        let mut hit = PREFIXES.iter().find(|p| {
            rest_lower.starts_with(**p)
                && !rest_lower[p.len()..].starts_with(|c: char| c.is_alphanumeric())
        });
        // "for", "a", "an" only after another prefix: "Urgent need for a Java Developer".
        if hit.is_none() && stripped_any {
            hit = ["for", "of", "a", "an", "with"]
                .iter()
                .find(|p| rest_lower.starts_with(**p) && rest_lower[p.len()..].starts_with(' '));
        }
        let Some(p) = hit else {
            return at + lead;
        };
        at += lead + p.len();
        stripped_any = true;
    }
}

fn is_gap(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '!' | '|' | '*' | ',' | '#' | '~' | '.')
}

/// Cuts `s` at " - ", " | ", "(" … into trimmed segments with their offsets.
fn segments(s: &str) -> Vec<(usize, usize)> {
    const SEPS: &[&str] = &[
        " - ", " – ", " — ", " | ", " || ", " :: ", " // ", " @ ", "(", ")", "[", "]", ": ", " ~ ",
        " / ",
    ];
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < s.len() {
        if let Some(sep) = SEPS.iter().find(|p| s[i..].starts_with(**p)) {
            push_segment(s, start, i, &mut out);
            i += sep.len();
            start = i;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    push_segment(s, start, s.len(), &mut out);
    out
}

fn push_segment(s: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let part = &s[start..end];
    let t = trim_value(part);
    if t.is_empty() {
        return;
    }
    let off = start + part.find(t).unwrap_or(0);
    // "Java Developer in Dallas, TX", "Java Developer, Dallas, TX": a place at the end.
    for joiner in [" in ", " at ", ", "] {
        if let Some(cut) = t.find(joiner) {
            let tail = &t[cut + joiner.len()..];
            // After a comma the tail must be "City, ST" itself: "Dallas, TX" is one place.
            let shaped = joiner != ", " || tail.contains(',');
            if shaped && parse_place(tail).is_some_and(|p| p.backed) && !t[..cut].trim().is_empty()
            {
                out.push((off, off + cut));
                let tail_off = off + cut + joiner.len();
                out.push((tail_off, tail_off + tail.len()));
                return;
            }
        }
    }
    out.push((off, off + t.len()));
}

/// Reads a headline; `subject` strips mail prefixes ("Re:", "Urgent need for") first.
pub(crate) fn read(s: &str, subject: bool) -> Headline {
    let mut h = Headline::default();
    let from = if subject { prefix_len(s) } else { 0 };
    let rest = &s[from..];
    for (a, b) in segments(rest) {
        let (start, end) = (from + a, from + b);
        let t = &s[start..end];
        let key = alnum_key(t);
        let lower = t.to_ascii_lowercase();
        let words = t.split_whitespace().count();
        if key.is_empty() || NOISE.contains(&key.as_str()) || key.starts_with("longterm") {
            continue;
        }
        let placed = parse_place(t);
        if let Some(p) = placed.as_ref().filter(|p| p.backed) {
            if let Some(m) = p.remote {
                h.mode.get_or_insert((m, start, end));
            }
            h.place.get_or_insert((p.clone(), start, end));
            continue;
        }
        if let Some(lim) = limits_in(t).filter(|l| !l.allowed.is_empty() || !l.excluded.is_empty())
        {
            h.visa.get_or_insert((lim, start, end));
            continue;
        }
        if !rate_spans(&lower).is_empty()
            && let Some(pay) = parse_pay(t)
        {
            if let Some(k) = pay.max.and_then(|r| r.employment_type()) {
                h.employment.get_or_insert((k, start, end));
            }
            h.pay.get_or_insert((pay, start, end));
            continue;
        }
        if words <= 5
            && ["month", "year", "week", "mos"]
                .iter()
                .any(|u| lower.contains(u))
            && let Some(m) = months_value(t)
        {
            h.months.get_or_insert((m, start, end));
            continue;
        }
        if let Some(n) = openings_in(&lower) {
            h.openings.get_or_insert((n, start, end));
            continue;
        }
        let kinds = type_mentions(&lower);
        if words <= 4 && !kinds.is_empty() {
            if kinds.iter().all(|k| k.2 == kinds[0].2) {
                h.employment.get_or_insert((kinds[0].2, start, end));
            }
            continue;
        }
        if let Some(m) = placed.and_then(|p| p.remote).or_else(|| mode_in(t)) {
            h.mode.get_or_insert((m, start, end));
            if only_mode_words(&lower) {
                continue;
            }
        }
        if h.title.is_none() && words <= 12 && t.chars().any(char::is_alphabetic) {
            h.title = Some(clean_title(s, start, end));
        }
    }
    h
}

/// Whether a segment says nothing but how the work is done ("100% Remote", "Day 1 onsite").
fn only_mode_words(lower: &str) -> bool {
    const MODE_WORDS: &[&str] = &[
        "remote",
        "hybrid",
        "onsite",
        "on-site",
        "on",
        "site",
        "fully",
        "only",
        "work",
        "from",
        "home",
        "wfh",
        "days",
        "day",
        "a",
        "week",
        "in",
        "office",
        "person",
        "in-person",
        "no",
        "not",
        "telecommute",
        "partially",
        "the",
        "est",
        "pst",
        "cst",
        "hours",
        "us",
        "usa",
    ];
    lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .all(|w| MODE_WORDS.contains(&w) || w.chars().all(|c| c.is_ascii_digit()))
}

/// "2 positions", "3 openings".
fn openings_in(lower: &str) -> Option<u16> {
    let mut w = lower.split_whitespace();
    let n = whole_number(w.next()?)?;
    let noun = w.next()?;
    let ok = [
        "position",
        "positions",
        "opening",
        "openings",
        "roles",
        "resources",
        "vacancies",
    ]
    .contains(&noun)
        && w.next().is_none();
    ok.then(|| u16::try_from(n).ok())
        .flatten()
        .filter(|n| (1..=1000).contains(n))
}

/// Drops trailing filler words ("Java Developer Position" → "Java Developer").
fn clean_title(s: &str, start: usize, mut end: usize) -> (usize, usize) {
    loop {
        let t = s[start..end].trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | '.' | ':' | '!')
        });
        end = start + t.len();
        let Some((head, last)) = t.rsplit_once(' ') else {
            return (start, end);
        };
        if TAIL_WORDS.contains(&last.to_ascii_lowercase().as_str()) && !head.trim().is_empty() {
            end = start + head.len();
        } else {
            return (start, end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(s: &str, subject: bool) -> Option<&str> {
        read(s, subject).title.map(|(a, b)| &s[a..b])
    }

    #[test]
    fn subjects() {
        let s = "Need: Java Developer - Dallas, TX - 12 months";
        let h = read(s, true);
        assert_eq!(title(s, true), Some("Java Developer"));
        assert_eq!(
            h.place.map(|p| p.0.location.map(|l| l.display())),
            Some(Some("Dallas, TX, US".into()))
        );
        assert_eq!(h.months.map(|m| m.0), Some(12));
        let s = "RE: FW: Urgent need for a Sr. Python Engineer in Austin, TX (Hybrid) | $70/hr C2C | USC/GC only";
        let h = read(s, true);
        assert_eq!(title(s, true), Some("Sr. Python Engineer"));
        assert_eq!(h.mode.map(|m| m.0), Some(RemoteMode::Hybrid));
        assert_eq!(h.employment.map(|m| m.0), Some(EmploymentType::C2c));
        assert!(h.pay.is_some());
        assert_eq!(h.visa.map(|v| v.0.allowed.len()), Some(2));
        assert_eq!(
            title("Hot Req - Salesforce Developer Position - Remote", true),
            Some("Salesforce Developer")
        );
        assert_eq!(
            title("Data Engineer (2 positions) - W2 only", true),
            Some("Data Engineer")
        );
        assert_eq!(title("Re:", true), None);
    }

    #[test]
    fn labelled_titles() {
        assert_eq!(
            title("Java Developer (Remote)", false),
            Some("Java Developer")
        );
        assert_eq!(
            title("Need Java Developer", false),
            Some("Need Java Developer")
        );
        assert_eq!(prefix_len("New York Java Developer"), 0);
    }
}
