//! The whole free-text parser on typical inputs: a labelled vendor e-mail body and a
//! prose job description.

use chrono::NaiveDate;
use hireloop_domain::entities::{Requirement, parse_entity};
use hireloop_domain::values::{EmploymentType, RemoteMode, WorkAuthorization};

use super::*;

fn taxonomy() -> Taxonomy {
    Taxonomy::from_forms(&[
        "java",
        "spring boot",
        "microservices",
        "kafka",
        "aws",
        "python",
        "sql",
        "react",
        "kubernetes",
        "docker",
        "terraform",
        "angular",
        "hibernate",
        "rest api",
    ])
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

const VENDOR: &str = "Hi Partner,\n\nHope you are doing well. Please find the requirement below.\n\n\
Job Title: Sr. Java Developer\nClient: Acme Bank\nEnd Client: Walmart\nLocation: Dallas, TX (Hybrid - 3 days onsite)\n\
Duration: 12+ Months\nStart Date: ASAP\nRate: $70/hr on C2C\nVisa: USC/GC/H4-EAD only\n\
Experience: 10+ years\nNumber of Positions: 2\nInterview: Video\n\n\
Must have skills:\n• Java 11, Spring Boot, Microservices\n• Kafka\n\nNice to have:\n• AWS, Kubernetes\n\n\
Job Description:\nDesign and build REST API services with Hibernate.\n\n\
Thanks & Regards,\nPriya Sharma\nTechnical Recruiter | Apex Staffing\nPhone: (214) 555-0101\npriya@apex.example\n";

#[test]
fn labelled_vendor_email_parses_every_field() {
    let p = parse_requirement(VENDOR, &taxonomy(), today());
    let v = |f: &Option<Field<String>>| f.as_ref().map(|f| f.value.clone());
    assert_eq!(v(&p.title).as_deref(), Some("Sr. Java Developer"));
    assert_eq!(v(&p.client).as_deref(), Some("Acme Bank"));
    assert_eq!(v(&p.end_client).as_deref(), Some("Walmart"));
    assert_eq!(
        p.location.as_ref().map(|l| l.value.display()).as_deref(),
        Some("Dallas, TX, US")
    );
    assert_eq!(
        p.remote_mode.as_ref().map(|m| m.value),
        Some(RemoteMode::Hybrid)
    );
    assert_eq!(p.duration_months.as_ref().map(|d| d.value), Some(12));
    assert_eq!(p.start_date.as_ref().map(|d| d.value), Some(today()));
    let pay = p.pay.as_ref().map(|p| p.value.clone());
    assert_eq!(
        pay.and_then(|p| p.max).map(|r| r.to_string()).as_deref(),
        Some("70.00 USD/hour (c2c)")
    );
    assert_eq!(
        p.employment_type.as_ref().map(|t| t.value),
        Some(EmploymentType::C2c)
    );
    let auth = p
        .work_authorizations
        .as_ref()
        .map(|w| w.value.allowed.clone());
    assert_eq!(
        auth,
        Some(vec![
            WorkAuthorization::UsCitizen,
            WorkAuthorization::GreenCard,
            WorkAuthorization::Ead
        ])
    );
    assert_eq!(p.min_years.as_ref().map(|y| y.value.years()), Some(10.0));
    assert_eq!(p.openings.as_ref().map(|n| n.value), Some(2));
    let names = |l: &[Field<String>]| l.iter().map(|f| f.value.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&p.required_skills),
        [
            "Java",
            "Spring Boot",
            "Microservices",
            "Apache Kafka",
            "REST APIs",
            "Hibernate"
        ]
    );
    assert_eq!(names(&p.preferred_skills), ["AWS", "Kubernetes"]);
    assert_eq!(v(&p.contact.name).as_deref(), Some("Priya Sharma"));
    assert_eq!(v(&p.contact.email).as_deref(), Some("priya@apex.example"));
    assert_eq!(v(&p.contact.phone).as_deref(), Some("+12145550101"));
    assert!(
        p.description
            .value
            .starts_with("Job Title: Sr. Java Developer"),
        "{}",
        p.description.value
    );
    assert!(
        p.description.value.ends_with("with Hibernate."),
        "{}",
        p.description.value
    );
    // Every span points at its evidence.
    let t = p.title.as_ref().map(|f| &p.text[f.start..f.end]);
    assert_eq!(t, Some("Sr. Java Developer"));
    assert!(p.review.iter().all(|r| r != "title"), "{:?}", p.review);
    let json = to_requirement_json(&p);
    let r: Requirement = parse_entity(json.clone()).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(r.tags, ["client:Acme Bank", "end_client:Walmart"]);
    assert_eq!(r.openings, 2);
}

#[test]
fn prose_description_parses_with_heuristics() {
    let text = "Senior Data Engineer\n\nWe are seeking a Senior Data Engineer to join our team located in Austin, TX. \
This is a hybrid role. You will build pipelines in Python and SQL on AWS.\n\n\
Requirements:\n- 5+ years of experience with Python\n- Strong SQL\n\n\
Experience with Kafka or Terraform is a plus. Salary: competitive. We pay $150,000 - $180,000 per year.";
    let p = parse_requirement(text, &taxonomy(), today());
    assert_eq!(
        p.title.as_ref().map(|t| t.value.as_str()),
        Some("Senior Data Engineer")
    );
    assert_eq!(
        p.location.as_ref().map(|l| l.value.display()).as_deref(),
        Some("Austin, TX, US")
    );
    assert_eq!(
        p.remote_mode.as_ref().map(|m| m.value),
        Some(RemoteMode::Hybrid)
    );
    assert_eq!(p.min_years.as_ref().map(|y| y.value.years()), Some(5.0));
    let pay = p
        .pay
        .as_ref()
        .and_then(|p| p.value.max)
        .map(|r| r.to_string());
    assert_eq!(pay.as_deref(), Some("180000.00 USD/year"));
    let pref: Vec<&str> = p
        .preferred_skills
        .iter()
        .map(|f| f.value.as_str())
        .collect();
    assert_eq!(pref, ["Apache Kafka", "Terraform"]);
    let req: Vec<&str> = p.required_skills.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(req, ["Python", "SQL", "AWS"]);
    assert!(parse_entity::<Requirement>(to_requirement_json(&p)).is_ok());
}

