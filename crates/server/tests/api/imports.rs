//! Imports over HTTP: multipart upload, background progress, the error report as JSON
//! and CSV (formula cells neutralised), the same file again, retries, and roles.

use std::time::Duration;

use hireloop_domain::auth::Role;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(
    an_upload_imports_in_the_background_and_reports_bad_rows,
    uploads_are_checked_before_anything_is_queued,
    roles_limit_imports_to_what_they_may_create,
);

const CSV: &str = "First Name,Last Name,Email,Pay Rate\n\
Ann,Lee,ann@example.com,$65/hr\n\
=HYPERLINK(\"x\"),Ray,not-an-email,$70/hr\n\
Di,Fox,di@example.com,$80/hr\n";

fn form(kind: &str, body: &str) -> Form {
    Form::new().text("kind", kind.to_owned()).part(
        "file",
        Part::bytes(body.as_bytes().to_vec()).file_name("people.csv"),
    )
}

async fn upload(app: &TestApp, key: &str, form: Form) -> (u16, Value) {
    let r = app
        .client
        .post(format!("{}/v1/imports", app.base))
        .bearer_auth(key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    json_of(r).await
}

/// Polls the import until it leaves the queue.
async fn settled(app: &TestApp, id: &str) -> Value {
    for _ in 0..200 {
        let (_, v) = json_of(app.get(&format!("/v1/imports/{id}")).await).await;
        if v["status"] == "succeeded" || v["status"] == "failed" {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import {id} did not finish");
}

async fn an_upload_imports_in_the_background_and_reports_bad_rows(app: TestApp) {
    let (status, view) = upload(&app, &app.key, form("candidates", CSV)).await;
    assert_eq!(status, 202, "{view}");
    let id = view["id"].as_str().unwrap().to_owned();
    let done = settled(&app, &id).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(done["progress"]["created"], 2);
    assert_eq!(done["progress"]["failed"], 1);

    let (status, errors) = json_of(app.get(&format!("/v1/imports/{id}/errors")).await).await;
    assert_eq!(status, 200);
    assert_eq!(errors["items"][0]["row"], 3, "{errors}");
    assert_eq!(errors["items"][0]["column"], "Email", "{errors}");

    let csv = app
        .get(&format!("/v1/imports/{id}/errors?format=csv"))
        .await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("row,column,field,reason"), "{text}");
    assert!(text.contains("3,Email,email,"), "{text}");

    let (again, earlier) = upload(&app, &app.key, form("candidates", CSV)).await;
    assert_eq!(
        (again, earlier["id"].as_str()),
        (200, Some(id.as_str())),
        "the same file is the same import"
    );

    let (status, _) = json_of(
        app.req(Method::POST, &format!("/v1/imports/{id}/retry"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 409, "only a failed import can be retried");
    let (status, list) = json_of(app.get("/v1/imports").await).await;
    assert_eq!(
        (status, list["items"].as_array().map(Vec::len)),
        (200, Some(1))
    );
    app.finish().await;
}

async fn uploads_are_checked_before_anything_is_queued(app: TestApp) {
    let (status, v) = upload(&app, &app.key, form("spaceships", CSV)).await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("kind")),
        "{v}"
    );
    let no_file = Form::new().text("kind", "candidates");
    let (status, v) = upload(&app, &app.key, no_file).await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("'file' is missing"),
        "{v}"
    );
    let (status, v) = upload(&app, &app.key, form("candidates", "")).await;
    assert_eq!(status, 422, "{v}");
    let bad_mapping =
        form("candidates", CSV).text("mapping", "{\"columns\": {\"Email\": \"shoe_size\"}}");
    let (status, v) = upload(&app, &app.key, bad_mapping).await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("mapping")),
        "{v}"
    );
    let r = app
        .post("/v1/imports", serde_json::json!({"kind": "candidates"}))
        .await;
    assert_eq!(r.status().as_u16(), 415);
    let (status, _) = json_of(
        app.get("/v1/imports/01a20146-3947-71ae-844c-477c9bafc98e")
            .await,
    )
    .await;
    assert_eq!(status, 404);
    app.finish().await;
}

async fn roles_limit_imports_to_what_they_may_create(app: TestApp) {
    let analyst = app.key_with(Role::Analyst).await;
    let (status, v) = upload(&app, &analyst, form("candidates", CSV)).await;
    assert_eq!(status, 403, "{v}");
    let other = app.other_tenant("other").await;
    let (_, view) = upload(&app, &app.key, form("candidates", CSV)).await;
    let r = app
        .anon(
            Method::GET,
            &format!("/v1/imports/{}", view["id"].as_str().unwrap()),
        )
        .bearer_auth(other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404, "another tenant cannot see it");
    app.finish().await;
}
