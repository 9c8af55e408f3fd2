//! Bench-sales vendor e-mails: labelled bodies, subjects that carry the title, forwarded
//! and quoted chains, HTML-only and quoted-printable bodies, forwards as attachments,
//! and the errors for empty and broken messages.

use hireloop_domain::values::{EmploymentType, RemoteMode, WorkAuthorization};
use hireloop_ingest::email::{BodySource, EmailError};
use hireloop_ingest::requirement::{Origin, to_requirement_json};

use super::common::{Part, eml, fail, multipart, names, read, today, valid, value};

const LABELLED: &str = "Hi,

Hope you are doing great!

Please go through the below requirement and let me know if you have any matching consultants.

Job Title: Java Full Stack Developer
Location: Dallas, TX (Onsite from Day 1)
Duration: 12 Months+
Rate: $65/hr on C2C
Visa: USC, GC, GC-EAD, H4-EAD (No H1B, No OPT)
End Client: Toyota Financial Services
Interview: Video
Experience: 10+ Years
Start Date: 12/01

Must have skills:
- Java 17, Spring Boot, Microservices
- React or Angular
- Kafka

Nice to have:
- AWS
- Docker/Kubernetes

Job Description:
* Design and develop REST API services using Spring Boot.
* Build UI components in React.
* Work with the product team in an agile setting.

Thanks & Regards,
Rahul Verma
Sr. Technical Recruiter
Bright Path Solutions Inc.
Direct: +1 (469) 555-0143
Email: rahul.verma@brightpath.example
";

#[test]
fn labelled_vendor_email() {
    let bytes = eml(
        &[
            ("From", "Rahul Verma <rahul.verma@brightpath.example>"),
            ("To", "bench@ourdesk.example"),
            (
                "Subject",
                "Need: Java Full Stack Developer - Dallas, TX - 12 months",
            ),
            ("Date", "Thu, 19 Nov 2026 09:14:05 -0600"),
            ("Message-ID", "<req-8841@brightpath.example>"),
        ],
        LABELLED,
    );
    let r = read(&bytes, "labelled.eml");
    assert_eq!(
        r.subject.as_deref(),
        Some("Need: Java Full Stack Developer - Dallas, TX - 12 months")
    );
    assert_eq!(r.date.as_deref(), Some("2026-11-19T09:14:05-06:00"));
    assert_eq!(r.message_id.as_deref(), Some("req-8841@brightpath.example"));
    assert_eq!(r.body_source, BodySource::Plain);
    assert!(!r.forwarded);
    let p = &r.parse;
    assert_eq!(
        value(&p.title).as_deref(),
        Some("Java Full Stack Developer")
    );
    assert_eq!(p.title.as_ref().map(|t| t.origin), Some(Origin::Text));
    assert_eq!(
        value(&p.end_client).as_deref(),
        Some("Toyota Financial Services")
    );
    assert_eq!(
        p.location.as_ref().map(|l| l.value.display()).as_deref(),
        Some("Dallas, TX, US")
    );
    assert_eq!(value(&p.remote_mode), Some(RemoteMode::Onsite));
    assert_eq!(value(&p.duration_months), Some(12));
    assert_eq!(
        value(&p.start_date),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
    );
    let pay = value(&p.pay).and_then(|p| p.max).map(|r| r.to_string());
    assert_eq!(pay.as_deref(), Some("65.00 USD/hour (c2c)"));
    assert_eq!(value(&p.employment_type), Some(EmploymentType::C2c));
    let auth = value(&p.work_authorizations).unwrap_or_else(|| panic!("no visa"));
    assert_eq!(
        auth.allowed,
        [
            WorkAuthorization::UsCitizen,
            WorkAuthorization::GreenCard,
            WorkAuthorization::Ead
        ]
    );
    assert_eq!(
        auth.excluded,
        [WorkAuthorization::H1b, WorkAuthorization::OptCpt]
    );
    assert_eq!(p.min_years.as_ref().map(|y| y.value.years()), Some(10.0));
    // "React" opens a bullet, where the taxonomy wants more context for everyday words.
    assert_eq!(
        names(&p.required_skills),
        [
            "Java",
            "Spring Boot",
            "Microservices",
            "Angular",
            "Apache Kafka",
            "REST APIs",
            "UI Design",
            "Agile"
        ]
    );
    assert_eq!(names(&p.preferred_skills), ["AWS", "Docker", "Kubernetes"]);
    assert_eq!(value(&p.contact.name).as_deref(), Some("Rahul Verma"));
    assert_eq!(
        value(&p.contact.email).as_deref(),
        Some("rahul.verma@brightpath.example")
    );
    assert_eq!(value(&p.contact.phone).as_deref(), Some("+14695550143"));
    assert!(
        p.description.value.starts_with("Job Title:"),
        "{}",
        p.description.value
    );
    assert!(
        !p.description.value.contains("Rahul"),
        "{}",
        p.description.value
    );
    // Only the skills read from the description's prose are guesses.
    assert_eq!(p.review, ["required_skills"]);
    let req = valid(&to_requirement_json(p));
    assert_eq!(req.title, "Java Full Stack Developer");
    assert_eq!(req.tags, ["end_client:Toyota Financial Services"]);
    assert_eq!(req.duration_months, Some(12));
}

