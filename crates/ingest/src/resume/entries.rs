//! Job entries: the header lines around a date range (or a title and employer written
//! without dates) read into an [`Employment`].

use chrono::NaiveDate;

use super::Employment;
use super::dates::{DateRange, find_ranges};
use super::experience::{rest_of, round2};
use super::header::{HeaderLine, assign};
use super::headings::heading_kind;
use super::text::{Line, has_bullet, key, word_count};
use super::vocab::title_score;

/// Words that, alone on a line, label a part of an entry rather than name anything.
#[rustfmt::skip]
const FIELD_LABELS: &[&str] = &[
    "role", "period", "duration", "client", "description", "responsibilities", "project",
    "environment", "team size", "technologies", "technology", "tools", "domain", "location",
    "roles and responsibilities", "key responsibilities", "responsibility", "designation",
    "company", "tenure", "achievements", "highlights", "summary", "job profile",
];

/// A line with only a link: a page footer of exported resumes, read past.
fn is_link_only(s: &str) -> bool {
    !s.contains(' ') && (s.contains("http") || s.contains("www."))
}

/// Whether a line can be part of an entry's header (title, employer, place).
pub(crate) fn header_like(line: &Line<'_>, today: NaiveDate) -> bool {
    let s = line.text;
    if s.is_empty() || heading_kind(s).is_some() {
        return false;
    }
    // Bulleted lines describe the work; headers are not bulleted.
    let words = word_count(s);
    if words > 12 || has_bullet(s) {
        return false;
    }
    if s.ends_with('.') && words > 4 {
        return false;
    }
    // "Responsibilities:" introduces the description.
    if s.ends_with(':') || s.ends_with(": -") || FIELD_LABELS.contains(&key(s).as_str()) {
        return false;
    }
    if s.contains("http") || s.contains("www.") {
        return false;
    }
    find_ranges(s, today).is_empty()
}

/// Reads the entry headed by the date range on line `anchor`: header lines above it (after
/// `boundary`), the rest of its line, and, when those lack a title or employer, lines just
/// below it. Returns the job (when an employer was found) and the first line not used;
/// every line read is marked in `used`.
pub(crate) fn read_entry(
    lines: &[Line<'_>],
    anchor: (usize, DateRange),
    boundary: usize,
    next_anchor: usize,
    today: NaiveDate,
    used: &mut [bool],
) -> (Option<Employment>, usize) {
    let (at, range) = anchor;
    let line = &lines[at];
    let mut header: Vec<HeaderLine> = Vec::new();
    let rest = rest_of(line.text, &range);
    if !rest.is_empty() {
        header.push(HeaderLine::new(line, rest, 5));
    }
    // Up to three header lines above, nearest first, stopping at a description line.
    let mut above = Vec::new();
    let mut i = at;
    while i > boundary && above.len() < 3 {
        i -= 1;
        let l = &lines[i];
        if l.is_blank() || is_link_only(l.text) {
            continue;
        }
        if !header_like(l, today) || used[i] {
            break;
        }
        above.push(i);
    }
    // Read top-down: the topmost line ranks first.
    for (rank, &n) in above.iter().rev().enumerate() {
        header.push(HeaderLine::new(&lines[n], lines[n].text, rank + 1));
    }
    let mut consumed = at + 1;
    let mut read: Vec<usize> = above.clone();
    read.push(at);
    let (mut title, mut company, mut place) = assign(&header);
    if title.is_none() || company.is_none() {
        let mut below = Vec::new();
        let mut j = at + 1;
        while j < next_anchor && below.len() < 2 {
            let l = &lines[j];
            j += 1;
            if l.is_blank() || is_link_only(l.text) {
                continue;
            }
            if !header_like(l, today) || (title.is_some() && title_score(l.text) > 0.0) {
                break;
            }
            below.push(j - 1);
        }
        if !below.is_empty() {
            let mut with_below = header.clone();
            for (k, &n) in below.iter().enumerate() {
                with_below.push(HeaderLine::new(&lines[n], lines[n].text, 10 + k));
            }
            let (t, c, p) = assign(&with_below);
            if t.is_some() && c.is_some() || (title.is_none() && company.is_none()) {
                title = t;
                company = c;
                place = place.or(p);
                consumed = below.last().map_or(consumed, |&n| n + 1);
                read.extend(&below);
            }
        }
    }
    for n in read {
        if let Some(u) = used.get_mut(n) {
            *u = true;
        }
    }
    let Some(company) = company else {
        return (None, consumed);
    };
    let parts: Vec<f32> = [
        Some(company.confidence),
        title.as_ref().map(|t| t.confidence),
    ]
    .into_iter()
    .flatten()
    .collect();
    let confidence = parts.iter().sum::<f32>() / parts.len().max(1) as f32;
    let job = Employment {
        company,
        title,
        location: place,
        start: Some(range.start),
        end: range.end,
        current: range.is_current(today),
        confidence: round2(confidence),
    };
    (Some(job), consumed)
}

/// Jobs written without dates: a title-like line opening a block, then one short line (the
/// employer), then a blank line or the section's end. Lines already read are skipped.
pub(crate) fn undated_entries(
    lines: &[Line<'_>],
    first: usize,
    end: usize,
    today: NaiveDate,
    used: &mut [bool],
) -> Vec<Employment> {
    let mut out = Vec::new();
    let next_text =
        |from: usize| (from..end).find(|&k| !lines[k].is_blank() && !is_link_only(lines[k].text));
    let mut i = first;
    while i < end {
        let l1 = &lines[i];
        let opens_block = i == first || lines[i - 1].is_blank();
        let candidate = !used[i]
            && opens_block
            && header_like(l1, today)
            && title_score(l1.text) > 0.0
            && word_count(l1.text) <= 8;
        let Some(j) = next_text(i + 1).filter(|_| candidate) else {
            i += 1;
            continue;
        };
        let l2 = &lines[j];
        let closes = j + 1 >= end || lines[j + 1].is_blank();
        if used[j]
            || !closes
            || !header_like(l2, today)
            || title_score(l2.text) > 0.0
            || word_count(l2.text) > 6
        {
            i += 1;
            continue;
        }
        let header = [
            HeaderLine::new(l1, l1.text, 1),
            HeaderLine::new(l2, l2.text, 2),
        ];
        if let (Some(title), Some(company), place) = assign(&header) {
            used[i] = true;
            used[j] = true;
            let confidence = round2((title.confidence + company.confidence) / 2.0);
            out.push(Employment {
                company,
                title: Some(title),
                location: place,
                start: None,
                end: None,
                current: false,
                confidence,
            });
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}
