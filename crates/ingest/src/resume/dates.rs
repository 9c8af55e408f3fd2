//! Dates as resumes write them ("Jan 2019 - Present", "01/2019 – 03/2021", "2017-2019",
//! "November 2017 to Present", "since 2020"), and the months a set of ranges covers with
//! overlaps counted once.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::date_grammar::parser;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A month of a year, or only a year when no month was written. Serialized as "2019-01"
/// or "2019".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: u16,
    /// 1 to 12.
    pub month: Option<u8>,
}

impl YearMonth {
    pub fn new(year: u16, month: Option<u8>) -> Option<Self> {
        match month {
            Some(m) if !(1..=12).contains(&m) => None,
            _ => Some(Self { year, month }),
        }
    }

    fn of(date: NaiveDate) -> Self {
        Self {
            year: u16::try_from(date.year()).unwrap_or(0),
            month: u8::try_from(date.month()).ok(),
        }
    }

    /// Months since year 0 at the start of this month. A year without a month counts from
    /// its middle, the least biased guess for both ends of a range.
    fn first_month(&self) -> i32 {
        i32::from(self.year) * 12 + self.month.map_or(6, |m| i32::from(m) - 1)
    }

    /// Months since year 0 just after this month (the month itself counts as worked).
    fn after_month(&self) -> i32 {
        i32::from(self.year) * 12 + self.month.map_or(6, i32::from)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.month {
            Some(m) => write!(f, "{:04}-{m:02}", self.year),
            None => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let bad = || serde::de::Error::custom(format!("'{s}' is not YYYY or YYYY-MM"));
        let (y, m) = match s.split_once('-') {
            Some((y, m)) => (y, Some(m.parse::<u8>().map_err(|_| bad())?)),
            None => (s.as_str(), None),
        };
        let year = y.parse::<u16>().map_err(|_| bad())?;
        if y.len() != 4 {
            return Err(bad());
        }
        YearMonth::new(year, m).ok_or_else(bad)
    }
}

/// A range found in a line: its ends, whether it runs to the present, and its byte span in
/// the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateRange {
    pub start: YearMonth,
    /// `None` when the range runs to the present.
    pub end: Option<YearMonth>,
    pub span: (usize, usize),
}

impl DateRange {
    /// The months covered, `[from, to)`, with "present" and future ends cut at `today`;
    /// `None` for a range that ends before it starts.
    pub fn months(&self, today: NaiveDate) -> Option<(i32, i32)> {
        let now = YearMonth::of(today).after_month();
        let from = self.start.first_month();
        let to = self.end.map_or(now, |e| e.after_month()).min(now);
        (to > from).then_some((from, to))
    }

    /// Runs to the present, or ends in a month not yet over.
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.end
            .is_none_or(|e| e.after_month() > YearMonth::of(today).after_month() - 1)
    }
}

/// The number of months covered by the union of `ranges` (each `[from, to)`).
pub(crate) fn union_months(ranges: &[(i32, i32)]) -> i32 {
    let mut sorted: Vec<(i32, i32)> = ranges.iter().copied().filter(|(a, b)| b > a).collect();
    sorted.sort_unstable();
    let mut total = 0;
    let mut current: Option<(i32, i32)> = None;
    for (a, b) in sorted {
        match current {
            Some((ca, cb)) if a <= cb => current = Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += cb - ca;
                current = Some((a, b));
            }
            None => current = Some((a, b)),
        }
    }
    if let Some((a, b)) = current {
        total += b - a;
    }
    total
}

/// Every date range in `s`, left to right, with spans relative to `s`.
pub(crate) fn find_ranges(s: &str, today: NaiveDate) -> Vec<DateRange> {
    let p = parser(s, today);
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.toks.len() {
        match p.range(i) {
            Some((r, next)) if next > i => {
                out.push(r);
                i = next;
            }
            _ => i += 1,
        }
    }
    out
}

/// Every single date in `s` (ranges give both ends), with spans relative to `s`.
pub(crate) fn find_dates(s: &str, today: NaiveDate) -> Vec<(YearMonth, (usize, usize))> {
    let p = parser(s, today);
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.toks.len() {
        match p.date(i) {
            Some((d, next)) if next > i => {
                let a = p.toks.get(i).map_or(0, |t| t.start);
                let b = p.toks.get(next - 1).map_or(a, |t| t.end);
                out.push((d, (a, b)));
                i = next;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
