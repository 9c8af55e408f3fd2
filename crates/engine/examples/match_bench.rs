//! Measures recommendations over an imported data directory: top-10 explained
//! candidates for generated requirements (recall, record reads, rerank with reasons),
//! one at a time (p50/p95/p99) with no profile cache, on each requirement's first visit
//! (with the cache as earlier calls left it, and after warming it as `serve` does) and
//! from prepared profiles, and with one worker per core (throughput), plus the
//! reverse direction. Prints figures; asserts nothing.
//! `cargo run --release -p hireloop-engine --example match_bench -- --data-dir D
//! [--tenant SLUG] [--queries 200] [--pool 300] [--cache N] [--json]` (`--cache`: the
//! warmed node's profile cache, as `matching.profile_cache` sets it for `serve`)
//! (`scripts/bench-match.sh` generates and imports the candidates, then runs this.)

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use hireloop_assets::{Assets, GEONAMES};
use hireloop_domain::ids::CompanyId;
use hireloop_engine::demo::DemoGenerator;
use hireloop_engine::embeddings::Embedders;
use hireloop_engine::matching::Weights;
use hireloop_engine::recommend::profiles::DEFAULT_CAPACITY;
use hireloop_engine::recommend::{Matcher, Options, Profiles};
use hireloop_engine::records::Records;
use hireloop_engine::search::{Kind, Search};
use hireloop_ingest::places::{CITIES_FILE, Gazetteer};
use hireloop_store::{Entity, ListQuery, Scope, Store, StoreOptions};
use serde_json::json;
use uuid::Uuid;

mod common;
use common::status_mib;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Error = Box<dyn std::error::Error + Send + Sync>;

const USAGE: &str =
    "match_bench --data-dir DIR [--tenant SLUG] [--queries N] [--pool N] [--cache N] [--json]";
const SEED: u64 = 20_261_207;
const WARMUP: usize = 10;
const TOP_K: usize = 10;

struct Args {
    data_dir: PathBuf,
    tenant: Option<String>,
    queries: usize,
    pool: usize,
    cache: usize,
    json: bool,
}

fn args() -> Result<Args, Error> {
    let (mut data_dir, mut tenant, mut queries, mut pool, mut json) = (None, None, 200, 300, false);
    let mut cache = DEFAULT_CAPACITY;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut number = |what: &str| -> Result<usize, Error> {
            it.next()
                .and_then(|n| n.parse().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{what} takes a positive number").into())
        };
        match a.as_str() {
            "--data-dir" => data_dir = it.next().map(PathBuf::from),
            "--tenant" => tenant = it.next(),
            "--queries" => queries = number("--queries")?,
            "--pool" => pool = number("--pool")?,
            "--cache" => cache = number("--cache")?,
            "--json" => json = true,
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
        pool,
        cache,
        json,
    })
}

struct Figures {
    n: usize,
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    mean: f64,
}

