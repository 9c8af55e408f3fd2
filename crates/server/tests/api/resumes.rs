//! `POST /v1/candidates/from-resume`: a resume makes a candidate or brings the one it
//! belongs to up to date; the file is kept, linked, listed and downloadable.

use hireloop_domain::auth::Role;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(
    a_resume_makes_a_candidate_with_its_file,
    the_same_person_is_updated_not_duplicated,
    a_named_candidate_is_updated,
    a_resume_without_a_name_asks_for_one,
    documents_stay_in_their_tenant_and_role,
    a_look_alike_is_suggested_not_merged,
);

const RESUME: &str = "Jane Doe\njane.doe@example.com | Dallas, TX\n\n\
SKILLS\nJava, React\n\nEXPERIENCE\nSenior Java Developer\nAcme Corp\n\
Jan 2019 - Present\n\nEDUCATION\nB.S. Computer Science, University of Texas, 2012\n";

/// A later resume of the same person: same e-mail, a phone, a new skill, an older job.
const RESUME_V2: &str = "Jane Doe\njane.doe@example.com | (214) 555-0134 | Dallas, TX\n\n\
SKILLS\nJava, Kubernetes\n\nEXPERIENCE\nLead Engineer\nAcme Corp\nJan 2019 - Present\n\n\
Java Developer\nGlobex Inc\nJun 2014 - Dec 2018\n";

async fn upload(app: &TestApp, name: &str, bytes: &[u8], extra: &[(&str, String)]) -> (u16, Value) {
    upload_as(app, &app.key, name, bytes, extra).await
}

async fn upload_as(
    app: &TestApp,
    key: &str,
    name: &str,
    bytes: &[u8],
    extra: &[(&str, String)],
) -> (u16, Value) {
    let mut form = Form::new().part(
        "file",
        Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    for (k, v) in extra {
        form = form.text(k.to_string(), v.clone());
    }
    let r = app
        .client
        .post(format!("{}/v1/candidates/from-resume", app.base))
        .bearer_auth(key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    json_of(r).await
}

async fn count_candidates(app: &TestApp) -> usize {
    let (_, list) = json_of(app.get("/v1/candidates").await).await;
    list["items"].as_array().map_or(0, Vec::len)
}

async fn a_resume_makes_a_candidate_with_its_file(app: TestApp) {
    let (status, v) = upload(&app, "jane doe.txt", RESUME.as_bytes(), &[]).await;
    assert_eq!(status, 201, "{v}");
    let c = &v["candidate"];
    assert_eq!(
        (c["first_name"].as_str(), c["last_name"].as_str()),
        (Some("Jane"), Some("Doe"))
    );
    assert_eq!(c["email"], "jane.doe@example.com");
    assert_eq!(c["source"], "resume");
    assert_eq!(
        c["experience"][0],
        json!({"employer": "Acme Corp", "title": "Senior Java Developer", "start": "2019-01", "current": true}),
        "{c}"
    );
    assert_eq!(c["education"][0]["year"], 2012, "{c}");
    // The gazetteer completes the place: country, map point, time zone.
    assert_eq!(c["location"]["country"], "US", "{c}");
    assert_eq!(c["location"]["timezone"], "America/Chicago", "{c}");
    assert!(
        (c["location"]["lat"].as_f64().unwrap() - 32.783).abs() < 0.01,
        "{c}"
    );
    assert_eq!(
        (v["created"].as_bool(), v["matched_by"].as_str()),
        (Some(true), Some("new"))
    );
    assert!(v["parse"]["parse"]["name"]["confidence"].as_f64().unwrap() > 0.5);
    let id = c["id"].as_str().unwrap().to_owned();

    // The candidate reads back as created, and lists the file.
    let (status, got) = json_of(app.get(&format!("/v1/candidates/{id}")).await).await;
    assert_eq!((status, &got["experience"]), (200, &c["experience"]));
    let (status, docs) = json_of(app.get(&format!("/v1/candidates/{id}/documents")).await).await;
    assert_eq!(status, 200, "{docs}");
    let items = docs["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{docs}");
    assert_eq!(items[0]["role"], "resume");
    assert_eq!(items[0]["name"], "jane doe.txt");
    assert_eq!(items[0]["media_type"], "text/plain");
    assert_eq!(items[0]["size"], RESUME.len());
    assert_eq!(items[0]["id"], v["document"]["id"]);

    // The bytes come back as they went in, as an attachment.
    let doc = items[0]["id"].as_str().unwrap();
    let r = app.get(&format!("/v1/documents/{doc}/content")).await;
    assert_eq!(r.status().as_u16(), 200);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("jane%20doe.txt"), "{disposition}");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.bytes().await.unwrap().as_ref(), RESUME.as_bytes());

    // The audit trail names the link.
    let (_, audit) = json_of(app.get("/v1/audit/logs?entity=candidate").await).await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"candidate.document_added"), "{actions:?}");
    app.finish().await;
}

