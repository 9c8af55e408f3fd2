//! Matching: how well a candidate fits a requirement, as a score in [0, 1] made of six
//! explained factors (skills, location, rate, seniority, history, availability) and
//! weights, with the hard rules that rule a pair out. Pure: the caller brings the
//! prepared profiles, the text similarities and the outcome history.
//!
//! Score = Σ weight × factor. Weights are validated (each in [0, 1], summing to 1), so
//! the score stays in [0, 1] and improving any factor never lowers it. The same inputs,
//! weights and [`MODEL_VERSION`] give the same result.

pub mod eval;
pub mod factors;
pub mod lexical;
pub mod profile;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use hireloop_domain::entities::CandidateStatus;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use factors::{Factor, FactorName, History, Outcomes, Similarity};
pub use profile::{CandidateProfile, Mentions, RequirementProfile, SkillKey};

/// Bumped whenever a factor's formula changes: results of different versions are not
/// comparable.
pub const MODEL_VERSION: &str = "match-v3";

/// How much each factor counts. Defaults: 0.40 skills, 0.20 location, 0.15 rate, 0.10
/// seniority, 0.10 history, 0.05 availability.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub skills: f64,
    pub location: f64,
    pub rate: f64,
    pub seniority: f64,
    pub history: f64,
    pub availability: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            skills: 0.40,
            location: 0.20,
            rate: 0.15,
            seniority: 0.10,
            history: 0.10,
            availability: 0.05,
        }
    }
}

/// A weight that is not a number from 0 to 1, or weights that do not sum to 1.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("weights.{field}: {message}")]
pub struct WeightsError {
    /// `skills` … `availability`, or `sum`.
    pub field: String,
    pub message: String,
}

impl Weights {
    pub fn get(&self, f: FactorName) -> f64 {
        match f {
            FactorName::Skills => self.skills,
            FactorName::Location => self.location,
            FactorName::Rate => self.rate,
            FactorName::Seniority => self.seniority,
            FactorName::History => self.history,
            FactorName::Availability => self.availability,
        }
    }

    /// Each weight a number from 0 to 1, all summing to 1 (to within 0.001).
    pub fn validate(&self) -> Result<(), WeightsError> {
        for f in FactorName::ALL {
            let w = self.get(f);
            if !w.is_finite() || !(0.0..=1.0).contains(&w) {
                return Err(WeightsError {
                    field: f.as_str().into(),
                    message: format!("must be a number from 0 to 1, not {w}"),
                });
            }
        }
        let sum: f64 = FactorName::ALL.iter().map(|f| self.get(*f)).sum();
        if (sum - 1.0).abs() > 1e-3 {
            return Err(WeightsError {
                field: "sum".into(),
                message: format!("the weights must sum to 1, not {sum:.4}"),
            });
        }
        Ok(())
    }

    /// The model and these weights, as results record them: `match-v3/w-1a2b3c4d`.
    pub fn version(&self) -> String {
        let mut h = Sha256::new();
        for f in FactorName::ALL {
            h.update(format!("{}={:.6};", f.as_str(), self.get(f)));
        }
        format!("{MODEL_VERSION}/w-{}", &hex::encode(h.finalize())[..8])
    }
}

/// One factor of a result: its value, weight and share of the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactorResult {
    pub name: FactorName,
    pub value: f64,
    pub weight: f64,
    pub contribution: f64,
    pub reasons: Vec<String>,
    pub known: bool,
}

/// A scored pair, explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explained {
    pub score: f64,
    pub factors: Vec<FactorResult>,
    /// Rules the pair breaks (work authorisation, status): such a pair is never
    /// recommended, but a direct score still shows why.
    pub blockers: Vec<String>,
    /// [`Weights::version`].
    pub version: String,
}

impl Explained {
    /// The reasons of every factor, biggest contribution first.
    pub fn reasons(&self) -> Vec<&str> {
        let mut fs: Vec<&FactorResult> = self.factors.iter().collect();
        fs.sort_by(|a, b| {
            b.contribution
                .total_cmp(&a.contribution)
                .then(a.name.cmp(&b.name))
        });
        fs.iter()
            .flat_map(|f| f.reasons.iter().map(String::as_str))
            .collect()
    }
}

