//! The recommendation path (recall through the index, batch reads, rerank, ties by id)
//! against a reference written the slow, obvious way on a small tenant: every live
//! candidate read one by one, the hard filters applied by hand, the records' meaning
//! texts compared with vectors from `/v1/ai/embeddings` (the int8 estimate the recall
//! reports), every pair scored, sorted by score then id. On a
//! tenant smaller than the pool the two must give the same list and scores.

use hireloop_domain::entities::{Candidate, CandidateStatus, Requirement};
use hireloop_engine::matching::lexical::Lexical;
use hireloop_engine::matching::{
    CandidateProfile, Context, History, RequirementProfile, Similarity, Weights, score,
};
use hireloop_engine::search::{approx_cosine, candidate_doc, requirement_doc};
use hireloop_store::Entity;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{TestApp, json_of, on_both_engines};

on_both_engines!(the_ranked_list_agrees_with_a_brute_force_reference);

const SKILLS: &[&str] = &[
    "Java",
    "Kubernetes",
    "React",
    "Python",
    "Terraform",
    "AWS",
    "Go",
    "SQL",
    "Spring Boot",
    "Kafka",
];

const NAMES: [&str; 24] = [
    "Ada", "Ben", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lou", "Max", "Ned",
    "Oli", "Pat", "Quin", "Rae", "Sam", "Tom", "Uma", "Vic", "Wes", "Xan",
];

async fn vectors(app: &TestApp, texts: &[&str]) -> Vec<Vec<f32>> {
    let (s, v) = json_of(
        app.post(
            "/v1/ai/embeddings",
            json!({"texts": texts, "model": "static"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    v["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap() as f32)
                .collect()
        })
        .collect()
}

async fn the_ranked_list_agrees_with_a_brute_force_reference(app: TestApp) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let company = {
        let (_, v) = json_of(
            app.post("/v1/companies", json!({"name": "Hooli", "kind": "client"}))
                .await,
        )
        .await;
        v["id"].as_str().unwrap().to_owned()
    };
    let (_, job) = json_of(
        app.post(
            "/v1/requirements",
            json!({"title": "Backend Engineer", "company_id": company, "remote_mode": "hybrid",
                   "location": {"city": "Dallas", "region": "TX", "country": "US"},
                   "required_skills": [{"name": "Java"}, {"name": "Kafka"}, {"name": "SQL"}],
                   "preferred_skills": [{"name": "Kubernetes"}],
                   "min_years": 3, "max_years": 9,
                   "work_authorizations": ["us_citizen", "green_card", "h1b"]}),
        )
        .await,
    )
    .await;
    let job = job["id"].as_str().unwrap().to_owned();
    let statuses = [
        "active",
        "active",
        "active",
        "placed",
        "inactive",
        "do_not_contact",
    ];
    let auths = ["us_citizen", "green_card", "h1b", "opt_cpt", "unknown"];
    let mut ids = Vec::new();
    for i in 0..24 {
        let n = rng.random_range(1..=5);
        let skills: Vec<Value> = SKILLS
            .choose_multiple(&mut rng, n)
            .map(|s| json!({"name": s, "years": rng.random_range(1..10)}))
            .collect();
        let headline = ["Software Engineer", "Data Engineer", "Backend Developer"][i % 3];
        let mut body = json!({
            "first_name": NAMES[i], "last_name": "Tester",
            "headline": headline,
            "skills": skills,
            "status": statuses.choose(&mut rng).unwrap(),
            "work_authorization": auths.choose(&mut rng).unwrap(),
            "years_experience": rng.random_range(0..15),
        });
        if rng.random_bool(0.6) {
            body["location"] = json!({"city": "Dallas", "region": "TX", "country": "US"});
        }
        let (s, v) = json_of(app.post("/v1/candidates", body).await).await;
        assert_eq!(s, 201, "{v}");
        ids.push(v["id"].as_str().unwrap().to_owned());
    }
    // One blacklisted at the client.
    let (s, _) = json_of(
        app.post(
            &format!("/v1/companies/{company}/blacklist"),
            json!({"candidate_id": ids[0], "reason": "client declined"}),
        )
        .await,
    )
    .await;
    assert_eq!(s, 201);

    let (s, list) = json_of(
        app.get(&format!(
            "/v1/requirements/{job}/recommendations?topK=100&pool=1000&asOf={today}&record=false"
        ))
        .await,
    )
    .await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(
        list["semantic"], true,
        "the reference compares the vector side too"
    );

    // The reference.
    let scope = &app.scope;
    let job_id = Uuid::parse_str(&job).unwrap();
    let rec = app
        .store
        .get(scope, Entity::Requirement, job_id)
        .await
        .unwrap()
        .unwrap();
    let req: Requirement = serde_json::from_str(&rec.data).unwrap();
    let rp = RequirementProfile::new(job_id, &req);
    let mut eligible = Vec::new();
    for id in &ids[1..] {
        let id = Uuid::parse_str(id).unwrap();
        let r = app
            .store
            .get(scope, Entity::Candidate, id)
            .await
            .unwrap()
            .unwrap();
        let c: Candidate = serde_json::from_str(&r.data).unwrap();
        let status_ok = matches!(c.status, CandidateStatus::Active | CandidateStatus::Placed);
        let auth_ok = req.work_authorizations.contains(&c.work_authorization);
        if status_ok && auth_ok {
            eligible.push((CandidateProfile::new(id, &c, today), c));
        }
    }
    // Wording: TF-IDF over the profiles, document frequencies from the subject and the
    // eligible pool. Meaning: vectors of the texts the index embeds for each record.
    let mut texts: Vec<&str> = vec![rp.text.as_str()];
    texts.extend(eligible.iter().map(|c| c.0.text.as_str()));
    let lex = Lexical::fit(&texts);
    let mut meanings = vec![requirement_doc(job_id, &req, None).1];
    meanings.extend(eligible.iter().map(|c| candidate_doc(c.0.id, &c.1).1));
    let meanings: Vec<&str> = meanings.iter().map(String::as_str).collect();
    let vs = vectors(&app, &meanings).await;
    let mut want: Vec<(Uuid, f64)> = eligible
        .iter()
        .enumerate()
        .map(|(i, (c, _))| {
            let ctx = Context {
                similarity: Similarity {
                    semantic: Some(f64::from(approx_cosine(&vs[0], &vs[i + 1]))),
                    lexical: Some(lex.vector(&rp.text).cosine(&lex.vector(&c.text))),
                    role: None,
                },
                history: History::default(),
                today,
            };
            (c.id, score(c, &rp, &ctx, &Weights::default()).score)
        })
        .collect();
    want.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

    let got: Vec<(Uuid, f64)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| {
            (
                Uuid::parse_str(it["candidate_id"].as_str().unwrap()).unwrap(),
                it["score"].as_f64().unwrap(),
            )
        })
        .collect();
    assert!(want.len() >= 5, "the seed gives a useful tenant: {want:?}");
    assert_eq!(
        got.iter().map(|g| g.0).collect::<Vec<_>>(),
        want.iter().map(|w| w.0).collect::<Vec<_>>(),
        "same people in the same order"
    );
    for (g, w) in got.iter().zip(&want) {
        assert!(
            (g.1 - w.1).abs() < 1e-4,
            "{} scored {} against {}",
            g.0,
            g.1,
            w.1
        );
    }
    assert_eq!(list["excluded"]["blacklisted"], 1);
    app.finish().await;
}
