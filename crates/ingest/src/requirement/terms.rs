//! The contract's terms: duration in months ("12 months", "6+ month contract") and
//! number of openings ("2 positions"). The start date is in [`super::start`].

use super::labels::Label;
use super::text::{whole_number, words};
use super::{Ctx, Field};
use crate::bulk::convert::cells;

/// The longest contract the domain accepts, in months.
const MAX_MONTHS: u16 = 120;

/// The contract length.
pub(crate) fn duration(ctx: &Ctx<'_>) -> Option<Field<u16>> {
    if let Some(l) = ctx.label(Label::Duration) {
        let v = ctx.value(&l);
        if let Some(m) = months_value(v) {
            return Some(Field::new(m, 0.95, l.value_start, l.value_end));
        }
    }
    let (b0, b1) = ctx.body;
    let lower = ctx.lower.get(b0..b1)?;
    let ws = words(lower);
    const AFTER: &[&str] = &[
        "contract",
        "assignment",
        "project",
        "engagement",
        "duration",
        "term",
        "role",
        "position",
        "cth",
        "c2h",
        "initial",
        "extendable",
        "with",
        "plus",
        "long",
        "possible",
    ];
    const FIRM: &[&str] = &["contract", "assignment", "project", "engagement"];
    const BEFORE: &[&str] = &[
        "duration",
        "contract",
        "assignment",
        "term",
        "length",
        "for",
        "project",
    ];
    for (i, w) in ws.iter().enumerate() {
        let t = w.text.trim_end_matches('+');
        let (num, attached) = match t.split_once('-') {
            Some((a, b)) => (a, Some(b)),
            None => (t, None),
        };
        let Some(n) = whole_number(num) else {
            continue;
        };
        // "12-month" carries its unit; "12 months", "6-12 months", "6 to 12 months" do not.
        let (unit, unit_end, k) = match attached {
            Some(u) if u.starts_with(|c: char| c.is_ascii_alphabetic()) => (u, w.end, i),
            _ => {
                let mut k = i + 1;
                let number_at = |j: usize| {
                    ws.get(j)
                        .is_some_and(|x| whole_number(x.text.trim_end_matches('+')).is_some())
                };
                if ws.get(k).is_some_and(|x| x.text == "to" || x.text == "or") && number_at(k + 1) {
                    k += 2;
                }
                match ws.get(k) {
                    Some(u) => (u.text, u.end, k),
                    None => continue,
                }
            }
        };
        let per = match unit {
            "month" | "months" | "mos" | "mo" => 1,
            "year" | "years" | "yr" | "yrs" => 12,
            "week" | "weeks" | "wks" => 0,
            _ => continue,
        };
        let next: Vec<&str> = ws.iter().skip(k + 1).take(3).map(|x| x.text).collect();
        // Cues count on the figure's own line: "Job Type: Contract" above "Java: 3 years"
        // says nothing about those years.
        let line_start = lower[..w.start].rfind('\n').map_or(0, |n| n + 1);
        let prev: Vec<&str> = ws[..i]
            .iter()
            .rev()
            .take_while(|x| x.start >= line_start)
            .take(4)
            .map(|x| x.text)
            .collect();
        let starts = |list: &[&str]| {
            next.first()
                .is_some_and(|w| list.iter().any(|a| w.starts_with(a)))
        };
        let experience = next
            .iter()
            .any(|w| w.starts_with("experience") || *w == "exp" || *w == "of");
        let before = prev.iter().any(|w| BEFORE.contains(w));
        let firm_before = prev.iter().any(|w| BEFORE.contains(w) && *w != "for");
        // Years are usually experience or study, so they need a firmer cue than months.
        let cue = if per == 12 {
            starts(FIRM) || firm_before
        } else {
            starts(AFTER) || before
        };
        if experience || !cue {
            continue;
        }
        let months = if per == 0 {
            (n * 12).div_ceil(52)
        } else {
            n * per
        };
        if let Ok(m) = u16::try_from(months)
            && (1..=MAX_MONTHS).contains(&m)
        {
            return Some(Field::new(m, 0.7, b0 + w.start, b0 + unit_end));
        }
    }
    None
}

