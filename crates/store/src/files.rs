//! Stored files (uploaded imports, resumes, job descriptions), content-addressed by
//! SHA-256 in an object store: a local directory by default. The same bytes are kept
//! once however often they arrive.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload, WriteMultipart};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use crate::error::{Result, StoreError};

/// A stored file's address and size.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredFile {
    pub sha256: String,
    pub size: u64,
}

/// The file store.
#[derive(Debug, Clone)]
pub struct Files {
    inner: Arc<dyn ObjectStore>,
    root: Option<PathBuf>,
}

fn io_err(context: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!("file store: {context}: {e}"))
}

fn key(sha256: &str) -> Result<ObjectPath> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Invalid(format!(
            "{sha256:?} is not a SHA-256 digest"
        )));
    }
    let sha = sha256.to_ascii_lowercase();
    Ok(ObjectPath::from(format!("sha256/{}/{}", &sha[..2], sha)))
}

impl Files {
    /// Files under `dir` (created if missing).
    pub fn local(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| io_err(&dir.display().to_string(), e))?;
        let fs = LocalFileSystem::new_with_prefix(dir).map_err(|e| io_err("opening", e))?;
        Ok(Self {
            inner: Arc::new(fs),
            root: Some(dir.to_owned()),
        })
    }

    /// Keeps `bytes`, returning their address.
    pub async fn put(&self, bytes: Bytes) -> Result<StoredFile> {
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let size = bytes.len() as u64;
        let path = key(&sha256)?;
        if self.inner.head(&path).await.is_err() {
            self.inner
                .put(&path, PutPayload::from(bytes))
                .await
                .map_err(|e| io_err("writing", e))?;
        }
        Ok(StoredFile { sha256, size })
    }

    /// Keeps the file at `path` without reading it into memory whole.
    pub async fn put_path(&self, path: &Path) -> Result<StoredFile> {
        let sha256 = {
            let mut file = tokio::fs::File::open(path)
                .await
                .map_err(|e| io_err(&path.display().to_string(), e))?;
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = file
                    .read(&mut buf)
                    .await
                    .map_err(|e| io_err("reading", e))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
            }
            hex::encode(hasher.finalize())
        };
        let target = key(&sha256)?;
        let size = tokio::fs::metadata(path)
            .await
            .map_err(|e| io_err("reading", e))?
            .len();
        if self.inner.head(&target).await.is_ok() {
            return Ok(StoredFile { sha256, size });
        }
        let upload = self
            .inner
            .put_multipart(&target)
            .await
            .map_err(|e| io_err("writing", e))?;
        let mut writer = WriteMultipart::new(upload);
        let mut file = tokio::fs::File::open(path)
            .await
            .map_err(|e| io_err("reading", e))?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = file
                .read(&mut buf)
                .await
                .map_err(|e| io_err("reading", e))?;
            if n == 0 {
                break;
            }
            writer.write(&buf[..n]);
        }
        writer.finish().await.map_err(|e| io_err("writing", e))?;
        Ok(StoredFile { sha256, size })
    }

    /// The bytes stored under `sha256`, if any.
    pub async fn get(&self, sha256: &str) -> Result<Option<Bytes>> {
        match self.inner.get(&key(sha256)?).await {
            Ok(found) => Ok(Some(found.bytes().await.map_err(|e| io_err("reading", e))?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(io_err("reading", e)),
        }
    }

    /// A local path holding the file: the stored file itself for a local store,
    /// otherwise a copy written to `scratch`.
    pub async fn local_copy(&self, sha256: &str, scratch: &Path) -> Result<Option<PathBuf>> {
        let path = key(sha256)?;
        if let Some(root) = &self.root {
            let local = root.join(path.as_ref());
            return Ok(local.is_file().then_some(local));
        }
        let found = match self.inner.get(&path).await {
            Ok(found) => found,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(io_err("reading", e)),
        };
        let target = scratch.join(sha256);
        let mut out = tokio::fs::File::create(&target)
            .await
            .map_err(|e| io_err("writing", e))?;
        let mut stream = found.into_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| io_err("reading", e))?;
            tokio::io::AsyncWriteExt::write_all(&mut out, &chunk)
                .await
                .map_err(|e| io_err("writing", e))?;
        }
        Ok(Some(target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_same_bytes_are_kept_once_under_their_digest() {
        let dir = tempfile::tempdir().unwrap();
        let files = Files::local(dir.path()).unwrap();
        let a = files.put(Bytes::from_static(b"resume")).await.unwrap();
        let b = files.put(Bytes::from_static(b"resume")).await.unwrap();
        assert_eq!(a, b);
        assert_eq!(a.size, 6);
        assert_eq!(
            files.get(&a.sha256).await.unwrap().unwrap(),
            Bytes::from_static(b"resume")
        );
        let path = files
            .local_copy(&a.sha256, dir.path())
            .await
            .unwrap()
            .unwrap();
        assert!(path.starts_with(dir.path().join("sha256")));
        assert!(files.get(&"0".repeat(64)).await.unwrap().is_none());
        assert!(
            files.get("../etc/passwd").await.is_err(),
            "only digests are keys"
        );
    }

    #[tokio::test]
    async fn large_files_stream_in_from_a_path() {
        let dir = tempfile::tempdir().unwrap();
        let files = Files::local(&dir.path().join("store")).unwrap();
        let src = dir.path().join("big.csv");
        let body: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&src, &body).unwrap();
        let stored = files.put_path(&src).await.unwrap();
        assert_eq!(stored.sha256, hex::encode(Sha256::digest(&body)));
        assert_eq!(stored.size, body.len() as u64);
        assert_eq!(
            files.get(&stored.sha256).await.unwrap().unwrap().len(),
            body.len()
        );
    }
}
