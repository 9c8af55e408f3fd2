//! The skill taxonomy: canonical skills built from the gazetteer asset and our alias
//! table, name normalisation ("ReactJS" → React, "k8s" → Kubernetes), and fast
//! extraction of skill mentions from text.
//!
//! Extraction matches folded token sequences against a trie of every known spelling,
//! longest match first, so "Java" never fires inside "JavaScript" and "Java Script"
//! still does. Names that are also everyday words need context ([`context`]).

mod aliases;
mod context;
pub mod eval;
pub mod tokens;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use context::{Doubt, Hit};
use tokens::{is_version, key, tokenize};

/// A skill mention found in text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillMatch {
    /// The canonical display name ("Kubernetes").
    pub name: String,
    /// The words as written ("k8s").
    pub surface: String,
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("reading the skill gazetteer {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the skill gazetteer {path} is not a JSON list of strings (line {line}, column {column}): {message}"
    )]
    Format {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

#[derive(Debug)]
struct Skill {
    name: String,
}

/// Canonical skills and every spelling that leads to them.
#[derive(Debug)]
pub struct Taxonomy {
    skills: Vec<Skill>,
    /// Folded key of every known spelling → skill.
    by_key: HashMap<String, u32>,
    vocab: HashMap<String, u32>,
    /// `(node, token) → node`; node 0 is the root.
    edges: HashMap<(u32, u32), u32>,
    /// node → (skill, doubt) for nodes that end a spelling.
    ends: HashMap<u32, (u32, Doubt)>,
    nodes: u32,
    version: String,
}

impl Taxonomy {
    /// Loads the gazetteer asset (`skills.json`: a JSON list of surface forms).
    pub fn load(path: &Path) -> Result<Self, TaxonomyError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| TaxonomyError::Io {
            path: shown.clone(),
            source,
        })?;
        let forms: Vec<String> =
            serde_json::from_slice(&bytes).map_err(|e| TaxonomyError::Format {
                path: shown,
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        Ok(Self::build(&forms, &hex::encode(Sha256::digest(&bytes))))
    }

    /// Builds the taxonomy from surface forms (tests and other sources).
    pub fn from_forms<S: AsRef<str>>(forms: &[S]) -> Self {
        let mut hasher = Sha256::new();
        for f in forms {
            hasher.update(f.as_ref().as_bytes());
            hasher.update([0]);
        }
        Self::build(forms, &hex::encode(hasher.finalize()))
    }

    fn build<S: AsRef<str>>(forms: &[S], data_digest: &str) -> Self {
        let mut t = Taxonomy {
            skills: Vec::new(),
            by_key: HashMap::new(),
            vocab: HashMap::new(),
            edges: HashMap::new(),
            ends: HashMap::new(),
            nodes: 1,
            version: String::new(),
        };
        let mut hasher = Sha256::new();
        hasher.update(data_digest.as_bytes());
        for word in aliases::NOT_SKILLS {
            hasher.update(word.as_bytes());
        }
        for (name, spellings) in aliases::ALIASES {
            hasher.update(name.as_bytes());
            let id = t.skill_for(name);
            for s in *spellings {
                hasher.update(s.as_bytes());
                t.by_key.entry(key(s)).or_insert(id);
            }
        }
        t.version = format!("skills-{}", &hex::encode(hasher.finalize())[..12]);

        // Shorter forms first, so "java 8" finds "java" already known.
        let mut keyed: Vec<(String, &str)> = forms
            .iter()
            .map(|f| (key(f.as_ref()), f.as_ref()))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        keyed.sort_by(|a, b| {
            let words = |k: &str| k.matches(' ').count();
            words(&a.0).cmp(&words(&b.0)).then_with(|| a.0.cmp(&b.0))
        });
        keyed.dedup_by(|a, b| a.0 == b.0);
        let dropped: HashSet<String> = aliases::NOT_SKILLS.iter().map(|s| key(s)).collect();
        keyed.retain(|(k, _)| !dropped.contains(k));
        let known: HashSet<&str> = keyed.iter().map(|(k, _)| k.as_str()).collect();
        let mut pending = Vec::new();
        for (k, form) in &keyed {
            if t.by_key.contains_key(k) {
                continue;
            }
            if let Some(base) = base_of(k, &known)
                && let Some(&id) = t.by_key.get(&base)
            {
                t.by_key.insert(k.clone(), id);
                continue;
            }
            pending.push((k.clone(), *form));
        }
        for (k, form) in pending {
            if !t.by_key.contains_key(&k) {
                let id = t.push(display(form));
                t.by_key.insert(k, id);
            }
        }
        let spellings: Vec<(String, u32)> = t.by_key.iter().map(|(k, &v)| (k.clone(), v)).collect();
        for (k, id) in spellings {
            t.insert(&k, id);
        }
        t
    }

    fn skill_for(&mut self, name: &str) -> u32 {
        let k = key(name);
        if let Some(&id) = self.by_key.get(&k) {
            return id;
        }
        let id = self.push(name.to_owned());
        self.by_key.insert(k, id);
        id
    }

    fn push(&mut self, name: String) -> u32 {
        let id = u32::try_from(self.skills.len()).expect("fewer than 4 billion skills");
        self.skills.push(Skill { name });
        id
    }

    fn insert(&mut self, k: &str, skill: u32) {
        let mut node = 0;
        for word in k.split(' ') {
            let next_tok = u32::try_from(self.vocab.len()).expect("vocabulary fits u32");
            let tok = *self.vocab.entry(word.to_owned()).or_insert(next_tok);
            node = match self.edges.get(&(node, tok)) {
                Some(&n) => n,
                None => {
                    let n = self.nodes;
                    self.nodes += 1;
                    self.edges.insert((node, tok), n);
                    n
                }
            };
        }
        let doubt = if aliases::AMBIGUOUS.contains(&k) {
            Doubt::Word
        } else if !k.contains(' ')
            && k.chars().filter(|c| c.is_alphanumeric()).count() <= 2
            && !k.contains(['#', '+'])
        {
            Doubt::Acronym
        } else {
            Doubt::None
        };
        self.ends.insert(node, (skill, doubt));
    }

    /// How many canonical skills there are.
    pub fn len(&self) -> usize {
        self.skills.len()
    }

    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    /// Identifies the gazetteer and alias table this taxonomy was built from.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The canonical name for a spelling: "ReactJS" → "React", "Java 8" → "Java".
    pub fn canonical(&self, name: &str) -> Option<&str> {
        let k = key(name);
        let id = self.by_key.get(&k).or_else(|| {
            let (base, last) = k.rsplit_once(' ')?;
            is_version(last).then(|| self.by_key.get(base))?
        })?;
        Some(&self.skills[*id as usize].name)
    }

    /// Every accepted skill mention in `text`, in order.
    pub fn extract(&self, text: &str) -> Vec<SkillMatch> {
        let toks = tokenize(text);
        let ids: Vec<Option<u32>> = toks
            .iter()
            .map(|t| self.vocab.get(&t.folded).copied())
            .collect();
        let mut hits = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut node = 0;
            let mut best = None;
            for (j, id) in ids.iter().enumerate().skip(i) {
                let Some(next) = id.and_then(|tok| self.edges.get(&(node, tok))) else {
                    break;
                };
                node = *next;
                if let Some(&(skill, doubt)) = self.ends.get(&node) {
                    best = Some(Hit {
                        first: i,
                        last: j,
                        skill,
                        doubt,
                    });
                }
            }
            match best {
                Some(hit) => {
                    hits.push(hit);
                    i = hit.last + 1;
                }
                None => i += 1,
            }
        }
        let keep = context::accept(text, &toks, &hits);
        hits.iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(h, _)| {
                let (start, end) = (toks[h.first].start, toks[h.last].end);
                SkillMatch {
                    name: self.skills[h.skill as usize].name.clone(),
                    surface: text[start..end].to_owned(),
                    start,
                    end,
                }
            })
            .collect()
    }

    /// The distinct canonical skills mentioned in `text`, in order of first mention.
    pub fn skills_in(&self, text: &str) -> Vec<String> {
        let mut seen = HashSet::new();
        self.extract(text)
            .into_iter()
            .filter(|m| seen.insert(m.name.clone()))
            .map(|m| m.name)
            .collect()
    }
}

