//! Distils the static embedder from MiniLM, saves and reloads it, and prints how long
//! that took and how fast it embeds on one core.
//! `cargo run --release -p hireloop-ai --example static_bench [OUT_FILE]`

use std::path::PathBuf;
use std::time::Instant;

use hireloop_ai::{Embedder, MiniLm, StaticEmbedder, cosine};

/// As in the `hireloop` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let out = std::env::args().nth(1).map_or_else(
        || std::env::temp_dir().join("static-bench.hlvec"),
        PathBuf::from,
    );
    let assets = hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
    let model = MiniLm::load(&assets).expect("the minilm asset is installed");
    let tokenizer = assets
        .file(&hireloop_assets::MINILM, "tokenizer.json")
        .expect("tokenizer");
    let started = Instant::now();
    let table = StaticEmbedder::distil(&model, &tokenizer).expect("distils");
    println!("distil: {:.1} s", started.elapsed().as_secs_f64());
    table.save(&out).expect("saves");
    let started = Instant::now();
    let table = StaticEmbedder::load(&out, &tokenizer, model.id().version).expect("loads");
    println!(
        "load: {:.2} s ({} MB)",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&out).map_or(0, |m| m.len()) / 1_000_000
    );
    let v = table
        .embed(&[
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The girl is carrying a baby.",
        ])
        .expect("embeds");
    println!(
        "food~bread {:.3}, food~baby {:.3}",
        cosine(&v[0], &v[1]),
        cosine(&v[0], &v[2])
    );
    let texts: Vec<String> = (0..100_000)
        .map(|i| {
            format!(
                "Senior data engineer {i} with Python, SQL, Spark and Airflow; \
                 five years on AWS building pipelines for retail analytics in Dallas"
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = Instant::now();
    table.embed(&refs).expect("embeds");
    let s = started.elapsed().as_secs_f64();
    println!(
        "embed: {} texts (~30 word pieces) in {s:.2} s = {:.0} texts/s on one thread",
        refs.len(),
        refs.len() as f64 / s
    );
}
