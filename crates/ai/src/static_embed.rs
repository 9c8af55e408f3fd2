//! The static embedder: a table of one vector per word piece, distilled from MiniLM
//! (the model2vec recipe), so that embedding a text is tokenising it and averaging rows —
//! thousands of texts per second per core instead of a hundred. Built once by
//! `hireloop setup` and cached, with a format version and the version of the model it
//! came from.
//!
//! Distillation: every vocabulary token is embedded alone through MiniLM (as MiniLM
//! embeds a text: `[CLS] token [SEP]`, mean-pooled); the vectors are centred and reduced
//! by PCA to [`STATIC_DIMS`] dimensions; each row is weighted by
//! `a / (a + p(token))` with `p` from Zipf's law over the vocabulary's order (a frequent
//! word piece counts less, as in smooth inverse frequency weighting), `a` = [`SIF_A`].
//! A text's vector is the mean of its word pieces' rows, scaled to unit length.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use hireloop_assets::{Assets, MINILM};

use tokenizers::Tokenizer;

use crate::{AiError, Embedder, MiniLm, ModelId};

/// Dimensions kept by the PCA.
pub const STATIC_DIMS: usize = 256;
/// The smooth-inverse-frequency constant.
pub const SIF_A: f64 = 1e-4;
/// The table file's format; a file of another format is built again.
pub const STATIC_FORMAT: u32 = 1;
const MAGIC: &[u8; 8] = b"HLSTATIC";
/// Tokens embedded per MiniLM call while distilling.
const DISTIL_BATCH: usize = 256;

/// The distilled table and the tokenizer that indexes it.
pub struct StaticEmbedder {
    tokenizer: Tokenizer,
    dims: usize,
    /// `vocab × dims`, row-major.
    rows: Vec<f32>,
    /// The MiniLM version it was distilled from.
    source: String,
}

