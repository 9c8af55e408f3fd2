//! Forwarded and replied chains: a Gmail forward, an Outlook reply quoting the client, and
//! a message forwarded as an attachment. The requirement comes from the innermost part
//! and its sender is the vendor contact.

use hireloop_domain::values::RemoteMode;
use hireloop_ingest::requirement::to_requirement_json;

use super::common::{Part, eml, multipart, names, read, valid, value};

#[test]
fn gmail_forward_keeps_the_inner_requirement_and_its_sender() {
    let body = "Team, please check and submit profiles ASAP.

---------- Forwarded message ---------
From: Anita Desai <anita@primeteksys.example>
Date: Tue, Nov 17, 2026 at 11:40 AM
Subject: Python Data Engineer || Charlotte, NC || Hybrid
To: <vendors@primeteksys.example>

Hi Partners,

Role: Python Data Engineer
Location: Charlotte, NC - Hybrid (3 days onsite)
Duration: 18 months
Pay Rate: $60-62/hr W2
Visa: USC/GC only
Openings: 3

Required Skills: Python, Spark, Airflow, Snowflake, SQL
Preferred: Kafka

Thanks,
Anita Desai
Primetek Systems
";
    let bytes = eml(
        &[
            ("From", "Mark Lee <mark@midvendor.example>"),
            ("To", "bench@ourdesk.example"),
            (
                "Subject",
                "Fwd: Python Data Engineer || Charlotte, NC || Hybrid",
            ),
            ("Date", "Tue, 17 Nov 2026 12:05:00 -0500"),
        ],
        body,
    );
    let r = read(&bytes, "forward.eml");
    assert!(r.forwarded);
    assert_eq!(
        r.from.as_ref().and_then(|m| m.email.as_deref()),
        Some("mark@midvendor.example")
    );
    assert_eq!(
        r.original_from.as_ref().and_then(|m| m.email.as_deref()),
        Some("anita@primeteksys.example")
    );
    assert_eq!(
        r.original_subject.as_deref(),
        Some("Python Data Engineer || Charlotte, NC || Hybrid")
    );
    let p = &r.parse;
    assert_eq!(value(&p.title).as_deref(), Some("Python Data Engineer"));
    assert_eq!(
        p.location.as_ref().map(|l| l.value.display()).as_deref(),
        Some("Charlotte, NC, US")
    );
    assert_eq!(value(&p.remote_mode), Some(RemoteMode::Hybrid));
    assert_eq!(value(&p.duration_months), Some(18));
    let pay = value(&p.pay).unwrap_or_else(|| panic!("no pay"));
    assert_eq!(
        pay.max.map(|r| r.to_string()).as_deref(),
        Some("62.00 USD/hour (w2)")
    );
    assert_eq!(
        pay.min.map(|r| r.to_string()).as_deref(),
        Some("60.00 USD/hour (w2)")
    );
    assert_eq!(value(&p.openings), Some(3));
    assert_eq!(
        names(&p.required_skills),
        [
            "Python",
            "Apache Spark",
            "Apache Airflow",
            "Snowflake",
            "SQL"
        ]
    );
    assert_eq!(names(&p.preferred_skills), ["Apache Kafka"]);
    assert_eq!(
        value(&p.contact.email).as_deref(),
        Some("anita@primeteksys.example")
    );
    assert_eq!(value(&p.contact.name).as_deref(), Some("Anita Desai"));
    assert!(
        !p.description.value.contains("submit profiles"),
        "{}",
        p.description.value
    );
    valid(&to_requirement_json(p));
}

#[test]
fn outlook_reply_with_quoted_requirement() {
    let body = "Adding my colleague. Any updates?

From: Ortiz, Carla [mailto:carla.ortiz@nexgenit.example]
Sent: Monday, November 16, 2026 3:12 PM
To: Bench Team <bench@ourdesk.example>
Subject: ServiceNow Developer - Remote

Hi,

On Mon, Nov 16, 2026 at 2:55 PM Jim Park <jim.park@enterprise-client.example> wrote:
> Position: ServiceNow Developer
> Location: Remote (CST hours)
> Duration: 6+ months
> Rate: DOE
> Skills: ServiceNow, JavaScript, REST API integrations
> 7+ years of experience required.
";
    let bytes = eml(
        &[
            ("From", "carla.ortiz@nexgenit.example"),
            ("Subject", "RE: ServiceNow Developer - Remote"),
        ],
        body,
    );
    let r = read(&bytes, "outlook.eml");
    assert!(r.forwarded);
    assert_eq!(
        r.original_from.as_ref().and_then(|m| m.name.as_deref()),
        Some("Jim Park")
    );
    let p = &r.parse;
    assert_eq!(value(&p.title).as_deref(), Some("ServiceNow Developer"));
    assert_eq!(value(&p.remote_mode), Some(RemoteMode::Remote));
    assert!(p.location.is_none());
    assert_eq!(value(&p.duration_months), Some(6));
    assert_eq!(value(&p.pay).map(|p| p.negotiable), Some(true));
    assert_eq!(p.min_years.as_ref().map(|y| y.value.years()), Some(7.0));
    assert_eq!(
        names(&p.required_skills),
        ["ServiceNow", "JavaScript", "REST APIs"]
    );
    let req = valid(&to_requirement_json(p));
    assert!(req.rate_budget.is_none());
}

#[test]
fn forward_as_attachment_reads_the_attached_message() {
    let inner = "From: Omar Haddad <omar@deltaconsult.example>\r\nSubject: Tableau Developer - Chicago, IL\r\nContent-Type: text/plain\r\n\r\n\
Job Title: Tableau Developer\r\nLocation: Chicago, IL\r\nDuration: 12 months\r\nRate: $58/hr W2\r\n\
Must have: Tableau, SQL, Snowflake. 6+ years of experience with BI reporting.\r\n";
    let bytes = multipart(
        &[
            ("From", "desk@ourdesk.example"),
            ("Subject", "Fwd: see this one"),
        ],
        &[
            Part {
                content_type: "text/plain",
                filename: None,
                body: b"FYI".to_vec(),
            },
            Part {
                content_type: "message/rfc822",
                filename: None,
                body: inner.as_bytes().to_vec(),
            },
        ],
    );
    let r = read(&bytes, "attached-forward.eml");
    assert!(r.forwarded);
    assert_eq!(
        r.original_from.as_ref().and_then(|m| m.email.as_deref()),
        Some("omar@deltaconsult.example")
    );
    assert_eq!(value(&r.parse.title).as_deref(), Some("Tableau Developer"));
    assert_eq!(value(&r.parse.duration_months), Some(12));
    assert_eq!(
        names(&r.parse.required_skills),
        ["Tableau", "SQL", "Snowflake"]
    );
}
