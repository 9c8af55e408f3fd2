//! The job-board fixtures (hand-written in each board's public API format): format
//! detection, the mapped requirements, identities that survive tracking parameters,
//! and the same file read twice giving the same records.

use std::path::Path;

use hireloop_domain::values::{EmploymentType, RemoteMode};
use hireloop_ingest::jobboard::{BoardFormat, BoardImport, parse_job_board};
use serde_json::json;

use super::common::{taxonomy, today, valid};

fn fixture(name: &str) -> BoardImport {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jobboard")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_job_board(&bytes, name, &taxonomy(), today()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn greenhouse_fixture() {
    let imp = fixture("greenhouse.json");
    assert_eq!(imp.format, BoardFormat::Greenhouse);
    assert_eq!(imp.postings.len(), 2);
    assert_eq!(
        imp.duplicates.len(),
        1,
        "the utm_source copy is the same posting"
    );
    assert_eq!(imp.duplicates[0].first_index, 0);
    let first = &imp.postings[0];
    assert_eq!(
        first.identity,
        "https://boards.greenhouse.io/northwindlabs/jobs/4471203"
    );
    let r = valid(&first.requirement);
    assert_eq!(r.title, "Senior Backend Engineer, Payments");
    assert_eq!(r.source.as_deref(), Some("greenhouse"));
    assert_eq!(r.external_id.as_deref(), Some(first.identity.as_str()));
    assert_eq!(
        r.external_url.as_deref(),
        Some("https://boards.greenhouse.io/northwindlabs/jobs/4471203?gh_src=7f2a91c3")
    );
    assert_eq!(
        r.location.as_ref().map(|l| l.display()).as_deref(),
        Some("Denver, CO, US")
    );
    assert_eq!(r.remote_mode, Some(RemoteMode::Hybrid));
    assert_eq!(r.employment_type, Some(EmploymentType::Fte));
    assert_eq!(r.min_years.map(|y| y.years()), Some(6.0));
    assert_eq!(
        r.rate_budget.map(|x| x.to_string()).as_deref(),
        Some("205000.00 USD/year")
    );
    let req: Vec<String> = r
        .required_skills
        .iter()
        .map(|s| s.name().to_string())
        .collect();
    assert_eq!(req, ["Go", "Java", "PostgreSQL", "Apache Kafka"]);
    let pref: Vec<String> = r
        .preferred_skills
        .iter()
        .map(|s| s.name().to_string())
        .collect();
    assert_eq!(pref, ["Kubernetes", "Terraform"]);
    assert_eq!(r.tags, ["client:Northwind Labs", "department:Engineering"]);
    assert!(
        r.description
            .as_deref()
            .is_some_and(|d| d.contains("About the team") && !d.contains("&lt;"))
    );
    let second = valid(&imp.postings[1].requirement);
    assert_eq!(second.remote_mode, Some(RemoteMode::Remote));
    assert_eq!(second.tags, ["client:northwindlabs", "department:Data"]);
    let pref: Vec<String> = second
        .preferred_skills
        .iter()
        .map(|s| s.name().to_string())
        .collect();
    assert_eq!(pref, ["Tableau", "Power BI"]);
}

