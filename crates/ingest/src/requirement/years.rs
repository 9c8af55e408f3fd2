//! Minimum (and maximum) years of experience: "Experience: 8+ years", "5+ years of Java
//! experience", "at least five years", "3-5 yrs exp".

use hireloop_domain::values::YearsExperience;

use super::labels::Label;
use super::text::{Span, whole_number, words};
use super::{Ctx, Field};
use crate::bulk::convert::cells;

/// More than this is not a requirement but a company's age or a typo.
const MAX_PLAUSIBLE: f64 = 30.0;

/// One "N years" mention: the low and high figures and where it sits.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mention {
    low: f64,
    high: Option<f64>,
    start: usize,
    end: usize,
}

pub(crate) fn extract(
    ctx: &Ctx<'_>,
) -> (
    Option<Field<YearsExperience>>,
    Option<Field<YearsExperience>>,
) {
    if let Some(l) = ctx.label(Label::Experience)
        && let Ok((lo, hi)) = cells::years(ctx.value(&l))
        && let Ok(min) = YearsExperience::new(lo.min(70.0))
        && lo <= MAX_PLAUSIBLE
    {
        let (s, e) = (l.value_start, l.value_end);
        let max = hi
            .filter(|h| *h >= lo && *h <= MAX_PLAUSIBLE)
            .and_then(|h| YearsExperience::new(h).ok())
            .map(|h| Field::new(h, 0.9, s, e));
        return (Some(Field::new(min, 0.95, s, e)), max);
    }
    let (b0, b1) = ctx.body;
    let Some(lower) = ctx.lower.get(b0..b1) else {
        return (None, None);
    };
    let found = mentions(lower);
    // The largest minimum is the overall one ("8+ years in IT, 5+ with Java" → 8).
    let Some(best) = found
        .iter()
        .copied()
        .max_by(|a, b| a.low.total_cmp(&b.low).then(b.start.cmp(&a.start)))
    else {
        return (None, None);
    };
    let agree = found.iter().all(|m| m.low == best.low);
    let conf = if agree { 0.75 } else { 0.65 };
    let (s, e) = (b0 + best.start, b0 + best.end);
    let min = YearsExperience::new(best.low)
        .ok()
        .map(|y| Field::new(y, conf, s, e));
    let max = best
        .high
        .and_then(|h| YearsExperience::new(h).ok())
        .map(|y| Field::new(y, conf, s, e));
    (min, max)
}

/// Experience mentions in `lower`.
fn mentions(lower: &str) -> Vec<Mention> {
    let ws = words(lower);
    let mut out = Vec::new();
    let mut next_free = 0;
    for (i, w) in ws.iter().enumerate() {
        if i < next_free {
            continue;
        }
        let Some((low, high, unit_at)) = figure_then_years(&ws, i, lower) else {
            continue;
        };
        next_free = unit_at + 1;
        if low > MAX_PLAUSIBLE || high.is_some_and(|h| h < low || h > MAX_PLAUSIBLE) {
            continue;
        }
        let next: Vec<&str> = ws
            .iter()
            .skip(unit_at + 1)
            .take(6)
            .map(|x| x.text)
            .collect();
        let prev: Vec<&str> = ws[..i].iter().rev().take(6).map(|x| x.text).collect();
        const NOT: &[&str] = &[
            "old", "ago", "contract", "warranty", "history", "business", "age", "company", "since",
            "running",
        ];
        if next
            .first()
            .is_some_and(|n| NOT.iter().any(|x| n.starts_with(x)))
        {
            continue;
        }
        let exp = |v: &[&str]| {
            v.iter().any(|x| {
                x.starts_with("experience")
                    || *x == "exp"
                    || *x == "expertise"
                    || x.starts_with("hands-on")
                    || *x == "background"
            })
        };
        let near_after = next.first().is_some_and(|n| {
            matches!(
                *n,
                "of" | "in"
                    | "with"
                    | "working"
                    | "professional"
                    | "relevant"
                    | "industry"
                    | "hands-on"
                    | "exp"
                    | "experience"
                    | "developing"
                    | "building"
                    | "programming"
                    | "using"
            )
        });
        let cue_before = prev
            .iter()
            .take(3)
            .any(|x| matches!(*x, "minimum" | "min" | "least" | "over" | "than"));
        if !(exp(&next) || exp(&prev) || (near_after && cue_before)) {
            continue;
        }
        let unit = &ws[unit_at];
        out.push(Mention {
            low,
            high,
            start: w.start,
            end: unit.end,
        });
    }
    out
}

/// "5 years", "5+ yrs", "5 or more years", "3-5 years", "3 to 5 years", "five (5) years":
/// the figures and the index of the unit word.
fn figure_then_years(ws: &[Span<'_>], i: usize, lower: &str) -> Option<(f64, Option<f64>, usize)> {
    let t = ws[i].text;
    let plus = t.ends_with('+');
    let t = t.trim_end_matches('+');
    let (lo_text, hi_text) = match t.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (t, None),
    };
    let low = f64::from(whole_number(lo_text)?);
    let mut high = hi_text.and_then(whole_number).map(f64::from);
    let mut k = i + 1;
    // "five (5) years": the digits repeat the word.
    if ws
        .get(k)
        .is_some_and(|x| whole_number(x.text).map(f64::from) == Some(low))
        && lower[ws[i].end..ws[k].start].contains('(')
    {
        k += 1;
    }
    if !plus && high.is_none() {
        match ws.get(k).map(|x| x.text) {
            Some("to" | "-") => {
                high = ws
                    .get(k + 1)
                    .and_then(|x| whole_number(x.text.trim_end_matches('+')))
                    .map(f64::from);
                high?;
                k += 2;
            }
            Some("or")
                if ws
                    .get(k + 1)
                    .is_some_and(|x| matches!(x.text, "more" | "greater" | "above")) =>
            {
                k += 2
            }
            Some("plus") => k += 1,
            _ => {}
        }
    }
    let unit = ws.get(k)?.text.trim_end_matches(['\'', '’']);
    matches!(unit, "years" | "year" | "yrs" | "yr" | "years+" | "yrs+").then_some((low, high, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lows(s: &str) -> Vec<(f64, Option<f64>)> {
        mentions(&s.to_ascii_lowercase())
            .iter()
            .map(|m| (m.low, m.high))
            .collect()
    }

    #[test]
    fn experience_mentions() {
        assert_eq!(lows("5+ years of Java experience"), [(5.0, None)]);
        assert_eq!(lows("Minimum 7 years in software"), [(7.0, None)]);
        assert_eq!(lows("at least five (5) years of experience"), [(5.0, None)]);
        assert_eq!(lows("3-5 yrs exp with AWS"), [(3.0, Some(5.0))]);
        assert_eq!(lows("3 to 5 years experience"), [(3.0, Some(5.0))]);
        assert_eq!(
            lows("10 or more years of professional experience"),
            [(10.0, None)]
        );
        assert!(lows("in business for 25 years").is_empty());
        assert!(lows("a 2 years contract").is_empty());
        assert!(lows("50 years of experience serving clients").is_empty());
    }
}
