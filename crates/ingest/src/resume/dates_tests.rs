//! Tests for date and range parsing, and the union of ranges.

use super::*;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()
}

fn ym(year: u16, month: Option<u8>) -> YearMonth {
    YearMonth::new(year, month).unwrap()
}

fn one(s: &str) -> DateRange {
    let found = find_ranges(s, today());
    assert_eq!(found.len(), 1, "{s}: {found:?}");
    found[0]
}

#[test]
fn range_forms() {
    let cases: &[(&str, YearMonth, Option<YearMonth>)] = &[
        ("Jan 2019 - Present", ym(2019, Some(1)), None),
        (
            "01/2019 – 03/2021",
            ym(2019, Some(1)),
            Some(ym(2021, Some(3))),
        ),
        ("2017-2019", ym(2017, None), Some(ym(2019, None))),
        ("November 2017 to Present", ym(2017, Some(11)), None),
        ("since 2020", ym(2020, None), None),
        (
            "Sept. 2015 – Aug. 2016",
            ym(2015, Some(9)),
            Some(ym(2016, Some(8))),
        ),
        ("Jul '17 - Till Date", ym(2017, Some(7)), None),
        ("2018-19", ym(2018, None), Some(ym(2019, None))),
        (
            "2019-01 to 2020-12",
            ym(2019, Some(1)),
            Some(ym(2020, Some(12))),
        ),
        (
            "June2015 to March 2016",
            ym(2015, Some(6)),
            Some(ym(2016, Some(3))),
        ),
        ("Jan - Mar 2019", ym(2019, Some(1)), Some(ym(2019, Some(3)))),
        (
            "15/03/2018 - 30/06/2019",
            ym(2018, Some(3)),
            Some(ym(2019, Some(6))),
        ),
        ("2016 onwards", ym(2016, None), None),
        ("March 2012 up to now", ym(2012, Some(3)), None),
        (
            "Jan 15, 2019 - Feb 1, 2020",
            ym(2019, Some(1)),
            Some(ym(2020, Some(2))),
        ),
        (
            "between 2008 and 2012",
            ym(2008, None),
            Some(ym(2012, None)),
        ),
        (
            "Between March 2015 and June 2017",
            ym(2015, Some(3)),
            Some(ym(2017, Some(6))),
        ),
    ];
    for (s, start, end) in cases {
        let r = one(s);
        assert_eq!((r.start, r.end), (*start, *end), "{s}");
    }
}

#[test]
fn spans_point_into_the_line() {
    let s = "Acme Corp, Dallas TX   Jan 2019 – Mar 2021";
    let r = one(s);
    assert_eq!(&s[r.span.0..r.span.1], "Jan 2019 – Mar 2021");
}

#[test]
fn not_ranges() {
    for s in [
        "Managed a team of 12 - 15 engineers",
        "+91 98765 43210",
        "Scored 85.5%",
        "Version 2.0 - 3.1",
        "between 2012 and 2008",
    ] {
        assert!(find_ranges(s, today()).is_empty(), "{s}");
    }
}

#[test]
fn months_and_present() {
    let r = one("Jan 2019 - Mar 2019");
    assert_eq!(r.months(today()), Some((2019 * 12, 2019 * 12 + 3)));
    assert!(!r.is_current(today()));
    let r = one("Jan 2024 - Present");
    assert_eq!(r.months(today()).map(|(a, b)| b - a), Some(6));
    assert!(r.is_current(today()));
    // Backwards ranges cover nothing.
    assert_eq!(one("2020 - 2018").months(today()), None);
    // Future ends stop at today.
    assert_eq!(
        one("Jan 2024 - Dec 2026")
            .months(today())
            .map(|(a, b)| b - a),
        Some(6)
    );
}

#[test]
fn single_dates() {
    let found = find_dates("B.Tech, 2015; graduated May 2016", today());
    let values: Vec<YearMonth> = found.iter().map(|d| d.0).collect();
    assert_eq!(values, [ym(2015, None), ym(2016, Some(5))]);
    assert!(find_dates("Phone 98765 43210", today()).is_empty());
}

#[test]
fn year_month_serde() {
    let v = ym(2019, Some(1));
    assert_eq!(serde_json::to_string(&v).unwrap(), "\"2019-01\"");
    assert_eq!(serde_json::to_string(&ym(2019, None)).unwrap(), "\"2019\"");
    assert_eq!(serde_json::from_str::<YearMonth>("\"2019-01\"").unwrap(), v);
    assert!(serde_json::from_str::<YearMonth>("\"2019-13\"").is_err());
    assert!(serde_json::from_str::<YearMonth>("\"19\"").is_err());
}

#[test]
fn union_merges_overlaps() {
    assert_eq!(union_months(&[(0, 10), (5, 15), (20, 25)]), 20);
    assert_eq!(union_months(&[(0, 10), (10, 12)]), 12);
    assert_eq!(union_months(&[]), 0);
    assert_eq!(union_months(&[(5, 3)]), 0);
}

fn month_text(y: u16, m: u8, style: u8) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "February", "Mar", "April", "May", "Jun", "July", "Aug", "Sep", "October", "Nov",
        "December",
    ];
    match style {
        0 => format!("{} {y}", NAMES[usize::from(m - 1)]),
        1 => format!("{m:02}/{y}"),
        _ => format!("{y}"),
    }
}

proptest! {
    #[test]
    fn parsed_ranges_are_never_negative(
        y1 in 1990u16..2024, m1 in 1u8..=12, y2 in 1990u16..2030, m2 in 1u8..=12,
        style in 0u8..3, sep in 0usize..4, present in any::<bool>(),
    ) {
        let seps = [" - ", " – ", " to ", "-"];
        let end = if present { "Present".to_string() } else { month_text(y2, m2, style) };
        let s = format!("{}{}{}", month_text(y1, m1, style), seps[sep], end);
        let found = find_ranges(&s, today());
        prop_assert_eq!(found.len(), 1, "{}", s);
        if let Some((a, b)) = found[0].months(today()) {
            prop_assert!(b > a);
        }
    }

    #[test]
    fn union_is_at_most_the_sum_and_matches_a_month_set(
        ranges in proptest::collection::vec((0i32..600, 0i32..120), 0..12),
    ) {
        let ranges: Vec<(i32, i32)> = ranges.into_iter().map(|(a, len)| (a, a + len)).collect();
        let total = union_months(&ranges);
        let sum: i32 = ranges.iter().map(|(a, b)| b - a).sum();
        prop_assert!(total >= 0);
        prop_assert!(total <= sum);
        // Reference: count every covered month once.
        let mut months = std::collections::BTreeSet::new();
        for (a, b) in &ranges {
            months.extend(*a..*b);
        }
        prop_assert_eq!(usize::try_from(total).unwrap(), months.len());
    }

    #[test]
    fn never_panics(s in "\\PC{0,60}") {
        let _ = find_ranges(&s, today());
        let _ = find_dates(&s, today());
    }
}
