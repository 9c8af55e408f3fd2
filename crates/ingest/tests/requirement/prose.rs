//! Unlabelled job descriptions, read with heuristics: titles from the first line or from
//! "we are seeking a …", places from "City, ST", remote phrases, experience, salary
//! ranges and "is a plus" skills.

use hireloop_domain::values::{RemoteMode, WorkAuthorization};
use hireloop_ingest::requirement::{parse_requirement, to_requirement_json};

use super::common::{names, taxonomy, today, valid, value};

#[test]
fn company_posting_with_heading_title() {
    let text = "Senior Site Reliability Engineer

About the role
We are looking for an engineer to keep our payments platform fast and available. This is a fully remote position open to candidates anywhere in the United States.

What you'll do
- Run Kubernetes clusters on AWS and automate them with Terraform
- Build deployment pipelines in Jenkins

What we're looking for
- 6+ years of experience in infrastructure or SRE roles
- Strong Python or Golang
- Experience with Kafka is a plus

The base salary range for this role is $165,000 - $195,000 per year. Candidates must be authorized to work in the US; we are unable to sponsor visas.";
    let p = parse_requirement(text, &taxonomy(), today());
    assert_eq!(
        value(&p.title).as_deref(),
        Some("Senior Site Reliability Engineer")
    );
    assert_eq!(value(&p.remote_mode), Some(RemoteMode::Remote));
    assert!(p.location.is_none());
    assert_eq!(p.min_years.as_ref().map(|y| y.value.years()), Some(6.0));
    let pay = value(&p.pay).unwrap_or_else(|| panic!("no pay"));
    assert_eq!(
        pay.max.map(|r| r.to_string()).as_deref(),
        Some("195000.00 USD/year")
    );
    assert_eq!(
        pay.min.map(|r| r.to_string()).as_deref(),
        Some("165000.00 USD/year")
    );
    let auth = value(&p.work_authorizations).unwrap_or_else(|| panic!("no limits"));
    assert!(auth.excluded.contains(&WorkAuthorization::H1b), "{auth:?}");
    assert!(
        auth.allowed.contains(&WorkAuthorization::UsCitizen),
        "{auth:?}"
    );
    assert_eq!(names(&p.preferred_skills), ["Apache Kafka"]);
    for s in ["Kubernetes", "AWS", "Terraform", "Jenkins", "Python", "Go"] {
        assert!(
            names(&p.required_skills).contains(&s),
            "{s} in {:?}",
            names(&p.required_skills)
        );
    }
    let req = valid(&to_requirement_json(&p));
    assert_eq!(req.remote_mode, Some(RemoteMode::Remote));
    assert!(!req.work_authorizations.contains(&WorkAuthorization::H1b));
}

#[test]
fn recruiter_paragraph_without_labels() {
    let text = "Our client, a large insurance carrier, is seeking a Senior .NET Developer to join their claims \
modernization team in Hartford, CT. This is a 12 month contract with possible extension, hybrid with 2 days a week in the office. \
The ideal candidate has 8+ years of experience building C# services and SQL Server databases, and has worked with Azure. \
Angular experience is nice to have. Pay is $72/hr on W2. We have 2 openings and interviews start next week.";
    let p = parse_requirement(text, &taxonomy(), today());
    assert_eq!(value(&p.title).as_deref(), Some("Senior .NET Developer"));
    assert_eq!(
        p.location.as_ref().map(|l| l.value.display()).as_deref(),
        Some("Hartford, CT, US")
    );
    assert_eq!(value(&p.remote_mode), Some(RemoteMode::Hybrid));
    assert_eq!(value(&p.duration_months), Some(12));
    assert_eq!(p.min_years.as_ref().map(|y| y.value.years()), Some(8.0));
    let pay = value(&p.pay).and_then(|p| p.max).map(|r| r.to_string());
    assert_eq!(pay.as_deref(), Some("72.00 USD/hour (w2)"));
    assert_eq!(value(&p.openings), Some(2));
    assert_eq!(names(&p.preferred_skills), ["Angular"]);
    assert!(
        p.review.contains(&"title".to_string())
            || p.title.as_ref().is_some_and(|t| t.confidence < 0.7)
    );
    valid(&to_requirement_json(&p));
}

#[test]
fn flattened_board_text_with_inline_headings() {
    let text = "Looking for Selenium engineers with solid Java coding skills for a 6 month contract in Plano, TX. \
RESPONSIBILITIES • Build automation frameworks • Review test plans PREFERRED QUALIFICATIONS • Jenkins and Git • Experience with Oracle \
REQUIRED SKILLS • Selenium • Java • SQL";
    let p = parse_requirement(text, &taxonomy(), today());
    assert_eq!(value(&p.title).as_deref(), Some("Selenium engineers"));
    assert_eq!(
        p.location.as_ref().map(|l| l.value.display()).as_deref(),
        Some("Plano, TX, US")
    );
    assert_eq!(value(&p.duration_months), Some(6));
    assert_eq!(names(&p.preferred_skills), ["Jenkins", "Git", "Oracle"]);
    assert_eq!(names(&p.required_skills), ["Selenium", "Java", "SQL"]);
    valid(&to_requirement_json(&p));
}
