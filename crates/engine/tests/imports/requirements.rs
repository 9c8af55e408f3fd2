//! Requirements from pasted text, `.eml` files, the inbox folder and job-board files,
//! on both engines.

use hireloop_store::on_both_engines;
use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use chrono::NaiveDate;
use hireloop_domain::entities::Requirement;
use hireloop_engine::imports::{FromRequirementError, ImportRequest, RequirementMatch, worker};
use hireloop_engine::inbox::{InboxConfig, poll_inbox, run_inbox};
use hireloop_engine::records::Records;
use hireloop_ingest::bulk::{EntityKind, Format};
use hireloop_store::testing::TestDb;
use hireloop_store::{Entity, ListQuery};
use serde_json::{Value, json};

use crate::super_helpers::{Ctx, ctx};

on_both_engines!(
    pasted_text_becomes_a_requirement_and_again_updates_it,
    a_text_without_a_title_names_the_field,
    the_same_email_twice_is_one_requirement_with_its_files,
    an_email_without_a_body_is_refused_by_name,
    a_role_that_may_not_update_is_refused,
    a_posting_url_is_the_identity,
    a_job_description_file_is_kept_and_linked,
    board_files_import_as_requirements_and_upsert,
    a_board_file_of_unknown_shape_names_the_formats,
    the_inbox_turns_emails_into_requirements,
);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

const JD: &str = "Job Title: Senior Java Developer\n\
Client: Globex Bank\n\
Location: Dallas, TX\n\
Duration: 12 months\n\
Rate: $70/hr C2C\n\
Experience: 8+ years\n\
\n\
Required skills: Java, Kubernetes\n\
Nice to have: React\n\
\n\
We need a senior Java developer to build trading APIs on Kubernetes for a large bank. \
You will own services end to end, from design to production support.\n";

const NO_TITLE: &str = "Hello,\nplease send me your availability for a call tomorrow, and your \
rate expectations if you have any. We can talk about the next steps then. Regards";

fn email(message_id: &str, body: &str) -> String {
    format!(
        "From: Ana Vendor <ana@vendor.example>\r\n\
To: desk@acme.example\r\n\
Subject: Req: Senior Java Developer - Dallas, TX\r\n\
Date: Mon, 16 Nov 2026 09:00:00 -0600\r\n\
Message-ID: <{message_id}@vendor.example>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"XX\"\r\n\
\r\n\
--XX\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
{body}\r\n\
--XX\r\n\
Content-Type: text/plain; name=\"jd.txt\"\r\n\
Content-Disposition: attachment; filename=\"jd.txt\"\r\n\
\r\n\
Senior Java Developer. Java, Kubernetes and React; 8+ years.\r\n\
--XX--\r\n"
    )
}

const NO_BODY: &str = "From: Ana Vendor <ana@vendor.example>\r\n\
To: desk@acme.example\r\n\
Subject: hello\r\n\
Date: Mon, 16 Nov 2026 09:00:00 -0600\r\n\
Message-ID: <empty@vendor.example>\r\n\
\r\n";

