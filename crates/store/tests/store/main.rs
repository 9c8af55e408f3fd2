//! The store's conformance suite: every test runs once on SQLite and once on PostgreSQL.

use hireloop_domain::entities::{Tenant, TenantSlug};
use hireloop_store::testing::TestDb;
use hireloop_store::{
    Actor, Backend, Entity, Filter, FilterColumn, IndexFields, ListQuery, NewRecord, Scope,
    SortField, StoreError, Visibility,
};
use serde_json::{Value, json};
use uuid::Uuid;

mod accounts;
mod audit;
mod bulk;
mod isolation;
mod jobs;
mod lookups;

pub(crate) use hireloop_store::on_both_engines;

on_both_engines!(
    create_get_and_journal,
    update_checks_version_and_keeps_history,
    soft_delete_and_restore,
    list_filters_search_and_paginates,
    tenants_cannot_touch_each_others_rows,
    migrations_are_idempotent_on_reopen,
);

pub(crate) async fn tenant(db: &TestDb, slug: &str) -> Scope {
    let t = Tenant::new(&format!("Tenant {slug}"), TenantSlug::parse(slug).unwrap()).unwrap();
    db.store.create_tenant(&t).await.unwrap();
    Scope::new(t.id, Actor::User("tester".into()))
}

pub(crate) fn candidate(name: &str, city: &str, skills: &[&str]) -> NewRecord {
    NewRecord {
        id: Uuid::now_v7(),
        data: json!({"name": name, "city": city, "skills": skills}),
        index: IndexFields {
            label: name.to_lowercase(),
            search: name.to_lowercase(),
            status: Some("active".into()),
            city: Some(city.into()),
            skills: skills.iter().map(|s| s.to_lowercase()).collect(),
            ..Default::default()
        },
    }
}

async fn create_get_and_journal(db: TestDb) {
    let s = tenant(&db, "acme").await;
    let rec = db
        .store
        .create(
            &s,
            Entity::Candidate,
            candidate("Ana Lopez", "Dallas", &["Rust"]),
        )
        .await
        .unwrap();
    assert_eq!(rec.version, 1);
    let got = db
        .store
        .get(&s, Entity::Candidate, rec.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, rec);
    let data: Value = serde_json::from_str(&got.data).unwrap();
    assert_eq!(data["name"], "Ana Lopez");
    assert_eq!(got.created_by, "user:tester");

    let revs = db
        .store
        .revisions(&s, Entity::Candidate, rec.id)
        .await
        .unwrap();
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].op, "create");
    assert_eq!(
        revs[0].changes["name"],
        json!({"from": null, "to": "Ana Lopez"})
    );

    let changes = db.store.changes_since(&s, 0, 100).await.unwrap();
    let mine: Vec<_> = changes.iter().filter(|c| c.entity == "candidate").collect();
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].op.as_str(), mine[0].version), ("create", 1));
    assert_eq!(mine[0].entity_id, rec.id.to_string());

    let audit = db.store.audit_list(&s, &Default::default()).await.unwrap();
    assert_eq!(audit[0].action, "candidate.create");
    assert_eq!(audit[0].actor, "user:tester");
    assert!(
        db.store
            .get(&s, Entity::Company, rec.id)
            .await
            .unwrap()
            .is_none(),
        "kinds do not mix"
    );
    db.cleanup().await;
}

