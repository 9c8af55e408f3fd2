//! The ingestion commands: `import`, `parse` and `eval`.

use std::io::BufReader;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use hireloop_assets::{Assets, GEONAMES, SKILL_EXTRACTOR};
use hireloop_engine::imports::{ImportRequest, Ingest, worker};
use hireloop_ingest::bulk::{EntityKind, Format};
use hireloop_ingest::document::{self, Limits};
use hireloop_ingest::places::{CITIES_FILE, Gazetteer};
use hireloop_ingest::resume::{parse_resume, to_candidate_json};
use hireloop_ingest::skills::Taxonomy;
use hireloop_store::{Files, Store};
use serde_json::json;

use crate::config::Config;
use crate::{EvalCmd, ImportArgs, ParseArgs, Usage};

/// The skill taxonomy from the installed gazetteer.
pub fn taxonomy(assets: &Assets) -> Result<Taxonomy> {
    let path = assets.file(&SKILL_EXTRACTOR, "skills.json")?;
    Taxonomy::load(&path).context("loading the skill gazetteer")
}

/// The GeoNames gazetteer from the installed asset (a cache file beside it makes later
/// loads fast).
pub fn places(assets: &Assets) -> Result<Gazetteer> {
    let cities = assets.file(&GEONAMES, CITIES_FILE)?;
    let dir = cities
        .parent()
        .context("the GeoNames asset has no folder")?;
    Gazetteer::load(dir).context("loading the GeoNames gazetteer")
}

/// The ingestion service over `store`, with files under the data directory.
pub fn ingest(cfg: &Config, store: &Store, assets: &Assets) -> Result<Ingest> {
    let files = Files::local(&cfg.storage.data_dir.join("files"))?;
    Ok(
        Ingest::new(store.clone(), files, Arc::new(taxonomy(assets)?))
            .with_places(Arc::new(places(assets)?)),
    )
}

pub async fn import(cfg: &Config, store: &Store, args: ImportArgs, json_out: bool) -> Result<()> {
    let kind: EntityKind = args.kind.parse().map_err(|_| {
        Usage(format!(
            "--kind '{}' is not candidates, requirements, companies or contacts",
            args.kind
        ))
    })?;
    let format: Option<Format> = match &args.format {
        Some(f) => Some(f.parse().map_err(|_| {
            Usage(format!(
                "--format '{f}' is not csv, tsv, json, jsonl, greenhouse, lever or ashby"
            ))
        })?),
        None => None,
    };
    let mapping = match &args.mapping {
        Some(p) => Some(
            std::fs::read_to_string(p)
                .map_err(|e| Usage(format!("reading the mapping {}: {e}", p.display())))?,
        ),
        None => None,
    };
    if !args.file.is_file() {
        return Err(Usage(format!("{} is not a readable file", args.file.display())).into());
    }
    let assets = crate::setup::ensure(cfg)?;
    let ingest = ingest(cfg, store, &assets)?;
    let scope = crate::commands::ensure_tenant(store, &args.tenant).await?;
    let started = Instant::now();
    let stored = ingest.files().put_path(&args.file).await?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (view, created) = ingest
        .start_import(
            &scope,
            ImportRequest {
                kind,
                file: stored,
                name,
                mapping,
                format,
                today: chrono::Utc::now().date_naive(),
            },
        )
        .await
        .map_err(|e| match e {
            hireloop_engine::imports::ImportError::Invalid { .. } => Usage(e.to_string()).into(),
            other => anyhow::Error::new(other),
        })?;
    if created || view.status == "queued" {
        worker::drain(&ingest, &format!("cli-{}", std::process::id())).await;
    }
    let id = view.id.parse().map_err(|_| anyhow::anyhow!("bad job id"))?;
    let view = ingest.import(&scope, id).await?;
    let errors = ingest.import_errors(&scope, id, 0, 20).await?;
    let secs = started.elapsed().as_secs_f64();
    if json_out {
        println!(
            "{}",
            json!({"import": view, "seconds": secs, "first_errors": errors.iter().map(|(_, e)| e).collect::<Vec<_>>()})
        );
    } else {
        let p = &view.progress;
        if !created {
            println!("this file was imported before: import {}", view.id);
        }
        println!(
            "import {} {}: {} rows, {} created, {} updated, {} unchanged, {} failed, {} duplicate suggestions in {secs:.1}s",
            view.id, view.status, p.rows, p.created, p.updated, p.unchanged, p.failed, p.duplicates
        );
        if let Some(e) = &view.error {
            println!("error: {e}");
        }
        for (_, e) in &errors {
            println!(
                "  row {}{}: {}",
                e.row.map(|r| r.to_string()).unwrap_or_else(|| "-".into()),
                e.column
                    .as_ref()
                    .map(|c| format!(", column \"{c}\""))
                    .unwrap_or_default(),
                e.reason
            );
        }
        if p.failed > errors.len() as u64 {
            println!(
                "  … the full report: GET /v1/imports/{}/errors?format=csv",
                view.id
            );
        }
    }
    if view.status == "failed" {
        return Err(Usage(format!(
            "the import failed: {}",
            view.error.unwrap_or_default()
        ))
        .into());
    }
    Ok(())
}

