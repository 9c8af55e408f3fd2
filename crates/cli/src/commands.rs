//! What each subcommand does.

use std::time::Instant;

use anyhow::{Context, Result};
use hireloop_domain::auth::Role;
use hireloop_domain::entities::{Tenant, TenantSlug, User};
use hireloop_domain::ids::ApiKeyId;
use hireloop_domain::values::Email;
use hireloop_engine::inbox::InboxConfig;
use hireloop_engine::records::Records;
use hireloop_engine::seed::{DemoCounts, load_demo};
use hireloop_server::App;
use hireloop_store::{Actor, Scope, Store};
use serde_json::json;

use crate::config::{Config, Overrides, ServerOverride, StorageOverride, redact_url};
use crate::{AuditCmd, Cli, Command, DemoCmd, KeyCmd, ServeArgs, TenantCmd, Usage, UserCmd};

pub async fn run(cli: Cli) -> Result<()> {
    let bind = match &cli.command {
        Command::Serve(a) => a.bind.clone(),
        _ => None,
    };
    let overrides = Overrides {
        server: bind.map(|b| ServerOverride { bind: Some(b) }),
        storage: Some(StorageOverride {
            data_dir: cli.data_dir.clone(),
            database_url: cli.database_url.clone(),
        }),
    };
    let cfg = Config::load(cli.config.as_deref(), &overrides)
        .map_err(|e| Usage(format!("configuration: {e}")))?;
    init_logging(&cfg);
    let json = cli.json;
    // Commands that need no database run before one is opened.
    match &cli.command {
        Command::Setup(args) => return crate::setup::setup(&cfg, args, json),
        Command::Demo(DemoCmd::Csv {
            candidates,
            seed,
            out,
        }) => return crate::ingest_cmds::demo_csv(*candidates, *seed, out, json),
        Command::Parse(args) => return crate::ingest_cmds::parse(&cfg, args, json),
        Command::Eval(cmd) => return crate::ingest_cmds::eval(&cfg, cmd, json),
        _ => {}
    }
    let url = cfg.database_url();
    let opts = hireloop_store::StoreOptions {
        max_connections: cfg.storage.max_connections.max(1),
        write_connections: cfg.storage.write_connections.max(1),
    };
    let store = Store::connect_with(&url, opts)
        .await
        .with_context(|| format!("opening the database at {}", redact_url(&url)))?;
    match cli.command {
        Command::Serve(args) => serve(&cfg, store, args).await,
        Command::Setup(_)
        | Command::Parse(_)
        | Command::Eval(_)
        | Command::Demo(DemoCmd::Csv { .. }) => {
            unreachable!("handled before the database opens")
        }
        Command::Import(args) => crate::ingest_cmds::import(&cfg, &store, args, json).await,
        Command::Search(args) => crate::search_cmds::search(&cfg, &store, args, json).await,
        Command::Reindex(args) => crate::search_cmds::reindex(&cfg, &store, args, json).await,
        Command::Match(args) => crate::recommend_cmds::run(&cfg, &store, args, json).await,
        Command::Migrate => {
            say(
                json,
                json!({"migrated": true, "database": store.backend().name()}),
                "migrations applied",
            );
            Ok(())
        }
        Command::Tenant(TenantCmd::Create { name, slug }) => {
            let slug = match slug {
                Some(s) => TenantSlug::parse(&s),
                None => TenantSlug::from_name(&name),
            }
            .map_err(|e| Usage(e.0))?;
            let t = Tenant::new(&name, slug).map_err(|e| Usage(e.to_string()))?;
            store
                .create_tenant(&t)
                .await
                .map_err(|e| usage_or(e, "creating the tenant"))?;
            say(
                json,
                json!(t),
                &format!("tenant {} ({}) created: {}", t.name, t.slug, t.id),
            );
            Ok(())
        }
        Command::Tenant(TenantCmd::List) => {
            let all = store.list_tenants().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else {
                for t in all {
                    println!("{}\t{}\t{}", t.id, t.slug, t.name);
                }
            }
            Ok(())
        }
        Command::User(UserCmd::Add {
            tenant,
            email,
            name,
            role,
        }) => {
            let scope = scope_for(&store, &tenant).await?;
            let role = Role::parse(&role).map_err(|e| Usage(e.0))?;
            let email = Email::parse(&email).map_err(|e| Usage(e.0))?;
            let u = User::new(email, &name, role).map_err(|e| Usage(e.to_string()))?;
            store
                .add_user(&scope, &u)
                .await
                .map_err(|e| usage_or(e, "adding the user"))?;
            say(
                json,
                json!(u),
                &format!(
                    "user {} ({}) added as {}: {}",
                    u.name, u.email, u.role, u.id
                ),
            );
            Ok(())
        }
        Command::User(UserCmd::List { tenant }) => {
            let scope = scope_for(&store, &tenant).await?;
            let users = store.list_users(&scope).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&users)?);
            } else {
                for u in users {
                    println!("{}\t{}\t{}\t{}", u.id, u.email, u.role, u.name);
                }
            }
            Ok(())
        }
        Command::Key(KeyCmd::Create {
            tenant,
            name,
            role,
            user,
            expires_in_days,
        }) => {
            let scope = scope_for(&store, &tenant).await?;
            let role = Role::parse(&role).map_err(|e| Usage(e.0))?;
            let user_id = match user {
                Some(email) => Some(
                    store
                        .list_users(&scope)
                        .await?
                        .into_iter()
                        .find(|u| u.email.as_str().eq_ignore_ascii_case(email.trim()))
                        .ok_or_else(|| Usage(format!("no user {email} in tenant {tenant}")))?
                        .id,
                ),
                None => None,
            };
            let expires =
                expires_in_days.map(|d| chrono::Utc::now() + chrono::Duration::days(i64::from(d)));
            let created = store
                .create_key(&scope, &name, role, user_id, expires)
                .await
                .map_err(|e| usage_or(e, "creating the key"))?;
            let k = &created.key;
            if json {
                let out = json!({"id": k.id, "prefix": k.prefix, "role": role,
                                 "expires_at": k.expires_at, "key": created.token});
                println!("{out}");
            } else {
                println!("api key (shown once): {}", created.token);
                println!("id {}  prefix {}  role {}", k.id, k.prefix, role);
            }
            Ok(())
        }
        Command::Key(KeyCmd::List { tenant }) => {
            let scope = scope_for(&store, &tenant).await?;
            let keys = store.list_keys(&scope).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&keys)?);
            } else {
                for k in keys {
                    let state = if k.revoked_at.is_some() {
                        "revoked"
                    } else {
                        "active"
                    };
                    println!(
                        "{}\thl_{}_…\t{}\t{}\t{}",
                        k.id, k.prefix, k.role, state, k.name
                    );
                }
            }
            Ok(())
        }
        Command::Key(KeyCmd::Revoke { tenant, id }) => {
            let scope = scope_for(&store, &tenant).await?;
            let id = ApiKeyId::parse(&id).map_err(|e| Usage(format!("key id: {e}")))?;
            store
                .revoke_key(&scope, id)
                .await
                .map_err(|e| usage_or(e, "revoking the key"))?;
            say(json, json!({"revoked": id}), &format!("key {id} revoked"));
            Ok(())
        }
        Command::Audit(AuditCmd::Verify { tenant }) => {
            let tenants: Vec<Tenant> = match tenant {
                Some(slug) => vec![find_tenant(&store, &slug).await?],
                None => store.list_tenants().await?,
            };
            let mut broken = 0;
            let mut reports = Vec::new();
            for t in tenants {
                let r = store
                    .audit_verify(&Scope::system(t.id, "audit-verify"))
                    .await?;
                if !r.ok {
                    broken += 1;
                }
                if !json {
                    match (&r.first_bad_seq, &r.problem) {
                        (Some(seq), Some(p)) => println!("{}: BROKEN at entry {seq}: {p}", t.slug),
                        _ => println!("{}: ok ({} entries)", t.slug, r.entries),
                    }
                }
                reports.push(r);
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&reports)?);
            }
            if broken > 0 {
                anyhow::bail!("{broken} audit chain(s) failed verification");
            }
            Ok(())
        }
        Command::Demo(DemoCmd::Generate {
            candidates,
            requirements,
            seed,
            tenant,
        }) => {
            let scope = ensure_tenant(&store, &tenant).await?;
            let start = Instant::now();
            let counts = DemoCounts::scaled(candidates, requirements);
            let records = Records::new(store.clone());
            let mut last = Instant::now();
            load_demo(&records, &scope, seed, today(), counts, |n| {
                if !json && last.elapsed().as_secs() >= 5 {
                    last = Instant::now();
                    eprintln!(
                        "  {n} candidates stored ({:.0}/s)",
                        n as f64 / start.elapsed().as_secs_f64()
                    );
                }
            })
            .await
            .context("loading demo data")?;
            let secs = start.elapsed().as_secs_f64();
            say(
                json,
                json!({"tenant": tenant, "seed": seed, "candidates": candidates, "requirements": requirements,
                       "companies": counts.companies, "contacts": counts.contacts, "seconds": secs}),
                &format!(
                    "loaded {candidates} candidates, {requirements} requirements, {} companies, {} contacts \
                     into '{tenant}' in {secs:.1}s ({:.0} candidates/s)",
                    counts.companies,
                    counts.contacts,
                    candidates as f64 / secs.max(1e-9)
                ),
            );
            Ok(())
        }
    }
}

