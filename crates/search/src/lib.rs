//! Derived, rebuildable search indexes over a tenant's records.
//!
//! A [`Collection`] holds one kind of record (candidates or requirements) of one tenant:
//! a tantivy index for BM25 with field boosts, an exact int8 vector index with an f32
//! rescore, and compact filter values. The engine feeds it [`Doc`]s while following the
//! store's change log and commits the last sequence applied with each commit, so a
//! restart resumes where it stopped. Queries come in the recruiter's language
//! ([`query`]) and every [`Hit`] says why it matched.

pub mod analyzer;
mod collection;
mod doc;
mod filters;
mod keyword;
pub mod query;
mod slots;

use std::path::Path;

pub use collection::{COLLECTION_FORMAT, Collection, CollectionInfo};
pub use doc::{Attrs, Doc, STATUSES};
pub use filters::{Filters, Near};
pub use keyword::{boost, exact_key};
pub use query::{Expr, FilterSpec, ParsedQuery, QueryError, TextField, parse};
pub use slots::{SLOTS_FORMAT, approx_cosine};

/// How results are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// BM25 over the text fields, the boolean query exactly.
    Keyword,
    /// Nearest vectors to the query's meaning.
    Semantic,
    /// Both, fused; records that satisfy the keyword query rank above those found by
    /// meaning alone.
    #[default]
    Hybrid,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "keyword" => Some(Mode::Keyword),
            "semantic" => Some(Mode::Semantic),
            "hybrid" => Some(Mode::Hybrid),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Keyword => "keyword",
            Mode::Semantic => "semantic",
            Mode::Hybrid => "hybrid",
        }
    }
}

/// How hybrid search combines the two rankings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fusion {
    /// Reciprocal-rank fusion: Σ weight / (k + rank).
    Rrf {
        k: f32,
        keyword_weight: f32,
        semantic_weight: f32,
    },
    /// Weighted sum of the BM25 score scaled by the best one and the cosine similarity.
    Weighted { keyword_weight: f32 },
}

impl Default for Fusion {
    fn default() -> Self {
        Fusion::Rrf {
            k: 60.0,
            keyword_weight: 1.0,
            semantic_weight: 1.0,
        }
    }
}

/// A search, ready to run against one collection.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub expr: Option<Expr>,
    pub filters: Filters,
    /// The query's embedding (same model as the collection's); `None` skips the
    /// semantic side.
    pub vector: Option<Vec<f32>>,
    pub mode: Mode,
    pub fusion: Fusion,
    pub offset: usize,
    pub limit: usize,
    /// Leave out each hit's explanation (matched terms by field, filter reasons):
    /// recall for matching reads only ids, ranks and similarities, and the per-hit
    /// term lookups cost more than the search itself at a pool of hundreds.
    pub bare: bool,
}

/// Results are taken from at most this many of each side's best before fusing, and the
/// deepest page of a hybrid or semantic search ends there.
pub const POOL: usize = 1000;

/// Why a record is an exact hit, came from the keyword side, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: uuid::Uuid,
    /// The fused score this list is ordered by (higher first); comparable within one
    /// result list only.
    pub score: f32,
    /// The query named this record exactly (its id, external id, e-mail or phone).
    pub exact: Option<String>,
    /// Rank (from 1) and BM25 score on the keyword side, when it matched there.
    pub keyword: Option<(usize, f32)>,
    /// Rank on the semantic side (when within its pool) and cosine similarity to the
    /// query (whenever both have vectors).
    pub semantic_rank: Option<usize>,
    pub similarity: Option<f32>,
    /// The query's words and phrases this record contains, by field.
    pub matched: Vec<(TextField, String)>,
    /// Why it passed each filter.
    pub filters: Vec<String>,
}

/// A page of hits.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// How many records match in all (keyword and listing searches), or how many were
    /// ranked (hybrid and semantic, at most [`POOL`] from each side).
    pub total: usize,
    /// More hits follow this page.
    pub more: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index damaged: {0}")]
    Corrupt(String),
    #[error("a vector of {got} dimensions given to an index of {expected}")]
    Dims { expected: usize, got: usize },
    #[error(
        "the search index in {0} is open in another process (a running `hireloop serve`?); \
         stop it first, or let it rebuild the index itself"
    )]
    InUse(String),
}

impl SearchError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        SearchError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
