//! The start date: "Start Date: ASAP" (today), "12/01" (the next 1 December), "Jan 2027",
//! "mid-December", "1st week of January", or prose such as "immediate start".

use chrono::{Datelike, NaiveDate};

use super::labels::Label;
use super::text::find_words;
use super::{Ctx, Field};
use crate::bulk::convert::cells;

/// The start date.
pub(crate) fn start_date(ctx: &Ctx<'_>) -> Option<Field<NaiveDate>> {
    if let Some(l) = ctx.label(Label::StartDate)
        && let Some(d) = parse_start(ctx.value(&l), ctx.today)
    {
        return Some(Field::new(d, 0.95, l.value_start, l.value_end));
    }
    let (b0, b1) = ctx.body;
    let lower = ctx.lower.get(b0..b1)?;
    for phrase in [
        "immediate start",
        "start immediately",
        "start asap",
        "asap start",
        "starting asap",
        "immediate joiner",
        "immediate joiners",
        "start date asap",
        "start right away",
    ] {
        if let Some(&at) = find_words(lower, phrase).first() {
            return Some(Field::new(ctx.today, 0.7, b0 + at, b0 + at + phrase.len()));
        }
    }
    for cue in [
        "start date",
        "starting",
        "start on",
        "start by",
        "start from",
        "start in",
    ] {
        for at in find_words(lower, cue) {
            let rest_from = at + cue.len();
            let tail = super::text::clip(&lower[rest_from..], 30);
            let tail = tail.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '-');
            let tail = ["is ", "on ", "by ", "from ", "in ", "of "]
                .iter()
                .fold(tail, |t, p| t.strip_prefix(p).unwrap_or(t));
            // "Your career starting now" is no start date.
            if tail.starts_with("now") {
                continue;
            }
            if let Some(d) = parse_start(tail, ctx.today) {
                return Some(Field::new(d, 0.7, b0 + at, b0 + rest_from));
            }
        }
    }
    None
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches(['.', ',']).to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let at = MONTHS.iter().position(|m| w.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let ok = full[at].starts_with(&w) || w == "sept";
    ok.then(|| u32::try_from(at + 1).ok()).flatten()
}

/// The next date on or after `today` with this month and day.
fn next_occurrence(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this {
        Some(d) if d >= today => Some(d),
        _ => NaiveDate::from_ymd_opt(today.year() + 1, month, day),
    }
}

/// A start: "ASAP", "Immediate", "12/01" (the next 1 December), "12/01/2026", "Jan 2027",
/// "January 15", "Jan 15, 2027", "1st week of January", "mid-March".
pub(crate) fn parse_start(v: &str, today: NaiveDate) -> Option<NaiveDate> {
    let lower = v.trim().to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    const NOW: &[&str] = &[
        "asap",
        "immediate",
        "immediately",
        "now",
        "right away",
        "immediate joiner",
        "as soon as possible",
    ];
    if NOW.iter().any(|n| lower.starts_with(n)) {
        return Some(today);
    }
    let ws: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    let first = ws.first()?;
    // Numeric: "12/01/2026", "2026-12-01", "12/01", "01/2027".
    if first.starts_with(|c: char| c.is_ascii_digit()) {
        let token = first.trim_end_matches(['.', ')']);
        if let Ok(d) = cells::date(token, Some(today), false) {
            return Some(d);
        }
        let parts: Vec<&str> = token.split(['/', '-', '.']).collect();
        if let [a, b] = parts.as_slice() {
            let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            if b > 31 && (1..=12).contains(&a) {
                let year = i32::try_from(if b < 100 { 2000 + b } else { b }).ok()?;
                return NaiveDate::from_ymd_opt(year, a, 1);
            }
            return next_occurrence(today, a, b);
        }
        // "1st week of January", "15th of March".
        let n: u32 = token
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok()?;
        let month = ws.iter().skip(1).take(3).find_map(|w| month_of(w))?;
        let day = if ws.get(1).is_some_and(|w| w.starts_with("week")) {
            (n.saturating_sub(1)) * 7 + 1
        } else {
            n
        };
        return next_occurrence(today, month, day.clamp(1, 28));
    }
    let (mid, words) = match *first {
        "mid" | "mid-" => (true, &ws[1..]),
        w if w.starts_with("mid-") => (true, &ws[..]),
        "early" | "beginning" | "first" | "start" => (false, &ws[1..]),
        _ => (false, &ws[..]),
    };
    let words: Vec<&str> = words
        .iter()
        .map(|w| w.trim_start_matches("mid-"))
        .filter(|w| *w != "of")
        .collect();
    let month = month_of(words.first()?)?;
    let second = words
        .get(1)
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.'));
    let year_of = |w: &str| w.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
    match second {
        Some(w) if year_of(w).is_some() => {
            NaiveDate::from_ymd_opt(year_of(w)?, month, if mid { 15 } else { 1 })
        }
        Some(w) if w.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)) => {
            let day: u32 = w.parse().ok()?;
            match words.get(2).and_then(|y| year_of(y)) {
                Some(y) => NaiveDate::from_ymd_opt(y, month, day),
                None => next_occurrence(today, month, day),
            }
        }
        // "may" and "march" alone are usually verbs.
        _ if matches!(words.first(), Some(&("may" | "march"))) => None,
        _ => {
            let day = if mid { 15 } else { 1 };
            let d = next_occurrence(today, month, day)?;
            // "January" in late January means this month, not next year's.
            if d.year() > today.year() && today.month() == month {
                return Some(today);
            }
            Some(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn starts() {
        let today = day(2026, 11, 20);
        assert_eq!(parse_start("ASAP", today), Some(today));
        assert_eq!(parse_start("Immediate", today), Some(today));
        assert_eq!(parse_start("12/01", today), Some(day(2026, 12, 1)));
        assert_eq!(parse_start("11/01", today), Some(day(2027, 11, 1)));
        assert_eq!(parse_start("12/01/2026", today), Some(day(2026, 12, 1)));
        assert_eq!(parse_start("Jan 2027", today), Some(day(2027, 1, 1)));
        assert_eq!(parse_start("January 15", today), Some(day(2027, 1, 15)));
        assert_eq!(parse_start("Dec 7, 2026", today), Some(day(2026, 12, 7)));
        assert_eq!(parse_start("mid-December", today), Some(day(2026, 12, 15)));
        assert_eq!(
            parse_start("1st week of January", today),
            Some(day(2027, 1, 1))
        );
        assert_eq!(parse_start("01/2027", today), Some(day(2027, 1, 1)));
        assert_eq!(parse_start("November", today), Some(today));
        assert_eq!(parse_start("TBD", today), None);
        assert_eq!(parse_start("2 weeks notice", today), None);
    }
}
