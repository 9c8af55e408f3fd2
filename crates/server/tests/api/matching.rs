//! Recommendations through the API: the best fit first with reasons, hard filters and
//! blacklists applied, the same list and digest for the same inputs, a recorded run,
//! the other direction, one pair's score, tenant weights and outcomes feeding history.

use hireloop_domain::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(
    candidates_for_a_requirement_best_fit_first_with_reasons_and_a_recorded_run,
    requirements_for_a_candidate_leave_out_closed_and_blacklisting_clients,
    one_pair_scores_from_ids_records_or_texts,
    tenant_weights_are_validated_versioned_and_used,
    a_placement_with_the_client_shows_in_the_history_factor,
    a_ranked_list_for_fixed_data_matches_its_snapshot,
);

const AS_OF: &str = "2026-12-07";

pub(crate) async fn create(app: &TestApp, path: &str, body: Value) -> String {
    let (status, v) = json_of(app.post(path, body).await).await;
    assert_eq!(status, 201, "{path}: {v}");
    v["id"].as_str().unwrap().to_owned()
}

pub(crate) fn skills(names: &[&str]) -> Value {
    Value::from(
        names
            .iter()
            .map(|n| json!({"name": n, "years": 5}))
            .collect::<Vec<_>>(),
    )
}

pub(crate) async fn person(app: &TestApp, first: &str, names: &[&str], extra: Value) -> String {
    let mut body = json!({
        "first_name": first, "last_name": "Tester", "headline": "Software Engineer",
        "skills": skills(names), "work_authorization": "us_citizen",
        "location": {"city": "Dallas", "region": "TX", "country": "US"},
    });
    if let (Some(o), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    create(app, "/v1/candidates", body).await
}

async fn client_and_job(app: &TestApp) -> (String, String) {
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
               "required_skills": skills(&["Java", "Kubernetes", "React"]),
               "remote_mode": "remote"}),
    )
    .await;
    (company, job)
}

/// The candidates for `job` as of [`AS_OF`], not recorded as a run.
pub(crate) async fn recommendations(app: &TestApp, job: &str) -> Value {
    let (s, v) = json_of(
        app.get(&format!(
            "/v1/requirements/{job}/recommendations?asOf={AS_OF}&record=false"
        ))
        .await,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    v
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].as_str().unwrap().to_owned())
        .collect()
}

