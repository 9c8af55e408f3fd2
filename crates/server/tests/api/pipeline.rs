//! The pipeline through the API: a submission from draft to placed with its timeline
//! and outcome, refused moves as 422s naming the field, stale writes as 412s,
//! blacklists that stop submissions, activities as a timeline, and roles.

use hireloop_domain::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{TestApp, assert_error_shape, json_of, on_both_engines};

on_both_engines!(
    a_submission_moves_from_draft_to_placed_with_its_timeline_and_outcome,
    refused_moves_are_422s_naming_the_field_and_stale_moves_are_412s,
    a_blacklisted_candidate_cannot_be_submitted_to_that_client,
    a_candidate_is_submitted_once_per_requirement,
    activities_form_a_timeline_newest_first,
    roles_decide_who_reads_and_moves_submissions,
);

async fn create(app: &TestApp, path: &str, body: Value) -> String {
    let (status, v) = json_of(app.post(path, body).await).await;
    assert_eq!(status, 201, "{path}: {v}");
    v["id"].as_str().unwrap().to_owned()
}

/// A client, a requirement of theirs and a candidate.
async fn setup(app: &TestApp) -> (String, String, String) {
    let company = create(
        app,
        "/v1/companies",
        json!({"name": "Globex", "kind": "client"}),
    )
    .await;
    let requirement = create(
        app,
        "/v1/requirements",
        json!({"title": "Senior Java Developer", "company_id": company,
               "required_skills": [{"name": "Java"}]}),
    )
    .await;
    let candidate = create(
        app,
        "/v1/candidates",
        json!({"first_name": "Jane", "last_name": "Doe", "skills": [{"name": "Java"}]}),
    )
    .await;
    (company, requirement, candidate)
}

async fn submit(app: &TestApp, requirement: &str, body: Value) -> (u16, Value) {
    json_of(
        app.post(&format!("/v1/requirements/{requirement}/submit"), body)
            .await,
    )
    .await
}

async fn move_to(app: &TestApp, id: &str, version: i64, body: Value) -> (u16, Value) {
    let r = app
        .req(Method::POST, &format!("/v1/submissions/{id}/move"))
        .header("if-match", format!("\"{version}\""))
        .json(&body)
        .send()
        .await
        .unwrap();
    json_of(r).await
}

