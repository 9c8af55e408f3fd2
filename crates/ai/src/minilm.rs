//! all-MiniLM-L6-v2 on candle: WordPiece tokens (lower-cased, at most 256 with the
//! special ones), the 6-layer BERT, the mean of the token vectors under the attention
//! mask, scaled to unit length: what sentence-transformers computes for this model.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use hireloop_assets::{Assets, MINILM};
use tokenizers::{Tokenizer, TruncationParams};

use crate::bert::{Bert, BertConfig, mean_pool_normalised};
use crate::{AiError, Embedder, ModelId};

/// Tokens the model reads per text, the special ones included (sentence-transformers'
/// `max_seq_length` for this model; the tokenizer file itself says 128).
pub const MAX_TOKENS: usize = 256;

/// Word pieces shared by consecutive windows of a long text (see
/// [`MiniLm::embed_chunked`]).
pub const CHUNK_OVERLAP: usize = 32;

/// The model's version as vectors record it.
pub(crate) const VERSION: &str = "all-MiniLM-L6-v2@gt-0.1.0";

/// Texts run through the encoder at once. Texts are sorted by length first, so a
/// batch pads little.
const BATCH: usize = 32;

/// The MiniLM sentence encoder.
pub struct MiniLm {
    tokenizer: Tokenizer,
    /// The same tokenizer without truncation, for texts read in chunks.
    whole: Tokenizer,
    bert: Bert,
    dims: usize,
    device: Device,
}

impl std::fmt::Debug for MiniLm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MiniLm")
            .field("dims", &self.dims)
            .finish_non_exhaustive()
    }
}

impl MiniLm {
    /// Loads the model from the installed `minilm` asset.
    pub fn load(assets: &Assets) -> Result<Self, AiError> {
        let weights = assets.file(&MINILM, "model.safetensors")?;
        let tokenizer = assets.file(&MINILM, "tokenizer.json")?;
        let config = assets.file(&MINILM, "config.json")?;
        Self::from_files(&weights, &tokenizer, &config)
    }

    /// Loads the model from its three files.
    pub fn from_files(weights: &Path, tokenizer: &Path, config: &Path) -> Result<Self, AiError> {
        let model_err = |what: &Path, e: &dyn std::fmt::Display| AiError::Model {
            file: what.display().to_string(),
            reason: e.to_string(),
        };
        let config_text = std::fs::read_to_string(config).map_err(|e| model_err(config, &e))?;
        let config: BertConfig =
            serde_json::from_str(&config_text).map_err(|e| model_err(config, &e))?;
        let mut whole = Tokenizer::from_file(tokenizer).map_err(|e| model_err(tokenizer, &e))?;
        whole
            .with_truncation(None)
            .map_err(|e| model_err(tokenizer, &e))?;
        whole.with_padding(None);
        let mut tok = whole.clone();
        tok.with_truncation(Some(TruncationParams {
            max_length: MAX_TOKENS,
            ..TruncationParams::default()
        }))
        .map_err(|e| model_err(tokenizer, &e))?;
        // Batches are padded here, to their longest text.
        tok.with_padding(None);
        let device = Device::Cpu;
        let bytes = std::fs::read(weights).map_err(|e| model_err(weights, &e))?;
        let vb = VarBuilder::from_buffered_safetensors(bytes, DType::F32, &device)
            .map_err(|e| model_err(weights, &e))?;
        let bert = Bert::load(vb, &config).map_err(|e| model_err(weights, &e))?;
        Ok(Self {
            tokenizer: tok,
            whole,
            bert,
            dims: config.hidden_size,
            device,
        })
    }

