//! Demo candidates: names by origin, location, experience, title, skills, work authorization,
//! rate, availability and contact details, drawn so one candidate costs a few microseconds.

use std::fmt::Write as _;

use chrono::Days;
use hireloop_domain::entities::{Candidate, CandidateStatus};
use hireloop_domain::values::{
    AvailabilityDate, Email, EmploymentType, Money, Phone, Rate, RateUnit, RemoteMode, Skill,
    SkillLevel, WorkAuthorization, YearsExperience,
};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::{ORIGINS, slug};
use super::pick::{jitter, push_padded, scramble, std_normal};
use super::places::{PhonePlan, Place};
use super::roles::{COMMON_SKILLS, FAMILIES, Family, LEVEL_PAY, level_for_years};
use super::{DemoGenerator, Tables};

/// Most skills a candidate gets (core 8 + adjacent 4 + cross-family 2 + common 3 = 17 ≤ 20).
const MAX_SKILLS: usize = 20;

/// Origins by index in `ORIGINS`.
const INDIAN: usize = 0;
const US: usize = 1;
const HISPANIC: usize = 2;
const EAST_ASIAN: usize = 3;
const EUROPEAN: usize = 4;

/// Work authorization of US-based candidates, by origin. Indian-origin consultants are mostly
/// on H-1B or green cards (the US bench-sales core); others are mostly citizens. Mixed at the
/// origin shares this gives ≈ 35% citizen, 20% green card, 25% H-1B, 8% OPT/CPT, 7% EAD, 2% TN.
const AUTH_INDIAN: &[(WorkAuthorization, u32)] = &[
    (WorkAuthorization::UsCitizen, 12),
    (WorkAuthorization::GreenCard, 22),
    (WorkAuthorization::H1b, 45),
    (WorkAuthorization::OptCpt, 10),
    (WorkAuthorization::Ead, 9),
    (WorkAuthorization::Other, 1),
    (WorkAuthorization::Unknown, 1),
];
const AUTH_OTHER: &[(WorkAuthorization, u32)] = &[
    (WorkAuthorization::UsCitizen, 50),
    (WorkAuthorization::GreenCard, 19),
    (WorkAuthorization::H1b, 12),
    (WorkAuthorization::OptCpt, 6),
    (WorkAuthorization::Ead, 6),
    (WorkAuthorization::Tn, 3),
    (WorkAuthorization::Other, 2),
    (WorkAuthorization::Unknown, 2),
];

/// Where candidates want to work: remote-first since 2020, hybrid close behind.
const REMOTE_PREF: &[(RemoteMode, u32)] = &[
    (RemoteMode::Remote, 40),
    (RemoteMode::Hybrid, 35),
    (RemoteMode::Onsite, 25),
];

/// Most profiles on a working desk are live; some are on assignment or gone quiet.
const STATUS: &[(CandidateStatus, u32)] = &[
    (CandidateStatus::Active, 82),
    (CandidateStatus::Placed, 10),
    (CandidateStatus::Inactive, 7),
    (CandidateStatus::DoNotContact, 1),
];

/// Where profiles come from: demo-made, job boards (Dice is the IT-contract board), LinkedIn,
/// referrals from consultants already placed.
const SOURCES: &[(&str, u32)] = &[
    ("demo", 40),
    ("dice", 20),
    ("linkedin", 18),
    ("job_board", 12),
    ("referral", 10),
];

/// Consumer mail providers, by rough US share among job seekers.
const MAIL_DOMAINS: &[(&str, u32)] = &[
    ("gmail.com", 58),
    ("yahoo.com", 14),
    ("outlook.com", 12),
    ("hotmail.com", 8),
    ("icloud.com", 5),
    ("protonmail.com", 3),
];

/// US contract engagement: C2C through the consultant's own or employer's corp, W-2 through
/// the desk, a few 1099.
const US_HOURLY_TYPES: &[(EmploymentType, u32)] = &[
    (EmploymentType::C2c, 45),
    (EmploymentType::W2, 45),
    (EmploymentType::Ten99, 10),
];