/// Everything besides the two profiles that a score depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Context {
    pub similarity: Similarity,
    pub history: History,
    /// Stands for "now" in availability (a fixed date makes results replayable).
    pub today: NaiveDate,
}

/// What rules a pair out whatever its score.
pub fn blockers(c: &CandidateProfile, r: &RequirementProfile) -> Vec<String> {
    let mut out = Vec::new();
    if !r.auth.is_empty() && !r.auth.contains(&c.auth) {
        out.push(format!(
            "work authorisation {} is not among those the requirement accepts",
            c.auth.as_str()
        ));
    }
    match c.status {
        CandidateStatus::DoNotContact => out.push("the candidate is not to be contacted".into()),
        CandidateStatus::Inactive => out.push("the candidate is inactive".into()),
        CandidateStatus::Active | CandidateStatus::Placed => {}
    }
    out
}

/// Every factor's value, and its reasons when `explain`.
pub fn factors(
    c: &CandidateProfile,
    r: &RequirementProfile,
    ctx: &Context,
    explain: bool,
) -> Vec<(FactorName, Factor)> {
    vec![
        (
            FactorName::Skills,
            factors::skills(c, r, ctx.similarity, explain),
        ),
        (FactorName::Location, factors::location(c, r, explain)),
        (FactorName::Rate, factors::rate(c, r, explain)),
        (FactorName::Seniority, factors::seniority(c, r, explain)),
        (FactorName::History, factors::history(&ctx.history, explain)),
        (
            FactorName::Availability,
            factors::availability(c, r, ctx.today, explain),
        ),
    ]
}

/// Whether a factor takes part in the score. Comparing two people (the like mode) reads
/// their skills and the person's track record; location, rate, seniority and availability
/// are about a requirement, so they weigh nothing there and the other weights are scaled
/// to sum to what they did (an identical person with a good record scores near 1).
fn in_scope(r: &RequirementProfile, name: FactorName) -> bool {
    !r.like || matches!(name, FactorName::Skills | FactorName::History)
}

/// Scores and explains a pair. `weights` must be valid ([`Weights::validate`]).
pub fn score(
    c: &CandidateProfile,
    r: &RequirementProfile,
    ctx: &Context,
    weights: &Weights,
) -> Explained {
    score_with(c, r, ctx, weights, true)
}

/// [`score`], or with `explain` false the same score, factor values and blockers with
/// no reasons and no version: what a rerank computes for every member of its pool before
/// it explains the few it lists. The arithmetic does not depend on `explain`, so both
/// give the same score to the bit (a property test holds them to it).
pub fn score_with(
    c: &CandidateProfile,
    r: &RequirementProfile,
    ctx: &Context,
    weights: &Weights,
    explain: bool,
) -> Explained {
    let all: f64 = FactorName::ALL.iter().map(|&f| weights.get(f)).sum();
    let scoped: f64 = FactorName::ALL
        .iter()
        .filter(|&&f| in_scope(r, f))
        .map(|&f| weights.get(f))
        .sum();
    // Weights that leave nothing in scope keep their values (every pair then scores alike).
    let scale = if scoped > 0.0 { all / scoped } else { 1.0 };
    let mut total = 0.0;
    let factors: Vec<FactorResult> = factors(c, r, ctx, explain)
        .into_iter()
        .map(|(name, f)| {
            let weight = if scoped > 0.0 && !in_scope(r, name) {
                0.0
            } else {
                weights.get(name) * scale
            };
            let contribution = weight * f.value;
            total += contribution;
            FactorResult {
                name,
                value: f.value,
                weight,
                contribution,
                reasons: if explain { f.reasons } else { Vec::new() },
                known: f.known,
            }
        })
        .collect();
    Explained {
        score: total.clamp(0.0, 1.0),
        factors,
        blockers: blockers(c, r),
        version: if explain {
            weights.version()
        } else {
            String::new()
        },
    }
}
