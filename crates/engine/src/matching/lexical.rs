//! Lexical relevance: TF-IDF vectors (sublinear term frequency, smoothed inverse
//! document frequency, unit length) and their cosine, fitted on the texts at hand (a
//! requirement and its pool of candidates). It is also the classic resume-scoring
//! baseline the evaluation compares the engine with.

use std::collections::HashMap;

/// Words too common in resumes and job texts to tell them apart.
const STOP: [&str; 40] = [
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "has",
    "have",
    "in",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "our",
    "that",
    "the",
    "their",
    "this",
    "to",
    "was",
    "we",
    "will",
    "with",
    "you",
    "your",
    "who",
    "years",
    "year",
    "experience",
    "work",
    "worked",
    "working",
    "ability",
    "skills",
];

/// Lowercase words of two or more characters (keeping `+`, `#` and inner dots, so
/// `c++`, `c#` and `node.js` stay whole), without stop words and bare numbers.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|ch: char| !(ch.is_alphanumeric() || matches!(ch, '+' | '#' | '.')))
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| {
            w.chars().count() >= 2
                && !w.chars().all(|c| c.is_ascii_digit() || c == '.')
                && !STOP.contains(&w.as_str())
        })
}

/// A sparse unit vector: (term id, weight), by term id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermVector(Vec<(u32, f32)>);

impl TermVector {
    pub fn cosine(&self, other: &TermVector) -> f64 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut dot) = (0, 0, 0f64);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += f64::from(a[i].1) * f64::from(b[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
        dot.clamp(0.0, 1.0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A text's terms with their counts: what TF-IDF reads of a text, worked out once so a
/// text compared often is not split again each time. Terms are kept as 64-bit hashes
/// (by hash), not strings: a cache holds one of these for each of up to a million
/// people, and two words of the texts at hand sharing a hash is a one in billions
/// chance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Terms(Box<[(u64, u32)]>);

/// A term's hash, the same on every run (fixed keys).
fn term_hash(t: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

impl Terms {
    pub fn of(text: &str) -> Self {
        let mut counts: HashMap<u64, u32> = HashMap::new();
        for t in tokens(text) {
            *counts.entry(term_hash(&t)).or_insert(0) += 1;
        }
        let mut v: Vec<(u64, u32)> = counts.into_iter().collect();
        v.sort_unstable();
        Self(v.into_boxed_slice())
    }
}

/// Term ids and inverse document frequencies of a set of texts.
#[derive(Debug, Clone, Default)]
pub struct Lexical {
    ids: HashMap<u64, u32>,
    idf: Vec<f32>,
}

impl Lexical {
    /// Fits on `docs`: idf = ln((1 + n) / (1 + df)) + 1.
    pub fn fit<S: AsRef<str>>(docs: &[S]) -> Self {
        let terms: Vec<Terms> = docs.iter().map(|d| Terms::of(d.as_ref())).collect();
        let refs: Vec<&Terms> = terms.iter().collect();
        Self::fit_terms(&refs)
    }

    /// [`Lexical::fit`] on texts already split.
    pub fn fit_terms(docs: &[&Terms]) -> Self {
        let mut ids: HashMap<u64, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        for d in docs {
            // Each term once per text.
            for (t, _) in d.0.iter() {
                match ids.get(t) {
                    Some(&id) => df[id as usize] += 1,
                    None => {
                        ids.insert(*t, df.len() as u32);
                        df.push(1);
                    }
                }
            }
        }
        let n = docs.len() as f32;
        let idf = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        Self { ids, idf }
    }

    /// The text's unit TF-IDF vector (words the fit never saw are left out).
    pub fn vector(&self, text: &str) -> TermVector {
        self.vector_of(&Terms::of(text))
    }

    /// [`Lexical::vector`] of a text already split.
    pub fn vector_of(&self, terms: &Terms) -> TermVector {
        let mut v: Vec<(u32, f32)> = terms
            .0
            .iter()
            .filter_map(|(t, n)| {
                let id = *self.ids.get(t)?;
                Some((id, (1.0 + (*n as f32).ln()) * self.idf[id as usize]))
            })
            .collect();
        v.sort_unstable_by_key(|e| e.0);
        let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for e in &mut v {
                e.1 /= norm;
            }
        }
        TermVector(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_rare_words_weigh_more_than_common_ones() {
        let docs = [
            "python developer building data pipelines",
            "java developer building services",
            "rust developer building compilers",
            "python and kafka",
        ];
        let lex = Lexical::fit(&docs);
        let q = lex.vector("python kafka developer");
        let sims: Vec<f64> = docs.iter().map(|d| q.cosine(&lex.vector(d))).collect();
        assert!(sims[3] > sims[0] && sims[0] > sims[1], "{sims:?}");
        assert!((sims[1] - sims[2]).abs() < 1e-6, "{sims:?}");
        assert!((q.cosine(&q) - 1.0).abs() < 1e-6);
        assert_eq!(lex.vector("nothing known here").cosine(&q), 0.0);
        let t: Vec<String> = tokens("C++, C#, Node.js and 2019 skills").collect();
        assert_eq!(t, ["c++", "c#", "node.js"]);
    }
}
