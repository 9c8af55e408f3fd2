//! `hireloop eval match`: the matching engine against its two baselines.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use hireloop_assets::Assets;
use hireloop_engine::matching::eval::{self, Metrics, Models, Report};
use hireloop_ingest::skills::Taxonomy;

use crate::Usage;

/// Reads one figure of a method's metrics.
type Figure = fn(&Metrics) -> Option<f64>;

pub fn eval_match(
    assets: &Assets,
    taxonomy: &Taxonomy,
    rjdb: Option<&Path>,
    categories: Option<&Path>,
    json_out: bool,
) -> Result<()> {
    let started = Instant::now();
    let table = hireloop_ai::StaticEmbedder::open(assets)?;
    let minilm = hireloop_ai::MiniLm::load(assets)?;
    let models = Models {
        taxonomy,
        table: &table,
        minilm: &minilm,
    };
    let mut report = Report::default();
    if let Some(f) = rjdb {
        eval::rjdb(f, &models, &mut report).map_err(|e| Usage(e.to_string()))?;
    }
    if let Some(f) = categories {
        eval::categories(f, &models, &mut report).map_err(|e| Usage(e.to_string()))?;
    }
    if json_out {
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    for n in &report.notes {
        println!("{n}");
    }
    println!(
        "{:<24} {:>8} {:>8} {:>8}",
        "metric", "engine", "tfidf", "minilm"
    );
    let rows: [(&str, Figure); 7] = [
        ("matched_above_weakened", |m| m.matched_above_weakened),
        ("recall_at_1", |m| m.recall_at_1),
        ("recall_at_5", |m| m.recall_at_5),
        ("recall_at_10", |m| m.recall_at_10),
        ("removed_skill_named", |m| m.removed_skill_named),
        ("precision_at_5", |m| m.precision_at_5),
        ("ndcg_at_5", |m| m.ndcg_at_5),
    ];
    let cell = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
    for (name, get) in rows {
        if get(&report.engine).is_none() {
            continue;
        }
        println!(
            "{name:<24} {:>8} {:>8} {:>8}",
            cell(get(&report.engine)),
            cell(get(&report.tfidf)),
            cell(get(&report.minilm))
        );
    }
    if !report.by_category.is_empty() {
        println!("engine precision@5 by category:");
        for (c, (n, p)) in &report.by_category {
            println!("  {c:<28} {n:>4} resumes  {:.3}", p / *n as f64);
        }
    }
    println!("{:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
