//! The response cache: answers keyed by a SHA-256 of everything that shapes them, kept in
//! memory ([`MemoryCache`]) or in a directory ([`DirCache`]). A cache is derived data:
//! losing it, or an entry in it, costs only a request.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::TokenUsage;
use super::prompt::Message;

/// Part of every key and of every [`DirCache`] file: bumped when the key's inputs or
/// the file layout change, so old entries are simply not found.
pub const CACHE_FORMAT: u32 = 1;

/// 64 hex digits naming one request's answer. Only the client derives keys, so a key
/// is always safe to use as a file name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey(String);

impl CacheKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// SHA-256 over a canonical JSON form (object keys sorted at every depth, so a
    /// schema's key order does not matter) of the cache format, messages, model, the
    /// caller's version, the schema (name and document), temperature, seed and
    /// max_tokens.
    pub(crate) fn derive(parts: &KeyParts<'_>) -> CacheKey {
        let doc = json!({
            "cache_format": CACHE_FORMAT,
            "messages": parts.messages,
            "model": parts.model,
            "version": parts.version,
            "schema": parts.schema.map(|(name, schema)| json!({"name": name, "schema": schema})),
            // f64's Display is the shortest text that reads back to the same value.
            "temperature": parts.temperature.to_string(),
            "seed": parts.seed,
            "max_tokens": parts.max_tokens,
        });
        let mut text = String::new();
        canonical(&doc, &mut text);
        CacheKey(hex::encode(Sha256::digest(text.as_bytes())))
    }
}

impl fmt::Display for CacheKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a key is made of.
#[derive(Debug)]
pub(crate) struct KeyParts<'a> {
    pub messages: &'a [Message],
    pub model: &'a str,
    pub version: &'a str,
    pub schema: Option<(&'a str, &'a Value)>,
    pub temperature: f64,
    pub seed: Option<u64>,
    pub max_tokens: u32,
}

/// JSON with object keys sorted at every depth, whatever order the map keeps them in.
fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(k.as_str()).to_string());
                out.push(':');
                canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A successful answer, as cached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedResponse {
    /// The assistant message's text, as the server sent it.
    pub content: String,
    /// The model the server says answered.
    pub model: String,
    /// What the answer cost when it was made.
    pub usage: TokenUsage,
    pub finish_reason: Option<String>,
}

/// Where answers are kept. Calls may block briefly (file I/O); the client makes them
/// off the async runtime. A failed `get` is a miss; a failed `put` is logged and the
/// answer still returned.
pub trait ResponseCache: Send + Sync + fmt::Debug {
    fn get(&self, key: &CacheKey) -> Option<CachedResponse>;
    fn put(&self, key: &CacheKey, response: &CachedResponse) -> io::Result<()>;
}

/// At most `capacity` answers in memory; the least recently used goes first.
#[derive(Debug)]
pub struct MemoryCache {
    inner: Mutex<Lru>,
}

#[derive(Debug)]
struct Lru {
    capacity: usize,
    tick: u64,
    entries: HashMap<CacheKey, (CachedResponse, u64)>,
    /// Last use → key, oldest first.
    order: BTreeMap<u64, CacheKey>,
}

impl MemoryCache {
    pub fn new(capacity: usize) -> Self {
        MemoryCache {
            inner: Mutex::new(Lru {
                capacity,
                tick: 0,
                entries: HashMap::new(),
                order: BTreeMap::new(),
            }),
        }
    }

    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A panic elsewhere cannot leave the map half-updated (every update is a few
    /// infallible steps), so a poisoned lock is still usable.
    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Lru {
    fn touch(&mut self, key: &CacheKey) {
        self.tick += 1;
        let tick = self.tick;
        if let Some((_, used)) = self.entries.get_mut(key) {
            self.order.remove(used);
            *used = tick;
            self.order.insert(tick, key.clone());
        }
    }
}

impl ResponseCache for MemoryCache {
    fn get(&self, key: &CacheKey) -> Option<CachedResponse> {
        let mut lru = self.lock();
        let hit = lru.entries.get(key).map(|(r, _)| r.clone())?;
        lru.touch(key);
        Some(hit)
    }

    fn put(&self, key: &CacheKey, response: &CachedResponse) -> io::Result<()> {
        let mut lru = self.lock();
        if lru.capacity == 0 {
            return Ok(());
        }
        lru.tick += 1;
        let tick = lru.tick;
        if let Some((_, old)) = lru.entries.insert(key.clone(), (response.clone(), tick)) {
            lru.order.remove(&old);
        }
        lru.order.insert(tick, key.clone());
        while lru.entries.len() > lru.capacity {
            let Some((_, oldest)) = lru.order.pop_first() else {
                break;
            };
            lru.entries.remove(&oldest);
        }
        Ok(())
    }
}

/// One JSON file per answer under a directory (`DIR/ab/abcd….json`), written to a
/// temporary file and renamed into place, so a reader never sees half an entry. Not
/// bounded: delete the directory to empty it.
#[derive(Debug)]
pub struct DirCache {
    dir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    key: String,
    response: CachedResponse,
}

/// Makes temporary names unique within the process (the pid covers other processes).
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl DirCache {
    /// Creates the directory if it is missing.
    pub fn new(dir: impl Into<PathBuf>) -> io::Result<Self> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        Ok(DirCache { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Shards by the key's first two hex digits to keep directories small.
    fn path(&self, key: &CacheKey) -> PathBuf {
        let k = key.as_str();
        self.dir.join(&k[..2]).join(format!("{k}.json"))
    }
}

impl ResponseCache for DirCache {
    fn get(&self, key: &CacheKey) -> Option<CachedResponse> {
        let path = self.path(key);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "reading an LLM cache entry");
                return None;
            }
        };
        // A torn, foreign or older-format file is a miss; the next answer overwrites it.
        match serde_json::from_slice::<CacheFile>(&bytes) {
            Ok(f) if f.format == CACHE_FORMAT && f.key == key.as_str() => Some(f.response),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "unreadable LLM cache entry");
                None
            }
        }
    }

    fn put(&self, key: &CacheKey, response: &CachedResponse) -> io::Result<()> {
        let path = self.path(key);
        let shard = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(shard)?;
        let body = serde_json::to_vec(&CacheFile {
            format: CACHE_FORMAT,
            key: key.as_str().to_string(),
            response: response.clone(),
        })?;
        let tmp = shard.join(format!(
            ".{}.{}.{}.tmp",
            key.as_str(),
            std::process::id(),
            TMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        // No fsync: after a crash an entry is either whole, missing or unreadable, and
        // the last two are misses.
        let written = fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(&body))
            .and_then(|()| fs::rename(&tmp, &path));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }
}
