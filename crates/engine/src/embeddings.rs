//! Embeddings for the API: texts in, unit vectors out, from MiniLM (for queries and
//! reranking) or the static table (for bulk work), each loaded on first use from the
//! installed assets. Inference runs on the blocking pool, never on the async workers.

use std::sync::{Arc, OnceLock};

use hireloop_ai::{AiError, Embedder, MiniLm, SkillClassifier, StaticEmbedder};
use hireloop_ingest::skills::Taxonomy;

use crate::skills::PreciseSkills;
use hireloop_assets::Assets;

/// Texts per request.
pub const MAX_TEXTS: usize = 64;
/// Characters per text (MiniLM reads the first 256 word pieces of a text; the static
/// table reads all of it).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Which embedder a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedModel {
    MiniLm,
    Static,
}

impl EmbedModel {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "minilm" => Some(Self::MiniLm),
            "static" => Some(Self::Static),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("give at least one text")]
    NoTexts,
    #[error("at most {MAX_TEXTS} texts per request, got {0}")]
    TooMany(usize),
    #[error("text {index} has {chars} characters; at most {MAX_TEXT_CHARS}")]
    TooLong { index: usize, chars: usize },
    /// The model's files are not installed or could not be read.
    #[error("{0}")]
    Unavailable(String),
    #[error("embedding failed: {0}")]
    Failed(String),
}

/// What came out: the vectors and the model that made them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Embedded {
    pub model: &'static str,
    pub version: &'static str,
    pub dims: usize,
    pub vectors: Vec<Vec<f32>>,
}

/// The embedders, loaded on first use (a missing asset is reported on each request
/// until it is installed).
#[derive(Clone, Default)]
pub struct Embedders {
    assets: Option<Assets>,
    minilm: Arc<OnceLock<Arc<MiniLm>>>,
    table: Arc<OnceLock<Arc<StaticEmbedder>>>,
    classifier: Arc<OnceLock<Arc<SkillClassifier>>>,
}

impl std::fmt::Debug for Embedders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedders")
            .field("minilm", &self.minilm.get().is_some())
            .field("static", &self.table.get().is_some())
            .finish_non_exhaustive()
    }
}

fn load_once<T>(
    cell: &OnceLock<Arc<T>>,
    load: impl FnOnce() -> Result<T, AiError>,
) -> Result<Arc<T>, EmbedError> {
    if let Some(loaded) = cell.get() {
        return Ok(loaded.clone());
    }
    let loaded = Arc::new(load().map_err(|e| EmbedError::Unavailable(e.to_string()))?);
    // Two first requests may both load; either copy serves.
    Ok(cell.get_or_init(|| loaded).clone())
}

impl Embedders {
    /// Embedders over the installed assets.
    pub fn from_assets(assets: Assets) -> Self {
        Self {
            assets: Some(assets),
            ..Self::default()
        }
    }

    fn embedder(&self, model: EmbedModel) -> Result<Arc<dyn Embedder>, EmbedError> {
        let assets = self.assets.as_ref().ok_or_else(|| {
            EmbedError::Unavailable("this server was started without model assets".into())
        })?;
        Ok(match model {
            EmbedModel::MiniLm => load_once(&self.minilm, || MiniLm::load(assets))?,
            EmbedModel::Static => load_once(&self.table, || StaticEmbedder::open(assets))?,
        })
    }

    /// One vector per text, in order.
    /// The taxonomy's matches checked by the skill classifier over MiniLM, both loaded
    /// on first use (blocking: call off the async runtime).
    pub fn precise_skills(&self, taxonomy: Arc<Taxonomy>) -> Result<PreciseSkills, EmbedError> {
        let assets = self.assets.as_ref().ok_or_else(|| {
            EmbedError::Unavailable("this server was started without model assets".into())
        })?;
        let minilm = load_once(&self.minilm, || MiniLm::load(assets))?;
        let classifier = load_once(&self.classifier, || SkillClassifier::load(assets))?;
        Ok(PreciseSkills::new(taxonomy, classifier, minilm))
    }

    /// The static table, loaded on first use (blocking: call off the async runtime).
    pub fn static_table(&self) -> Result<Arc<StaticEmbedder>, EmbedError> {
        let assets = self.assets.as_ref().ok_or_else(|| {
            EmbedError::Unavailable("this server was started without model assets".into())
        })?;
        load_once(&self.table, || StaticEmbedder::open(assets))
    }

    pub async fn embed(
        &self,
        model: EmbedModel,
        texts: Vec<String>,
    ) -> Result<Embedded, EmbedError> {
        if texts.is_empty() {
            return Err(EmbedError::NoTexts);
        }
        if texts.len() > MAX_TEXTS {
            return Err(EmbedError::TooMany(texts.len()));
        }
        for (index, t) in texts.iter().enumerate() {
            let chars = t.chars().count();
            if chars > MAX_TEXT_CHARS {
                return Err(EmbedError::TooLong { index, chars });
            }
        }
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let embedder = this.embedder(model)?;
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let vectors = embedder
                .embed(&refs)
                .map_err(|e| EmbedError::Failed(e.to_string()))?;
            let id = embedder.id();
            Ok(Embedded {
                model: id.name,
                version: id.version,
                dims: id.dims,
                vectors,
            })
        })
        .await
        .map_err(|e| EmbedError::Failed(e.to_string()))?
    }
}
