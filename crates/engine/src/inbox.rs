//! The requirements inbox: a folder per tenant (`DATA_DIR/inbox/<tenant-slug>/`) where
//! `.eml` files dropped by a mail rule or a person become requirements. Each poll takes
//! the `.eml` files that have not changed for a while (a file still being written is
//! left for a later poll), reads each with `requirement_from_file` as the system actor
//! `inbox`, and moves it to `done/` or `failed/` with a `<name>.reason.txt` beside it
//! saying what happened. Names never clash: a later file of the same name gets a
//! numbered one. Dotfiles, `*.tmp` and `*.part` files, and anything not ending in
//! `.eml`, are left alone.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::Utc;
use hireloop_store::{Scope, StoreError};
use tokio::sync::watch;

use crate::imports::{FromRequirementError, Ingest};

/// The system actor inbox requirements are written under (`system:inbox` in the audit
/// trail).
pub const INBOX_ACTOR: &str = "inbox";

/// Where the inbox is and how it is watched.
#[derive(Debug, Clone)]
pub struct InboxConfig {
    /// The inbox root; one folder per tenant slug under it.
    pub dir: PathBuf,
    /// How often the folders are looked at.
    pub poll: Duration,
    /// How long a file must have been unchanged before it is read.
    pub settle: Duration,
}

impl InboxConfig {
    /// The inbox under `data_dir` with the default timing (2 s polls, 1 s settling).
    pub fn under(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("inbox"),
            poll: Duration::from_secs(2),
            settle: Duration::from_secs(1),
        }
    }

    /// The folder of one tenant.
    pub fn tenant_dir(&self, slug: &str) -> PathBuf {
        self.dir.join(slug)
    }
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handled {
    /// Where the file is now (in `done/` or `failed/`).
    pub moved_to: PathBuf,
    pub ok: bool,
    /// What the reason file says.
    pub reason: String,
}

/// Watches the inbox until `stop` turns true; a poll in progress finishes first.
pub async fn run_inbox(ingest: Ingest, config: InboxConfig, mut stop: watch::Receiver<bool>) {
    tracing::info!(dir = %config.dir.display(), "requirements inbox watched");
    let mut warned = HashSet::new();
    loop {
        if *stop.borrow() {
            break;
        }
        if let Err(e) = poll_inbox(&ingest, &config, &mut warned).await {
            tracing::warn!(error = %e, dir = %config.dir.display(), "reading the inbox failed");
        }
        tokio::select! {
            () = tokio::time::sleep(config.poll) => {}
            _ = stop.changed() => {}
        }
    }
    tracing::info!("requirements inbox stopped");
}

/// One pass over every tenant folder; returns what was handled. `warned` remembers the
/// folders already reported as naming no tenant, so the log says it once.
pub async fn poll_inbox(
    ingest: &Ingest,
    config: &InboxConfig,
    warned: &mut HashSet<String>,
) -> std::io::Result<Vec<Handled>> {
    let mut handled = Vec::new();
    let mut folders = match tokio::fs::read_dir(&config.dir).await {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(handled),
        Err(e) => return Err(e),
    };
    while let Some(entry) = folders.next_entry().await? {
        if !entry.file_type().await?.is_dir() {
            continue;
        }
        let slug = entry.file_name().to_string_lossy().into_owned();
        if slug.starts_with('.') {
            continue;
        }
        let ready = ready_files(&entry.path(), config.settle).await?;
        if ready.is_empty() {
            continue;
        }
        let tenant = match ingest.store.tenant_by_slug(&slug).await {
            Ok(Some(t)) => t,
            Ok(None) => {
                if warned.insert(slug.clone()) {
                    tracing::warn!(folder = %entry.path().display(), "inbox folder names no tenant; its files are left alone");
                }
                continue;
            }
            Err(e) => {
                tracing::warn!(error = %e, "looking up an inbox tenant failed");
                continue;
            }
        };
        let scope = Scope::system(tenant.id, INBOX_ACTOR);
        for path in ready {
            match handle_file(ingest, &scope, &path).await {
                Ok(Some(h)) => handled.push(h),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "inbox file not handled; retried next poll");
                }
            }
        }
    }
    Ok(handled)
}

/// Whether the inbox reads a file of this name.
fn wanted(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !name.starts_with('.') && lower.ends_with(".eml") && lower.len() > 4
}