fn weighted<T: Copy>(rng: &mut ChaCha8Rng, table: &[(T, u32)]) -> Option<T> {
    let total: u32 = table.iter().map(|(_, w)| *w).sum();
    if total == 0 {
        return None;
    }
    let mut r = rng.random_range(0..total);
    for &(item, w) in table {
        if r < w {
            return Some(item);
        }
        r -= w;
    }
    None
}

pub(crate) fn pick<T: Copy>(rng: &mut ChaCha8Rng, table: &[(T, u32)], fallback: T) -> T {
    weighted(rng, table).unwrap_or(fallback)
}

pub(crate) fn one_of<'a>(rng: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    if items.is_empty() {
        return "";
    }
    items[rng.random_range(0..items.len())]
}

/// Years of experience: log-normal with median 8 and σ 0.55, clamped to 1–30 and kept to
/// half years (the shape of experience on US IT hotlists: few under 3, a long senior tail).
pub(crate) fn draw_years(rng: &mut ChaCha8Rng) -> f64 {
    let y = (8f64.ln() + 0.55 * std_normal(rng)).exp().clamp(1.0, 30.0);
    (y * 2.0).round() / 2.0
}

/// The level for `years`, moved one step up or down for about one person in five.
pub(crate) fn draw_level(rng: &mut ChaCha8Rng, years: f64) -> usize {
    let base = level_for_years(years);
    match rng.random_range(0..10) {
        0 => base.saturating_sub(1),
        1 => (base + 1).min(4),
        _ => base,
    }
}

/// A mid-market US W-2 hourly rate in dollars for a family at a level.
pub(crate) fn market_w2(rng: &mut ChaCha8Rng, family: &Family, level: usize) -> f64 {
    family.base_rate * LEVEL_PAY[level.min(4)] * jitter(rng, 0.15)
}

/// `major` whole units of `currency` as a rate, rounded to `step` units.
pub(crate) fn rate_of(
    major: f64,
    step: i64,
    currency: hireloop_domain::values::Currency,
    unit: RateUnit,
    kind: Option<EmploymentType>,
) -> Option<Rate> {
    let scale = 10_i64.pow(u32::from(currency.exponent()));
    let step = step.max(1);
    // Rates here are at most a few million units, far inside i64.
    let units = ((major / step as f64).round() as i64).max(1) * step;
    let money = Money::new(units * scale, currency).ok()?;
    Rate::new(money, unit, kind).ok()
}

/// A US annual salary for a W-2 hourly equivalent: 2080 hours less the benefits gap.
pub(crate) fn us_salary(w2_hourly: f64) -> f64 {
    (w2_hourly * 2080.0 * 0.92).clamp(70_000.0, 220_000.0)
}

fn level_for_skill_years(years: f64) -> SkillLevel {
    match years {
        y if y < 2.0 => SkillLevel::Beginner,
        y if y < 5.0 => SkillLevel::Intermediate,
        y if y < 10.0 => SkillLevel::Advanced,
        _ => SkillLevel::Expert,
    }
}

/// Picks up to `k` distinct items of `items` (a partial shuffle of their indices).
pub(crate) fn sample<'a>(
    rng: &mut ChaCha8Rng,
    items: &[&'a str],
    k: usize,
    out: &mut Vec<&'a str>,
) {
    let mut idx: [u8; 16] = [0; 16];
    let n = items.len().min(16);
    for (i, slot) in idx.iter_mut().enumerate().take(n) {
        // i < 16.
        *slot = i as u8;
    }
    for i in 0..k.min(n) {
        let j = rng.random_range(i..n);
        idx.swap(i, j);
        out.push(items[usize::from(idx[i])]);
    }
}

/// A short skill list being built: names in order, without repeats.
struct SkillSet {
    names: [&'static str; MAX_SKILLS],
    len: usize,
}

impl SkillSet {
    fn new() -> Self {
        Self {
            names: [""; MAX_SKILLS],
            len: 0,
        }
    }

    fn contains(&self, name: &str) -> bool {
        self.names[..self.len].contains(&name)
    }

