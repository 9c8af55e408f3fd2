//! Throughput of the MiniLM encoder on this machine, and its agreement with the reference
//! vectors. `cargo run --release -p hireloop-ai --example minilm_bench [N]`

use std::time::Instant;

use hireloop_ai::{Embedder, MiniLm, cosine};

/// As in the `hireloop` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(256);
    let assets = hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
    let started = Instant::now();
    let m = match MiniLm::load(&assets) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    println!("load: {:.2} s", started.elapsed().as_secs_f64());

    let raw = include_str!("../tests/fixtures/minilm_reference.json");
    let reference: serde_json::Value = serde_json::from_str(raw).expect("fixture parses");
    let texts: Vec<(String, Vec<f32>)> = reference["texts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            let v = t["vector"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_f64().map(|f| f as f32))
                .collect();
            (t["text"].as_str().unwrap_or_default().to_owned(), v)
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(|t| t.0.as_str()).collect();
    let got = m.embed(&refs).expect("embeds");
    let worst = texts
        .iter()
        .zip(&got)
        .map(|((_, r), g)| cosine(r, g))
        .fold(f32::INFINITY, f32::min);
    println!("reference: {} texts, lowest cosine {worst:.7}", texts.len());

    // About 40 word pieces each, varied so no two are the same.
    let short: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "Senior data engineer {i} with Python, SQL, Spark and Airflow; \
                 five years on AWS building pipelines for retail analytics in Dallas"
            )
        })
        .collect();
    let long: Vec<String> = (0..n / 8)
        .map(|i| {
            format!(
                "Candidate {i}: {}",
                "Kubernetes Terraform Python Go ".repeat(80)
            )
        })
        .collect();
    for (label, set) in [("~40 tokens", &short), ("256 tokens", &long)] {
        let refs: Vec<&str> = set.iter().map(String::as_str).collect();
        let tokens: usize = refs
            .iter()
            .map(|t| m.token_ids(t).map_or(0, |v| v.len()))
            .sum();
        let started = Instant::now();
        m.embed(&refs).expect("embeds");
        let s = started.elapsed().as_secs_f64();
        println!(
            "{label}: {} texts ({:.0} tokens each) in {s:.2} s = {:.1} texts/s",
            refs.len(),
            tokens as f64 / refs.len().max(1) as f64,
            refs.len() as f64 / s
        );
    }
}
