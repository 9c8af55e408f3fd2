//! Hireloop's HTTP server: REST under /v1 with an OpenAPI 3.1 document and docs page,
//! API-key auth with role checks in handler signatures, request ids, health, readiness
//! and Prometheus metrics.

pub mod auth;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod openapi;
mod openapi_ai;
mod openapi_documents;
mod openapi_imports;
mod openapi_matching;
mod openapi_pipeline;
mod openapi_reviews;
mod openapi_search;
pub mod routes;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::HeaderName;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hireloop_engine::embeddings::Embedders;
use hireloop_engine::imports::Ingest;
use hireloop_engine::imports::worker::run_worker;
use hireloop_engine::inbox::{InboxConfig, run_inbox};
use hireloop_engine::records::Records;
use hireloop_engine::search::Search;
use hireloop_store::Store;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::auth::Auth;
use crate::error::{ApiError, Code};

/// Request bodies larger than this are refused with 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub records: Records,
    pub ingest: Ingest,
    /// MiniLM and the static table for `/v1/ai/embeddings`, loaded on first use.
    pub embedders: Embedders,
    /// Keyword, semantic and hybrid search (`None`: `/v1/search` answers 503).
    pub search: Option<Search>,
    /// Wakes this node's job worker when the API queues work.
    pub wake_worker: Arc<Notify>,
    pub auth: Arc<Auth>,
    pub metrics: PrometheusHandle,
    /// Prepared candidate and requirement profiles that recommendations keep between
    /// requests.
    pub profiles: Arc<hireloop_engine::recommend::Profiles>,
}

/// The Prometheus recorder is process-global; tests build many apps in one process.
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
                ])
                .map(|b| b.build_recorder())
                .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
            let handle = recorder.handle();
            // Another recorder may already be installed (a test harness); then ours
            // still renders what it records through the handle.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

impl AppState {
    pub fn new(store: Store, ingest: Ingest) -> Self {
        Self {
            auth: Arc::new(Auth::new(store.clone())),
            records: Records::new(store),
            ingest,
            embedders: Embedders::default(),
            search: None,
            wake_worker: Arc::new(Notify::new()),
            metrics: metrics_handle(),
            profiles: Arc::default(),
        }
    }
}

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

async fn record_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = req.method().as_str().to_string();
    let resp = next.run(req).await;
    let status = resp.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels[..2])
        .record(start.elapsed().as_secs_f64());
    resp
}

async fn not_found() -> ApiError {
    ApiError::new(Code::RouteNotFound, "no such route; see /v1/docs")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        Code::MethodNotAllowed,
        "this route does not accept that method; see /v1/docs",
    )
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal(anyhow::anyhow!("handler panicked")).into_response()
}

/// The whole HTTP surface for `state`.
pub fn router(state: AppState) -> Router {
    // The validator is off: Swagger UI would otherwise fetch a badge from the internet.
    let docs_config = utoipa_swagger_ui::Config::new(["/v1/docs-json"])
        .validator_url("none")
        .try_it_out_enabled(true)
        .display_request_duration(true);
    let docs = utoipa_swagger_ui::SwaggerUi::new("/v1/docs")
        .url("/v1/docs-json", openapi::document())
        .config(docs_config);
    let api = Router::new()
        .merge(routes::system::router())
        .merge(routes::records::router())
        .merge(routes::audit::router())
        .merge(routes::imports::router())
        .merge(routes::parse::router())
        .merge(routes::resumes::router())
        .merge(routes::requirements_from::router())
        .merge(routes::documents::router())
        .merge(routes::duplicates::router())
        .merge(routes::extract::router())
        .merge(routes::embeddings::router())
        .merge(routes::search::router())
        .merge(routes::pipeline::router())
        .merge(routes::matching::router())
        .merge(routes::reviews::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    Router::new()
        .merge(docs)
        .merge(api)
        .route_layer(middleware::from_fn(record_metrics))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", request_id = %id, method = %req.method(), uri = %req.uri())
                })
                // One access-log line per request, inside the span, so it carries the id.
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
}