    /// Adds `name` unless present or full; whether it was added.
    fn add(&mut self, name: &'static str) -> bool {
        if self.len >= MAX_SKILLS || self.contains(name) {
            return false;
        }
        self.names[self.len] = name;
        self.len += 1;
        true
    }
}

impl DemoGenerator {
    /// One candidate.
    pub fn candidate(&mut self) -> Candidate {
        let n = self.next_candidate;
        self.next_candidate += 1;
        let t: &'static Tables = self.tables;
        let rng = &mut self.rng;

        // Where they are: ~85% US.
        let place = if rng.random_bool(0.85) {
            t.us_place(rng)
        } else {
            t.world_place(rng)
        };
        let origin = origin_for(rng, t, place);
        let o = &ORIGINS[origin.min(ORIGINS.len() - 1)];
        // A share of second-generation and Filipino/Hispanic people carry English first names.
        let first = if origin != US && rng.random_bool(0.08) {
            one_of(rng, ORIGINS[US].first)
        } else {
            one_of(rng, o.first)
        };
        let last = one_of(rng, o.last);

        // Experience, role and level.
        let years = draw_years(rng);
        let mut fi = t.supply.pick_or(rng, 0);
        for _ in 0..3 {
            if FAMILIES[fi].min_years <= years {
                break;
            }
            fi = t.supply.pick_or(rng, 0);
        }
        if FAMILIES[fi].min_years > years {
            fi = 0;
        }
        let family = &FAMILIES[fi];
        let level = draw_level(rng, years);
        let headline = t.titles[fi][level].clone();
        let skills = draw_skills(rng, t, family, years);

        // Papers, pay and availability.
        let work_authorization = match place {
            Some(p) if !p.is_us => {
                let tn = p.pay.map_or(0.0, |(pp, _)| pp.tn_share);
                if rng.random_bool(tn) {
                    WorkAuthorization::Tn
                } else if rng.random_bool(0.55) {
                    WorkAuthorization::Other
                } else {
                    WorkAuthorization::Unknown
                }
            }
            _ if origin == INDIAN => pick(rng, AUTH_INDIAN, WorkAuthorization::Unknown),
            _ => pick(rng, AUTH_OTHER, WorkAuthorization::Unknown),
        };
        let w2 = market_w2(rng, family, level) * (1.0 + (years - 8.0).clamp(-5.0, 10.0) * 0.01);
        let rate = match place.and_then(|p| p.pay) {
            Some((pp, currency)) => {
                let annual = us_salary(w2) * pp.salary_factor * jitter(rng, 0.1);
                match pp.contract {
                    Some((unit, share, premium)) if rng.random_bool(share) => {
                        let per_unit = match unit {
                            RateUnit::Day => annual / 220.0,
                            _ => annual / 2080.0,
                        } * premium;
                        let step = if unit == RateUnit::Day { 5 } else { 1 };
                        rate_of(per_unit, step, currency, unit, None)
                    }
                    _ => rate_of(
                        annual,
                        pp.annual_round,
                        currency,
                        RateUnit::Year,
                        Some(EmploymentType::Fte),
                    ),
                }
            }
            None => t.usd.and_then(|usd| {
                if rng.random_bool(0.75) {
                    let kind = match pick(rng, US_HOURLY_TYPES, EmploymentType::W2) {
                        // Visa holders are engaged through an employer, not as 1099s.
                        EmploymentType::Ten99 if work_authorization.requires_sponsorship() => {
                            EmploymentType::W2
                        }
                        k => k,
                    };
                    let hourly = match kind {
                        EmploymentType::C2c => w2 * rng.random_range(1.10..=1.15),
                        EmploymentType::Ten99 => w2 * 1.08,
                        _ => w2,
                    };
                    rate_of(
                        hourly.clamp(35.0, 150.0),
                        1,
                        usd,
                        RateUnit::Hour,
                        Some(kind),
                    )
                } else {
                    rate_of(
                        us_salary(w2),
                        1000,
                        usd,
                        RateUnit::Year,
                        Some(EmploymentType::Fte),
                    )
                }
            }),
        };
        let available_from = if rng.random_bool(0.3) {
            Some(self.today)
        } else {
            self.today
                .checked_add_days(Days::new(rng.random_range(1..=90)))
        }
        .and_then(|d| AvailabilityDate::new(d).ok());
        let remote_preference = Some(pick(rng, REMOTE_PREF, RemoteMode::Remote));
        let willing_to_relocate = rng.random_bool(0.3);
        let status = pick(rng, STATUS, CandidateStatus::Active);
        let source = pick(rng, SOURCES, "demo");

        // Contact details, unique through the counter.
        let (fs, ls) = (slug(first), slug(last));
        let email = candidate_email(rng, &fs, &ls, n);
        let phone = place.and_then(|p| phone_for(rng, p, n, self.phone_offset));
        let linkedin_url = rng
            .random_bool(0.55)
            .then(|| format!("https://www.linkedin.com/in/{fs}-{ls}-{:x}", n + 0x1000));
        let github_url = (family.is_engineering() && rng.random_bool(0.15))
            .then(|| format!("https://github.com/{fs}{ls}{}", n + 1));
        let summary = summary(
            rng,
            &headline,
            years,
            &skills,
            remote_preference,
            willing_to_relocate,
        );
        let mut external_id = String::with_capacity(14);
        external_id.push_str("DEMO-C-");
        push_padded(&mut external_id, n + 1, 7);

        Candidate {
            first_name: first.to_string(),
            last_name: last.to_string(),
            email,
            phone,
            headline: Some(headline),
            summary: Some(summary),
            location: place.map(|p| p.location.clone()),
            remote_preference,
            willing_to_relocate,
            work_authorization,
            rate,
            available_from,
            years_experience: YearsExperience::new(years).ok(),
            skills,
            status,
            source: Some(source.to_string()),
            external_id: Some(external_id),
            linkedin_url,
            github_url,
            tags: Vec::new(),
            experience: Vec::new(),
            education: Vec::new(),
            certifications: Vec::new(),
        }
    }
}

/// The naming origin: by the place outside the US, by the weighted mix inside it.
fn origin_for(rng: &mut ChaCha8Rng, t: &Tables, place: Option<&Place>) -> usize {
    let country = place.filter(|p| !p.is_us).map(|p| p.country.as_str());
    match country {
        Some("IN") => INDIAN,
        Some("MX") => HISPANIC,
        Some("PH") => EAST_ASIAN,
        Some("PL" | "DE" | "NL" | "IE") => EUROPEAN,
        Some("GB" | "AU") if rng.random_bool(0.5) => US,
        _ => t.origins.pick_or(rng, US),
    }
}

/// Most of the family's core skills (with years within the candidate's experience, some with
/// a level), one to four adjacent ones, sometimes a skill from another family, and a few
/// everyday tools. Always 5 to 20 skills.
fn draw_skills(rng: &mut ChaCha8Rng, t: &Tables, family: &Family, years: f64) -> Vec<Skill> {
    let mut set = SkillSet::new();
    let mut skills = Vec::with_capacity(16);
    let mut push = |name: &'static str, y: Option<f64>, with_level: bool| {
        if !set.add(name) {
            return;
        }
        let level = y.filter(|_| with_level).map(level_for_skill_years);
        if let Ok(s) = Skill::new(name, y, level) {
            skills.push(s);
        }
    };
    let core_min = family.core.len().min(4);
    for (i, &name) in family.core.iter().enumerate() {
        // Keep the first `core_min` (the defining skills), most of the rest.
        if i >= core_min && !rng.random_bool(0.8) {
            continue;
        }
        let y = (years * rng.random_range(0.4..=1.0) * 2.0).round() / 2.0;
        let lv = rng.random_bool(0.5);
        push(name, Some(y.clamp(0.5, years)), lv);
    }
    let mut adj: Vec<&'static str> = Vec::with_capacity(4);
    let k = rng.random_range(1..=4);
    sample(rng, family.adjacent, k, &mut adj);
    for name in adj {
        let with_years = rng.random_bool(0.5);
        let y = (years * rng.random_range(0.1..=0.5) * 2.0).round() / 2.0;
        let lv = rng.random_bool(0.3);
        push(name, with_years.then_some(y.clamp(0.5, years)), lv);
    }
    if rng.random_bool(0.15) {
        let other = &FAMILIES[t.supply.pick_or(rng, 0)];
        let name = one_of(rng, other.core);
        if !name.is_empty() {
            push(name, None, false);
        }
    }
    let commons = rng.random_range(0..=3);
    for _ in 0..commons {
        let name = t.common_skills.pick_or(rng, COMMON_SKILLS[0].0);
        push(name, None, false);
    }
    skills
}

