//! How much retrieval quality the static embedder gives up against MiniLM, on a file of
//! RJDB's shape (JSON Lines with `Job-Description`, `Resume-matched`, `Resume-unmatched`):
//! every job description ranks every resume of the file (both versions of each), and the
//! figures are the share of jobs whose own resume (either version) is first / in the top
//! 10, the mean reciprocal rank of its matched version, and the share where the matched
//! version outranks the weakened one.
//! With `--categories FILE.csv`, resumes labelled by category retrieve each other (see
//! `categories`).
//! `cargo run --release -p hireloop-ai --example retrieval_eval -- FILE`

use std::time::Instant;

use hireloop_ai::{Embedder, MiniLm, StaticEmbedder, cosine};

/// As in the `hireloop` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, path] if flag == "--categories" => categories(path),
        [path] => rjdb(path),
        _ => {
            eprintln!("usage: retrieval_eval RJDB.jsonl | retrieval_eval --categories FILE.csv");
            std::process::exit(2);
        }
    }
}

/// Resumes labelled by category (a CSV with `Category` and `Resume` columns; repeated
/// resumes are kept once): each resume ranks all the others, and the figures are the
/// share of its top 5 in its own category (precision@5) and NDCG@5 with same-category
/// resumes as the relevant ones, for the static table, MiniLM reading the first 256
/// word pieces, and MiniLM reading everything in windows.
fn categories(path: &str) {
    let mut reader = csv::Reader::from_path(path).expect("a readable CSV");
    let headers = reader.headers().expect("a header row").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (cat, res) = (col("Category"), col("Resume"));
    let mut seen = std::collections::HashSet::new();
    let mut items: Vec<(String, String)> = Vec::new();
    for row in reader.records() {
        let row = row.expect("a readable row");
        let text = row.get(res).unwrap_or_default().to_owned();
        if seen.insert(text.clone()) {
            items.push((row.get(cat).unwrap_or_default().to_owned(), text));
        }
    }
    let assets = hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
    let minilm = MiniLm::load(&assets).expect("minilm installed");
    let table = StaticEmbedder::open(&assets).expect("static table built");
    let texts: Vec<&str> = items.iter().map(|(_, t)| t.as_str()).collect();
    println!("{} distinct resumes", items.len());
    println!("model            precision@5  ndcg@5  seconds");
    let runs: [(&str, Box<Run>); 3] = [
        ("static", Box::new(|| table.embed(&texts).expect("embeds"))),
        (
            "minilm-256",
            Box::new(|| minilm.embed(&texts).expect("embeds")),
        ),
        (
            "minilm-chunked",
            Box::new(|| minilm.embed_chunked(&texts).expect("embeds")),
        ),
    ];
    for (name, run) in runs {
        let started = Instant::now();
        let v = run();
        let secs = started.elapsed().as_secs_f64();
        let (mut p5, mut ndcg) = (0f64, 0f64);
        for (i, q) in v.iter().enumerate() {
            let mut order: Vec<usize> = (0..v.len()).filter(|&d| d != i).collect();
            let scores: Vec<f32> = v.iter().map(|d| cosine(q, d)).collect();
            order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
            let rel: Vec<f64> = order
                .iter()
                .take(5)
                .map(|&d| f64::from(u8::from(items[d].0 == items[i].0)))
                .collect();
            p5 += rel.iter().sum::<f64>() / 5.0;
            let dcg: f64 = rel
                .iter()
                .enumerate()
                .map(|(k, r)| r / (k as f64 + 2.0).log2())
                .sum();
            let relevant = items
                .iter()
                .enumerate()
                .filter(|(d, it)| *d != i && it.0 == items[i].0)
                .count();
            let ideal: f64 = (0..relevant.min(5))
                .map(|k| 1.0 / (k as f64 + 2.0).log2())
                .sum();
            if ideal > 0.0 {
                ndcg += dcg / ideal;
            }
        }
        let n = v.len().max(1) as f64;
        println!(
            "{name:<16} {:>11.3}  {:>6.3}  {secs:>7.1}",
            p5 / n,
            ndcg / n
        );
    }
}

/// Embeds the file's texts one way.
type Run<'a> = dyn Fn() -> Vec<Vec<f32>> + 'a;

fn rjdb(path: &str) {
    let text = std::fs::read_to_string(path).expect("readable file");
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