impl std::fmt::Debug for StaticEmbedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticEmbedder")
            .field("dims", &self.dims)
            .field("vocab", &(self.rows.len() / self.dims.max(1)))
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> AiError {
    AiError::Model {
        file: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// A tokenizer for static embedding: no special tokens are added by the caller, no
/// truncation, no padding.
fn plain_tokenizer(path: &Path) -> Result<Tokenizer, AiError> {
    let mut t = Tokenizer::from_file(path).map_err(|e| io_err(path, e))?;
    t.with_truncation(None).map_err(|e| io_err(path, e))?;
    t.with_padding(None);
    Ok(t)
}

impl StaticEmbedder {
    /// Distils the table from `model` (a few minutes on two cores). `tokenizer` is the
    /// model's `tokenizer.json`.
    pub fn distil(model: &MiniLm, tokenizer: &Path) -> Result<Self, AiError> {
        let tok = plain_tokenizer(tokenizer)?;
        let vocab = tok.get_vocab_size(true);
        let (cls, sep) = (
            token_id(&tok, "[CLS]", tokenizer)?,
            token_id(&tok, "[SEP]", tokenizer)?,
        );
        let width = model.id().dims;
        let mut full = Vec::with_capacity(vocab * width);
        let ids: Vec<Vec<u32>> = (0..vocab as u32).map(|t| vec![cls, t, sep]).collect();
        for chunk in ids.chunks(DISTIL_BATCH) {
            for v in model.embed_token_ids(chunk)? {
                full.extend(v.into_iter().map(f64::from));
            }
        }
        let dims = STATIC_DIMS.min(width);
        let (mean, components) = pca(&full, vocab, width, dims);
        // Zipf: p(rank) ∝ 1 / (rank + 2), ranks in vocabulary order.
        let harmonic: f64 = (0..vocab).map(|r| 1.0 / (r as f64 + 2.0)).sum();
        let mut rows = Vec::with_capacity(vocab * dims);
        for (t, row) in full.chunks_exact(width).enumerate() {
            let p = 1.0 / ((t as f64 + 2.0) * harmonic);
            let weight = SIF_A / (SIF_A + p);
            for c in components.chunks_exact(width) {
                let dot: f64 = row
                    .iter()
                    .zip(&mean)
                    .zip(c)
                    .map(|((x, m), w)| (x - m) * w)
                    .sum();
                rows.push((dot * weight) as f32);
            }
        }
        Ok(Self {
            tokenizer: tok,
            dims,
            rows,
            source: model.id().version.to_owned(),
        })
    }

    /// Writes the table to `path` (through a temporary file, then renamed).
    pub fn save(&self, path: &Path) -> Result<(), AiError> {
        let tmp = path.with_extension("tmp");
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            f.write_all(MAGIC)?;
            let vocab = (self.rows.len() / self.dims) as u32;
            for n in [
                STATIC_FORMAT,
                vocab,
                self.dims as u32,
                self.source.len() as u32,
            ] {
                f.write_all(&n.to_le_bytes())?;
            }
            f.write_all(self.source.as_bytes())?;
            for x in &self.rows {
                f.write_all(&x.to_le_bytes())?;
            }
            f.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path)
        };
        write().map_err(|e| io_err(path, e))
    }

    /// Reads a table written by [`StaticEmbedder::save`]; `tokenizer` is the model's
    /// `tokenizer.json`. A file of another format or model version is an error (build it
    /// again).
    pub fn load(path: &Path, tokenizer: &Path, expected_source: &str) -> Result<Self, AiError> {
        let mut f =
            std::io::BufReader::new(std::fs::File::open(path).map_err(|e| io_err(path, e))?);
        let (vocab, dims, source) = read_header(&mut f, path, expected_source)?;
        let tok = plain_tokenizer(tokenizer)?;
        if tok.get_vocab_size(true) != vocab || dims == 0 {
            return Err(io_err(
                path,
                format!("{vocab} rows do not fit the tokenizer's vocabulary"),
            ));
        }
        let mut bytes = vec![0u8; vocab * dims * 4];
        f.read_exact(&mut bytes).map_err(|e| io_err(path, e))?;
        let rows = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Self {
            tokenizer: tok,
            dims,
            rows,
            source,
        })
    }

    /// Where the table distilled from the installed MiniLM lives: beside the asset cache
    /// (not in the asset's folder, which may be a read-only local override).
    pub fn cache_path(assets: &Assets) -> PathBuf {
        assets
            .cache_dir()
            .join("derived")
            .join(format!("static-minilm-f{STATIC_FORMAT}.hlvec"))
    }

    /// Whether the cached table is there, of this format, from the installed MiniLM and
    /// whole; reads only its header.
    pub fn is_current(assets: &Assets) -> bool {
        let path = Self::cache_path(assets);
        let Ok(file) = std::fs::File::open(&path) else {
            return false;
        };
        let size = file.metadata().map_or(0, |m| m.len());
        let mut f = std::io::BufReader::new(file);
        match read_header(&mut f, &path, crate::minilm::VERSION) {
            Ok((vocab, dims, source)) => {
                let header = (MAGIC.len() + 16 + source.len()) as u64;
                size == header + (vocab * dims * 4) as u64
            }
            Err(_) => false,
        }
    }

    /// Distils the table from the installed MiniLM and caches it, unless the cached one
    /// is current. Returns whether it was built now.
    pub fn ensure(assets: &Assets) -> Result<bool, AiError> {
        if Self::is_current(assets) {
            return Ok(false);
        }
        let model = MiniLm::load(assets)?;
        let tokenizer = assets.file(&MINILM, "tokenizer.json")?;
        Self::distil(&model, &tokenizer)?.save(&Self::cache_path(assets))?;
        Ok(true)
    }

    /// The cached table; an error saying to run `hireloop setup` if it is missing or stale.
    pub fn open(assets: &Assets) -> Result<Self, AiError> {
        let tokenizer = assets.file(&MINILM, "tokenizer.json")?;
        let path = Self::cache_path(assets);
        let expected = crate::minilm::VERSION;
        Self::load(&path, &tokenizer, expected).map_err(|e| AiError::Model {
            file: path.display().to_string(),
            reason: format!("{e}; run `hireloop setup` to build it"),
        })
    }

    fn embed_one(&self, text: &str) -> Result<Vec<f32>, AiError> {
        let enc = self
            .tokenizer
            .encode(text, false)
            .map_err(|e| AiError::Tokenize(e.to_string()))?;
        let mut v = vec![0f32; self.dims];
        let vocab = self.rows.len() / self.dims;
        for &id in enc.get_ids() {
            let id = id as usize;
            if id < vocab {
                for (x, r) in v
                    .iter_mut()
                    .zip(&self.rows[id * self.dims..(id + 1) * self.dims])
                {
                    *x += r;
                }
            }
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            for x in &mut v {
                *x /= norm;
            }
        }
        Ok(v)
    }
}

impl Embedder for StaticEmbedder {
    fn id(&self) -> ModelId {
        ModelId {
            name: "static",
            version: "minilm-distilled-pca256-sif-v1",
            dims: self.dims,
        }
    }

    /// A text with no word pieces gets the zero vector.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, AiError> {
        texts.iter().map(|t| self.embed_one(t)).collect()
    }
}

/// Reads a table file's header: its vocabulary size, dimensions and source model, which
/// must be `expected_source`.
fn read_header(
    f: &mut impl Read,
    path: &Path,
    expected_source: &str,
) -> Result<(usize, usize, String), AiError> {
    let mut magic = [0u8; 8];
    f.read_exact(&mut magic).map_err(|e| io_err(path, e))?;
    if &magic != MAGIC {
        return Err(io_err(path, "not a static embedding table"));
    }
    let mut read_u32 = || -> Result<u32, AiError> {
        let mut word = [0u8; 4];
        f.read_exact(&mut word).map_err(|e| io_err(path, e))?;
        Ok(u32::from_le_bytes(word))
    };
    let format = read_u32()?;
    if format != STATIC_FORMAT {
        return Err(io_err(
            path,
            format!("format {format}, this build reads {STATIC_FORMAT}"),
        ));
    }
    let vocab = read_u32()? as usize;
    let dims = read_u32()? as usize;
    let len = read_u32()? as usize;
    let mut source = vec![0u8; len];
    f.read_exact(&mut source).map_err(|e| io_err(path, e))?;
    let source = String::from_utf8(source).map_err(|e| io_err(path, e))?;
    if source != expected_source {
        return Err(io_err(
            path,
            format!("distilled from {source}, the model is {expected_source}"),
        ));
    }
    Ok((vocab, dims, source))
}