/// `first.last123@gmail.com` and variants; the trailing number is the candidate's counter,
/// and every local part ends in a letter before it, so addresses are unique.
fn candidate_email(rng: &mut ChaCha8Rng, first: &str, last: &str, n: u64) -> Option<Email> {
    let domain = pick(rng, MAIL_DOMAINS, "gmail.com");
    let mut s = String::with_capacity(first.len() + last.len() + 24);
    match rng.random_range(0..10) {
        0..=4 => {
            s.push_str(first);
            s.push('.');
            s.push_str(last);
        }
        5 | 6 => {
            s.push_str(first);
            s.push_str(last);
        }
        7 => {
            s.push_str(first);
            s.push('_');
            s.push_str(last);
        }
        _ => {
            s.push_str(first.get(..1).unwrap_or("x"));
            s.push('.');
            s.push_str(last);
        }
    }
    // Writing to a String cannot fail.
    let _ = write!(s, "{}@{domain}", n + 1);
    Email::parse(&s).ok()
}

/// A phone number for a place: NANP with one of the city's area codes, or the country's
/// mobile format. The digits after the area code or prefix are the scrambled counter, so
/// numbers are unique per generator (up to 8 million NANP, 10^rest elsewhere).
pub(crate) fn phone_for(rng: &mut ChaCha8Rng, place: &Place, n: u64, offset: u64) -> Option<Phone> {
    let mut s = String::with_capacity(16);
    match place.phone {
        PhonePlan::Nanp(codes) => {
            let area = codes
                .get(rng.random_range(0..codes.len().max(1)))
                .copied()?;
            let x = scramble(n, offset, 8_000_000);
            let _ = write!(s, "+1{area}{}", 200 + x / 10_000);
            push_padded(&mut s, x % 10_000, 4);
        }
        PhonePlan::Intl {
            calling,
            prefix,
            rest,
        } => {
            let _ = write!(s, "+{calling}{prefix}");
            let space = 10_u64.checked_pow(rest)?;
            push_padded(
                &mut s,
                scramble(n, offset, space),
                usize::try_from(rest).ok()?,
            );
        }
    }
    Phone::parse(&s, Some(&place.country)).ok()
}

