//! Small readers for the ways desks type values into spreadsheet cells: lists, yes/no,
//! years, dates, durations, counts, names and "City, ST" locations. Each returns the
//! reason in words when it cannot read the cell.

use chrono::NaiveDate;
use hireloop_domain::values::{CountryCode, us_state_code};

use crate::bulk::targets::Choices;

/// Lowercase letters and digits only, as the domain's lookups key their vocabularies.
pub(crate) fn alnum_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Pieces of a list cell, split on `,` `;` `|` and newlines. Slashes also split ("Java/AWS")
/// when none of those is present, except inside names like "CI/CD" or "PL/SQL".
pub(crate) fn split_list(s: &str, slashes: bool) -> Vec<&str> {
    let strong = |c: char| matches!(c, ',' | ';' | '|' | '\n' | '\r');
    let pieces: Vec<&str> = s
        .split(strong)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if !slashes || s.contains(strong) || !s.contains('/') || is_slash_name(s.trim()) {
        return pieces;
    }
    s.split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Names that contain a slash and are one thing.
fn is_slash_name(s: &str) -> bool {
    const NAMES: [&str; 10] = [
        "ci/cd",
        "tcp/ip",
        "pl/sql",
        "ui/ux",
        "ux/ui",
        "a/b testing",
        "i/o",
        "opt/cpt",
        "c/c++",
        "r/3",
    ];
    NAMES.contains(&s.to_lowercase().as_str())
}

/// "Java (5 yrs)" → ("Java", Some(5.0)); anything else is a bare name.
pub(crate) fn skill_piece(piece: &str) -> (&str, Option<f64>) {
    if let Some(inner) = piece.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
        && let Ok((years, None)) = years(&inner[open + 1..])
    {
        let name = inner[..open].trim();
        if !name.is_empty() {
            return (name, Some(years));
        }
    }
    (piece, None)
}

/// Yes/no in the spellings spreadsheets use; blank is no answer.
pub(crate) fn boolean(s: &str) -> Result<Option<bool>, String> {
    match alnum_key(s).as_str() {
        "" => Ok(None),
        "yes" | "y" | "true" | "t" | "1" | "x" | "willing" | "open" | "ok" => Ok(Some(true)),
        "no" | "n" | "false" | "f" | "0" | "notwilling" | "none" => Ok(Some(false)),
        _ => Err(format!("'{}' is not yes or no", s.trim())),
    }
}

/// The numbers written in `s` ("7.5", "120,000"), with where each ends, in order.
pub(crate) fn numbers(s: &str) -> Vec<(f64, usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len()
            && (b[i].is_ascii_digit()
                || (matches!(b[i], b'.' | b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        let text: String = s[start..i].chars().filter(|&c| c != ',').collect();
        if let Ok(n) = text.parse::<f64>() {
            out.push((n, start, i));
        }
    }
    out
}

/// A range "5-7", "5 to 7", "5 – 7": the first number and, for a range, the second.
fn first_or_range(s: &str) -> Option<(f64, Option<f64>)> {
    let nums = numbers(s);
    let (lo, _, lo_end) = *nums.first()?;
    let hi = nums
        .get(1)
        .and_then(|&(hi, hi_start, _)| is_range_gap(&s[lo_end..hi_start]).then_some(hi));
    Some((lo, hi))
}

/// What sits between the two figures of a range: "-", "to", "k - $".
pub(crate) fn is_range_gap(gap: &str) -> bool {
    let g: String = gap
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '$' | '€' | '£' | '₹' | 'k' | 'K' | '+'))
        .collect();
    matches!(g.to_lowercase().as_str(), "-" | "–" | "—" | "to")
}

/// Years of experience: "7", "7+ yrs", "7.5 years", "5-7 years", "18 months".
pub(crate) fn years(s: &str) -> Result<(f64, Option<f64>), String> {
    let (lo, hi) =
        first_or_range(s).ok_or_else(|| format!("'{}' is not a number of years", s.trim()))?;
    let lower = s.to_lowercase();
    let months = lower.contains("month")
        || lower
            .split(|c: char| !c.is_alphabetic())
            .any(|w| w == "mo" || w == "mos");
    let scale = |y: f64| if months { y / 12.0 } else { y };
    Ok((scale(lo), hi.map(scale)))
}

/// A contract length in months: "6", "6 months", "1 year", "12 weeks", "6-12 months" (the
/// first figure).
pub(crate) fn months(s: &str) -> Result<u16, String> {
    let (n, _) = first_or_range(s).ok_or_else(|| format!("'{}' is not a duration", s.trim()))?;
    let lower = s.to_lowercase();
    let has = |w: &[&str]| {
        lower
            .split(|c: char| !c.is_alphabetic())
            .any(|t| w.contains(&t))
    };
    let months = if has(&["year", "years", "yr", "yrs"]) {
        n * 12.0
    } else if has(&["week", "weeks", "wk", "wks"]) {
        n * 12.0 / 52.0
    } else {
        n
    };
    let rounded = months.round().max(if n > 0.0 { 1.0 } else { 0.0 });
    if rounded > f64::from(u16::MAX) {
        return Err(format!("'{}' is too long a duration", s.trim()));
    }
    // In range by the check above.
    Ok(rounded as u16)
}

/// A whole count: "2", "2 positions".
pub(crate) fn count(s: &str) -> Result<u16, String> {
    let bad = || format!("'{}' is not a whole number", s.trim());
    let (n, _) = first_or_range(s).ok_or_else(bad)?;
    if n.fract() != 0.0 || n > f64::from(u16::MAX) {
        return Err(bad());
    }
    Ok(n as u16)
}

/// A calendar date: ISO "2026-12-01" (a time after it is dropped), "12/01/2026" (month first
/// unless `day_first`, or unless the first part is over 12), "Dec 1, 2026", "1 December 2026";
/// "immediately"/"ASAP"/"now" mean `today` when the caller gave it.
pub(crate) fn date(
    s: &str,
    today: Option<NaiveDate>,
    day_first: bool,
) -> Result<NaiveDate, String> {
    let shown = s.trim();
    if matches!(
        alnum_key(shown).as_str(),
        "immediately" | "immediate" | "asap" | "now" | "availablenow" | "rightaway"
    ) {
        return today.ok_or_else(|| {
            format!("'{shown}' needs today's date, which this import was not given: write a date")
        });
    }
    let day_part = match shown.get(10..11) {
        Some("T" | " ") => shown.get(..10).unwrap_or(shown),
        _ => shown,
    };
    // chrono reads "1-2-26" as the year 1, so the year-first forms need four digits first.
    let year_first = day_part.len() >= 8 && day_part.bytes().take(4).all(|b| b.is_ascii_digit());
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
        if let Some(d) = year_first
            .then(|| NaiveDate::parse_from_str(day_part, fmt).ok())
            .flatten()
        {
            return Ok(d);
        }
    }
    if let Some(d) = numeric_date(day_part, day_first) {
        return Ok(d);
    }
    for fmt in [
        "%b %d, %Y",
        "%B %d, %Y",
        "%d %b %Y",
        "%d %B %Y",
        "%b %d %Y",
        "%B %d %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(shown, fmt) {
            return Ok(d);
        }
    }
    Err(format!(
        "'{shown}' is not a date: write it as YYYY-MM-DD (e.g. 2026-12-01)"
    ))
}

