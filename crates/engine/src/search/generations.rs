//! Generations of a collection, so a rebuild never takes search away.
//!
//! A kind's directory (`search/<tenant>/<kind>/`) holds `CURRENT`, naming the live
//! generation, and the generations themselves (`g1/`, `g2/`, …), each a [`Collection`].
//! A rebuild (`hireloop reindex`, or a new vector model) writes the next generation
//! beside the live one, which keeps answering; when the new one is complete and
//! committed, `CURRENT` is replaced atomically, the handle switches to it and the old
//! generation is deleted. A crash before the switch leaves `CURRENT` on the old
//! generation, and the next open sweeps the partial one away. `LOCK` is held by the
//! process that has the kind open, so a second process (say `hireloop reindex` beside
//! a running server) is refused instead of sweeping away a rebuild in progress.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};

use hireloop_search::{Collection, SearchError};
use hireloop_store::Scope;

use super::{Handle, IndexStatus, Kind, Result, Search, SearchFailure, task_err};

const CURRENT: &str = "CURRENT";
/// Locked (advisory, whole file) by the process that has the kind open.
const LOCK: &str = "LOCK";

/// A generation's directory.
pub(super) fn gen_dir(kind_dir: &Path, generation: u64) -> PathBuf {
    kind_dir.join(format!("g{generation}"))
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> SearchFailure + '_ {
    move |e| SearchError::io(path, e).into()
}

/// The live generation named by `CURRENT`, if any.
fn read_current(kind_dir: &Path) -> Option<u64> {
    let s = std::fs::read_to_string(kind_dir.join(CURRENT)).ok()?;
    s.trim().strip_prefix('g')?.parse().ok()
}

/// Makes `generation` the live one, atomically (write aside, sync, rename, sync the
/// directory).
fn write_current(kind_dir: &Path, generation: u64) -> Result<()> {
    let tmp = kind_dir.join("CURRENT.tmp");
    let path = kind_dir.join(CURRENT);
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
        writeln!(f, "g{generation}").map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
    }
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    std::fs::File::open(kind_dir)
        .and_then(|d| d.sync_all())
        .map_err(io(kind_dir))?;
    Ok(())
}

/// Deletes everything in `kind_dir` but `CURRENT` and generation `keep`: partial
/// generations of a rebuild cut off, old ones a crash left behind, and the layout before
/// generations (a collection directly in `kind_dir`).
fn sweep(kind_dir: &Path, keep: u64) -> Result<()> {
    let keep_name = format!("g{keep}");
    let entries = match std::fs::read_dir(kind_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(kind_dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io(kind_dir))?;
        let name = entry.file_name();
        if name == CURRENT || name == LOCK || name.to_str() == Some(&keep_name) {
            continue;
        }
        let path = entry.path();
        let gone = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        gone.map_err(io(&path))?;
    }
    Ok(())
}

/// A kind's live collection, opened.
pub(super) struct Opened {
    /// Held while the collection is open: one process at a time has it.
    pub lock: std::fs::File,
    pub col: Collection,
    pub generation: u64,
    /// The collection is complete but its vectors come from another model than `model`:
    /// it answers keyword searches while a rebuild makes the new one.
    pub stale_model: bool,
}

/// Opens the live generation in `kind_dir` for vectors of `model` (creating the first
/// one when there is none). A complete collection of another model is kept, not
/// wiped: see [`Opened::stale_model`].
pub(super) fn open(kind_dir: &Path, model: &str, dims: usize) -> Result<Opened> {
    std::fs::create_dir_all(kind_dir).map_err(io(kind_dir))?;
    let lock_path = kind_dir.join(LOCK);
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(io(&lock_path))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(SearchError::InUse(kind_dir.display().to_string()).into());
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
    }
    let generation = read_current(kind_dir).unwrap_or(1);
    sweep(kind_dir, generation)?;
    let dir = gen_dir(kind_dir, generation);
    if let Some((stored, stored_dims)) = Collection::stored_model(&dir)
        && stored != model
    {
        let col = Collection::open(&dir, &stored, stored_dims)?;
        if !col.info().fresh {
            return Ok(Opened {
                lock,
                col,
                generation,
                stale_model: true,
            });
        }
    }
    let col = Collection::open(&dir, model, dims)?;
    if read_current(kind_dir) != Some(generation) {
        write_current(kind_dir, generation)?;
    }
    Ok(Opened {
        lock,
        col,
        generation,
        stale_model: false,
    })
}

