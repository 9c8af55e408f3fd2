//! Every input in the fuzz targets' corpora (crates/ingest/fuzz/corpus) runs through
//! the same entry point as its target: whatever a fuzzer found once stays fixed.

use std::path::Path;

fn each(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the corpus folder exists") {
        let path = entry.expect("a directory entry").path();
        let bytes = std::fs::read(&path).expect("a readable corpus file");
        let outcome = std::panic::catch_unwind(|| run(&bytes));
        assert!(outcome.is_ok(), "{} panicked", path.display());
        n += 1;
    }
    assert!(n > 0, "the {target} corpus is empty");
}

#[test]
fn pdf_corpus() {
    each("pdf", hireloop_ingest::fuzzing::pdf);
}

#[test]
fn docx_corpus() {
    each("docx", hireloop_ingest::fuzzing::docx);
}

#[test]
fn csv_corpus() {
    each("csv", hireloop_ingest::fuzzing::bulk);
}

#[test]
fn email_corpus() {
    each("email", hireloop_ingest::fuzzing::email);
}
