//! The shared corpus of real resumes (288 PDFs, 35 DOCX): every file extracts without
//! error or panic, and every one has text. The data lives outside the repository.

use std::path::{Path, PathBuf};

use hireloop_ingest::document::{Limits, extract};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        {
            out.push(path);
        }
    }
}

#[test]
fn every_real_resume_extracts_with_text() {
    let root = Path::new(DATA);
    if !root.is_dir() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("shared data folder {DATA} is missing under CI");
        }
        eprintln!("\n!!!!! SKIPPED every_real_resume_extracts_with_text: {DATA} not found !!!!!\n");
        return;
    }
    let limits = Limits::default();
    for (folder, ext) in [("resume_pdfs", "pdf"), ("resume_docx", "docx")] {
        let mut paths = Vec::new();
        files(&root.join(folder), ext, &mut paths);
        paths.sort();
        assert!(!paths.is_empty(), "no .{ext} files under {folder}");
        let mut failures = Vec::new();
        let mut empty = Vec::new();
        for path in &paths {
            let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path.file_name().and_then(|n| n.to_str());
            match extract(&bytes, name, &limits) {
                Ok(doc) if doc.text.trim().is_empty() => empty.push(path.display().to_string()),
                Ok(doc) => assert!(
                    doc.warnings.is_empty(),
                    "{}: {:?}",
                    path.display(),
                    doc.warnings
                ),
                Err(e) => failures.push(format!("{}: {e}", path.display())),
            }
        }
        eprintln!(
            "{folder}: {} files, {} errors, {} empty",
            paths.len(),
            failures.len(),
            empty.len()
        );
        assert!(failures.is_empty(), "{folder} errors: {failures:#?}");
        assert!(empty.is_empty(), "{folder} files without text: {empty:#?}");
    }
}
