//! The rate or budget ("$70/hr on C2C", "85-95/hr W2", "120-140k", "DOE") and the
//! employment type (W2, C2C, 1099, FTE). Amounts are read by the bulk importer's rate
//! reader; this file finds them in prose and labelled lines.

use hireloop_domain::values::{EmploymentType, Rate, RateUnit};

use super::labels::Label;
pub(crate) use super::rate_span::rate_spans;
use super::text::{find_words, has_any};
use super::{Ctx, Field, Pay};
use crate::bulk::convert::rate::parse_rate;
use crate::bulk::targets::RangeEnd;

/// Employment-type spellings, longest first so "corp to corp" wins over its parts.
pub(super) const TYPES: &[(&str, EmploymentType)] = &[
    ("corp to corp", EmploymentType::C2c),
    ("corp-to-corp", EmploymentType::C2c),
    ("corp2corp", EmploymentType::C2c),
    ("c2c", EmploymentType::C2c),
    ("w-2", EmploymentType::W2),
    ("w2", EmploymentType::W2),
    ("1099", EmploymentType::Ten99),
    ("full-time", EmploymentType::Fte),
    ("full time", EmploymentType::Fte),
    ("fulltime", EmploymentType::Fte),
    ("fte", EmploymentType::Fte),
    ("permanent", EmploymentType::Fte),
    ("direct hire", EmploymentType::Fte),
    ("direct-hire", EmploymentType::Fte),
];

const NEGOTIABLE: &[&str] = &[
    "doe",
    "depends on experience",
    "negotiable",
    "market rate",
    "market",
    "open",
    "best rate",
    "competitive",
    "tbd",
    "commensurate",
    "best",
    "flexible",
    "as per market",
];

const NEGATIONS: &[&str] = &[
    "no",
    "not",
    "non",
    "without",
    "except",
    "excluding",
    "cannot",
    "can't",
];

/// Employment-type mentions in `lower` that are not negated: (offset, length, type).
pub(crate) fn type_mentions(lower: &str) -> Vec<(usize, usize, EmploymentType)> {
    let mut out: Vec<(usize, usize, EmploymentType)> = Vec::new();
    for (word, kind) in TYPES {
        for at in find_words(lower, word) {
            let overlaps = out
                .iter()
                .any(|&(s, n, _)| at < s + n && s < at + word.len());
            // "$1099/week" is an amount; "No C2C" rules C2C out.
            let amount = lower[..at].ends_with('$')
                || (*word == "1099" && lower[at + 4..].starts_with(['/', '.']));
            let before: Vec<&str> = lower[..at].split_whitespace().rev().take(2).collect();
            let negated = before.iter().any(|w| {
                NEGATIONS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
            });
            if !overlaps && !amount && !negated {
                out.push((at, word.len(), *kind));
            }
        }
    }
    out.sort_by_key(|&(s, _, _)| s);
    out
}

/// Reads a rate value: its figures, unit and employment type, or "DOE"-like words.
pub(crate) fn parse_pay(s: &str) -> Option<Pay> {
    let lower = s.to_ascii_lowercase();
    let written = s.trim().to_string();
    let Some((start, end)) = rate_spans(&lower).into_iter().next() else {
        return has_any(&lower, NEGOTIABLE).then_some(Pay {
            max: None,
            min: None,
            negotiable: true,
            written,
        });
    };
    let span = &s[start..end];
    let max = parse_rate(span, None, RangeEnd::High).ok()?;
    let min = parse_rate(span, None, RangeEnd::Low)
        .ok()
        .filter(|m| *m != max);
    // A type written elsewhere in the value ("$70/hr (C2C)") belongs to the rate.
    let kind = max.employment_type().or_else(|| {
        let types = type_mentions(&lower);
        let first = types.first().map(|t| t.2)?;
        types.iter().all(|t| t.2 == first).then_some(first)
    });
    let with = |r: Rate| Rate::new(r.amount(), r.unit(), kind).ok();
    Some(Pay {
        max: with(max),
        min: min.and_then(with),
        negotiable: false,
        written,
    })
}

/// Whether a rate found in prose is a pay rate rather than some other sum.
fn plausible(r: &Rate) -> bool {
    let major = r.amount().amount_minor() / 100;
    match r.unit() {
        RateUnit::Hour => (8..=500).contains(&major),
        RateUnit::Day => (50..=5_000).contains(&major),
        RateUnit::Week => (200..=20_000).contains(&major),
        RateUnit::Month => (1_000..=100_000).contains(&major),
        RateUnit::Year => (15_000..=1_000_000).contains(&major),
    }
}

