//! Loading generated demo data into a tenant, in batches, with progress.

use chrono::NaiveDate;
use hireloop_domain::ids::CompanyId;
use hireloop_store::Scope;
use uuid::Uuid;

use crate::demo::DemoGenerator;
use crate::records::{RecordError, Records};

/// How many records of each kind to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoCounts {
    pub companies: usize,
    pub contacts: usize,
    pub candidates: usize,
    pub requirements: usize,
}

impl DemoCounts {
    /// The data set `serve --demo` loads: enough to explore every screen.
    pub const SHOWCASE: DemoCounts = DemoCounts {
        companies: 40,
        contacts: 120,
        candidates: 2_000,
        requirements: 150,
    };

    /// Companies and contacts scaled to a requested number of candidates and requirements.
    pub fn scaled(candidates: usize, requirements: usize) -> DemoCounts {
        let companies = (requirements / 4).clamp(5, 2_000);
        DemoCounts {
            companies,
            contacts: companies * 3,
            candidates,
            requirements,
        }
    }
}

/// Rows per transaction: large enough to amortise commits, small enough to keep the
/// writer lock short and memory flat.
const BATCH: usize = 2_000;

/// Generates `counts` records from `seed` and stores them in `scope`'s tenant.
/// `progress` hears the number of candidates stored so far.
pub async fn load_demo(
    records: &Records,
    scope: &Scope,
    seed: u64,
    today: NaiveDate,
    counts: DemoCounts,
    mut progress: impl FnMut(usize),
) -> Result<DemoCounts, RecordError> {
    let mut generator = DemoGenerator::new(seed, today);
    let companies = generator.companies(counts.companies);
    let with_ids: Vec<(Uuid, _)> = companies.into_iter().map(|c| (Uuid::now_v7(), c)).collect();
    let company_ids: Vec<CompanyId> = with_ids
        .iter()
        .filter_map(|(id, _)| CompanyId::from_uuid(*id).ok())
        .collect();
    records.create_with_ids(scope, with_ids).await?;
    let mut contacts = generator
        .contacts(&company_ids, counts.contacts)
        .into_iter()
        .peekable();
    while contacts.peek().is_some() {
        records
            .create_entities(scope, contacts.by_ref().take(BATCH).collect())
            .await?;
    }
    let mut reqs = generator
        .requirements(&company_ids, counts.requirements)
        .into_iter()
        .peekable();
    while reqs.peek().is_some() {
        records
            .create_entities(scope, reqs.by_ref().take(BATCH).collect())
            .await?;
    }
    let mut done = 0;
    let mut stream = generator.candidates(counts.candidates);
    loop {
        let batch: Vec<_> = stream.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        done += records.create_entities(scope, batch).await?;
        progress(done);
    }
    records.store().refresh_statistics().await?;
    Ok(counts)
}