async fn update_checks_version_and_keeps_history(db: TestDb) {
    let s = tenant(&db, "acme").await;
    let rec = db
        .store
        .create(&s, Entity::Candidate, candidate("Ana", "Dallas", &[]))
        .await
        .unwrap();
    let mut next = candidate("Ana Maria", "Austin", &["Go"]);
    next.id = rec.id;
    let updated = db
        .store
        .update(&s, Entity::Candidate, next.clone(), Some(1))
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    // A writer still holding version 1 loses, and learns the current version.
    let stale = db
        .store
        .update(&s, Entity::Candidate, next.clone(), Some(1))
        .await
        .unwrap_err();
    assert!(
        matches!(stale, StoreError::VersionConflict { current: 2 }),
        "{stale:?}"
    );
    // Writing the same body again is not a new version.
    let same = db
        .store
        .update(&s, Entity::Candidate, next, Some(2))
        .await
        .unwrap();
    assert_eq!(same.version, 2);

    let revs = db
        .store
        .revisions(&s, Entity::Candidate, rec.id)
        .await
        .unwrap();
    assert_eq!(
        revs.iter().map(|r| r.version).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(
        revs[1].changes["city"],
        json!({"from": "Dallas", "to": "Austin"})
    );
    assert_eq!(
        revs[1].changes["name"],
        json!({"from": "Ana", "to": "Ana Maria"})
    );
    assert!(revs[1].changes.get("version").is_none());
    // The create shows the body as first written, rebuilt from the later diffs.
    assert_eq!(revs[0].changes["name"], json!({"from": null, "to": "Ana"}));
    assert_eq!(
        revs[0].changes["city"],
        json!({"from": null, "to": "Dallas"})
    );
    assert_eq!(revs[0].changes["skills"], json!({"from": null, "to": []}));
    let missing = candidate("Nobody", "Nowhere", &[]);
    assert!(matches!(
        db.store.update(&s, Entity::Candidate, missing, None).await,
        Err(StoreError::NotFound)
    ));
    db.cleanup().await;
}

async fn soft_delete_and_restore(db: TestDb) {
    let s = tenant(&db, "acme").await;
    let rec = db
        .store
        .create(
            &s,
            Entity::Requirement,
            candidate("Rust dev", "Remote", &[]),
        )
        .await
        .unwrap();
    let stale = db
        .store
        .soft_delete(&s, Entity::Requirement, rec.id, Some(7))
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::VersionConflict { current: 1 }));
    let del = db
        .store
        .soft_delete(&s, Entity::Requirement, rec.id, Some(1))
        .await
        .unwrap();
    assert!(del.deleted_at.is_some());
    assert_eq!(del.version, 2);
    let q = ListQuery {
        limit: 10,
        ..Default::default()
    };
    assert!(
        db.store
            .list(&s, Entity::Requirement, &q)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let trash = ListQuery {
        limit: 10,
        visibility: Visibility::Deleted,
        ..Default::default()
    };
    assert_eq!(
        db.store
            .list(&s, Entity::Requirement, &trash)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    // A deleted record cannot be edited until it is restored.
    let mut edit = candidate("Rust lead", "Remote", &[]);
    edit.id = rec.id;
    assert!(matches!(
        db.store.update(&s, Entity::Requirement, edit, None).await,
        Err(StoreError::NotFound)
    ));
    let back = db
        .store
        .restore(&s, Entity::Requirement, rec.id, None)
        .await
        .unwrap();
    assert_eq!((back.deleted_at, back.version), (None, 3));
    assert_eq!(
        db.store
            .list(&s, Entity::Requirement, &q)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let ops: Vec<String> = db
        .store
        .revisions(&s, Entity::Requirement, rec.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.op)
        .collect();
    assert_eq!(ops, ["create", "delete", "restore"]);
    db.cleanup().await;
}

async fn list_filters_search_and_paginates(db: TestDb) {
    let s = tenant(&db, "acme").await;
    let names = [
        "delta", "alpha", "echo", "charlie", "bravo", "foxtrot", "golf",
    ];
    let mut ids = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let city = if i % 2 == 0 { "Dallas" } else { "Austin" };
        let skills: &[&str] = if i < 3 { &["Rust", "SQL"] } else { &["Java"] };
        ids.push(
            db.store
                .create(&s, Entity::Candidate, candidate(n, city, skills))
                .await
                .unwrap()
                .id,
        );
    }
    // Walk every sort order in pages of 2: each record appears exactly once, in order.
    for (sort, desc) in [
        (SortField::Created, false),
        (SortField::Created, true),
        (SortField::Label, false),
        (SortField::Label, true),
        (SortField::Updated, true),
    ] {
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let q = ListQuery {
                sort,
                descending: desc,
                cursor,
                limit: 2,
                ..Default::default()
            };
            let page = db.store.list(&s, Entity::Candidate, &q).await.unwrap();
            seen.extend(page.items.iter().map(|r| r.id));
            cursor = page.next_cursor;
            if cursor.is_none() {
                break;
            }
        }
        let mut expected = ids.clone();
        if sort == SortField::Label {
            let mut pairs: Vec<_> = names.iter().zip(ids.iter()).collect();
            pairs.sort();
            expected = pairs.into_iter().map(|(_, id)| *id).collect();
        }
        if desc {
            expected.reverse();
        }
        if sort == SortField::Updated {
            // Several rows may share a timestamp; only membership is guaranteed there.
            let (mut a, mut b) = (seen.clone(), expected.clone());
            a.sort();
            b.sort();
            assert_eq!(a, b, "{sort:?}");
        } else {
            assert_eq!(seen, expected, "{sort:?} desc={desc}");
        }
    }
    let filtered = |filters: Vec<Filter>, q: Option<&str>| ListQuery {
        filters,
        q: q.map(String::from),
        limit: 50,
        ..Default::default()
    };
    let by_city = filtered(
        vec![Filter {
            column: FilterColumn::City,
            values: vec!["DALLAS".into()],
        }],
        None,
    );
    assert_eq!(
        db.store
            .list(&s, Entity::Candidate, &by_city)
            .await
            .unwrap()
            .items
            .len(),
        4
    );
    let by_skill = filtered(
        vec![
            Filter {
                column: FilterColumn::Skill,
                values: vec!["rust".into()],
            },
            Filter {
                column: FilterColumn::City,
                values: vec!["austin".into()],
            },
        ],
        None,
    );
    let page = db
        .store
        .list(&s, Entity::Candidate, &by_skill)
        .await
        .unwrap();
    assert_eq!(
        page.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![ids[1]]
    );
    let text = filtered(vec![], Some("RAV"));
    assert_eq!(
        db.store
            .list(&s, Entity::Candidate, &text)
            .await
            .unwrap()
            .items[0]
            .id,
        ids[4]
    );
    let wildcard = filtered(vec![], Some("%"));
    assert!(
        db.store
            .list(&s, Entity::Candidate, &wildcard)
            .await
            .unwrap()
            .items
            .is_empty(),
        "LIKE wildcards are escaped"
    );
    let bad = ListQuery {
        cursor: Some("zz".into()),
        limit: 5,
        ..Default::default()
    };
    assert!(matches!(
        db.store.list(&s, Entity::Candidate, &bad).await,
        Err(StoreError::Invalid(_))
    ));
    db.cleanup().await;
}

