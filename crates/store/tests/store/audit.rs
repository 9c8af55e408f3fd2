//! The audit chain: verification passes on an honest trail and finds tampering.

use hireloop_store::Entity;
use hireloop_store::testing::TestDb;
use sqlx::Executor;

use crate::{candidate, on_both_engines, tenant};

on_both_engines!(audit_chain_detects_tampering);

async fn audit_chain_detects_tampering(db: TestDb) {
    let s = tenant(&db, "acme").await;
    let other = tenant(&db, "other").await;
    for i in 0..5 {
        db.store
            .create(
                &s,
                Entity::Company,
                candidate(&format!("Co {i}"), "Dallas", &[]),
            )
            .await
            .unwrap();
    }
    db.store
        .create(&other, Entity::Company, candidate("Other", "Austin", &[]))
        .await
        .unwrap();
    let ok = db.store.audit_verify(&s).await.unwrap();
    assert!(ok.ok, "{ok:?}");
    assert_eq!(ok.entries, 6, "tenant.create + 5 creates");

    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&db.url)
        .await
        .unwrap();
    pool.execute(sqlx::AssertSqlSafe(format!(
        "UPDATE audit_log SET detail = '{{\"forged\":true}}' WHERE tenant_id = '{}' AND seq = 3",
        s.tenant
    )))
    .await
    .unwrap();
    let bad = db.store.audit_verify(&s).await.unwrap();
    assert!(!bad.ok);
    assert_eq!(bad.first_bad_seq, Some(3));
    assert!(bad.problem.unwrap().contains("digest"));
    assert!(
        db.store.audit_verify(&other).await.unwrap().ok,
        "other tenants' chains are unaffected"
    );

    // Deleting the newest entry is caught by the head the tenant row keeps.
    pool.execute(sqlx::AssertSqlSafe(format!(
        "DELETE FROM audit_log WHERE tenant_id = '{}' AND seq = 1",
        other.tenant
    )))
    .await
    .unwrap();
    let cut = db.store.audit_verify(&other).await.unwrap();
    assert!(!cut.ok);
    assert_eq!(cut.first_bad_seq, Some(1));
    pool.close().await;
    db.cleanup().await;
}
