//! Money: ISO 4217 currencies with their minor units, and exact amounts in minor units.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;

/// The largest amount held, in minor units (10^15: ten trillion dollars in cents).
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000_000;

/// An ISO 4217 currency. Serialized as its code ("USD").
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(u8);

/// Code, minor-unit exponent, English name.
type CurrencyEntry = (&'static str, u8, &'static str);

const CURRENCIES: &[CurrencyEntry] = &[
    ("AED", 2, "UAE dirham"),
    ("ARS", 2, "Argentine peso"),
    ("AUD", 2, "Australian dollar"),
    ("BDT", 2, "Bangladeshi taka"),
    ("BGN", 2, "Bulgarian lev"),
    ("BHD", 3, "Bahraini dinar"),
    ("BRL", 2, "Brazilian real"),
    ("CAD", 2, "Canadian dollar"),
    ("CHF", 2, "Swiss franc"),
    ("CLP", 0, "Chilean peso"),
    ("CNY", 2, "Chinese yuan"),
    ("COP", 2, "Colombian peso"),
    ("CZK", 2, "Czech koruna"),
    ("DKK", 2, "Danish krone"),
    ("EGP", 2, "Egyptian pound"),
    ("EUR", 2, "Euro"),
    ("GBP", 2, "Pound sterling"),
    ("GHS", 2, "Ghanaian cedi"),
    ("HKD", 2, "Hong Kong dollar"),
    ("HUF", 2, "Hungarian forint"),
    ("IDR", 2, "Indonesian rupiah"),
    ("ILS", 2, "Israeli new shekel"),
    ("INR", 2, "Indian rupee"),
    ("ISK", 0, "Icelandic krona"),
    ("JOD", 3, "Jordanian dinar"),
    ("JPY", 0, "Japanese yen"),
    ("KES", 2, "Kenyan shilling"),
    ("KRW", 0, "South Korean won"),
    ("KWD", 3, "Kuwaiti dinar"),
    ("KZT", 2, "Kazakhstani tenge"),
    ("LKR", 2, "Sri Lankan rupee"),
    ("MAD", 2, "Moroccan dirham"),
    ("MXN", 2, "Mexican peso"),
    ("MYR", 2, "Malaysian ringgit"),
    ("NGN", 2, "Nigerian naira"),
    ("NOK", 2, "Norwegian krone"),
    ("NZD", 2, "New Zealand dollar"),
    ("OMR", 3, "Omani rial"),
    ("PEN", 2, "Peruvian sol"),
    ("PHP", 2, "Philippine peso"),
    ("PKR", 2, "Pakistani rupee"),
    ("PLN", 2, "Polish zloty"),
    ("QAR", 2, "Qatari riyal"),
    ("RON", 2, "Romanian leu"),
    ("RSD", 2, "Serbian dinar"),
    ("RUB", 2, "Russian ruble"),
    ("SAR", 2, "Saudi riyal"),
    ("SEK", 2, "Swedish krona"),
    ("SGD", 2, "Singapore dollar"),
    ("THB", 2, "Thai baht"),
    ("TND", 3, "Tunisian dinar"),
    ("TRY", 2, "Turkish lira"),
    ("TWD", 2, "New Taiwan dollar"),
    ("UAH", 2, "Ukrainian hryvnia"),
    ("UGX", 0, "Ugandan shilling"),
    ("USD", 2, "US dollar"),
    ("UYU", 2, "Uruguayan peso"),
    ("VND", 0, "Vietnamese dong"),
    ("XAF", 0, "Central African CFA franc"),
    ("XOF", 0, "West African CFA franc"),
    ("ZAR", 2, "South African rand"),
];

impl Currency {
    /// Accepts an ISO 4217 code in any case ("usd", " EUR ").
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let shown = s.trim();
        if shown.is_empty() {
            return Err(ValueError::new("the currency is empty"));
        }
        let code = shown.to_ascii_uppercase();
        CURRENCIES
            .binary_search_by(|e| e.0.cmp(code.as_str()))
            .ok()
            .and_then(|i| u8::try_from(i).ok())
            .map(Self)
            .ok_or_else(|| {
                ValueError::new(format!(
                    "'{shown}' is not a currency code we know (e.g. USD, EUR)"
                ))
            })
    }

    /// The ISO 4217 code, e.g. "USD".
    pub fn code(&self) -> &'static str {
        self.entry().0
    }

    /// Digits after the decimal point: 2 for USD, 0 for JPY, 3 for KWD.
    pub fn exponent(&self) -> u8 {
        self.entry().1
    }

    /// The English name, e.g. "US dollar".
    pub fn name(&self) -> &'static str {
        self.entry().2
    }

    /// Every currency known, in code order.
    pub fn all() -> impl Iterator<Item = Currency> {
        (0..CURRENCIES.len()).filter_map(|i| u8::try_from(i).ok().map(Self))
    }

    /// One major unit in minor units (100 for USD).
    fn scale(&self) -> i64 {
        10_i64.pow(u32::from(self.exponent()))
    }

    fn entry(&self) -> &'static CurrencyEntry {
        // The index was produced from CURRENCIES, so it is always in range.
        &CURRENCIES[usize::from(self.0)]
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({:?})", self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Currency {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(CURRENCIES.iter().map(|e| e.0)))
            .description(Some("ISO 4217 currency code."))
            .examples(["USD"])
            .into()
    }
}

