//! Rates typed as text: "$65/hr", "65 per hour", "120k", "120,000/yr", "$70/hr C2C",
//! "85-95/hr", "€500/day". The domain's `Rate` holds the result; its unit, employment-type
//! and money readers do the checking.

use hireloop_domain::values::{Currency, EmploymentType, Money, Rate, RateUnit};

use super::cells::{alnum_key, is_range_gap};
use crate::bulk::targets::RangeEnd;

/// A figure below this with no unit is an hourly rate; at or above `YEARLY_FROM` a salary.
/// Between the two ("800") a day, week or month rate are all plausible, so the unit must be
/// written.
const HOURLY_BELOW: f64 = 500.0;
const YEARLY_FROM: f64 = 10_000.0;

const EMPLOYMENT: &[(&str, EmploymentType)] = &[
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
];

const SYMBOLS: &[(&str, Option<&str>)] = &[
    ("us$", Some("USD")),
    ("c$", Some("CAD")),
    ("a$", Some("AUD")),
    ("r$", Some("BRL")),
    ("€", Some("EUR")),
    ("£", Some("GBP")),
    ("₹", Some("INR")),
    ("$", None),
];

/// Words around a rate that say nothing about it.
const FILLERS: &[&str] = &[
    "on",
    "at",
    "approx",
    "approximately",
    "around",
    "about",
    "upto",
    "up to",
    "max",
    "maximum",
    "min",
    "minimum",
    "negotiable",
    "neg",
    "rate",
    "base",
    "plus",
    "or",
];

/// Reads a rate cell; `end` picks the figure of a range. An amount without a currency is in
/// `default` (USD when absent); `$` means `default` when that is a dollar currency, else USD.
pub(crate) fn parse_rate(
    s: &str,
    default: Option<Currency>,
    end: RangeEnd,
) -> Result<Rate, String> {
    let usd = Currency::parse("USD").map_err(|e| e.0)?;
    let default = default.unwrap_or(usd);
    let shown = s.trim();
    let mut text = shown.to_lowercase();
    let employment = take_employment(&mut text);
    let currency = take_currency(&mut text, default, usd)?;
    let figures = figures(&text);
    let Some(first) = figures.first() else {
        return Err(format!("'{shown}' has no amount"));
    };
    let mut used = vec![first.clone()];
    if let Some(second) = figures.get(1)
        && is_range_gap(&text[first.end..second.start])
    {
        used.push(second.clone());
    }
    let thousands = used.iter().any(|f| f.thousands);
    let chosen = match end {
        RangeEnd::Low => &used[0],
        RangeEnd::High => &used[used.len() - 1],
    };
    let amount = if thousands {
        times_thousand(&chosen.digits)
    } else {
        chosen.digits.clone()
    };
    let money = Money::from_decimal(&amount, currency).map_err(|e| e.0)?;
    let start = used[0].start;
    let stop = used[used.len() - 1].end_with_suffix;
    blank(&mut text, start, stop);
    let unit_text = unit_text(&text);
    let unit = if alnum_key(&unit_text).is_empty() {
        let major: f64 = amount.parse().unwrap_or(0.0);
        if major < HOURLY_BELOW {
            RateUnit::Hour
        } else if major >= YEARLY_FROM {
            RateUnit::Year
        } else {
            return Err(format!(
                "'{shown}' has no unit: add per hour, day, week, month or year"
            ));
        }
    } else {
        RateUnit::parse(&unit_text).map_err(|_| format!("unknown rate unit \"{unit_text}\""))?
    };
    Rate::new(money, unit, employment).map_err(|e| e.0)
}

/// Replaces bytes `start..end` with spaces, keeping every other offset valid.
fn blank(text: &mut String, start: usize, end: usize) {
    if let Some(part) = text.get(start..end) {
        let spaces = " ".repeat(part.len());
        text.replace_range(start..end, &spaces);
    }
}

/// Offsets where `word` occurs with no letter or digit on either side.
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Removes employment-type words; the earliest one written is the rate's type.
fn take_employment(text: &mut String) -> Option<EmploymentType> {
    let mut found: Option<(usize, EmploymentType)> = None;
    for (word, kind) in EMPLOYMENT {
        while let Some(i) = find_word(text, word) {
            let mut rest = text.clone();
            blank(&mut rest, i, i + word.len());
            // "$1099/week" is an amount, not a 1099 contract.
            if !rest.contains(|c: char| c.is_ascii_digit()) {
                break;
            }
            *text = rest;
            if found.is_none_or(|(j, _)| i < j) {
                found = Some((i, *kind));
            }
        }
    }
    found.map(|(_, k)| k)
}

