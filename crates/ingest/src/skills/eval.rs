//! Measuring skill extraction against span annotations in CoNLL form (SkillSpan:
//! `token<TAB>skill-tag<TAB>knowledge-tag`, BIO tags, a blank line between sentences).
//!
//! Each sentence's tokens are joined with single spaces and given to the extractor; a
//! predicted mention covers the tokens it overlaps. Two matchings are reported:
//! - strict: a prediction counts when its token span equals a gold span exactly;
//! - overlap: a prediction counts when it overlaps a gold span, and a gold span is
//!   found when some prediction overlaps it.
//!
//! Gold spans are taken from the skill column, the knowledge column, or both (their
//! union, identical spans counted once). Knowledge spans are what a gazetteer of tools
//! and technologies can find; skill spans are mostly phrases ("manage stakeholders").

use std::collections::BTreeSet;
use std::io::BufRead;

use serde::Serialize;

use super::{SkillMatch, Taxonomy};

/// Precision, recall and F1 with the counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Predictions that matched.
    pub matched_predictions: usize,
    pub predictions: usize,
    /// Gold spans that were found.
    pub found_gold: usize,
    pub gold: usize,
}

impl Prf {
    fn new(matched_predictions: usize, predictions: usize, found_gold: usize, gold: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(matched_predictions, predictions);
        let recall = ratio(found_gold, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
            matched_predictions,
            predictions,
            found_gold,
            gold,
        }
    }
}

/// Figures for one choice of gold column.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpanScores {
    pub strict: Prf,
    pub overlap: Prf,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanReport {
    pub sentences: usize,
    pub taxonomy: String,
    /// Gold = skill ∪ knowledge spans.
    pub all: SpanScores,
    /// Gold = knowledge spans (tools, technologies, languages).
    pub knowledge: SpanScores,
    /// Gold = skill spans.
    pub skill: SpanScores,
}

impl SpanReport {
    /// A table for people.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{} sentences, taxonomy {}\n{:<10} {:<8} {:>9} {:>7} {:>6} {:>7} {:>7}\n",
            self.sentences,
            self.taxonomy,
            "gold",
            "match",
            "precision",
            "recall",
            "f1",
            "pred",
            "gold"
        );
        for (name, s) in [
            ("all", &self.all),
            ("knowledge", &self.knowledge),
            ("skill", &self.skill),
        ] {
            for (kind, p) in [("strict", &s.strict), ("overlap", &s.overlap)] {
                out.push_str(&format!(
                    "{name:<10} {kind:<8} {:>9.3} {:>7.3} {:>6.3} {:>7} {:>7}\n",
                    p.precision, p.recall, p.f1, p.predictions, p.gold
                ));
            }
        }
        out
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error("reading the file: {0}")]
    Io(#[from] std::io::Error),
}

type Span = (usize, usize);

#[derive(Default)]
struct Sentence {
    tokens: Vec<String>,
    skill: Vec<String>,
    knowledge: Vec<String>,
}

#[derive(Default)]
struct Tally {
    strict: [usize; 4],
    overlap: [usize; 4],
}

impl Tally {
    fn add(&mut self, predicted: &BTreeSet<Span>, gold: &BTreeSet<Span>) {
        let overlaps = |a: &Span, b: &Span| a.0 <= b.1 && b.0 <= a.1;
        self.strict[0] += predicted.iter().filter(|p| gold.contains(p)).count();
        self.strict[1] += predicted.len();
        self.strict[2] += gold.iter().filter(|g| predicted.contains(g)).count();
        self.strict[3] += gold.len();
        self.overlap[0] += predicted
            .iter()
            .filter(|p| gold.iter().any(|g| overlaps(p, g)))
            .count();
        self.overlap[1] += predicted.len();
        self.overlap[2] += gold
            .iter()
            .filter(|g| predicted.iter().any(|p| overlaps(p, g)))
            .count();
        self.overlap[3] += gold.len();
    }

    fn scores(&self) -> SpanScores {
        let [a, b, c, d] = self.strict;
        let [e, f, g, h] = self.overlap;
        SpanScores {
            strict: Prf::new(a, b, c, d),
            overlap: Prf::new(e, f, g, h),
        }
    }
}

/// Runs the taxonomy's extractor over every sentence and scores it.
pub fn evaluate_conll(reader: impl BufRead, taxonomy: &Taxonomy) -> Result<SpanReport, EvalError> {
    evaluate_conll_with(reader, taxonomy.version(), |texts| {
        texts.iter().map(|t| taxonomy.extract(t)).collect()
    })
}