impl utoipa::ToSchema for Currency {}

/// A non-negative amount of one currency, held exactly in minor units (cents). Serialized as
/// `{"amount_minor": 8500, "currency": "USD"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MoneyRepr", into = "MoneyRepr")]
pub struct Money {
    amount_minor: i64,
    currency: Currency,
}

impl Money {
    /// `amount_minor` is in the currency's minor unit (cents for USD), from 0 to 10^15.
    pub fn new(amount_minor: i64, currency: Currency) -> Result<Self, ValueError> {
        if amount_minor < 0 {
            return Err(ValueError::new(format!(
                "{amount_minor} {currency} is negative; amounts cannot be negative"
            )));
        }
        if amount_minor > MAX_AMOUNT_MINOR {
            return Err(ValueError::new(format!(
                "the amount {amount_minor} (in minor units of {currency}) is too large"
            )));
        }
        Ok(Self {
            amount_minor,
            currency,
        })
    }

    /// Reads an amount as people write it: "85", "85.5", "85.50", "1,200.00", "$85.50",
    /// "USD 85", "85 usd". Exact (no floating point); more decimals than the currency has are
    /// refused, and so is a currency code or symbol that is not `currency`'s.
    pub fn from_decimal(s: &str, currency: Currency) -> Result<Self, ValueError> {
        let shown = s.trim();
        let bad = |why: &str| ValueError::new(format!("'{shown}' is not an amount: {why}"));
        if shown.is_empty() {
            return Err(ValueError::new("the amount is empty"));
        }
        let number = strip_currency(shown, currency).map_err(|why| bad(&why))?;
        if number.starts_with('-') {
            return Err(bad("amounts cannot be negative"));
        }
        let (int_part, frac_part) = match number.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (number, None),
        };
        let int_digits = ungroup(int_part).map_err(|why| bad(&why))?;
        let frac = frac_part.unwrap_or("");
        if !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad("unexpected characters after the decimal point"));
        }
        if frac_part.is_some() && frac.is_empty() {
            return Err(bad("no digits after the decimal point"));
        }
        if int_digits.is_empty() && frac.is_empty() {
            return Err(bad("no digits"));
        }
        let exponent = usize::from(currency.exponent());
        if frac.len() > exponent {
            return Err(bad(&format!(
                "{currency} allows {exponent} decimal place{}",
                if exponent == 1 { "" } else { "s" }
            )));
        }
        let too_large = || bad("too large");
        let mut minor: i64 = 0;
        for d in int_digits.bytes().chain(frac.bytes()) {
            minor = minor
                .checked_mul(10)
                .and_then(|m| m.checked_add(i64::from(d - b'0')))
                .ok_or_else(too_large)?;
        }
        for _ in frac.len()..exponent {
            minor = minor.checked_mul(10).ok_or_else(too_large)?;
        }
        if minor > MAX_AMOUNT_MINOR {
            return Err(too_large());
        }
        Self::new(minor, currency)
    }

    pub fn amount_minor(&self) -> i64 {
        self.amount_minor
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount with the currency's decimals and no grouping: "85.50", "1200.00", "5000" (JPY).
    pub fn to_decimal_string(&self) -> String {
        let exponent = usize::from(self.currency.exponent());
        if exponent == 0 {
            return self.amount_minor.to_string();
        }
        let scale = self.currency.scale();
        format!(
            "{}.{:0exponent$}",
            self.amount_minor / scale,
            self.amount_minor % scale
        )
    }

    /// The sum, or `None` when the currencies differ or the sum exceeds 10^15 minor units.
    pub fn checked_add(&self, other: &Money) -> Option<Money> {
        if self.currency != other.currency {
            return None;
        }
        let sum = self.amount_minor.checked_add(other.amount_minor)?;
        Self::new(sum, self.currency).ok()
    }
}

