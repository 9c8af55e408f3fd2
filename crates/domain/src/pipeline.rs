//! The submission stage machine: which stage may follow which, what each move must
//! carry (an interview's round and time, a placement's dates and rates, a reason for an
//! exit), and which stages end a submission and become outcomes.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::values::{Money, RateUnit};

/// Where a submission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Approved from the review queue or started by a recruiter; the client has not seen it.
    Draft,
    /// Sent to the client.
    Submitted,
    /// The client is reviewing the profile.
    ClientReview,
    /// Interviewing; each move into this stage is one round.
    Interview,
    Offer,
    Placed,
    /// The client (or the recruiter) said no.
    Rejected,
    /// The candidate stepped back.
    Withdrawn,
    /// The candidate missed an interview or did not start.
    NoShow,
    /// The requirement closed or was filled by someone else.
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Stage::Draft,
        Stage::Submitted,
        Stage::ClientReview,
        Stage::Interview,
        Stage::Offer,
        Stage::Placed,
        Stage::Rejected,
        Stage::Withdrawn,
        Stage::NoShow,
        Stage::Closed,
    ];

    /// The stages a submission moves forward through, in order.
    pub const FORWARD: [Stage; 6] = [
        Stage::Draft,
        Stage::Submitted,
        Stage::ClientReview,
        Stage::Interview,
        Stage::Offer,
        Stage::Placed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Submitted => "submitted",
            Stage::ClientReview => "client_review",
            Stage::Interview => "interview",
            Stage::Offer => "offer",
            Stage::Placed => "placed",
            Stage::Rejected => "rejected",
            Stage::Withdrawn => "withdrawn",
            Stage::NoShow => "no_show",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Result<Stage, ValueError> {
        let k = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let k = match k.as_str() {
            "noshow" => "no_show",
            "clientreview" | "review" => "client_review",
            "interviewing" => "interview",
            other => other,
        }
        .to_owned();
        Stage::ALL
            .into_iter()
            .find(|st| st.as_str() == k)
            .ok_or_else(|| {
                ValueError::new(format!(
                    "'{}' is not a stage ({})",
                    s.trim(),
                    Stage::ALL.map(Stage::as_str).join(", ")
                ))
            })
    }

    /// Whether the submission has ended. A placement is final for the pipeline except
    /// that a placed candidate who does not start becomes a no-show.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Stage::Placed | Stage::Rejected | Stage::Withdrawn | Stage::NoShow | Stage::Closed
        )
    }

    /// Whether this stage is one of the exits (not a step forward).
    pub fn is_exit(self) -> bool {
        matches!(
            self,
            Stage::Rejected | Stage::Withdrawn | Stage::NoShow | Stage::Closed
        )
    }

    /// Whether a submission at `self` may move to `to`.
    ///
    /// Forward moves go one step at a time, except that a client may skip its review and
    /// go straight to interview, or skip interviews and make an offer. Interview may
    /// repeat (another round). Any open stage may exit as rejected, withdrawn or closed;
    /// a no-show needs something to miss: an interview, an offer's start, or a placement
    /// that never started.
    pub fn can_move(self, to: Stage) -> bool {
        use Stage::*;
        match (self, to) {
            (Draft, Submitted)
            | (Submitted, ClientReview | Interview)
            | (ClientReview, Interview | Offer)
            | (Interview, Interview | Offer)
            | (Offer, Placed) => true,
            (Interview | Offer | Placed, NoShow) => true,
            (from, Rejected | Withdrawn | Closed) => !from.is_terminal(),
            _ => false,
        }
    }

    /// The stages reachable from here, in display order.
    pub fn next(self) -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|to| self.can_move(*to))
            .collect()
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a placement records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    pub start_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// What the client pays, per `rate_unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_rate: Option<Money>,
    /// What the worker is paid, per `rate_unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_rate: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_unit: Option<RateUnit>,
}

/// One interview round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interview {
    pub round: u32,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// A requested move, before it is checked against the submission.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Move {
    pub reason: Option<String>,
    pub interview: Option<Interview>,
    pub placement: Option<Placement>,
}

/// Why a move is refused, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveError {
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for MoveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Checks a move from `from` to `to` with what it carries. `rounds` is how many
/// interview rounds the submission has had.
pub fn check_move(from: Stage, to: Stage, m: &Move, rounds: u32) -> Result<(), MoveError> {
    if !from.can_move(to) {
        let next = from.next();
        let message = if next.is_empty() {
            format!("a submission that is {from} has ended and cannot move to {to}")
        } else {
            format!(
                "cannot move from {from} to {to}; from {from} it may go to {}",
                next.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        return Err(MoveError {
            field: "to",
            message,
        });
    }
    if m.interview.is_some() && to != Stage::Interview {
        return Err(MoveError {
            field: "interview",
            message: format!("is only for a move to interview, not to {to}"),
        });
    }
    if m.placement.is_some() && to != Stage::Placed {
        return Err(MoveError {
            field: "placement",
            message: format!("is only for a move to placed, not to {to}"),
        });
    }
    match to {
        Stage::Interview => {
            let i = m.interview.as_ref().ok_or(MoveError {
                field: "interview",
                message: "is required: {\"at\": time, \"round\": n?}".into(),
            })?;
            if i.round != rounds + 1 {
                return Err(MoveError {
                    field: "interview.round",
                    message: format!("must be {} (rounds so far: {rounds})", rounds + 1),
                });
            }
        }
        Stage::Placed => {
            let p = m.placement.as_ref().ok_or(MoveError {
                field: "placement",
                message: "is required: {\"start_date\": date, …}".into(),
            })?;
            check_placement(p)?;
        }
        _ if to.is_exit() && m.reason.as_deref().is_none_or(|r| r.trim().is_empty()) => {
            return Err(MoveError {
                field: "reason",
                message: format!("is required to move to {to}"),
            });
        }
        _ => {}
    }
    Ok(())
}

fn check_placement(p: &Placement) -> Result<(), MoveError> {
    if let Some(end) = p.end_date
        && end < p.start_date
    {
        return Err(MoveError {
            field: "placement.end_date",
            message: format!("{end} is before the start date {}", p.start_date),
        });
    }
    if (p.bill_rate.is_some() || p.pay_rate.is_some()) && p.rate_unit.is_none() {
        return Err(MoveError {
            field: "placement.rate_unit",
            message: "is required with a bill or pay rate".into(),
        });
    }
    if let (Some(bill), Some(pay)) = (&p.bill_rate, &p.pay_rate)
        && bill.currency() != pay.currency()
    {
        return Err(MoveError {
            field: "placement.pay_rate",
            message: "must be in the bill rate's currency".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
