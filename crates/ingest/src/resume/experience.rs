//! Work history: each job's title, employer, place and dates, read around the date ranges
//! of the experience sections, and the total years they cover (overlaps counted once).

use chrono::NaiveDate;

use super::dates::{DateRange, find_ranges, union_months};
use super::entries::{read_entry, undated_entries};
use super::sections::Layout;
use super::text::{Line, has_bullet, strip_bullet, trim_separators, word_count};
use super::{Employment, Field, SectionKind};

#[derive(Debug, Default)]
pub(crate) struct Work {
    pub employers: Vec<Employment>,
    pub total_years: Option<Field<f32>>,
}

/// A date range that heads a job entry.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    line: usize,
    range: DateRange,
}

pub(crate) fn extract(lines: &[Line<'_>], layout: &Layout, today: NaiveDate) -> Work {
    let mut ranges = layout.ranges(SectionKind::Experience);
    // Without an experience heading, any part that is not about education, skills or
    // projects may hold the history, with less certainty.
    let mut certainty = 1.0;
    if ranges.is_empty() {
        certainty = 0.7;
        ranges = layout
            .blocks
            .iter()
            .filter(|b| {
                !matches!(
                    b.kind,
                    SectionKind::Education
                        | SectionKind::Skills
                        | SectionKind::Projects
                        | SectionKind::Certifications
                )
            })
            .map(|b| (b.first.max(layout.top_end.min(b.end)), b.end))
            .collect();
    }
    let mut employers: Vec<Employment> = Vec::new();
    let mut months = Vec::new();
    let mut any_month_precision = false;
    let mut used = vec![false; lines.len()];
    for &(first, end) in &ranges {
        let anchors = find_anchors(lines, first, end, today);
        // The years: under an experience heading, every range counts, also one inside a
        // sentence ("Served as a teacher from 2018 to 2022, …") that dates no entry;
        // elsewhere only the ranges that head entries.
        let counted: Vec<DateRange> = if certainty == 1.0 {
            lines[first..end.min(lines.len())]
                .iter()
                .flat_map(|l| find_ranges(l.text, today))
                .collect()
        } else {
            anchors.iter().map(|a| a.range).collect()
        };
        for r in &counted {
            if let Some(m) = r.months(today) {
                months.push(m);
                any_month_precision |= r.start.month.is_some();
            }
        }
        let mut boundary = first;
        for (k, a) in anchors.iter().enumerate() {
            let next_anchor = anchors.get(k + 1).map_or(end, |n| n.line);
            let (job, consumed) = read_entry(
                lines,
                (a.line, a.range),
                boundary,
                next_anchor,
                today,
                &mut used,
            );
            boundary = consumed.max(a.line + 1);
            if let Some(mut job) = job {
                job.confidence = round2(job.confidence * certainty);
                employers.push(job);
            }
        }
    }
    // Jobs written without dates ("Engineer" / "Acme Corp" / description), only inside an
    // experience heading: elsewhere such pairs are too often something else.
    if certainty == 1.0 {
        for &(first, end) in &ranges {
            for mut job in undated_entries(lines, first, end, today, &mut used) {
                let company = job.company.value.to_lowercase();
                if employers
                    .iter()
                    .all(|e| e.company.value.to_lowercase() != company)
                {
                    job.confidence = round2(job.confidence * 0.7);
                    employers.push(job);
                }
            }
        }
    }
    let total_years = if months.is_empty() {
        // No dated history: what the resume says of itself ("6+ years of experience").
        stated_years(lines)
    } else {
        let years = union_months(&months) as f32 / 12.0;
        let confidence = if any_month_precision { 0.8 } else { 0.6 };
        Some(Field::derived(
            (years * 10.0).round() / 10.0,
            confidence * certainty,
        ))
    };
    Work {
        employers,
        total_years,
    }
}

pub(crate) fn round2(c: f32) -> f32 {
    (c * 100.0).round() / 100.0
}

/// The first "N years of experience" (also "N+ yrs exp", "N.5 years of IT experience")
/// in the resume, at low confidence: a claim, not a history.
fn stated_years(lines: &[Line<'_>]) -> Option<Field<f32>> {
    for line in lines {
        let words: Vec<&str> = line.text.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            let number = w
                .trim_start_matches(['(', '~'])
                .trim_end_matches(['+', ',']);
            let Ok(years) = number.parse::<f32>() else {
                continue;
            };
            let unit = words.get(i + 1).map(|u| u.to_lowercase());
            let unit_ok = unit.as_deref().is_some_and(|u| {
                let u = u.trim_end_matches(['.', ',', ')']);
                matches!(u, "years" | "yrs" | "year" | "+years" | "+yrs")
            });
            let about_experience = words
                .iter()
                .skip(i + 2)
                .take(5)
                .any(|x| x.to_lowercase().starts_with("exp"));
            if unit_ok && about_experience && (0.0..=60.0).contains(&years) {
                return Some(Field::at(years, 0.5, line.start, line.end));
            }
        }
    }
    None
}

/// Words before a date range that still leave it in the head of its line.
const HEAD_WORDS: usize = 8;

/// Lines in `first..end` whose date range heads an entry: the range is the point of the
/// line, not a date inside a sentence.
fn find_anchors(lines: &[Line<'_>], first: usize, end: usize, today: NaiveDate) -> Vec<Anchor> {
    let mut out: Vec<Anchor> = Vec::new();
    for (i, line) in lines.iter().enumerate().take(end).skip(first) {
        let Some(range) = find_ranges(line.text, today).into_iter().next() else {
            continue;
        };
        let rest = rest_of(line.text, &range);
        // A range in the line's head ("- Release Manager (2015 - 2017): led …", "2013 -
        // 2017 as a Lead Developer. Guided …") dates an entry however long its
        // description runs on; further into a long line or bullet it is a date in prose.
        // So does a range that closes a title line set off by a bracket or a separator
        // ("2. SOC Analyst - SecureWorks - Atlanta, GA (2014 - 2019)").
        let before = line.text.get(..range.span.0).unwrap_or_default();
        let after = line.text.get(range.span.1..).unwrap_or_default();
        let head = word_count(strip_bullet(before).1);
        let closes = after.trim().trim_matches([')', ']', '.']).trim().is_empty()
            && before
                .trim_end()
                .ends_with(['(', '[', '|', '-', '–', '—', ',', ':']);
        let in_head = head <= HEAD_WORDS || (closes && head <= 20);
        if !in_head && (word_count(rest) > 10 || (has_bullet(line.text) && word_count(rest) > 5)) {
            continue;
        }
        // The same range repeated on the next line belongs to the same entry.
        if let Some(prev) = out.last()
            && prev.range.start == range.start
            && prev.range.end == range.end
            && lines[prev.line + 1..i].iter().all(Line::is_blank)
        {
            continue;
        }
        out.push(Anchor { line: i, range });
    }
    out
}

/// The text of a line around its date range, without labels like "Duration:".
pub(crate) fn rest_of<'a>(line: &'a str, range: &DateRange) -> &'a str {
    let before = line.get(..range.span.0).unwrap_or_default();
    let after = line.get(range.span.1..).unwrap_or_default();
    let before = trim_separators(strip_label(before));
    let after = trim_separators(after);
    // Keep the larger side; the other is usually a stray "from" or a bracket.
    if before.len() >= after.len() {
        before
    } else {
        after
    }
}

fn strip_label(s: &str) -> &str {
    let t = s.trim_end();
    for label in [
        "period",
        "duration",
        "tenure",
        "dates",
        "date",
        "from",
        "since",
        "worked from",
    ] {
        if t.len() >= label.len()
            && t.is_char_boundary(t.len() - label.len())
            && t[t.len() - label.len()..].eq_ignore_ascii_case(label)
        {
            return &t[..t.len() - label.len()];
        }
        if let Some(stripped) = t.strip_suffix(':')
            && stripped.trim_end().to_ascii_lowercase().ends_with(label)
        {
            let keep = stripped.trim_end().len() - label.len();
            return t.get(..keep).unwrap_or_default();
        }
    }
    s
}

#[cfg(test)]
#[path = "experience_tests.rs"]
mod tests;