async fn serve(cfg: &Config, store: Store, args: ServeArgs) -> Result<()> {
    // The parsers need the skill gazetteer and places; fetch them on first start.
    let assets = crate::setup::ensure(cfg)?;
    crate::setup::ensure_static(&assets)?;
    // One set of models for the whole server: embeddings, the skill classifier that
    // checks single resumes and requirements, and search vectors.
    let embedders = hireloop_engine::embeddings::Embedders::from_assets(assets.clone());
    let ingest =
        crate::ingest_cmds::ingest(cfg, &store, &assets)?.with_skill_classifier(embedders.clone());
    let listener = tokio::net::TcpListener::bind(&cfg.server.bind)
        .await
        .map_err(|e| Usage(format!("cannot listen on {}: {e}", cfg.server.bind)))?;
    let demo_key = if args.demo {
        Some(prepare_demo(&store).await?)
    } else {
        None
    };
    let search = crate::search_cmds::service(
        cfg,
        &store,
        &assets,
        ingest.places().cloned(),
        Some(embedders.clone()),
    )?;
    let mut app = App::build(store, ingest, listener)
        .await?
        .with_embedders(embedders)
        .with_search(search)
        .with_profile_cache(cfg.matching.profile_cache);
    if cfg.inbox.enabled {
        let inbox = InboxConfig {
            poll: std::time::Duration::from_millis(cfg.inbox.poll_ms.max(100)),
            ..InboxConfig::under(&cfg.storage.data_dir)
        };
        let folder = inbox.tenant_dir(if args.demo { "demo" } else { "" });
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("creating the inbox folder {}", folder.display()))?;
        tracing::info!(dir = %inbox.dir.display(), "requirements inbox: drop .eml files into <dir>/<tenant-slug>/");
        app = app.with_inbox(inbox);
    }
    println!("listening on http://{}", app.addr());
    if let Some(key) = demo_key {
        println!("demo api key: {key}");
        println!(
            "try: curl -H 'Authorization: Bearer {key}' 'http://{}/v1/candidates?limit=5'",
            app.addr()
        );
        println!("docs: http://{}/v1/docs/", app.addr());
    }
    app.run_until_signal().await
}

