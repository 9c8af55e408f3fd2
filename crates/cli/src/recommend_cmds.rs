//! `hireloop match`: the best candidates for a requirement, the best open requirements
//! for a candidate, or the people most like a candidate, with each one's factors and
//! reasons.

use std::time::Instant;

use anyhow::{Context, Result};
use hireloop_engine::embeddings::Embedders;
use hireloop_engine::recommend::settings::MatchSettings;
use hireloop_engine::recommend::{MAX_POOL, MAX_TOP_K, Matcher, Options, RecommendError};
use hireloop_store::Store;
use uuid::Uuid;

use crate::config::Config;
use crate::{MatchArgs, Usage};

pub async fn run(cfg: &Config, store: &Store, args: MatchArgs, json: bool) -> Result<()> {
    let assets = crate::setup::ensure(cfg)?;
    let scope = crate::search_cmds::tenant_scope(store, &args.tenant).await?;
    let subject = |s: &str, what: &str| {
        Uuid::parse_str(s).map_err(|_| Usage(format!("--{what} '{s}' is not a record id")))
    };
    let (settings, _) = MatchSettings::load(store, &scope).await?;
    let today = match &args.as_of {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| Usage(format!("--as-of '{d}' is not a date (YYYY-MM-DD)")))?,
        None => chrono::Utc::now().date_naive(),
    };
    let mut opts = Options::new(settings.weights, today);
    if !(1..=MAX_TOP_K).contains(&args.top_k) {
        return Err(Usage(format!("--top-k must be 1 to {MAX_TOP_K}")).into());
    }
    if !(1..=MAX_POOL).contains(&args.pool) {
        return Err(Usage(format!("--pool must be 1 to {MAX_POOL}")).into());
    }
    opts.top_k = args.top_k;
    opts.pool = args.pool;
    opts.record = !args.no_record;
    if let Some(w) = &args.weights {
        let v: serde_json::Value =
            serde_json::from_str(w).map_err(|e| Usage(format!("--weights is not JSON: {e}")))?;
        opts.weights = hireloop_engine::recommend::settings::parse_weights(&v, "weights")
            .map_err(|e| Usage(format!("--{e}")))?;
    }
    let embedders = Embedders::from_assets(assets.clone());
    let search = crate::search_cmds::service(cfg, store, &assets, None, Some(embedders.clone()))?;
    let matcher = Matcher::new(store.clone(), Some(search), embedders);
    let started = Instant::now();
    let result = match (&args.requirement, &args.candidate, &args.like) {
        (Some(r), None, None) => {
            matcher
                .candidates_for(&scope, subject(r, "requirement")?, &opts)
                .await
        }
        (None, Some(c), None) => {
            matcher
                .requirements_for(&scope, subject(c, "candidate")?, &opts)
                .await
        }
        (None, None, Some(c)) => {
            matcher
                .candidates_like(&scope, subject(c, "like")?, &opts)
                .await
        }
        _ => {
            return Err(
                Usage("give one of --requirement ID, --candidate ID or --like ID".into()).into(),
            );
        }
    };
    let recs = match result {
        Ok(r) => r,
        Err(RecommendError::Record(hireloop_engine::records::RecordError::NotFound)) => {
            return Err(Usage("no such record in this tenant".into()).into());
        }
        Err(RecommendError::Unavailable(m)) => return Err(Usage(m).into()),
        Err(e) => return Err(anyhow::Error::new(e).context("recommending")),
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if json {
        let v = hireloop_server::routes::matching::recommendations_view(&recs, &opts, true);
        println!("{}", serde_json::to_string_pretty(&v).context("printing")?);
        return Ok(());
    }
    println!(
        "{} of {} recalled ({:.1} ms; {} blacklisted, {} blocked; {}; {})",
        recs.items.len(),
        recs.recalled,
        ms,
        recs.blacklisted,
        recs.blocked,
        recs.weights_version,
        recs.model_version,
    );
    for (i, it) in recs.items.iter().enumerate() {
        let e = &it.explained;
        let factors: Vec<String> = e
            .factors
            .iter()
            .map(|f| format!("{} {:.2}", f.name.as_str(), f.value))
            .collect();
        let submitted = it
            .submission
            .map(|(_, stage)| format!("  (submitted: {stage})"))
            .unwrap_or_default();
        println!(
            "{:>3}. {:.3}  {}  [{}]{submitted}",
            i + 1,
            e.score,
            it.label,
            it.id
        );
        println!("       {}", factors.join(" · "));
        for r in e.reasons().iter().take(4) {
            println!("       - {r}");
        }
    }
    if let Some(run) = recs.run_id {
        println!("run {run} (digest {})", &recs.digest[..16]);
    }
    Ok(())
}