/// The spelling a form folds into: a trailing version ("java 8" → "java") or a plural
/// ("restful apis" → "restful api") of a known form.
fn base_of(k: &str, known: &HashSet<&str>) -> Option<String> {
    if let Some((base, last)) = k.rsplit_once(' ')
        && is_version(last)
        && base.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && known.contains(base)
    {
        return Some(base.to_owned());
    }
    let last = k.rsplit(' ').next().unwrap_or(k);
    if last.len() >= 5
        && last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
        && !last.ends_with("is")
    {
        let singular = &k[..k.len() - 1];
        if known.contains(singular) {
            return Some(singular.to_owned());
        }
    }
    None
}

/// A display name for a lowercase gazetteer form: words capitalised, short vowel-less
/// words read as acronyms ("sql" → "SQL"), small words kept lowercase.
fn display(form: &str) -> String {
    const SMALL: &[&str] = &[
        "and", "of", "for", "in", "with", "to", "on", "the", "a", "an", "or",
    ];
    let mut out = String::with_capacity(form.len());
    for (i, word) in form.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let vowelless = !word
            .chars()
            .any(|c| "aeiouy".contains(c.to_ascii_lowercase()));
        if i > 0 && SMALL.contains(&word) {
            out.push_str(word);
        } else if letters > 0 && letters <= 5 && vowelless {
            out.push_str(&word.to_uppercase());
        } else {
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;

impl crate::resume::SkillSpotter for Taxonomy {
    fn spot(&self, text: &str) -> Vec<crate::resume::SkillMention> {
        self.extract(text)
            .into_iter()
            .map(|m| crate::resume::SkillMention {
                name: m.name,
                start: m.start,
                end: m.end,
            })
            .collect()
    }
}
