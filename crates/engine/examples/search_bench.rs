//! Measures the search service over an imported data directory: the index build (time,
//! records per second, peak memory) and the latency of keyword, semantic and hybrid
//! searches, each with and without filters. Prints figures; asserts nothing.
//! `cargo run --release -p hireloop-engine --example search_bench -- --data-dir D
//! [--tenant SLUG] [--queries 300] [--reindex] [--only CLASS] [--json]`
//! (`scripts/bench-search.sh` generates and imports the data, then runs this; `--only
//! semantic+filters` runs one class, for a profile.)

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hireloop_ai::Embedder;
use hireloop_assets::{Assets, GEONAMES};
use hireloop_engine::embeddings::Embedders;
use hireloop_engine::search::{Kind, Search, SearchRequest};
use hireloop_ingest::places::{CITIES_FILE, Gazetteer};
use hireloop_search::{Collection, Filters, Fusion, Mode, Plan};
use hireloop_store::{Entity, Scope, Store, StoreOptions};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

mod common;
use common::status_mib;

/// As in the `hireloop` binary, so the figures match the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Error = Box<dyn std::error::Error + Send + Sync>;

const USAGE: &str = "search_bench --data-dir DIR [--tenant SLUG] [--queries N] [--reindex] [--only CLASS] [--recall N] [--json]";
const SEED: u64 = 20_260_704;
const WARMUP: usize = 10;
const LIMIT: usize = 20;

#[derive(Debug)]
struct Args {
    data_dir: PathBuf,
    tenant: Option<String>,
    queries: usize,
    reindex: bool,
    /// Run only this class (`keyword`, `hybrid+filters` …).
    only: Option<String>,
    json: bool,
    /// Semantic queries whose top 10 is compared with a brute-force f32 scan (0: none).
    recall: usize,
}

fn args() -> Result<Args, Error> {
    let mut data_dir = None;
    let mut tenant = None;
    let mut queries = 300;
    let mut reindex = false;
    let mut json = false;
    let mut only = None;
    let mut recall = 50;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data-dir" => data_dir = it.next().map(PathBuf::from),
            "--tenant" => tenant = it.next(),
            "--queries" => {
                queries = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--queries takes a positive number")?;
            }
            "--reindex" => reindex = true,
            "--recall" => {
                recall = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--recall takes a number")?;
            }
            "--json" => json = true,
            "--only" => only = Some(it.next().ok_or("--only takes a class")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument `{other}`; {USAGE}").into()),
        }
    }
    Ok(Args {
        data_dir: data_dir.ok_or_else(|| format!("--data-dir is required; {USAGE}"))?,
        tenant,
        queries,
        reindex,
        only,
        json,
        recall,
    })
}

/// A `kB` line of /proc/self/status, in MiB.
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// The 1-minute load average: other work on the machine skews every figure.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}

// Words that occur in the generated data (crates/engine/src/demo/roles and places).
const SKILLS: &[&str] = &[
    "java",
    "python",
    "sql",
    "aws",
    "kubernetes",
    "docker",
    "postgresql",
    "linux",
    "terraform",
    "javascript",
    "typescript",
    "react",
    "angular",
    "kafka",
    "snowflake",
    "tableau",
    "oracle",
    "jenkins",
    "ansible",
    "airflow",
    "spark",
    "azure",
    "salesforce",
    "selenium",
    "pandas",
    "pytorch",
    "tensorflow",
    "graphql",
    "redis",
    "splunk",
];
const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "analyst",
    "architect",
    "administrator",
    "consultant",
    "manager",
    "senior",
    "lead",
];
const TITLES: &[&str] = &[
    "data engineer",
    "java developer",
    "python developer",
    "devops engineer",
    "full stack engineer",
    "business analyst",
    "project manager",
    "qa automation engineer",
    "cloud architect",
    "site reliability engineer",
    "machine learning engineer",
    "salesforce developer",
];
const ROLES: &[&str] = &[
    "backend engineer",
    "frontend developer",
    "data engineer",
    "cloud architect",
    "database administrator",
    "test automation engineer",
    "mobile developer",
    "security analyst",
    "scrum master",
    "machine learning engineer",
];
const TOPICS: &[&str] = &[
    "payments",
    "streaming data pipelines",
    "microservices",
    "dashboards and reporting",
    "cloud migrations",
    "performance tuning",
    "infrastructure as code",
    "user interfaces",
    "predictive models",
    "network security",
];
const CITIES: &[&str] = &[
    "Dallas, TX",
    "Houston, TX",
    "Austin, TX",
    "New York, NY",
    "Chicago, IL",
    "Atlanta, GA",
    "Charlotte, NC",
    "Seattle, WA",
    "San Jose, CA",
    "Phoenix, AZ",
    "Denver, CO",
    "Boston, MA",
];

fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from.choose(rng).copied().unwrap_or("java")
}

/// Two different skills.
fn two(rng: &mut ChaCha8Rng) -> (&'static str, &'static str) {
    let a = pick(rng, SKILLS);
    loop {
        let b = pick(rng, SKILLS);
        if b != a {
            return (a, b);
        }
    }
}

/// A recruiter's keyword query of one to three terms.
fn keyword_query(rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..6) {
        0 => pick(rng, SKILLS).to_string(),
        1 => format!(
            "skill:{} AND title:{}",
            pick(rng, SKILLS),
            pick(rng, TITLE_WORDS)
        ),
        2 => format!("\"{}\" {}", pick(rng, TITLES), pick(rng, SKILLS)),
        3 => {
            let (a, b) = two(rng);
            let c = loop {
                let c = pick(rng, SKILLS);
                if c != a && c != b {
                    break c;
                }
            };
            format!("({a} OR {b}) NOT {c}")
        }
        4 => {
            let (a, b) = two(rng);
            format!("{a} {b}")
        }
        _ => format!(
            "title:\"{}\" skill:{}",
            pick(rng, TITLES),
            pick(rng, SKILLS)
        ),
    }
}

/// A short description in plain words.
fn semantic_query(rng: &mut ChaCha8Rng) -> String {
    let (a, b) = two(rng);
    match rng.random_range(0..4) {
        0 => format!(
            "{} who knows {} and {a}",
            pick(rng, ROLES),
            pick(rng, TOPICS)
        ),
        1 => format!("experienced {a} developer with {b}"),
        2 => format!("{} building {}", pick(rng, ROLES), pick(rng, TOPICS)),
        _ => format!("senior {} with {a} and {b} experience", pick(rng, ROLES)),
    }
}

/// Filters as request parameters, one of a few recruiter-like combinations.
fn filters(rng: &mut ChaCha8Rng) -> Vec<(String, String)> {
    let f = |k: &str, v: &str| (k.to_string(), v.to_string());
    match rng.random_range(0..6) {
        0 => vec![f("near", pick(rng, CITIES)), f("radius", "50mi")],
        1 => vec![
            f("near", pick(rng, CITIES)),
            f("radius", "25mi"),
            f("status", "active"),
        ],
        2 => vec![f("status", "active"), f("rate", "..90")],
        3 => vec![f("rate", "60..120"), f("auth", "us_citizen,green_card")],
        4 => vec![f("available", "2027-06-30")],
        _ => vec![f("remote", "remote")],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Keyword,
    Semantic,
    Hybrid,
}

impl Class {
    fn mode(self) -> Mode {
        match self {
            Class::Keyword => Mode::Keyword,
            Class::Semantic => Mode::Semantic,
            Class::Hybrid => Mode::Hybrid,
        }
    }
}

/// `n` requests of one class, the same for the same seed.
fn requests(class: Class, filtered: bool, n: usize, seed: u64) -> Vec<SearchRequest> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let q = match class {
                Class::Semantic => semantic_query(&mut rng),
                // Hybrid searches run the keyword queries' text.
                Class::Keyword | Class::Hybrid => keyword_query(&mut rng),
            };
            let mut r = SearchRequest::new(Kind::Candidates, q);
            r.mode = class.mode();
            r.limit = LIMIT;
            if filtered {
                r.filters = filters(&mut rng);
            }
            r
        })
        .collect()
}

#[derive(Debug)]
struct Figures {
    name: String,
    count: usize,
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    mean: f64,
    hits: f64,
    total: f64,
    empty: usize,
}

/// Nearest-rank percentile of sorted times, in ms.
fn pct(sorted: &[Duration], q: f64) -> f64 {
    let i = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1e3
}