/// Drops a currency code or symbol before or after the number, checking it is `currency`'s.
fn strip_currency(s: &str, currency: Currency) -> Result<&str, String> {
    const SYMBOLS: &[(&str, &[&str])] = &[
        ("US$", &["USD"]),
        ("C$", &["CAD"]),
        ("A$", &["AUD"]),
        ("R$", &["BRL"]),
        ("€", &["EUR"]),
        ("£", &["GBP"]),
        ("₹", &["INR"]),
        ("¥", &["JPY", "CNY"]),
        ("₩", &["KRW"]),
        ("₱", &["PHP"]),
        ("₪", &["ILS"]),
        ("₦", &["NGN"]),
        ("$", &[]),
    ];
    let mut rest = s.trim();
    for (symbol, codes) in SYMBOLS {
        let stripped = rest
            .strip_prefix(symbol)
            .or_else(|| rest.strip_suffix(symbol));
        if let Some(r) = stripped {
            if !codes.is_empty() && !codes.contains(&currency.code()) {
                return Err(format!("'{symbol}' is not {}", currency.code()));
            }
            rest = r.trim();
            break;
        }
    }
    let letters_at = |r: &str, front: bool| -> Option<(String, usize)> {
        let word: String = if front {
            r.chars().take_while(char::is_ascii_alphabetic).collect()
        } else {
            let mut w: Vec<char> = r
                .chars()
                .rev()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            w.reverse();
            w.into_iter().collect()
        };
        (!word.is_empty()).then(|| (word.to_ascii_uppercase(), r.len() - word.len()))
    };
    if let Some((code, rest_len)) = letters_at(rest, true) {
        if code != currency.code() {
            return Err(format!("'{code}' is not {}", currency.code()));
        }
        rest = rest[rest.len() - rest_len..].trim();
    } else if let Some((code, rest_len)) = letters_at(rest, false) {
        if code != currency.code() {
            return Err(format!("'{code}' is not {}", currency.code()));
        }
        rest = rest[..rest_len].trim();
    }
    Ok(rest)
}

/// The digits of an integer part, checking any thousands separators sit every 3 digits.
fn ungroup(int_part: &str) -> Result<String, String> {
    let groups: Vec<&str> = int_part.split([',', ' ', '\u{a0}']).collect();
    for (i, g) in groups.iter().enumerate() {
        if let Some(c) = g.chars().find(|c| !c.is_ascii_digit()) {
            return Err(format!("unexpected '{c}'"));
        }
        let ok_len = if i == 0 {
            groups.len() == 1 || (1..=3).contains(&g.len())
        } else {
            g.len() == 3
        };
        if !ok_len {
            return Err("thousands separators must group 3 digits".into());
        }
    }
    Ok(groups.concat())
}

impl fmt::Display for Money {
    /// "85.50 USD".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal_string(), self.currency)
    }
}

/// The wire form of [`Money`].
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(description = "An amount in the currency's minor unit (cents for USD).")]
struct MoneyRepr {
    #[schema(example = 8500, minimum = 0, maximum = 1_000_000_000_000_000_i64)]
    amount_minor: i64,
    currency: Currency,
}

impl TryFrom<MoneyRepr> for Money {
    type Error = ValueError;
    fn try_from(r: MoneyRepr) -> Result<Self, Self::Error> {
        Self::new(r.amount_minor, r.currency)
    }
}

impl From<Money> for MoneyRepr {
    fn from(m: Money) -> Self {
        Self {
            amount_minor: m.amount_minor,
            currency: m.currency,
        }
    }
}

