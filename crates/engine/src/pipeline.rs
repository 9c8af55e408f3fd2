//! The pipeline's use cases: submit a candidate to a requirement, move a submission
//! through the stage machine, keep activities and client blacklists, and read outcomes
//! back as the history the matching factor scores.

use std::collections::HashMap;

use hireloop_domain::ValidationErrors;
use hireloop_domain::entities::{Candidate, CandidateStatus, Requirement, RequirementStatus};
use hireloop_domain::pipeline::{Move, Stage, check_move};
use hireloop_store::{
    Activity, Entity, NewActivity, NewSubmission, Outcome, Scope, Store, StoreError, Submission,
};
use uuid::Uuid;

use crate::matching::{History, Outcomes};
use crate::records::{RecordError, Result};

/// The pipeline service the API and CLI use.
#[derive(Debug, Clone)]
pub struct Pipeline {
    store: Store,
}

/// What to submit.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmitRequest {
    pub requirement_id: Uuid,
    pub candidate_id: Uuid,
    pub stage: Stage,
    pub score: Option<u16>,
    pub source: String,
    pub note: Option<String>,
}

fn refused(e: StoreError) -> RecordError {
    match e {
        // The store's conflicts here are written for the user: blacklisted, already
        // submitted.
        StoreError::Conflict(m) => RecordError::Refused(m),
        other => other.into(),
    }
}

impl Pipeline {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    async fn live<T: serde::de::DeserializeOwned>(
        &self,
        scope: &Scope,
        entity: Entity,
        id: Uuid,
        what: &str,
    ) -> Result<T> {
        match self.store.get(scope, entity, id).await? {
            Some(r) if r.deleted_at.is_none() => serde_json::from_str(&r.data)
                .map_err(|e| RecordError::Store(StoreError::Corrupt(e.to_string()))),
            _ => Err(RecordError::Validation(ValidationErrors::single(
                what,
                format!(
                    "no {} with id {id} in this tenant",
                    what.trim_end_matches("_id")
                ),
            ))),
        }
    }

    /// Submits a candidate to a requirement. Refused when the requirement is filled or
    /// closed, the candidate asked not to be contacted, the client has blacklisted the
    /// candidate, or the candidate is already submitted there.
    pub async fn submit(&self, scope: &Scope, req: &SubmitRequest) -> Result<Submission> {
        let requirement: Requirement = self
            .live(
                scope,
                Entity::Requirement,
                req.requirement_id,
                "requirement_id",
            )
            .await?;
        let candidate: Candidate = self
            .live(scope, Entity::Candidate, req.candidate_id, "candidate_id")
            .await?;
        if matches!(
            requirement.status,
            RequirementStatus::Filled | RequirementStatus::Closed
        ) {
            return Err(RecordError::Refused(format!(
                "the requirement is {}; reopen it before submitting",
                requirement.status.as_str()
            )));
        }
        if candidate.status == CandidateStatus::DoNotContact {
            return Err(RecordError::Refused(
                "the candidate asked not to be contacted".into(),
            ));
        }
        let new = NewSubmission {
            candidate_id: req.candidate_id,
            requirement_id: req.requirement_id,
            company_id: requirement.company_id.map(|c| c.as_uuid()),
            stage: req.stage,
            score: req.score,
            source: req.source.clone(),
            note: req.note.clone(),
        };
        self.store
            .create_submission(scope, &new)
            .await
            .map_err(refused)
    }

    /// Moves a submission to `to`, checked by the stage machine. `if_match` is the
    /// version the caller last saw. `make` builds the move from the interview rounds
    /// the submission has had (a new round defaults to the next one).
    pub async fn move_to(
        &self,
        scope: &Scope,
        id: Uuid,
        if_match: Option<i64>,
        to: Stage,
        make: impl FnOnce(u32) -> Move,
    ) -> Result<Submission> {
        let current = self
            .store
            .submission(scope, id)
            .await?
            .ok_or(RecordError::NotFound)?;
        if let Some(v) = if_match
            && v != current.version
        {
            return Err(RecordError::VersionConflict {
                current: current.version,
            });
        }
        let m = &make(current.rounds);
        check_move(current.stage, to, m, current.rounds)
            .map_err(|e| RecordError::Validation(ValidationErrors::single(e.field, e.message)))?;
        Ok(self.store.move_submission(scope, &current, to, m).await?)
    }

