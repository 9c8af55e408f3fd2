//! Property: random creates, updates, deletes and reads by two tenants through the API;
//! neither tenant ever sees, lists, changes or deletes the other's records.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::Method;
use serde_json::json;

use crate::{TestApp, json_of, on_both_engines};

#[derive(Debug, Clone)]
enum Op {
    Create(usize, String),
    Patch(usize, usize, String),
    Delete(usize, usize),
    Get(usize, usize),
    List(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..2usize, "[A-Z][a-z]{1,6}").prop_map(|(t, n)| Op::Create(t, n)),
        2 => (0..2usize, any::<usize>(), "[A-Z][a-z]{1,6}").prop_map(|(t, p, n)| Op::Patch(t, p, n)),
        1 => (0..2usize, any::<usize>()).prop_map(|(t, p)| Op::Delete(t, p)),
        2 => (0..2usize, any::<usize>()).prop_map(|(t, p)| Op::Get(t, p)),
        1 => (0..2usize).prop_map(Op::List),
    ]
}

async fn check(app: &TestApp, keys: &[String; 2], ops: &[Op]) -> Result<(), TestCaseError> {
    // (id, owner, name, deleted)
    let mut model: Vec<(String, usize, String, bool)> = Vec::new();
    let call = |t: usize, m: Method, path: String| app.anon(m, &path).bearer_auth(&keys[t]);
    for op in ops {
        match op {
            Op::Create(t, name) => {
                let (s, v) = json_of(
                    call(*t, Method::POST, "/v1/companies".into())
                        .json(&json!({"name": name}))
                        .send()
                        .await
                        .unwrap(),
                )
                .await;
                prop_assert_eq!(s, 201);
                model.push((
                    v["id"].as_str().unwrap().to_string(),
                    *t,
                    name.clone(),
                    false,
                ));
            }
            Op::Patch(t, pick, name) if !model.is_empty() => {
                let i = pick % model.len();
                let r = call(*t, Method::PATCH, format!("/v1/companies/{}", model[i].0))
                    .json(&json!({"name": name}))
                    .send()
                    .await
                    .unwrap();
                if model[i].1 == *t && !model[i].3 {
                    prop_assert_eq!(r.status().as_u16(), 200);
                    model[i].2 = name.clone();
                } else {
                    prop_assert_eq!(r.status().as_u16(), 404);
                }
            }
            Op::Delete(t, pick) if !model.is_empty() => {
                let i = pick % model.len();
                let r = call(*t, Method::DELETE, format!("/v1/companies/{}", model[i].0))
                    .send()
                    .await
                    .unwrap();
                if model[i].1 == *t && !model[i].3 {
                    prop_assert_eq!(r.status().as_u16(), 200);
                    model[i].3 = true;
                } else {
                    prop_assert_eq!(r.status().as_u16(), 404);
                }
            }
            Op::Get(t, pick) if !model.is_empty() => {
                let i = pick % model.len();
                let r = call(
                    *t,
                    Method::GET,
                    format!("/v1/companies/{}?include_deleted=true", model[i].0),
                )
                .send()
                .await
                .unwrap();
                if model[i].1 == *t {
                    let (s, v) = json_of(r).await;
                    prop_assert_eq!(s, 200);
                    prop_assert_eq!(v["name"].as_str().unwrap(), model[i].2.as_str());
                } else {
                    prop_assert_eq!(
                        r.status().as_u16(),
                        404,
                        "tenant {} read another tenant's record",
                        t
                    );
                }
            }
            Op::List(t) => {
                let (_, v) = json_of(
                    call(
                        *t,
                        Method::GET,
                        "/v1/companies?include_deleted=true&limit=200".into(),
                    )
                    .send()
                    .await
                    .unwrap(),
                )
                .await;
                let mut got: Vec<String> = v["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_str().unwrap().to_string())
                    .collect();
                got.sort();
                let mut want: Vec<String> = model
                    .iter()
                    .filter(|m| m.1 == *t)
                    .map(|m| m.0.clone())
                    .collect();
                want.sort();
                prop_assert_eq!(got, want);
            }
            _ => {}
        }
    }
    Ok(())
}

async fn two_tenants_never_see_each_other_via_api(app: TestApp) {
    let mut runner = TestRunner::new(Config {
        cases: 8,
        failure_persistence: None,
        ..Config::default()
    });
    let handle = tokio::runtime::Handle::current();
    let case = std::sync::atomic::AtomicUsize::new(0);
    let result = tokio::task::block_in_place(|| {
        runner.run(&proptest::collection::vec(op(), 1..30), |ops| {
            let case = case.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            handle.block_on(async {
                let keys = [
                    app.other_tenant(&format!("a{case}")).await,
                    app.other_tenant(&format!("b{case}")).await,
                ];
                check(&app, &keys, &ops).await
            })
        })
    });
    app.finish().await;
    result.unwrap();
}

on_both_engines!(two_tenants_never_see_each_other_via_api);
