//! Warming the profile cache: a node that starts (or a tenant that has just imported
//! its people) prepares its candidates' profiles ahead of the first list, so a
//! requirement's first recommendations read prepared profiles as later ones do.

use chrono::NaiveDate;
use hireloop_domain::entities::CandidateStatus;
use hireloop_store::{Entity, Scope};
use uuid::Uuid;

use super::profiles::Prepared;
use super::{Matcher, RecommendError, Result, prepare_candidate};

/// Candidates read per statement while warming.
const WARM_PAGE: u32 = 2_000;

impl Matcher {
    /// Prepares the tenant's matchable candidates (active and placed) for lists made on
    /// `today`, in id order, until the cache has no more room for the tenant. Returns
    /// how many were prepared. Records that change meanwhile are dropped by the cache's
    /// next sync, as always.
    pub async fn warm(&self, scope: &Scope, today: NaiveDate) -> Result<usize> {
        let settle = self.search()?.settle();
        let mut after: Option<Uuid> = None;
        let mut warmed = 0;
        loop {
            let room = self.profiles.room(scope);
            if room == 0 {
                break;
            }
            let epoch = self.profiles.sync(&self.store, scope, settle).await?;
            let page = self
                .store
                .live_records_after(scope, Entity::Candidate, after, WARM_PAGE)
                .await?;
            let Some(last) = page.last() else { break };
            after = Some(last.id);
            let full = page.len() == WARM_PAGE as usize;
            // Parsing a page is a tenth of a second of CPU: off the request threads.
            let mut keep = tokio::task::spawn_blocking(move || {
                let prepare = prepare_candidate(today);
                let mut keep = Vec::with_capacity(page.len());
                for r in &page {
                    let p = Prepared::of(r, today, &prepare)?;
                    if matches!(
                        p.profile.status,
                        CandidateStatus::Active | CandidateStatus::Placed
                    ) {
                        keep.push((r.id, p));
                    }
                }
                Ok::<_, RecommendError>(keep)
            })
            .await
            .map_err(|e| RecommendError::Unavailable(format!("warming stopped: {e}")))??;
            keep.truncate(room);
            warmed += keep.len();
            self.profiles.insert(scope, epoch, keep);
            if !full {
                break;
            }
        }
        Ok(warmed)
    }
}
