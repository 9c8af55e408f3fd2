//! Demo requirements: contract and full-time IT reqs from the role families, with templated
//! descriptions, skills, budgets in line with candidate rates, and realistic restrictions.

use std::fmt::Write as _;

use chrono::Days;
use hireloop_domain::entities::{Requirement, RequirementStatus};
use hireloop_domain::ids::CompanyId;
use hireloop_domain::values::{
    EmploymentType, RateUnit, RemoteMode, Skill, WorkAuthorization, YearsExperience,
};
use rand::Rng;

use super::DemoGenerator;
use super::candidate::{market_w2, one_of, pick, rate_of, sample, us_salary};
use super::pick::push_padded;
use super::roles::{FAMILIES, LEVEL_MIN_YEARS, REQ_LEVEL_WEIGHTS};

/// How clients engage: C2C dominates bench-sales reqs, W-2 next; about a quarter are
/// full-time (contract-to-hire conversions and direct placements).
const EMPLOYMENT: &[(EmploymentType, u32)] = &[
    (EmploymentType::C2c, 45),
    (EmploymentType::W2, 25),
    (EmploymentType::Ten99, 5),
    (EmploymentType::Fte, 25),
];

/// Contract lengths in months: 6 and 12 are the standard terms.
const DURATIONS: &[(u16, u32)] = &[(3, 5), (6, 30), (9, 5), (12, 35), (18, 10), (24, 15)];

/// Post-2022 work mode of IT reqs: hybrid most common, then remote, then onsite.
const MODES: &[(RemoteMode, u32)] = &[
    (RemoteMode::Hybrid, 40),
    (RemoteMode::Remote, 35),
    (RemoteMode::Onsite, 25),
];

const STATUS: &[(RequirementStatus, u32)] = &[
    (RequirementStatus::Open, 75),
    (RequirementStatus::OnHold, 10),
    (RequirementStatus::Filled, 8),
    (RequirementStatus::Closed, 7),
];

/// Restrictions, written in `as_str` order as `validate` keeps them. Government and
/// defence-adjacent work is citizens/green cards only; some clients will not sponsor.
const CITIZEN_GC: &[WorkAuthorization] =
    &[WorkAuthorization::GreenCard, WorkAuthorization::UsCitizen];
const CITIZEN_ONLY: &[WorkAuthorization] = &[WorkAuthorization::UsCitizen];
const NO_SPONSORSHIP: &[WorkAuthorization] = &[
    WorkAuthorization::Ead,
    WorkAuthorization::GreenCard,
    WorkAuthorization::UsCitizen,
];

