//! Encodings, delimiters, quoting, ragged and blank rows, and JSON input.

use hireloop_domain::entities::{Candidate, Requirement};
use hireloop_ingest::bulk::{EntityKind, Format, TextEncoding};
use serde_json::json;

use super::{entities, names, open, rows};

#[test]
fn utf8_with_bom() {
    let input = "\u{feff}First Name,Last Name,Email\nJosé,Núñez,jose@example.com\n";
    let r = open(input.as_bytes(), EntityKind::Candidates);
    assert_eq!(r.encoding(), TextEncoding::Utf8Bom);
    assert_eq!(r.report().field_of("First Name"), Some("first_name"));
    let (good, bad) = entities::<Candidate>(r.collect());
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(names(&good), [(2, "José Núñez".to_string())]);
}

#[test]
fn utf16le() {
    let text = "Name\tEmail\nZoë Ünal\tzoe@example.com\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let r = open(&bytes, EntityKind::Candidates);
    assert_eq!(r.encoding(), TextEncoding::Utf16Le);
    assert_eq!(r.delimiter(), Some(b'\t'));
    let (good, bad) = entities::<Candidate>(r.collect());
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(names(&good), [(2, "Zoë Ünal".to_string())]);
}

#[test]
fn windows_1252() {
    let bytes = b"First Name;Last Name;City\nJos\xe9;Garc\xeda;S\xe3o Paulo\n";
    let r = open(bytes, EntityKind::Candidates);
    assert_eq!(r.encoding(), TextEncoding::Windows1252);
    assert_eq!(r.delimiter(), Some(b';'));
    let (good, _) = entities::<Candidate>(r.collect());
    assert_eq!(good[0].1.name(), "José García");
    assert_eq!(
        good[0].1.location.as_ref().unwrap().city(),
        Some("São Paulo")
    );
}

#[test]
fn semicolon_and_tab_delimiters() {
    for (input, delimiter) in [
        ("Name;Rate;Skills\nJane Doe;65,50 per hour;Java, Go\n", b';'),
        (
            "Name\tRate\tSkills\nJane Doe\t65.50 per hour\tJava, Go\n",
            b'\t',
        ),
        ("Name|Rate|Skills\nJane Doe|65.50 per hour|Java, Go\n", b'|'),
    ] {
        let r = open(input.as_bytes(), EntityKind::Candidates);
        assert_eq!(r.delimiter(), Some(delimiter));
        let rows = rows(input.as_bytes(), EntityKind::Candidates);
        let row = rows[0].as_ref().unwrap();
        assert_eq!(
            row.value["skills"],
            json!([{"name": "Java"}, {"name": "Go"}])
        );
        if delimiter != b';' {
            assert_eq!(row.value["rate"]["amount_minor"], 6550);
        }
    }
}

#[test]
fn quoted_fields_with_commas_and_newlines() {
    let input = "Name,Summary,Skills\n\"Doe, Jane\",\"Line one,\nLine two\",\"Java, Go\"\nJohn Roe,x,Rust\n";
    let (good, bad) = entities::<Candidate>(rows(input.as_bytes(), EntityKind::Candidates));
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(
        names(&good),
        [(2, "Jane Doe".to_string()), (3, "John Roe".to_string())]
    );
    assert_eq!(good[0].1.summary.as_deref(), Some("Line one,\nLine two"));
    assert_eq!(good[0].1.skills.len(), 2);
}

#[test]
fn ragged_rows_and_blank_lines() {
    let input = "First Name,Last Name,Email\n\
                 Ann,Lee,ann@example.com\n\
                 Bob,Ray,bob@example.com,extra\n\
                 \n\
                 Cy,Oh,cy@example.com,,\n\
                 Dee\n\
                 ,,\n\
                 ,,dee@example.com\n";
    let (good, bad) = entities::<Candidate>(rows(input.as_bytes(), EntityKind::Candidates));
    assert_eq!(
        names(&good),
        [
            (2, "Ann Lee".to_string()),
            (5, "Cy Oh".to_string()),
            (6, "Dee".to_string())
        ]
    );
    assert_eq!(
        bad,
        [
            "row 3: has 4 fields but the header has 3",
            "row 8, column \"First Name\" (first_name): the name is empty: give a first or a last name",
        ]
    );
}

#[test]
fn a_bad_row_among_good_ones() {
    let mut input = String::from("Name,Email,Pay Rate\n");
    for i in 0..20 {
        let rate = if i == 15 {
            "65 per fortnight"
        } else {
            "$65/hr"
        };
        let email = if i == 7 {
            "not-an-email"
        } else {
            "x@example.com"
        };
        input.push_str(&format!(
            "Person Number{},{email},{rate}\n",
            "x".repeat(i % 3)
        ));
    }
    let (good, bad) = entities::<Candidate>(rows(input.as_bytes(), EntityKind::Candidates));
    assert_eq!(good.len(), 18);
    assert_eq!(
        bad,
        [
            "row 9, column \"Email\" (email): 'not-an-email' is not an e-mail address: missing '@'",
            "row 17, column \"Pay Rate\" (rate): unknown rate unit \"per fortnight\"",
        ]
    );
}

#[test]
fn json_array_with_a_malformed_element() {
    let input = r#"[
        {"first_name": "Ann", "last_name": "Lee", "skills": [{"name": "Java", "years": 3}]},
        {"first_name": "Bob", "last_name": },
        "a string",
        {"First Name": "Cy", "Surname": "Oh", "Pay Rate": "$70/hr C2C"}
    ]"#;
    let r = open(input.as_bytes(), EntityKind::Candidates);
    assert_eq!(r.format(), Format::JsonArray);
    let (good, bad) = entities::<Candidate>(r.collect());
    assert_eq!(
        names(&good),
        [(1, "Ann Lee".to_string()), (4, "Cy Oh".to_string())]
    );
    assert_eq!(bad.len(), 2);
    assert!(
        bad[0].starts_with("row 2: malformed JSON: expected value"),
        "{bad:?}"
    );
    assert_eq!(bad[1], "row 3: expected a JSON object, found a string");
    assert_eq!(good[1].1.rate.unwrap().to_string(), "70.00 USD/hour (c2c)");
}

#[test]
fn json_lines_with_a_bad_line() {
    let input = "{\"title\": \"Java Developer\", \"Client\": \"Acme\"}\n\
                 \n\
                 {\"title\": \"Broken\"\n\
                 {\"Job Title\": \"Go Developer\", \"Bill Rate\": \"$90/hr\", \"Remote\": \"yes\"}\n";
    let mut r = open(input.as_bytes(), EntityKind::Requirements);
    assert_eq!(r.format(), Format::JsonLines);
    let all: Vec<_> = r.by_ref().collect();
    let (good, bad) = entities::<Requirement>(all);
    let titles: Vec<(u64, &str)> = good.iter().map(|(n, q)| (*n, q.title.as_str())).collect();
    assert_eq!(titles, [(1, "Java Developer"), (4, "Go Developer")]);
    assert_eq!(good[0].1.tags, ["client:Acme"]);
    assert_eq!(bad.len(), 1);
    assert!(bad[0].starts_with("row 3: malformed JSON"), "{bad:?}");
    let report = r.report().to_string();
    assert!(
        report.contains("mapped: \"Bill Rate\" → rate_budget"),
        "{report}"
    );
}