async fn the_same_person_is_updated_not_duplicated(app: TestApp) {
    let (_, first) = upload(&app, "jane.txt", RESUME.as_bytes(), &[]).await;
    let id = first["candidate"]["id"].clone();

    // The same file again: nothing changes, nothing is added.
    let (status, again) = upload(&app, "jane-copy.txt", RESUME.as_bytes(), &[]).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(
        (
            &again["candidate"]["id"],
            again["matched_by"].as_str(),
            again["changed"].as_bool()
        ),
        (&id, Some("same_file"), Some(false))
    );

    // A newer resume with the same e-mail fills gaps and adds what is new, and keeps
    // what was there (the headline a recruiter may have set).
    let (status, v2) = upload(&app, "jane-2026.txt", RESUME_V2.as_bytes(), &[]).await;
    assert_eq!(status, 200, "{v2}");
    assert_eq!(
        (&v2["candidate"]["id"], v2["matched_by"].as_str()),
        (&id, Some("email"))
    );
    let c = &v2["candidate"];
    assert_eq!(c["version"], 2, "{c}");
    assert_eq!(c["headline"], first["candidate"]["headline"]);
    assert!(
        c["phone"]
            .as_str()
            .is_some_and(|p| p.ends_with("2145550134")),
        "{c}"
    );
    let skills: Vec<&str> = c["skills"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(skills, ["Java", "React", "Kubernetes"], "{c}");
    let employers: Vec<&str> = c["experience"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["employer"].as_str())
        .collect();
    assert_eq!(employers, ["Acme Corp", "Globex Inc"], "{c}");
    assert_eq!(count_candidates(&app).await, 1);
    let id = id.as_str().unwrap();
    let (_, docs) = json_of(app.get(&format!("/v1/candidates/{id}/documents")).await).await;
    assert_eq!(docs["items"].as_array().map(Vec::len), Some(2), "{docs}");
    // The update is in the record's history.
    let (_, revs) = json_of(app.get(&format!("/v1/candidates/{id}/revisions")).await).await;
    assert_eq!(revs["items"].as_array().map(Vec::len), Some(2), "{revs}");
    app.finish().await;
}

async fn a_named_candidate_is_updated(app: TestApp) {
    let (_, made) = json_of(
        app.post(
            "/v1/candidates",
            json!({"first_name": "Janet", "last_name": "Doe-Smith"}),
        )
        .await,
    )
    .await;
    let id = made["id"].as_str().unwrap().to_owned();
    let (status, v) = upload(
        &app,
        "jane.txt",
        RESUME.as_bytes(),
        &[("candidate_id", id.clone())],
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["candidate"]["id"].as_str(), v["matched_by"].as_str()),
        (Some(id.as_str()), Some("requested"))
    );
    // The name on file stays; the resume's e-mail fills the gap.
    assert_eq!(v["candidate"]["first_name"], "Janet");
    assert_eq!(v["candidate"]["email"], "jane.doe@example.com");

    let missing = "0190a0a0-0000-7000-8000-000000000000";
    let (status, v) = upload(
        &app,
        "jane.txt",
        RESUME.as_bytes(),
        &[("candidate_id", missing.into())],
    )
    .await;
    assert_eq!(status, 404, "{v}");
    let (status, v) = upload(
        &app,
        "jane.txt",
        RESUME.as_bytes(),
        &[("candidate_id", "nope".into())],
    )
    .await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("candidate_id")),
        "{v}"
    );
    let (status, v) = upload(
        &app,
        "jane.txt",
        RESUME.as_bytes(),
        &[("candidate", "[1]".into())],
    )
    .await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("candidate")),
        "{v}"
    );
    app.finish().await;
}