async fn requirements(c: &Ctx) -> Vec<(uuid::Uuid, Value)> {
    let page =
        c.db.store
            .list(
                &c.scope,
                Entity::Requirement,
                &ListQuery {
                    limit: 100,
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap();
    page.items
        .iter()
        .map(|r| (r.id, serde_json::from_str(&r.data).unwrap()))
        .collect()
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn pasted_text_becomes_a_requirement_and_again_updates_it(db: TestDb) {
    let c = ctx(db).await;
    let first = c
        .ingest
        .requirement_from_text(&c.scope, JD.into(), None, today(), true)
        .await
        .unwrap();
    assert!(first.created && first.changed);
    assert_eq!(first.matched_by, RequirementMatch::New);
    let rec: Value = serde_json::from_str(&first.requirement.data).unwrap();
    assert_eq!(rec["title"], "Senior Java Developer", "{rec}");
    assert_eq!(rec["source"], "text");
    assert!(
        rec["external_id"].as_str().unwrap().starts_with("sha256:"),
        "{rec}"
    );
    assert!(
        names(&rec, "required_skills").contains(&"Java".to_string()),
        "{rec}"
    );
    assert_eq!(rec["min_years"], 8.0, "{rec}");
    assert!(
        rec["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("client:Globex Bank")),
        "the client stays a tag; no company is made: {rec}"
    );
    assert_eq!(first.documents.len(), 1);
    assert_eq!(first.documents[0].role, "job_description");

    // A person edits the title and drops a field; the same text again fills the gap
    // and keeps the edit.
    let records = Records::new(c.db.store.clone());
    records
        .patch::<Requirement>(
            &c.scope,
            first.requirement.id,
            &json!({"title": "Lead Java Engineer", "duration_months": null}),
            None,
        )
        .await
        .unwrap();
    let again = c
        .ingest
        .requirement_from_text(&c.scope, JD.into(), None, today(), true)
        .await
        .unwrap();
    assert!(!again.created && again.changed);
    assert_eq!(again.matched_by, RequirementMatch::ExternalId);
    assert_eq!(again.requirement.id, first.requirement.id);
    let rec: Value = serde_json::from_str(&again.requirement.data).unwrap();
    assert_eq!(rec["title"], "Lead Java Engineer");
    assert_eq!(rec["duration_months"], 12);

    let third = c
        .ingest
        .requirement_from_text(&c.scope, JD.into(), None, today(), true)
        .await
        .unwrap();
    assert!(
        !third.created && !third.changed,
        "nothing new the third time"
    );
    assert_eq!(requirements(&c).await.len(), 1);
    c.db.cleanup().await;
}

async fn a_text_without_a_title_names_the_field(db: TestDb) {
    let c = ctx(db).await;
    let err = c
        .ingest
        .requirement_from_text(&c.scope, NO_TITLE.into(), None, today(), true)
        .await
        .unwrap_err();
    let FromRequirementError::Invalid(errors) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(errors.0[0].path, "title", "{err}");
    assert!(err.to_string().contains("the text"), "{err}");
    // The caller can give the title.
    let out = c
        .ingest
        .requirement_from_text(
            &c.scope,
            NO_TITLE.into(),
            Some(json!({"title": "Recruiter call"})),
            today(),
            true,
        )
        .await
        .unwrap();
    assert!(out.created);
    assert!(requirements(&c).await.len() == 1);
    // A company reference must be to a company on file.
    let err = c
        .ingest
        .requirement_from_text(
            &c.scope,
            JD.into(),
            Some(json!({"company_id": "01a20146-3947-71ae-844c-477c9bafc98e"})),
            today(),
            true,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, FromRequirementError::Invalid(e) if e.0[0].path == "company_id"),
        "{err:?}"
    );
    c.db.cleanup().await;
}

async fn the_same_email_twice_is_one_requirement_with_its_files(db: TestDb) {
    let c = ctx(db).await;
    let mail = email("req-1", JD);
    let first = c
        .ingest
        .requirement_from_file(
            &c.scope,
            mail.clone().into_bytes(),
            "req.eml".into(),
            None,
            today(),
            true,
        )
        .await
        .unwrap();
    assert!(first.created);
    let rec: Value = serde_json::from_str(&first.requirement.data).unwrap();
    assert_eq!(rec["source"], "email");
    let roles: Vec<(&str, &str)> = first
        .documents
        .iter()
        .map(|d| (d.role.as_str(), d.name.as_str()))
        .collect();
    assert_eq!(roles, [("email", "req.eml"), ("attachment", "jd.txt")]);
    assert_eq!(first.documents[0].media_type, "message/rfc822");

    let again = c
        .ingest
        .requirement_from_file(
            &c.scope,
            mail.into_bytes(),
            "req (copy).eml".into(),
            None,
            today(),
            true,
        )
        .await
        .unwrap();
    assert!(!again.created && !again.changed);
    assert_eq!(again.requirement.id, first.requirement.id);
    assert_eq!(again.requirement.version, first.requirement.version);
    assert_eq!(
        again.documents[0].id, first.documents[0].id,
        "one link per file"
    );
    assert_eq!(requirements(&c).await.len(), 1);
    let linked =
        c.db.store
            .documents_of(&c.scope, Entity::Requirement, first.requirement.id)
            .await
            .unwrap();
    assert_eq!(linked.len(), 2);
    c.db.cleanup().await;
}

async fn an_email_without_a_body_is_refused_by_name(db: TestDb) {
    let c = ctx(db).await;
    let err = c
        .ingest
        .requirement_from_file(
            &c.scope,
            NO_BODY.as_bytes().to_vec(),
            "empty.eml".into(),
            None,
            today(),
            true,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, FromRequirementError::Unreadable(_)),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("empty.eml") && msg.contains("no body"),
        "{msg}"
    );
    assert!(requirements(&c).await.is_empty());
    c.db.cleanup().await;
}

async fn a_role_that_may_not_update_is_refused(db: TestDb) {
    let c = ctx(db).await;
    let first = c
        .ingest
        .requirement_from_text(&c.scope, JD.into(), None, today(), false)
        .await
        .unwrap();
    assert!(first.created, "creating needs no update permission");
    let err = c
        .ingest
        .requirement_from_text(&c.scope, JD.into(), None, today(), false)
        .await
        .unwrap_err();
    assert!(
        matches!(err, FromRequirementError::MayNotUpdate(id) if id == first.requirement.id),
        "{err:?}"
    );
    c.db.cleanup().await;
}

async fn a_posting_url_is_the_identity(db: TestDb) {
    let c = ctx(db).await;
    let text = format!("{JD}\nApply: https://boards.greenhouse.io/globex/jobs/77?gh_src=mail\n");
    let out = c
        .ingest
        .requirement_from_text(&c.scope, text, None, today(), true)
        .await
        .unwrap();
    let rec: Value = serde_json::from_str(&out.requirement.data).unwrap();
    assert_eq!(
        rec["external_id"],
        "https://boards.greenhouse.io/globex/jobs/77"
    );
    assert_eq!(
        rec["external_url"],
        "https://boards.greenhouse.io/globex/jobs/77"
    );
    // The same posting, reworded and linked with other tracking, is the same record.
    let reworded = format!(
        "{}\nSee https://boards.greenhouse.io/globex/jobs/77?utm_source=li\n",
        JD.replace("large bank", "big bank")
    );
    let again = c
        .ingest
        .requirement_from_text(&c.scope, reworded, None, today(), true)
        .await
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.requirement.id, out.requirement.id);
    c.db.cleanup().await;
}

async fn a_job_description_file_is_kept_and_linked(db: TestDb) {
    let c = ctx(db).await;
    let html = format!(
        "<html><body><h1>Senior Java Developer</h1><p>{}</p></body></html>",
        JD.replace('\n', "<br>")
    );
    let out = c
        .ingest
        .requirement_from_file(
            &c.scope,
            html.clone().into_bytes(),
            "java-dev.html".into(),
            None,
            today(),
            true,
        )
        .await
        .unwrap();
    assert!(out.created);
    let rec: Value = serde_json::from_str(&out.requirement.data).unwrap();
    assert_eq!(rec["source"], "job_description");
    assert_eq!(rec["title"], "Senior Java Developer", "{rec}");
    assert_eq!(out.documents.len(), 1);
    assert_eq!(
        (
            out.documents[0].role.as_str(),
            out.documents[0].name.as_str()
        ),
        ("job_description", "java-dev.html")
    );
    assert_eq!(out.documents[0].media_type, "text/html");
    let again = c
        .ingest
        .requirement_from_file(
            &c.scope,
            html.into_bytes(),
            "copy.html".into(),
            None,
            today(),
            true,
        )
        .await
        .unwrap();
    assert_eq!(again.requirement.id, out.requirement.id);
    assert!(!again.created);
    c.db.cleanup().await;
}

const BOARD: &str = r#"{"jobs": [
 {"id": 1, "title": "Site Reliability Engineer", "absolute_url": "https://boards.greenhouse.io/acme/jobs/1", "location": {"name": "Denver, CO"}, "content": "&lt;p&gt;5+ years of Kubernetes experience. Java too.&lt;/p&gt;"},
 {"id": 2, "title": "", "absolute_url": "https://boards.greenhouse.io/acme/jobs/2", "location": {"name": "Remote"}, "content": "Anything."},
 {"id": 3, "title": "React Developer", "absolute_url": "https://boards.greenhouse.io/acme/jobs/3?gh_src=li", "location": {"name": "Austin, TX"}, "content": "React and Java, 3+ years."},
 {"id": 4, "title": "SRE (again)", "absolute_url": "https://boards.greenhouse.io/acme/jobs/1?utm_source=x", "location": {"name": "Denver, CO"}, "content": "Same posting."}
], "meta": {"total": 4}}"#;

