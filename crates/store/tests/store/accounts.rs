//! API keys, users and idempotency records.

use hireloop_domain::auth::Role;
use hireloop_domain::entities::User;
use hireloop_domain::values::Email;
use hireloop_store::testing::TestDb;
use hireloop_store::{StoreError, StoredResponse};

use crate::{on_both_engines, tenant};

on_both_engines!(
    api_keys_authenticate_until_revoked_or_expired,
    idempotency_keeps_first_response,
    idempotency_keys_expire
);

async fn api_keys_authenticate_until_revoked_or_expired(db: TestDb) {
    let s = tenant(&db, "acme").await;
    let key = db
        .store
        .create_key(&s, "ci", Role::Recruiter, None, None)
        .await
        .unwrap();
    assert!(key.token.starts_with(&format!("hl_{}_", key.key.prefix)));
    assert!(
        !format!("{key:?}").contains(&key.token),
        "Debug never prints the secret"
    );
    let p = db.store.authenticate(&key.token).await.unwrap().unwrap();
    assert_eq!((p.tenant, p.role), (s.tenant, Role::Recruiter));
    assert!(
        db.store
            .authenticate("hl_nope_nope")
            .await
            .unwrap()
            .is_none()
    );
    let listed = db.store.list_keys(&s).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].prefix, key.key.prefix);
    db.store.revoke_key(&s, key.key.id).await.unwrap();
    assert!(db.store.authenticate(&key.token).await.unwrap().is_none());
    assert!(matches!(
        db.store.revoke_key(&s, key.key.id).await,
        Err(StoreError::NotFound)
    ));

    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    let expired = db
        .store
        .create_key(&s, "old", Role::ReadOnly, None, Some(past))
        .await
        .unwrap();
    assert!(
        db.store
            .authenticate(&expired.token)
            .await
            .unwrap()
            .is_none()
    );
    let other = tenant(&db, "other").await;
    assert!(matches!(
        db.store.revoke_key(&other, expired.key.id).await,
        Err(StoreError::NotFound)
    ));
    let u = User::new(Email::parse("ana@example.com").unwrap(), "Ana", Role::Admin).unwrap();
    db.store.add_user(&s, &u).await.unwrap();
    let again = User::new(Email::parse("ana@example.com").unwrap(), "Ana", Role::Admin).unwrap();
    assert!(matches!(
        db.store.add_user(&s, &again).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(db.store.list_users(&s).await.unwrap(), vec![u]);
    assert!(db.store.list_users(&other).await.unwrap().is_empty());
    db.cleanup().await;
}

async fn idempotency_keeps_first_response(db: TestDb) {
    let s = tenant(&db, "acme").await;
    let first = StoredResponse {
        request_hash: "h1".into(),
        status: 201,
        headers: "{}".into(),
        body: "{\"a\":1}".into(),
    };
    assert!(db.store.idempotency_get(&s, "k").await.unwrap().is_none());
    assert!(db.store.idempotency_reserve(&s, "k", "h1").await.unwrap());
    assert!(
        !db.store.idempotency_reserve(&s, "k", "h1").await.unwrap(),
        "a key is claimed once"
    );
    let pending = db.store.idempotency_get(&s, "k").await.unwrap().unwrap();
    assert_eq!(pending.status, 0, "in progress");
    db.store
        .idempotency_complete(&s, "k", &first)
        .await
        .unwrap();
    assert_eq!(
        db.store.idempotency_get(&s, "k").await.unwrap(),
        Some(first.clone())
    );
    // Release frees only unfinished reservations.
    db.store.idempotency_release(&s, "k").await.unwrap();
    assert_eq!(
        db.store.idempotency_get(&s, "k").await.unwrap(),
        Some(first)
    );
    assert!(db.store.idempotency_reserve(&s, "k2", "h2").await.unwrap());
    db.store.idempotency_release(&s, "k2").await.unwrap();
    assert!(
        db.store.idempotency_reserve(&s, "k2", "h2").await.unwrap(),
        "released keys can be claimed again"
    );
    let other = tenant(&db, "other").await;
    assert!(
        db.store
            .idempotency_get(&other, "k")
            .await
            .unwrap()
            .is_none()
    );
    db.cleanup().await;
}

async fn idempotency_keys_expire(db: TestDb) {
    use hireloop_store::{IDEMPOTENCY_STUCK_MICROS, IDEMPOTENCY_TTL_MICROS, now_micros};
    let s = tenant(&db, "acme").await;
    let other = tenant(&db, "other").await;
    let done = StoredResponse {
        request_hash: "h".into(),
        status: 200,
        headers: "{}".into(),
        body: "{}".into(),
    };
    assert!(
        db.store
            .idempotency_reserve(&s, "finished", "h")
            .await
            .unwrap()
    );
    db.store
        .idempotency_complete(&s, "finished", &done)
        .await
        .unwrap();
    assert!(
        db.store
            .idempotency_reserve(&other, "finished", "h")
            .await
            .unwrap()
    );
    db.store
        .idempotency_complete(&other, "finished", &done)
        .await
        .unwrap();
    assert!(
        db.store
            .idempotency_reserve(&s, "stuck", "h")
            .await
            .unwrap()
    );
    let now = now_micros();
    assert_eq!(
        db.store.idempotency_expire(now).await.unwrap(),
        0,
        "all fresh"
    );
    // Past the stuck limit: the unfinished reservation goes, answers stay.
    let later = now + IDEMPOTENCY_STUCK_MICROS + 1_000_000;
    assert_eq!(db.store.idempotency_expire(later).await.unwrap(), 1);
    assert!(
        db.store
            .idempotency_get(&s, "stuck")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db.store
            .idempotency_get(&s, "finished")
            .await
            .unwrap()
            .is_some()
    );
    // Past the time to live: every tenant's answers go.
    let much_later = now + IDEMPOTENCY_TTL_MICROS + 1_000_000;
    assert_eq!(db.store.idempotency_expire(much_later).await.unwrap(), 2);
    assert!(
        db.store
            .idempotency_reserve(&s, "finished", "other")
            .await
            .unwrap()
    );
}
