//! Column mapping (explicit and detected), the header report, the error report, each entity
//! kind, canonical JSON and the reader's options.

use chrono::NaiveDate;
use hireloop_domain::entities::{
    Candidate, Company, Contact, EntityRules, Requirement, parse_entity,
};
use hireloop_ingest::bulk::{
    self, BulkError, EntityKind, Mapping, ReadOptions, RowError, validate, write_error_report,
};
use serde_json::json;

use super::{entities, open, rows};

#[test]
fn explicit_mapping_file() {
    let input = "Cand Mail,Loc,Zip,Who,Email\njane@example.com,\"Austin, TX\",78701,Jane Doe,other@example.com\n";
    for mapping in [
        r#"{"columns": {"Cand Mail": "email", "Loc": "location", "Zip": "-", "who": "name", "Email": "-", "Missing": "tags"}}"#,
        "[columns]\n\"Cand Mail\" = \"email\"\nLoc = \"location\"\nZip = \"-\"\nwho = \"name\"\nEmail = \"-\"\nMissing = \"tags\"\n",
    ] {
        let options = ReadOptions {
            mapping: Some(Mapping::parse(mapping).unwrap()),
            ..ReadOptions::default()
        };
        let r = bulk::read(input.as_bytes(), EntityKind::Candidates, options).unwrap();
        assert_eq!(
            r.report().to_string(),
            "mapped: \"Cand Mail\" → email\n\
             mapped: \"Loc\" → location\n\
             mapped: \"Who\" → name\n\
             ignored: [\"Zip\", \"Email\"]\n\
             mapping columns not in the file: [\"Missing\"]\n"
        );
        let (good, bad) = entities::<Candidate>(r.collect());
        assert!(bad.is_empty(), "{bad:?}");
        let c = &good[0].1;
        assert_eq!(c.email.as_ref().unwrap().as_str(), "jane@example.com");
        assert_eq!(c.location.as_ref().unwrap().display(), "Austin, TX, US");
        assert_eq!(c.name(), "Jane Doe");
    }
    let bad = Mapping::parse(r#"{"columns": {"Cand Mail": "e_mail"}}"#).unwrap();
    let options = ReadOptions {
        mapping: Some(bad),
        ..ReadOptions::default()
    };
    let err = bulk::read(input.as_bytes(), EntityKind::Candidates, options).unwrap_err();
    assert!(matches!(&err, BulkError::UnknownTarget { target, .. } if target == "e_mail"));
    assert!(err.to_string().contains("\"e_mail\""), "{err}");
}

#[test]
fn header_auto_detection_report() {
    let input = "Given Name,Surname,E-mail Address,Mobile Phone,Current Title,State/Province,\
                 Pay Rate,Visa Status,Years of Experience,Willing to Relocate,Applicant ID,\
                 Zip Code,Favourite Colour\n";
    let r = open(input.as_bytes(), EntityKind::Candidates);
    assert_eq!(
        r.report().to_string(),
        "mapped: \"Given Name\" → first_name\n\
         mapped: \"Surname\" → last_name\n\
         mapped: \"E-mail Address\" → email\n\
         mapped: \"Mobile Phone\" → phone\n\
         mapped: \"Current Title\" → headline\n\
         mapped: \"State/Province\" → region\n\
         mapped: \"Pay Rate\" → rate\n\
         mapped: \"Visa Status\" → work_authorization\n\
         mapped: \"Years of Experience\" → years_experience\n\
         mapped: \"Willing to Relocate\" → willing_to_relocate\n\
         mapped: \"Applicant ID\" → external_id\n\
         ignored: [\"Zip Code\", \"Favourite Colour\"]\n"
    );
}

#[test]
fn error_report_neutralises_formulas() {
    let mapping = Mapping::parse(r#"{"columns": {"=cmd|'/C calc'!A0": "email"}}"#).unwrap();
    let input = "Name,=cmd|'/C calc'!A0\nJane Doe,@SUM(1)\n";
    let options = ReadOptions {
        mapping: Some(mapping),
        ..ReadOptions::default()
    };
    let r = bulk::read(input.as_bytes(), EntityKind::Candidates, options).unwrap();
    let errors: Vec<RowError> = r
        .flat_map(|row| {
            validate::<Candidate>(&row.unwrap())
                .err()
                .unwrap_or_default()
        })
        .collect();
    let mut out = Vec::new();
    write_error_report(&errors, &mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    assert_eq!(
        csv,
        "row,column,field,reason\n\
         2,'=cmd|'/C calc'!A0,email,'@SUM(1)' is not an e-mail address: missing the name \
         before '@'\n"
    );
    assert!(
        !csv.lines()
            .skip(1)
            .any(|l| l.split(',').any(|c| c.starts_with('=')))
    );
}

#[test]
fn each_entity_kind() {
    let reqs = "Req ID,Job Title,Client,City,State,Must Have,Nice to Have,Min Experience,\
                Bill Rate,Job Type,Duration,Start Date,Openings,Visa\n\
                R-1,Java Developer,Acme,Dallas,TX,\"Java, Spring\",Kafka,5+ years,$85/hr,C2C,\
                6 months,2026-12-01,2,USC/GC\n";
    let (good, bad) = entities::<Requirement>(rows(reqs.as_bytes(), EntityKind::Requirements));
    assert!(bad.is_empty(), "{bad:?}");
    let q = &good[0].1;
    assert_eq!(q.external_id.as_deref(), Some("R-1"));
    assert_eq!(q.required_skills.len(), 2);
    assert_eq!(q.preferred_skills.len(), 1);
    assert_eq!(q.min_years.unwrap().to_string(), "5.0");
    assert_eq!(q.rate_budget.unwrap().to_string(), "85.00 USD/hour");
    assert_eq!(q.openings, 2);
    assert_eq!(q.work_authorizations.len(), 2);
    assert_eq!(q.tags, ["client:Acme"]);

    let companies = "Company Name,Type,Website,Industry,Location\n\
                     Acme,Client,acme.example,Retail,\"Chicago, IL\"\n\
                     ,Vendor,,,\n";
    let (good, bad) = entities::<Company>(rows(companies.as_bytes(), EntityKind::Companies));
    assert_eq!(good.len(), 1);
    assert_eq!(good[0].1.website.as_deref(), Some("https://acme.example"));
    assert_eq!(bad, ["row 3, column \"Company Name\" (name): is required"]);

    let contacts = "First Name,Last Name,Title,Email,Phone,Company,Country\n\
                    Ann,Lee,Hiring Manager,ann@acme.example,020 7946 0958,Acme,UK\n";
    let (good, bad) = entities::<Contact>(rows(contacts.as_bytes(), EntityKind::Contacts));
    assert!(bad.is_empty(), "{bad:?}");
    let k = &good[0].1;
    assert_eq!(k.phone.as_ref().unwrap().as_str(), "+442079460958");
    assert_eq!(k.tags, ["company:Acme"]);
    assert_eq!(k.title.as_deref(), Some("Hiring Manager"));
}

#[test]
fn canonical_json_round_trips() {
    let candidate = json!({
        "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com",
        "phone": "+12145550101", "headline": "Engineer", "summary": "Builds things",
        "location": {"city": "Dallas", "region": "TX", "country": "US", "lat": 32.78, "lon": -96.8},
        "remote_preference": "hybrid", "willing_to_relocate": true,
        "work_authorization": "green_card",
        "rate": {"amount_minor": 8500, "currency": "USD", "unit": "hour", "employment_type": "w2"},
        "available_from": "2026-12-01", "years_experience": 6.5,
        "skills": [{"name": "Java", "years": 6.0, "level": "expert"}], "status": "placed",
        "source": "referral", "external_id": "C-9", "linkedin_url": "https://linkedin.com/in/jd",
        "github_url": "https://github.com/jd", "tags": ["hot"]
    });
    let requirement = json!({
        "title": "Dev", "description": "Build", "company_id": "0190a0e0-0000-7000-8000-000000000001",
        "location": {"city": "Dallas"}, "remote_mode": "onsite",
        "required_skills": [{"name": "Java"}], "preferred_skills": [{"name": "Go"}],
        "min_years": 3.0, "max_years": 8.0,
        "rate_budget": {"amount_minor": 9000, "currency": "USD", "unit": "hour"},
        "employment_type": "c2c", "duration_months": 6, "start_date": "2026-12-01", "openings": 2,
        "work_authorizations": ["h1b", "us_citizen"], "status": "on_hold", "source": "email",
        "external_id": "R-1", "external_url": "https://jobs.example/r1", "tags": ["urgent"]
    });
    let company = json!({
        "name": "Acme", "kind": "vendor", "status": "prospect", "website": "https://acme.example",
        "industry": "Retail", "location": {"country": "US"}, "notes": "n", "source": "s",
        "external_id": "A-1", "tags": ["t"]
    });
    let contact = json!({
        "company_id": "0190a0e0-0000-7000-8000-000000000001", "first_name": "Ann",
        "last_name": "Lee", "title": "HM", "email": "ann@acme.example", "phone": "+12145550101",
        "location": {"city": "Dallas", "region": "TX", "country": "US"}, "notes": "n",
        "external_id": "K-1", "tags": ["t"]
    });
    fn check<E: EntityRules + PartialEq + std::fmt::Debug>(kind: EntityKind, v: serde_json::Value) {
        let line = format!("{v}\n");
        let rows = rows(line.as_bytes(), kind);
        let row = rows[0].as_ref().unwrap();
        let via_reader = validate::<E>(row).unwrap();
        let direct: E = parse_entity(v).unwrap();
        assert_eq!(via_reader, direct, "{kind}");
    }
    check::<Candidate>(EntityKind::Candidates, candidate);
    check::<Requirement>(EntityKind::Requirements, requirement);
    check::<Company>(EntityKind::Companies, company);
    check::<Contact>(EntityKind::Contacts, contact);
}

#[test]
fn today_and_day_first_options() {
    let input = "Name,Available From\nJane Doe,ASAP\nJohn Roe,02/03/2026\n";
    let options = ReadOptions {
        today: NaiveDate::from_ymd_opt(2026, 5, 4),
        day_first: true,
        ..ReadOptions::default()
    };
    let r = bulk::read(input.as_bytes(), EntityKind::Candidates, options).unwrap();
    let (good, _) = entities::<Candidate>(r.collect());
    let dates: Vec<String> = good
        .iter()
        .map(|(_, c)| c.available_from.unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2026-05-04", "2026-03-02"]);
    let (_, bad) = entities::<Candidate>(rows(input.as_bytes(), EntityKind::Candidates));
    assert!(bad[0].contains("needs today's date"), "{bad:?}");
}
