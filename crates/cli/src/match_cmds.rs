//! `hireloop eval match`: the matching engine against its two baselines.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use hireloop_assets::Assets;
use hireloop_engine::matching::Weights;
use hireloop_engine::matching::eval::{self, Metrics, Models, Report};
use hireloop_ingest::skills::Taxonomy;

use crate::Usage;

/// Reads one figure of a method's metrics.
type Figure = fn(&Metrics) -> Option<f64>;

/// What `eval match` reads.
#[derive(Debug, Clone, Copy)]
pub struct Files<'a> {
    pub rjdb: Option<&'a Path>,
    pub categories: Option<&'a Path>,
    /// The engine's weights as JSON (the defaults when absent).
    pub weights: Option<&'a str>,
}

/// `--weights` as given: JSON naming all six factors, checked.
fn weights(json: Option<&str>) -> Result<Weights, Usage> {
    let Some(json) = json else {
        return Ok(Weights::default());
    };
    let w: Weights = serde_json::from_str(json).map_err(|e| Usage(format!("--weights: {e}")))?;
    w.validate().map_err(|e| Usage(format!("--weights: {e}")))?;
    Ok(w)
}

pub fn eval_match(
    assets: &Assets,
    taxonomy: &Taxonomy,
    files: Files<'_>,
    json_out: bool,
) -> Result<()> {
    let started = Instant::now();
    let (rjdb, categories) = (files.rjdb, files.categories);
    let weights = weights(files.weights)?;
    let table = hireloop_ai::StaticEmbedder::open(assets)?;
    let minilm = hireloop_ai::MiniLm::load(assets)?;
    let models = Models {
        taxonomy,
        table: &table,
        minilm: &minilm,
        weights,
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
    println!("engine weights {}", weights.version());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_read_whole_and_checked_by_name() {
        assert_eq!(weights(None).unwrap(), Weights::default());
        let ok = r#"{"skills":0.5,"location":0.2,"rate":0.1,"seniority":0.1,"history":0.05,"availability":0.05}"#;
        assert_eq!(weights(Some(ok)).unwrap().skills, 0.5);
        let e = weights(Some(r#"{"skills":0.5}"#)).unwrap_err().0;
        assert!(e.contains("missing field `location`"), "{e}");
        let e = weights(Some(&ok.replace("0.5", "0.6"))).unwrap_err().0;
        assert!(e.contains("weights.sum"), "{e}");
        let e = weights(Some(&ok.replace("\"rate\":0.1", "\"rate\":-0.1")))
            .unwrap_err()
            .0;
        assert!(e.contains("weights.rate"), "{e}");
    }
}
