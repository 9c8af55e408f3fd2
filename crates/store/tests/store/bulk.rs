//! Bulk writes: many records per statement, imports journalled once per batch, and the
//! indexes a bulk load defers.

use hireloop_store::testing::TestDb;
use hireloop_store::{Backend, Entity, Filter, FilterColumn, ListQuery, LookupColumn, NewRecord};
use serde_json::Value;
use uuid::Uuid;

use crate::{candidate, on_both_engines, tenant};

on_both_engines!(
    bulk_create_journals_every_record,
    import_journals_each_batch_once,
    deferred_indexes_come_back_after_a_crash,
);

async fn bulk_create_journals_every_record(db: TestDb) {
    let s = tenant(&db, "acme").await;
    db.store
        .create(&s, Entity::Candidate, candidate("First", "Dallas", &[]))
        .await
        .unwrap();
    // Large enough to span several multi-row statements.
    let batch: Vec<NewRecord> = (0..1500)
        .map(|i| candidate(&format!("bulk {i}"), "Austin", &["Go"]))
        .collect();
    let ids: Vec<Uuid> = batch.iter().map(|r| r.id).collect();
    assert_eq!(
        db.store
            .create_many(&s, Entity::Candidate, batch)
            .await
            .unwrap(),
        1500
    );
    db.store
        .create(&s, Entity::Candidate, candidate("Last", "Dallas", &[]))
        .await
        .unwrap();
    assert_eq!(db.store.count(&s, Entity::Candidate).await.unwrap(), 1502);
    let got = db
        .store
        .get(&s, Entity::Candidate, ids[777])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&got.data).unwrap()["name"],
        "bulk 777"
    );
    assert_eq!(got.version, 1);
    let revs = db
        .store
        .revisions(&s, Entity::Candidate, ids[1499])
        .await
        .unwrap();
    assert_eq!((revs.len(), revs[0].op.as_str()), (1, "create"));
    let austin = ListQuery {
        filters: vec![Filter {
            column: FilterColumn::City,
            values: vec!["austin".into()],
        }],
        limit: 500,
        ..Default::default()
    };
    assert_eq!(
        db.store
            .list(&s, Entity::Candidate, &austin)
            .await
            .unwrap()
            .items
            .len(),
        500
    );
    assert_eq!(
        db.store.changes_since(&s, 0, 10_000).await.unwrap().len(),
        1502
    );
    let chain = db.store.audit_verify(&s).await.unwrap();
    assert!(chain.ok, "{chain:?}");
    assert_eq!(
        chain.entries,
        1 + 1502,
        "tenant.create and one entry per record"
    );
    // A batch with a clashing id writes nothing at all.
    let mut clash = vec![candidate("New", "Reno", &[]), candidate("Dup", "Reno", &[])];
    clash[1].id = ids[0];
    assert!(
        db.store
            .create_many(&s, Entity::Candidate, clash)
            .await
            .is_err()
    );
    assert_eq!(db.store.count(&s, Entity::Candidate).await.unwrap(), 1502);
    assert!(db.store.audit_verify(&s).await.unwrap().ok);
    db.cleanup().await;
}