async fn a_resume_without_a_name_asks_for_one(app: TestApp) {
    let text = b"SKILLS\nJava, React\n\nEXPERIENCE\nDeveloper\nAcme Corp\n2019 - 2021\n";
    let (status, v) = upload(&app, "unnamed.txt", text, &[]).await;
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["details"][0]["path"], "first_name", "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("unnamed.txt"),
        "{v}"
    );
    assert_eq!(count_candidates(&app).await, 0);
    // Given the name, the same file makes a candidate.
    let (status, v) = upload(
        &app,
        "unnamed.txt",
        text,
        &[(
            "candidate",
            json!({"first_name": "Sam", "last_name": "Lee"}).to_string(),
        )],
    )
    .await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["candidate"]["first_name"], "Sam");
    assert_eq!(v["candidate"]["skills"][0]["name"], "Java");
    // A name only guessed (here from the e-mail address) is confirmed before a record
    // is made under it.
    let guessed =
        b"jane.doe@example.com\n\nSKILLS\nJava\n\nEXPERIENCE\nDeveloper\nAcme Corp\n2019 - 2021\n";
    let (status, v) = upload(&app, "guess.txt", guessed, &[]).await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("first_name")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("Jane Doe"), "{v}");
    let (status, v) = upload(
        &app,
        "guess.txt",
        guessed,
        &[(
            "candidate",
            json!({"first_name": "Jane", "last_name": "Doe"}).to_string(),
        )],
    )
    .await;
    assert_eq!(status, 201, "{v}");
    // A file that is no resume at all names the file.
    let (status, v) = upload(&app, "cv.pdf", b"%PDF-1.7\n garbage", &[]).await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("file")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("cv.pdf"), "{v}");
    app.finish().await;
}

async fn documents_stay_in_their_tenant_and_role(app: TestApp) {
    let (_, v) = upload(&app, "jane.txt", RESUME.as_bytes(), &[]).await;
    let doc = v["document"]["id"].as_str().unwrap().to_owned();
    let id = v["candidate"]["id"].as_str().unwrap().to_owned();
    let other = app.other_tenant("globex").await;
    for path in [
        format!("/v1/documents/{doc}"),
        format!("/v1/documents/{doc}/content"),
        format!("/v1/candidates/{id}/documents"),
    ] {
        let r = app
            .client
            .get(format!("{}{path}", app.base))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 404, "{path}");
    }
    // Read-only users read documents but cannot upload.
    let reader = app.key_with(Role::ReadOnly).await;
    let r = app
        .anon(Method::GET, &format!("/v1/documents/{doc}"))
        .bearer_auth(&reader)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (status, _) = upload_as(&app, &reader, "jane.txt", RESUME.as_bytes(), &[]).await;
    assert_eq!(status, 403);
    let (status, _) = json_of(app.get("/v1/documents/not-an-id").await).await;
    assert_eq!(status, 404);
    app.finish().await;
}

async fn a_look_alike_is_suggested_not_merged(app: TestApp) {
    // Someone on file with the same name, city and title but another e-mail.
    let (status, _) = json_of(
        app.post(
            "/v1/candidates",
            json!({
                "first_name": "Jane", "last_name": "Doe", "email": "jdoe@other.example",
                "headline": "Senior Java Developer",
                "location": {"city": "Dallas", "region": "TX", "country": "US"},
                "skills": [{"name": "Java"}, {"name": "React"}],
            }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201);
    let (status, v) = upload(&app, "jane.txt", RESUME.as_bytes(), &[]).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["matched_by"], "new");
    assert_eq!(v["suggested_merges"], 1, "{v}");
    assert_eq!(count_candidates(&app).await, 2);
    app.finish().await;
}
