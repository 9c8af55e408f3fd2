//! `hireloop eval match`: the engine against two baselines in one run, TF-IDF cosine of
//! the raw texts (the classic resume-scoring measure) and plain MiniLM cosine, on
//! - RJDB-shaped JSON Lines (`Job-Description`, `Resume-matched`, `Resume-unmatched`,
//!   `Filtered-information.Skills`): every job ranks every resume of the file (both
//!   versions of each). Figures: the share of jobs whose matched resume outranks its
//!   weakened copy, recall@1/5/10 of the matched resume, and (engine only) the share
//!   whose weakened copy's reasons name a removed skill;
//! - a CSV with `Category` and `Resume` columns (repeated resumes kept once): each resume
//!   ranks all the others, relevant when of the same category. Figures: precision@5 and
//!   NDCG@5.
//!
//! The engine reads what the product reads: resumes and job texts parsed into candidate
//! and requirement records (gazetteer skills, deterministic), scored by
//! [`super::score`] with the given weights (the defaults unless told), its text
//! similarities from the static embedder over the parsed profiles and TF-IDF: over the
//! parsed profiles against a job; between two people, over their documents, and over
//! their titles.

use std::collections::{BTreeMap, HashSet};
use std::io::BufRead;
use std::path::Path;

use chrono::NaiveDate;
use hireloop_ai::{Embedder, MiniLm, StaticEmbedder, cosine};
use hireloop_domain::entities::{Candidate, Requirement};
use hireloop_ingest::requirement::{parse_requirement, to_requirement_json};
use hireloop_ingest::resume::{parse_resume, to_candidate_json};
use hireloop_ingest::skills::Taxonomy;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::lexical::Lexical;
use super::{CandidateProfile, Context, RequirementProfile, Similarity, Weights, score};

/// "Today" for parsing dates ("Present") and availability: fixed, so runs repeat.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date")
}

/// A bad input file: which line or row, and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {message}")]
    Line {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Model(String),
}

/// The models the evaluation runs, and the engine's weights.
pub struct Models<'a> {
    pub taxonomy: &'a Taxonomy,
    pub table: &'a StaticEmbedder,
    pub minilm: &'a MiniLm,
    /// Valid ([`Weights::validate`]).
    pub weights: Weights,
}

impl std::fmt::Debug for Models<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Models").finish_non_exhaustive()
    }
}

/// One method's figures (the keys `hireloop eval match --json` prints).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Metrics {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_above_weakened: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall_at_1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall_at_5: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall_at_10: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_skill_named: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision_at_5: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ndcg_at_5: Option<f64>,
}

/// The three methods side by side, with what was read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub engine: Metrics,
    pub tfidf: Metrics,
    pub minilm: Metrics,
    #[serde(skip)]
    pub notes: Vec<String>,
    /// Per category (engine precision@5), for the table.
    #[serde(skip)]
    pub by_category: BTreeMap<String, (usize, f64)>,
}

struct RjdbRow {
    job: String,
    matched: String,
    weakened: String,
    removed: Vec<String>,
}

fn read_rjdb(path: &Path) -> Result<Vec<RjdbRow>, EvalError> {
    let p = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| EvalError::Io {
        path: p.clone(),
        source,
    })?;
    let mut rows = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| EvalError::Io {
            path: p.clone(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| EvalError::Line {
            path: p.clone(),
            line: i + 1,
            message,
        };
        let v: Value = serde_json::from_str(&line).map_err(|e| bad(format!("not JSON: {e}")))?;
        let text = |key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| bad(format!("`{key}` is missing or not a string")))
        };
        let removed = match v.get("Filtered-information").and_then(|f| f.get("Skills")) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        };
        rows.push(RjdbRow {
            job: text("Job-Description")?,
            matched: text("Resume-matched")?,
            weakened: text("Resume-unmatched")?,
            removed,
        });
    }
    if rows.is_empty() {
        return Err(EvalError::Line {
            path: p,
            line: 0,
            message: "no rows".into(),
        });
    }
    Ok(rows)
}