pub fn parse(cfg: &Config, args: &ParseArgs, json_out: bool) -> Result<()> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Usage(format!("reading {}: {e}", args.file.display())))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let doc = document::extract(&bytes, name.as_deref(), &Limits::default())
        .map_err(|e| Usage(e.to_string()))?;
    if doc.text.trim().is_empty() {
        return Err(Usage(format!(
            "{} has no text to read as a resume",
            args.file.display()
        ))
        .into());
    }
    let assets = crate::setup::ensure(cfg)?;
    let taxonomy = taxonomy(&assets)?;
    let parse = parse_resume(&doc.text, &taxonomy, chrono::Utc::now().date_naive());
    if !looks_like_resume(&parse) {
        return Err(Usage(format!(
            "{} does not read as a resume: no name, contact details or work history found",
            args.file.display()
        ))
        .into());
    }
    let skills: Vec<&str> = parse.skills.iter().map(|s| s.value.as_str()).collect();
    if json_out {
        let mut out = serde_json::to_value(&parse)?;
        if let Some(o) = out.as_object_mut() {
            o.insert("skills".into(), json!(skills));
            o.insert("skill_details".into(), serde_json::to_value(&parse.skills)?);
            let mut candidate = to_candidate_json(&parse);
            hireloop_engine::imports::places::complete_json(&places(&assets)?, &mut candidate);
            o.insert("candidate".into(), candidate);
            o.insert(
                "document".into(),
                json!({"kind": doc.kind, "sha256": doc.sha256, "pages": doc.pages, "ocr_used": doc.ocr_used,
                       "characters": doc.text.chars().count(), "warnings": doc.warnings}),
            );
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        let show = |label: &str, v: Option<String>| {
            if let Some(v) = v {
                println!("{label:<14}{v}");
            }
        };
        show("name", parse.name.as_ref().map(|f| f.value.clone()));
        show("email", parse.email.as_ref().map(|f| f.value.to_string()));
        show("phone", parse.phone.as_ref().map(|f| f.value.to_string()));
        show(
            "title",
            parse.current_title.as_ref().map(|f| f.value.clone()),
        );
        show(
            "years",
            parse
                .total_years
                .as_ref()
                .map(|f| format!("{:.1}", f.value)),
        );
        for e in &parse.employers {
            println!(
                "{:<14}{}{}",
                "employer",
                e.company.value,
                e.title
                    .as_ref()
                    .map(|t| format!(" — {}", t.value))
                    .unwrap_or_default()
            );
        }
        for e in &parse.education {
            println!(
                "{:<14}{}",
                "education",
                [
                    e.degree.as_ref().map(|d| d.value.clone()),
                    e.institution.as_ref().map(|i| i.value.clone())
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
            );
        }
        println!("{:<14}{}", "skills", skills.join(", "));
        if !parse.review.is_empty() {
            println!("{:<14}{}", "check", parse.review.join(", "));
        }
    }
    Ok(())
}

/// Whether a parse found anything a resume has: contact details, work history,
/// education, or the sections that hold them.
fn looks_like_resume(p: &hireloop_ingest::resume::ResumeParse) -> bool {
    use hireloop_ingest::resume::SectionKind;
    p.name.is_some()
        || p.email.is_some()
        || p.phone.is_some()
        || !p.employers.is_empty()
        || !p.education.is_empty()
        || p.sections.iter().any(|s| {
            matches!(
                s.kind,
                SectionKind::Experience | SectionKind::Education | SectionKind::Skills
            )
        })
}

fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::path);
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses every resume-like file under `dir` (PDF, DOCX, TXT, HTML, Markdown) on one
/// thread and reports what share gave text and an experience section.
fn parse_dir(dir: &std::path::Path, taxonomy: &Taxonomy, json_out: bool) -> Result<()> {
    use hireloop_ingest::resume::SectionKind;
    let mut paths = Vec::new();
    files_under(dir, &mut paths).map_err(|e| Usage(format!("reading {}: {e}", dir.display())))?;
    paths.retain(|p| {
        p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "pdf" | "docx" | "txt" | "html" | "htm" | "md"
            )
        })
    });
    let today = chrono::Utc::now().date_naive();
    let (mut text, mut experience, mut errors) = (0usize, 0usize, Vec::new());
    let mut without_experience = Vec::new();
    let started = Instant::now();
    for p in &paths {
        let Ok(bytes) = std::fs::read(p) else {
            errors.push(format!("{}: unreadable", p.display()));
            continue;
        };
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        match document::extract(&bytes, name.as_deref(), &Limits::default()) {
            Ok(doc) if !doc.text.trim().is_empty() => {
                text += 1;
                let parse = parse_resume(&doc.text, taxonomy, today);
                if parse
                    .sections
                    .iter()
                    .any(|s| s.kind == SectionKind::Experience)
                    || !parse.employers.is_empty()
                {
                    experience += 1;
                } else {
                    without_experience.push(p.display().to_string());
                }
            }
            Ok(_) => errors.push(format!("{}: no text", p.display())),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let n = paths.len().max(1) as f64;
    let report = json!({
        "files": paths.len(), "with_text": text, "with_experience": experience,
        "text_share": text as f64 / n, "experience_share": experience as f64 / n,
        "seconds": secs, "files_per_second_one_core": paths.len() as f64 / secs.max(1e-9),
        "errors": errors, "without_experience": without_experience,
    });
    if json_out {
        println!("{report}");
    } else {
        println!(
            "{} files: {text} with text ({:.1}%), {experience} with an experience section ({:.1}%); \
             {:.1} files/s on one core",
            paths.len(),
            100.0 * text as f64 / n,
            100.0 * experience as f64 / n,
            paths.len() as f64 / secs.max(1e-9)
        );
        for e in &errors {
            println!("  {e}");
        }
    }
    Ok(())
}

pub fn eval(cfg: &Config, cmd: &EvalCmd, json_out: bool) -> Result<()> {
    let assets = crate::setup::ensure(cfg)?;
    let taxonomy = taxonomy(&assets)?;
    match cmd {
        EvalCmd::Match {
            rjdb,
            categories,
            weights,
        } => {
            return crate::match_cmds::eval_match(
                &assets,
                &taxonomy,
                crate::match_cmds::Files {
                    rjdb: rjdb.as_deref(),
                    categories: categories.as_deref(),
                    weights: weights.as_deref(),
                },
                json_out,
            );
        }
        EvalCmd::Parse { dir: Some(dir), .. } => parse_dir(dir, &taxonomy, json_out)?,
        EvalCmd::Parse { ner: None, .. } => {
            return Err(Usage("give --ner FILE or --dir DIR".into()).into());
        }
        EvalCmd::Parse { ner: Some(ner), .. } => {
            let file = std::fs::File::open(ner)
                .map_err(|e| Usage(format!("reading {}: {e}", ner.display())))?;
            let report = hireloop_ingest::eval::evaluate_ner(
                BufReader::new(file),
                &taxonomy,
                chrono::Utc::now().date_naive(),
            )
            .map_err(|e| Usage(format!("{}: {e}", ner.display())))?;
            if json_out {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{}", report.table());
            }
        }
        EvalCmd::Skills { files, classifier } => {
            let mut all = Vec::new();
            for f in files {
                let mut text =
                    std::fs::read(f).map_err(|e| Usage(format!("reading {}: {e}", f.display())))?;
                all.append(&mut text);
                all.extend_from_slice(b"\n\n");
            }
            let report = if *classifier {
                let model = hireloop_ai::MiniLm::load(&assets)?;
                let version = format!(
                    "{} + classifier ({})",
                    taxonomy.version(),
                    hireloop_ai::Embedder::id(&model).version
                );
                let precise = hireloop_engine::skills::PreciseSkills::new(
                    Arc::new(taxonomy),
                    Arc::new(hireloop_ai::SkillClassifier::load(&assets)?),
                    Arc::new(model),
                );
                let mut failed = None;
                let report = hireloop_ingest::skills::eval::evaluate_conll_with(
                    all.as_slice(),
                    &version,
                    |texts| {
                        precise.extract_many(texts).unwrap_or_else(|e| {
                            failed = Some(e);
                            Vec::new()
                        })
                    },
                )
                .map_err(|e| Usage(e.to_string()))?;
                if let Some(e) = failed {
                    return Err(e.into());
                }
                report
            } else {
                hireloop_ingest::skills::eval::evaluate_conll(all.as_slice(), &taxonomy)
                    .map_err(|e| Usage(e.to_string()))?
            };
            if json_out {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{}", report.table());
            }
        }
    }
    Ok(())
}

/// `hireloop demo csv`: synthetic candidates as an ATS export, streamed to `out`.
pub fn demo_csv(n: usize, seed: u64, out: &std::path::Path, json_out: bool) -> Result<()> {
    let started = Instant::now();
    let file = std::fs::File::create(out)
        .map_err(|e| Usage(format!("creating {}: {e}", out.display())))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
    w.write_record([
        "Candidate ID",
        "First Name",
        "Last Name",
        "Email",
        "Mobile",
        "Title",
        "City",
        "State",
        "Country",
        "Skills",
        "Pay Rate",
        "Visa Status",
        "Years of Experience",
        "Willing to Relocate",
    ])?;
    let today = chrono::Utc::now().date_naive();
    let mut generator = hireloop_engine::demo::DemoGenerator::new(seed, today);
    for (i, c) in generator.candidates(n).enumerate() {
        let loc = c.location.as_ref();
        let skills: Vec<&str> = c.skills.iter().map(|s| s.name().as_str()).collect();
        let rate = c.rate.as_ref().map(|r| {
            format!(
                "{} {}/{}",
                r.amount().to_decimal_string(),
                r.currency(),
                r.unit().as_str()
            )
        });
        w.write_record([
            format!("GEN-{seed}-{i}"),
            c.first_name.clone(),
            c.last_name.clone(),
            c.email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            c.phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            c.headline.clone().unwrap_or_default(),
            loc.and_then(|l| l.city()).unwrap_or_default().to_owned(),
            loc.and_then(|l| l.region()).unwrap_or_default().to_owned(),
            loc.and_then(|l| l.country())
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            skills.join(", "),
            rate.unwrap_or_default(),
            c.work_authorization.as_str().to_owned(),
            c.years_experience
                .map(|y| format!("{:.1}", y.years()))
                .unwrap_or_default(),
            if c.willing_to_relocate {
                "yes".into()
            } else {
                "no".into()
            },
        ])?;
    }
    w.flush()?;
    let secs = started.elapsed().as_secs_f64();
    say_done(
        json_out,
        json!({"candidates": n, "seed": seed, "out": out, "seconds": secs}),
        &format!("wrote {n} candidates to {} in {secs:.1}s", out.display()),
    );
    Ok(())
}

fn say_done(json_out: bool, value: serde_json::Value, text: &str) {
    if json_out {
        println!("{value}");
    } else {
        println!("{text}");
    }
}
