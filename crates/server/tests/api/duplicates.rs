//! Suggested merges and merging: a pair becomes one record with both histories, the
//! files and the open suggestions move to the survivor, and nothing is merged silently.

use hireloop_domain::auth::Role;
use hireloop_store::{Entity, NewDuplicate};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(
    a_suggested_pair_merges_with_history_and_files,
    a_suggestion_can_be_dismissed,
    two_records_picked_by_hand_merge,
    open_suggestions_follow_the_survivor,
);

const RESUME: &str = "Jane Doe\njane.doe@example.com | Dallas, TX\n\n\
SKILLS\nJava, React, Kubernetes\n\nEXPERIENCE\nSenior Java Developer\nAcme Corp\n\
Jan 2019 - Present\n";

async fn candidate(app: &TestApp, body: Value) -> String {
    let (status, v) = json_of(app.post("/v1/candidates", body).await).await;
    assert_eq!(status, 201, "{v}");
    v["id"].as_str().unwrap().to_owned()
}

/// A candidate on file and a resume of someone who looks like them: one open suggestion.
async fn look_alikes(app: &TestApp) -> (String, String) {
    let older = candidate(
        app,
        json!({
            "first_name": "Jane", "last_name": "Doe", "email": "jdoe@other.example",
            "headline": "Senior Java Developer", "tags": ["bench"],
            "location": {"city": "Dallas", "region": "TX", "country": "US"},
            "skills": [{"name": "Java", "years": 7}, {"name": "React"}],
        }),
    )
    .await;
    let form = Form::new().part(
        "file",
        Part::bytes(RESUME.as_bytes().to_vec()).file_name("jane.txt"),
    );
    let r = app
        .req(Method::POST, "/v1/candidates/from-resume")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (status, v) = json_of(r).await;
    assert_eq!(
        (status, v["suggested_merges"].as_u64()),
        (201, Some(1)),
        "{v}"
    );
    (older, v["candidate"]["id"].as_str().unwrap().to_owned())
}

