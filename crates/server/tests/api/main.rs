//! API tests through `spawn_app()`: each test gets its own database and port, and runs
//! once on SQLite and once on PostgreSQL. Error bodies are snapshot-tested; both engines
//! share one snapshot per case, which also proves they answer alike.

mod crud;
mod duplicates;
mod embeddings;
mod errors;
mod extract;
mod imports;
mod isolation;
mod matching;
mod matching_cache;
mod matching_recall;
mod matching_reference;
mod matching_similar;
mod parse;
mod pipeline;
mod platform;
mod requirements;
mod resumes;
mod reviews;
mod search;

use hireloop_domain::auth::Role;
use hireloop_domain::entities::{Tenant, TenantSlug};
use hireloop_store::testing::TestDb;
use hireloop_store::{Actor, Backend, Scope, Store};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::Value;

/// A running server on port 0 with a fresh database, a tenant and an owner key.
#[derive(Debug)]
pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub store: Store,
    pub scope: Scope,
    pub key: String,
    /// The requirements inbox the server watches (`<inbox>/acme/` is this tenant's).
    pub inbox: std::path::PathBuf,
    db: Option<TestDb>,
    server: tokio::task::JoinHandle<()>,
    _files: tempfile::TempDir,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    let db = TestDb::new(backend).await;
    let store = db.store.clone();
    let t = Tenant::new("Acme Staffing", TenantSlug::parse("acme").unwrap()).unwrap();
    store.create_tenant(&t).await.unwrap();
    let scope = Scope::new(t.id, Actor::System("test".into()));
    let key = store
        .create_key(&scope, "owner", Role::Owner, None, None)
        .await
        .unwrap()
        .token;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let files_dir = tempfile::tempdir().unwrap();
    let files = hireloop_store::Files::local(files_dir.path()).unwrap();
    let taxonomy = hireloop_ingest::skills::Taxonomy::from_forms(&["java", "react", "kubernetes"]);
    let ingest =
        hireloop_engine::imports::Ingest::new(store.clone(), files, std::sync::Arc::new(taxonomy))
            .with_places(std::sync::Arc::new(places()));
    let inbox = hireloop_engine::inbox::InboxConfig {
        poll: std::time::Duration::from_millis(200),
        ..hireloop_engine::inbox::InboxConfig::under(files_dir.path())
    };
    let inbox_dir = inbox.dir.clone();
    let embedders = hireloop_engine::embeddings::Embedders::from_assets(
        hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir()),
    );
    let app = hireloop_server::App::build(store.clone(), ingest, listener)
        .await
        .unwrap()
        .with_inbox(inbox)
        .with_embedders(embedders.clone())
        .with_search(hireloop_engine::search::Search::new(
            store.clone(),
            files_dir.path().join("search"),
            embedders,
            Some(std::sync::Arc::new(places())),
        ));
    let base = format!("http://{}", app.addr());
    let server = tokio::spawn(async move {
        let _ = app.run(std::future::pending()).await;
    });
    TestApp {
        base,
        client: Client::new(),
        store,
        scope,
        key,
        inbox: inbox_dir,
        db: Some(db),
        server,
        _files: files_dir,
    }
}

/// A gazetteer of two cities, enough to see locations completed.
fn places() -> hireloop_ingest::places::Gazetteer {
    let cities = serde_json::json!({
        "4684888": {"geonameid": 4684888, "name": "Dallas", "latitude": 32.78306,
                    "longitude": -96.80667, "countrycode": "US", "population": 1300092,
                    "timezone": "America/Chicago", "admin1code": "TX", "alternatenames": []},
        "5128581": {"geonameid": 5128581, "name": "New York City", "latitude": 40.71427,
                    "longitude": -74.00597, "countrycode": "US", "population": 8804190,
                    "timezone": "America/New_York", "admin1code": "NY",
                    "alternatenames": ["New York", "NYC"]},
    });
    let countries = serde_json::json!({"US": {"iso": "US", "population": 327167434}});
    hireloop_ingest::places::Gazetteer::from_readers(
        cities.to_string().as_bytes(),
        countries.to_string().as_bytes(),
    )
    .unwrap()
}

impl TestApp {
    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.key)
    }

    pub fn anon(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }

    /// A key with `role` in this app's tenant.
    pub async fn key_with(&self, role: Role) -> String {
        self.store
            .create_key(&self.scope, role.as_str(), role, None, None)
            .await
            .unwrap()
            .token
    }

    /// A second tenant with an owner key.
    pub async fn other_tenant(&self, slug: &str) -> String {
        let t = Tenant::new(slug, TenantSlug::parse(slug).unwrap()).unwrap();
        self.store.create_tenant(&t).await.unwrap();
        let scope = Scope::new(t.id, Actor::System("test".into()));
        self.store
            .create_key(&scope, "owner", Role::Owner, None, None)
            .await
            .unwrap()
            .token
    }

    /// The body of an unauthenticated GET, as text.
    pub async fn public_text(&self, path: &str) -> String {
        let r = self.anon(Method::GET, path).send().await.unwrap();
        r.text().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.req(Method::POST, path)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.req(Method::GET, path).send().await.unwrap()
    }

    pub async fn finish(mut self) {
        self.server.abort();
        if let Some(db) = self.db.take() {
            db.cleanup().await;
        }
    }
}

pub async fn json_of(r: Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    let v = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, v)
}

/// An error body must have exactly the documented shape.
pub fn assert_error_shape(v: &Value) {
    let o = v.as_object().expect("error body is an object");
    for k in ["code", "message", "type"] {
        assert!(o.get(k).is_some_and(Value::is_string), "{k} in {v}");
    }
    assert!(
        o.keys()
            .all(|k| ["code", "message", "type", "details"].contains(&k.as_str())),
        "{v}"
    );
}

#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::spawn_app(hireloop_store::Backend::Sqlite).await).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::spawn_app(hireloop_store::Backend::Postgres).await).await
            })*
        }
    };
}

/// Snapshot a JSON body under a name shared by both engines.
#[macro_export]
macro_rules! snap {
    ($name:expr, $value:expr) => {
        insta::with_settings!({prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_json_snapshot!($name, $value, {
                ".id" => "[id]", ".created_at" => "[time]", ".updated_at" => "[time]",
                ".deleted_at" => "[time]", ".created_by" => "[actor]", ".updated_by" => "[actor]",
                ".company_id" => "[id]"
            });
        });
    };
}
