//! Pay and bill rates: an amount per time unit, the employment type, and hourly/annual
//! equivalents.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::values::{Currency, Money, alnum_key};

/// Hours in a working year (52 weeks of 40 hours).
const HOURS_PER_YEAR: i128 = 2080;

/// The time a rate is paid per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RateUnit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl RateUnit {
    pub const ALL: &[Self] = &[Self::Hour, Self::Day, Self::Week, Self::Month, Self::Year];

    /// Accepts the names and common spellings: "hr", "hourly", "/hr", "per hour", "daily",
    /// "weekly", "monthly", "annual", "yearly", "pa", "per annum".
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let key = alnum_key(s);
        let key = key
            .strip_prefix("per")
            .filter(|k| !k.is_empty())
            .unwrap_or(&key);
        let key = match key.strip_prefix("an") {
            Some(rest) if matches!(rest, "hour" | "hr") => rest,
            _ => key,
        };
        let unit = match key {
            "hour" | "hours" | "hr" | "hrs" | "h" | "hourly" | "ph" => Self::Hour,
            "day" | "days" | "d" | "daily" | "pd" | "diem" => Self::Day,
            "week" | "weeks" | "wk" | "wks" | "w" | "weekly" | "pw" => Self::Week,
            "month" | "months" | "mo" | "mth" | "mon" | "monthly" | "pm" | "pcm" => Self::Month,
            "year" | "years" | "yr" | "yrs" | "y" | "yearly" | "annual" | "annually" | "annum"
            | "pa" | "py" => Self::Year,
            _ => {
                return Err(ValueError::new(format!(
                    "'{}' is not a rate unit: use hour, day, week, month or year",
                    s.trim()
                )));
            }
        };
        Ok(unit)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }

    /// Working hours in one unit, as a fraction (numerator, denominator): 8 h/day,
    /// 40 h/week, 2080/12 h/month, 2080 h/year.
    fn hours(&self) -> (i128, i128) {
        match self {
            Self::Hour => (1, 1),
            Self::Day => (8, 1),
            Self::Week => (40, 1),
            Self::Month => (HOURS_PER_YEAR, 12),
            Self::Year => (HOURS_PER_YEAR, 1),
        }
    }
}

string_enum!(RateUnit, "The time a rate is paid per.");

/// How a person is engaged: US W-2 employee, corp-to-corp, 1099 contractor or full-time hire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EmploymentType {
    W2,
    C2c,
    Ten99,
    Fte,
}

impl EmploymentType {
    pub const ALL: &[Self] = &[Self::W2, Self::C2c, Self::Ten99, Self::Fte];

    /// Accepts "W2", "W-2", "C2C", "corp to corp", "corp-to-corp", "1099", "FTE", "full time",
    /// "full-time", "permanent", "direct hire".
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let kind = match alnum_key(s).as_str() {
            "w2" | "w2employee" | "w2contract" => Self::W2,
            "c2c" | "corptocorp" | "corp2corp" | "ctc" => Self::C2c,
            "1099" | "ten99" | "1099contractor" | "1099contract" => Self::Ten99,
            "fte" | "fulltime" | "fulltimeemployee" | "permanent" | "perm" | "directhire" => {
                Self::Fte
            }
            _ => {
                return Err(ValueError::new(format!(
                    "'{}' is not an employment type: use W2, C2C, 1099 or FTE",
                    s.trim()
                )));
            }
        };
        Ok(kind)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::W2 => "w2",
            Self::C2c => "c2c",
            Self::Ten99 => "1099",
            Self::Fte => "fte",
        }
    }
}

string_enum!(
    EmploymentType,
    "How a person is engaged: W-2 employee, corp-to-corp, 1099 contractor, or full-time hire."
);

/// A positive amount per time unit, with the employment type when known. Serialized flat:
/// `{"amount_minor": 8500, "currency": "USD", "unit": "hour", "employment_type": "c2c"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RateRepr", into = "RateRepr")]
pub struct Rate {
    amount: Money,
    unit: RateUnit,
    employment_type: Option<EmploymentType>,
}

impl Rate {
    /// The amount must be more than zero.
    pub fn new(
        amount: Money,
        unit: RateUnit,
        employment_type: Option<EmploymentType>,
    ) -> Result<Self, ValueError> {
        if amount.amount_minor() <= 0 {
            return Err(ValueError::new(format!(
                "a rate of {amount} per {unit} is not possible: a rate must be more than zero"
            )));
        }
        Ok(Self {
            amount,
            unit,
            employment_type,
        })
    }

    pub fn amount(&self) -> Money {
        self.amount
    }