async fn tenants_cannot_touch_each_others_rows(db: TestDb) {
    let a = tenant(&db, "a").await;
    let b = tenant(&db, "b").await;
    let rec = db
        .store
        .create(&a, Entity::Candidate, candidate("Secret", "Dallas", &[]))
        .await
        .unwrap();
    assert!(
        db.store
            .get(&b, Entity::Candidate, rec.id)
            .await
            .unwrap()
            .is_none()
    );
    let mut edit = candidate("Stolen", "X", &[]);
    edit.id = rec.id;
    assert!(matches!(
        db.store.update(&b, Entity::Candidate, edit, None).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        db.store
            .soft_delete(&b, Entity::Candidate, rec.id, None)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(
        db.store
            .revisions(&b, Entity::Candidate, rec.id)
            .await
            .unwrap()
            .is_empty()
    );
    let q = ListQuery {
        limit: 50,
        ..Default::default()
    };
    assert!(
        db.store
            .list(&b, Entity::Candidate, &q)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        db.store
            .audit_list(&b, &Default::default())
            .await
            .unwrap()
            .iter()
            .all(|e| e.entity_id != rec.id.to_string())
    );
    assert!(
        db.store
            .changes_since(&b, 0, 100)
            .await
            .unwrap()
            .iter()
            .all(|c| c.tenant_id == b.tenant.to_string())
    );
    // Reusing A's id in B is refused rather than overwriting A's row.
    let mut clash = candidate("Clash", "Y", &[]);
    clash.id = rec.id;
    assert!(matches!(
        db.store.create(&b, Entity::Candidate, clash).await,
        Err(StoreError::Conflict(_))
    ));

    if db.store.backend() == Backend::Postgres {
        // Row-level security: even a query with no tenant filter sees only its tenant.
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&db.url)
            .await
            .unwrap();
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("SELECT set_config('app.tenant_id', $1, true), set_config('role', 'hireloop_app', true)")
            .bind(b.tenant.to_string())
            .execute(&mut *tx)
            .await
            .unwrap();
        let visible: i64 = sqlx::Row::get(
            &sqlx::query("SELECT COUNT(*) FROM candidates")
                .fetch_one(&mut *tx)
                .await
                .unwrap(),
            0,
        );
        assert_eq!(visible, 0, "RLS hides tenant A's candidate from tenant B");
        let forged = sqlx::query("INSERT INTO candidates (id, tenant_id, version, data, label, search, created_at, updated_at, created_by, updated_by) VALUES ('x', $1, 1, '{}', '', '', 0, 0, '', '')")
            .bind(a.tenant.to_string())
            .execute(&mut *tx)
            .await;
        assert!(forged.is_err(), "RLS refuses writing into another tenant");
        drop(tx);
        pool.close().await;
    }
    db.cleanup().await;
}

async fn migrations_are_idempotent_on_reopen(db: TestDb) {
    let s = tenant(&db, "acme").await;
    db.store
        .create(&s, Entity::Contact, candidate("Kim", "Reno", &[]))
        .await
        .unwrap();
    let again = hireloop_store::Store::connect(&db.url).await.unwrap();
    assert_eq!(again.count(&s, Entity::Contact).await.unwrap(), 1);
    assert_eq!(
        again.tenant_by_slug("acme").await.unwrap().unwrap().id,
        s.tenant
    );
    again.close().await;
    db.cleanup().await;
}
