//! More layouts: an Indian resume with labels and an education table, a US resume with
//! capitalised titles and year-only dates, and a French CV.

use super::*;

struct NoSkills;

impl SkillSpotter for NoSkills {
    fn spot(&self, _text: &str) -> Vec<SkillMention> {
        Vec::new()
    }
}

fn parse(text: &str) -> ResumeParse {
    parse_resume(
        text,
        &NoSkills,
        NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
    )
}

fn jobs(p: &ResumeParse) -> Vec<(String, Option<String>, Option<String>)> {
    p.employers
        .iter()
        .map(|e| {
            (
                e.company.value.clone(),
                e.title.as_ref().map(|t| t.value.clone()),
                e.location.as_ref().map(|l| l.value.clone()),
            )
        })
        .collect()
}

fn schools(p: &ResumeParse) -> Vec<(Option<String>, Option<String>, Option<u16>)> {
    p.education
        .iter()
        .map(|e| {
            (
                e.degree.as_ref().map(|f| f.value.clone()),
                e.institution.as_ref().map(|f| f.value.clone()),
                e.year.as_ref().map(|f| f.value),
            )
        })
        .collect()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

const INDIA_LABELS: &str = "\
CURRICULUM VITAE

Name: Ravi Kumar Reddy
Contact No: 9876543210
Email ID: ravi.reddy@gmail.com
Address: Flat 12, MG Road, Hyderabad, Telangana - 500001

CAREER OBJECTIVE
To work in a challenging environment where I can grow.

WORK EXPERIENCE
Company: Tata Consultancy Services, Hyderabad
Designation: Senior Software Engineer
Duration: Jan 2018 to Till Date

Company: Wipro Technologies
Designation: Software Engineer
Duration: June 2015 – Dec 2017

ACADEMIC QUALIFICATIONS
Qualification | Board/University | Year | Percentage
B.Tech (CSE) | JNTU Hyderabad | 2015 | 72%
Intermediate | Board of Intermediate Education | 2011 | 85%

KEY SKILLS
Java, Spring Boot, Hibernate

DECLARATION
Notice period: 30 days
Expected CTC: 12 LPA
";

#[test]
fn indian_labels_and_table() {
    let p = parse(INDIA_LABELS);
    assert_eq!(
        p.name.as_ref().map(|f| f.value.as_str()),
        Some("Ravi Kumar Reddy")
    );
    assert_eq!(
        p.phone.as_ref().map(|f| f.value.to_string()),
        some("+919876543210")
    );
    assert_eq!(
        p.location.as_ref().map(|f| f.value.display()),
        some("Hyderabad, Telangana, IN")
    );
    assert_eq!(
        jobs(&p),
        [
            (
                "Tata Consultancy Services".into(),
                some("Senior Software Engineer"),
                None
            ),
            ("Wipro Technologies".into(), some("Software Engineer"), None),
        ]
    );
    assert!(p.employers[0].current);
    assert_eq!(p.total_years.as_ref().map(|f| f.value), Some(9.1));
    assert_eq!(
        schools(&p),
        [
            (some("B.Tech (CSE)"), some("JNTU Hyderabad"), Some(2015)),
            (
                some("Intermediate"),
                some("Board of Intermediate Education"),
                Some(2011)
            ),
        ]
    );
    let rate = p.expected_rate.as_ref().map(|f| f.value.to_string());
    assert_eq!(rate, some("1200000.00 INR/year"));
    let available = p.availability.as_ref().map(|f| f.value.to_string());
    assert_eq!(available, some("2024-07-01"));
}

const US_CAPS: &str = "\
Maria Garcia, PMP
maria.garcia@outlook.com
214.555.0134
Chicago, IL

EXPERIENCE

SENIOR PROJECT MANAGER
Northwind Traders — Chicago, IL
March 2017 – Present
- Managed a portfolio of 12 projects.

PROJECT MANAGER
Contoso Ltd. — Evanston, IL
2012 – 2017
- Delivered ERP rollouts.

EDUCATION
Northwestern University — MBA, 2012
University of Illinois at Urbana-Champaign — B.S. Industrial Engineering, 2008

CERTIFICATIONS
Project Management Professional (PMP), 2014
Certified ScrumMaster (CSM)

Authorized to work in the US; H1B not required — US Citizen.
";

#[test]
fn us_capitals_and_year_ranges() {
    let p = parse(US_CAPS);
    assert_eq!(
        p.name.as_ref().map(|f| f.value.as_str()),
        Some("Maria Garcia")
    );
    // "IL" after a city is Illinois, which also makes the phone a US number.
    assert_eq!(
        p.location.as_ref().map(|f| f.value.display()),
        some("Chicago, IL, US")
    );
    assert_eq!(
        p.phone.as_ref().map(|f| f.value.to_string()),
        some("+12145550134")
    );
    assert_eq!(
        jobs(&p),
        [
            (
                "Northwind Traders".into(),
                some("SENIOR PROJECT MANAGER"),
                some("Chicago, IL")
            ),
            (
                "Contoso Ltd.".into(),
                some("PROJECT MANAGER"),
                some("Evanston, IL")
            ),
        ]
    );
    assert_eq!(
        schools(&p),
        [
            (some("MBA"), some("Northwestern University"), Some(2012)),
            (
                some("B.S. Industrial Engineering"),
                some("University of Illinois at Urbana-Champaign"),
                Some(2008)
            ),
        ]
    );
    let certs: Vec<&str> = p.certifications.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(
        certs,
        [
            "Project Management Professional (PMP), 2014",
            "Certified ScrumMaster (CSM)"
        ]
    );
    assert_eq!(
        p.work_authorization.as_ref().map(|f| f.value),
        Some(WorkAuthorization::UsCitizen)
    );
}

const FRENCH: &str = "\
Pierre Dubois
Développeur Full Stack
Lyon, France | pierre.dubois@example.fr | +33 6 12 34 56 78 | github.com/pdubois

Expérience professionnelle
2019 - aujourd'hui   Développeur Full Stack, Capgemini, Lyon
2016 - 2019          Développeur Web, Atos, Paris

Formation
2016   Master Informatique, Université Claude Bernard Lyon 1
2014   Licence Informatique, Université Lumière Lyon 2

Compétences
JavaScript, React, Node.js, Python, SQL, Docker
";

#[test]
fn french_cv() {
    let p = parse(FRENCH);
    assert_eq!(
        p.phone.as_ref().map(|f| f.value.to_string()),
        some("+33612345678")
    );
    assert_eq!(
        p.location.as_ref().map(|f| f.value.display()),
        some("Lyon, FR")
    );
    assert_eq!(
        p.current_title.as_ref().map(|f| f.value.as_str()),
        Some("Développeur Full Stack")
    );
    assert_eq!(
        jobs(&p),
        [
            (
                "Capgemini".into(),
                some("Développeur Full Stack"),
                some("Lyon")
            ),
            ("Atos".into(), some("Développeur Web"), some("Paris")),
        ]
    );
    assert!(p.employers[0].current && !p.employers[1].current);
    assert_eq!(p.total_years.as_ref().map(|f| f.value), Some(8.0));
    assert_eq!(
        schools(&p),
        [
            (
                some("Master Informatique"),
                some("Université Claude Bernard Lyon 1"),
                Some(2016)
            ),
            (
                some("Licence Informatique"),
                some("Université Lumière Lyon 2"),
                Some(2014)
            ),
        ]
    );
    let skills: Vec<&str> = p.skills.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(
        skills,
        ["JavaScript", "React", "Node.js", "Python", "SQL", "Docker"]
    );
}

#[test]
fn a_heading_after_a_long_list_still_opens_its_section() {
    let text = "Pat Lee\npat@example.com\n\nSkill Highlights\n\
Microsoft Office Suite, Outlook, Salesforce.com CRM, virtual and cloud computing environment\n\
Professional Experience\nBusiness Development Manager\nJuly 2010 to Current Acme Corp\n\
Grew sales by 20%.\n";
    let p = parse(text);
    let kinds: Vec<SectionKind> = p.sections.iter().map(|s| s.kind).collect();
    assert!(kinds.contains(&SectionKind::Experience), "{kinds:?}");
    assert_eq!(p.employers.len(), 1, "{:?}", p.employers);
    // A wrapped sentence is still a sentence.
    let text = "Pat Lee\n\nSUMMARY\nTen years building data platforms with a focus in\n\
Technologies\nthat scale.\n";
    let kinds: Vec<SectionKind> = parse(text).sections.iter().map(|s| s.kind).collect();
    assert!(!kinds.contains(&SectionKind::Skills), "{kinds:?}");
}

#[test]
fn letter_spaced_designs_find_their_sections() {
    let text = "L I S A  P O L O T C K A I A\nlisa@example.com\n\nP R O F I L E\n\
Detail-oriented data analyst.\n\nW O R K  E X P E R I E N C E\nData Analyst\n\
Pinsteps | Nov 2020 - present\nBuilt cohort reports.\n";
    let p = parse(text);
    let kinds: Vec<SectionKind> = p.sections.iter().map(|s| s.kind).collect();
    assert!(kinds.contains(&SectionKind::Experience), "{kinds:?}");
    assert!(!p.employers.is_empty());
}