impl DemoGenerator {
    /// One requirement at one of `company_ids` (none when empty).
    pub fn requirement(&mut self, company_ids: &[CompanyId]) -> Requirement {
        let n = self.next_requirement;
        self.next_requirement += 1;
        let t = self.tables;
        let rng = &mut self.rng;
        let (company_id, company) = if company_ids.is_empty() {
            (None, None)
        } else {
            let i = rng.random_range(0..company_ids.len());
            (Some(company_ids[i]), self.made_companies.get(i))
        };

        let fi = t.demand.pick_or(rng, 0);
        let family = &FAMILIES[fi];
        let mut level = pick(rng, &REQ_LEVEL_WEIGHTS_T, 2);
        if family.min_years > 0.0 && level == 0 {
            level = 1;
        }
        let title = t.titles[fi][level].clone();
        let min = LEVEL_MIN_YEARS[level];
        let min_years = YearsExperience::new(f64::from(min)).ok();
        let max_years = rng
            .random_bool(0.2)
            .then(|| YearsExperience::new(f64::from(min + rng.random_range(5..=8))).ok())
            .flatten();

        let mut required_names = Vec::with_capacity(7);
        let k = rng.random_range(3..=7);
        sample(rng, family.core, k, &mut required_names);
        let mut preferred_names = Vec::with_capacity(4);
        let k = rng.random_range(1..=4);
        sample(rng, family.adjacent, k, &mut preferred_names);
        let required_skills: Vec<Skill> = required_names
            .iter()
            .filter_map(|name| {
                let years = (min >= 2 && rng.random_bool(0.4))
                    .then(|| f64::from(min.saturating_sub(rng.random_range(0..=2)).max(1)));
                Skill::new(name, years, None).ok()
            })
            .collect();
        let preferred_skills: Vec<Skill> = preferred_names
            .iter()
            .filter_map(|name| Skill::new(name, None, None).ok())
            .collect();

        let employment_type = pick(rng, EMPLOYMENT, EmploymentType::C2c);
        // Budgets scatter around market, so some sit below what candidates ask.
        let w2 = market_w2(rng, family, level) * rng.random_range(0.8..=1.2);
        let rate_budget = rng
            .random_bool(0.92)
            .then_some(())
            .and(t.usd)
            .and_then(|usd| match employment_type {
                EmploymentType::Fte => rate_of(
                    us_salary(w2),
                    1000,
                    usd,
                    RateUnit::Year,
                    Some(employment_type),
                ),
                kind => {
                    let hourly = match kind {
                        EmploymentType::C2c => w2 * 1.12,
                        EmploymentType::Ten99 => w2 * 1.08,
                        _ => w2,
                    };
                    rate_of(
                        hourly.clamp(35.0, 160.0),
                        1,
                        usd,
                        RateUnit::Hour,
                        Some(kind),
                    )
                }
            });
        let duration_months =
            (employment_type != EmploymentType::Fte).then(|| pick(rng, DURATIONS, 12));
        let start_date = self
            .today
            .checked_add_days(Days::new(rng.random_range(0..=60)));
        let openings = pick(rng, &[(1u16, 80), (2, 15), (3, 5)], 1);
        let status = pick(rng, STATUS, RequirementStatus::Open);
        let work_authorizations = match rng.random_range(0..100) {
            0..=14 => CITIZEN_GC.to_vec(),
            15..=18 => CITIZEN_ONLY.to_vec(),
            19..=24 => NO_SPONSORSHIP.to_vec(),
            _ => Vec::new(),
        };

        // Where: the company's US office most of the time, else a weighted US metro.
        let remote_mode = pick(rng, MODES, RemoteMode::Hybrid);
        let company_place = company
            .and_then(|c| c.location.as_ref())
            .filter(|l| l.country().is_some_and(|c| c.as_str() == "US"));
        let location = match company_place {
            Some(l) if rng.random_bool(0.7) => Some(l.clone()),
            _ => t.us_place(rng).map(|p| p.location.clone()),
        }
        .filter(|_| remote_mode != RemoteMode::Remote || rng.random_bool(0.5));

        // Description: three to six sentences.
        let industry = company
            .and_then(|c| c.industry.as_deref())
            .unwrap_or_else(|| {
                one_of(
                    rng,
                    &[
                        "financial services",
                        "healthcare",
                        "insurance",
                        "retail",
                        "technology",
                    ],
                )
            })
            .to_lowercase();
        let mut d = String::with_capacity(600);
        let article = if title.starts_with(['A', 'E', 'I', 'O', 'U', '.']) {
            "an"
        } else {
            "a"
        };
        let _ = write!(
            d,
            "Our client, a leading {industry} company, is looking for {article} {title} to {}.",
            family.duty
        );
        let _ = write!(
            d,
            " The ideal candidate has {min}+ years of experience and strong hands-on skills in {}.",
            join_and(&required_names)
        );
        if rng.random_bool(0.7) {
            let _ = write!(
                d,
                " Experience with {} is a plus.",
                join_or(&preferred_names)
            );
        }
        let place = location.as_ref().map_or_else(String::new, |l| {
            [l.city(), l.region()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        });
        match remote_mode {
            RemoteMode::Remote => d.push_str(" This role is fully remote within the US."),
            RemoteMode::Hybrid => {
                let days = rng.random_range(2..=3);
                let _ = write!(
                    d,
                    " This is a hybrid role, {days} days a week onsite in {place}."
                );
            }
            RemoteMode::Onsite => {
                let _ = write!(d, " The role is onsite in {place}.");
            }
        }
        match (employment_type, duration_months) {
            (EmploymentType::Fte, _) => {
                d.push_str(" This is a full-time, permanent position with benefits.");
            }
            (kind, Some(months)) => {
                let kind = match kind {
                    EmploymentType::C2c => "C2C",
                    EmploymentType::W2 => "W2",
                    _ => "1099",
                };
                let _ = write!(
                    d,
                    " This is a {months}-month {kind} contract with likely extension."
                );
            }
            _ => {}
        }
        if !work_authorizations.is_empty() {
            d.push_str(if work_authorizations.len() == 1 {
                " Only US citizens can be considered."
            } else if work_authorizations.contains(&WorkAuthorization::Ead) {
                " No visa sponsorship is available."
            } else {
                " Only US citizens and green-card holders can be considered."
            });
        } else if rng.random_bool(0.3) {
            d.push_str(
                " You will work closely with product owners and engineers in an Agile team.",
            );
        }

        let mut external_id = String::from("DEMO-R-");
        push_padded(&mut external_id, n + 1, 6);
        Requirement {
            title,
            description: Some(d),
            company_id,
            location,
            remote_mode: Some(remote_mode),
            required_skills,
            preferred_skills,
            min_years,
            max_years,
            rate_budget,
            employment_type: Some(employment_type),
            duration_months,
            start_date,
            openings,
            work_authorizations,
            status,
            source: Some("demo".to_string()),
            external_id: Some(external_id),
            external_url: None,
            tags: Vec::new(),
        }
    }
}

/// `REQ_LEVEL_WEIGHTS` as a pick table.
const REQ_LEVEL_WEIGHTS_T: [(usize, u32); 5] = [
    (0, REQ_LEVEL_WEIGHTS[0]),
    (1, REQ_LEVEL_WEIGHTS[1]),
    (2, REQ_LEVEL_WEIGHTS[2]),
    (3, REQ_LEVEL_WEIGHTS[3]),
    (4, REQ_LEVEL_WEIGHTS[4]),
];

/// "a", "a and b", "a, b and c".
fn join_and(items: &[&str]) -> String {
    join_with(items, "and")
}

fn join_or(items: &[&str]) -> String {
    join_with(items, "or")
}

fn join_with(items: &[&str], word: &str) -> String {
    match items {
        [] => String::new(),
        [a] => (*a).to_string(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}