    pub fn unit(&self) -> RateUnit {
        self.unit
    }

    pub fn employment_type(&self) -> Option<EmploymentType> {
        self.employment_type
    }

    pub fn currency(&self) -> Currency {
        self.amount.currency()
    }

    /// The rate per hour in minor units (8 h/day, 40 h/week, 2080/12 h/month, 2080 h/year),
    /// rounded half up.
    pub fn hourly_equivalent_minor(&self) -> i64 {
        let (num, den) = self.unit.hours();
        let amount = i128::from(self.amount.amount_minor());
        // amount / (num / den), rounded half up: (2·amount·den + num) / (2·num).
        let hourly = (2 * amount * den + num) / (2 * num);
        i64::try_from(hourly).unwrap_or(i64::MAX)
    }

    /// The rate per year in minor units (2080 working hours a year); exact.
    pub fn annual_equivalent_minor(&self) -> i64 {
        let (num, den) = self.unit.hours();
        let amount = i128::from(self.amount.amount_minor());
        // amount · 2080 / (num / den); every unit divides a year exactly.
        let annual = amount * HOURS_PER_YEAR * den / num;
        i64::try_from(annual).unwrap_or(i64::MAX)
    }
}

impl fmt::Display for Rate {
    /// "85.00 USD/hour (c2c)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.amount, self.unit)?;
        if let Some(t) = self.employment_type {
            write!(f, " ({t})")?;
        }
        Ok(())
    }
}

/// The wire form of [`Rate`].
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(description = "A positive amount per time unit, in the currency's minor unit.")]
struct RateRepr {
    #[schema(example = 8500, minimum = 1)]
    amount_minor: i64,
    currency: Currency,
    unit: RateUnit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    employment_type: Option<EmploymentType>,
}

impl TryFrom<RateRepr> for Rate {
    type Error = ValueError;
    fn try_from(r: RateRepr) -> Result<Self, Self::Error> {
        Self::new(
            Money::new(r.amount_minor, r.currency)?,
            r.unit,
            r.employment_type,
        )
    }
}

impl From<Rate> for RateRepr {
    fn from(r: Rate) -> Self {
        Self {
            amount_minor: r.amount.amount_minor(),
            currency: r.amount.currency(),
            unit: r.unit,
            employment_type: r.employment_type,
        }
    }
}