fn token_id(tok: &Tokenizer, token: &str, path: &Path) -> Result<u32, AiError> {
    tok.token_to_id(token)
        .ok_or_else(|| io_err(path, format!("no {token} token")))
}

/// The mean of `n` rows of `width` values and the top `k` principal directions (each
/// `width` long, unit length, largest variance first, sign fixed so the largest entry is
/// positive), from the covariance matrix by cyclic Jacobi rotations: deterministic.
fn pca(data: &[f64], n: usize, width: usize, k: usize) -> (Vec<f64>, Vec<f64>) {
    let mut mean = vec![0f64; width];
    for row in data.chunks_exact(width) {
        for (m, x) in mean.iter_mut().zip(row) {
            *m += x;
        }
    }
    for m in &mut mean {
        *m /= n.max(1) as f64;
    }
    let mut cov = vec![0f64; width * width];
    let mut centred = vec![0f64; width];
    for row in data.chunks_exact(width) {
        for (c, (x, m)) in centred.iter_mut().zip(row.iter().zip(&mean)) {
            *c = x - m;
        }
        for i in 0..width {
            let ci = centred[i];
            let out = &mut cov[i * width..(i + 1) * width];
            for (o, cj) in out.iter_mut().zip(&centred).skip(i) {
                *o += ci * cj;
            }
        }
    }
    for i in 0..width {
        for j in i..width {
            let v = cov[i * width + j] / n.max(1) as f64;
            cov[i * width + j] = v;
            cov[j * width + i] = v;
        }
    }
    let (values, vectors) = jacobi_eigen(cov, width);
    let mut order: Vec<usize> = (0..width).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let mut components = Vec::with_capacity(k * width);
    for &c in order.iter().take(k) {
        // Column c of the eigenvector matrix.
        let mut v: Vec<f64> = (0..width).map(|r| vectors[r * width + c]).collect();
        let biggest = v
            .iter()
            .copied()
            .fold(0f64, |acc, x| if x.abs() > acc.abs() { x } else { acc });
        if biggest < 0.0 {
            for x in &mut v {
                *x = -*x;
            }
        }
        components.extend(v);
    }
    (mean, components)
}

/// Eigenvalues and eigenvectors (as columns of a row-major matrix) of a symmetric
/// matrix, by cyclic Jacobi sweeps until the off-diagonal mass is negligible.
fn jacobi_eigen(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    let total: f64 = a.iter().map(|x| x * x).sum::<f64>().max(f64::MIN_POSITIVE);
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        if off <= total * 1e-22 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let app = a[p * n + p];
                let aqq = a[q * n + q];
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let akp = a[k * n + p];
                    let akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let apk = a[p * n + k];
                    let aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let vkp = v[k * n + p];
                    let vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let values = (0..n).map(|i| a[i * n + i]).collect();
    (values, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_finds_the_eigenpairs_of_a_small_symmetric_matrix() {
        // [[2,1],[1,2]]: eigenvalues 3 and 1, vectors (1,1)/√2 and (1,-1)/√2.
        let (values, vectors) = jacobi_eigen(vec![2.0, 1.0, 1.0, 2.0], 2);
        let mut pairs: Vec<(f64, [f64; 2])> = (0..2)
            .map(|c| (values[c], [vectors[c], vectors[2 + c]]))
            .collect();
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        assert!((pairs[0].0 - 3.0).abs() < 1e-12 && (pairs[1].0 - 1.0).abs() < 1e-12);
        let r = std::f64::consts::FRAC_1_SQRT_2;
        assert!((pairs[0].1[0].abs() - r).abs() < 1e-12);
        assert!((pairs[0].1[0] - pairs[0].1[1]).abs() < 1e-12);
    }

    #[test]
    fn pca_keeps_the_direction_of_largest_variance_first() {
        // Points along (3, 4)/5, each with a twin on the other side of the line: the
        // spread across the line is uncorrelated with the spread along it.
        let mut data = Vec::new();
        for i in -25..=25 {
            let t = f64::from(i);
            for noise in [0.5, -0.5] {
                data.extend([
                    3.0 * t / 5.0 - 4.0 * noise / 5.0,
                    4.0 * t / 5.0 + 3.0 * noise / 5.0,
                ]);
            }
        }
        let (mean, comps) = pca(&data, 102, 2, 1);
        assert!(mean.iter().all(|m| m.abs() < 1e-12), "{mean:?}");
        assert!(
            (comps[0] - 0.6).abs() < 1e-9 && (comps[1] - 0.8).abs() < 1e-9,
            "{comps:?}"
        );
    }
}
