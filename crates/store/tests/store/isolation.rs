//! Property: random interleavings of creates, updates, deletes, restores and reads by
//! two tenants match a simple reference model, and neither tenant ever sees, changes or
//! lists the other's rows.

use std::collections::BTreeMap;

use hireloop_store::testing::TestDb;
use hireloop_store::{Entity, ListQuery, Scope, StoreError, Visibility};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use uuid::Uuid;

use crate::{candidate, on_both_engines, tenant};

#[derive(Debug, Clone)]
enum Op {
    Create { t: usize, name: String },
    Update { t: usize, pick: usize, name: String },
    Delete { t: usize, pick: usize },
    Restore { t: usize, pick: usize },
    Get { t: usize, pick: usize },
    List { t: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let t = 0..2usize;
    let pick = any::<usize>();
    let name = "[a-z]{1,8}";
    prop_oneof![
        3 => (t.clone(), name).prop_map(|(t, name)| Op::Create { t, name }),
        2 => (t.clone(), pick, name).prop_map(|(t, pick, name)| Op::Update { t, pick, name }),
        1 => (t.clone(), pick).prop_map(|(t, pick)| Op::Delete { t, pick }),
        1 => (t.clone(), pick).prop_map(|(t, pick)| Op::Restore { t, pick }),
        2 => (t.clone(), pick).prop_map(|(t, pick)| Op::Get { t, pick }),
        1 => t.prop_map(|t| Op::List { t }),
    ]
}

#[derive(Debug, Clone)]
struct Row {
    owner: usize,
    name: String,
    deleted: bool,
}

async fn check(db: &TestDb, ops: &[Op]) -> Result<(), TestCaseError> {
    let slug = |i: usize| format!("t{i}-{}", Uuid::now_v7().simple());
    let scopes: [Scope; 2] = [tenant(db, &slug(0)).await, tenant(db, &slug(1)).await];
    let mut model: BTreeMap<Uuid, Row> = BTreeMap::new();
    let mut ids: Vec<Uuid> = Vec::new();
    let s = &db.store;
    for op in ops {
        match op {
            Op::Create { t, name } => {
                let rec = s
                    .create(
                        &scopes[*t],
                        Entity::Candidate,
                        candidate(name, "Dallas", &[]),
                    )
                    .await
                    .unwrap();
                ids.push(rec.id);
                model.insert(
                    rec.id,
                    Row {
                        owner: *t,
                        name: name.clone(),
                        deleted: false,
                    },
                );
            }
            Op::Update { t, pick, name } if !ids.is_empty() => {
                let id = ids[pick % ids.len()];
                let mut next = candidate(name, "Dallas", &[]);
                next.id = id;
                let res = s.update(&scopes[*t], Entity::Candidate, next, None).await;
                let row = model.get_mut(&id).unwrap();
                if row.owner == *t && !row.deleted {
                    prop_assert!(res.is_ok(), "{res:?}");
                    row.name = name.clone();
                } else {
                    prop_assert!(matches!(res, Err(StoreError::NotFound)), "{res:?}");
                }
            }
            Op::Delete { t, pick } | Op::Restore { t, pick } if !ids.is_empty() => {
                let id = ids[pick % ids.len()];
                let delete = matches!(op, Op::Delete { .. });
                let res = if delete {
                    s.soft_delete(&scopes[*t], Entity::Candidate, id, None)
                        .await
                } else {
                    s.restore(&scopes[*t], Entity::Candidate, id, None).await
                };
                let row = model.get_mut(&id).unwrap();
                if row.owner == *t {
                    prop_assert!(res.is_ok(), "{res:?}");
                    row.deleted = delete;
                } else {
                    prop_assert!(matches!(res, Err(StoreError::NotFound)), "{res:?}");
                }
            }
            Op::Get { t, pick } if !ids.is_empty() => {
                let id = ids[pick % ids.len()];
                let got = s.get(&scopes[*t], Entity::Candidate, id).await.unwrap();
                let row = &model[&id];
                if row.owner == *t {
                    let got = got.expect("own row is visible");
                    let data: serde_json::Value = serde_json::from_str(&got.data).unwrap();
                    prop_assert_eq!(data["name"].as_str().unwrap(), row.name.as_str());
                    prop_assert_eq!(got.deleted_at.is_some(), row.deleted);
                } else {
                    prop_assert!(got.is_none(), "tenant {t} saw another tenant's row");
                }
            }
            Op::List { t } => {
                let q = ListQuery {
                    limit: 500,
                    visibility: Visibility::All,
                    ..Default::default()
                };
                let page = s.list(&scopes[*t], Entity::Candidate, &q).await.unwrap();
                let mut got: Vec<Uuid> = page.items.iter().map(|r| r.id).collect();
                got.sort();
                let want: Vec<Uuid> = model
                    .iter()
                    .filter(|(_, r)| r.owner == *t)
                    .map(|(id, _)| *id)
                    .collect();
                prop_assert_eq!(got, want);
            }
            _ => {}
        }
    }
    for (i, scope) in scopes.iter().enumerate() {
        let live = model
            .values()
            .filter(|r| r.owner == i && !r.deleted)
            .count() as i64;
        prop_assert_eq!(s.count(scope, Entity::Candidate).await.unwrap(), live);
        prop_assert!(s.audit_verify(scope).await.unwrap().ok);
    }
    Ok(())
}

async fn two_tenants_never_see_each_other(db: TestDb) {
    let mut runner = TestRunner::new(Config {
        cases: 12,
        failure_persistence: None,
        ..Config::default()
    });
    let handle = tokio::runtime::Handle::current();
    let result = tokio::task::block_in_place(|| {
        runner.run(&proptest::collection::vec(op(), 1..40), |ops| {
            handle.block_on(check(&db, &ops))
        })
    });
    db.cleanup().await;
    result.unwrap();
}

on_both_engines!(two_tenants_never_see_each_other);