impl Search {
    /// Starts rebuilding the tenant's collection of `kind` in the background and returns
    /// its state at once (`rebuilding`, or `building` for a first build). A rebuild
    /// already running is left to finish rather than started twice.
    pub async fn start_reindex(&self, scope: &Scope, kind: Kind) -> Result<IndexStatus> {
        let h = self.open_handle(scope, kind, false).await?;
        if h.building.load(Ordering::SeqCst) || h.rebuilding.load(Ordering::SeqCst) {
            return Ok(h.status());
        }
        let first = h.col.read().expect("collection lock").info().fresh;
        if first {
            h.building.store(true, Ordering::SeqCst);
        } else {
            h.rebuilding.store(true, Ordering::SeqCst);
        }
        let status = h.status();
        let (this, scope, h2) = (self.clone(), scope.clone(), h.clone());
        tokio::spawn(async move {
            let done = if first {
                this.build(&scope, &h2).await
            } else {
                this.rebuild(&scope, &h2).await
            };
            if let Err(e) = done {
                tracing::error!(error = %e, kind = kind.as_str(), "rebuilding the search index failed");
            }
        });
        Ok(status)
    }

    /// Rebuilds `h`'s collection from the store into the next generation while the live
    /// one keeps answering and following the change log, then switches to it and applies
    /// the changes made meanwhile. A second rebuild while one runs waits for it and then
    /// runs too (it was asked for after the first began).
    pub(super) async fn rebuild(&self, scope: &Scope, h: &Arc<Handle>) -> Result<()> {
        let _one = h.rebuild_lock.lock().await;
        h.rebuilding.store(true, Ordering::SeqCst);
        let result = self.rebuild_locked(scope, h).await;
        h.rebuilding.store(false, Ordering::SeqCst);
        result
    }

    async fn rebuild_locked(&self, scope: &Scope, h: &Arc<Handle>) -> Result<()> {
        let next = h.generation.load(Ordering::SeqCst) + 1;
        let dir = gen_dir(&h.kind_dir, next);
        let (model, dims) = (h.model.clone(), h.dims);
        let target = tokio::task::spawn_blocking(move || {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
            }
            Ok::<_, SearchFailure>(Collection::open(&dir, &model, dims)?)
        })
        .await
        .map_err(task_err)??;
        let target = Arc::new(RwLock::new(target));
        self.build_into(scope, h, &target).await?;
        // The changes logged since the build began, applied to the new collection before
        // it is seen (the live one has them): first while the live one still takes
        // writes, then, under the writers' lock, the last few, and the switch.
        self.apply_changes(scope, h, &target, None).await?;
        let apply = h.apply.lock().await;
        self.apply_changes(scope, h, &target, None).await?;
        let h2 = h.clone();
        tokio::task::spawn_blocking(move || {
            let built = Arc::try_unwrap(target)
                .map_err(|_| SearchFailure::Task("the new generation is still in use".into()))?
                .into_inner()
                .expect("collection lock");
            let old = std::mem::replace(&mut *h2.col.write().expect("collection lock"), built);
            write_current(&h2.kind_dir, next)?;
            let before = h2.generation.swap(next, Ordering::SeqCst);
            drop(old);
            let old_dir = gen_dir(&h2.kind_dir, before);
            std::fs::remove_dir_all(&old_dir).map_err(io(&old_dir))?;
            Ok::<_, SearchFailure>(())
        })
        .await
        .map_err(task_err)??;
        tracing::info!(
            kind = h.kind.as_str(),
            generation = next,
            "search index switched to its rebuilt generation"
        );
        drop(apply);
        Ok(())
    }
}
