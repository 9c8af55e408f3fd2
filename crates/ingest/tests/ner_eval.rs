//! Runs the NER evaluation on the shared labelled resumes and holds the figures reached on
//! the general-purpose fields. Set `HIRELOOP_NER_MISSES=FIELD` (or `all`) to print what the
//! parser got wrong.

use std::fs::File;
use std::io::BufReader;

use chrono::NaiveDate;
use hireloop_ingest::eval::{NER_FIELDS, evaluate_ner_detailed};
use hireloop_ingest::resume::{Field, parse_resume};
use hireloop_ingest::skills::Taxonomy;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/resume_ner/resumes_ner_dev.jsonl"
);

/// The real skill taxonomy from the installed gazetteer asset (`hireloop setup`).
fn taxonomy() -> Option<Taxonomy> {
    let assets = hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
    match assets.file(&hireloop_assets::SKILL_EXTRACTOR, "skills.json") {
        Ok(path) => Some(Taxonomy::load(&path).expect("the gazetteer loads")),
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => panic!("{e}"),
        Err(e) => {
            eprintln!("\n*** SKIPPED: {e} ***\n");
            None
        }
    }
}

#[test]
fn ner_figures_on_the_dev_set() {
    let Ok(file) = File::open(DATA) else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the NER data set is missing at {DATA}");
        }
        eprintln!("\n*** SKIPPED: the NER data set is missing at {DATA} ***\n");
        return;
    };
    let Some(taxonomy) = taxonomy() else { return };
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).expect("a valid date");
    let (report, misses) =
        evaluate_ner_detailed(BufReader::new(file), &taxonomy, today).expect("evaluates");
    eprintln!("{}", report.table());
    if let Ok(field) = std::env::var("HIRELOOP_NER_MISSES") {
        for m in misses.iter().filter(|m| field == "all" || m.field == field) {
            eprintln!(
                "line {} {}: missed {:?} extra {:?}",
                m.line, m.field, m.missed, m.extra
            );
        }
    }
    assert_eq!(report.documents(), 150);
    let f1 = |name: &str| report.field(name).expect("a known field").f1;
    for name in NER_FIELDS {
        assert!(f1(name).is_finite());
    }
    assert!(f1("email") >= 0.98, "email F1 {}", f1("email"));
    assert!(f1("phone") >= 0.95, "phone F1 {}", f1("phone"));
    assert!(f1("name") >= 0.90, "name F1 {}", f1("name"));
    // Floors a little under what the heuristics reach today, to catch regressions; the
    // format's partial labels cap these fields (see the module docs of `eval::ner`).
    for (name, floor) in [
        ("location", 0.90),
        ("degree", 0.78),
        ("college", 0.75),
        ("designation", 0.60),
        ("companies", 0.55),
    ] {
        assert!(f1(name) >= floor, "{name} F1 {} < {floor}", f1(name));
    }
}

/// Every text value the parser reports with a span is the text at that span (whitespace
/// aside): checked on every resume of the data set.
#[test]
fn spans_point_at_their_values_on_real_resumes() {
    let Ok(data) = std::fs::read_to_string(DATA) else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the NER data set is missing at {DATA}");
        }
        eprintln!("\n*** SKIPPED: the NER data set is missing at {DATA} ***\n");
        return;
    };
    let Some(taxonomy) = taxonomy() else { return };
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).expect("a valid date");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (n, line) in data.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON");
        let text = v["content"].as_str().expect("content");
        let p = parse_resume(text, &taxonomy, today);
        let mut fields: Vec<&Field<String>> = Vec::new();
        fields.extend(p.name.iter().chain(p.current_title.iter()));
        for e in &p.employers {
            fields.push(&e.company);
            fields.extend(e.title.iter().chain(e.location.iter()));
        }
        for e in &p.education {
            fields.extend(e.degree.iter().chain(e.institution.iter()));
        }
        fields.extend(p.certifications.iter());
        fields.extend(p.skills.iter().filter(|s| s.confidence < 0.5));
        for f in fields {
            let (Some(a), Some(b)) = (f.start, f.end) else {
                continue;
            };
            let at = text
                .get(a..b)
                .unwrap_or_else(|| panic!("line {}: bad span {a}..{b}", n + 1));
            assert_eq!(squash(at), squash(&f.value), "line {}", n + 1);
        }
    }
}
