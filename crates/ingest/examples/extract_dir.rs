//! Extracts every file under a folder with `hireloop_ingest::document::extract` on one
//! thread and prints: files read, how many gave non-empty text, errors by kind, OCR use,
//! and files per second. Usage: `extract_dir DIR [--show] [--text]` (`--show` prints each result, `--text`
//! also its text).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use hireloop_ingest::document::{Limits, extract};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: extract_dir DIR [--show] [--text]");
        std::process::exit(2);
    };
    let flags: Vec<String> = args.collect();
    let print_text = flags.iter().any(|a| a == "--text");
    let show = print_text || flags.iter().any(|a| a == "--show");
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();

    let limits = Limits::default();
    let (mut ok, mut non_empty, mut ocr, mut chars, mut bytes_total) = (0, 0, 0, 0usize, 0usize);
    let mut errors: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut slowest = (0.0f64, PathBuf::new());
    let started = Instant::now();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("cannot read {}", path.display());
            continue;
        };
        bytes_total += bytes.len();
        let name = path.file_name().and_then(|n| n.to_str());
        let t = Instant::now();
        let result = extract(&bytes, name, &limits);
        let secs = t.elapsed().as_secs_f64();
        if secs > slowest.0 {
            slowest = (secs, path.clone());
        }
        match result {
            Ok(doc) => {
                ok += 1;
                chars += doc.text.chars().count();
                non_empty += usize::from(!doc.text.trim().is_empty());
                ocr += usize::from(doc.ocr_used);
                if show {
                    println!(
                        "OK    {} ({} chars, {} links) {:?}",
                        path.display(),
                        doc.text.len(),
                        doc.links.len(),
                        doc.warnings
                    );
                    if print_text {
                        println!("{}\n----- links: {:?}", doc.text, doc.links);
                    }
                }
            }
            Err(e) => {
                *errors.entry(e.code()).or_default() += 1;
                println!("ERROR {}: {e}", path.display());
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "machine: {} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::env::consts::ARCH
    );
    println!(
        "files: {} ({:.1} MiB)",
        files.len(),
        bytes_total as f64 / 1048576.0
    );
    println!(
        "extracted: {ok}, non-empty text: {non_empty}, OCR used: {ocr}, mean chars: {}",
        chars.checked_div(ok).unwrap_or(0)
    );
    println!("errors: {errors:?}");
    println!(
        "time: {secs:.2} s on one thread = {:.1} files/s; slowest {:.3} s ({})",
        files.len() as f64 / secs,
        slowest.0,
        slowest.1.display()
    );
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}
