//! Whole-resume tests: small hand-written resumes in US, Indian and European layouts, the
//! Candidate JSON they produce, and that no input makes the parser panic.

use super::*;
use hireloop_domain::entities::{Candidate, parse_entity};
use proptest::prelude::*;

/// A test-only spotter that knows a handful of skills.
struct TinySpotter;

impl SkillSpotter for TinySpotter {
    fn spot(&self, text: &str) -> Vec<SkillMention> {
        const KNOWN: &[(&str, &str)] = &[
            ("java", "Java"),
            ("python", "Python"),
            ("sql", "SQL"),
            ("kubernetes", "Kubernetes"),
            ("react", "React"),
            ("rust", "Rust"),
        ];
        let lower = text.to_ascii_lowercase();
        let mut out = Vec::new();
        for (needle, name) in KNOWN {
            for (i, _) in lower.match_indices(needle) {
                let before = lower[..i].chars().next_back();
                let after = lower[i + needle.len()..].chars().next();
                if before.is_none_or(|c| !c.is_alphanumeric())
                    && after.is_none_or(|c| !c.is_alphanumeric())
                {
                    out.push(SkillMention {
                        name: (*name).to_string(),
                        start: i,
                        end: i + needle.len(),
                    });
                }
            }
        }
        out
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()
}

const US: &str = "\
JOHN A. SMITH
Senior Software Engineer
Austin, TX 78701 | (512) 555-0147 | john.smith@example.com | linkedin.com/in/johnsmith | github.com/jsmith

SUMMARY
Backend engineer with 9 years of experience building payment systems.

PROFESSIONAL EXPERIENCE
Acme Payments Inc. | Senior Software Engineer | Austin, TX | Jan 2019 – Present
• Led a team of 6 building a Kubernetes platform in Java and Python.
Globex Corporation, Dallas, TX          06/2015 - 12/2018
Software Engineer
• Built billing services with SQL and React.

EDUCATION
B.S. in Computer Science, University of Texas at Austin, 2015

TECHNICAL SKILLS
Languages: Java, Python, SQL, Go
Tools: Kubernetes, Terraform

CERTIFICATIONS
AWS Certified Solutions Architect – Associate

Work Authorization: US Citizen
Expected rate: $85/hr C2C
Availability: 2 weeks
";

const INDIA: &str = "\
Priya Sharma
Associate Consultant - Infosys Limited

Bengaluru, Karnataka - Email me on Indeed: indeed.com/r/Priya-Sharma/3f2a1b0c9d8e7f6a

Mobile: +91 98765 43210

• 5 years of experience in SAP ABAP development and support projects.

WORK EXPERIENCE

Associate Consultant

Infosys Limited -  Bengaluru, Karnataka -

June 2016 to Present

• Developed reports and interfaces.

EDUCATION

B.Tech in Electronics and Communication

Visvesvaraya Technological University -  Belgaum, Karnataka

2012 to 2016

SKILLS

SAP ABAP (5 years), SQL (3 years), Java (Less than 1 year)
";

const EUROPE: &str = "\
Curriculum Vitae

Lena Müller
Data Engineer
Munich, Germany · lena.mueller@example.de · +49 89 1234 5678

Berufserfahrung
Data Engineer, Siemens AG, Munich — 03/2018 – present
• Pipelines in Python and Spark.
Werkstudentin, BMW Group, Munich — 10/2015 – 02/2018

Ausbildung
M.Sc. Informatik, Technische Universität München, 2017

Kenntnisse
Python, SQL, Spark, Kubernetes
";

fn parse(text: &str) -> ResumeParse {
    parse_resume(text, &TinySpotter, today())
}

fn value<T: Clone>(f: &Option<Field<T>>) -> Option<T> {
    f.as_ref().map(|f| f.value.clone())
}

#[test]
fn us_resume() {
    let p = parse(US);
    assert_eq!(value(&p.name).as_deref(), Some("JOHN A. SMITH"));
    assert_eq!(value(&p.email).as_deref(), Some("john.smith@example.com"));
    assert_eq!(
        value(&p.phone).map(|p| p.to_string()).as_deref(),
        Some("+15125550147")
    );
    assert_eq!(
        value(&p.location).map(|l| l.display()).as_deref(),
        Some("Austin, TX, US")
    );
    assert_eq!(
        value(&p.current_title).as_deref(),
        Some("Senior Software Engineer")
    );
    let kinds: Vec<LinkKind> = p.links.iter().map(|l| l.value.kind).collect();
    assert_eq!(kinds, [LinkKind::Linkedin, LinkKind::Github]);
    let companies: Vec<&str> = p
        .employers
        .iter()
        .map(|e| e.company.value.as_str())
        .collect();
    assert_eq!(companies, ["Acme Payments Inc.", "Globex Corporation"]);
    assert!(p.employers[0].current);
    assert_eq!(p.total_years.as_ref().map(|f| f.value), Some(9.1));
    assert_eq!(p.education.len(), 1);
    assert_eq!(
        value(&p.education[0].degree).as_deref(),
        Some("B.S. in Computer Science")
    );
    assert_eq!(
        value(&p.education[0].institution).as_deref(),
        Some("University of Texas at Austin")
    );
    assert_eq!(value(&p.education[0].year), Some(2015));
    let skills: Vec<(&str, f32)> = p
        .skills
        .iter()
        .map(|s| (s.value.as_str(), s.confidence))
        .collect();
    assert!(skills.contains(&("Java", 0.9)), "{skills:?}");
    assert!(
        skills.contains(&("Go", 0.4)),
        "listed but unknown: {skills:?}"
    );
    assert!(
        !skills.iter().any(|(name, _)| *name == "React"),
        "prose mentions are not listed beside a skills section: {skills:?}"
    );
    assert_eq!(p.certifications.len(), 1);
    assert_eq!(
        value(&p.work_authorization),
        Some(WorkAuthorization::UsCitizen)
    );
    assert_eq!(
        value(&p.expected_rate).map(|r| r.to_string()).as_deref(),
        Some("85.00 USD/hour (c2c)")
    );
    assert_eq!(
        value(&p.availability).map(|a| a.to_string()).as_deref(),
        Some("2024-06-29")
    );
    let kinds: Vec<SectionKind> = p.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SectionKind::Contact,
            SectionKind::Summary,
            SectionKind::Experience,
            SectionKind::Education,
            SectionKind::Skills,
            SectionKind::Certifications
        ]
    );
    assert!(
        p.review.iter().any(|r| r.starts_with("skills[")),
        "{:?}",
        p.review
    );
}