#[test]
fn subject_fills_what_a_short_body_leaves_out() {
    let bytes = eml(
        &[
            ("From", "\"Sam Carter\" <sam@talentbridge.example>"),
            (
                "Subject",
                "RE: Urgent Requirement - Salesforce Developer - Remote - 6 months - W2 only",
            ),
            ("Date", "Wed, 18 Nov 2026 16:02:00 +0000"),
        ],
        "Hello,\n\nClient needs someone strong in Apex and Lightning, 5+ years of experience with Salesforce.\nSend resumes today.\n\nThanks,\nSam",
    );
    let r = read(&bytes, "short.eml");
    let p = &r.parse;
    assert_eq!(value(&p.title).as_deref(), Some("Salesforce Developer"));
    assert_eq!(p.title.as_ref().map(|t| t.origin), Some(Origin::Subject));
    assert_eq!(value(&p.remote_mode), Some(RemoteMode::Remote));
    assert_eq!(value(&p.duration_months), Some(6));
    assert_eq!(value(&p.employment_type), Some(EmploymentType::W2));
    assert_eq!(p.min_years.as_ref().map(|y| y.value.years()), Some(5.0));
    assert_eq!(
        names(&p.required_skills),
        ["Apex", "Lightning", "Salesforce"]
    );
    assert_eq!(value(&p.contact.name).as_deref(), Some("Sam Carter"));
    assert_eq!(
        p.contact.email.as_ref().map(|f| f.origin),
        Some(Origin::Sender)
    );
    let req = valid(&to_requirement_json(p));
    assert_eq!(req.remote_mode, Some(RemoteMode::Remote));
}

