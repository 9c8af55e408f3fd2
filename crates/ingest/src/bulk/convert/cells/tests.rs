//! Tests for the cell readers.

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn lists() {
    assert_eq!(
        split_list("Java, Spring ;AWS| SQL\nGo", true),
        ["Java", "Spring", "AWS", "SQL", "Go"]
    );
    assert_eq!(
        split_list("Java/Spring/AWS", true),
        ["Java", "Spring", "AWS"]
    );
    assert_eq!(split_list("CI/CD, Java", true), ["CI/CD", "Java"]);
    assert_eq!(split_list("CI/CD", true), ["CI/CD"]);
    assert_eq!(split_list("a/b", false), ["a/b"]);
    assert!(split_list(" , ;", true).is_empty());
    assert_eq!(skill_piece("Java (5 yrs)"), ("Java", Some(5.0)));
    assert_eq!(skill_piece("C (programming)"), ("C (programming)", None));
}

#[test]
fn booleans() {
    assert_eq!(boolean("Yes"), Ok(Some(true)));
    assert_eq!(boolean("n"), Ok(Some(false)));
    assert_eq!(boolean("TRUE"), Ok(Some(true)));
    assert_eq!(boolean(" "), Ok(None));
    assert_eq!(boolean("maybe"), Err("'maybe' is not yes or no".into()));
}

#[test]
fn years_and_durations() {
    assert_eq!(years("7+ yrs"), Ok((7.0, None)));
    assert_eq!(years("7.5 years"), Ok((7.5, None)));
    assert_eq!(years("5-7 years"), Ok((5.0, Some(7.0))));
    assert_eq!(years("5 to 7"), Ok((5.0, Some(7.0))));
    assert_eq!(years("18 months"), Ok((1.5, None)));
    assert_eq!(years("10, 12"), Ok((10.0, None)));
    assert_eq!(
        years("1,000"),
        Ok((1000.0, None)),
        "grouped; refused by the domain later"
    );
    assert!(years("senior").is_err());
    assert_eq!(months("6 months"), Ok(6));
    assert_eq!(months("1.5 years"), Ok(18));
    assert_eq!(months("12 weeks"), Ok(3));
    assert_eq!(months("6-12 months"), Ok(6));
    assert_eq!(months("1 week"), Ok(1));
    assert!(months("long term").is_err());
    assert!(months("99999999 years").is_err());
    assert_eq!(count("2 positions"), Ok(2));
    assert!(count("1.5").is_err());
    assert!(count("70000").is_err());
}

#[test]
fn dates() {
    let today = Some(day(2026, 3, 1));
    assert_eq!(date("2026-12-01", None, false), Ok(day(2026, 12, 1)));
    assert_eq!(
        date("2026-12-01T09:00:00Z", None, false),
        Ok(day(2026, 12, 1))
    );
    assert_eq!(date("2026-12-01 09:00", None, false), Ok(day(2026, 12, 1)));
    assert_eq!(date("12/01/2026", None, false), Ok(day(2026, 12, 1)));
    assert_eq!(date("12/01/2026", None, true), Ok(day(2026, 1, 12)));
    assert_eq!(date("25/12/2026", None, false), Ok(day(2026, 12, 25)));
    assert_eq!(date("1-2-26", None, false), Ok(day(2026, 1, 2)));
    assert_eq!(date("Dec 1, 2026", None, false), Ok(day(2026, 12, 1)));
    assert_eq!(date("1 December 2026", None, false), Ok(day(2026, 12, 1)));
    assert_eq!(date("ASAP", today, false), Ok(day(2026, 3, 1)));
    assert!(
        date("ASAP", None, false)
            .unwrap_err()
            .contains("today's date")
    );
    assert_eq!(
        date("next week", today, false),
        Err("'next week' is not a date: write it as YYYY-MM-DD (e.g. 2026-12-01)".into())
    );
    assert!(date("13/13/2026", None, false).is_err());
    assert!(date("2026-02-30", None, false).is_err());
}

#[test]
fn choices() {
    let table: Choices = &[
        ("active", "active"),
        ("dnc", "do_not_contact"),
        ("donotcontact", "do_not_contact"),
    ];
    assert_eq!(choice("Do Not Contact", table), Ok("do_not_contact"));
    assert_eq!(choice("DNC", table), Ok("do_not_contact"));
    assert_eq!(
        choice("gone", table),
        Err("'gone' is not one of: active, do_not_contact".into())
    );
}

#[test]
fn names() {
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(split_name("Jane Doe"), s("Jane", "Doe"));
    assert_eq!(split_name("Doe,  Jane"), s("Jane", "Doe"));
    assert_eq!(split_name("Mary Ann Smith"), s("Mary Ann", "Smith"));
    assert_eq!(split_name("John Smith Jr."), s("John", "Smith Jr."));
    assert_eq!(split_name("Cher"), s("Cher", ""));
    assert_eq!(split_name("  "), s("", ""));
}

#[test]
fn places() {
    let p = |c: Option<&str>, r: Option<&str>, k: Option<&str>, remote: bool| PlaceText {
        city: c.map(String::from),
        region: r.map(String::from),
        country: k.map(String::from),
        remote,
    };
    assert_eq!(
        place("Dallas, TX"),
        p(Some("Dallas"), Some("TX"), Some("US"), false)
    );
    assert_eq!(
        place("Dallas, TX 75201"),
        p(Some("Dallas"), Some("TX"), Some("US"), false)
    );
    assert_eq!(
        place("Los Angeles, CA"),
        p(Some("Los Angeles"), Some("CA"), Some("US"), false)
    );
    assert_eq!(
        place("Toronto, ON, Canada"),
        p(Some("Toronto"), Some("ON"), Some("Canada"), false)
    );
    assert_eq!(
        place("London, UK"),
        p(Some("London"), None, Some("UK"), false)
    );
    assert_eq!(
        place("Munich, Bavaria"),
        p(Some("Munich"), Some("Bavaria"), None, false)
    );
    assert_eq!(place("Texas"), p(None, Some("Texas"), Some("US"), false));
    assert_eq!(place("Germany"), p(None, None, Some("Germany"), false));
    assert_eq!(place("Austin"), p(Some("Austin"), None, None, false));
    assert_eq!(place("Remote"), p(None, None, None, true));
    assert_eq!(place("Remote - US"), p(None, None, Some("US"), true));
    assert_eq!(
        place("Remote, Dallas, TX"),
        p(Some("Dallas"), Some("TX"), Some("US"), true)
    );
    assert_eq!(place(" , "), PlaceText::default());
}

#[test]
fn urls() {
    assert_eq!(url("linkedin.com/in/jane"), "https://linkedin.com/in/jane");
    assert_eq!(url("https://x.example"), "https://x.example");
    assert_eq!(url("jane at example"), "jane at example");
}