async fn a_submission_moves_from_draft_to_placed_with_its_timeline_and_outcome(app: TestApp) {
    let (company, requirement, candidate) = setup(&app).await;
    let (s, v) = submit(
        &app,
        &requirement,
        json!({"candidate_id": candidate, "stage": "draft", "note": "strong Java", "score": 0.82}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["stage"], "draft");
    assert_eq!(v["company_id"], company.as_str());
    assert_eq!(v["score"], 0.82);
    assert_eq!(
        v["next_stages"],
        json!(["submitted", "rejected", "withdrawn", "closed"])
    );
    let id = v["id"].as_str().unwrap().to_owned();
    let mut version = v["version"].as_i64().unwrap();
    let steps = [
        json!({"to": "submitted"}),
        json!({"to": "client_review"}),
        json!({"to": "interview", "interview": {"at": "2026-12-10T15:00:00Z", "kind": "video"}}),
        json!({"to": "interview", "interview": {"at": "2026-12-14T17:30:00Z", "round": 2}}),
        json!({"to": "offer"}),
        json!({"to": "placed", "placement": {
            "start_date": "2027-01-04", "end_date": "2027-06-30",
            "bill_rate": {"amount_minor": 9500, "currency": "USD"},
            "pay_rate": {"amount_minor": 7000, "currency": "USD"},
            "rate_unit": "hour"}}),
    ];
    for step in steps {
        let (s, v) = move_to(&app, &id, version, step.clone()).await;
        assert_eq!(s, 200, "{step}: {v}");
        assert_eq!(v["stage"], step["to"]);
        assert_eq!(v["version"].as_i64().unwrap(), version + 1);
        version += 1;
    }
    let r = app.get(&format!("/v1/submissions/{id}")).await;
    assert_eq!(
        r.headers()["etag"].to_str().unwrap(),
        format!("\"{version}\"")
    );
    let (_, v) = json_of(r).await;
    assert_eq!(v["rounds"], 2);
    assert_eq!(v["placement"]["start_date"], "2027-01-04");
    assert_eq!(v["placement"]["bill_rate"]["amount_minor"], 9500);
    assert_eq!(v["next_stages"], json!(["no_show"]));
    let events = v["events"].as_array().unwrap();
    let path: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e["from"].as_str().unwrap_or("-"), e["to"].as_str().unwrap()))
        .collect();
    assert_eq!(
        path,
        [
            ("-", "draft"),
            ("draft", "submitted"),
            ("submitted", "client_review"),
            ("client_review", "interview"),
            ("interview", "interview"),
            ("interview", "offer"),
            ("offer", "placed"),
        ]
    );
    assert_eq!(events[0]["reason"], "strong Java");
    assert_eq!(events[3]["interview"]["round"], 1);
    assert_eq!(events[3]["interview"]["kind"], "video");
    assert_eq!(events[4]["interview"]["round"], 2);
    assert!(
        events
            .iter()
            .all(|e| e["actor"].as_str().unwrap().starts_with("key:"))
    );

    // The end is an outcome the history factor reads, with this client.
    let cand = Uuid::parse_str(&candidate).unwrap();
    let outcomes = app.store.outcomes_of(&app.scope, &[cand]).await.unwrap();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].kind.as_str(), "placed");
    assert_eq!(outcomes[0].company_id.unwrap().to_string(), company);
    // A placement that never starts becomes a no-show, replacing the outcome.
    let (s, v) = move_to(
        &app,
        &id,
        version,
        json!({"to": "no_show", "reason": "did not start"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let outcomes = app.store.outcomes_of(&app.scope, &[cand]).await.unwrap();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].kind.as_str(), "no_show");
    assert_eq!(outcomes[0].reason.as_deref(), Some("did not start"));

    // Every move is in the audit trail.
    let (_, log) = json_of(app.get("/v1/audit/logs?action=submission.moved").await).await;
    assert_eq!(log["items"].as_array().unwrap().len(), 7, "{log}");
    let (_, list) = json_of(
        app.get(&format!("/v1/submissions?requirement_id={requirement}"))
            .await,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["counts"], json!({"no_show": 1}));
    app.finish().await;
}

async fn refused_moves_are_422s_naming_the_field_and_stale_moves_are_412s(app: TestApp) {
    let (_, requirement, candidate) = setup(&app).await;
    let (_, v) = submit(&app, &requirement, json!({"candidate_id": candidate})).await;
    assert_eq!(v["stage"], "submitted");
    let id = v["id"].as_str().unwrap().to_owned();
    let (s, e) = move_to(&app, &id, 1, json!({"to": "placed"})).await;
    assert_eq!(s, 422);
    assert_error_shape(&e);
    assert_eq!(e["details"][0]["path"], "to");
    assert_eq!(
        e["details"][0]["message"],
        "cannot move from submitted to placed; from submitted it may go to client_review, \
         interview, rejected, withdrawn, closed"
    );
    let (s, e) = move_to(&app, &id, 1, json!({"to": "rejected"})).await;
    assert_eq!((s, e["details"][0]["path"].as_str()), (422, Some("reason")));
    let (s, e) = move_to(&app, &id, 1, json!({"to": "interview"})).await;
    assert_eq!(
        (s, e["details"][0]["path"].as_str()),
        (422, Some("interview"))
    );
    let (s, e) = move_to(&app, &id, 1, json!({"to": "hired"})).await;
    assert_eq!((s, e["details"][0]["path"].as_str()), (422, Some("to")));
    let (s, e) = move_to(
        &app,
        &id,
        1,
        json!({"to": "interview", "interview": {"at": "next tuesday"}}),
    )
    .await;
    assert_eq!(
        (s, e["details"][0]["path"].as_str()),
        (422, Some("interview.at"))
    );
    let (s, e) = move_to(&app, &id, 1, json!({"to": "client_review", "mood": "good"})).await;
    assert_eq!(s, 422, "{e}");
    assert!(e["message"].as_str().unwrap().contains("mood"), "{e}");
    // Nothing above changed the submission.
    let (s, v) = move_to(&app, &id, 1, json!({"to": "client_review"})).await;
    assert_eq!((s, v["version"].as_i64()), (200, Some(2)));
    // A second writer who read version 1 is told the current version.
    let (s, e) = move_to(
        &app,
        &id,
        1,
        json!({"to": "interview",
        "interview": {"at": "2026-12-10T15:00:00Z"}}),
    )
    .await;
    assert_eq!(s, 412, "{e}");
    assert_eq!(e["code"], "version_conflict");
    // An ended submission says so.
    let (_, _) = move_to(
        &app,
        &id,
        2,
        json!({"to": "withdrawn", "reason": "took another offer"}),
    )
    .await;
    let (s, e) = move_to(&app, &id, 3, json!({"to": "submitted"})).await;
    assert_eq!(s, 422);
    assert_eq!(
        e["details"][0]["message"],
        "a submission that is withdrawn has ended and cannot move to submitted"
    );
    let (s, _) = json_of(
        app.get(&format!("/v1/submissions/{}", Uuid::now_v7()))
            .await,
    )
    .await;
    assert_eq!(s, 404);
    app.finish().await;
}