/// Scores any extractor: `extract` gets every sentence's text (tokens joined by single
/// spaces) at once and returns each one's skill mentions, so an extractor that runs a
/// model can batch. `version` names what was measured in the report.
pub fn evaluate_conll_with(
    reader: impl BufRead,
    version: &str,
    extract: impl FnOnce(&[String]) -> Vec<Vec<SkillMatch>>,
) -> Result<SpanReport, EvalError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 3 {
            return Err(EvalError::Line {
                line: i + 1,
                reason: format!("expected 3 tab-separated columns, found {}", cols.len()),
            });
        }
        current.tokens.push(cols[0].to_owned());
        current.skill.push(cols[1].trim().to_owned());
        current.knowledge.push(cols[2].trim().to_owned());
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    let (texts, offsets): (Vec<String>, Vec<Vec<Span>>) = sentences.iter().map(join).unzip();
    let found = extract(&texts);
    let mut tallies = [Tally::default(), Tally::default(), Tally::default()];
    for ((s, offsets), matches) in sentences.iter().zip(&offsets).zip(&found) {
        score(s, offsets, matches, &mut tallies);
    }
    Ok(SpanReport {
        sentences: sentences.len(),
        taxonomy: version.to_owned(),
        all: tallies[0].scores(),
        knowledge: tallies[1].scores(),
        skill: tallies[2].scores(),
    })
}

/// The sentence's tokens joined by single spaces, and each token's byte span.
fn join(s: &Sentence) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(s.tokens.len());
    for t in &s.tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        offsets.push((text.len(), text.len() + t.len()));
        text.push_str(t);
    }
    (text, offsets)
}

fn score(s: &Sentence, offsets: &[Span], matches: &[SkillMatch], tallies: &mut [Tally; 3]) {
    let predicted: BTreeSet<Span> = matches
        .iter()
        .filter_map(|m| {
            let covered: Vec<usize> = (0..offsets.len())
                .filter(|&i| offsets[i].0 < m.end && m.start < offsets[i].1)
                .collect();
            Some((*covered.first()?, *covered.last()?))
        })
        .collect();
    let skill = spans(&s.skill);
    let knowledge = spans(&s.knowledge);
    let all: BTreeSet<Span> = skill.union(&knowledge).copied().collect();
    tallies[0].add(&predicted, &all);
    tallies[1].add(&predicted, &knowledge);
    tallies[2].add(&predicted, &skill);
}

/// BIO tags → inclusive token spans; an `I` without a `B` starts a span.
fn spans(tags: &[String]) -> BTreeSet<Span> {
    let mut out = BTreeSet::new();
    let mut open: Option<usize> = None;
    for (i, tag) in tags.iter().enumerate() {
        let inside = tag.starts_with("I-") || tag == "I";
        let begin = tag.starts_with("B-") || tag == "B";
        if begin || (inside && open.is_none()) {
            if let Some(s) = open {
                out.insert((s, i - 1));
            }
            open = Some(i);
        } else if !inside && let Some(s) = open.take() {
            out.insert((s, i - 1));
        }
    }
    if let Some(s) = open {
        out.insert((s, tags.len() - 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_tags_become_spans() {
        let tags: Vec<String> = ["O", "B-K", "I-K", "O", "I-K", "B-K", "B-K"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(
            spans(&tags),
            BTreeSet::from([(1, 2), (4, 4), (5, 5), (6, 6)])
        );
    }

    #[test]
    fn scores_a_small_file() {
        let taxonomy = Taxonomy::from_forms(&["python", "machine learning"]);
        let conll = "We\tO\tO\nuse\tO\tO\nPython\tO\tB-Knowledge\nand\tO\tO\nmachine\tO\tB-Knowledge\n\
                     learning\tO\tO\n\nTeam\tB-Skill\tO\nwork\tI-Skill\tO\n";
        let report = evaluate_conll(conll.as_bytes(), &taxonomy).unwrap();
        assert_eq!(report.sentences, 2);
        // Python matches exactly; "machine learning" overlaps the gold "machine" only.
        assert_eq!(report.knowledge.strict.matched_predictions, 1);
        assert_eq!(report.knowledge.strict.predictions, 2);
        assert_eq!(report.knowledge.overlap.matched_predictions, 2);
        assert_eq!(report.all.strict.gold, 3);
        assert_eq!(report.all.overlap.found_gold, 2);
    }

    #[test]
    fn a_malformed_line_is_named() {
        let taxonomy = Taxonomy::from_forms(&["python"]);
        let err = evaluate_conll("a\tO\tO\nb\tO\n".as_bytes(), &taxonomy).unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");
    }
}
