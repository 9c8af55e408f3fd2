//! The review queue through the API: recommendations at or above the tenant threshold
//! are queued best first; approving submits as a draft, rejecting keeps the reason and
//! counts against the candidate with that client, deferring waits for the next refresh;
//! blacklisted and submitted pairs never show; bulk actions report each item.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(
    the_queue_takes_recommendations_above_the_threshold_and_records_decisions,
    bulk_actions_report_each_review,
);

async fn create(app: &TestApp, path: &str, body: Value) -> String {
    let (status, v) = json_of(app.post(path, body).await).await;
    assert_eq!(status, 201, "{path}: {v}");
    v["id"].as_str().unwrap().to_owned()
}

async fn person(app: &TestApp, first: &str, skills: &[&str]) -> String {
    let skills: Vec<Value> = skills
        .iter()
        .map(|n| json!({"name": n, "years": 5}))
        .collect();
    create(
        app,
        "/v1/candidates",
        json!({"first_name": first, "last_name": "Tester", "headline": "Software Engineer",
               "skills": skills, "work_authorization": "us_citizen"}),
    )
    .await
}

/// A client's requirement, four candidates and a threshold of 0.45.
async fn setup(app: &TestApp) -> (String, String, Vec<String>) {
    let company = create(
        app,
        "/v1/companies",
        json!({"name": "Globex", "kind": "client"}),
    )
    .await;
    let job = create(
        app,
        "/v1/requirements",
        json!({"title": "Senior Java Engineer", "company_id": company,
               "required_skills": [{"name": "Java"}, {"name": "Kubernetes"}, {"name": "React"}],
               "remote_mode": "remote"}),
    )
    .await;
    let mut people = Vec::new();
    for (name, skills) in [
        ("Ada", &["Java", "Kubernetes", "React"][..]),
        ("Ben", &["Java", "Kubernetes", "React", "Go"][..]),
        ("Cy", &["Java", "React", "Kubernetes", "SQL"][..]),
        ("Dot", &["Python"][..]),
    ] {
        people.push(person(app, name, skills).await);
    }
    let r = app
        .req(reqwest::Method::PUT, "/v1/settings/matching")
        .json(&json!({"review_threshold": 0.45}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    (company, job, people)
}

async fn queue(app: &TestApp, job: &str, status: &str) -> Vec<Value> {
    let (s, v) = json_of(
        app.get(&format!("/v1/reviews?requirement_id={job}&status={status}"))
            .await,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    v["items"].as_array().unwrap().clone()
}

fn review_of<'a>(items: &'a [Value], candidate: &str) -> Option<&'a Value> {
    items.iter().find(|r| r["candidate_id"] == candidate)
}

async fn the_queue_takes_recommendations_above_the_threshold_and_records_decisions(app: TestApp) {
    let (company, job, people) = setup(&app).await;
    let (s, v) = json_of(
        app.post(
            &format!("/v1/requirements/{job}/reviews/refresh?asOf=2026-12-07"),
            json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["threshold"], 0.45);
    let open = queue(&app, &job, "open").await;
    assert_eq!(v["queued"].as_u64().unwrap() as usize, open.len());
    // Exactly the recommendations at or above the threshold are queued, best first.
    for item in v["items"].as_array().unwrap() {
        let queued = review_of(&open, item["candidate_id"].as_str().unwrap()).is_some();
        assert_eq!(queued, item["score"].as_f64().unwrap() >= 0.45, "{item}");
    }
    let scores: Vec<f64> = open.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for p in &people[..3] {
        assert!(review_of(&open, p).is_some(), "{p} is queued: {open:?}");
    }
    assert!(
        review_of(&open, &people[3]).is_none(),
        "a weak fit is not queued"
    );

    // Approve: a draft submission from the review, which leaves the open queue.
    let ada = review_of(&open, &people[0]).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, v) = json_of(
        app.post(
            &format!("/v1/reviews/{ada}/approve"),
            json!({"note": "great fit"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["review"]["status"], "approved");
    assert_eq!(v["submission"]["stage"], "draft");
    assert_eq!(v["submission"]["source"], "review");
    assert_eq!(v["review"]["submission_id"], v["submission"]["id"]);
    let (s, e) = json_of(
        app.post(&format!("/v1/reviews/{ada}/approve"), json!({}))
            .await,
    )
    .await;
    assert_eq!(s, 409, "{e}");
    assert_eq!(e["message"], "the review is already approved");

    // Reject: the reason is required and kept, and counts against the candidate with
    // this client.
    let ben = review_of(&open, &people[1]).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, e) = json_of(
        app.post(&format!("/v1/reviews/{ben}/reject"), json!({}))
            .await,
    )
    .await;
    assert_eq!((s, e["details"][0]["path"].as_str()), (422, Some("reason")));
    let (s, v) = json_of(
        app.post(
            &format!("/v1/reviews/{ben}/reject"),
            json!({"reason": "no banking domain"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        (v["status"].as_str(), v["reason"].as_str()),
        (Some("rejected"), Some("no banking domain"))
    );
    let (_, score) = json_of(
        app.post(
            "/v1/ai/match-score",
            json!({"candidate_id": people[1], "requirement_id": job}),
        )
        .await,
    )
    .await;
    let history = &score["factors"][4];
    assert_eq!(history["name"], "history");
    assert!(history["value"].as_f64().unwrap() < 0.5, "{history}");
    assert!(
        history["reasons"].to_string().contains("1 screened out"),
        "{history}"
    );

    // Defer: it waits, and the next refresh opens it again.
    let cy = review_of(&open, &people[2]).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, v) = json_of(
        app.post(&format!("/v1/reviews/{cy}/defer"), json!({}))
            .await,
    )
    .await;
    assert_eq!((s, v["status"].as_str()), (200, Some("deferred")));
    assert!(review_of(&queue(&app, &job, "open").await, &people[2]).is_none());
    assert!(review_of(&queue(&app, &job, "deferred").await, &people[2]).is_some());
    let (s, _) = json_of(
        app.post(
            &format!("/v1/requirements/{job}/reviews/refresh"),
            json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 200);
    let open = queue(&app, &job, "open").await;
    assert!(review_of(&open, &people[2]).is_some(), "reopened: {open:?}");
    assert!(review_of(&open, &people[1]).is_none(), "a rejection stands");
    assert!(review_of(&open, &people[0]).is_none(), "an approval stands");

    // A blacklisted pair never shows.
    let (s, _) = json_of(
        app.post(
            &format!("/v1/companies/{company}/blacklist"),
            json!({"candidate_id": people[2], "reason": "former employee"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 201);
    assert!(review_of(&queue(&app, &job, "open").await, &people[2]).is_none());
    let approved = queue(&app, &job, "approved").await;
    assert_eq!(approved.len(), 1);
    let (_, log) = json_of(app.get("/v1/audit/logs?action=review.rejected").await).await;
    assert_eq!(log["items"].as_array().unwrap().len(), 1, "{log}");
    app.finish().await;
}

async fn bulk_actions_report_each_review(app: TestApp) {
    let (_, job, people) = setup(&app).await;
    // Listing recommendations queues them too.
    let (s, v) = json_of(
        app.get(&format!("/v1/requirements/{job}/recommendations"))
            .await,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert!(v["queued"].as_u64().unwrap() >= 3, "{v}");
    let open = queue(&app, &job, "open").await;
    let id = |i: usize| {
        review_of(&open, &people[i]).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (s, _) = json_of(
        app.post(&format!("/v1/reviews/{}/defer", id(2)), json!({}))
            .await,
    )
    .await;
    assert_eq!(s, 200);
    let (s, e) = json_of(
        app.post(
            "/v1/reviews/bulk",
            json!({"ids": [id(0)], "action": "reject"}),
        )
        .await,
    )
    .await;
    assert_eq!((s, e["details"][0]["path"].as_str()), (422, Some("reason")));
    let missing = Uuid::now_v7();
    let (s, v) = json_of(
        app.post(
            "/v1/reviews/bulk",
            json!({"ids": [id(0), id(1), missing], "action": "approve", "stage": "submitted"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let statuses: Vec<u64> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [201, 201, 404], "{v}");
    assert_eq!(v["results"][0]["submission"]["stage"], "submitted");
    assert_eq!(v["results"][2]["error"]["code"], "not_found");
    let (s, v) = json_of(
        app.post(
            "/v1/reviews/bulk",
            json!({"ids": [id(0), id(2)], "action": "reject", "reason": "filled"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["results"][0]["status"], 409, "{v}");
    assert_eq!(v["results"][1]["status"], 200, "{v}");
    assert_eq!(v["results"][1]["review"]["status"], "rejected");
    let (_, subs) = json_of(
        app.get(&format!("/v1/submissions?requirement_id={job}"))
            .await,
    )
    .await;
    assert_eq!(subs["items"].as_array().unwrap().len(), 2);
    app.finish().await;
}
