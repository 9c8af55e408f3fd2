//! How much retrieval quality the static embedder gives up against MiniLM, on a file of
//! RJDB's shape (JSON Lines with `Job-Description`, `Resume-matched`, `Resume-unmatched`):
//! every job description ranks every resume of the file (both versions of each), and the
//! figures are the share of jobs whose own resume (either version) is first / in the top
//! 10, the mean reciprocal rank of its matched version, and the share where the matched
//! version outranks the weakened one.
//! `cargo run --release -p hireloop-ai --example retrieval_eval -- FILE`

use std::time::Instant;

use hireloop_ai::{Embedder, MiniLm, StaticEmbedder, cosine};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: retrieval_eval FILE.jsonl");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).expect("readable file");
    let mut jobs = Vec::new();
    let mut resumes = Vec::new();
    for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let field = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        jobs.push(field("Job-Description"));
        resumes.push(field("Resume-matched"));
        resumes.push(field("Resume-unmatched"));
    }
    let assets = hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
    let minilm = MiniLm::load(&assets).expect("minilm installed");
    let table = StaticEmbedder::open(&assets).expect("static table built");
    println!("{} jobs, {} resumes", jobs.len(), resumes.len());
    println!("model     recall@1  recall@10  mrr(matched)  matched>weakened  seconds");
    for (name, e) in [("static", &table as &dyn Embedder), ("minilm", &minilm)] {
        let started = Instant::now();
        let j = embed(e, &jobs);
        let r = embed(e, &resumes);
        let secs = started.elapsed().as_secs_f64();
        let (mut at1, mut at10, mut rr, mut above) = (0usize, 0usize, 0f64, 0usize);
        for (i, q) in j.iter().enumerate() {
            let scores: Vec<f32> = r.iter().map(|d| cosine(q, d)).collect();
            let mut order: Vec<usize> = (0..r.len()).collect();
            order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
            let own = |d: usize| d / 2 == i;
            if own(order[0]) {
                at1 += 1;
            }
            if order.iter().take(10).any(|&d| own(d)) {
                at10 += 1;
            }
            let rank = order
                .iter()
                .position(|&d| d == 2 * i)
                .unwrap_or(order.len())
                + 1;
            rr += 1.0 / rank as f64;
            if scores[2 * i] > scores[2 * i + 1] {
                above += 1;
            }
        }
        let n = j.len().max(1) as f64;
        println!(
            "{name:<9} {:>8.3}  {:>9.3}  {:>12.3}  {:>16.3}  {secs:>7.1}",
            at1 as f64 / n,
            at10 as f64 / n,
            rr / n,
            above as f64 / n
        );
    }
}

fn embed(e: &dyn Embedder, texts: &[String]) -> Vec<Vec<f32>> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    e.embed(&refs).expect("embeds")
}
