//! Job descriptions attached to e-mails: a DOCX standing in for a "see attached" body, a
//! PDF filling the gaps of a short body, a text file behind an empty body, and logos and
//! unreadable files reported without failing the message.

use hireloop_domain::values::{EmploymentType, RemoteMode};
use hireloop_ingest::document::FileKind;
use hireloop_ingest::email::BodySource;
use hireloop_ingest::requirement::{Origin, to_requirement_json};

use super::common::{Part, docx, multipart, names, pdf, read, valid, value};

const HEADERS: &[(&str, &str)] = &[
    ("From", "Priya Nair <priya@staffline.example>"),
    ("To", "bench@ourdesk.example"),
    ("Subject", "Requirement: Informatica ETL Developer"),
    ("Date", "Fri, 20 Nov 2026 08:00:00 -0500"),
];

#[test]
fn docx_jd_stands_in_for_a_see_attached_body() {
    let jd = docx(&[
        "Informatica ETL Developer",
        "Client: State of Ohio",
        "Location: Columbus, OH",
        "Duration: 24 months",
        "Rate: $68/hr C2C",
        "Required Skills:",
        "Informatica PowerCenter, Oracle, PL/SQL, Unix shell scripting",
        "8+ years of ETL experience.",
    ]);
    let bytes = multipart(
        HEADERS,
        &[
            Part { content_type: "text/plain; charset=utf-8", filename: None, body: b"Hi,\n\nPlease see the attached JD and share matching profiles.\n\nThanks,\nPriya".to_vec() },
            Part { content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", filename: Some("ETL Developer JD.docx"), body: jd },
            Part { content_type: "image/png", filename: Some("logo.png"), body: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec() },
        ],
    );
    let r = read(&bytes, "docx.eml");
    assert_eq!(r.body_source, BodySource::Attachment);
    assert_eq!(r.attachments.len(), 2);
    let a = &r.attachments[0];
    assert_eq!(
        (a.name.as_str(), a.kind, a.parsed, a.used),
        ("ETL Developer JD.docx", FileKind::Docx, true, true)
    );
    assert_eq!(a.error, None);
    let logo = &r.attachments[1];
    assert_eq!(
        (logo.kind, logo.parsed, logo.used),
        (FileKind::Image, false, false)
    );
    let p = &r.parse;
    assert_eq!(
        value(&p.title).as_deref(),
        Some("Informatica ETL Developer")
    );
    assert_eq!(value(&p.client).as_deref(), Some("State of Ohio"));
    assert_eq!(
        p.location.as_ref().map(|l| l.value.display()).as_deref(),
        Some("Columbus, OH, US")
    );
    assert_eq!(value(&p.duration_months), Some(24));
    assert_eq!(value(&p.employment_type), Some(EmploymentType::C2c));
    assert_eq!(p.min_years.as_ref().map(|y| y.value.years()), Some(8.0));
    assert_eq!(
        names(&p.required_skills),
        ["Informatica", "ETL", "Oracle", "PL/SQL", "Bash"]
    );
    assert_eq!(
        value(&p.contact.email).as_deref(),
        Some("priya@staffline.example")
    );
    let req = valid(&to_requirement_json(p));
    assert_eq!(req.tags, ["client:State of Ohio"]);
}

#[test]
fn pdf_jd_fills_the_gaps_of_a_substantive_body() {
    let body = "Hello,\n\nRole: Machine Learning Engineer\nLocation: Seattle, WA\nDuration: 12 months\n\
We need a strong Python engineer with Pandas and Spark for a retail forecasting team. The full JD is attached.\n\n\
Regards,\nPriya Nair";
    let jd = pdf(&[
        "Machine Learning Engineer - Full Job Description",
        "Pay Rate: $90/hr on W2",
        "Visa: USC/GC only",
        "Nice to have: Kubernetes, Airflow",
        "Experience: 6+ years",
    ]);
    let bytes = multipart(
        HEADERS,
        &[
            Part {
                content_type: "text/plain",
                filename: None,
                body: body.as_bytes().to_vec(),
            },
            Part {
                content_type: "application/pdf",
                filename: Some("ML_Engineer.pdf"),
                body: jd,
            },
        ],
    );
    let r = read(&bytes, "pdf.eml");
    assert_eq!(r.body_source, BodySource::Plain);
    let a = &r.attachments[0];
    assert_eq!((a.kind, a.parsed, a.used), (FileKind::Pdf, true, true));
    let p = &r.parse;
    assert_eq!(
        value(&p.title).as_deref(),
        Some("Machine Learning Engineer")
    );
    assert_eq!(p.title.as_ref().map(|t| t.origin), Some(Origin::Text));
    assert_eq!(value(&p.duration_months), Some(12));
    let pay = p
        .pay
        .as_ref()
        .unwrap_or_else(|| panic!("no pay from the PDF"));
    assert_eq!(pay.origin, Origin::Attachment);
    assert_eq!(
        pay.value.max.map(|r| r.to_string()).as_deref(),
        Some("90.00 USD/hour (w2)")
    );
    assert_eq!(value(&p.employment_type), Some(EmploymentType::W2));
    assert_eq!(p.min_years.as_ref().map(|y| y.value.years()), Some(6.0));
    assert_eq!(
        names(&p.required_skills),
        ["Machine Learning", "Python", "Pandas", "Apache Spark"]
    );
    assert_eq!(names(&p.preferred_skills), ["Kubernetes", "Apache Airflow"]);
    valid(&to_requirement_json(p));
}

#[test]
fn text_jd_behind_an_empty_body() {
    let jd = "Title: Golang Backend Engineer\nLocation: Remote\nType: Full-time\nSalary: $160,000 - $190,000 per year\n\
Requirements: Golang, PostgreSQL, GraphQL, Docker\n";
    let bytes = multipart(
        &[("From", "jobs@startup.example"), ("Subject", "Opening")],
        &[Part {
            content_type: "text/plain",
            filename: Some("golang.txt"),
            body: jd.as_bytes().to_vec(),
        }],
    );
    let r = read(&bytes, "txt.eml");
    assert_eq!(r.body_source, BodySource::Attachment);
    let p = &r.parse;
    assert_eq!(value(&p.title).as_deref(), Some("Golang Backend Engineer"));
    assert_eq!(value(&p.remote_mode), Some(RemoteMode::Remote));
    assert_eq!(value(&p.employment_type), Some(EmploymentType::Fte));
    let pay = value(&p.pay).unwrap_or_else(|| panic!("no pay"));
    assert_eq!(
        pay.max.map(|r| r.to_string()).as_deref(),
        Some("190000.00 USD/year")
    );
    let req = valid(&to_requirement_json(p));
    assert_eq!(req.remote_mode, Some(RemoteMode::Remote));
    assert!(req.location.is_none());
}