schema_via_repr!(Money, MoneyRepr);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    fn dec(s: &str, code: &str) -> Result<i64, ValueError> {
        Money::from_decimal(s, cur(code)).map(|m| m.amount_minor())
    }

    #[test]
    fn currency_table() {
        assert!(Currency::all().count() >= 40);
        assert!(
            CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted for binary search"
        );
        for (code, exp) in [
            ("USD", 2),
            ("JPY", 0),
            ("KRW", 0),
            ("BHD", 3),
            ("KWD", 3),
            ("VND", 0),
        ] {
            assert_eq!(cur(code).exponent(), exp, "{code}");
        }
        assert_eq!(cur(" usd ").code(), "USD");
        assert_eq!(cur("eur").to_string(), "EUR");
        assert_eq!(format!("{:?}", cur("GBP")), "Currency(\"GBP\")");
        let err = Currency::parse("XYZ").unwrap_err();
        assert_eq!(
            err.0,
            "'XYZ' is not a currency code we know (e.g. USD, EUR)"
        );
        assert!(Currency::parse("").is_err());
    }

    #[test]
    fn from_decimal_forms() {
        assert_eq!(dec("85", "USD").unwrap(), 8500);
        assert_eq!(dec("85.5", "USD").unwrap(), 8550);
        assert_eq!(dec("85.50", "USD").unwrap(), 8550);
        assert_eq!(dec("1,200.00", "USD").unwrap(), 120_000);
        assert_eq!(dec("$85.50", "USD").unwrap(), 8550);
        assert_eq!(dec("$ 85.50", "CAD").unwrap(), 8550);
        assert_eq!(dec("USD 85", "USD").unwrap(), 8500);
        assert_eq!(dec("85 usd", "USD").unwrap(), 8500);
        assert_eq!(dec("€1,000", "EUR").unwrap(), 100_000);
        assert_eq!(dec("0.05", "USD").unwrap(), 5);
        assert_eq!(dec(".5", "USD").unwrap(), 50);
        assert_eq!(dec("5000", "JPY").unwrap(), 5000);
        assert_eq!(dec("1.234", "KWD").unwrap(), 1234);
        assert_eq!(dec("1,234,567.89", "USD").unwrap(), 123_456_789);
        assert_eq!(dec("10000000000000", "USD").unwrap(), MAX_AMOUNT_MINOR);
    }

    #[test]
    fn from_decimal_refusals() {
        let err = dec("85.555", "USD").unwrap_err();
        assert_eq!(
            err.0,
            "'85.555' is not an amount: USD allows 2 decimal places"
        );
        assert!(dec("5000.5", "JPY").is_err());
        assert!(dec("-5", "USD").unwrap_err().0.contains("negative"));
        assert!(dec("", "USD").is_err());
        assert!(dec("abc", "USD").is_err());
        assert!(dec("1,20.00", "USD").is_err());
        assert!(dec("12,0000", "USD").is_err());
        assert!(dec("1.2.3", "USD").is_err());
        assert!(dec("85.", "USD").is_err());
        assert!(dec("$", "USD").is_err());
        assert!(dec("€85", "USD").is_err());
        assert!(dec("85 EUR", "USD").is_err());
        assert!(dec("85e3", "USD").is_err());
        assert!(dec("10000000000000.01", "USD").is_err());
        assert!(dec("99999999999999999999999", "USD").is_err());
    }

    #[test]
    fn new_and_arithmetic() {
        let usd = cur("USD");
        assert!(Money::new(-1, usd).is_err());
        assert!(Money::new(MAX_AMOUNT_MINOR + 1, usd).is_err());
        let a = Money::new(8550, usd).unwrap();
        assert_eq!(a.to_decimal_string(), "85.50");
        assert_eq!(a.to_string(), "85.50 USD");
        assert_eq!(Money::new(5, usd).unwrap().to_decimal_string(), "0.05");
        assert_eq!(
            Money::new(5000, cur("JPY")).unwrap().to_decimal_string(),
            "5000"
        );
        assert_eq!(
            Money::new(1234, cur("BHD")).unwrap().to_decimal_string(),
            "1.234"
        );
        assert_eq!(a.checked_add(&a).map(|m| m.amount_minor()), Some(17100));
        assert_eq!(a.checked_add(&Money::new(1, cur("EUR")).unwrap()), None);
        let max = Money::new(MAX_AMOUNT_MINOR, usd).unwrap();
        assert_eq!(max.checked_add(&Money::new(1, usd).unwrap()), None);
    }

    #[test]
    fn serde_validates() {
        let m = Money::new(8500, cur("USD")).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount_minor":8500,"currency":"USD"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        let lower: Money = serde_json::from_str(r#"{"amount_minor":1,"currency":"usd"}"#).unwrap();
        assert_eq!(lower.currency(), cur("USD"));
        let err =
            serde_json::from_str::<Money>(r#"{"amount_minor":-1,"currency":"USD"}"#).unwrap_err();
        assert!(err.to_string().contains("negative"), "{err}");
        let err =
            serde_json::from_str::<Money>(r#"{"amount_minor":1,"currency":"ABC"}"#).unwrap_err();
        assert!(err.to_string().contains("'ABC'"), "{err}");
    }

    proptest! {
        #[test]
        fn decimal_round_trip(amount in 0i64..=MAX_AMOUNT_MINOR, i in 0usize..61) {
            let currency = Currency::all().nth(i % Currency::all().count()).unwrap();
            let m = Money::new(amount, currency).unwrap();
            let s = m.to_decimal_string();
            prop_assert_eq!(Money::from_decimal(&s, currency).unwrap(), m);
            let json = serde_json::to_string(&m).unwrap();
            prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        }

        #[test]
        fn grouped_equals_plain(whole in 0i64..10_000_000_000, cents in 0i64..100) {
            let plain = format!("{whole}.{cents:02}");
            let mut grouped = String::new();
            let digits = whole.to_string();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let grouped = format!("${grouped}.{cents:02}");
            let usd = cur("USD");
            prop_assert_eq!(
                Money::from_decimal(&plain, usd).unwrap(),
                Money::from_decimal(&grouped, usd).unwrap()
            );
        }

        #[test]
        fn from_decimal_never_panics(s in ".{0,30}") {
            let _ = Money::from_decimal(&s, cur("USD"));
        }
    }
}
