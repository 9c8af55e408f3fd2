//! Requirements that are stored, not just parsed: `POST /v1/requirements/from-text` and
//! `/from-file` (201 new, 200 the same posting again), job-board files through
//! `POST /v1/imports`, and the inbox folder the server watches.

use std::time::Duration;

use hireloop_domain::auth::Role;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(
    text_makes_a_requirement_and_the_same_text_updates_it,
    text_without_a_title_is_a_422_naming_the_field,
    the_same_email_twice_is_one_requirement,
    an_email_without_a_body_is_a_422_naming_the_file,
    only_roles_that_create_requirements_may_send_them,
    board_files_import_through_imports,
    the_inbox_turns_emails_into_requirements,
);

const JD: &str = "Job Title: Senior Java Developer\nClient: Globex Bank\nLocation: Dallas, TX\n\
Rate: $70/hr C2C\nExperience: 8+ years\n\nRequired skills: Java, Kubernetes\n\n\
We need a senior Java developer to build trading APIs on Kubernetes for a large bank. \
You will own services end to end, from design to production support.\n";

fn email(body: &str) -> Vec<u8> {
    format!(
        "From: Ana Vendor <ana@vendor.example>\r\nTo: desk@acme.example\r\n\
Subject: Req: Senior Java Developer - Dallas, TX\r\nDate: Mon, 16 Nov 2026 09:00:00 -0600\r\n\
Message-ID: <r1@vendor.example>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n--XX\r\n\
Content-Type: application/pdf; name=\"jd.pdf\"\r\n\
Content-Disposition: attachment; filename=\"jd.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
JVBERi0xLjQKZ2FyYmFnZQo=\r\n--XX--\r\n"
    )
    .into_bytes()
}

const NO_BODY: &str = "From: Ana Vendor <ana@vendor.example>\r\nTo: desk@acme.example\r\n\
Subject: hello\r\nDate: Mon, 16 Nov 2026 09:00:00 -0600\r\nMessage-ID: <e@vendor.example>\r\n\r\n";

