//! Prints skill-extraction precision/recall/F1 on SkillSpan CoNLL files:
//! `cargo run --release -p hireloop-ingest --example skillspan -- GAZETTEER FILE...`
//! (`hireloop eval skills` is the product's command for the same figures).

use std::io::BufReader;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let gazetteer = args.next().expect("usage: skillspan GAZETTEER FILE...");
    let taxonomy = hireloop_ingest::skills::Taxonomy::load(gazetteer.as_ref()).expect("gazetteer");
    for file in args {
        let started = Instant::now();
        let reader = BufReader::new(std::fs::File::open(&file).expect("open"));
        let report =
            hireloop_ingest::skills::eval::evaluate_conll(reader, &taxonomy).expect("eval");
        println!("{file} ({:.2?})\n{}", started.elapsed(), report.table());
    }
}