#[test]
fn indian_resume() {
    let p = parse(INDIA);
    assert_eq!(value(&p.name).as_deref(), Some("Priya Sharma"));
    assert_eq!(
        p.email, None,
        "a job-board relay link is not an e-mail address"
    );
    let board: Vec<&str> = p
        .links
        .iter()
        .filter(|l| l.value.kind == LinkKind::JobBoard)
        .map(|l| l.value.url.as_str())
        .collect();
    assert_eq!(
        board,
        ["https://indeed.com/r/Priya-Sharma/3f2a1b0c9d8e7f6a"]
    );
    assert_eq!(
        value(&p.phone).map(|p| p.to_string()).as_deref(),
        Some("+919876543210")
    );
    assert_eq!(
        value(&p.location).map(|l| l.display()).as_deref(),
        Some("Bengaluru, Karnataka, IN")
    );
    assert_eq!(
        value(&p.current_title).as_deref(),
        Some("Associate Consultant")
    );
    assert_eq!(p.employers.len(), 1);
    assert_eq!(p.employers[0].company.value, "Infosys Limited");
    assert_eq!(p.total_years.as_ref().map(|f| f.value), Some(8.1));
    assert_eq!(
        value(&p.education[0].degree).as_deref(),
        Some("B.Tech in Electronics and Communication")
    );
    assert_eq!(value(&p.education[0].year), Some(2016));
    let skills: Vec<&str> = p.skills.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(skills, ["SAP ABAP", "SQL", "Java"]);
}

#[test]
fn european_resume() {
    let p = parse(EUROPE);
    assert_eq!(value(&p.name).as_deref(), Some("Lena Müller"));
    assert_eq!(value(&p.email).as_deref(), Some("lena.mueller@example.de"));
    assert_eq!(
        value(&p.phone).map(|p| p.to_string()).as_deref(),
        Some("+498912345678")
    );
    assert_eq!(
        value(&p.location).map(|l| l.display()).as_deref(),
        Some("Munich, DE")
    );
    let companies: Vec<&str> = p
        .employers
        .iter()
        .map(|e| e.company.value.as_str())
        .collect();
    assert_eq!(companies, ["Siemens AG", "BMW Group"]);
    assert_eq!(
        value(&p.education[0].institution).as_deref(),
        Some("Technische Universität München")
    );
    assert!(p.skills.iter().any(|s| s.value == "Spark"));
}

