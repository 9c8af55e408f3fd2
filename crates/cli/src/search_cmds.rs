//! `hireloop search` and `hireloop reindex`.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use hireloop_assets::Assets;
use hireloop_engine::embeddings::Embedders;
use hireloop_engine::search::{Kind, Mode, Search, SearchFailure, SearchRequest};
use hireloop_ingest::places::Gazetteer;
use hireloop_store::{Scope, Store};
use serde_json::json;

use crate::config::Config;
use crate::{ReindexArgs, SearchArgs, Usage};

/// The search service over `store`, with its indexes under the data directory (places
/// and models loaded unless given).
pub fn service(
    cfg: &Config,
    store: &Store,
    assets: &Assets,
    places: Option<Arc<Gazetteer>>,
    embedders: Option<Embedders>,
) -> Result<Search> {
    let places = match places {
        Some(p) => p,
        None => Arc::new(crate::ingest_cmds::places(assets)?),
    };
    Ok(Search::new(
        store.clone(),
        cfg.storage.data_dir.join("search"),
        embedders.unwrap_or_else(|| Embedders::from_assets(assets.clone())),
        Some(places),
    ))
}

pub(crate) async fn tenant_scope(store: &Store, slug: &str) -> Result<Scope> {
    let t = store
        .tenant_by_slug(slug)
        .await?
        .ok_or_else(|| Usage(format!("no tenant '{slug}' (see `hireloop tenant list`)")))?;
    Ok(Scope::system(t.id, "cli"))
}

pub async fn search(cfg: &Config, store: &Store, args: SearchArgs, json: bool) -> Result<()> {
    let assets = crate::setup::ensure(cfg)?;
    let kind = Kind::parse(&args.r#type)
        .ok_or_else(|| Usage("--type must be candidates or requirements".into()))?;
    let mode = Mode::parse(&args.mode)
        .ok_or_else(|| Usage("--mode must be keyword, semantic or hybrid".into()))?;
    let mut req = SearchRequest::new(kind, args.query.join(" "));
    req.mode = mode;
    req.limit = args.limit;
    req.cursor = args.cursor;
    for f in &args.filter {
        let (name, value) = f.split_once('=').ok_or_else(|| {
            Usage(format!(
                "--filter '{f}': write NAME=VALUE, e.g. near=Austin, TX"
            ))
        })?;
        req.filters
            .push((name.trim().to_string(), value.to_string()));
    }
    let scope = tenant_scope(store, &args.tenant).await?;
    let service = service(cfg, store, &assets, None, None)?;
    let started = Instant::now();
    let page = match service.search(&scope, &req).await {
        Ok(p) => p,
        Err(SearchFailure::Query(e)) => {
            let mut msg = e.message.clone();
            if e.position > 0 {
                msg = format!("{}\n  {}\n  {}^", e, req.q, " ".repeat(e.position - 1));
            }
            return Err(Usage(msg).into());
        }
        Err(SearchFailure::Unavailable(m)) => return Err(Usage(m).into()),
        Err(e) => return Err(anyhow::Error::new(e).context("searching")),
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if json {
        println!(
            "{}",
            hireloop_server::routes::search::page_json(&req, &page)
        );
        return Ok(());
    }
    println!(
        "{} {} ({} mode, {:.1} ms; index: {} records{})",
        page.total,
        kind.as_str(),
        page.mode.as_str(),
        ms,
        page.index.docs,
        if page.index.building {
            ", still building"
        } else if page.index.rebuilding {
            ", a rebuild runs in the background"
        } else {
            ""
        }
    );
    for (i, f) in page.found.iter().enumerate() {
        let r = &f.record;
        let label = match kind {
            Kind::Candidates => format!(
                "{} {}",
                r["first_name"].as_str().unwrap_or(""),
                r["last_name"].as_str().unwrap_or("")
            ),
            Kind::Requirements => r["title"].as_str().unwrap_or("").to_string(),
        };
        let h = &f.hit;
        let mut why: Vec<String> = Vec::new();
        if let Some(e) = &h.exact {
            why.push(format!("exact: {e}"));
        }
        if !h.matched.is_empty() {
            let terms: Vec<String> = h
                .matched
                .iter()
                .map(|(field, t)| format!("{}:{t}", field.as_str()))
                .collect();
            why.push(format!("matched {}", terms.join(" ")));
        }
        if let Some(s) = h.similarity {
            why.push(format!("similarity {s:.2}"));
        }
        why.extend(h.filters.iter().cloned());
        println!("{:>3}. {label}  [{}]", i + 1 + offset_of(&req), f.id);
        if !why.is_empty() {
            println!("     {}", why.join("; "));
        }
    }
    if let Some(c) = page.next_cursor {
        println!("more: --cursor {c}");
    }
    Ok(())
}

fn offset_of(req: &SearchRequest) -> usize {
    req.cursor
        .as_deref()
        .and_then(|c| c.split_once('.'))
        .and_then(|(o, _)| o.parse().ok())
        .unwrap_or(0)
}

pub async fn reindex(cfg: &Config, store: &Store, args: ReindexArgs, json: bool) -> Result<()> {
    let assets = crate::setup::ensure(cfg)?;
    crate::setup::ensure_static(&assets)?;
    let kinds = match args.r#type.as_str() {
        "all" => vec![Kind::Candidates, Kind::Requirements],
        t => vec![
            Kind::parse(t)
                .ok_or_else(|| Usage("--type must be candidates, requirements or all".into()))?,
        ],
    };
    let tenants = match &args.tenant {
        Some(slug) => vec![
            store
                .tenant_by_slug(slug)
                .await?
                .ok_or_else(|| Usage(format!("no tenant '{slug}'")))?,
        ],
        None => store.list_tenants().await?,
    };
    let service = service(cfg, store, &assets, None, None)?;
    for t in tenants {
        let scope = Scope::system(t.id, "reindex");
        for kind in &kinds {
            let started = Instant::now();
            let status = service
                .reindex(&scope, *kind)
                .await
                .with_context(|| format!("reindexing {} of '{}'", kind.as_str(), t.slug))?;
            let secs = started.elapsed().as_secs_f64();
            crate::commands::say(
                json,
                json!({"tenant": t.slug.to_string(), "type": kind.as_str(), "records": status.docs,
                       "last_seq": status.last_seq, "model": status.model, "seconds": secs}),
                &format!(
                    "reindexed {} {} of '{}' in {secs:.1}s (vectors: {})",
                    status.docs,
                    kind.as_str(),
                    t.slug,
                    status.model
                ),
            );
        }
    }
    Ok(())
}