    /// Adds an activity to a live record.
    pub async fn add_activity(&self, scope: &Scope, new: &NewActivity) -> Result<Activity> {
        let exists = match new.entity.as_str() {
            "submission" => self.store.submission(scope, new.entity_id).await?.is_some(),
            name => match Entity::ALL.into_iter().find(|e| e.name() == name) {
                Some(e) => self
                    .store
                    .get(scope, e, new.entity_id)
                    .await?
                    .is_some_and(|r| r.deleted_at.is_none()),
                None => {
                    return Err(RecordError::Validation(ValidationErrors::single(
                        "entity",
                        format!(
                            "'{name}' is not one of {}",
                            hireloop_store::ACTIVITY_ENTITIES.join(", ")
                        ),
                    )));
                }
            },
        };
        if !exists {
            return Err(RecordError::Validation(ValidationErrors::single(
                "entity_id",
                format!("no {} with id {} in this tenant", new.entity, new.entity_id),
            )));
        }
        Ok(self.store.add_activity(scope, new).await?)
    }

    /// Blacklists a candidate at a client. Both must exist; the reason is required.
    pub async fn blacklist(
        &self,
        scope: &Scope,
        company: Uuid,
        candidate: Uuid,
        reason: &str,
    ) -> Result<hireloop_store::Blacklisting> {
        if self
            .store
            .get(scope, Entity::Company, company)
            .await?
            .is_none()
        {
            return Err(RecordError::NotFound);
        }
        let _: Candidate = self
            .live(scope, Entity::Candidate, candidate, "candidate_id")
            .await?;
        if reason.trim().is_empty() {
            return Err(RecordError::Validation(ValidationErrors::single(
                "reason",
                "is required: say why the client will not see this candidate",
            )));
        }
        Ok(self
            .store
            .blacklist(scope, company, candidate, reason.trim())
            .await?)
    }
}

/// The recorded ends of candidates' submissions, and the recommendations recruiters
/// rejected for them (candidate, client).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Track {
    pub outcomes: Vec<Outcome>,
    pub screened_out: Vec<(Uuid, Option<Uuid>)>,
}

pub(crate) async fn track_of(store: &Store, scope: &Scope, candidates: &[Uuid]) -> Result<Track> {
    Ok(Track {
        outcomes: store.outcomes_of(scope, candidates).await?,
        screened_out: store.screened_out_of(scope, candidates).await?,
    })
}

/// Counts outcomes per candidate, overall and with `company`. A closed submission says
/// nothing about the candidate (the job went away) and is not counted.
pub fn histories(track: &Track, company: Option<Uuid>) -> HashMap<Uuid, History> {
    let mut out: HashMap<Uuid, History> = HashMap::new();
    let mut count = |candidate: Uuid, client: Option<Uuid>, add: &dyn Fn(&mut Outcomes)| {
        let h = out.entry(candidate).or_default();
        add(&mut h.overall);
        if company.is_some() && client == company {
            add(&mut h.client);
        }
    };
    for o in &track.outcomes {
        count(o.candidate_id, o.company_id, &|c| add(c, o.kind));
    }
    for (candidate, client) in &track.screened_out {
        count(*candidate, *client, &|c| c.screened_out += 1);
    }
    out
}

fn add(counts: &mut Outcomes, kind: Stage) {
    match kind {
        Stage::Placed => counts.placed += 1,
        Stage::Rejected => counts.rejected += 1,
        Stage::Withdrawn => counts.withdrawn += 1,
        Stage::NoShow => counts.no_show += 1,
        _ => {}
    }
}