/// The demo tenant with its owner and data (loaded once), and a fresh API key.
async fn prepare_demo(store: &Store) -> Result<String> {
    let scope = match store.tenant_by_slug("demo").await? {
        Some(t) => Scope::system(t.id, "demo"),
        None => {
            let slug = TenantSlug::parse("demo").map_err(|e| Usage(e.0))?;
            let t = Tenant::new("Demo Staffing", slug).map_err(|e| Usage(e.to_string()))?;
            store.create_tenant(&t).await?;
            let scope = Scope::system(t.id, "demo");
            let email = Email::parse("owner@demo.hireloop.local").map_err(|e| Usage(e.0))?;
            let owner =
                User::new(email, "Demo Owner", Role::Owner).map_err(|e| Usage(e.to_string()))?;
            store.add_user(&scope, &owner).await?;
            let start = Instant::now();
            let records = Records::new(store.clone());
            load_demo(&records, &scope, 42, today(), DemoCounts::SHOWCASE, |_| {})
                .await
                .context("loading the demo data set")?;
            tracing::info!(seconds = start.elapsed().as_secs_f64(), "demo data loaded");
            scope
        }
    };
    let key = store
        .create_key(&scope, "demo", Role::Owner, None, None)
        .await?;
    Ok(key.token)
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

async fn find_tenant(store: &Store, slug: &str) -> Result<Tenant> {
    Ok(store
        .tenant_by_slug(slug)
        .await?
        .ok_or_else(|| Usage(format!("no tenant '{slug}' (see `hireloop tenant list`)")))?)
}

async fn scope_for(store: &Store, slug: &str) -> Result<Scope> {
    let t = find_tenant(store, slug).await?;
    Ok(Scope::new(t.id, Actor::System("cli".into())))
}

pub(crate) async fn ensure_tenant(store: &Store, slug: &str) -> Result<Scope> {
    let t = match store.tenant_by_slug(slug).await? {
        Some(t) => t,
        None => {
            let t = Tenant::new(slug, TenantSlug::parse(slug).map_err(|e| Usage(e.0))?)
                .map_err(|e| Usage(e.to_string()))?;
            store
                .create_tenant(&t)
                .await
                .map_err(|e| usage_or(e, "creating the tenant"))?;
            t
        }
    };
    Ok(Scope::new(t.id, Actor::System("demo-generate".into())))
}

fn usage_or(e: hireloop_store::StoreError, doing: &str) -> anyhow::Error {
    match e {
        hireloop_store::StoreError::Invalid(m) | hireloop_store::StoreError::Conflict(m) => {
            Usage(m).into()
        }
        hireloop_store::StoreError::NotFound => Usage(format!("{doing}: not found")).into(),
        other => anyhow::Error::new(other).context(doing.to_string()),
    }
}

pub(crate) fn say(json: bool, value: serde_json::Value, text: &str) {
    if json {
        println!("{value}");
    } else {
        println!("{text}");
    }
}

fn init_logging(cfg: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(&cfg.log.level).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if cfg.log.format == "json" {
        let _ = builder.json().try_init();
    } else {
        let _ = builder.try_init();
    }
}