/// Mean recall@10 of `n` semantic queries against the exact top 10.
async fn recall_at_10(
    index_dir: &Path,
    scope: &Scope,
    embedders: &Embedders,
    n: usize,
) -> Result<f64, Error> {
    let kind_dir = index_dir
        .join(scope.tenant.as_uuid().to_string())
        .join(Kind::Candidates.as_str());
    let generation = std::fs::read_to_string(kind_dir.join("CURRENT"))?;
    let dir = kind_dir.join(generation.trim());
    let table = embedders.static_table()?;
    let id = table.id();
    let col = Collection::open(&dir, &format!("{}@{}", id.name, id.version), id.dims)?;
    let reqs = requests(Class::Semantic, false, n, SEED + 99);
    let texts: Vec<&str> = reqs.iter().map(|r| r.q.as_str()).collect();
    let vectors = table.embed(&texts)?;
    let exact = col.exact_nearest(&vectors, 10)?;
    let mut sum = 0.0;
    for (v, want) in vectors.iter().zip(&exact) {
        let plan = Plan {
            expr: None,
            filters: Filters::default(),
            vector: Some(v.clone()),
            mode: Mode::Semantic,
            fusion: Fusion::default(),
            offset: 0,
            limit: 10,
            bare: false,
        };
        let got: std::collections::HashSet<uuid::Uuid> =
            col.search(&plan)?.hits.iter().map(|h| h.id).collect();
        sum += want.iter().filter(|(id, _)| got.contains(id)).count() as f64 / want.len() as f64;
    }
    Ok(sum / exact.len() as f64)
}