#[test]
fn spans_point_at_the_values() {
    for text in [US, INDIA, EUROPE] {
        let p = parse(text);
        let mut spans: Vec<(String, usize, usize)> = Vec::new();
        if let Some(f) = &p.name {
            spans.push((f.value.clone(), f.start.unwrap(), f.end.unwrap()));
        }
        for e in &p.employers {
            spans.push((
                e.company.value.clone(),
                e.company.start.unwrap(),
                e.company.end.unwrap(),
            ));
        }
        for s in p.skills.iter().filter(|s| s.confidence < 0.5) {
            spans.push((s.value.clone(), s.start.unwrap(), s.end.unwrap()));
        }
        for (v, a, b) in spans {
            assert_eq!(&text[a..b], v);
        }
        for s in &p.sections {
            assert!(s.start <= s.end && s.end <= text.len());
        }
    }
}

#[test]
fn candidate_json_validates() {
    for text in [US, INDIA, EUROPE] {
        let p = parse(text);
        let json = to_candidate_json(&p);
        let c: Candidate = parse_entity(json.clone()).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert!(!c.first_name.is_empty());
        assert_eq!(
            c.email.as_ref().map(|e| e.to_string()),
            p.email.as_ref().map(|f| f.value.clone())
        );
    }
    let c: Candidate = parse_entity(to_candidate_json(&parse(US))).unwrap();
    assert_eq!(
        (c.first_name.as_str(), c.last_name.as_str()),
        ("John A.", "Smith")
    );
    assert_eq!(c.headline.as_deref(), Some("Senior Software Engineer"));
    assert_eq!(c.years_experience.map(|y| y.tenths()), Some(91));
    assert_eq!(c.work_authorization, WorkAuthorization::UsCitizen);
    assert_eq!(
        c.linkedin_url.as_deref(),
        Some("https://linkedin.com/in/johnsmith")
    );
    assert_eq!(c.github_url.as_deref(), Some("https://github.com/jsmith"));
    assert!(c.rate.is_some() && c.available_from.is_some());
    assert!(c.skills.iter().any(|s| s.name().as_str() == "Kubernetes"));
}

#[test]
fn parse_output_round_trips_as_json() {
    let p = parse(US);
    let json = serde_json::to_string(&p).unwrap();
    let back: ResumeParse = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["sections"][0]["kind"], "contact");
    assert_eq!(v["links"][0]["value"]["kind"], "linkedin");
    assert_eq!(v["employers"][0]["start"], "2019-01");
}

#[test]
fn empty_and_odd_inputs() {
    for text in [
        "",
        "\n\n\n",
        "@@@",
        "2019 - 2020\n+1",
        "•\n•\n",
        "EXPERIENCE\nEDUCATION\nSKILLS",
    ] {
        let p = parse(text);
        assert!(p.name.is_none(), "{text:?}");
        let _ = to_candidate_json(&p);
    }
}

proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,400}") {
        let p = parse_resume(&text, &TinySpotter, today());
        for f in p.sections.iter() {
            prop_assert!(f.start <= f.end && f.end <= text.len());
        }
        let _ = to_candidate_json(&p);
    }

    #[test]
    fn never_panics_on_resume_like_text(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("WORK EXPERIENCE".to_string()),
                Just("Education".to_string()),
                Just("Skills: Java, SQL".to_string()),
                "[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}",
                "(Jan|Mar|Sept) 20[0-2][0-9] - (Present|Dec 20[0-2][0-9])",
                "\\+?[0-9 ().-]{6,18}",
                "[a-z]{1,6}@[a-z]{1,6}\\.(com|in|de)",
                "\\PC{0,30}",
            ],
            0..30,
        ),
    ) {
        let text = lines.join("\n");
        let p = parse_resume(&text, &TinySpotter, today());
        if let Some(t) = &p.total_years {
            prop_assert!(t.value >= 0.0);
        }
        let _ = to_candidate_json(&p);
    }
}