async fn import_journals_each_batch_once(db: TestDb) {
    use sha2::Digest as _;
    let s = tenant(&db, "acme").await;
    db.store
        .create(&s, Entity::Candidate, candidate("First", "Dallas", &[]))
        .await
        .unwrap();
    // Large enough to span several multi-row statements on both engines.
    let batch: Vec<NewRecord> = (0..1500)
        .map(|i| candidate(&format!("bulk {i}"), "Austin", &["Go"]))
        .collect();
    let ids: Vec<Uuid> = batch.iter().map(|r| r.id).collect();
    assert_eq!(
        db.store
            .import_many(
                &s,
                Entity::Candidate,
                batch.into_iter().map(Into::into).collect(),
                "import:job-1"
            )
            .await
            .unwrap()
            .records,
        1500
    );
    assert_eq!(
        db.store
            .import_many(&s, Entity::Candidate, Vec::new(), "import:job-1")
            .await
            .unwrap()
            .records,
        0
    );
    assert_eq!(db.store.count(&s, Entity::Candidate).await.unwrap(), 1501);
    let got = db
        .store
        .get(&s, Entity::Candidate, ids[777])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&got.data).unwrap()["name"],
        "bulk 777"
    );
    // Every record's history and the change feed still show its create.
    let revs = db
        .store
        .revisions(&s, Entity::Candidate, ids[1499])
        .await
        .unwrap();
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].op, "create");
    assert_eq!(revs[0].changes["name"]["to"], "bulk 1499");
    let changes = db.store.changes_since(&s, 0, 10_000).await.unwrap();
    assert_eq!(changes.len(), 1501);
    let imported: Vec<&str> = changes[1..]
        .iter()
        .map(|c| {
            assert_eq!((c.op.as_str(), c.version), ("create", 1));
            c.entity_id.as_str()
        })
        .collect();
    let expected: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    assert_eq!(imported, expected);
    // The trail: tenant.create, the first record's create, then one entry for the batch.
    let chain = db.store.audit_verify(&s).await.unwrap();
    assert!(chain.ok, "{chain:?}");
    assert_eq!(chain.entries, 3);
    let newest = hireloop_store::AuditFilter {
        limit: 10,
        ..Default::default()
    };
    let audit = db.store.audit_list(&s, &newest).await.unwrap();
    assert_eq!(audit.len(), 3);
    assert_eq!(audit[0].action, "candidate.import");
    assert_eq!(audit[0].entity_id, "import:job-1");
    assert_eq!(audit[0].actor, "user:tester");
    assert_eq!(audit[0].detail["count"], 1500);
    assert_eq!(audit[0].detail["first_id"], expected[0]);
    assert_eq!(audit[0].detail["last_id"], expected[1499]);
    let digest = hex::encode(sha2::Sha256::digest(expected.join("\n").as_bytes()));
    assert_eq!(audit[0].detail["ids_sha256"], digest);
    assert_eq!(audit[1].action, "candidate.create");
    // A batch with a clashing id writes nothing at all, audit entry included.
    let mut clash = vec![candidate("New", "Reno", &[]), candidate("Dup", "Reno", &[])];
    clash[1].id = ids[0];
    assert!(
        db.store
            .import_many(
                &s,
                Entity::Candidate,
                clash.into_iter().map(Into::into).collect(),
                "import:job-2"
            )
            .await
            .is_err()
    );
    assert_eq!(db.store.count(&s, Entity::Candidate).await.unwrap(), 1501);
    let chain = db.store.audit_verify(&s).await.unwrap();
    assert!(chain.ok && chain.entries == 3, "{chain:?}");
    db.cleanup().await;
}

/// A bulk load drops a table's random-order indexes and builds them at its end; if the
/// process dies in between, the next start builds them. PostgreSQL keeps its indexes.
async fn deferred_indexes_come_back_after_a_crash(db: TestDb) {
    let s = tenant(&db, "acme").await;
    let sqlite = db.store.backend() == Backend::Sqlite;
    db.store
        .create(
            &s,
            Entity::Candidate,
            candidate("Ann Lee", "Austin", &["Go"]),
        )
        .await
        .unwrap();
    let deferred = db
        .store
        .defer_indexes(Entity::Candidate, "job-1")
        .await
        .unwrap();
    let expected: &[&str] = if sqlite {
        &[
            "candidates_email",
            "candidates_external",
            "candidates_label",
            "candidates_phone",
        ]
    } else {
        &[]
    };
    assert_eq!(deferred, expected);
    // Writes and reads go on without them.
    db.store
        .create(&s, Entity::Candidate, candidate("Bo Li", "Reno", &[]))
        .await
        .unwrap();
    let found = db
        .store
        .find_by(
            &s,
            Entity::Candidate,
            LookupColumn::Label,
            &["bo li".to_owned()],
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    // The process dies here; the next start builds what is missing.
    db.store.close().await;
    let reopened = hireloop_store::Store::connect(&db.url).await.unwrap();
    assert!(reopened.restore_indexes(None).await.unwrap().is_empty());
    let again = reopened
        .defer_indexes(Entity::Candidate, "job-2")
        .await
        .unwrap();
    assert_eq!(again, expected, "they were all there to defer again");
    assert_eq!(
        reopened.restore_indexes(Some("job-2")).await.unwrap(),
        expected
    );
    assert!(reopened.restore_indexes(None).await.unwrap().is_empty());
    assert_eq!(reopened.count(&s, Entity::Candidate).await.unwrap(), 2);
    reopened.close().await;
    db.cleanup().await;
}
