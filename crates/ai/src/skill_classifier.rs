//! The skill context classifier from the `skill-extractor` asset: a small network over
//! the MiniLM embedding of "{skill} : {context}" that says whether a gazetteer hit is a
//! skill where it stands ("Go" in "Python or Go" is; in "we go above and beyond" it is
//! not). Its layers come from `mlp.json` (a scikit-learn MLP: ReLU between layers, a
//! sigmoid at the end), its input shape and threshold from `meta.json`.

use std::path::Path;

use base64::Engine as _;
use hireloop_assets::{Assets, SKILL_EXTRACTOR};
use serde::Deserialize;

use crate::{AiError, Embedder};

#[derive(Deserialize)]
struct Meta {
    embedding_dim: usize,
    input_template: String,
    context_words_before: usize,
    context_words_after: usize,
    default_threshold: f32,
}

#[derive(Deserialize)]
struct MlpFile {
    format: String,
    activation: String,
    out_activation: String,
    layers: Vec<LayerFile>,
}

#[derive(Deserialize)]
struct LayerFile {
    /// [inputs, outputs]
    shape: [usize; 2],
    weights_b64: String,
    bias_b64: String,
}

struct Layer {
    inputs: usize,
    outputs: usize,
    /// Row-major [inputs, outputs].
    weights: Vec<f32>,
    bias: Vec<f32>,
}

/// The classifier, with the shape of its inputs.
pub struct SkillClassifier {
    layers: Vec<Layer>,
    template: String,
    before: usize,
    after: usize,
    /// Hits at or above this probability are skills.
    pub threshold: f32,
}

impl std::fmt::Debug for SkillClassifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SkillClassifier")
            .field("layers", &self.layers.len())
            .field("threshold", &self.threshold)
            .finish_non_exhaustive()
    }
}

fn floats(b64: &str, what: &str, file: &Path) -> Result<Vec<f32>, AiError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| bad(file, format!("{what}: {e}")))?;
    if bytes.len() % 4 != 0 {
        return Err(bad(
            file,
            format!("{what}: {} bytes is not whole floats", bytes.len()),
        ));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

fn bad(file: &Path, reason: String) -> AiError {
    AiError::Model {
        file: file.display().to_string(),
        reason,
    }
}

impl SkillClassifier {
    /// Loads the classifier from the installed `skill-extractor` asset.
    pub fn load(assets: &Assets) -> Result<Self, AiError> {
        let mlp = assets.file(&SKILL_EXTRACTOR, "mlp.json")?;
        let meta = assets.file(&SKILL_EXTRACTOR, "meta.json")?;
        Self::from_files(&mlp, &meta)
    }

    pub fn from_files(mlp: &Path, meta: &Path) -> Result<Self, AiError> {
        let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| bad(p, e.to_string()));
        let m: Meta = serde_json::from_str(&read(meta)?).map_err(|e| bad(meta, e.to_string()))?;
        let f: MlpFile = serde_json::from_str(&read(mlp)?).map_err(|e| bad(mlp, e.to_string()))?;
        if f.format != "mlp-weights-v1" || f.activation != "relu" || f.out_activation != "logistic"
        {
            return Err(bad(
                mlp,
                format!(
                    "unsupported network: format {}, activation {}, output {}",
                    f.format, f.activation, f.out_activation
                ),
            ));
        }
        let mut layers = Vec::with_capacity(f.layers.len());
        let mut width = m.embedding_dim;
        for (i, l) in f.layers.iter().enumerate() {
            let [inputs, outputs] = l.shape;
            let weights = floats(&l.weights_b64, &format!("layer {i} weights"), mlp)?;
            let bias = floats(&l.bias_b64, &format!("layer {i} bias"), mlp)?;
            if inputs != width || weights.len() != inputs * outputs || bias.len() != outputs {
                return Err(bad(
                    mlp,
                    format!(
                        "layer {i}: shape {inputs}×{outputs} with {} weights and {} biases \
                         does not follow a layer of width {width}",
                        weights.len(),
                        bias.len()
                    ),
                ));
            }
            width = outputs;
            layers.push(Layer {
                inputs,
                outputs,
                weights,
                bias,
            });
        }
        if width != 1 {
            return Err(bad(
                mlp,
                format!("the last layer has {width} outputs, not 1"),
            ));
        }
        Ok(Self {
            layers,
            template: m.input_template,
            before: m.context_words_before,
            after: m.context_words_after,
            threshold: m.default_threshold,
        })
    }

    /// What the classifier reads for a hit of `skill` starting at byte `start` of
    /// `text`: "{skill} : {context}", the context being the words (split on white
    /// space) from `before` words ahead of the hit's first word to `after` words from it.
    pub fn input(&self, skill: &str, text: &str, start: usize) -> String {
        let start = (0..=start.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let at = text[..start].split_whitespace().count();
        let words: Vec<&str> = text.split_whitespace().collect();
        let from = at.saturating_sub(self.before);
        let to = (at + self.after).min(words.len());
        let context = words.get(from..to).unwrap_or_default().join(" ");
        self.template
            .replace("{skill}", &skill.to_lowercase())
            .replace("{context}", &context)
    }

    /// The probability that each embedded input is a skill in its context.
    pub fn probabilities(&self, embeddings: &[Vec<f32>]) -> Vec<f32> {
        embeddings.iter().map(|e| self.forward(e)).collect()
    }

    /// Embeds `inputs` (see [`SkillClassifier::input`]) and scores them.
    pub fn score(&self, embedder: &dyn Embedder, inputs: &[String]) -> Result<Vec<f32>, AiError> {
        if inputs.is_empty() {
            return Ok(Vec::new());
        }
        let texts: Vec<&str> = inputs.iter().map(String::as_str).collect();
        Ok(self.probabilities(&embedder.embed(&texts)?))
    }

    fn forward(&self, input: &[f32]) -> f32 {
        let mut x = input.to_vec();
        let last = self.layers.len().saturating_sub(1);
        for (i, l) in self.layers.iter().enumerate() {
            let mut y = l.bias.clone();
            for (r, xi) in x.iter().enumerate().take(l.inputs) {
                let row = &l.weights[r * l.outputs..(r + 1) * l.outputs];
                for (yj, w) in y.iter_mut().zip(row) {
                    *yj += xi * w;
                }
            }
            if i < last {
                for v in &mut y {
                    *v = v.max(0.0);
                }
            }
            x = y;
        }
        let logit = x.first().copied().unwrap_or(f32::NEG_INFINITY);
        1.0 / (1.0 + (-logit).exp())
    }
}