/// `json` as an entity; when a field fails validation, only the fields in `keep` (what
/// matching reads); when even those fail, `minimal`. Every input takes part.
fn entity<T: serde::de::DeserializeOwned>(json: Value, keep: &[&str], minimal: Value) -> T {
    serde_json::from_value(json.clone())
        .or_else(|_| {
            let kept: serde_json::Map<String, Value> = keep
                .iter()
                .filter_map(|k| json.get(*k).map(|v| ((*k).to_string(), v.clone())))
                .collect();
            serde_json::from_value(Value::Object(kept))
        })
        .or_else(|_| serde_json::from_value(minimal))
        .expect("a minimal entity")
}

/// A resume read as the product reads it (names default when the text has none).
pub(crate) fn candidate(text: &str, taxonomy: &Taxonomy, today: NaiveDate) -> Candidate {
    let parse = parse_resume(text, taxonomy, today);
    let mut json = to_candidate_json(&parse);
    if let Some(o) = json.as_object_mut() {
        o.entry("first_name")
            .or_insert_with(|| Value::from("Unnamed"));
        o.entry("last_name")
            .or_insert_with(|| Value::from("Candidate"));
    }
    let keep = [
        "first_name",
        "last_name",
        "skills",
        "experience",
        "years_experience",
        "headline",
        "summary",
    ];
    entity(
        json,
        &keep,
        serde_json::json!({"first_name": "Unnamed", "last_name": "Candidate"}),
    )
}

/// Resumes as candidate profiles, each keeping its text (as a candidate's resume
/// document is kept); ids are their positions.
fn candidates(texts: &[&str], taxonomy: &Taxonomy) -> Vec<CandidateProfile> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            CandidateProfile::new(
                Uuid::from_u128(i as u128),
                &candidate(t, taxonomy, today()),
                today(),
            )
            .with_document(t)
        })
        .collect()
}

/// A job text read as the product reads it.
pub(crate) fn requirement(text: &str, taxonomy: &Taxonomy, today: NaiveDate) -> Requirement {
    let parse = parse_requirement(text, taxonomy, today);
    let mut json = to_requirement_json(&parse);
    if let Some(o) = json.as_object_mut() {
        o.entry("title").or_insert_with(|| Value::from("Untitled"));
    }
    let keep = [
        "title",
        "required_skills",
        "preferred_skills",
        "min_years",
        "max_years",
        "description",
    ];
    entity(json, &keep, serde_json::json!({"title": "Untitled"}))
}

/// What a score needs besides the profiles: their similarities, no history, the fixed
/// "today".
fn context(semantic: f32, lexical: f64) -> Context {
    Context {
        similarity: Similarity {
            semantic: Some(f64::from(semantic)),
            lexical: Some(lexical),
            role: None,
        },
        history: Default::default(),
        today: today(),
    }
}

fn embed_all(e: &dyn Embedder, texts: &[&str]) -> Result<Vec<Vec<f32>>, EvalError> {
    let mut out = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(32) {
        out.extend(
            e.embed(chunk)
                .map_err(|e| EvalError::Model(e.to_string()))?,
        );
    }
    Ok(out)
}

/// Rank (from 1) of `target` among `scores`, ties broken by index.
fn rank_of(scores: &[f64], target: usize) -> usize {
    let t = scores[target];
    1 + scores
        .iter()
        .enumerate()
        .filter(|&(i, &s)| s > t || (s == t && i < target))
        .count()
}

#[derive(Default)]
struct Tally {
    above: usize,
    r1: usize,
    r5: usize,
    r10: usize,
    named: usize,
    n: usize,
}

impl Tally {
    fn add(&mut self, scores: &[f64], matched: usize, weakened: usize) {
        self.n += 1;
        self.above += usize::from(scores[matched] > scores[weakened]);
        let r = rank_of(scores, matched);
        self.r1 += usize::from(r <= 1);
        self.r5 += usize::from(r <= 5);
        self.r10 += usize::from(r <= 10);
    }

