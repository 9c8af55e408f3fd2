//! Entry headers: the few short lines around a job's dates ("Senior Engineer", "Acme Corp -
//! Dallas, TX", "Company: Acme"), split into fields and told apart into title, employer
//! and place by labels, vocabulary and position.

use super::Field;
use super::header_fields::{clean_value, split_commas, split_connector};
use super::places::{parse_city, parse_place};
use super::text::{Line, key, span_in, split_fields, trim_separators, word_count};
use super::vocab::{company_score, title_score};

/// One line (or part of a line) of an entry's header, and where it sits: lines above the
/// dates are ranked top-down from 1, the rest of the date line is 5, lines below are 10+.
#[derive(Debug, Clone)]
pub(crate) struct HeaderLine<'a> {
    text: &'a str,
    /// Byte offset of `text` in the whole resume.
    base: usize,
    rank: usize,
}

impl<'a> HeaderLine<'a> {
    /// `part` must be a sub-slice of `line.text`.
    pub fn new(line: &Line<'a>, part: &'a str, rank: usize) -> Self {
        let offset = span_in(line.text, part).map_or(0, |(a, _)| a);
        Self {
            text: part,
            base: line.start + offset,
            rank,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Title,
    Company,
    Place,
    Skip,
    Unknown,
}

#[derive(Debug, Clone)]
struct Fragment<'a> {
    text: &'a str,
    start: usize,
    order: (usize, usize),
    role: Role,
    labelled: bool,
}

#[rustfmt::skip]
const TITLE_LABELS: &[&str] = &[
    "designation", "role", "title", "position", "job title", "current designation", "job role",
    "post", "position held",
];
#[rustfmt::skip]
const COMPANY_LABELS: &[&str] = &[
    "company", "employer", "organization", "organisation", "company name", "firm",
    "current company", "current employer", "current organization", "organization name",
];
#[rustfmt::skip]
const SKIP_LABELS: &[&str] = &[
    "client", "project", "environment", "team size", "technologies", "technology", "tools",
    "domain", "location", "duration", "period", "responsibilities", "description",
];

/// An entry's title, employer and place, each with a confidence and span.
pub(crate) type Assigned = (
    Option<Field<String>>,
    Option<Field<String>>,
    Option<Field<String>>,
);

/// Tells title, employer and place apart among an entry's header lines.
pub(crate) fn assign(lines: &[HeaderLine<'_>]) -> Assigned {
    let mut frags = fragments(lines);
    frags.sort_by_key(|f| f.order);
    let field = |f: &Fragment<'_>, c: f32| {
        Field::at(f.text.to_string(), c, f.start, f.start + f.text.len())
    };
    let place = frags
        .iter()
        .find(|f| f.role == Role::Place)
        .map(|f| field(f, 0.7));
    let mut title_idx = frags
        .iter()
        .position(|f| f.role == Role::Title && f.labelled);
    let mut title_conf = 0.9;
    if title_idx.is_none() {
        title_idx = best(&frags, |f| {
            let t = title_score(f.text);
            (f.role == Role::Unknown && t > 0.0 && t >= company_score(f.text)).then_some(t)
        });
        title_conf = title_idx.map_or(0.0, |i| 0.6 + 0.3 * title_score(frags[i].text));
    }
    let mut company_idx = frags
        .iter()
        .position(|f| f.role == Role::Company && f.labelled);
    let mut company_conf = 0.9;
    if company_idx.is_none() {
        company_idx = best(&frags, |f| {
            let c = company_score(f.text);
            (f.role == Role::Unknown
                && c > 0.0
                && Some(f.order) != title_idx.map(|i| frags[i].order))
            .then_some(c)
        });
        company_conf = 0.85;
    }
    let free = |i: usize, taken: [Option<usize>; 2]| {
        frags[i].role == Role::Unknown && !taken.contains(&Some(i))
    };
    if title_idx.is_none() && company_idx.is_none() {
        // Nothing tells: a title is written above (or before) its employer.
        let free_all: Vec<usize> = (0..frags.len())
            .filter(|&i| free(i, [None, None]))
            .collect();
        if let [t, c, ..] = free_all.as_slice() {
            title_idx = Some(*t);
            title_conf = 0.5;
            company_idx = Some(*c);
            company_conf = 0.5;
        }
    }
    if company_idx.is_none() {
        // The field after the title ("Engineer" then "Acme Corp -"), else the first free one.
        let taken = [title_idx, None];
        let untitled = |i: usize| free(i, taken) && title_score(frags[i].text) == 0.0;
        let after_title = title_idx.and_then(|t| (t + 1..frags.len()).find(|&i| untitled(i)));
        company_conf = if after_title.is_some() { 0.7 } else { 0.5 };
        company_idx = after_title.or_else(|| (0..frags.len()).find(|&i| untitled(i)));
    }
    if title_idx.is_none() && company_idx.is_some() {
        let taken = [None, company_idx];
        title_idx = (0..frags.len()).find(|&i| free(i, taken) && word_count(frags[i].text) <= 8);
        title_conf = 0.5;
    }
    let title = title_idx.map(|i| field(&frags[i], title_conf));
    let company = company_idx.map(|i| field(&frags[i], company_conf));
    (title, company, place)
}

/// The index of the fragment with the highest score (earliest on ties).
fn best(frags: &[Fragment<'_>], score: impl Fn(&Fragment<'_>) -> Option<f32>) -> Option<usize> {
    let mut found: Option<(usize, f32)> = None;
    for (i, f) in frags.iter().enumerate() {
        if let Some(s) = score(f)
            && found.is_none_or(|(_, b)| s > b)
        {
            found = Some((i, s));
        }
    }
    found.map(|(i, _)| i)
}

fn fragments<'a>(lines: &[HeaderLine<'a>]) -> Vec<Fragment<'a>> {
    let mut out = Vec::new();
    for line in lines {
        if let Some((label, value)) = line.text.split_once(':') {
            // "Company 1:" and "Project #2:" are numbered labels.
            let k = key(label);
            let k = k
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')
                .to_string();
            let value = trim_separators(value);
            let role = if TITLE_LABELS.contains(&k.as_str()) {
                Some(Role::Title)
            } else if COMPANY_LABELS.contains(&k.as_str()) {
                Some(Role::Company)
            } else if SKIP_LABELS.contains(&k.as_str()) {
                Some(Role::Skip)
            } else {
                None
            };
            // Any other short label introduces something that is not a header field.
            let role = role.or((word_count(label) <= 3 && !value.is_empty()).then_some(Role::Skip));
            if let Some(role) = role {
                if role != Role::Skip && !value.is_empty() {
                    // "Company: Oracle India, Bangalore" → the employer without its place.
                    let value = split_commas(value)
                        .first()
                        .copied()
                        .map_or(value, clean_value);
                    let off = span_in(line.text, value).map_or(0, |(a, _)| a);
                    out.push(Fragment {
                        text: value,
                        start: line.base + off,
                        order: (line.rank, 0),
                        role,
                        labelled: true,
                    });
                }
                continue;
            }
        }
        let pieces = split_fields(line.text)
            .into_iter()
            .flat_map(split_connector)
            .flat_map(split_commas)
            .map(clean_value)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>();
        let last = pieces.len().saturating_sub(1);
        for (pos, piece) in pieces.into_iter().enumerate() {
            let off = span_in(line.text, piece).map_or(0, |(a, _)| a);
            out.push(Fragment {
                text: piece,
                start: line.base + off,
                order: (line.rank, pos),
                role: classify(piece, pos > 0 && pos == last),
                labelled: false,
            });
        }
    }
    out
}

