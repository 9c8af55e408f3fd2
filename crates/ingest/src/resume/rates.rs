//! Pay expectations as resumes and cover notes write them ("$85/hr C2C", "€600 per day",
//! "Expected CTC: 12 LPA", "USD 120k per annum"), read into the domain [`Rate`].

use hireloop_domain::values::{Currency, EmploymentType, Money, Rate, RateUnit};

use super::text::key;

/// Currency symbols and words, longest first so "US$" wins over "$".
#[rustfmt::skip]
const CURRENCIES: &[(&str, &str)] = &[
    ("us$", "USD"), ("c$", "CAD"), ("a$", "AUD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"),
    ("₹", "INR"), ("rs.", "INR"), ("rs", "INR"), ("inr", "INR"), ("usd", "USD"), ("eur", "EUR"),
    ("gbp", "GBP"), ("cad", "CAD"), ("aud", "AUD"), ("chf", "CHF"), ("sgd", "SGD"), ("aed", "AED"),
    ("euro", "EUR"), ("euros", "EUR"), ("dollars", "USD"), ("rupees", "INR"),
];

/// Reads a rate from a short text. `None` unless an amount and a currency (or a US
/// employment type, which implies dollars) are both there.
pub(crate) fn parse_rate(s: &str) -> Option<Rate> {
    let lower = s.to_lowercase();
    let (number, num_start, num_end) = first_number(&lower)?;
    let after = lower.get(num_end..).unwrap_or_default();
    let before = lower.get(..num_start).unwrap_or_default();
    let (multiplier, indian) = multiplier(after);
    let employment = employment_type(&lower);
    let currency_code = currency_near(before, after)
        .or(indian.then_some("INR"))
        .or(employment.is_some().then_some("USD"))?;
    let currency = Currency::parse(currency_code).ok()?;
    let unit = unit_in(after).or(indian.then_some(RateUnit::Year));
    let plain = number.replace(',', "");
    let money = Money::from_decimal(&plain, currency).ok()?;
    let minor = money.amount_minor().checked_mul(multiplier)?;
    let major = minor / 10_i64.pow(u32::from(currency.exponent()));
    // Without a unit, the size of the amount tells hourly pay from a salary.
    let unit = unit.or(match major {
        0 => None,
        1..=500 => Some(RateUnit::Hour),
        10_000.. => Some(RateUnit::Year),
        _ => None,
    })?;
    Rate::new(Money::new(minor, currency).ok()?, unit, employment).ok()
}

/// The first number ("85", "1,20,000", "85.50") and its byte span.
fn first_number(s: &str) -> Option<(&str, usize, usize)> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let len = s[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(s.len() - start);
    let number = s[start..start + len].trim_end_matches([',', '.']);
    Some((number, start, start + number.len()))
}

/// A thousand ("85k"), a lakh ("12 LPA", "12 lakhs") or a crore; and whether the word was
/// an Indian one (which also says rupees per year).
fn multiplier(after: &str) -> (i64, bool) {
    let word = key(after).split(' ').next().unwrap_or_default().to_string();
    match word.as_str() {
        "k" => (1_000, false),
        "lpa" | "lakh" | "lakhs" | "lac" | "lacs" | "l" => (100_000, true),
        "cr" | "crore" | "crores" => (10_000_000, true),
        _ => (1, false),
    }
}

fn currency_near(before: &str, after: &str) -> Option<&'static str> {
    let tail: String = before
        .trim_end()
        .chars()
        .rev()
        .take(5)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let head: String = after.trim_start().chars().take(8).collect();
    for (sym, code) in CURRENCIES {
        if tail.ends_with(sym) || word_starts(&head, sym) {
            return Some(code);
        }
    }
    None
}

fn word_starts(s: &str, sym: &str) -> bool {
    let Some(rest) = s.strip_prefix(sym) else {
        return false;
    };
    !sym.chars().all(char::is_alphabetic) || !rest.chars().next().is_some_and(char::is_alphabetic)
}

fn unit_in(after: &str) -> Option<RateUnit> {
    let k = key(after);
    let words: Vec<&str> = k.split(' ').take(6).collect();
    if after.trim_start().starts_with("p.a") || words.contains(&"pa") || words.contains(&"lpa") {
        return Some(RateUnit::Year);
    }
    for (i, w) in words.iter().enumerate() {
        let unit = if matches!(*w, "per" | "an" | "a") {
            words.get(i + 1).and_then(|n| RateUnit::parse(n).ok())
        } else {
            RateUnit::parse(w).ok().filter(|_| w.len() > 1)
        };
        if unit.is_some() {
            return unit;
        }
    }
    None
}

fn employment_type(lower: &str) -> Option<EmploymentType> {
    let k = key(lower);
    ["c2c", "corp to corp", "w2", "w 2", "1099"]
        .iter()
        .find(|t| super::text::contains_words(&k, t))
        .and_then(|t| EmploymentType::parse(t).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(s: &str) -> Option<String> {
        parse_rate(s).map(|r| r.to_string())
    }

    #[test]
    fn common_forms() {
        assert_eq!(rate("$85/hr C2C"), Some("85.00 USD/hour (c2c)".into()));
        assert_eq!(rate("€600 per day"), Some("600.00 EUR/day".into()));
        assert_eq!(rate("12 LPA"), Some("1200000.00 INR/year".into()));
        assert_eq!(
            rate("Rs. 8,00,000 per annum"),
            Some("800000.00 INR/year".into())
        );
        assert_eq!(rate("USD 120k"), Some("120000.00 USD/year".into()));
        assert_eq!(rate("£45 an hour"), Some("45.00 GBP/hour".into()));
        assert_eq!(rate("70 W2"), Some("70.00 USD/hour (w2)".into()));
    }

    #[test]
    fn refuses_without_currency_or_amount() {
        assert_eq!(rate("negotiable"), None);
        assert_eq!(rate("85 per hour"), None);
        assert_eq!(rate("$ per hour"), None);
    }
}