    /// Each text's token ids (with [CLS] and [SEP], truncated to [`MAX_TOKENS`]).
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, AiError> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| AiError::Tokenize(e.to_string()))?;
        Ok(enc.get_ids().to_vec())
    }

    /// One vector per text, reading all of each text: a text longer than the model's
    /// window is cut into windows of [`MAX_TOKENS`] word pieces (special tokens
    /// included) overlapping by [`CHUNK_OVERLAP`], each window is embedded, and the
    /// windows' vectors are averaged, weighted by their word pieces, and scaled to unit
    /// length. A text that fits is embedded as [`Embedder::embed`] does.
    pub fn embed_chunked(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, AiError> {
        let cls = self.special("[CLS]")?;
        let sep = self.special("[SEP]")?;
        let body = MAX_TOKENS - 2;
        let step = body - CHUNK_OVERLAP;
        // Every window of every text, and which text it belongs to.
        let mut windows: Vec<Vec<u32>> = Vec::new();
        let mut owner: Vec<usize> = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let enc = self
                .whole
                .encode(*text, false)
                .map_err(|e| AiError::Tokenize(e.to_string()))?;
            let ids = enc.get_ids();
            let mut start = 0;
            loop {
                let end = (start + body).min(ids.len());
                let mut w = Vec::with_capacity(end - start + 2);
                w.push(cls);
                w.extend_from_slice(&ids[start..end]);
                w.push(sep);
                windows.push(w);
                owner.push(i);
                if end == ids.len() {
                    break;
                }
                start += step;
            }
        }
        let vectors = self.embed_sequences(&windows)?;
        let mut out = vec![vec![0f32; self.dims]; texts.len()];
        for ((v, w), &i) in vectors.iter().zip(&windows).zip(&owner) {
            let weight = w.len() as f32;
            for (o, x) in out[i].iter_mut().zip(v) {
                *o += weight * x;
            }
        }
        for v in &mut out {
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                for x in v.iter_mut() {
                    *x /= norm;
                }
            }
        }
        Ok(out)
    }

    /// Embeds token id sequences in batches of like lengths (longest first, ties by
    /// position, so the same input batches the same way), returned in their order.
    fn embed_sequences(&self, seqs: &[Vec<u32>]) -> Result<Vec<Vec<f32>>, AiError> {
        let mut order: Vec<usize> = (0..seqs.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(seqs[i].len()), i));
        let mut out = vec![Vec::new(); seqs.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<Vec<u32>> = chunk.iter().map(|&i| seqs[i].clone()).collect();
            for (&i, v) in chunk.iter().zip(self.embed_token_ids(&batch)?) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    fn special(&self, token: &str) -> Result<u32, AiError> {
        self.whole
            .token_to_id(token)
            .ok_or_else(|| AiError::Tokenize(format!("the tokenizer has no {token}")))
    }

    /// Embeds token id sequences as given (special tokens included by the caller), one
    /// batch padded to its longest.
    pub fn embed_token_ids(&self, ids: &[Vec<u32>]) -> Result<Vec<Vec<f32>>, AiError> {
        let longest = ids.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut flat_ids = Vec::with_capacity(ids.len() * longest);
        let mut flat_mask = Vec::with_capacity(ids.len() * longest);
        for one in ids {
            flat_ids.extend_from_slice(one);
            flat_mask.extend(std::iter::repeat_n(1u32, one.len()));
            flat_ids.extend(std::iter::repeat_n(0u32, longest - one.len()));
            flat_mask.extend(std::iter::repeat_n(0u32, longest - one.len()));
        }
        let run = || -> candle_core::Result<Vec<Vec<f32>>> {
            let shape = (ids.len(), longest);
            let ids = Tensor::from_vec(flat_ids, shape, &self.device)?;
            let mask = Tensor::from_vec(flat_mask, shape, &self.device)?;
            let tokens = self.bert.forward(&ids, &mask)?;
            mean_pool_normalised(&tokens, &mask)?.to_vec2::<f32>()
        };
        run().map_err(|e| AiError::Inference(e.to_string()))
    }
}

impl Embedder for MiniLm {
    fn id(&self) -> ModelId {
        ModelId {
            name: "minilm",
            version: VERSION,
            dims: self.dims,
        }
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, AiError> {
        let ids = texts
            .iter()
            .map(|t| self.token_ids(t))
            .collect::<Result<Vec<_>, _>>()?;
        self.embed_sequences(&ids)
    }
}