#[test]
fn lever_fixture() {
    let imp = fixture("lever.json");
    assert_eq!(imp.format, BoardFormat::Lever);
    assert_eq!(imp.postings.len(), 2);
    let r = valid(&imp.postings[0].requirement);
    assert_eq!(r.title, "Staff Platform Engineer");
    assert_eq!(r.source.as_deref(), Some("lever"));
    assert_eq!(
        r.location.as_ref().map(|l| l.display()).as_deref(),
        Some("San Francisco, CA, US")
    );
    assert_eq!(r.remote_mode, Some(RemoteMode::Hybrid));
    assert_eq!(r.employment_type, Some(EmploymentType::Fte));
    assert_eq!(
        r.rate_budget.map(|x| x.to_string()).as_deref(),
        Some("250000.00 USD/year")
    );
    assert_eq!(r.min_years.map(|y| y.years()), Some(8.0));
    let pref: Vec<String> = r
        .preferred_skills
        .iter()
        .map(|s| s.name().to_string())
        .collect();
    // A bare "Go" bullet lacks the context the taxonomy asks of everyday words.
    assert_eq!(pref, ["Apache Kafka"]);
    assert_eq!(
        r.tags,
        ["client:harborfreight-analytics", "department:Engineering"]
    );
    let c = valid(&imp.postings[1].requirement);
    assert_eq!(
        imp.postings[1].identity,
        "https://jobs.lever.co/harborfreight-analytics/9a1b7c22-3d44-4e55-8f66-7a8b9c0d1e2f"
    );
    assert_eq!(c.remote_mode, Some(RemoteMode::Remote));
    assert_eq!(c.duration_months, Some(6));
    assert_eq!(c.employment_type, Some(EmploymentType::Ten99));
    assert_eq!(
        c.rate_budget.map(|x| x.to_string()).as_deref(),
        Some("85.00 USD/hour (1099)")
    );
}

#[test]
fn ashby_fixture() {
    let imp = fixture("ashby.json");
    assert_eq!(imp.format, BoardFormat::Ashby);
    assert_eq!(imp.postings.len(), 2);
    let r = valid(&imp.postings[0].requirement);
    assert_eq!(r.title, "Product Designer");
    assert_eq!(r.source.as_deref(), Some("ashby"));
    assert_eq!(
        r.location.as_ref().map(|l| l.display()).as_deref(),
        Some("New York, NY, US")
    );
    assert_eq!(r.remote_mode, Some(RemoteMode::Onsite));
    assert_eq!(r.employment_type, Some(EmploymentType::Fte));
    assert_eq!(
        r.rate_budget.map(|x| x.to_string()).as_deref(),
        Some("165000.00 USD/year")
    );
    assert_eq!(r.min_years.map(|y| y.years()), Some(4.0));
    assert_eq!(r.tags, ["client:lumenhealth", "department:Design"]);
    let ml = valid(&imp.postings[1].requirement);
    assert_eq!(ml.remote_mode, Some(RemoteMode::Remote));
    assert_eq!(
        ml.location.as_ref().map(|l| l.display()).as_deref(),
        Some("US")
    );
    let pref: Vec<String> = ml
        .preferred_skills
        .iter()
        .map(|s| s.name().to_string())
        .collect();
    assert_eq!(pref, ["Apache Airflow"]);
}

#[test]
fn identities_are_stable_across_reads_and_boards() {
    let mut all = Vec::new();
    for name in ["greenhouse.json", "lever.json", "ashby.json"] {
        let a: Vec<String> = fixture(name)
            .postings
            .into_iter()
            .map(|p| p.identity)
            .collect();
        let b: Vec<String> = fixture(name)
            .postings
            .into_iter()
            .map(|p| p.identity)
            .collect();
        assert_eq!(a, b, "{name}");
        all.extend(a);
    }
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "{all:#?}");
    // Without a URL the identity hashes company, title, location and description.
    let no_url = json!({"jobs": [
        {"title": "Nurse", "location": "Boise, ID", "descriptionPlain": "Night shifts.", "isRemote": false, "jobUrl": ""},
        {"title": "Nurse", "location": "Boise, ID", "descriptionPlain": "Night  shifts.", "isRemote": false, "jobUrl": ""}
    ]});
    let imp = parse_job_board(
        no_url.to_string().as_bytes(),
        "x.json",
        &taxonomy(),
        today(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imp.postings.len(), 1);
    assert_eq!(imp.duplicates.len(), 1);
    assert!(imp.postings[0].identity.starts_with("sha256:"));
    valid(&imp.postings[0].requirement);
}