/// Stores `body` and imports it as requirements with `format`; returns the import.
async fn import_board(c: &Ctx, name: &str, body: &str, format: Option<Format>) -> Value {
    let file = c
        .ingest
        .files()
        .put(Bytes::from(body.to_owned()))
        .await
        .unwrap();
    let (view, _) = c
        .ingest
        .start_import(
            &c.scope,
            ImportRequest {
                kind: EntityKind::Requirements,
                file,
                name: name.into(),
                mapping: None,
                format,
                today: today(),
            },
        )
        .await
        .unwrap();
    worker::drain(&c.ingest, "test-worker").await;
    let id = view.id.parse().unwrap();
    serde_json::to_value(c.ingest.import(&c.scope, id).await.unwrap()).unwrap()
}

async fn board_files_import_as_requirements_and_upsert(db: TestDb) {
    let c = ctx(db).await;
    // Recognised by its shape: no format given.
    let view = import_board(&c, "greenhouse.json", BOARD, None).await;
    assert_eq!(view["status"], "succeeded", "{view}");
    assert_eq!(view["result"]["format"], "greenhouse");
    let p = &view["progress"];
    assert_eq!(
        (
            p["rows"].as_u64(),
            p["created"].as_u64(),
            p["failed"].as_u64()
        ),
        (Some(4), Some(2), Some(2)),
        "{view}"
    );
    assert_eq!(view["percent"], 100);
    let id = view["id"].as_str().unwrap().parse().unwrap();
    let errors = c.ingest.import_errors(&c.scope, id, 0, 100).await.unwrap();
    let rows: Vec<(Option<u64>, &str)> = errors
        .iter()
        .map(|(_, e)| (e.row, e.reason.as_str()))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].0, Some(2));
    assert!(
        rows[0].1.contains("posting 2") && rows[0].1.contains("no title"),
        "{rows:?}"
    );
    assert_eq!(rows[1].0, Some(4));
    assert!(rows[1].1.contains("same posting as row 1"), "{rows:?}");

    let reqs = requirements(&c).await;
    let sre = reqs
        .iter()
        .map(|(_, v)| v)
        .find(|v| v["external_id"] == "https://boards.greenhouse.io/acme/jobs/1")
        .unwrap();
    assert_eq!(sre["title"], "Site Reliability Engineer");
    assert_eq!(sre["source"], "greenhouse");
    assert!(
        names(sre, "required_skills").contains(&"Kubernetes".to_string()),
        "{sre}"
    );
    assert_eq!(sre["min_years"], 5.0, "{sre}");

    // The board changes: the same postings update, by their URLs, and an explicit
    // format is taken.
    let updated = BOARD.replace("\"Site Reliability Engineer\"", "\"Senior SRE\"");
    let view = import_board(&c, "greenhouse.json", &updated, Some(Format::Greenhouse)).await;
    let p = &view["progress"];
    assert_eq!(
        (
            p["created"].as_u64(),
            p["updated"].as_u64(),
            p["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(1)),
        "{view}"
    );
    let reqs = requirements(&c).await;
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().any(|(_, v)| v["title"] == "Senior SRE"));

    // A format that is not the file's is refused by name.
    let view = import_board(
        &c,
        "board.json",
        &updated.replace("Senior SRE", "SRE 3"),
        Some(Format::Lever),
    )
    .await;
    assert_eq!(view["status"], "failed", "{view}");
    let error = view["error"].as_str().unwrap();
    assert!(
        error.contains("board.json") && error.contains("greenhouse"),
        "{error}"
    );
    c.db.cleanup().await;
}