/// A built server, bound and ready to run.
#[derive(Debug)]
pub struct App {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
    state: AppState,
    inbox: Option<InboxConfig>,
}

impl App {
    /// Binds `listener` (port 0 picks a free port, as tests do) for `store`, with
    /// `ingest` for imports and parsing.
    pub async fn build(store: Store, ingest: Ingest, listener: TcpListener) -> anyhow::Result<App> {
        let addr = listener.local_addr()?;
        let state = AppState::new(store, ingest);
        Ok(App {
            listener,
            router: router(state.clone()),
            addr,
            state,
            inbox: None,
        })
    }

    /// Serves embeddings from these models (without them, `/v1/ai/embeddings` answers
    /// 503).
    pub fn with_embedders(mut self, embedders: Embedders) -> Self {
        self.state.embedders = embedders;
        self.router = router(self.state.clone());
        self
    }

    /// Serves `/v1/search` from `search`, and keeps its indexes following the change
    /// log while running.
    pub fn with_search(mut self, search: Search) -> Self {
        self.state.search = Some(search);
        self.router = router(self.state.clone());
        self
    }

    /// Keeps up to `capacity` prepared profiles between recommendation lists (the
    /// default is [`hireloop_engine::recommend::profiles::DEFAULT_CAPACITY`]).
    pub fn with_profile_cache(mut self, capacity: usize) -> Self {
        self.state.profiles = Arc::new(hireloop_engine::recommend::Profiles::new(capacity));
        self.router = router(self.state.clone());
        self
    }

    /// Also watch the requirements inbox while serving (see `hireloop_engine::inbox`).
    pub fn with_inbox(mut self, config: InboxConfig) -> Self {
        self.inbox = Some(config);
        self
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `shutdown` completes, then drains in-flight requests.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // This node's background worker (and the inbox watcher, when asked for) runs
        // beside the server and stops with it.
        let (stop, stopped) = watch::channel(false);
        let worker = tokio::spawn(run_worker(
            self.state.ingest.clone(),
            format!("{}-{}", hostname(), std::process::id()),
            self.state.wake_worker.clone(),
            stopped.clone(),
        ));
        let follower = self
            .state
            .search
            .clone()
            .map(|s| tokio::spawn(s.follow(stopped.clone(), Duration::from_secs(2))));
        let inbox = self
            .inbox
            .map(|config| tokio::spawn(run_inbox(self.state.ingest.clone(), config, stopped)));
        let warm = tokio::spawn(warm_profiles(
            routes::matching::matcher(&self.state),
            self.state.records.store().clone(),
        ));
        let served = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await;
        let _ = stop.send(true);
        warm.abort();
        let _ = worker.await;
        if let Some(inbox) = inbox {
            let _ = inbox.await;
        }
        if let Some(follower) = follower {
            let _ = follower.await;
        }
        served?;
        Ok(())
    }

    /// Serves until the process gets Ctrl-C or SIGTERM.
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        self.run(shutdown_signal()).await
    }
}

/// Prepares every tenant's candidate profiles in the background when the node starts,
/// so a requirement's first recommendations read prepared profiles as later ones do.
async fn warm_profiles(matcher: hireloop_engine::recommend::Matcher, store: Store) {
    let Ok(tenants) = store.list_tenants().await else {
        return;
    };
    let today = chrono::Utc::now().date_naive();
    for t in tenants {
        let scope = hireloop_store::Scope::system(t.id, "warm");
        let started = Instant::now();
        match matcher.warm(&scope, today).await {
            Ok(n) => tracing::info!(
                tenant = %t.id,
                profiles = n,
                ms = started.elapsed().as_millis() as u64,
                "profile cache warmed"
            ),
            Err(e) => tracing::warn!(tenant = %t.id, error = %e, "profile cache not warmed"),
        }
    }
}

/// A name for this node in job claims.
fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "node".into())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
    tokio::time::sleep(Duration::from_millis(10)).await;
}