async fn candidates_for_a_requirement_best_fit_first_with_reasons_and_a_recorded_run(app: TestApp) {
    let (company, job) = client_and_job(&app).await;
    let full = person(&app, "Ada", &["Java", "Kubernetes", "React"], json!({})).await;
    let partial = person(&app, "Ben", &["Java"], json!({})).await;
    let _far = person(&app, "Cy", &["Python", "Django"], json!({})).await;
    let _dnc = person(
        &app,
        "Dee",
        &["Java", "Kubernetes", "React"],
        json!({"status": "do_not_contact"}),
    )
    .await;
    let barred = person(&app, "Eve", &["Java", "Kubernetes", "React"], json!({})).await;
    let (s, _) = json_of(
        app.post(
            &format!("/v1/companies/{company}/blacklist"),
            json!({"candidate_id": barred, "reason": "client declined"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 201);
    let path = format!("/v1/requirements/{job}/recommendations?topK=10&asOf={AS_OF}");
    let (s, v) = json_of(app.get(&path).await).await;
    assert_eq!(s, 200, "{v}");
    let got = ids(&v, "candidate_id");
    assert_eq!(&got[..2], [full.clone(), partial.clone()], "{v}");
    assert!(
        !got.contains(&barred),
        "a blacklisted candidate is never recommended"
    );
    assert_eq!(v["excluded"]["blacklisted"], 1, "{v}");
    let first = &v["items"][0];
    assert_eq!(first["rank"], 1);
    assert_eq!(first["label"], "Ada Tester");
    let skills_factor = &first["factors"][0];
    assert_eq!(skills_factor["name"], "skills");
    assert!(
        skills_factor["reasons"][0]
            .as_str()
            .unwrap()
            .starts_with("3 of 3 required skills"),
        "{first}"
    );
    let second = &v["items"][1];
    let reasons = second["factors"][0]["reasons"][0].as_str().unwrap();
    assert!(
        reasons.starts_with("1 of 3 required skills; missing Kubernetes and React"),
        "{reasons}"
    );
    // The score is the sum of the contributions, each a weight times a value.
    let sum: f64 = first["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["contribution"].as_f64().unwrap())
        .sum();
    assert!(
        (sum - first["score"].as_f64().unwrap()).abs() < 1e-3,
        "{first}"
    );
    assert_eq!(
        v["weights_version"].as_str().unwrap().len(),
        "match-v3/w-".len() + 8
    );

    // The same inputs give the same list and digest; each call is a run.
    let (_, again) = json_of(app.get(&path).await).await;
    assert_eq!(again["items"], v["items"]);
    assert_eq!(again["digest"], v["digest"]);
    assert_ne!(again["run_id"], v["run_id"]);
    let run = v["run_id"].as_str().unwrap();
    let (s, r) = json_of(app.get(&format!("/v1/match-runs/{run}")).await).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["subject_id"], job.as_str());
    assert_eq!(r["direction"], "candidates_for_requirement");
    assert_eq!(r["digest"], v["digest"]);
    assert_eq!(r["results"][0]["id"], full.as_str());
    assert_eq!(r["results"][0]["reasons"], first["reasons"], "{r}");
    let stored = r["results"][0]["score"].as_f64().unwrap();
    assert!(
        (stored - first["score"].as_f64().unwrap()).abs() < 1e-4,
        "{r}"
    );
    let (_, list) = json_of(app.get(&format!("/v1/match-runs?subject_id={job}")).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);

    // Without explanations: scores and factor values, no reasons.
    let (_, terse) = json_of(
        app.get(&format!(
            "/v1/requirements/{job}/recommendations?topK=1&explain=false&asOf={AS_OF}&record=false"
        ))
        .await,
    )
    .await;
    assert_eq!(terse["items"].as_array().unwrap().len(), 1);
    assert!(terse["items"][0].get("reasons").is_none());
    assert!(terse["run_id"].is_null());
    // A submitted candidate is flagged with the submission's stage.
    let (s, _) = json_of(
        app.post(
            &format!("/v1/requirements/{job}/submit"),
            json!({"candidate_id": full}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 201);
    let (_, v) = json_of(app.get(&path).await).await;
    assert_eq!(v["items"][0]["submission"]["stage"], "submitted");
    let rest = &v["items"].as_array().unwrap()[1..];
    assert!(!rest.is_empty(), "{v}");
    assert!(rest.iter().all(|i| i["submission"].is_null()), "{v}");
    for (q, name) in [
        ("topK=0", "topK"),
        ("weights=%7B%7D", "weights"),
        ("asOf=soon", "asOf"),
    ] {
        let (s, e) = json_of(
            app.get(&format!("/v1/requirements/{job}/recommendations?{q}"))
                .await,
        )
        .await;
        assert!(s == 400 || s == 422, "{q}: {s} {e}");
        assert!(e.to_string().contains(name), "{q}: {e}");
    }
    let (s, _) = json_of(
        app.get(&format!(
            "/v1/requirements/{}/recommendations",
            uuid::Uuid::now_v7()
        ))
        .await,
    )
    .await;
    assert_eq!(s, 404);
    app.finish().await;
}

async fn requirements_for_a_candidate_leave_out_closed_and_blacklisting_clients(app: TestApp) {
    let (company, java) = client_and_job(&app).await;
    let python = create(
        &app,
        "/v1/requirements",
        json!({"title": "Python Developer", "required_skills": skills(&["Python", "Django"]),
               "remote_mode": "remote"}),
    )
    .await;
    let closed = create(
        &app,
        "/v1/requirements",
        json!({"title": "Java Developer", "required_skills": skills(&["Java", "React"]),
               "remote_mode": "remote", "status": "closed"}),
    )
    .await;
    let ada = person(&app, "Ada", &["Java", "Kubernetes", "React"], json!({})).await;
    let path = format!("/v1/candidates/{ada}/recommendations?asOf={AS_OF}");
    let (s, v) = json_of(app.get(&path).await).await;
    assert_eq!(s, 200, "{v}");
    // Both open requirements are recalled (the vector side reaches every one), the
    // Java one first; the closed one is filtered out.
    let got = ids(&v, "requirement_id");
    assert_eq!(got, [java.clone(), python.clone()], "{v}");
    assert!(!got.contains(&closed));
    assert_eq!(v["items"][0]["label"], "Senior Java Engineer");
    // Once the client blacklists her, its requirements are left out.
    let (s, _) = json_of(
        app.post(
            &format!("/v1/companies/{company}/blacklist"),
            json!({"candidate_id": ada, "reason": "client declined"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 201);
    let (_, v) = json_of(app.get(&path).await).await;
    assert!(!ids(&v, "requirement_id").contains(&java), "{v}");
    assert_eq!(v["excluded"]["blacklisted"], 1);
    app.finish().await;
}

async fn one_pair_scores_from_ids_records_or_texts(app: TestApp) {
    let (_, job) = client_and_job(&app).await;
    let ada = person(&app, "Ada", &["Java", "Kubernetes", "React"], json!({})).await;
    let (s, stored) = json_of(
        app.post(
            "/v1/ai/match-score",
            json!({"candidate_id": ada, "requirement_id": job, "as_of": AS_OF}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 200, "{stored}");
    assert_eq!(stored["candidate_id"], ada.as_str());
    assert!(stored["score"].as_f64().unwrap() > 0.5, "{stored}");
    assert_eq!(stored["factors"].as_array().unwrap().len(), 6);
    let (s, texts) = json_of(
        app.post(
            "/v1/ai/match-score",
            json!({
                "candidate_text": "Ada Tester\nSKILLS\nJava, Kubernetes, React\n",
                "requirement_text": "Senior Java Engineer\n\nRequired skills:\n- Java\n- Kubernetes\n- React\n",
                "as_of": AS_OF,
            }),
        )
        .await,
    )
    .await;
    assert_eq!(s, 200, "{texts}");
    assert!(texts["candidate_id"].is_null());
    let (s, given) = json_of(
        app.post(
            "/v1/ai/match-score",
            json!({
                "candidate": {"first_name": "Bo", "last_name": "Li", "skills": skills(&["Java"])},
                "requirement_id": job, "as_of": AS_OF,
            }),
        )
        .await,
    )
    .await;
    assert_eq!(s, 200, "{given}");
    assert!(
        given["score"].as_f64() < stored["score"].as_f64(),
        "{given}"
    );
    for (body, path) in [
        (json!({"requirement_id": job}), "candidate"),
        (
            json!({"candidate_id": ada, "candidate_text": "x", "requirement_id": job}),
            "candidate",
        ),
        (
            json!({"candidate_id": ada, "requirement_id": job,
                "weights": {"skills": 0.9, "location": 0.2, "rate": 0.0, "seniority": 0.0,
                            "history": 0.0, "availability": 0.0}}),
            "weights",
        ),
        (
            json!({"candidate_id": ada, "requirement_id": job,
                "weights": {"skills": 1.5, "location": 0.0, "rate": 0.0, "seniority": 0.0,
                            "history": 0.0, "availability": 0.0}}),
            "weights.skills",
        ),
        (
            json!({"candidate": {"first_name": ""}, "requirement_id": job}),
            "candidate.first_name",
        ),
        (
            json!({"candidate_id": ada, "requirement_id": job, "mood": 1}),
            "mood",
        ),
    ] {
        let (s, e) = json_of(app.post("/v1/ai/match-score", body.clone()).await).await;
        assert_eq!(s, 422, "{body}: {e}");
        assert_eq!(e["details"][0]["path"], path, "{body}: {e}");
    }
    app.finish().await;
}

async fn tenant_weights_are_validated_versioned_and_used(app: TestApp) {
    let (_, job) = client_and_job(&app).await;
    person(&app, "Ada", &["Java", "Kubernetes", "React"], json!({})).await;
    let (s, v) = json_of(app.get("/v1/settings/matching").await).await;
    assert_eq!(s, 200);
    assert_eq!(v["weights"]["skills"], 0.4);
    assert_eq!(v["review_threshold"], 0.6);
    assert_eq!(v["version"], 0);
    let default_version = v["weights_version"].as_str().unwrap().to_owned();
    let put = |body: Value, version: i64| {
        app.req(Method::PUT, "/v1/settings/matching")
            .header("if-match", format!("\"{version}\""))
            .json(&body)
            .send()
    };
    let skills_heavy = json!({"skills": 0.7, "location": 0.1, "rate": 0.05, "seniority": 0.05,
                              "history": 0.05, "availability": 0.05});
    let (s, e) = json_of(put(json!({"weights": {"skills": 0.7}}), 0).await.unwrap()).await;
    assert_eq!(s, 422, "{e}");
    assert!(
        e["details"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("weights"),
        "{e}"
    );
    let (s, e) = json_of(put(json!({"review_threshold": 2}), 0).await.unwrap()).await;
    assert_eq!(
        (s, e["details"][0]["path"].as_str()),
        (422, Some("review_threshold"))
    );
    let (s, v) = json_of(
        put(json!({"weights": skills_heavy, "review_threshold": 0.7}), 0)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["version"], 1);
    let tenant_version = v["weights_version"].as_str().unwrap().to_owned();
    assert_ne!(tenant_version, default_version);
    let (s, _) = json_of(put(json!({}), 0).await.unwrap()).await;
    assert_eq!(s, 412, "a stale If-Match is refused");
    let path = format!("/v1/requirements/{job}/recommendations?asOf={AS_OF}");
    let (_, r) = json_of(app.get(&path).await).await;
    assert_eq!(r["weights_version"], tenant_version.as_str());
    assert_eq!(r["items"][0]["factors"][0]["weight"], 0.7);
    // A request may override the tenant's weights.
    let w = serde_json::to_string(&json!({"skills": 0.4, "location": 0.2, "rate": 0.15,
        "seniority": 0.1, "history": 0.1, "availability": 0.05}))
    .unwrap();
    let (_, r) = json_of(app.get(&format!("{path}&weights={}", urlencode(&w))).await).await;
    assert_eq!(r["weights_version"], default_version.as_str());
    // Recruiters read the settings but do not change them.
    let recruiter = app.key_with(Role::Recruiter).await;
    let r = app
        .client
        .put(format!("{}/v1/settings/matching", app.base))
        .bearer_auth(&recruiter)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    app.finish().await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'_' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn a_placement_with_the_client_shows_in_the_history_factor(app: TestApp) {
    let (company, job) = client_and_job(&app).await;
    let ada = person(&app, "Ada", &["Java", "Kubernetes", "React"], json!({})).await;
    let score = |v: &Value| -> (f64, Value) {
        let f = v["factors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "history")
            .unwrap()
            .clone();
        (v["score"].as_f64().unwrap(), f)
    };
    let body = json!({"candidate_id": ada, "requirement_id": job, "as_of": AS_OF});
    let (_, before) = json_of(app.post("/v1/ai/match-score", body.clone()).await).await;
    let (s0, h0) = score(&before);
    assert_eq!(h0["known"], false, "{h0}");
    // An earlier requirement of the same client, which she was placed on.
    let earlier = create(
        &app,
        "/v1/requirements",
        json!({"title": "Java Engineer", "company_id": company}),
    )
    .await;
    let (_, sub) = json_of(
        app.post(
            &format!("/v1/requirements/{earlier}/submit"),
            json!({"candidate_id": ada}),
        )
        .await,
    )
    .await;
    let id = sub["id"].as_str().unwrap();
    for (v, step) in [
        (1, json!({"to": "client_review"})),
        (2, json!({"to": "offer"})),
        (
            3,
            json!({"to": "placed", "placement": {"start_date": "2026-01-05"}}),
        ),
    ] {
        let r = app
            .req(Method::POST, &format!("/v1/submissions/{id}/move"))
            .header("if-match", format!("\"{v}\""))
            .json(&step)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{step}");
    }
    let (_, after) = json_of(app.post("/v1/ai/match-score", body).await).await;
    let (s1, h1) = score(&after);
    assert_eq!(h1["known"], true, "{h1}");
    assert!(h1["value"].as_f64() > h0["value"].as_f64(), "{h0} -> {h1}");
    assert!(
        s1 > s0,
        "a placement with this client raises the score: {s0} -> {s1}"
    );
    assert!(h1["reasons"].to_string().contains("1 placement"), "{h1}");
    app.finish().await;
}

/// A figure that depends on the meaning vectors, to two decimals. The vectors come from
/// a table distilled on the machine by MiniLM, whose matrix kernels differ with the CPU
/// in their last bits; what the figure says must not.
fn near(v: &Value) -> Value {
    json!((v.as_f64().unwrap() * 100.0).round() / 100.0)
}

/// A list for fixed data, as a recruiter reads it: who, in what order, with which
/// factor values and reasons. Both engines share the snapshot.
async fn a_ranked_list_for_fixed_data_matches_its_snapshot(app: TestApp) {
    let company = create(
        &app,
        "/v1/companies",
        json!({"name": "Initech", "kind": "client"}),
    )
    .await;
    let job = create(
        &app,
        "/v1/requirements",
        json!({
            "title": "Senior Platform Engineer", "company_id": company,
            "location": {"city": "Dallas", "region": "TX", "country": "US"},
            "remote_mode": "hybrid",
            "required_skills": skills(&["Kubernetes", "Terraform", "AWS", "Python"]),
            "preferred_skills": skills(&["Go"]),
            "min_years": 5, "max_years": 10,
            "rate_budget": {"amount_minor": 8000, "currency": "USD", "unit": "hour",
                            "employment_type": "w2"},
            "start_date": "2027-01-04",
            "work_authorizations": ["us_citizen", "green_card"],
        }),
    )
    .await;
    let dallas = json!({"city": "Dallas", "region": "TX", "country": "US"});
    let nyc = json!({"city": "New York City", "region": "NY", "country": "US"});
    for (first, names, extra) in [
        (
            "Ada",
            &["Kubernetes", "Terraform", "AWS", "Python", "Go"][..],
            json!({"location": dallas, "years_experience": 8, "available_from": "2026-12-28",
                   "rate": {"amount_minor": 7500, "currency": "USD", "unit": "hour",
                            "employment_type": "w2"}}),
        ),
        (
            "Ben",
            &["Kubernetes", "AWS", "Python"][..],
            json!({"location": nyc, "years_experience": 6, "willing_to_relocate": true,
                   "rate": {"amount_minor": 9000, "currency": "USD", "unit": "hour",
                            "employment_type": "c2c"}}),
        ),
        (
            "Cy",
            &["Kubernetes", "Terraform", "AWS", "Python"][..],
            json!({"location": dallas, "years_experience": 2,
                   "work_authorization": "green_card"}),
        ),
        (
            "Dee",
            &["Terraform", "AWS"][..],
            json!({"location": dallas, "years_experience": 12, "available_from": "2027-03-01"}),
        ),
        (
            "Eli",
            &["Kubernetes", "Terraform", "AWS", "Python"][..],
            json!({"location": dallas, "work_authorization": "h1b"}),
        ),
    ] {
        person(&app, first, names, extra).await;
    }
    let v = recommendations(&app, &job).await;
    let list: Vec<Value> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| {
            let factors: serde_json::Map<String, Value> = it["factors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let name = f["name"].as_str().unwrap();
                    let value = if name == "skills" {
                        near(&f["value"])
                    } else {
                        f["value"].clone()
                    };
                    (
                        name.to_owned(),
                        json!({"value": value, "reasons": f["reasons"]}),
                    )
                })
                .collect();
            json!({"rank": it["rank"], "label": it["label"], "score": near(&it["score"]),
                   "factors": factors})
        })
        .collect();
    crate::snap!(
        "ranked_list_fixed_data",
        json!({"items": list, "excluded": v["excluded"], "weights_version": v["weights_version"],
               "model_version": v["model_version"]})
    );
    app.finish().await;
}