#[test]
fn html_only_body_is_read_as_text() {
    let html = "<html><head><style>td{font:12px}</style></head><body>\
<p>Hello Partner,</p><p>Please find the requirement below.</p>\
<table><tr><td><b>Job Title</b></td><td>Azure DevOps Engineer</td></tr>\
<tr><td><b>Location</b></td><td>Phoenix, AZ</td></tr>\
<tr><td><b>Duration</b></td><td>9 months</td></tr>\
<tr><td><b>Rate</b></td><td>$70/hr C2C</td></tr>\
<tr><td><b>Visa</b></td><td>H1B transfer ok, GC, USC</td></tr></table>\
<p><b>Must Have:</b> Azure, Terraform, Ansible, Jenkins</p>\
<p>Regards,<br>Neha Gupta<br>neha@cloudstaff.example</p></body></html>";
    let bytes = eml(
        &[
            ("From", "Neha Gupta <neha@cloudstaff.example>"),
            ("Subject", "Azure DevOps Engineer - Phoenix, AZ"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/html; charset=utf-8"),
        ],
        html,
    );
    let r = read(&bytes, "html.eml");
    assert_eq!(r.body_source, BodySource::Html);
    let p = &r.parse;
    assert_eq!(value(&p.title).as_deref(), Some("Azure DevOps Engineer"));
    assert_eq!(
        p.location.as_ref().map(|l| l.value.display()).as_deref(),
        Some("Phoenix, AZ, US")
    );
    assert_eq!(value(&p.duration_months), Some(9));
    assert_eq!(value(&p.employment_type), Some(EmploymentType::C2c));
    let auth = value(&p.work_authorizations).map(|w| w.allowed);
    assert_eq!(
        auth,
        Some(vec![
            WorkAuthorization::H1b,
            WorkAuthorization::GreenCard,
            WorkAuthorization::UsCitizen
        ])
    );
    assert_eq!(
        names(&p.required_skills),
        [
            "Microsoft Azure",
            "Devops",
            "Terraform",
            "Ansible",
            "Jenkins"
        ]
    );
    assert!(
        !p.text.contains("<td>") && !p.text.contains("font:12px"),
        "{}",
        p.text
    );
    valid(&to_requirement_json(p));
}

#[test]
fn quoted_printable_multipart_alternative_prefers_plain_text() {
    let raw = "From: Li Wei <li.wei@apexvendor.example>\r\n\
Subject: =?UTF-8?Q?Sr=2E_React_Developer_=E2=80=93_Austin=2C_TX?=\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n\
--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
Role: Sr. React Developer =E2=80=93 TypeScript\r\nLocation: Austin, TX\r\nRate: $75/hr on C2=\r\nC\r\nExperience: 8+ years\r\n\r\n\
--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML copy that must not be used</p>\r\n--alt--\r\n";
    let r = read(raw.as_bytes(), "qp.eml");
    assert_eq!(
        r.subject.as_deref(),
        Some("Sr. React Developer – Austin, TX")
    );
    assert_eq!(r.body_source, BodySource::Plain);
    let p = &r.parse;
    assert_eq!(value(&p.title).as_deref(), Some("Sr. React Developer"));
    let pay = value(&p.pay).and_then(|p| p.max).map(|r| r.to_string());
    assert_eq!(pay.as_deref(), Some("75.00 USD/hour (c2c)"));
    assert_eq!(names(&p.required_skills), ["React", "TypeScript"]);
    assert!(!p.text.contains("HTML copy"));
}

#[test]
fn an_email_without_body_or_attachment_is_a_clear_error() {
    let bytes = eml(
        &[
            ("From", "x@vendor.example"),
            ("Subject", "Java Developer - Dallas, TX"),
        ],
        "",
    );
    let e = fail(&bytes, "empty-body.eml");
    assert!(matches!(e, EmailError::NoContent { .. }));
    assert_eq!(
        e.to_string(),
        "e-mail empty-body.eml has no body text or readable attachment"
    );
    assert_eq!(e.code(), "email_no_content");
    let bytes = multipart(
        &[("From", "x@vendor.example"), ("Subject", "JD attached")],
        &[
            Part {
                content_type: "text/plain",
                filename: None,
                body: b"Please see the attached JD.".to_vec(),
            },
            Part {
                content_type: "application/octet-stream",
                filename: Some("jd.docx"),
                body: b"PK\x03\x04 not really a zip".to_vec(),
            },
        ],
    );
    let e = fail(&bytes, "bad-attachment.eml");
    let msg = e.to_string();
    assert!(
        msg.starts_with("e-mail bad-attachment.eml has no body text or readable attachment ("),
        "{msg}"
    );
    assert!(msg.contains("jd.docx"), "{msg}");
}

#[test]
fn malformed_messages_are_errors_not_panics() {
    let cases: [(&[u8], &str); 5] = [
        (b"", "empty.eml"),
        (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", "pdf.eml"),
        (b"just some words without any headers at all", "words.eml"),
        (b"\x00\x01\x02\xFF\xFE binary junk \x00\x00", "binary.eml"),
        (
            b"X-Custom: 1\r\nX-Other: 2\r\n\r\nbody",
            "unknown-headers.eml",
        ),
    ];
    for (bytes, name) in cases {
        let e = fail(bytes, name);
        assert!(e.to_string().contains(name), "{e}");
        assert!(
            matches!(e, EmailError::Empty { .. } | EmailError::Malformed { .. }),
            "{name}: {e:?}"
        );
    }
    let small = hireloop_ingest::document::Limits {
        max_bytes: 10,
        ..Default::default()
    };
    let e = hireloop_ingest::email::parse_requirement_email(
        b"From: a@b.example\r\n\r\nhello world",
        "big.eml",
        &super::common::taxonomy(),
        today(),
        &small,
    );
    assert!(matches!(e, Err(EmailError::TooLarge { .. })), "{e:?}");
}