/// What a fragment can be before any comparison: a place, noise, or yet to decide.
fn classify(piece: &str, ends_line_of_fields: bool) -> Role {
    if piece.len() < 2 || !piece.chars().any(char::is_alphabetic) || word_count(piece) > 8 {
        return Role::Skip;
    }
    // "6 years of IT experience", "Team size 30", "Visual Studio 2015": not a name here.
    let k = key(piece);
    let durations = [
        "year",
        "years",
        "yrs",
        "month",
        "months",
        "experience",
        "team size",
    ];
    if durations.iter().any(|d| super::text::contains_words(&k, d))
        || k.split(' ')
            .any(|w| w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1950..=2100).contains(&y)))
    {
        return Role::Skip;
    }
    if parse_place(piece).is_some() {
        return Role::Place;
    }
    // A lone capitalised word ending a line of fields ("Infosys - Pune") is a place.
    if ends_line_of_fields
        && word_count(piece) == 1
        && title_score(piece) == 0.0
        && company_score(piece) == 0.0
        && parse_city(piece).is_some_and(|l| l.city().is_some())
        && piece.chars().next().is_some_and(char::is_uppercase)
        && !super::text::is_all_caps(piece)
    {
        return Role::Place;
    }
    Role::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resume::text::lines;

    fn read(text: &str) -> (Option<String>, Option<String>, Option<String>) {
        let ls = lines(text);
        let header: Vec<HeaderLine<'_>> = ls
            .iter()
            .filter(|l| !l.is_blank())
            .enumerate()
            .map(|(i, l)| HeaderLine::new(l, l.text, i + 1))
            .collect();
        let (t, c, p) = assign(&header);
        (t.map(|f| f.value), c.map(|f| f.value), p.map(|f| f.value))
    }

    #[test]
    fn two_line_header() {
        assert_eq!(
            read("Application Development Associate\n\nAccenture -"),
            (
                Some("Application Development Associate".into()),
                Some("Accenture".into()),
                None
            )
        );
        assert_eq!(
            read("Team member\n\nOracle -  Bangalore, Karnataka -"),
            (
                Some("Team member".into()),
                Some("Oracle".into()),
                Some("Bangalore, Karnataka".into())
            )
        );
    }

    #[test]
    fn one_line_headers() {
        assert_eq!(
            read("Acme Corp | Senior Software Engineer | Austin, TX"),
            (
                Some("Senior Software Engineer".into()),
                Some("Acme Corp".into()),
                Some("Austin, TX".into())
            )
        );
        assert_eq!(
            read("Software Engineer at Globex GmbH, Munich, Germany"),
            (
                Some("Software Engineer".into()),
                Some("Globex GmbH".into()),
                Some("Munich, Germany".into())
            )
        );
        assert_eq!(
            read("Infosys Limited - Pune"),
            (None, Some("Infosys Limited".into()), Some("Pune".into()))
        );
    }

    #[test]
    fn labels_win() {
        assert_eq!(
            read("Company: Wipro Technologies\nDesignation: Project Engineer\nClient: Citi"),
            (
                Some("Project Engineer".into()),
                Some("Wipro Technologies".into()),
                None
            )
        );
    }
}