async fn a_blacklisted_candidate_cannot_be_submitted_to_that_client(app: TestApp) {
    let (company, requirement, candidate) = setup(&app).await;
    let path = format!("/v1/companies/{company}/blacklist");
    let (s, e) = json_of(
        app.post(&path, json!({"candidate_id": candidate, "reason": " "}))
            .await,
    )
    .await;
    assert_eq!((s, e["details"][0]["path"].as_str()), (422, Some("reason")));
    let (s, e) = json_of(
        app.post(
            &path,
            json!({"candidate_id": Uuid::now_v7(), "reason": "x"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (s, e["details"][0]["path"].as_str()),
        (422, Some("candidate_id"))
    );
    let (s, v) = json_of(
        app.post(
            &path,
            json!({"candidate_id": candidate, "reason": "former employee; client declined rehire"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let (_, list) = json_of(app.get(&path).await).await;
    assert_eq!(list["items"][0]["candidate_id"], candidate.as_str());
    assert_eq!(
        list["items"][0]["reason"],
        "former employee; client declined rehire"
    );
    let (s, e) = submit(&app, &requirement, json!({"candidate_id": candidate})).await;
    assert_eq!(s, 409, "{e}");
    assert_eq!(e["message"], "the client has blacklisted this candidate");
    // Lifted, the submission goes through.
    let r = app
        .req(Method::DELETE, &format!("{path}/{candidate}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = app
        .req(Method::DELETE, &format!("{path}/{candidate}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let (s, _) = submit(&app, &requirement, json!({"candidate_id": candidate})).await;
    assert_eq!(s, 201);
    let (_, log) = json_of(app.get("/v1/audit/logs?action=company.blacklisted").await).await;
    assert_eq!(log["items"].as_array().unwrap().len(), 1, "{log}");
    app.finish().await;
}

async fn a_candidate_is_submitted_once_per_requirement(app: TestApp) {
    let (_, requirement, candidate) = setup(&app).await;
    let (s, _) = submit(&app, &requirement, json!({"candidate_id": candidate})).await;
    assert_eq!(s, 201);
    let (s, e) = submit(&app, &requirement, json!({"candidate_id": candidate})).await;
    assert_eq!(s, 409);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("the candidate is already submitted to this requirement"),
        "{e}"
    );
    let (s, e) = submit(&app, &requirement, json!({"candidate_id": Uuid::now_v7()})).await;
    assert_eq!(
        (s, e["details"][0]["path"].as_str()),
        (422, Some("candidate_id"))
    );
    let (s, e) = submit(
        &app,
        &requirement,
        json!({"candidate_id": candidate, "stage": "offer"}),
    )
    .await;
    assert_eq!((s, e["details"][0]["path"].as_str()), (422, Some("stage")));
    // A closed requirement takes no one.
    let (s, _) = json_of(
        app.req(Method::PATCH, &format!("/v1/requirements/{requirement}"))
            .json(&json!({"status": "closed"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    let other = create(
        &app,
        "/v1/candidates",
        json!({"first_name": "Sam", "last_name": "Lee"}),
    )
    .await;
    let (s, e) = submit(&app, &requirement, json!({"candidate_id": other})).await;
    assert_eq!(s, 409);
    assert_eq!(
        e["message"],
        "the requirement is closed; reopen it before submitting"
    );
    app.finish().await;
}

async fn activities_form_a_timeline_newest_first(app: TestApp) {
    let (_, _, candidate) = setup(&app).await;
    for (kind, body, at) in [
        ("call", "left a voicemail", "2026-12-01T10:00:00Z"),
        ("email", "sent the Globex brief", "2026-12-02T10:00:00Z"),
        ("note", "prefers remote", "2026-12-03T10:00:00Z"),
    ] {
        let (s, v) = json_of(
            app.post(
                "/v1/activities",
                json!({"entity": "candidate", "entity_id": candidate, "kind": kind,
                       "body": body, "at": at}),
            )
            .await,
        )
        .await;
        assert_eq!(s, 201, "{v}");
    }
    let base = format!("/v1/activities?entity=candidate&entity_id={candidate}");
    let (_, page) = json_of(app.get(&format!("{base}&limit=2")).await).await;
    let kinds: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["note", "email"]);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, rest) = json_of(app.get(&format!("{base}&limit=2&cursor={cursor}")).await).await;
    assert_eq!(rest["items"][0]["body"], "left a voicemail");
    assert!(rest["next_cursor"].is_null());
    for (body, path) in [
        (
            json!({"entity": "candidate", "entity_id": candidate, "kind": "fax", "body": "x"}),
            "kind",
        ),
        (
            json!({"entity": "planet", "entity_id": candidate, "kind": "note", "body": "x"}),
            "entity",
        ),
        (
            json!({"entity": "candidate", "entity_id": Uuid::now_v7(), "kind": "note", "body": "x"}),
            "entity_id",
        ),
        (
            json!({"entity": "candidate", "entity_id": candidate, "kind": "note", "body": ""}),
            "body",
        ),
    ] {
        let (s, e) = json_of(app.post("/v1/activities", body).await).await;
        assert_eq!(
            (s, e["details"][0]["path"].as_str()),
            (422, Some(path)),
            "{e}"
        );
    }
    app.finish().await;
}

async fn roles_decide_who_reads_and_moves_submissions(app: TestApp) {
    let (company, requirement, candidate) = setup(&app).await;
    let (_, v) = submit(&app, &requirement, json!({"candidate_id": candidate})).await;
    let id = v["id"].as_str().unwrap().to_owned();
    let analyst = app.key_with(Role::Analyst).await;
    let as_analyst = |m: Method, p: &str| {
        app.client
            .request(m, format!("{}{p}", app.base))
            .bearer_auth(&analyst)
    };
    let r = as_analyst(Method::GET, &format!("/v1/submissions/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = as_analyst(Method::POST, &format!("/v1/submissions/{id}/move"))
        .json(&json!({"to": "client_review"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = as_analyst(Method::POST, &format!("/v1/companies/{company}/blacklist"))
        .json(&json!({"candidate_id": candidate, "reason": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let recruiter = app.key_with(Role::Recruiter).await;
    let r = app
        .client
        .post(format!("{}/v1/submissions/{id}/move", app.base))
        .bearer_auth(&recruiter)
        .json(&json!({"to": "client_review"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Another tenant sees none of it.
    let other = app.other_tenant("initech").await;
    let r = app
        .client
        .get(format!("{}/v1/submissions/{id}", app.base))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let (_, list) = json_of(
        app.client
            .get(format!("{}/v1/submissions", app.base))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["items"], json!([]));
    app.finish().await;
}