    fn metrics(&self, named: bool) -> Metrics {
        let n = self.n.max(1) as f64;
        Metrics {
            matched_above_weakened: Some(self.above as f64 / n),
            recall_at_1: Some(self.r1 as f64 / n),
            recall_at_5: Some(self.r5 as f64 / n),
            recall_at_10: Some(self.r10 as f64 / n),
            removed_skill_named: named.then(|| self.named as f64 / n),
            ..Metrics::default()
        }
    }
}

/// Runs the RJDB-shaped evaluation; adds its figures to `report`.
pub fn rjdb(path: &Path, m: &Models<'_>, report: &mut Report) -> Result<(), EvalError> {
    let rows = read_rjdb(path)?;
    let n = rows.len();
    // Resumes: 2i is job i's matched resume, 2i + 1 its weakened copy.
    let resumes: Vec<&str> = rows
        .iter()
        .flat_map(|r| [r.matched.as_str(), r.weakened.as_str()])
        .collect();
    let jobs: Vec<&str> = rows.iter().map(|r| r.job.as_str()).collect();

    // Engine.
    let cands = candidates(&resumes, m.taxonomy);
    let reqs: Vec<RequirementProfile> = jobs
        .iter()
        .enumerate()
        .map(|(i, t)| {
            RequirementProfile::new(
                Uuid::from_u128(i as u128),
                &requirement(t, m.taxonomy, today()),
            )
        })
        .collect();
    let no_skills = reqs.iter().filter(|r| r.required.is_empty()).count();
    report.notes.push(format!(
        "rjdb: {n} jobs, {} resumes; {no_skills} jobs with no required skill read",
        resumes.len()
    ));
    let profile_texts: Vec<&str> = reqs
        .iter()
        .map(|r| r.text.as_str())
        .chain(cands.iter().map(|c| c.text.as_str()))
        .collect();
    let lex = Lexical::fit(&profile_texts);
    let rv: Vec<_> = reqs.iter().map(|r| lex.vector(&r.text)).collect();
    let cv: Vec<_> = cands.iter().map(|c| lex.vector(&c.text)).collect();
    let sv = embed_all(m.table, &profile_texts)?;
    let (rs, cs) = sv.split_at(n);
    let weights = m.weights;
    let mut engine = Tally::default();
    for (j, r) in reqs.iter().enumerate() {
        let scores: Vec<f64> = cands
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let ctx = context(cosine(&rs[j], &cs[i]), rv[j].cosine(&cv[i]));
                score(c, r, &ctx, &weights).score
            })
            .collect();
        engine.add(&scores, 2 * j, 2 * j + 1);
        // The weakened copy's reasons name a removed skill.
        let ctx = context(cosine(&rs[j], &cs[2 * j + 1]), rv[j].cosine(&cv[2 * j + 1]));
        let why = score(&cands[2 * j + 1], r, &ctx, &weights)
            .reasons()
            .join(" | ")
            .to_lowercase();
        if rows[j]
            .removed
            .iter()
            .any(|s| !s.trim().is_empty() && why.contains(&s.trim().to_lowercase()))
        {
            engine.named += 1;
        }
    }
    report.engine = merge(&report.engine, engine.metrics(true));

    // TF-IDF over the raw texts.
    let raw: Vec<&str> = jobs.iter().chain(resumes.iter()).copied().collect();
    let lex = Lexical::fit(&raw);
    let jv: Vec<_> = jobs.iter().map(|t| lex.vector(t)).collect();
    let dv: Vec<_> = resumes.iter().map(|t| lex.vector(t)).collect();
    let mut tfidf = Tally::default();
    for (j, q) in jv.iter().enumerate() {
        let scores: Vec<f64> = dv.iter().map(|d| q.cosine(d)).collect();
        tfidf.add(&scores, 2 * j, 2 * j + 1);
    }
    report.tfidf = merge(&report.tfidf, tfidf.metrics(false));

    // MiniLM over the raw texts (its first 256 word pieces).
    let mv = embed_all(m.minilm, &raw)?;
    let (mj, md) = mv.split_at(n);
    let mut minilm = Tally::default();
    for (j, q) in mj.iter().enumerate() {
        let scores: Vec<f64> = md.iter().map(|d| f64::from(cosine(q, d))).collect();
        minilm.add(&scores, 2 * j, 2 * j + 1);
    }
    report.minilm = merge(&report.minilm, minilm.metrics(false));
    Ok(())
}