async fn a_suggested_pair_merges_with_history_and_files(app: TestApp) {
    let (older, newer) = look_alikes(&app).await;
    let (status, list) = json_of(app.get("/v1/duplicates").await).await;
    assert_eq!(status, 200, "{list}");
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    let dup = &items[0];
    let mut sides = [dup["a"].as_str().unwrap(), dup["b"].as_str().unwrap()];
    sides.sort_unstable();
    let mut expected = [older.as_str(), newer.as_str()];
    expected.sort_unstable();
    assert_eq!(sides, expected);
    assert_eq!(dup["status"], "open");
    assert!(dup["score"].as_f64().unwrap() > 0.0 && dup["score"].as_f64().unwrap() <= 1.0);
    assert!(!dup["reasons"].as_array().unwrap().is_empty(), "{dup}");
    let id = dup["id"].as_str().unwrap().to_owned();
    let (status, one) = json_of(app.get(&format!("/v1/duplicates/{id}")).await).await;
    assert_eq!((status, &one["id"]), (200, &dup["id"]));

    // Keep the record on file (the default), set one field by hand.
    let (status, m) = json_of(
        app.post(
            &format!("/v1/duplicates/{id}/merge"),
            json!({"fields": {"headline": "Staff Engineer"}}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{m}");
    let s = &m["survivor"];
    assert_eq!(s["id"], older.as_str());
    assert_eq!(
        s["email"], "jdoe@other.example",
        "the survivor's own values stay"
    );
    assert_eq!(s["headline"], "Staff Engineer", "fields set by hand win");
    let skills: Vec<&str> = s["skills"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k["name"].as_str())
        .collect();
    assert_eq!(skills, ["Java", "React", "Kubernetes"], "{s}");
    assert_eq!(s["skills"][0]["years"].as_f64(), Some(7.0));
    assert_eq!(
        s["experience"][0]["employer"], "Acme Corp",
        "gaps filled: {s}"
    );
    assert_eq!(m["merged"]["id"], newer.as_str());
    assert!(m["merged"]["deleted_at"].is_string(), "{m}");
    assert_eq!(m["documents_moved"], 1);
    assert_eq!(m["suggestion"]["status"], "merged");

    // The merged record is gone from reads and lists, and cannot be restored.
    let r = app.get(&format!("/v1/candidates/{newer}")).await;
    assert_eq!(r.status().as_u16(), 404);
    let (_, list) = json_of(app.get("/v1/candidates").await).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    let (status, v) = json_of(
        app.post(&format!("/v1/candidates/{newer}/restore"), json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 409, "{v}");
    assert!(v["message"].as_str().unwrap().contains(&older), "{v}");

    // The resume moved to the survivor.
    let (_, docs) = json_of(app.get(&format!("/v1/candidates/{older}/documents")).await).await;
    assert_eq!(docs["items"][0]["name"], "jane.txt", "{docs}");

    // The survivor's history holds both records' revisions, oldest first.
    let (_, revs) = json_of(app.get(&format!("/v1/candidates/{older}/revisions")).await).await;
    let items = revs["items"].as_array().unwrap();
    let ops: Vec<(&str, &str)> = items
        .iter()
        .map(|r| {
            let who = if r["record_id"] == older.as_str() {
                "older"
            } else {
                "newer"
            };
            (who, r["op"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        ops,
        [
            ("older", "create"),
            ("newer", "create"),
            ("older", "merge"),
            ("newer", "merged")
        ],
        "{revs}"
    );

    // The suggestion is closed; acting on it again is a conflict.
    let (_, merged) = json_of(app.get("/v1/duplicates?status=merged").await).await;
    assert_eq!(merged["items"].as_array().map(Vec::len), Some(1));
    let (_, open) = json_of(app.get("/v1/duplicates").await).await;
    assert_eq!(open["items"].as_array().map(Vec::len), Some(0));
    let (status, v) = json_of(
        app.post(&format!("/v1/duplicates/{id}/merge"), json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 409, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains("already merged"),
        "{v}"
    );

    // The audit trail has the merge.
    let (_, audit) = json_of(app.get("/v1/audit/logs?entity=candidate").await).await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "candidate.merge" && e["entity_id"] == older.as_str()),
        "{audit}"
    );
    app.finish().await;
}

async fn a_suggestion_can_be_dismissed(app: TestApp) {
    let (older, newer) = look_alikes(&app).await;
    let (_, list) = json_of(app.get("/v1/duplicates?entity=candidate&limit=10").await).await;
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    // keep must name a side.
    let (status, v) = json_of(
        app.post(
            &format!("/v1/duplicates/{id}/merge"),
            json!({"keep": Uuid::now_v7()}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("keep")),
        "{v}"
    );
    // Analysts read suggestions but cannot act on them.
    let analyst = app.key_with(Role::Analyst).await;
    let r = app
        .anon(Method::POST, &format!("/v1/duplicates/{id}/dismiss"))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let (status, d) = json_of(
        app.post(&format!("/v1/duplicates/{id}/dismiss"), json!({}))
            .await,
    )
    .await;
    assert_eq!(
        (status, d["status"].as_str()),
        (200, Some("dismissed")),
        "{d}"
    );
    assert!(
        d["resolved_at"].is_string() && d["resolved_by"].is_string(),
        "{d}"
    );
    let (status, _) = json_of(
        app.post(&format!("/v1/duplicates/{id}/dismiss"), json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 409);
    // Both people are still on file, untouched.
    for c in [&older, &newer] {
        let (status, v) = json_of(app.get(&format!("/v1/candidates/{c}")).await).await;
        assert_eq!((status, v["version"].as_i64()), (200, Some(1)), "{v}");
    }
    let (status, _) = json_of(app.get("/v1/duplicates?entity=company").await).await;
    assert_eq!(status, 400);
    let (status, _) = json_of(app.get(&format!("/v1/duplicates/{}", Uuid::now_v7())).await).await;
    assert_eq!(status, 404);
    app.finish().await;
}

async fn two_records_picked_by_hand_merge(app: TestApp) {
    let a = candidate(
        &app,
        json!({"first_name": "Ravi", "last_name": "Kumar", "email": "ravi@a.example"}),
    )
    .await;
    let b = candidate(
        &app,
        json!({"first_name": "Ravi", "last_name": "K.", "phone": "+14155550100", "tags": ["h1b"]}),
    )
    .await;
    let path = format!("/v1/candidates/{a}/merge");
    let (status, v) = json_of(app.post(&path, json!({})).await).await;
    assert_eq!(
        (status, v["details"][0]["path"].as_str()),
        (422, Some("from")),
        "{v}"
    );
    let (status, _) = json_of(app.post(&path, json!({"from": a})).await).await;
    assert_eq!(status, 422);
    let (status, _) = json_of(app.post(&path, json!({"from": Uuid::now_v7()})).await).await;
    assert_eq!(status, 404);
    // Sales may edit candidates but not delete them, so not merge them either.
    let sales = app.key_with(Role::Sales).await;
    let r = app
        .anon(Method::POST, &path)
        .bearer_auth(&sales)
        .json(&json!({"from": b}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // A stale If-Match is refused.
    let r = app
        .req(Method::POST, &path)
        .header("if-match", "\"7\"")
        .json(&json!({"from": b}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 412);
    let r = app
        .req(Method::POST, &path)
        .header("if-match", "\"1\"")
        .json(&json!({"from": b}))
        .send()
        .await
        .unwrap();
    let (status, m) = json_of(r).await;
    assert_eq!(status, 200, "{m}");
    assert_eq!(m["survivor"]["last_name"], "Kumar");
    assert_eq!(m["survivor"]["phone"], "+14155550100");
    assert_eq!(m["survivor"]["tags"], json!(["h1b"]));
    assert_eq!(m["survivor"]["version"], 2);
    assert!(m["suggestion"].is_null());
    // Contacts merge the same way; companies do not merge.
    let (_, c1) = json_of(
        app.post(
            "/v1/contacts",
            json!({"first_name": "Kim", "last_name": "Park"}),
        )
        .await,
    )
    .await;
    let (_, c2) = json_of(
        app.post(
            "/v1/contacts",
            json!({"first_name": "Kim", "last_name": "Park", "email": "kim@n.example"}),
        )
        .await,
    )
    .await;
    let (status, m) = json_of(
        app.post(
            &format!("/v1/contacts/{}/merge", c1["id"].as_str().unwrap()),
            json!({"from": c2["id"]}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, m["survivor"]["email"].as_str()),
        (200, Some("kim@n.example")),
        "{m}"
    );
    let r = app
        .post(
            &format!("/v1/companies/{}/merge", Uuid::now_v7()),
            json!({}),
        )
        .await;
    assert_eq!(r.status().as_u16(), 404);
    app.finish().await;
}

async fn open_suggestions_follow_the_survivor(app: TestApp) {
    let a = candidate(&app, json!({"first_name": "Ana", "last_name": "Lima"})).await;
    let b = candidate(&app, json!({"first_name": "Ana", "last_name": "Lima"})).await;
    let c = candidate(&app, json!({"first_name": "Ana", "last_name": "Lima"})).await;
    let id = |s: &str| Uuid::parse_str(s).unwrap();
    let pair = |x: &str, y: &str| NewDuplicate {
        a: id(x),
        b: id(y),
        score: 900,
        reasons: vec!["same name".into()],
    };
    app.store
        .add_duplicates(
            &app.scope,
            Entity::Candidate,
            vec![pair(&a, &b), pair(&b, &c)],
        )
        .await
        .unwrap();
    // Merge b into a: the (b, c) suggestion becomes (a, c).
    let (status, m) = json_of(
        app.post(&format!("/v1/candidates/{a}/merge"), json!({"from": b}))
            .await,
    )
    .await;
    assert_eq!(
        (status, m["suggestions_moved"].as_u64()),
        (200, Some(1)),
        "{m}"
    );
    let (_, open) = json_of(app.get("/v1/duplicates").await).await;
    let items = open["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{open}");
    let mut sides = [
        items[0]["a"].as_str().unwrap(),
        items[0]["b"].as_str().unwrap(),
    ];
    sides.sort_unstable();
    let mut expected = [a.as_str(), c.as_str()];
    expected.sort_unstable();
    assert_eq!(sides, expected);
    assert_eq!(items[0]["reasons"], json!(["same name"]));
    app.finish().await;
}