/// A labelled duration: "12 months", "6+ months", "1 year", "6-12 months" (the first
/// figure), "Six months"; the unit is the word after the figure, and a bare figure in a
/// short value is months. Words such as "Long term" have no figure and give nothing.
pub(crate) fn months_value(v: &str) -> Option<u16> {
    let lower = v.to_ascii_lowercase();
    let ws = words(&lower);
    let (i, n) = ws.iter().enumerate().find_map(|(i, w)| {
        let t = w.text.trim_end_matches('+');
        let num = t.split_once('-').map_or(t, |(a, _)| a);
        whole_number(num).map(|n| (i, n))
    })?;
    // The figure opens the value ("About 6 months"); later figures belong to other facts.
    if i > 2 {
        return None;
    }
    // "6-month", "6 months", "6-12 months", "6 to 12 months".
    let glued = ws[i]
        .text
        .rsplit('-')
        .next()
        .filter(|u| u.starts_with(|c: char| c.is_ascii_alphabetic()));
    let unit = glued.or_else(|| {
        ws.iter().skip(i + 1).map(|w| w.text).find(|w| {
            !matches!(*w, "to" | "or" | "-") && whole_number(w.trim_end_matches('+')).is_none()
        })
    });
    let months = match unit.map(|u| u.trim_end_matches('+')) {
        Some("month" | "months" | "mos" | "mo" | "mths" | "mth") => n,
        Some("year" | "years" | "yr" | "yrs") => n.saturating_mul(12),
        Some("week" | "weeks" | "wks" | "wk") => (n * 12).div_ceil(52),
        _ if ws.len() <= 2 => n,
        _ => return None,
    };
    u16::try_from(months)
        .ok()
        .filter(|m| (1..=MAX_MONTHS).contains(m))
}

/// The number of openings.
pub(crate) fn openings(ctx: &Ctx<'_>) -> Option<Field<u16>> {
    if let Some(l) = ctx.label(Label::Openings) {
        let v = ctx.value(&l);
        let n = cells::count(v).ok().or_else(|| {
            v.split_whitespace()
                .next()
                .and_then(whole_number)
                .and_then(|n| u16::try_from(n).ok())
        });
        if let Some(n) = n.filter(|n| (1..=1000).contains(n)) {
            return Some(Field::new(n, 0.95, l.value_start, l.value_end));
        }
    }
    let (b0, b1) = ctx.body;
    let lower = ctx.lower.get(b0..b1)?;
    let ws = words(lower);
    const NOUNS: &[&str] = &[
        "positions",
        "position",
        "openings",
        "opening",
        "roles",
        "resources",
        "vacancies",
        "headcount",
        "heads",
        "slots",
        "seats",
    ];
    const ADJ: &[&str] = &["open", "new", "immediate", "available", "more", "urgent"];
    for (i, w) in ws.iter().enumerate() {
        let Some(n) = whole_number(w.text) else {
            continue;
        };
        let mut k = i + 1;
        if ws.get(k).is_some_and(|x| ADJ.contains(&x.text)) {
            k += 1;
        }
        let Some(noun) = ws.get(k) else {
            continue;
        };
        let before = ws.get(i.wrapping_sub(1)).map(|x| x.text);
        // "1,500 consultants" is one figure; "(10%)\nREQUIREMENTS" none.
        let glued = lower[..w.start].ends_with([',', '.'])
            || lower[w.end..noun.start].contains(['\n', '%', ')']);
        if glued
            || !NOUNS.contains(&noun.text)
            || matches!(before, Some("of" | "over" | "than" | "to"))
            || lower[w.end..].starts_with('+')
        {
            continue;
        }
        if let Ok(n) = u16::try_from(n)
            && (1..=1000).contains(&n)
        {
            return Some(Field::new(n, 0.75, b0 + w.start, b0 + noun.end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(months_value("12 months"), Some(12));
        assert_eq!(months_value("6+ Months"), Some(6));
        assert_eq!(months_value("1 year"), Some(12));
        assert_eq!(months_value("Six months"), Some(6));
        assert_eq!(months_value("Long term"), None);
        assert_eq!(months_value("200 months"), None);
        assert_eq!(months_value("6-12 months"), Some(6));
        assert_eq!(months_value("12-month contract"), Some(12));
        assert_eq!(
            months_value("4 -6 months + right to hire, 3+ years experience"),
            Some(4)
        );
        assert_eq!(months_value("9"), Some(9));
        assert_eq!(months_value("Full Time with 7 years"), None);
    }
}