/// "12/01/2026", "1-12-26", "01.12.2026": two parts and a year last.
fn numeric_date(s: &str, day_first: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    let year: i32 = match y.len() {
        4 => y.parse().ok()?,
        2 => 2000 + y.parse::<i32>().ok()?,
        _ => return None,
    };
    let (month, day) = if a > 12 || (day_first && b <= 12) {
        (b, a)
    } else {
        (a, b)
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The canonical value of a closed vocabulary, by its lookup key.
pub(crate) fn choice(s: &str, choices: Choices) -> Result<&'static str, String> {
    let key = alnum_key(s);
    if let Some((_, v)) = choices.iter().find(|(k, _)| *k == key) {
        return Ok(v);
    }
    let mut names: Vec<&str> = choices.iter().map(|(_, v)| *v).collect();
    names.dedup();
    Err(format!(
        "'{}' is not one of: {}",
        s.trim(),
        names.join(", ")
    ))
}

/// "Jane Doe" → ("Jane", "Doe"); "Doe, Jane" → ("Jane", "Doe"); "Mary Ann Smith Jr." →
/// ("Mary Ann", "Smith Jr."); one word is a first name.
pub(crate) fn split_name(s: &str) -> (String, String) {
    if let Some((last, first)) = s.split_once(',') {
        return (collapse(first), collapse(last));
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let suffix = words.last().is_some_and(|w| {
        matches!(
            w.trim_end_matches('.').to_lowercase().as_str(),
            "jr" | "sr" | "ii" | "iii" | "iv"
        )
    });
    let last_len = if suffix && words.len() >= 3 { 2 } else { 1 };
    if words.len() <= 1 {
        return (words.concat(), String::new());
    }
    let split = words.len() - last_len;
    (words[..split].join(" "), words[split..].join(" "))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A location typed as one cell.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct PlaceText {
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    /// The cell said "Remote" (alone or as "Remote, US").
    pub remote: bool,
}

/// "Dallas, TX" (a US state makes the country US), "Toronto, ON, Canada", "London, UK",
/// "Texas", "Remote", "Remote - US".
pub(crate) fn place(s: &str) -> PlaceText {
    let mut out = PlaceText::default();
    let mut parts: Vec<String> = s
        .split([',', '\n'])
        .map(collapse)
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(first) = parts.first() {
        let key = alnum_key(first);
        if let Some(rest) = key.strip_prefix("remote") {
            out.remote = true;
            let tail = first
                .trim_start_matches(|c: char| c.is_alphabetic())
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            if rest.is_empty() || tail.is_empty() {
                parts.remove(0);
            } else {
                parts[0] = tail;
            }
        }
    }
    let is_state = |p: &str| us_state_code(p).is_some();
    let is_country = |p: &str| CountryCode::parse(p).is_ok();
    match parts.as_slice() {
        [] => {}
        [one] if out.remote && is_country(one) => out.country = Some(one.clone()),
        [one] if is_state(one) && one.len() > 2 => {
            out.region = Some(one.clone());
            out.country = Some("US".into());
        }
        [one] if is_country(one) && one.len() > 2 => out.country = Some(one.clone()),
        [one] => out.city = Some(one.clone()),
        [city, second] => {
            out.city = Some(city.clone());
            // A two-part US address is the common case ("Los Angeles, CA" is California, not
            // Canada), so states win over countries here.
            let state_part = strip_zip(second);
            if is_state(&state_part) {
                out.region = Some(state_part);
                out.country = Some("US".into());
            } else if is_country(second) {
                out.country = Some(second.clone());
            } else {
                out.region = Some(second.clone());
            }
        }
        [city, middle @ .., last] => {
            out.city = Some(city.clone());
            if is_country(last) {
                out.region = Some(middle.join(", "));
                out.country = Some(last.clone());
            } else {
                let mut region = middle.to_vec();
                region.push(last.clone());
                out.region = Some(region.join(", "));
            }
        }
    }
    out
}

/// "TX 75201" → "TX": a zip code after the state is not part of it.
fn strip_zip(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [state @ .., zip]
            if !state.is_empty() && zip.chars().all(|c| c.is_ascii_digit() || c == '-') =>
        {
            state.join(" ")
        }
        _ => s.to_string(),
    }
}

/// A URL cell: a bare "linkedin.com/in/jane" gets "https://" so it passes the URL check.
pub(crate) fn url(s: &str) -> String {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let bare = !lower.starts_with("http://") && !lower.starts_with("https://");
    if bare && t.contains('.') && !t.contains(char::is_whitespace) && !t.contains('@') {
        format!("https://{t}")
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests;