/// Removes currency symbols and codes; two different currencies are an error.
fn take_currency(text: &mut String, default: Currency, usd: Currency) -> Result<Currency, String> {
    let dollar = if default.code().ends_with('D') {
        default
    } else {
        usd
    };
    let mut found: Option<Currency> = None;
    let mut note = |c: Currency| -> Result<(), String> {
        match found {
            Some(f) if f != c => Err(format!("two currencies: {f} and {c}")),
            _ => {
                found = Some(c);
                Ok(())
            }
        }
    };
    for (symbol, code) in SYMBOLS {
        while let Some(i) = text.find(symbol) {
            blank(text, i, i + symbol.len());
            note(match code {
                Some(code) => Currency::parse(code).map_err(|e| e.0)?,
                None => dollar,
            })?;
        }
    }
    let words: Vec<(usize, String)> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() == 3)
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w.to_string()))
        .collect();
    for (i, w) in words {
        if let Ok(c) = Currency::parse(&w) {
            blank(text, i, i + 3);
            note(c)?;
        }
    }
    Ok(found.unwrap_or(default))
}

#[derive(Debug, Clone)]
struct Figure {
    /// The number without thousands separators: "120000", "65.50".
    digits: String,
    start: usize,
    end: usize,
    end_with_suffix: usize,
    /// Written with a "k" ("120k").
    thousands: bool,
}

fn figures(text: &str) -> Vec<Figure> {
    let b = text.as_bytes();
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
        let end = i;
        let thousands =
            b.get(i) == Some(&b'k') && !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if thousands {
            i += 1;
        }
        out.push(Figure {
            digits: text[start..end].replace(',', ""),
            start,
            end,
            end_with_suffix: i,
            thousands,
        });
    }
    out
}

/// "120" → "120000", "1.5" → "1500", "1.2345" → "1234.5": exact, no floating point.
fn times_thousand(digits: &str) -> String {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut frac = frac.to_string();
    while frac.len() < 3 {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(3);
    let int = format!("{int}{moved}");
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if rest.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{rest}")
    }
}

/// What is left once the amount, currency and type are gone: the unit ("/hr", "per year").
fn unit_text(text: &str) -> String {
    let mut words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '+' | '~' | '@' | ':'))
        .filter(|w| !w.is_empty())
        .collect();
    words.retain(|w| !FILLERS.contains(w));
    let joined = words.join(" ");
    joined
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '/')
        .trim_end_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::parse("USD").unwrap()
    }

    fn rate(s: &str) -> Result<String, String> {
        parse_rate(s, Some(usd()), RangeEnd::Low).map(|r| r.to_string())
    }

    #[test]
    fn desk_spellings() {
        for (raw, want) in [
            ("$65/hr", "65.00 USD/hour"),
            ("65 per hour", "65.00 USD/hour"),
            ("65", "65.00 USD/hour"),
            ("120k", "120000.00 USD/year"),
            ("$120K", "120000.00 USD/year"),
            ("120,000/yr", "120000.00 USD/year"),
            ("$70/hr C2C", "70.00 USD/hour (c2c)"),
            ("$60 / hour on W-2", "60.00 USD/hour (w2)"),
            ("85-95/hr", "85.00 USD/hour"),
            ("$85 - $95 per hour", "85.00 USD/hour"),
            ("€500/day", "500.00 EUR/day"),
            ("£450 per day", "450.00 GBP/day"),
            ("60 USD hourly", "60.00 USD/hour"),
            ("$65.50/hr", "65.50 USD/hour"),
            ("1.5k/week", "1500.00 USD/week"),
            ("$8,000/month", "8000.00 USD/month"),
            ("95000 per annum full time", "95000.00 USD/year (fte)"),
            ("$1099/week", "1099.00 USD/week"),
            ("70/hr 1099", "70.00 USD/hour (1099)"),
        ] {
            assert_eq!(rate(raw).as_deref(), Ok(want), "{raw}");
        }
        let high = parse_rate("85-95/hr", None, RangeEnd::High).unwrap();
        assert_eq!(high.to_string(), "95.00 USD/hour");
        let high = parse_rate("120k-140k", Some(usd()), RangeEnd::High).unwrap();
        assert_eq!(high.to_string(), "140000.00 USD/year");
        let cad = Currency::parse("CAD").unwrap();
        let r = parse_rate("$90/hr", Some(cad), RangeEnd::Low).unwrap();
        assert_eq!(r.to_string(), "90.00 CAD/hour");
    }

    #[test]
    fn refusals() {
        assert_eq!(
            rate("65 per fortnight"),
            Err("unknown rate unit \"per fortnight\"".into())
        );
        assert_eq!(
            rate("800"),
            Err("'800' has no unit: add per hour, day, week, month or year".into())
        );
        assert_eq!(rate("DOE"), Err("'DOE' has no amount".into()));
        assert!(rate("0/hr").unwrap_err().contains("more than zero"));
        assert!(rate("$65.555/hr").unwrap_err().contains("decimal places"));
        assert!(
            rate("€50 or £40/hr")
                .unwrap_err()
                .contains("two currencies")
        );
    }

    #[test]
    fn thousands() {
        assert_eq!(times_thousand("120"), "120000");
        assert_eq!(times_thousand("1.5"), "1500");
        assert_eq!(times_thousand("1.2345"), "1234.5");
        assert_eq!(times_thousand("0.5"), "500");
    }
}