async fn from_file(
    app: &TestApp,
    name: &str,
    bytes: Vec<u8>,
    fields: Option<Value>,
) -> (u16, Value) {
    let mut form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    if let Some(f) = fields {
        form = form.text("requirement", f.to_string());
    }
    let r = app
        .client
        .post(format!("{}/v1/requirements/from-file", app.base))
        .bearer_auth(&app.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    json_of(r).await
}

async fn count(app: &TestApp) -> usize {
    let (_, list) = json_of(app.get("/v1/requirements").await).await;
    list["items"].as_array().map(Vec::len).unwrap_or_default()
}

async fn text_makes_a_requirement_and_the_same_text_updates_it(app: TestApp) {
    let r = app
        .req(Method::POST, "/v1/requirements/from-text")
        .header("Idempotency-Key", "k-1")
        .json(&json!({"text": JD, "requirement": {"openings": 2}}))
        .send()
        .await
        .unwrap();
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let (status, v) = json_of(r).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(
        (v["created"].as_bool(), v["changed"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(v["matched_by"], "new");
    assert_eq!(v["requirement"]["title"], "Senior Java Developer", "{v}");
    assert_eq!(v["requirement"]["openings"], 2, "the override is applied");
    assert_eq!(v["documents"][0]["role"], "job_description");
    assert!(
        v["review"].is_array() && v["parse"]["parse"]["title"].is_object(),
        "{v}"
    );
    let id = v["requirement"]["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/v1/requirements/{id}"));
    let (status, shown) = json_of(app.get(&location).await).await;
    assert_eq!(status, 200);
    assert_eq!(
        shown, v["requirement"],
        "the body shows the record as GET does"
    );

    // A retry with the key replays; the same text without one is the same record.
    let r = app
        .req(Method::POST, "/v1/requirements/from-text")
        .header("Idempotency-Key", "k-1")
        .json(&json!({"text": JD, "requirement": {"openings": 2}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    assert_eq!(r.status().as_u16(), 201);
    let (status, again) = json_of(
        app.post("/v1/requirements/from-text", json!({"text": JD}))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["requirement"]["id"], id.as_str());
    assert_eq!(
        (again["created"].as_bool(), again["changed"].as_bool()),
        (Some(false), Some(false))
    );
    assert_eq!(again["matched_by"], "external_id");
    assert_eq!(
        again["requirement"]["openings"], 2,
        "a person's value is kept"
    );
    assert_eq!(count(&app).await, 1);

    let (status, v) = json_of(
        app.post(
            "/v1/requirements/from-text",
            json!({"text": JD, "extra": 1}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("extra")),
        "{v}"
    );
    let (status, v) = json_of(
        app.post(
            "/v1/requirements/from-text",
            json!({"text": JD, "requirement": [1]}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("requirement")),
        "{v}"
    );
    app.finish().await;
}

async fn text_without_a_title_is_a_422_naming_the_field(app: TestApp) {
    let text = "Hello,\nplease send me your availability for a call tomorrow, and your rate \
                expectations if you have any. We can talk about the next steps then. Regards";
    let (status, v) = json_of(
        app.post("/v1/requirements/from-text", json!({"text": text}))
            .await,
    )
    .await;
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["code"], "validation_failed", "{v}");
    assert_eq!(v["details"][0]["path"], "title", "{v}");
    assert!(v["message"].as_str().unwrap().contains("the text"), "{v}");
    let (status, v) = json_of(
        app.post("/v1/requirements/from-text", json!({"text": "  "}))
            .await,
    )
    .await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("text")),
        "{v}"
    );
    assert_eq!(count(&app).await, 0);
    app.finish().await;
}

async fn the_same_email_twice_is_one_requirement(app: TestApp) {
    let (status, v) = from_file(&app, "req.eml", email(JD), None).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["requirement"]["source"], "email");
    let roles: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["email", "attachment"], "{v}");
    let id = v["requirement"]["id"].as_str().unwrap().to_owned();
    let (status, again) = from_file(&app, "req.eml", email(JD), None).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["requirement"]["id"], id.as_str());
    assert_eq!(again["created"], false);
    assert_eq!(count(&app).await, 1);
    let (status, docs) = json_of(app.get(&format!("/v1/requirements/{id}/documents")).await).await;
    assert_eq!(status, 200, "{docs}");
    assert_eq!(docs["items"].as_array().map(Vec::len), Some(2), "{docs}");
    app.finish().await;
}

async fn an_email_without_a_body_is_a_422_naming_the_file(app: TestApp) {
    let (status, v) = from_file(&app, "broken.eml", NO_BODY.as_bytes().to_vec(), None).await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("file")),
        "{v}"
    );
    let msg = v["message"].as_str().unwrap();
    assert!(
        msg.contains("broken.eml") && msg.contains("no body"),
        "{msg}"
    );
    let (status, v) = from_file(&app, "x.eml", Vec::new(), None).await;
    assert_eq!(status, 422, "{v}");
    let (status, v) = from_file(&app, "req.eml", email(JD), Some(json!("nope"))).await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("requirement")),
        "{v}"
    );
    assert_eq!(count(&app).await, 0);
    app.finish().await;
}