fn figures(mut ms: Vec<f64>) -> Figures {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    Figures {
        n: ms.len(),
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        max: *ms.last().unwrap_or(&0.0),
        mean: ms.iter().sum::<f64>() / ms.len().max(1) as f64,
    }
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

/// The tenant's requirements, `n` of them generated (with 20 clients) when it has fewer.
async fn requirements(store: &Store, scope: &Scope, n: usize) -> Result<Vec<Uuid>, Error> {
    let have = store.count(scope, Entity::Requirement).await? as usize;
    if have < n {
        let records = Records::new(store.clone());
        let mut g = DemoGenerator::new(SEED, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        let companies = g.companies(20);
        let ids: Vec<(Uuid, _)> = companies.into_iter().map(|c| (Uuid::now_v7(), c)).collect();
        let company_ids: Vec<CompanyId> = ids
            .iter()
            .map(|(id, _)| CompanyId::from_uuid(*id).expect("a v7 id"))
            .collect();
        records.create_with_ids(scope, ids).await?;
        let mut reqs = g.requirements(&company_ids, n - have);
        for r in &mut reqs {
            r.status = Default::default();
        }
        records.create_entities(scope, reqs).await?;
    }
    let page = store
        .list(
            scope,
            Entity::Requirement,
            &ListQuery {
                limit: n as u32,
                ..ListQuery::default()
            },
        )
        .await?;
    Ok(page.items.iter().map(|r| r.id).collect())
}

/// Times each call; with `cold`, each call starts from an empty profile cache.
async fn one_at_a_time(
    m: &Matcher,
    scope: &Scope,
    ids: &[Uuid],
    opts: &Options,
    candidates: bool,
    cold: bool,
) -> Result<(Vec<f64>, f64), Error> {
    let mut ms = Vec::with_capacity(ids.len());
    let mut results = 0usize;
    for id in ids {
        let fresh;
        let m = if cold {
            fresh = m.clone().with_profiles(Arc::default());
            &fresh
        } else {
            m
        };
        let t = Instant::now();
        let r = if candidates {
            m.candidates_for(scope, *id, opts).await?
        } else {
            m.requirements_for(scope, *id, opts).await?
        };
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        results += r.items.len();
    }
    Ok((ms, results as f64 / ids.len().max(1) as f64))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args = args()?;
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
    let scope = Scope::system(tenant.id, "match-bench");
    let candidates = store.count(&scope, Entity::Candidate).await?;
    let reqs = requirements(&store, &scope, args.queries).await?;
    let assets = Assets::new(Assets::default_cache_dir());
    let cities = assets.file(&GEONAMES, CITIES_FILE)?;
    let places = Gazetteer::load(cities.parent().ok_or("the GeoNames asset has no folder")?)?;
    let embedders = Embedders::from_assets(assets);
    let search = Search::new(
        store.clone(),
        args.data_dir.join("search"),
        embedders.clone(),
        Some(Arc::new(places)),
    );
    for kind in [Kind::Candidates, Kind::Requirements] {
        let t = Instant::now();
        while search.status(&scope, kind).await?.building {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!(
            "{} index ready in {:.1} s",
            kind.as_str(),
            t.elapsed().as_secs_f64()
        );
    }
    let matcher = Matcher::new(store.clone(), Some(search), embedders);
    let mut opts = Options::new(
        Weights::default(),
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
    );
    opts.top_k = TOP_K;
    opts.pool = args.pool;
    opts.record = false;
    one_at_a_time(
        &matcher,
        &scope,
        &reqs[..WARMUP.min(reqs.len())],
        &opts,
        true,
        false,
    )
    .await?;

    // Every pool read and prepared; then each requirement's first visit with the
    // process's cache (pools overlap); then again, from prepared profiles.
    let (ms, _) = one_at_a_time(&matcher, &scope, &reqs, &opts, true, true).await?;
    let cold = figures(ms);
    let (ms, _) = one_at_a_time(&matcher, &scope, &reqs, &opts, true, false).await?;
    let first = figures(ms);
    let (ms, mean_items) = one_at_a_time(&matcher, &scope, &reqs, &opts, true, false).await?;
    let single = figures(ms);
    let mut recorded_opts = opts.clone();
    recorded_opts.record = true;
    let (ms, _) = one_at_a_time(&matcher, &scope, &reqs, &recorded_opts, true, false).await?;
    let recorded = figures(ms);

    // A node that warmed its cache at start (every candidate prepared, as `serve`
    // does), then each requirement's first visit: requirements unprepared.
    let warmed = matcher
        .clone()
        .with_profiles(Arc::new(Profiles::new(args.cache)));
    let t = Instant::now();
    let rss_before = status_mib("VmRSS:");
    let prepared = warmed.warm(&scope, opts.today).await?;
    let warm_mib = Some(status_mib("VmRSS:") - rss_before).filter(|m| m.is_finite());
    let warm_s = t.elapsed().as_secs_f64();
    let (ms, _) = one_at_a_time(&warmed, &scope, &reqs, &opts, true, false).await?;
    let after_warm = figures(ms);
    drop(warmed);

    // Throughput: one worker per core, each taking the next requirement.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let ids = Arc::new(reqs.clone());
    let t = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..cores {
        let (m, scope, opts, next, ids) = (
            matcher.clone(),
            scope.clone(),
            opts.clone(),
            next.clone(),
            ids.clone(),
        );
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(id) = ids.get(i) else { break };
                m.candidates_for(&scope, *id, &opts).await?;
            }
            Ok::<_, hireloop_engine::recommend::RecommendError>(())
        }));
    }
    for w in workers {
        w.await??;
    }
    let per_second = reqs.len() as f64 / t.elapsed().as_secs_f64();

    // The other direction: open requirements for the first candidates.
    let people = store
        .live_records_after(&scope, Entity::Candidate, None, args.queries as u32)
        .await?;
    let people: Vec<Uuid> = people.iter().map(|r| r.id).collect();
    let (ms, reverse_items) = one_at_a_time(&matcher, &scope, &people, &opts, false, false).await?;
    let reverse = figures(ms);

    let cpu = cpu_model();
    println!(
        "machine: {cores} cores, {cpu}; {candidates} candidates, {} requirements; pool {}, top {TOP_K} explained",
        reqs.len(),
        args.pool
    );
    println!(
        "{:<40} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "what", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms"
    );
    for (name, f) in [
        ("candidates for a requirement, no cache", &cold),
        ("  … first visit, the process's cache", &first),
        ("  … first visit after warming", &after_warm),
        ("candidates for a requirement, cached", &single),
        ("  … and recording the run", &recorded),
        ("requirements for a candidate", &reverse),
    ] {
        println!(
            "{name:<40} {:>5} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            f.n, f.p50, f.p95, f.p99, f.max, f.mean
        );
    }
    println!(
        "throughput, {cores} workers: {per_second:.1} requirements/s; mean results {mean_items:.1} (reverse {reverse_items:.1})"
    );
    let grew = warm_mib.map_or(String::new(), |m| format!(", resident memory +{m:.0} MiB"));
    println!(
        "warming: {prepared} profiles prepared in {warm_s:.1} s (cache of {}){grew}",
        args.cache
    );
    if args.json {
        let f = |f: &Figures| {
            json!({"n": f.n, "p50_ms": f.p50, "p95_ms": f.p95, "p99_ms": f.p99,
                   "max_ms": f.max, "mean_ms": f.mean})
        };
        println!(
            "{}",
            json!({
                "machine": {"cores": cores, "cpu": cpu},
                "candidates": candidates, "requirements": reqs.len(), "pool": args.pool,
                "candidates_for_requirement_uncached": f(&cold),
                "candidates_for_requirement_first_visit": f(&first),
                "candidates_for_requirement_first_visit_warmed": f(&after_warm),
                "warm": {"profiles": prepared, "seconds": warm_s, "cache": args.cache, "rss_mib": warm_mib},
                "candidates_for_requirement": f(&single),
                "candidates_for_requirement_recorded": f(&recorded),
                "requirements_for_candidate": f(&reverse),
                "throughput_per_s": per_second,
            })
        );
    }
    store.close().await;
    Ok(())
}