#[test]
fn empty_and_junk_input() {
    for text in [
        "",
        "   \n\n",
        "\u{0}\u{1}",
        "Rate:",
        "Location: ???",
        "$$$ 99999999999999999999/hr",
    ] {
        let p = parse_requirement(text, &taxonomy(), today());
        assert!(p.review.contains(&"title".to_string()));
        let json = to_requirement_json(&p);
        assert!(parse_entity::<Requirement>(json.clone()).is_ok(), "{json}");
    }
}

/// A Markdown job text whose skills are listed one per item, "Name: what it means":
/// each item names one skill (known to the gazetteer or not), what the item says about
/// it adds none, and items under an experience heading are not skills.
#[test]
fn listed_skills_are_taken_by_their_heads() {
    let text = "## Job title\nJunior Systems Engineer\n\n## Required Skills\n\
1. Analysis: Ability to analyze system errors.\n\
2. Networking: TCP/IP networking on AWS and Kubernetes clusters.\n\
3. Java\n\
4. 5+ years of Python\n\n\
## Preferred Skills\n- Terraform - infrastructure as code\n- Audio Visual\n\n\
## Required Experience\n1. Has spent at least 4 years working as a Junior Systems Engineer.\n\n\
## Responsibilities\n1. Running regular checkups with SQL.\n";
    let p = parse_requirement(text, &taxonomy(), today());
    let names = |f: &[Field<String>]| f.iter().map(|x| x.value.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&p.required_skills),
        ["Analysis", "Networking", "Java", "Python"],
        "{:?}",
        p.required_skills
    );
    // SQL, mentioned among the duties, is preferred: the text listed what it requires.
    assert_eq!(
        names(&p.preferred_skills),
        ["Terraform", "Audio Visual", "SQL"]
    );
    let networking = &p.required_skills[1];
    assert_eq!(&text[networking.start..networking.end], "Networking");
}

/// Skill items as job texts write them: praise and framing are not part of the name, an
/// "and" inside a name the gazetteer does not split stays, and two known skills joined
/// by "and" are two skills.
#[test]
fn listed_skills_lose_their_praise_and_keep_their_ands() {
    let text = "## Job title\nForest Ranger\n\n## Required Skills\n\
- Physical Stamina and Strength\n\
- Excellent Basic Math Skills\n\
- Knowledge of Forestry and Conservation Techniques\n\
- First Aid and Emergency Care Procedures\n\
- Comprehensive Knowledge of Dental Procedures\n\
- Proven skills in wood joinery techniques.\n\
- Exceptional level of spatial awareness\n\
- Java and Python\n\
- Tree climbing and\n";
    let p = parse_requirement(text, &taxonomy(), today());
    let names: Vec<&str> = p.required_skills.iter().map(|x| x.value.as_str()).collect();
    assert_eq!(
        names,
        [
            "Physical Stamina and Strength",
            "Basic Math Skills",
            "Forestry and Conservation Techniques",
            "First Aid and Emergency Care Procedures",
            "Dental Procedures",
            "wood joinery techniques",
            "Spatial Awareness",
            "Java",
            "Python"
        ],
        "{:?}",
        p.required_skills
    );
    let math = &p.required_skills[1];
    assert_eq!(&text[math.start..math.end], "Basic Math Skills");
}

#[test]
fn stated_skills_come_before_the_ones_prose_mentions() {
    // The summary mentions Docker and AWS before the list; the list is what the client
    // asked for, so a "missing …" reason names Kafka and Terraform first. (Two items do
    // not make the prose's skills preferred; three would.)
    let text = "## Job title\nPlatform Engineer\n\n## Job Summary\nYou will run Docker \
images on AWS for our teams.\n\n## Required Skills\n- Kafka\n- Terraform\n\n\
## Responsibilities\nWrite SQL reports.\n";
    let p = parse_requirement(text, &taxonomy(), today());
    let names: Vec<&str> = p.required_skills.iter().map(|x| x.value.as_str()).collect();
    assert_eq!(
        names,
        ["Apache Kafka", "Terraform", "Docker", "AWS", "SQL"],
        "{:?}",
        p.required_skills
    );

    // Without a list, the title's skills (a title read from the first line, not from a
    // label) and the requirements section's lead, then the prose's, each in the order of
    // first mention.
    let text = "Senior Java Developer\n\nOur Python and Docker teams ship daily.\n\n\
Requirements:\nStrong SQL and Kafka.\n";
    let p = parse_requirement(text, &taxonomy(), today());
    assert_eq!(
        p.title.as_ref().map(|t| t.value.as_str()),
        Some("Senior Java Developer")
    );
    let names: Vec<&str> = p.required_skills.iter().map(|x| x.value.as_str()).collect();
    assert_eq!(
        names,
        ["Java", "SQL", "Apache Kafka", "Python", "Docker"],
        "{:?}",
        p.required_skills
    );
}
