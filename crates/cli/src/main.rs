//! The `hireloop` binary: one command for running, operating and seeding Hireloop.
//! Exit codes: 0 success, 2 invalid input or usage, 3 runtime failure.

mod commands;
mod config;
mod ingest_cmds;
mod match_cmds;
mod recommend_cmds;
mod search_cmds;
mod setup;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// glibc's allocator spent a quarter of a bulk import in malloc and free (perf); mimalloc
/// is markedly cheaper for the many small JSON values imports and parsers make. Built
/// with `override`, it serves the C code's `malloc` too (SQLite's): one allocator, so
/// the memory a bulk load's key index gives back is what SQLite's index sorts reuse
/// (1M import, two runs each: 45–46 s and 504–512 MiB peak without it, 40–42 s and
/// 443–457 MiB with it).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Self-hosted staffing and recruiting engine.
#[derive(Debug, Parser)]
#[command(name = "hireloop", version, about)]
pub struct Cli {
    /// A TOML config file (sections: server, storage, log, assets, inbox).
    #[arg(long, global = true, env = "HIRELOOP_CONFIG")]
    config: Option<PathBuf>,
    /// Where the embedded database and files live.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// `postgres://…` to use PostgreSQL instead of the embedded SQLite file.
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// Machine-readable output.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP server.
    Serve(ServeArgs),
    /// Fetch, verify and cache the data and model assets (skill gazetteer, places).
    Setup(SetupArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage tenants.
    #[command(subcommand)]
    Tenant(TenantCmd),
    /// Manage a tenant's users.
    #[command(subcommand)]
    User(UserCmd),
    /// Manage a tenant's API keys.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Inspect the audit trail.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Synthetic data for demos and benchmarks.
    #[command(subcommand)]
    Demo(DemoCmd),
    /// Import a CSV, JSON or JSON Lines file of records (runs the import job here).
    Import(ImportArgs),
    /// Parse a resume (PDF, DOCX, TXT, HTML, Markdown) and print the fields found.
    Parse(ParseArgs),
    /// Measure the parsers against labelled data.
    #[command(subcommand)]
    Eval(EvalCmd),
    /// Search candidates or requirements in the query language (AND, OR, NOT,
    /// "phrases", title:/skill:/company: terms, near:/radius:/remote:/available:/rate:/
    /// auth:/status: filters).
    Search(SearchArgs),
    /// Rebuild the search indexes from the database.
    Reindex(ReindexArgs),
    /// Recommend candidates for a requirement (--requirement ID), open requirements for
    /// a candidate (--candidate ID) or the people most like one (--like ID), each with its
    /// factors and reasons.
    Match(MatchArgs),
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Rank candidates for this requirement.
    #[arg(long, value_name = "ID")]
    requirement: Option<String>,
    /// Rank open requirements for this candidate.
    #[arg(long, value_name = "ID")]
    candidate: Option<String>,
    /// Rank the people most like this candidate.
    #[arg(long, value_name = "ID")]
    like: Option<String>,
    #[arg(long, default_value_t = 10)]
    top_k: usize,
    /// How many records the recall hands to the rerank.
    #[arg(long, default_value_t = hireloop_engine::recommend::DEFAULT_POOL)]
    pool: usize,
    /// Factor weights as JSON naming all six (the tenant's when absent).
    #[arg(long)]
    weights: Option<String>,
    /// The date availability is judged on (YYYY-MM-DD); today when absent.
    #[arg(long)]
    as_of: Option<String>,
    /// Do not record the call as a match run.
    #[arg(long)]
    no_record: bool,
    #[arg(long, default_value = "demo")]
    tenant: String,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query, e.g. 'java AND (spring OR kotlin) near:"Austin, TX" radius:50mi'.
    #[arg(required = true)]
    query: Vec<String>,
    /// candidates or requirements.
    #[arg(long, default_value = "candidates")]
    r#type: String,
    /// keyword, semantic or hybrid.
    #[arg(long, default_value = "hybrid")]
    mode: String,
    /// A filter beside the query, NAME=VALUE (repeatable): near, radius, remote,
    /// available, rate, auth, status, id.
    #[arg(long)]
    filter: Vec<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// The next page, as the previous one printed it.
    #[arg(long)]
    cursor: Option<String>,
    #[arg(long, default_value = "demo")]
    tenant: String,
}

#[derive(Debug, Args)]
pub struct ReindexArgs {
    /// One tenant (by slug); all when absent.
    #[arg(long)]
    tenant: Option<String>,
    /// candidates, requirements or all.
    #[arg(long, default_value = "all")]
    r#type: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import.
    file: PathBuf,
    /// candidates, requirements, companies or contacts.
    #[arg(long, default_value = "candidates")]
    kind: String,
    /// A column mapping file (JSON or TOML): {"columns": {"Cand Mail": "email"}}.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// csv, tsv, json or jsonl (sniffed from the bytes when absent); for requirements
    /// also greenhouse, lever or ashby (job-board JSON, recognised by its shape).
    #[arg(long)]
    format: Option<String>,
    /// The tenant to import into (created if missing).
    #[arg(long, default_value = "demo")]
    tenant: String,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The resume file; its type is read from its bytes, not its name.
    file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum EvalCmd {
    /// Field extraction on labelled resumes (JSON Lines: content + annotation spans).
    Parse {
        /// The labelled file, e.g. resumes_ner_dev.jsonl: prints precision, recall and F1
        /// per field.
        #[arg(long, value_name = "FILE", required_unless_present = "dir")]
        ner: Option<PathBuf>,
        /// A folder of resume files (searched recursively): prints the share parsed with
        /// text and with an experience section, and files per second on one core.
        #[arg(long, value_name = "DIR", conflicts_with = "ner")]
        dir: Option<PathBuf>,
    },
    /// Matching: the engine against TF-IDF and MiniLM cosine, in one table.
    Match {
        /// RJDB-shaped JSON Lines (Job-Description, Resume-matched, Resume-unmatched,
        /// Filtered-information): matched above weakened, recall@1/5/10, removed skills
        /// named.
        #[arg(long, value_name = "FILE", required_unless_present = "categories")]
        rjdb: Option<PathBuf>,
        /// A CSV with Category and Resume columns: precision@5 and NDCG@5 of same-category
        /// resumes.
        #[arg(long, value_name = "FILE")]
        categories: Option<PathBuf>,
        /// The engine's factor weights as JSON, all six summing to 1, e.g.
        /// '{"skills":0.5,"location":0.2,"rate":0.1,"seniority":0.1,"history":0.05,"availability":0.05}'.
        #[arg(long, value_name = "JSON")]
        weights: Option<String>,
    },
    /// Skill extraction on CoNLL span annotations (token, skill tag, knowledge tag).
    Skills {
        /// One or more CoNLL files, scored together.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Keep only the matches the skill classifier accepts in their context (MiniLM
        /// over "{skill} : {context}"), as single resumes and requirements are read.
        #[arg(long)]
        classifier: bool,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long)]
    bind: Option<String>,
    /// Create (or reuse) the demo tenant with realistic data, and print its API key.
    #[arg(long)]
    demo: bool,
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Install from a folder of wheels downloaded elsewhere instead of running pip.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Only check what is installed; fetch nothing (exit 3 if something is missing).
    #[arg(long)]
    check: bool,
}

#[derive(Debug, Subcommand)]
enum TenantCmd {
    /// Create a tenant.
    Create {
        /// Display name.
        #[arg(long)]
        name: String,
        /// URL-safe short name (a-z, 0-9, -); defaults from the name.
        #[arg(long)]
        slug: Option<String>,
    },
    /// List tenants.
    List,
}

#[derive(Debug, Subcommand)]
enum UserCmd {
    /// Add a user to a tenant.
    Add {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// owner, admin, recruiter, sales, analyst or read_only.
        #[arg(long, default_value = "recruiter")]
        role: String,
    },
    /// List a tenant's users.
    List {
        #[arg(long)]
        tenant: String,
    },
}

#[derive(Debug, Subcommand)]
enum KeyCmd {
    /// Issue an API key; the secret is printed once.
    Create {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "recruiter")]
        role: String,
        /// The user the key acts for (their email).
        #[arg(long)]
        user: Option<String>,
        /// Days until the key expires.
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// List a tenant's keys (prefixes only).
    List {
        #[arg(long)]
        tenant: String,
    },
    /// Revoke a key at once.
    Revoke {
        #[arg(long)]
        tenant: String,
        /// The key's id.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCmd {
    /// Recompute every tenant's (or one tenant's) hash chain.
    Verify {
        #[arg(long)]
        tenant: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum DemoCmd {
    /// Generate deterministic synthetic data and load it into a tenant.
    Generate {
        #[arg(long, default_value_t = 1000)]
        candidates: usize,
        #[arg(long, default_value_t = 100)]
        requirements: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// The tenant to load into (created if missing).
        #[arg(long, default_value = "demo")]
        tenant: String,
    },
    /// Write deterministic synthetic candidates as an ATS-style CSV export (for import
    /// benchmarks and trials).
    Csv {
        #[arg(long, default_value_t = 1000)]
        candidates: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Where to write the CSV.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// An error the user can fix by changing the input (exit code 2).
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<Usage>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(3)
            }
        }
    }
}
