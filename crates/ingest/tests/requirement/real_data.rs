//! Robustness over real postings (Dice, Glassdoor and USAJOBS samples in the shared data
//! folder, which stays outside the repository): every description parses without panic
//! and gives Requirement JSON that validates; the share of postings with a title, a
//! location, at least one skill, and a rate where the text shows one is reported.

use std::path::Path;

use hireloop_ingest::requirement::{RequirementParse, parse_requirement, to_requirement_json};
use hireloop_ingest::skills::Taxonomy;

use super::common::{taxonomy, today, valid};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/jobs");

/// One posting: its description and the title the source lists for it.
struct Posting {
    description: String,
    listed_title: String,
}

fn csv_postings(path: &Path, description: &str, title: &str) -> Vec<Posting> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {}", path.display()))
    };
    let (d, t) = (col(description), col(title));
    reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .map(|r| Posting {
            description: r.get(d).unwrap_or("").to_string(),
            listed_title: r.get(t).unwrap_or("").to_string(),
        })
        .collect()
}

fn usajobs_postings(path: &Path) -> Vec<Posting> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let items = v["SearchResult"]["SearchResultItems"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .map(|i| {
            let d = &i["MatchedObjectDescriptor"];
            let summary = d["UserArea"]["Details"]["JobSummary"]
                .as_str()
                .unwrap_or("");
            let quals = d["QualificationSummary"].as_str().unwrap_or("");
            Posting {
                description: format!("{summary}\n\n{quals}"),
                listed_title: d["PositionTitle"].as_str().unwrap_or("").to_string(),
            }
        })
        .collect()
}

/// The real gazetteer when `hireloop setup` has installed it, else the test list.
fn real_taxonomy() -> Taxonomy {
    let assets = hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
    match assets
        .file(&hireloop_assets::SKILL_EXTRACTOR, "skills.json")
        .map(|p| Taxonomy::load(&p))
    {
        Ok(Ok(t)) => t,
        other => {
            eprintln!(
                "real_data: skill gazetteer not installed ({other:?}); using the test taxonomy"
            );
            taxonomy()
        }
    }
}

/// Whether the text shows a pay figure, judged independently of the parser: a dollar
/// amount that is not millions or billions (revenues, funding), or an hourly wording.
fn shows_rate(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let dollar = lower.match_indices('$').any(|(i, _)| {
        let rest = &lower[i + 1..];
        let digits = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
                .len();
        let after = rest[digits..].trim_start();
        digits > 0
            && !["million", "billion", "m ", "mm", "b ", "bn", "trillion"]
                .iter()
                .any(|w| after.starts_with(w))
    });
    dollar
        || ["/hr", "per hour", "/hour", "an hour"]
            .iter()
            .any(|p| lower.contains(p))
}

#[derive(Default)]
struct Tally {
    n: usize,
    title: usize,
    title_agrees: usize,
    location: usize,
    skill: usize,
    rate_shown: usize,
    rate_read: usize,
}

impl Tally {
    fn add(&mut self, p: &RequirementParse, posting: &Posting) {
        self.n += 1;
        if let Some(t) = &p.title {
            self.title += 1;
            let (a, b) = (t.value.to_lowercase(), posting.listed_title.to_lowercase());
            if !b.is_empty() && (a.contains(&b) || b.contains(&a)) {
                self.title_agrees += 1;
            }
        }
        self.location += usize::from(p.location.is_some() || p.remote_mode.is_some());
        self.skill += usize::from(!p.required_skills.is_empty() || !p.preferred_skills.is_empty());
        if shows_rate(&posting.description) {
            self.rate_shown += 1;
            self.rate_read += usize::from(p.pay.is_some());
        }
    }

    fn report(&self, name: &str) {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        eprintln!(
            "{name:<10} {:>4} postings | title {:>5.1}% (agrees with listed {:>5.1}%) | location/remote {:>5.1}% | ≥1 skill {:>5.1}% | rate read {:>5.1}% of {} showing one",
            self.n,
            pct(self.title, self.n),
            pct(self.title_agrees, self.n),
            pct(self.location, self.n),
            pct(self.skill, self.n),
            pct(self.rate_read, self.rate_shown),
            self.rate_shown,
        );
    }
}

#[test]
fn every_real_posting_parses_and_validates() {
    let root = Path::new(DATA);
    if !root.is_dir() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("shared jobs data {DATA} is missing under CI");
        }
        eprintln!(
            "\n!!!!! SKIPPED every_real_posting_parses_and_validates: {DATA} not found !!!!!\n"
        );
        return;
    }
    let tax = real_taxonomy();
    let sets = [
        (
            "dice",
            csv_postings(
                &root.join("dice/dice_com-job_us_sample.csv"),
                "jobdescription",
                "jobtitle",
            ),
        ),
        (
            "glassdoor",
            csv_postings(
                &root.join("glassdoor/glassdoor_jobs.csv"),
                "Job Description",
                "Job Title",
            ),
        ),
        (
            "usajobs",
            usajobs_postings(&root.join("usajobs/usajobs_search_response_2016.json")),
        ),
    ];
    let mut total = Tally::default();
    for (name, postings) in &sets {
        assert!(!postings.is_empty(), "{name}: no postings read");
        let mut tally = Tally::default();
        for posting in postings {
            let p = parse_requirement(&posting.description, &tax, today());
            valid(&to_requirement_json(&p));
            tally.add(&p, posting);
            total.add(&p, posting);
        }
        tally.report(name);
    }
    total.report("all");
    // Postings are about skills: a parser that finds none in most of them is broken.
    assert!(
        total.skill * 10 >= total.n * 8,
        "skills found in only {} of {}",
        total.skill,
        total.n
    );
}
