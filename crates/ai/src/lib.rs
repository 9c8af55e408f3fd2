//! Embedders: text in, unit-length vectors out, behind one trait so search and matching
//! do not care which model made them. Every vector is stored with its [`ModelId`], so a
//! change of model is seen and re-embedded rather than compared across models.
//!
//! - [`MiniLm`]: all-MiniLM-L6-v2 (384 dimensions) on candle, from the `minilm` asset.
//! - [`SkillClassifier`]: accepts or rejects a gazetteer's skill hit from the MiniLM
//!   embedding of its context (the `skill-extractor` asset's network).
//! - [`StaticEmbedder`]: a word-piece table distilled from MiniLM, for bulk work.
//!
//! [`llm`] is the optional LLM provider: an OpenAI-compatible HTTP client with a response
//! cache, token accounting and schema-checked output. Nothing requires it.

pub mod bert;
pub mod llm;
mod minilm;
mod skill_classifier;
mod static_embed;

pub use minilm::{CHUNK_OVERLAP, MAX_TOKENS, MiniLm};
pub use skill_classifier::SkillClassifier;
pub use static_embed::{SIF_A, STATIC_DIMS, STATIC_FORMAT, StaticEmbedder};

/// Which model made a vector, and its version: vectors of different ids are never
/// compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ModelId {
    /// As requests name it (`"minilm"`).
    pub name: &'static str,
    /// Changes whenever the same text would get a different vector.
    pub version: &'static str,
    pub dims: usize,
}

/// Why a text could not be embedded, or a model not loaded.
#[derive(Debug, thiserror::Error)]
pub enum AiError {
    #[error(transparent)]
    Asset(#[from] hireloop_assets::AssetError),
    #[error("model file {file}: {reason}")]
    Model { file: String, reason: String },
    #[error("tokenizing: {0}")]
    Tokenize(String),
    #[error("running the model: {0}")]
    Inference(String),
}

/// Text to vectors. Vectors have [`ModelId::dims`] entries and unit length; the same
/// texts and model give the same vectors.
pub trait Embedder: Send + Sync {
    fn id(&self) -> ModelId;

    /// One vector per text, in the texts' order.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, AiError>;
}

/// Cosine similarity of two vectors (their dot product, for unit vectors).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}
