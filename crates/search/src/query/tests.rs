use chrono::NaiveDate;
use hireloop_domain::values::{RemoteMode, WorkAuthorization};
use proptest::prelude::*;

use super::*;

fn shape(q: &str) -> String {
    parse(q)
        .unwrap()
        .expr
        .map(|e| e.to_string())
        .unwrap_or_default()
}

fn error(q: &str) -> (usize, String) {
    let e = parse(q).unwrap_err();
    (e.position, e.message)
}

#[test]
fn and_binds_tighter_than_or_and_juxtaposition_is_and() {
    assert_eq!(
        shape("java spring OR kotlin"),
        "((java AND spring) OR kotlin)"
    );
    assert_eq!(
        shape("java AND (spring OR kotlin)"),
        "(java AND (spring OR kotlin))"
    );
    assert_eq!(shape("a && b || c"), "((a AND b) OR c)");
    assert_eq!(
        shape("java NOT php -perl"),
        "(java AND NOT php AND NOT perl)"
    );
    assert_eq!(shape("NOT (a OR b)"), "NOT (a OR b)");
    // Lower-case "and"/"or" are words; a hyphen inside a word is not NOT.
    assert_eq!(
        shape("sales and marketing"),
        "(sales AND and AND marketing)"
    );
    assert_eq!(shape("full-stack"), "full-stack");
}

#[test]
fn fields_and_phrases() {
    assert_eq!(
        shape(r#"title:"data engineer" skill:kubernetes company:Acme name:Ada text:x"#),
        r#"(title:"data engineer" AND skill:kubernetes AND company:Acme AND name:Ada AND text:x)"#
    );
    assert_eq!(
        shape(r#""spring boot" OR skills:spring"#),
        r#"("spring boot" OR skill:spring)"#
    );
    // Things with colons that are not fields stay words.
    assert_eq!(
        shape("https://example.org 10:30"),
        "(https://example.org AND 10:30)"
    );
    let p = parse(r#"java "machine learning""#).unwrap();
    assert_eq!(
        p.expr.unwrap().positive_text(),
        ["java", "machine learning"]
    );
    let p = parse("java NOT php").unwrap();
    assert_eq!(p.expr.unwrap().positive_text(), ["java"]);
}

#[test]
fn filters_are_lifted_out_of_the_conjunction() {
    let p = parse(
        r#"java near:"Austin, TX" radius:50mi remote:hybrid,remote available:2027-01-15 rate:50..90 auth:us_citizen,gc status:active,placed id:EXT-7"#,
    )
    .unwrap();
    assert_eq!(p.expr.unwrap().to_string(), "java");
    let specs: Vec<FilterSpec> = p.filters.iter().map(|f| f.spec.clone()).collect();
    assert_eq!(
        specs,
        vec![
            FilterSpec::Near("Austin, TX".into()),
            FilterSpec::RadiusKm(50.0 * KM_PER_MILE),
            FilterSpec::Remote(vec![RemoteMode::Hybrid, RemoteMode::Remote]),
            FilterSpec::AvailableBy(NaiveDate::from_ymd_opt(2027, 1, 15).unwrap()),
            FilterSpec::Rate {
                min: Some(50.0),
                max: Some(90.0)
            },
            FilterSpec::Auth(vec![
                WorkAuthorization::UsCitizen,
                WorkAuthorization::GreenCard
            ]),
            FilterSpec::Status(vec!["active".into(), "placed".into()]),
            FilterSpec::Id("EXT-7".into()),
        ]
    );
    assert_eq!(p.filters[0].pos, 6);
    // Filters alone leave no text query; inside an AND group they still lift.
    let p = parse("(remote:remote AND java) rate:..80 radius:40km").unwrap();
    assert_eq!(p.expr.unwrap().to_string(), "java");
    assert_eq!(
        p.filters[1].spec,
        FilterSpec::Rate {
            min: None,
            max: Some(80.0)
        }
    );
    assert_eq!(p.filters[2].spec, FilterSpec::RadiusKm(40.0));
    assert_eq!(parse("status:active").unwrap().expr, None);
    assert_eq!(parse("   ").unwrap(), ParsedQuery::default());
}

#[test]
fn malformed_queries_name_the_position() {
    assert_eq!(error(r#"java "spring boot"#).0, 6);
    assert!(error(r#"java "spring boot"#).1.contains("quote"));
    assert_eq!(error("(java OR kotlin").0, 1);
    assert!(error("(java OR kotlin").1.contains("never closed"));
    assert_eq!(error("java) OR kotlin").0, 5);
    assert_eq!(error("java AND").0, 6);
    assert!(error("java AND").1.contains("right"));
    assert_eq!(error("OR java").0, 1);
    assert!(error("OR java").1.contains("left"));
    assert_eq!(error("java OR").0, 6);
    assert_eq!(error("java NOT").0, 6);
    assert_eq!(error("java ()").0, 6);
    assert_eq!(error(r#"java """#).0, 6);
    let (pos, msg) = error("java OR remote:remote");
    assert_eq!(pos, 9);
    assert!(msg.contains("filters apply to the whole query"), "{msg}");
    assert_eq!(error("NOT status:active").0, 5);
    let (pos, msg) = error("java titel:lead");
    assert_eq!(pos, 12, "the value's position");
    assert!(msg.contains("`titel:` is not a field"), "{msg}");
    assert_eq!(error("java radius:far").0, 13);
    assert!(error("java radius:far").1.contains("not a radius"));
    assert_eq!(error("available:15/01/2027").0, 11);
    assert!(error("remote:sometimes").1.contains("not a remote mode"));
    assert!(error("rate:90..50").1.contains("minimum is above"));
    assert!(error("rate:cheap").1.contains("not a rate range"));
    assert!(error("auth:martian").1.contains("not a work authorization"));
    assert_eq!(error("java skill:").0, 6);
    assert_eq!(error(r#"near:"Austin"#).0, 6);
    let long = "a ".repeat(MAX_QUERY_CHARS);
    assert!(error(&long).1.contains("longer than"));
    let deep = format!("{}a{}", "(".repeat(40), ")".repeat(40));
    assert!(error(&deep).1.contains("nests too deeply"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_input_parses_or_names_a_position_inside_it(q in r#"[a-z:"()\- A-Z&|,.]{0,40}"#) {
        match parse(&q) {
            Ok(p) => {
                // What parses prints back to something that parses to the same tree.
                if let Some(e) = p.expr {
                    let again = parse(&e.to_string()).unwrap().expr.unwrap();
                    prop_assert_eq!(again.to_string(), e.to_string());
                }
            }
            Err(e) => prop_assert!(e.position >= 1 && e.position <= q.chars().count() + 1, "{e:?}"),
        }
    }
}
