//! Time values: years of experience (to a tenth of a year) and availability dates.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ValueError;
use crate::values::alnum_key;

const MAX_YEARS: f64 = 70.0;
const MIN_YEAR: i32 = 2000;
const MAX_YEAR: i32 = 2100;

/// Years of experience, 0 to 70, kept to a tenth of a year. Serialized as a number (6.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearsExperience(u16);

impl YearsExperience {
    /// `years` is rounded to the nearest tenth; it must be finite and within 0..=70.
    pub fn new(years: f64) -> Result<Self, ValueError> {
        if !years.is_finite() || !(0.0..=MAX_YEARS).contains(&years) {
            return Err(ValueError::new(format!(
                "{years} years of experience is not possible: give 0 to 70 years"
            )));
        }
        let tenths = (years * 10.0).round();
        // In range by the check above: 0..=700.
        Ok(Self(tenths as u16))
    }

    /// From a count of tenths of a year (65 → 6.5 years); at most 700.
    pub fn from_tenths(tenths: u16) -> Result<Self, ValueError> {
        if tenths > 700 {
            return Err(ValueError::new(format!(
                "{} years of experience is not possible: give 0 to 70 years",
                f64::from(tenths) / 10.0
            )));
        }
        Ok(Self(tenths))
    }

    pub fn years(&self) -> f64 {
        f64::from(self.0) / 10.0
    }

    pub fn tenths(&self) -> u16 {
        self.0
    }
}

impl fmt::Display for YearsExperience {
    /// "6.5".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for YearsExperience {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.years())
    }
}

impl<'de> Deserialize<'de> for YearsExperience {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let years = f64::deserialize(d)?;
        Self::new(years).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for YearsExperience {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Number)
            .minimum(Some(0))
            .maximum(Some(70))
            .description(Some("Years of experience, to a tenth of a year."))
            .examples([6.5])
            .into()
    }
}

impl utoipa::ToSchema for YearsExperience {}

/// The date a candidate can start. Serialized as "YYYY-MM-DD".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AvailabilityDate(NaiveDate);

impl AvailabilityDate {
    /// The year must be within 2000..=2100.
    pub fn new(date: NaiveDate) -> Result<Self, ValueError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
            return Err(ValueError::new(format!(
                "{date} is not a plausible start date: the year must be {MIN_YEAR} to {MAX_YEAR}"
            )));
        }
        Ok(Self(date))
    }

    /// Accepts "YYYY-MM-DD", or "immediately", "immediate", "asap", "now" (meaning `today`).
    pub fn parse(s: &str, today: NaiveDate) -> Result<Self, ValueError> {
        match alnum_key(s).as_str() {
            "immediately" | "immediate" | "asap" | "now" | "availablenow" | "rightaway" => {
                Self::new(today)
            }
            _ => Self::parse_iso(s),
        }
    }

    /// Only "YYYY-MM-DD".
    fn parse_iso(s: &str) -> Result<Self, ValueError> {
        let shown = s.trim();
        if shown.is_empty() {
            return Err(ValueError::new("the availability date is empty"));
        }
        let date = NaiveDate::parse_from_str(shown, "%Y-%m-%d").map_err(|_| {
            ValueError::new(format!(
                "'{shown}' is not a date: write it as YYYY-MM-DD (e.g. 2026-12-01) or 'immediately'"
            ))
        })?;
        Self::new(date)
    }

    pub fn date(&self) -> NaiveDate {
        self.0
    }
}

impl fmt::Display for AvailabilityDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for AvailabilityDate {
    type Err = ValueError;
    /// Only "YYYY-MM-DD": words like "asap" need a reference date; see [`AvailabilityDate::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_iso(s)
    }
}

