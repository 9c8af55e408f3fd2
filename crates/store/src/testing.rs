//! Test support: a fresh, empty database per test, on either engine.
//! PostgreSQL comes from `HIRELOOP_TEST_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); if it cannot be reached the test
//! fails, never skips, so a green run always means both engines were exercised.

use sqlx::Executor;
use sqlx::any::AnyPoolOptions;

use crate::backend::{Backend, Store};

/// Declares each `async fn name(db: TestDb)` of the calling module as two tests,
/// `sqlite::name` and `postgres::name`, each on a fresh database of its engine.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::testing::TestDb::new($crate::Backend::Sqlite).await).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::testing::TestDb::new($crate::Backend::Postgres).await).await
            })*
        }
    };
}

/// A throwaway database. SQLite lives in a temp dir removed on drop; PostgreSQL is a
/// database named `hl_t_…`, dropped by `cleanup` (and by the test script's sweep).
#[derive(Debug)]
pub struct TestDb {
    pub store: Store,
    pub url: String,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

pub fn pg_admin_url() -> String {
    std::env::var("HIRELOOP_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                let store = Store::connect(&url).await.expect("open sqlite");
                TestDb {
                    store,
                    url,
                    pg_name: None,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let (url, name) = create_pg_database().await;
                let store = Store::connect(&url)
                    .await
                    .expect("open postgres test database");
                TestDb {
                    store,
                    url,
                    pg_name: Some(name),
                    _dir: None,
                }
            }
        }
    }

    /// Drops the PostgreSQL database; call at the end of a test.
    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some(name) = self.pg_name
            && let Ok(pool) = admin_pool().await
        {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = pool.execute(sqlx::AssertSqlSafe(sql)).await;
        }
    }
}

async fn admin_pool() -> Result<sqlx::AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    AnyPoolOptions::new()
        .max_connections(1)
        .connect(&pg_admin_url())
        .await
}

/// Creates an empty PostgreSQL database and returns its URL and name. Panics with a
/// clear message when PostgreSQL cannot be reached.
pub async fn create_pg_database() -> (String, String) {
    let admin = pg_admin_url();
    let pool = admin_pool().await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is required for the test suite and is not reachable at {admin}: {e}. \
             Start it (scripts/test.sh does) or set HIRELOOP_TEST_PG_URL."
        )
    });
    let name = format!("hl_t_{}", uuid::Uuid::now_v7().simple());
    pool.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .expect("create test database");
    pool.close().await;
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    (format!("{base}/{name}"), name)
}