/// The pay, and the employment type its line states.
pub(crate) fn extract(ctx: &Ctx<'_>) -> (Option<Field<Pay>>, Option<Field<EmploymentType>>) {
    let mut negotiable = None;
    if let Some(l) = ctx.label(Label::Rate) {
        let mut value = ctx.value(&l).to_string();
        if let Some(note) = &l.label_note {
            value.push(' ');
            value.push_str(note);
        }
        if let Some(pay) = parse_pay(&value) {
            let (s, e) = (l.value_start, l.value_end);
            if pay.negotiable {
                // "Salary: competitive" — a figure elsewhere in the text still counts.
                negotiable = Some(Field::new(pay, 0.9, s, e));
            } else {
                let kind = pay.max.and_then(|r| r.employment_type());
                return (
                    Some(Field::new(pay, 0.95, s, e)),
                    kind.map(|k| Field::new(k, 0.95, s, e)),
                );
            }
        }
    }
    let (b0, b1) = ctx.body;
    let Some(lower) = ctx.lower.get(b0..b1) else {
        return (negotiable, None);
    };
    for (s, e) in rate_spans(lower) {
        let Some(pay) = parse_pay(&ctx.text[b0 + s..b0 + e]) else {
            continue;
        };
        if !pay.max.as_ref().is_some_and(plausible) {
            continue;
        }
        let explicit_unit = lower[s..e].contains(['/'])
            || has_any(
                &lower[s..e],
                &[
                    "per", "hour", "hourly", "annum", "annually", "year", "yr", "hr",
                ],
            );
        let conf = if explicit_unit { 0.75 } else { 0.6 };
        let kind = pay.max.and_then(|r| r.employment_type());
        return (
            Some(Field::new(pay, conf, b0 + s, b0 + e)),
            kind.map(|k| Field::new(k, 0.75, b0 + s, b0 + e)),
        );
    }
    (negotiable, None)
}

/// The employment type: the rate's own, a labelled line's, or the prose's when every
/// mention agrees. "Full-time" alone is weak evidence (benefit blurbs say it too).
pub(crate) fn employment_type(
    ctx: &Ctx<'_>,
    from_pay: Option<Field<EmploymentType>>,
) -> Option<Field<EmploymentType>> {
    if let Some(l) = ctx.label(Label::EmploymentType) {
        let lower = ctx.value(&l).to_ascii_lowercase();
        let kinds = type_mentions(&lower);
        if let Some(&(_, _, first)) = kinds.first()
            && kinds.iter().all(|k| k.2 == first)
        {
            return Some(Field::new(first, 0.95, l.value_start, l.value_end));
        }
    }
    if from_pay.is_some() {
        return from_pay;
    }
    let (b0, b1) = ctx.body;
    let lower = ctx.lower.get(b0..b1)?;
    let kinds = type_mentions(lower);
    let contract: Vec<_> = kinds
        .iter()
        .filter(|k| k.2 != EmploymentType::Fte)
        .collect();
    if let Some(&&(s, n, first)) = contract.first() {
        return contract
            .iter()
            .all(|k| k.2 == first)
            .then(|| Field::new(first, 0.7, b0 + s, b0 + s + n));
    }
    kinds
        .first()
        .map(|&(s, n, k)| Field::new(k, 0.55, b0 + s, b0 + s + n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> Option<String> {
        let p = parse_pay(s)?;
        if p.negotiable {
            return Some("negotiable".into());
        }
        let max = p.max.map(|r| r.to_string()).unwrap_or_default();
        Some(match p.min {
            Some(min) => format!("{min} .. {max}"),
            None => max,
        })
    }

    #[test]
    fn rate_values() {
        assert_eq!(
            show("$70/hr on C2C").as_deref(),
            Some("70.00 USD/hour (c2c)")
        );
        assert_eq!(
            show("$60-65/hr W2").as_deref(),
            Some("60.00 USD/hour (w2) .. 65.00 USD/hour (w2)")
        );
        assert_eq!(
            show("120-140k").as_deref(),
            Some("120000.00 USD/year .. 140000.00 USD/year")
        );
        assert_eq!(
            show("$55/hr (C2C) all inclusive").as_deref(),
            Some("55.00 USD/hour (c2c)")
        );
        assert_eq!(
            show("Up to $85 per hour, 1099").as_deref(),
            Some("85.00 USD/hour (1099)")
        );
        assert_eq!(
            show("$120,000 - $140,000 per year").as_deref(),
            Some("120000.00 USD/year .. 140000.00 USD/year")
        );
        assert_eq!(show("DOE").as_deref(), Some("negotiable"));
        assert_eq!(show("Market rate").as_deref(), Some("negotiable"));
        assert_eq!(show("Dallas"), None);
    }

    #[test]
    fn type_words() {
        let kinds: Vec<EmploymentType> = type_mentions("w2 only, no c2c; $1099/week")
            .into_iter()
            .map(|k| k.2)
            .collect();
        assert_eq!(kinds, [EmploymentType::W2]);
        let kinds: Vec<EmploymentType> = type_mentions("corp to corp or 1099")
            .into_iter()
            .map(|k| k.2)
            .collect();
        assert_eq!(kinds, [EmploymentType::C2c, EmploymentType::Ten99]);
    }
}
