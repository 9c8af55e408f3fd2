//! Where rates sit in text: a currency sign or a figure, an optional range, a unit and an
//! employment type ("$65 - $70 per hour on c2c", "120k-140k", "85/hr w2"), and not the
//! sums that only look like pay ("$5 million", "401k", "a 40 hour week").

use hireloop_domain::values::RateUnit;

use super::pay::TYPES;

/// Spans of `lower` that read as rates: a currency sign or a figure, an optional range,
/// a unit and an employment type ("$65 - $70 per hour on c2c", "120k-140k", "85/hr w2").
/// A bare figure needs a unit, a "k" or a currency sign to count.
pub(crate) fn rate_spans(lower: &str) -> Vec<(usize, usize)> {
    let b = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let sign = currency_len(&lower[i..]);
        let starts = sign > 0
            || (b[i].is_ascii_digit()
                && (i == 0
                    || (!b[i - 1].is_ascii_alphanumeric()
                        && !matches!(b[i - 1], b'.' | b',' | b'-'))));
        if !starts {
            i += lower[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        match scan_rate(lower, i) {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            None => i += lower[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

fn currency_len(s: &str) -> usize {
    ["us$", "usd ", "usd", "$", "€", "£", "₹", "c$", "cad "]
        .iter()
        .find(|p| {
            s.starts_with(**p)
                && s[p.len()..]
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit())
        })
        .map_or(0, |p| p.len())
}

/// Where a rate starting at `i` ends, if it is one.
fn scan_rate(s: &str, i: usize) -> Option<usize> {
    let mut j = i + currency_len(&s[i..]);
    let signed = j > i;
    j = skip_spaces(s, j);
    let (mut end, mut k) = figure(s, j)?;
    // "401k" and "403(b)" are retirement plans, not salaries.
    if !signed
        && ["401", "403", "457"]
            .iter()
            .any(|p| s[j..].starts_with(p) && !s[j + 3..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let mut unit = false;
    // A range: "-", "–", "to", with an optional currency sign again.
    let after = skip_spaces(s, end);
    for joiner in ["-", "–", "—", "to "] {
        if s[after..].starts_with(joiner) {
            let mut r = skip_spaces(s, after + joiner.len());
            r += currency_len(&s[r..]);
            r = skip_spaces(s, r);
            if let Some((e, k2)) = figure(s, r) {
                end = e;
                k |= k2;
            }
            break;
        }
    }
    // The unit: "/hr", "per hour", "an hour", "hourly", "/yr", "per annum", "a year".
    let mut u = skip_spaces(s, end);
    for lead in ["/", "per ", "an ", "a ", ""] {
        let Some(rest) = s[u..].strip_prefix(lead) else {
            continue;
        };
        let at = u + lead.len();
        let at = skip_spaces(s, at);
        let word: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == '.')
            .collect();
        let word_t = word.trim_end_matches('.');
        // A bare "40 hour" is a work week; unsigned figures need "/hr", "per hour" or
        // "hourly".
        let adverb = matches!(
            word_t,
            "hourly" | "daily" | "weekly" | "monthly" | "yearly" | "annually" | "annual"
        );
        let bare_ok = !lead.is_empty() || adverb || (signed && word_t.len() > 2);
        if !word_t.is_empty()
            && RateUnit::parse(word_t).is_ok()
            && bare_ok
            && !matches!(
                word_t,
                "d" | "h"
                    | "w"
                    | "y"
                    | "pm"
                    | "mon"
                    | "years"
                    | "months"
                    | "days"
                    | "weeks"
                    | "hours"
            )
        {
            u = at + word.len();
            end = u;
            unit = true;
            break;
        }
    }
    if !signed && !unit && !k {
        return None;
    }
    // Not "$5 million in revenue" or "$10 billion".
    let tail = s[end..].trim_start();
    if [
        "million",
        "billion",
        "mm",
        "m ",
        "bn",
        "b ",
        "trillion",
        "%",
        "+ employees",
    ]
    .iter()
    .any(|w| tail.starts_with(w))
    {
        return None;
    }
    // An employment type right after: "on c2c", "(w2)", "w-2".
    let mut t = skip_spaces(s, end);
    for lead in ["on ", "via ", "(", "- ", ""] {
        if !s[t..].starts_with(lead) {
            continue;
        }
        let r = skip_spaces(s, t + lead.len());
        let found = TYPES.iter().find(|(w, _)| {
            s[r..].starts_with(w)
                && !s[r + w.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        });
        if let Some((word, _)) = found {
            t = r + word.len();
            if lead == "(" && s[t..].starts_with(')') {
                t += 1;
            }
            end = t;
            break;
        }
    }
    Some(end)
}

fn skip_spaces(s: &str, mut i: usize) -> usize {
    while s[i..].starts_with(' ') {
        i += 1;
    }
    i
}

/// A number at `i` ("65", "65.50", "120,000", "120k"): where it ends and whether it has a k.
fn figure(s: &str, i: usize) -> Option<(usize, bool)> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len()
        && (b[j].is_ascii_digit()
            || (matches!(b[j], b'.' | b',')
                && j > i
                && b.get(j + 1).is_some_and(u8::is_ascii_digit)))
    {
        j += 1;
    }
    if j == i {
        return None;
    }
    let k = b.get(j) == Some(&b'k') && !b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric);
    Some((if k { j + 1 } else { j }, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_spans() {
        let s = "we earn $5 million a year; pay is $65/hr on w2 and 401(k) plus 3 weeks";
        let spans: Vec<&str> = rate_spans(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(spans, ["$65/hr on w2"]);
        assert!(rate_spans("5+ years, 2 positions").is_empty());
        assert!(rate_spans("medical, 401k and 401(k) match").is_empty());
        assert!(rate_spans("a 40 hour work week").is_empty());
    }
}