/// The `.eml` files in `dir` unchanged for at least `settle`, in name order.
async fn ready_files(dir: &Path, settle: Duration) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut entries = tokio::fs::read_dir(dir).await?;
    let now = SystemTime::now();
    while let Some(entry) = entries.next_entry().await? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !wanted(&name) {
            continue;
        }
        let Ok(meta) = entry.metadata().await else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let age = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        if age >= settle {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

/// Why a file could not be handled now; it stays in the inbox for the next poll.
#[derive(Debug, thiserror::Error)]
enum Later {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads one file and moves it on. `None` when the file changed while it was read (it
/// is read again once it settles).
async fn handle_file(
    ingest: &Ingest,
    scope: &Scope,
    path: &Path,
) -> Result<Option<Handled>, Later> {
    let before = tokio::fs::metadata(path).await?;
    let bytes = tokio::fs::read(path).await?;
    let after = tokio::fs::metadata(path).await?;
    if before.len() != after.len()
        || before.modified().ok() != after.modified().ok()
        || after.len() != bytes.len() as u64
    {
        return Ok(None);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let today = Utc::now().date_naive();
    let outcome = ingest
        .requirement_from_file(scope, bytes, name.clone(), None, today, true)
        .await;
    let (ok, reason) = match outcome {
        Ok(out) => {
            let what = match (out.created, out.changed) {
                (true, _) => "created",
                (false, true) => "updated",
                (false, false) => "matched (unchanged)",
            };
            let title = serde_json::from_str::<serde_json::Value>(&out.requirement.data)
                .ok()
                .and_then(|v| v.get("title").and_then(|t| t.as_str()).map(str::to_owned))
                .unwrap_or_default();
            let mut reason = format!(
                "{name}: {what} requirement {} \"{title}\"\nrequirement_id: {}\n",
                out.requirement.id, out.requirement.id
            );
            if !out.output.parse.review.is_empty() {
                reason.push_str(&format!(
                    "to review: {}\n",
                    out.output.parse.review.join(", ")
                ));
            }
            (true, reason)
        }
        Err(FromRequirementError::Store(e)) => return Err(Later::Store(e)),
        Err(e) => (false, format!("{name}: not imported: {e}\n")),
    };
    let folder = path
        .parent()
        .unwrap_or(Path::new("."))
        .join(if ok { "done" } else { "failed" });
    let moved_to = move_with_reason(path, &folder, &name, &reason).await?;
    if ok {
        tracing::info!(file = %moved_to.display(), "inbox e-mail imported");
    } else {
        tracing::warn!(file = %moved_to.display(), reason = %reason.trim(), "inbox e-mail refused");
    }
    Ok(Some(Handled {
        moved_to,
        ok,
        reason,
    }))
}

/// Moves `path` into `folder` under `name`, or `stem-1.eml`, `stem-2.eml` … when that
/// name (or its reason file) is taken, and writes the reason file beside it.
async fn move_with_reason(
    path: &Path,
    folder: &Path,
    name: &str,
    reason: &str,
) -> std::io::Result<PathBuf> {
    tokio::fs::create_dir_all(folder).await?;
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_owned(), format!(".{e}")),
        _ => (name.to_owned(), String::new()),
    };
    let mut n = 0u32;
    loop {
        let candidate = if n == 0 {
            name.to_owned()
        } else {
            format!("{stem}-{n}{ext}")
        };
        let target = folder.join(&candidate);
        let reason_path = folder.join(format!("{candidate}.reason.txt"));
        // Claiming the reason file's name first makes the choice race-free: creation
        // fails if another writer got there.
        let claimed = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&reason_path)
            .await;
        let mut file = match claimed {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                n += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        if tokio::fs::try_exists(&target).await? {
            drop(file);
            let _ = tokio::fs::remove_file(&reason_path).await;
            n += 1;
            continue;
        }
        tokio::io::AsyncWriteExt::write_all(&mut file, reason.as_bytes()).await?;
        // tokio's File writes in the background: without a flush the reason can still
        // be unwritten (an empty file) when this returns.
        tokio::io::AsyncWriteExt::flush(&mut file).await?;
        tokio::fs::rename(path, &target).await?;
        return Ok(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_files_are_read() {
        assert!(wanted("req.eml"));
        assert!(wanted("REQ.EML"));
        assert!(!wanted(".req.eml"));
        assert!(!wanted("req.eml.tmp"));
        assert!(!wanted("req.eml.part"));
        assert!(!wanted("notes.txt"));
        assert!(!wanted(".eml"));
    }

    #[tokio::test]
    async fn names_never_clash() {
        let dir = tempfile::tempdir().unwrap();
        let done = dir.path().join("done");
        for body in ["one", "two", "three"] {
            let src = dir.path().join("req.eml");
            std::fs::write(&src, body).unwrap();
            move_with_reason(&src, &done, "req.eml", &format!("because {body}"))
                .await
                .unwrap();
        }
        let read = |n: &str| std::fs::read_to_string(done.join(n)).unwrap();
        assert_eq!(read("req.eml"), "one");
        assert_eq!(read("req-1.eml"), "two");
        assert_eq!(read("req-2.eml"), "three");
        assert_eq!(read("req-2.eml.reason.txt"), "because three");
    }
}
