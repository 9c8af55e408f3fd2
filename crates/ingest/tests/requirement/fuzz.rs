//! Never panicking: the free-text parser, the e-mail parser and the job-board reader on
//! arbitrary and near-miss input, and every parse's JSON validating.

use hireloop_domain::entities::{Requirement, parse_entity};
use hireloop_ingest::document::Limits;
use hireloop_ingest::email::parse_requirement_email;
use hireloop_ingest::jobboard::parse_job_board;
use hireloop_ingest::requirement::{parse_requirement, to_requirement_json};
use proptest::prelude::*;

use super::common::{taxonomy, today};

/// Lines that look like a vendor e-mail's, with arbitrary values.
fn labelled_text() -> impl Strategy<Value = String> {
    let label = prop::sample::select(vec![
        "Job Title",
        "Role",
        "Location",
        "Duration",
        "Rate",
        "Pay Rate",
        "Visa",
        "Client",
        "End Client",
        "Start Date",
        "Experience",
        "Must have skills",
        "Nice to have",
        "Openings",
        "Email",
        "Phone",
    ]);
    let value = prop::sample::select(vec![
        "",
        "$70/hr on C2C",
        "12/01",
        "Jan 2027",
        "ASAP",
        "Dallas, TX",
        "Remote",
        "USC/GC only",
        "No H1B",
        "5+ years",
        "2 positions",
        "DOE",
        "120-140k",
        "99999999999999999/hr",
        "31/31/31",
        "Feb 30",
        "1st week of Smarch",
        "0 months",
        "-5 years",
        "Java, Python",
        "€",
        "(",
        "•",
        "—",
    ]);
    prop::collection::vec((label, value, "\\PC{0,12}"), 0..14).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(l, v, tail)| format!("{l}: {v}{tail}"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn free_text_never_panics(text in "\\PC{0,400}") {
        let p = parse_requirement(&text, &taxonomy(), today());
        prop_assert!(parse_entity::<Requirement>(to_requirement_json(&p)).is_ok());
    }

    #[test]
    fn labelled_text_never_panics(text in labelled_text()) {
        let p = parse_requirement(&text, &taxonomy(), today());
        for f in p.title.iter() {
            prop_assert!(p.text.get(f.start..f.end).is_some());
        }
        prop_assert!(parse_entity::<Requirement>(to_requirement_json(&p)).is_ok());
    }

    #[test]
    fn email_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = parse_requirement_email(&bytes, "fuzz.eml", &taxonomy(), today(), &Limits::default());
    }

    #[test]
    fn email_with_headers_never_panics(subject in "\\PC{0,80}", body in labelled_text(), junk in "\\PC{0,80}") {
        let raw = format!("From: {junk}\r\nSubject: {subject}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n{body}\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: x\r\n\r\n> {junk}\r\n");
        if let Ok(r) = parse_requirement_email(raw.as_bytes(), "fuzz.eml", &taxonomy(), today(), &Limits::default()) {
            prop_assert!(parse_entity::<Requirement>(to_requirement_json(&r.parse)).is_ok());
        }
    }

    #[test]
    fn job_boards_never_panic(title in "\\PC{0,40}", url in "\\PC{0,60}", body in "\\PC{0,200}", n in any::<f64>()) {
        let docs = [
            serde_json::json!({"jobs": [{"title": title, "absolute_url": url, "content": body, "location": {"name": body}}]}),
            serde_json::json!([{"text": title, "hostedUrl": url, "categories": {"location": body}, "salaryRange": {"min": n, "max": n, "interval": "per-hour-wage"}}]),
            serde_json::json!({"jobs": [{"title": title, "jobUrl": url, "descriptionHtml": body, "compensation": {"compensationTiers": [{"components": [{"compensationType": "Salary", "interval": "1 YEAR", "minValue": n, "maxValue": n}]}]}}]}),
        ];
        for d in docs {
            if let Ok(imp) = parse_job_board(d.to_string().as_bytes(), "fuzz.json", &taxonomy(), today()) {
                for p in imp.postings {
                    prop_assert!(parse_entity::<Requirement>(p.requirement).is_ok());
                }
            }
        }
    }
}
