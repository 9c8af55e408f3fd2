//! Format detection and mapping on small inline postings; the fixture files are read by
//! the integration tests.

use chrono::NaiveDate;
use hireloop_domain::entities::{Requirement, parse_entity};
use serde_json::json;

use super::*;

fn taxonomy() -> Taxonomy {
    Taxonomy::from_forms(&["python", "go", "kubernetes", "postgresql"])
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

fn read(v: Value) -> Result<BoardImport, JobBoardError> {
    parse_job_board(v.to_string().as_bytes(), "board.json", &taxonomy(), today())
}

#[test]
fn detects_each_format_and_single_postings() {
    let gh = json!({"jobs": [{"id": 1, "title": "SRE", "absolute_url": "https://boards.greenhouse.io/acme/jobs/1", "location": {"name": "Denver, CO"}, "content": "&lt;p&gt;Kubernetes&lt;/p&gt;"}], "meta": {"total": 1}});
    assert_eq!(read(gh).map(|i| i.format), Ok(BoardFormat::Greenhouse));
    let lever = json!([{"id": "a", "text": "Go Engineer", "categories": {"location": "Remote"}, "hostedUrl": "https://jobs.lever.co/acme/a", "descriptionPlain": "Go and PostgreSQL."}]);
    assert_eq!(read(lever).map(|i| i.format), Ok(BoardFormat::Lever));
    let ashby = json!({"apiVersion": "1", "jobs": [{"title": "Data Engineer", "location": "Austin, TX", "jobUrl": "https://jobs.ashbyhq.com/acme/x", "descriptionPlain": "Python."}]});
    assert_eq!(read(ashby).map(|i| i.format), Ok(BoardFormat::Ashby));
    let single = json!({"title": "SRE", "absolute_url": "https://boards.greenhouse.io/acme/jobs/9", "content": ""});
    assert_eq!(read(single).map(|i| i.postings.len()), Ok(1));
    assert_eq!(
        read(json!({"jobs": [], "meta": {"total": 0}})).map(|i| i.postings.len()),
        Ok(0)
    );
}

#[test]
fn board_shapes() {
    let shape = |v: Value| board_shape(v.to_string().as_bytes());
    assert_eq!(
        shape(
            json!({"jobs": [{"title": "SRE", "absolute_url": "https://boards.greenhouse.io/a/jobs/1"}]})
        ),
        BoardShape::Board(BoardFormat::Greenhouse)
    );
    assert_eq!(
        shape(json!([{"text": "Go", "hostedUrl": "https://jobs.lever.co/a/1"}])),
        BoardShape::Board(BoardFormat::Lever)
    );
    assert_eq!(
        shape(json!({"jobs": [{"name": "SRE"}]})),
        BoardShape::UnknownBoard
    );
    assert_eq!(
        shape(json!([{"title": "SRE", "external_id": "R1"}])),
        BoardShape::NotBoard
    );
    assert_eq!(
        board_shape(b"title,external_id\nSRE,R1\n"),
        BoardShape::NotBoard
    );
    assert_eq!(
        board_shape(b"{\"title\": \"a\"}\n{\"title\": \"b\"}\n"),
        BoardShape::NotBoard
    );
}

#[test]
fn refusals_name_the_file() {
    let e = parse_job_board(b"{not json", "x.json", &taxonomy(), today());
    assert!(
        matches!(&e, Err(JobBoardError::NotJson { name, .. }) if name == "x.json"),
        "{e:?}"
    );
    let e = read(json!({"items": []}));
    assert!(matches!(e, Err(JobBoardError::UnknownFormat { .. })));
    let e = read(json!([1, 2]));
    assert!(matches!(e, Err(JobBoardError::UnknownFormat { .. })));
}

#[test]
fn mapping_and_duplicates() {
    let lever = json!([
        {"id": "a", "text": "Go Engineer", "categories": {"location": "Remote", "commitment": "Full-time", "team": "Platform"}, "workplaceType": "remote",
         "hostedUrl": "https://jobs.lever.co/acme/a?lever-source=x", "descriptionPlain": "Build services.",
         "lists": [{"text": "Requirements", "content": "<li>5+ years of experience with Go</li>"}, {"text": "Nice to have", "content": "<li>Kubernetes</li>"}],
         "salaryRange": {"min": 150000, "max": 180000, "currency": "USD", "interval": "per-year-salary"}},
        {"id": "a", "text": "Go Engineer", "categories": {}, "hostedUrl": "https://jobs.lever.co/acme/a/"},
        {"id": "b", "text": "", "categories": {}, "hostedUrl": "https://jobs.lever.co/acme/b"}
    ]);
    let imp = read(lever).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imp.postings.len(), 1);
    assert_eq!(imp.duplicates.len(), 1);
    assert_eq!(imp.duplicates[0].first_index, 0);
    assert_eq!(imp.problems.len(), 1);
    let req = &imp.postings[0].requirement;
    assert_eq!(req["source"], "lever");
    assert_eq!(req["external_id"], "https://jobs.lever.co/acme/a");
    assert_eq!(req["remote_mode"], "remote");
    assert_eq!(req["employment_type"], "fte");
    assert_eq!(req["rate_budget"]["amount_minor"], 18_000_000);
    assert_eq!(req["required_skills"], json!([{"name": "Go"}]));
    assert_eq!(req["preferred_skills"], json!([{"name": "Kubernetes"}]));
    assert_eq!(req["min_years"], 5.0);
    assert_eq!(req["tags"], json!(["client:acme", "department:Platform"]));
    let r: Result<Requirement, _> = parse_entity(req.clone());
    assert!(r.is_ok(), "{r:?}");
}
