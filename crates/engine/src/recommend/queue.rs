//! The review queue's use cases: recommendations at or above the tenant's threshold
//! enter the queue of their requirement; a recruiter approves one (creating a draft
//! submission), rejects it with a reason (kept as a negative signal for the history
//! factor), or defers it until the next refresh.

use hireloop_domain::ValidationErrors;
use hireloop_domain::pipeline::Stage;
use hireloop_store::{NewReview, Review, Scope, Submission};
use uuid::Uuid;

use super::{Matcher, Options, Recommendations, Result};
use crate::pipeline::{Pipeline, SubmitRequest};
use crate::records::RecordError;

/// Parts per thousand, as the queue stores scores.
pub fn per_mille(score: f64) -> u16 {
    (score.clamp(0.0, 1.0) * 1000.0).round() as u16
}

impl Matcher {
    /// Ranks candidates for the requirement and queues those scoring at least
    /// `threshold` that are not submitted yet. Returns the list and how many pairs are
    /// new to the queue.
    pub async fn refresh_queue(
        &self,
        scope: &Scope,
        requirement: Uuid,
        opts: &Options,
        threshold: f64,
    ) -> Result<(Recommendations, usize)> {
        let recs = self.candidates_for(scope, requirement, opts).await?;
        let added = self.queue(scope, &recs, threshold).await?;
        Ok((recs, added))
    }

    /// Queues a requirement's recommendations at or above `threshold`.
    pub async fn queue(
        &self,
        scope: &Scope,
        recs: &Recommendations,
        threshold: f64,
    ) -> Result<usize> {
        let entries: Vec<NewReview> = recs
            .items
            .iter()
            .filter(|r| r.submission.is_none() && r.explained.score >= threshold)
            .map(|r| NewReview {
                candidate_id: r.id,
                score: per_mille(r.explained.score),
            })
            .collect();
        if entries.is_empty() {
            return Ok(0);
        }
        Ok(self
            .store
            .queue_reviews(scope, recs.subject, recs.company, recs.run_id, &entries)
            .await?)
    }

    async fn open_review(&self, scope: &Scope, id: Uuid) -> Result<Review> {
        let r = self
            .store
            .review(scope, id)
            .await?
            .ok_or(RecordError::NotFound)?;
        if !matches!(r.status.as_str(), "open" | "deferred") {
            return Err(RecordError::Refused(format!("the review is already {}", r.status)).into());
        }
        Ok(r)
    }

    /// Approves a review: the candidate is submitted (as a draft unless `stage` says
    /// submitted) and the review records the submission.
    pub async fn approve(
        &self,
        scope: &Scope,
        id: Uuid,
        stage: Stage,
        note: Option<String>,
    ) -> Result<(Review, Submission)> {
        let r = self.open_review(scope, id).await?;
        let submission = Pipeline::new(self.store.clone())
            .submit(
                scope,
                &SubmitRequest {
                    requirement_id: r.requirement_id,
                    candidate_id: r.candidate_id,
                    stage,
                    score: Some(r.score),
                    source: "review".into(),
                    note,
                },
            )
            .await?;
        let review = self
            .store
            .decide_review(scope, id, "approved", None, Some(submission.id))
            .await
            .map_err(refused)?;
        Ok((review, submission))
    }

    /// Rejects a review; the reason is required and kept.
    pub async fn reject(&self, scope: &Scope, id: Uuid, reason: &str) -> Result<Review> {
        if reason.trim().is_empty() {
            return Err(RecordError::Validation(ValidationErrors::single(
                "reason",
                "is required: say why this candidate does not fit",
            ))
            .into());
        }
        self.open_review(scope, id).await?;
        Ok(self
            .store
            .decide_review(scope, id, "rejected", Some(reason.trim()), None)
            .await
            .map_err(refused)?)
    }

    /// Defers a review until the requirement's next refresh.
    pub async fn defer(&self, scope: &Scope, id: Uuid, reason: Option<&str>) -> Result<Review> {
        self.open_review(scope, id).await?;
        Ok(self
            .store
            .decide_review(scope, id, "deferred", reason.map(str::trim), None)
            .await
            .map_err(refused)?)
    }
}

fn refused(e: hireloop_store::StoreError) -> RecordError {
    match e {
        hireloop_store::StoreError::Conflict(m) => RecordError::Refused(m),
        other => other.into(),
    }
}