/// The category figures.
fn ranked(precision_at_5: f64, ndcg_at_5: f64) -> Metrics {
    Metrics {
        precision_at_5: Some(precision_at_5),
        ndcg_at_5: Some(ndcg_at_5),
        ..Metrics::default()
    }
}

/// `b`'s figures over `a`'s.
fn merge(a: &Metrics, b: Metrics) -> Metrics {
    Metrics {
        matched_above_weakened: b.matched_above_weakened.or(a.matched_above_weakened),
        recall_at_1: b.recall_at_1.or(a.recall_at_1),
        recall_at_5: b.recall_at_5.or(a.recall_at_5),
        recall_at_10: b.recall_at_10.or(a.recall_at_10),
        removed_skill_named: b.removed_skill_named.or(a.removed_skill_named),
        precision_at_5: b.precision_at_5.or(a.precision_at_5),
        ndcg_at_5: b.ndcg_at_5.or(a.ndcg_at_5),
    }
}

fn read_categories(path: &Path) -> Result<Vec<(String, String)>, EvalError> {
    let p = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).map_err(|e| EvalError::Line {
        path: p.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    let headers = reader
        .headers()
        .map_err(|e| EvalError::Line {
            path: p.clone(),
            line: 1,
            message: e.to_string(),
        })?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| EvalError::Line {
                path: p.clone(),
                line: 1,
                message: format!("no `{name}` column"),
            })
    };
    let (cat, res) = (col("Category")?, col("Resume")?);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| EvalError::Line {
            path: p.clone(),
            line: i + 2,
            message: e.to_string(),
        })?;
        let text = row.get(res).unwrap_or_default().trim().to_string();
        let category = row.get(cat).unwrap_or_default().trim().to_string();
        if text.is_empty() || category.is_empty() {
            continue;
        }
        if seen.insert(text.clone()) {
            out.push((category, text));
        }
    }
    if out.len() < 2 {
        return Err(EvalError::Line {
            path: p,
            line: 0,
            message: "fewer than two resumes".into(),
        });
    }
    Ok(out)
}

/// precision@5 and NDCG@5 of query `q` given everyone's scores (the query itself
/// excluded), relevant when of the same category.
fn at5(scores: &[f64], q: usize, cats: &[String]) -> (f64, f64) {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&d| d != q).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let rel: Vec<bool> = order.iter().take(5).map(|&d| cats[d] == cats[q]).collect();
    let p5 = rel.iter().filter(|r| **r).count() as f64 / 5.0;
    let dcg: f64 = rel
        .iter()
        .enumerate()
        .filter(|(_, r)| **r)
        .map(|(i, _)| 1.0 / ((i + 2) as f64).log2())
        .sum();
    let relevant = cats
        .iter()
        .enumerate()
        .filter(|(d, c)| *d != q && **c == cats[q])
        .count();
    let ideal: f64 = (0..relevant.min(5))
        .map(|i| 1.0 / ((i + 2) as f64).log2())
        .sum();
    (p5, if ideal > 0.0 { dcg / ideal } else { 0.0 })
}

