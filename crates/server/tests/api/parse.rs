//! `POST /v1/candidates/parse`: a resume file in, fields with confidence out, nothing
//! stored; damaged or non-document files are 422s naming the file.

use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(
    a_resume_parses_without_storing_anything,
    bad_files_are_named,
    requirements_parse_from_text_and_email,
);

const RESUME: &str = "Jane Doe\njane.doe@example.com | (214) 555-0134 | Dallas, TX\n\n\
SKILLS\nJava, React, Kubernetes\n\nEXPERIENCE\nSenior Java Developer\nAcme Corp\n\
Jan 2019 - Present\n\nEDUCATION\nB.S. Computer Science, University of Texas, 2012\n";

async fn send(app: &TestApp, name: &str, bytes: Vec<u8>) -> (u16, Value) {
    upload(app, "/v1/candidates/parse", name, bytes).await
}

/// Posts `bytes` as the multipart `file` field named `name` to `path`.
async fn upload(app: &TestApp, path: &str, name: &str, bytes: Vec<u8>) -> (u16, Value) {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    let r = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(&app.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    json_of(r).await
}

async fn a_resume_parses_without_storing_anything(app: TestApp) {
    let (status, v) = send(&app, "jane.txt", RESUME.as_bytes().to_vec()).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["parse"]["name"]["value"], "Jane Doe", "{v}");
    assert_eq!(v["parse"]["email"]["value"], "jane.doe@example.com", "{v}");
    assert!(v["parse"]["name"]["confidence"].as_f64().unwrap() > 0.5);
    let skills: Vec<&str> = v["skills"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        skills.contains(&"Java") && skills.contains(&"Kubernetes"),
        "{skills:?}"
    );
    assert_eq!(v["candidate"]["first_name"], "Jane");
    assert_eq!(v["document"]["kind"], "text");
    let (_, list) = json_of(app.get("/v1/candidates").await).await;
    assert_eq!(
        list["items"].as_array().map(Vec::len),
        Some(0),
        "nothing is stored"
    );
    app.finish().await;
}

async fn bad_files_are_named(app: TestApp) {
    let (status, v) = send(&app, "cv.pdf", b"%PDF-1.7\n garbage".to_vec()).await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("file")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("cv.pdf"), "{v}");
    let (status, v) = send(&app, "empty.docx", Vec::new()).await;
    assert_eq!(status, 422, "{v}");
    let r = app
        .post("/v1/candidates/parse", serde_json::json!({}))
        .await;
    assert_eq!(r.status().as_u16(), 415);
    app.finish().await;
}

const VENDOR_MAIL: &str = "From: Raj <raj@vendor.example>\r\nTo: desk@acme.example\r\n\
Subject: Need: Java Developer - Dallas, TX\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\n\
Role: Java Developer\r\nLocation: Dallas, TX\r\nDuration: 12 months\r\n\
Rate: $70/hr on C2C\r\nVisa: USC/GC only\r\nMust have skills: Java, Kubernetes\r\n";

async fn requirements_parse_from_text_and_email(app: TestApp) {
    let text =
        "Role: Java Developer\nLocation: Dallas, TX\nRate: $70/hr on C2C\nMust have: Java, React";
    let (status, v) = json_of(
        app.post("/v1/requirements/parse", serde_json::json!({"text": text}))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["parse"]["title"]["value"], "Java Developer", "{v}");
    assert_eq!(v["requirement"]["title"], "Java Developer");
    assert_eq!(v["source"]["kind"], "text");

    let (status, v) = upload(
        &app,
        "/v1/requirements/parse",
        "req.eml",
        VENDOR_MAIL.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["source"]["kind"], "email");
    assert_eq!(v["requirement"]["title"], "Java Developer", "{v}");

    let empty_mail = "From: a@b.example\r\nSubject: hi\r\nMIME-Version: 1.0\r\n\r\n";
    let (status, v) = upload(
        &app,
        "/v1/requirements/parse",
        "empty.eml",
        empty_mail.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("file")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("empty.eml"), "{v}");

    let (status, v) = json_of(
        app.post("/v1/requirements/parse", serde_json::json!({"text": " "}))
            .await,
    )
    .await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("text")),
        "{v}"
    );
    let r = app
        .req(reqwest::Method::POST, "/v1/requirements/parse")
        .header("content-type", "text/plain")
        .body("Role: Java")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 415);
    let (_, list) = json_of(app.get("/v1/requirements").await).await;
    assert_eq!(
        list["items"].as_array().map(Vec::len),
        Some(0),
        "nothing is stored"
    );
    app.finish().await;
}