async fn a_board_file_of_unknown_shape_names_the_formats(db: TestDb) {
    let c = ctx(db).await;
    let view = import_board(
        &c,
        "jobs.json",
        r#"{"jobs": [{"name": "SRE", "url": "x"}]}"#,
        None,
    )
    .await;
    assert_eq!(view["status"], "failed", "{view}");
    let error = view["error"].as_str().unwrap();
    for word in ["jobs.json", "Greenhouse", "Lever", "Ashby"] {
        assert!(error.contains(word), "{word} in {error}");
    }
    // Rows of requirements are still rows.
    let view = import_board(
        &c,
        "reqs.json",
        r#"[{"title": "Go Developer", "external_id": "R-1"}]"#,
        None,
    )
    .await;
    assert_eq!(view["status"], "succeeded", "{view}");
    assert_eq!(view["result"]["format"], "json");
    assert_eq!(requirements(&c).await.len(), 1);
    c.db.cleanup().await;
}

/// Waits (generously) until `path` exists.
async fn appears(path: &Path) -> bool {
    for _ in 0..300 {
        if path.exists() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

async fn the_inbox_turns_emails_into_requirements(db: TestDb) {
    let c = ctx(db).await;
    let data = tempfile::tempdir().unwrap();
    let config = InboxConfig {
        poll: Duration::from_millis(200),
        ..InboxConfig::under(data.path())
    };
    let folder = config.tenant_dir("acme");
    std::fs::create_dir_all(&folder).unwrap();
    // Not read: dotfiles, partial downloads, other kinds of file.
    std::fs::write(folder.join(".hidden.eml"), email("h", JD)).unwrap();
    std::fs::write(folder.join("incoming.eml.part"), email("p", JD)).unwrap();
    std::fs::write(folder.join("notes.txt"), JD).unwrap();

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let watcher = tokio::spawn(run_inbox(c.ingest.clone(), config.clone(), stopped));
    // Written elsewhere and renamed in, as mail tools do.
    let tmp = data.path().join("req.eml");
    std::fs::write(&tmp, email("in-1", JD)).unwrap();
    std::fs::rename(&tmp, folder.join("req.eml")).unwrap();
    std::fs::write(folder.join("broken.eml"), NO_BODY).unwrap();

    let done = folder.join("done/req.eml");
    assert!(appears(&done).await, "req.eml reached done/");
    let reason = std::fs::read_to_string(folder.join("done/req.eml.reason.txt")).unwrap();
    let reqs = requirements(&c).await;
    assert_eq!(reqs.len(), 1);
    assert!(
        reason.contains("created") && reason.contains(&reqs[0].0.to_string()),
        "{reason}"
    );
    assert_eq!(reqs[0].1["title"], "Senior Java Developer");

    let failed = folder.join("failed/broken.eml");
    assert!(appears(&failed).await, "broken.eml reached failed/");
    let why = std::fs::read_to_string(folder.join("failed/broken.eml.reason.txt")).unwrap();
    assert!(
        why.contains("broken.eml") && why.contains("no body"),
        "{why}"
    );

    // The same e-mail again updates nothing, and does not overwrite the first in done/.
    std::fs::write(&tmp, email("in-1", JD)).unwrap();
    std::fs::rename(&tmp, folder.join("req.eml")).unwrap();
    let second = folder.join("done/req-1.eml");
    assert!(
        appears(&second).await,
        "the second req.eml got its own name"
    );
    let reason = std::fs::read_to_string(folder.join("done/req-1.eml.reason.txt")).unwrap();
    assert!(reason.contains("unchanged"), "{reason}");
    assert!(done.exists());
    assert_eq!(requirements(&c).await.len(), 1);

    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(30), watcher)
        .await
        .expect("the watcher stops when told")
        .unwrap();
    for left in [".hidden.eml", "incoming.eml.part", "notes.txt"] {
        assert!(folder.join(left).exists(), "{left} was left alone");
    }

    // A folder that names no tenant is left alone too.
    let stray = config.tenant_dir("nobody");
    std::fs::create_dir_all(&stray).unwrap();
    let file = stray.join("x.eml");
    std::fs::write(&file, email("x", JD)).unwrap();
    let settle = InboxConfig {
        settle: Duration::ZERO,
        ..config
    };
    let handled = poll_inbox(&c.ingest, &settle, &mut HashSet::new())
        .await
        .unwrap();
    assert!(handled.is_empty() && file.exists());
    c.db.cleanup().await;
}
