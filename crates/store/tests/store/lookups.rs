//! Lookups by identifying columns and suggested duplicate merges.

use hireloop_store::testing::TestDb;
use hireloop_store::{Entity, LookupColumn, NewDuplicate};

use crate::{candidate, on_both_engines, tenant};

on_both_engines!(
    lookups_find_live_records_by_column,
    duplicate_suggestions_are_unordered_pairs_resolved_once
);

async fn lookups_find_live_records_by_column(db: TestDb) {
    let acme = tenant(&db, "acme").await;
    let other = tenant(&db, "other").await;
    let mut ann = candidate("Ann Lee", "Austin", &["Rust"]);
    ann.index.email = Some("ann@example.com".into());
    ann.index.external_id = Some("ATS-1".into());
    let ann_id = ann.id;
    db.store
        .create(&acme, Entity::Candidate, ann.clone())
        .await
        .unwrap();
    let mut bob = candidate("Bob Ray", "Austin", &[]);
    bob.index.email = Some("bob@example.com".into());
    let bob_id = bob.id;
    db.store
        .create(&acme, Entity::Candidate, bob)
        .await
        .unwrap();
    let mut clone = ann.clone();
    clone.id = uuid::Uuid::now_v7();
    db.store
        .create(&other, Entity::Candidate, clone)
        .await
        .unwrap();

    let emails: Vec<String> = (0..700)
        .map(|i| format!("nobody{i}@example.com"))
        .chain(["ann@example.com".into(), "bob@example.com".into()])
        .collect();
    let found = db
        .store
        .find_by(&acme, Entity::Candidate, LookupColumn::Email, &emails)
        .await
        .unwrap();
    assert_eq!(found.len(), 2, "values are looked up in chunks");
    assert_eq!(found["ann@example.com"][0].id, ann_id);
    let by_ext = db
        .store
        .find_by(
            &acme,
            Entity::Candidate,
            LookupColumn::ExternalId,
            &["ATS-1".into()],
        )
        .await
        .unwrap();
    assert_eq!(
        by_ext["ATS-1"].len(),
        1,
        "the other tenant's copy is not found"
    );

    db.store
        .soft_delete(&acme, Entity::Candidate, bob_id, None)
        .await
        .unwrap();
    let found = db
        .store
        .find_by(&acme, Entity::Candidate, LookupColumn::Email, &emails)
        .await
        .unwrap();
    assert!(
        !found.contains_key("bob@example.com"),
        "deleted records are not found"
    );
    db.cleanup().await;
}

async fn duplicate_suggestions_are_unordered_pairs_resolved_once(db: TestDb) {
    let acme = tenant(&db, "acme").await;
    let other = tenant(&db, "other").await;
    let (a, b) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let pair = |x, y| NewDuplicate {
        a: x,
        b: y,
        score: 950,
        reasons: vec!["same e-mail".into()],
    };
    let added = db
        .store
        .add_duplicates(
            &acme,
            Entity::Candidate,
            vec![pair(a, b), pair(b, a), pair(a, a)],
        )
        .await
        .unwrap();
    assert_eq!(added, 1);
    let open = db
        .store
        .list_duplicates(&acme, Entity::Candidate, "open", None, 10)
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].a, open[0].b), (a.min(b), a.max(b)));
    assert_eq!(open[0].reasons, ["same e-mail"]);
    assert!(
        db.store
            .list_duplicates(&other, Entity::Candidate, "open", None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        db.store
            .duplicate(&other, open[0].id)
            .await
            .unwrap()
            .is_none()
    );

    let done = db
        .store
        .resolve_duplicate(&acme, open[0].id, "dismissed")
        .await
        .unwrap();
    assert_eq!(done.status, "dismissed");
    assert!(done.resolved_by.is_some());
    assert!(
        db.store
            .resolve_duplicate(&acme, open[0].id, "merged")
            .await
            .is_err()
    );
    assert!(
        db.store
            .resolve_duplicate(&acme, open[0].id, "bogus")
            .await
            .is_err()
    );
    db.cleanup().await;
}