async fn only_roles_that_create_requirements_may_send_them(app: TestApp) {
    let reader = app.key_with(Role::ReadOnly).await;
    let r = app
        .client
        .post(format!("{}/v1/requirements/from-text", app.base))
        .bearer_auth(&reader)
        .json(&json!({"text": JD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let sales = app.key_with(Role::Sales).await;
    let r = app
        .client
        .post(format!("{}/v1/requirements/from-text", app.base))
        .bearer_auth(&sales)
        .json(&json!({"text": JD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    app.finish().await;
}

const BOARD: &str = r#"[
 {"id": "a1", "text": "Go Engineer", "categories": {"location": "Austin, TX", "commitment": "Full-time"}, "hostedUrl": "https://jobs.lever.co/acme/a1", "descriptionPlain": "Go and Kubernetes, 4+ years of Go experience."},
 {"id": "a2", "text": "", "categories": {"location": "Remote"}, "hostedUrl": "https://jobs.lever.co/acme/a2", "descriptionPlain": "No title."}
]"#;

async fn import(app: &TestApp, kind: &str, format: Option<&str>, body: &str) -> (u16, Value) {
    let mut form = Form::new().text("kind", kind.to_owned()).part(
        "file",
        Part::bytes(body.as_bytes().to_vec()).file_name("board.json"),
    );
    if let Some(f) = format {
        form = form.text("format", f.to_owned());
    }
    let r = app
        .client
        .post(format!("{}/v1/imports", app.base))
        .bearer_auth(&app.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    json_of(r).await
}

async fn settled(app: &TestApp, id: &str) -> Value {
    for _ in 0..400 {
        let (_, v) = json_of(app.get(&format!("/v1/imports/{id}")).await).await;
        if v["status"] == "succeeded" || v["status"] == "failed" {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import {id} did not finish");
}

async fn board_files_import_through_imports(app: TestApp) {
    let (status, view) = import(&app, "requirements", None, BOARD).await;
    assert_eq!(status, 202, "{view}");
    let id = view["id"].as_str().unwrap().to_owned();
    let done = settled(&app, &id).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(done["result"]["format"], "lever");
    assert_eq!(
        (
            done["progress"]["created"].as_u64(),
            done["progress"]["failed"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let (_, errors) = json_of(app.get(&format!("/v1/imports/{id}/errors")).await).await;
    assert_eq!(errors["items"][0]["row"], 2, "{errors}");
    let (_, list) = json_of(app.get("/v1/requirements").await).await;
    let req = &list["items"][0];
    assert_eq!(
        req["external_id"], "https://jobs.lever.co/acme/a1",
        "{list}"
    );
    assert_eq!(req["source"], "lever");
    assert_eq!(req["employment_type"], "fte", "{req}");

    // Board formats are for requirements, and a board of unknown shape is named.
    let (status, v) = import(&app, "candidates", Some("lever"), BOARD).await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("format")),
        "{v}"
    );
    let (status, v) = import(&app, "requirements", Some("workday"), BOARD).await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("greenhouse, lever or ashby"),
        "{v}"
    );
    let (status, view) = import(&app, "requirements", None, r#"{"jobs": [{"name": "x"}]}"#).await;
    assert_eq!(status, 202, "{view}");
    let done = settled(&app, view["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "failed", "{done}");
    let error = done["error"].as_str().unwrap();
    assert!(
        error.contains("board.json") && error.contains("Greenhouse") && error.contains("Ashby"),
        "{error}"
    );
    app.finish().await;
}

async fn the_inbox_turns_emails_into_requirements(app: TestApp) {
    let folder = app.inbox.join("acme");
    std::fs::create_dir_all(&folder).unwrap();
    let tmp = app.inbox.join("incoming.tmp");
    std::fs::write(&tmp, email(JD)).unwrap();
    std::fs::rename(&tmp, folder.join("req.eml")).unwrap();
    std::fs::write(folder.join("broken.eml"), NO_BODY).unwrap();
    let mut seen = 0;
    for _ in 0..300 {
        seen = count(&app).await;
        // The record is created before its file is moved: wait for both moves.
        if seen == 1
            && folder.join("done/req.eml").exists()
            && folder.join("failed/broken.eml").exists()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(seen, 1, "the e-mail became a requirement");
    assert!(folder.join("done/req.eml").exists());
    let (_, list) = json_of(app.get("/v1/requirements").await).await;
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let reason = std::fs::read_to_string(folder.join("done/req.eml.reason.txt")).unwrap();
    assert!(reason.contains(&id), "{reason}");
    let why = std::fs::read_to_string(folder.join("failed/broken.eml.reason.txt")).unwrap();
    assert!(why.contains("broken.eml"), "{why}");
    app.finish().await;
}