/// One or two sentences: the headline, years and top skills; then sometimes preferences or
/// availability.
fn summary(
    rng: &mut ChaCha8Rng,
    headline: &str,
    years: f64,
    skills: &[Skill],
    remote: Option<RemoteMode>,
    relocate: bool,
) -> String {
    let mut s = String::with_capacity(200);
    let top: Vec<&str> = skills.iter().take(3).map(|k| k.name().as_str()).collect();
    // `years` is 1..=30, so the cast is exact.
    let whole = years.floor() as u32;
    let _ = write!(s, "{headline} with {whole}+ years of experience");
    match top.as_slice() {
        [a, b, c, ..] => {
            let _ = write!(s, " in {a}, {b} and {c}.");
        }
        [a, b] => {
            let _ = write!(s, " in {a} and {b}.");
        }
        [a] => {
            let _ = write!(s, " in {a}.");
        }
        [] => s.push('.'),
    }
    match rng.random_range(0..5) {
        0 | 1 => {
            let mode = remote.map_or("remote", |m| m.as_str());
            let _ = write!(s, " Prefers {mode} roles");
            s.push_str(if relocate {
                " and is open to relocation."
            } else {
                "."
            });
        }
        2 => s.push_str(" Has delivered for Fortune 500 clients in regulated industries."),
        3 => s.push_str(" Comfortable leading work end to end in Agile teams."),
        _ => {}
    }
    s
}