async fn run_class(
    search: &Search,
    scope: &Scope,
    name: String,
    reqs: &[SearchRequest],
) -> Result<Figures, Error> {
    let mut times = Vec::with_capacity(reqs.len());
    let (mut hits, mut total, mut empty) = (0usize, 0usize, 0usize);
    for r in reqs {
        let started = Instant::now();
        let page = search
            .search(scope, r)
            .await
            .map_err(|e| format!("{name}: `{}` {:?}: {e}", r.q, r.filters))?;
        times.push(started.elapsed());
        hits += page.found.len();
        total += page.total;
        empty += usize::from(page.found.is_empty());
    }
    times.sort();
    let n = reqs.len();
    Ok(Figures {
        name,
        count: n,
        p50: pct(&times, 0.50),
        p95: pct(&times, 0.95),
        p99: pct(&times, 0.99),
        max: pct(&times, 1.0),
        mean: times.iter().sum::<Duration>().as_secs_f64() * 1e3 / n as f64,
        hits: hits as f64 / n as f64,
        total: total as f64 / n as f64,
        empty,
    })
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args = args()?;
    let started_all = Instant::now();
    let db = args.data_dir.join("hireloop.db");
    if !db.is_file() {
        return Err(format!("no database at {}", db.display()).into());
    }
    let store = Store::connect_with(
        &format!("sqlite://{}", db.display()),
        StoreOptions::default(),
    )
    .await?;
    let tenant = match &args.tenant {
        Some(slug) => store
            .tenant_by_slug(slug)
            .await?
            .ok_or_else(|| format!("no tenant `{slug}`"))?,
        None => store
            .list_tenants()
            .await?
            .into_iter()
            .next()
            .ok_or("the database has no tenant")?,
    };
    let scope = Scope::system(tenant.id, "search-bench");
    let records = store.count(&scope, Entity::Candidate).await?;

    let assets = Assets::new(Assets::default_cache_dir());
    let cities = assets.file(&GEONAMES, CITIES_FILE)?;
    let places = Gazetteer::load(cities.parent().ok_or("the GeoNames asset has no folder")?)?;
    let embedders = Embedders::from_assets(assets);
    let recall_embedders = embedders.clone();
    {
        // Loaded here so the build's time is the build's.
        let e = embedders.clone();
        tokio::task::spawn_blocking(move || e.static_table().map(|_| ()))
            .await?
            .map_err(|e| format!("the static embedder: {e}; run `hireloop setup`"))?;
    }
    let index_dir = args.data_dir.join("search");
    let search = Search::new(
        store.clone(),
        index_dir.clone(),
        embedders,
        Some(Arc::new(places)),
    );
    let rss_ready = status_mib("VmRSS:");
    let peak_ready = status_mib("VmHWM:");

    // Index build. Opening a new collection starts its build in the background (a
    // `reindex` then would build it twice), so a new one is waited for instead.
    let started = Instant::now();
    let load_start = load_average();
    let opened = search.status(&scope, Kind::Candidates).await?;
    let opened_in = started.elapsed();
    let build = if opened.building {
        while search.status(&scope, Kind::Candidates).await?.building {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Some(("new", started.elapsed()))
    } else if args.reindex {
        let started = Instant::now();
        search.reindex(&scope, Kind::Candidates).await?;
        Some(("reindex", started.elapsed()))
    } else {
        None
    };
    let status = search.status(&scope, Kind::Candidates).await?;
    let peak_build = status_mib("VmHWM:");
    let rss_built = status_mib("VmRSS:");
    let index_mib = dir_bytes(&index_dir) as f64 / (1024.0 * 1024.0);
    if status.docs as i64 != records {
        eprintln!(
            "warning: the index holds {} documents, the store {records} candidates",
            status.docs
        );
    }

    // Queries, one at a time.
    let classes: Vec<(String, Class, bool, u64)> = [Class::Keyword, Class::Semantic, Class::Hybrid]
        .into_iter()
        .enumerate()
        .flat_map(|(i, class)| {
            [false, true].map(|filtered| {
                let name = format!(
                    "{}{}",
                    class.mode().as_str(),
                    if filtered { "+filters" } else { "" }
                );
                (
                    name,
                    class,
                    filtered,
                    SEED + i as u64 * 2 + u64::from(filtered),
                )
            })
        })
        .filter(|(name, ..)| args.only.as_ref().is_none_or(|o| o == name))
        .collect();
    if classes.is_empty() {
        return Err(format!("--only: no class `{}`", args.only.unwrap_or_default()).into());
    }
    for (_, class, filtered, seed) in &classes {
        for r in requests(*class, *filtered, WARMUP, seed + 1000) {
            search.search(&scope, &r).await?;
        }
    }
    let mut figures = Vec::new();
    for (name, class, filtered, seed) in &classes {
        let reqs = requests(*class, *filtered, args.queries, *seed);
        figures.push(run_class(&search, &scope, name.clone(), &reqs).await?);
    }
    let peak_end = status_mib("VmHWM:");
    let rss_end = status_mib("VmRSS:");
    // Recall@10 of the semantic search (int8 scan, f32 rescore of its best) against a
    // brute-force scan of every f32 vector, on the collection itself (the service lets
    // go of it first).
    drop(search);
    let recall = if args.recall > 0 {
        Some(recall_at_10(&index_dir, &scope, &recall_embedders, args.recall).await?)
    } else {
        None
    };

    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = cpu_model();
    println!(
        "machine: {cores} cores, {cpu}; tenant {} ({} candidates); index {} docs, {index_mib:.0} MiB, model {}",
        tenant.slug.as_str(),
        records,
        status.docs,
        status.model
    );
    println!(
        "ready (store, places, embedder loaded): RSS {rss_ready:.0} MiB, peak {peak_ready:.0} MiB"
    );
    match build {
        Some((how, took)) => println!(
            "index build ({how}): {:.1} s, {:.0} records/s; peak RSS {peak_build:.0} MiB, RSS after {rss_built:.0} MiB",
            took.as_secs_f64(),
            records as f64 / took.as_secs_f64()
        ),
        None => println!(
            "index build: skipped (index exists; --reindex to rebuild); opened in {:.1} s; RSS {rss_built:.0} MiB",
            opened_in.as_secs_f64()
        ),
    }
    println!(
        "queries: one at a time, limit {LIMIT}, after {WARMUP} warm-up per class; peak RSS of the whole run {peak_end:.0} MiB, RSS after {rss_end:.0} MiB"
    );
    println!(
        "{:<17} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6} {:>9} {:>6}",
        "class", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms", "hits", "total", "empty"
    );
    for f in &figures {
        println!(
            "{:<17} {:>5} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>6.1} {:>9.0} {:>6}",
            f.name, f.count, f.p50, f.p95, f.p99, f.max, f.mean, f.hits, f.total, f.empty
        );
    }
    if let Some(r) = recall {
        println!(
            "semantic recall@10 against a brute-force f32 scan: {r:.4} ({} queries)",
            args.recall
        );
    }
    let load_end = load_average();
    println!(
        "total run: {:.1} s; load average (1 min) {load_start} before the build, {load_end} at the end",
        started_all.elapsed().as_secs_f64()
    );
    if args.json {
        let classes: serde_json::Map<String, serde_json::Value> = figures
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    json!({"n": f.count, "p50_ms": f.p50, "p95_ms": f.p95, "p99_ms": f.p99,
                           "max_ms": f.max, "mean_ms": f.mean, "mean_hits": f.hits,
                           "mean_total": f.total, "empty": f.empty}),
                )
            })
            .collect();
        println!(
            "{}",
            json!({
                "machine": {"cores": cores, "cpu": cpu, "load_start": load_start, "load_end": load_end},
                "records": records,
                "index": {"docs": status.docs, "mib": index_mib, "model": status.model,
                          "open_s": opened_in.as_secs_f64()},
                "build": build.map(|(how, took)| json!({
                    "how": how,
                    "seconds": took.as_secs_f64(),
                    "records_per_s": records as f64 / took.as_secs_f64(),
                })),
                "rss_mib": {"ready": rss_ready, "peak_ready": peak_ready, "peak_build": peak_build,
                            "after_build": rss_built, "peak_end": peak_end, "end": rss_end},
                "queries": classes,
                "semantic_recall_at_10": recall,
            })
        );
    }
    store.close().await;
    Ok(())
}