/// Runs the category evaluation; adds its figures to `report`.
pub fn categories(path: &Path, m: &Models<'_>, report: &mut Report) -> Result<(), EvalError> {
    let items = read_categories(path)?;
    let cats: Vec<String> = items.iter().map(|i| i.0.clone()).collect();
    let texts: Vec<&str> = items.iter().map(|i| i.1.as_str()).collect();
    report.notes.push(format!(
        "categories: {} distinct resumes in {} categories",
        items.len(),
        cats.iter().collect::<HashSet<_>>().len()
    ));
    let mean = |f: &dyn Fn(usize) -> (f64, f64)| -> (f64, f64) {
        let (mut p, mut g) = (0.0, 0.0);
        for q in 0..texts.len() {
            let (a, b) = f(q);
            p += a;
            g += b;
        }
        (p / texts.len() as f64, g / texts.len() as f64)
    };

    // Engine: each resume as a profile to find people like (its skills required). The
    // meaning side reads the parsed profiles, the words side their documents, and the
    // titles are compared on their own.
    let cands = candidates(&texts, m.taxonomy);
    let reqs: Vec<RequirementProfile> = cands.iter().map(RequirementProfile::like).collect();
    let ptexts: Vec<&str> = cands.iter().map(|c| c.text.as_str()).collect();
    let docs: Vec<&str> = cands.iter().map(CandidateProfile::document).collect();
    let lex = Lexical::fit(&docs);
    let lv: Vec<_> = docs.iter().map(|t| lex.vector(t)).collect();
    let titles: Vec<&str> = cands.iter().map(|c| c.titles.as_str()).collect();
    let tlex = Lexical::fit(&titles);
    let tv: Vec<_> = titles.iter().map(|t| tlex.vector(t)).collect();
    let sv = embed_all(m.table, &ptexts)?;
    let weights = m.weights;
    let engine_scores: Vec<Vec<f64>> = reqs
        .iter()
        .enumerate()
        .map(|(q, r)| {
            cands
                .iter()
                .enumerate()
                .map(|(d, c)| {
                    let mut ctx = context(cosine(&sv[q], &sv[d]), lv[q].cosine(&lv[d]));
                    ctx.similarity.role = (!tv[q].is_empty()).then(|| tv[q].cosine(&tv[d]));
                    score(c, r, &ctx, &weights).score
                })
                .collect()
        })
        .collect();
    let (p, g) = mean(&|q| at5(&engine_scores[q], q, &cats));
    for (q, c) in cats.iter().enumerate() {
        let e = report.by_category.entry(c.clone()).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += at5(&engine_scores[q], q, &cats).0;
    }
    report.engine = merge(&report.engine, ranked(p, g));

    let lex = Lexical::fit(&texts);
    let tv: Vec<_> = texts.iter().map(|t| lex.vector(t)).collect();
    let (p, g) = mean(&|q| {
        let s: Vec<f64> = tv.iter().map(|d| tv[q].cosine(d)).collect();
        at5(&s, q, &cats)
    });
    report.tfidf = merge(&report.tfidf, ranked(p, g));

    let mv = embed_all(m.minilm, &texts)?;
    let (p, g) = mean(&|q| {
        let s: Vec<f64> = mv.iter().map(|d| f64::from(cosine(&mv[q], d))).collect();
        at5(&s, q, &cats)
    });
    report.minilm = merge(&report.minilm, ranked(p, g));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_at5_follow_their_definitions() {
        let s = [0.9, 0.5, 0.9, 0.1];
        assert_eq!(rank_of(&s, 0), 1);
        assert_eq!(rank_of(&s, 2), 2, "a tie goes to the lower index");
        assert_eq!(rank_of(&s, 3), 4);
        let cats: Vec<String> = ["a", "a", "b", "a", "b", "b", "a"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // Query 0 ranks 1 (a), 2 (b), 3 (a), 4 (b), 5 (b); 6 (a) last.
        let scores = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.0];
        let (p, g) = at5(&scores, 0, &cats);
        assert!((p - 0.4).abs() < 1e-12);
        let dcg = 1.0 + 1.0 / 4f64.log2();
        let ideal = 1.0 + 1.0 / 3f64.log2() + 1.0 / 4f64.log2();
        assert!((g - dcg / ideal).abs() < 1e-12, "{g}");
    }

    #[test]
    fn bad_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.jsonl");
        std::fs::write(
            &f,
            "{\"Job-Description\": \"a\", \"Resume-matched\": \"b\", \"Resume-unmatched\": \"c\"}\n{\"Job-Description\": 1}\n",
        )
        .unwrap();
        let e = read_rjdb(&f).err().unwrap().to_string();
        assert!(e.contains("line 2") && e.contains("Job-Description"), "{e}");
        std::fs::write(&f, "Category,Text\nx,y\n").unwrap();
        let e = read_categories(&f).err().unwrap().to_string();
        assert!(e.contains("no `Resume` column"), "{e}");
    }
}