string_value!(
    AvailabilityDate,
    "The date a candidate can start.",
    "2026-12-01",
    Some(utoipa::openapi::SchemaFormat::KnownFormat(
        utoipa::openapi::KnownFormat::Date
    ))
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn years_rounding_and_bounds() {
        let y = YearsExperience::new(6.54).unwrap();
        assert_eq!(y.tenths(), 65);
        assert_eq!(y.years(), 6.5);
        assert_eq!(y.to_string(), "6.5");
        assert_eq!(YearsExperience::new(0.0).unwrap().tenths(), 0);
        assert_eq!(YearsExperience::new(70.0).unwrap().tenths(), 700);
        assert_eq!(YearsExperience::new(2.06).unwrap().tenths(), 21);
        let err = YearsExperience::new(-1.0).unwrap_err();
        assert_eq!(
            err.0,
            "-1 years of experience is not possible: give 0 to 70 years"
        );
        assert!(YearsExperience::new(70.01).is_err());
        assert!(YearsExperience::new(f64::NAN).is_err());
        assert!(YearsExperience::new(f64::INFINITY).is_err());
        assert!(YearsExperience::from_tenths(701).is_err());
        assert_eq!(YearsExperience::from_tenths(5).unwrap().to_string(), "0.5");
    }

    #[test]
    fn years_serde() {
        let y = YearsExperience::new(6.0).unwrap();
        assert_eq!(serde_json::to_string(&y).unwrap(), "6.0");
        assert_eq!(serde_json::from_str::<YearsExperience>("6").unwrap(), y);
        let err = serde_json::from_str::<YearsExperience>("99").unwrap_err();
        assert!(err.to_string().contains("give 0 to 70 years"), "{err}");
        assert!(serde_json::from_str::<YearsExperience>("\"6\"").is_err());
    }

    #[test]
    fn availability_parse() {
        let today = day(2026, 3, 1);
        let d = AvailabilityDate::parse("2026-12-01", today).unwrap();
        assert_eq!(d.date(), day(2026, 12, 1));
        assert_eq!(d.to_string(), "2026-12-01");
        for now in ["immediately", "Immediate", "ASAP", "now", " a.s.a.p. "] {
            assert_eq!(
                AvailabilityDate::parse(now, today).unwrap().date(),
                today,
                "{now}"
            );
        }
        let err = AvailabilityDate::parse("next week", today).unwrap_err();
        assert_eq!(
            err.0,
            "'next week' is not a date: write it as YYYY-MM-DD (e.g. 2026-12-01) or 'immediately'"
        );
        assert!(AvailabilityDate::parse("2026-02-30", today).is_err());
        assert!(AvailabilityDate::parse("", today).is_err());
        let err = AvailabilityDate::parse("1999-12-31", today).unwrap_err();
        assert!(err.0.contains("2000 to 2100"), "{err}");
        assert!(AvailabilityDate::new(day(2101, 1, 1)).is_err());
        assert!(AvailabilityDate::new(day(2100, 12, 31)).is_ok());
    }

    #[test]
    fn availability_serde() {
        let d = AvailabilityDate::new(day(2026, 12, 1)).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-12-01\"");
        assert_eq!(
            serde_json::from_str::<AvailabilityDate>("\"2026-12-01\"").unwrap(),
            d
        );
        assert!(serde_json::from_str::<AvailabilityDate>("\"asap\"").is_err());
        assert!(serde_json::from_str::<AvailabilityDate>("\"1900-01-01\"").is_err());
    }

    proptest! {
        #[test]
        fn years_round_trip(tenths in 0u16..=700) {
            let y = YearsExperience::from_tenths(tenths).unwrap();
            prop_assert_eq!(YearsExperience::new(y.years()).unwrap(), y);
            let json = serde_json::to_string(&y).unwrap();
            prop_assert_eq!(serde_json::from_str::<YearsExperience>(&json).unwrap(), y);
        }

        #[test]
        fn years_new_is_within_half_a_tenth(years in 0.0f64..=70.0) {
            let y = YearsExperience::new(years).unwrap();
            prop_assert!((y.years() - years).abs() <= 0.05 + 1e-9);
        }

        #[test]
        fn dates_round_trip(days in 0i64..36_890) {
            let date = day(2000, 1, 1) + chrono::Duration::days(days);
            let d = AvailabilityDate::new(date).unwrap();
            prop_assert_eq!(AvailabilityDate::parse(&d.to_string(), day(2026, 1, 1)).unwrap(), d);
            let json = serde_json::to_string(&d).unwrap();
            prop_assert_eq!(serde_json::from_str::<AvailabilityDate>(&json).unwrap(), d);
        }
    }
}