schema_via_repr!(Rate, RateRepr);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::money::MAX_AMOUNT_MINOR;
    use proptest::prelude::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::parse("USD").unwrap()).unwrap()
    }

    fn rate(minor: i64, unit: RateUnit) -> Rate {
        Rate::new(usd(minor), unit, None).unwrap()
    }

    #[test]
    fn unit_spellings() {
        for (raw, unit) in [
            ("hour", RateUnit::Hour),
            ("HR", RateUnit::Hour),
            ("hourly", RateUnit::Hour),
            ("/hr", RateUnit::Hour),
            ("per hour", RateUnit::Hour),
            ("an hour", RateUnit::Hour),
            ("daily", RateUnit::Day),
            ("per day", RateUnit::Day),
            ("weekly", RateUnit::Week),
            ("monthly", RateUnit::Month),
            ("/mo", RateUnit::Month),
            ("annual", RateUnit::Year),
            ("yearly", RateUnit::Year),
            ("pa", RateUnit::Year),
            ("p.a.", RateUnit::Year),
            ("per annum", RateUnit::Year),
            ("/yr", RateUnit::Year),
        ] {
            assert_eq!(RateUnit::parse(raw).unwrap(), unit, "{raw}");
        }
        let err = RateUnit::parse("fortnight").unwrap_err();
        assert_eq!(
            err.0,
            "'fortnight' is not a rate unit: use hour, day, week, month or year"
        );
        assert!(RateUnit::parse("").is_err());
        assert!(RateUnit::parse("per").is_err());
    }

    #[test]
    fn employment_type_spellings() {
        for (raw, kind) in [
            ("W2", EmploymentType::W2),
            ("W-2", EmploymentType::W2),
            ("c2c", EmploymentType::C2c),
            ("Corp to Corp", EmploymentType::C2c),
            ("corp-to-corp", EmploymentType::C2c),
            ("1099", EmploymentType::Ten99),
            ("FTE", EmploymentType::Fte),
            ("full time", EmploymentType::Fte),
            ("Full-Time", EmploymentType::Fte),
            ("permanent", EmploymentType::Fte),
        ] {
            assert_eq!(EmploymentType::parse(raw).unwrap(), kind, "{raw}");
        }
        assert!(EmploymentType::parse("gig").is_err());
        assert_eq!(EmploymentType::Ten99.as_str(), "1099");
        assert_eq!(
            serde_json::to_string(&EmploymentType::Ten99).unwrap(),
            "\"1099\""
        );
        let t: EmploymentType = serde_json::from_str("\"corp-to-corp\"").unwrap();
        assert_eq!(t, EmploymentType::C2c);
    }

    #[test]
    fn equivalents() {
        let r = rate(8500, RateUnit::Hour);
        assert_eq!(r.hourly_equivalent_minor(), 8500);
        assert_eq!(r.annual_equivalent_minor(), 8500 * 2080);
        let r = rate(80_000, RateUnit::Day);
        assert_eq!(r.hourly_equivalent_minor(), 10_000);
        assert_eq!(r.annual_equivalent_minor(), 80_000 * 260);
        let r = rate(400_000, RateUnit::Week);
        assert_eq!(r.hourly_equivalent_minor(), 10_000);
        assert_eq!(r.annual_equivalent_minor(), 400_000 * 52);
        let r = rate(1_000_000, RateUnit::Month);
        // 1,000,000 · 12 / 2080 = 5769.23…
        assert_eq!(r.hourly_equivalent_minor(), 5769);
        assert_eq!(r.annual_equivalent_minor(), 12_000_000);
        let r = rate(20_800_000, RateUnit::Year);
        assert_eq!(r.hourly_equivalent_minor(), 10_000);
        assert_eq!(r.annual_equivalent_minor(), 20_800_000);
        // Half up: 12 / 8 = 1.5 → 2; 11 / 8 = 1.375 → 1; 4 / 8 = 0.5 → 1.
        assert_eq!(rate(12, RateUnit::Day).hourly_equivalent_minor(), 2);
        assert_eq!(rate(11, RateUnit::Day).hourly_equivalent_minor(), 1);
        assert_eq!(rate(4, RateUnit::Day).hourly_equivalent_minor(), 1);
        assert_eq!(rate(3, RateUnit::Day).hourly_equivalent_minor(), 0);
        let max = rate(MAX_AMOUNT_MINOR, RateUnit::Hour);
        assert_eq!(max.annual_equivalent_minor(), MAX_AMOUNT_MINOR * 2080);
    }

    #[test]
    fn new_refuses_zero() {
        let err = Rate::new(usd(0), RateUnit::Hour, None).unwrap_err();
        assert!(err.0.contains("more than zero"), "{err}");
    }

    #[test]
    fn serde_flat() {
        let r = Rate::new(usd(8500), RateUnit::Hour, Some(EmploymentType::C2c)).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"amount_minor":8500,"currency":"USD","unit":"hour","employment_type":"c2c"}"#
        );
        assert_eq!(serde_json::from_str::<Rate>(&json).unwrap(), r);
        let plain = rate(100, RateUnit::Year);
        let json = serde_json::to_string(&plain).unwrap();
        assert_eq!(
            json,
            r#"{"amount_minor":100,"currency":"USD","unit":"year"}"#
        );
        let lenient: Rate = serde_json::from_str(
            r#"{"amount_minor":100,"currency":"usd","unit":"per annum","employment_type":"W-2"}"#,
        )
        .unwrap();
        assert_eq!(lenient.unit(), RateUnit::Year);
        assert_eq!(lenient.employment_type(), Some(EmploymentType::W2));
        let err =
            serde_json::from_str::<Rate>(r#"{"amount_minor":0,"currency":"USD","unit":"hour"}"#)
                .unwrap_err();
        assert!(err.to_string().contains("more than zero"), "{err}");
        assert_eq!(r.to_string(), "85.00 USD/hour (c2c)");
    }

    proptest! {
        #[test]
        fn round_trips_and_bounds(
            minor in 1i64..=MAX_AMOUNT_MINOR,
            u in 0usize..5,
            t in proptest::option::of(0usize..4),
        ) {
            let unit = RateUnit::ALL[u];
            let r = Rate::new(usd(minor), unit, t.map(|t| EmploymentType::ALL[t])).unwrap();
            let json = serde_json::to_string(&r).unwrap();
            prop_assert_eq!(serde_json::from_str::<Rate>(&json).unwrap(), r);
            prop_assert_eq!(RateUnit::parse(unit.as_str()).unwrap(), unit);
            let hourly = r.hourly_equivalent_minor();
            let annual = r.annual_equivalent_minor();
            prop_assert!(hourly >= 0 && hourly <= minor);
            prop_assert!(annual >= minor);
            // The hourly figure times 2080 is within half an hour's pay of the annual one.
            prop_assert!((i128::from(hourly) * 2080 - i128::from(annual)).abs() <= 1040);
        }
    }
}
