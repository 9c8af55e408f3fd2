//! Tests of the demo generator: determinism, validity of every record, distribution sanity
//! and streaming.

use std::collections::HashSet;
use std::time::Instant;

use chrono::NaiveDate;
use hireloop_domain::entities::{Candidate, EntityRules};
use hireloop_domain::ids::CompanyId;
use hireloop_domain::values::{EmploymentType, RateUnit, RemoteMode, WorkAuthorization};

use super::DemoGenerator;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

/// Ids with a fixed (non-clock) UUIDv7 layout, so tests are reproducible.
fn ids(n: usize) -> Vec<CompanyId> {
    (0..n)
        .map(|i| {
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&(0x0190_0000_0000_u64 + i as u64).to_be_bytes());
            b[6] = 0x70 | (b[6] & 0x0f);
            b[8] = 0x80 | (i as u8 & 0x3f);
            CompanyId::from_uuid(uuid::Uuid::from_bytes(b)).unwrap()
        })
        .collect()
}

fn snapshot(seed: u64) -> String {
    let mut g = DemoGenerator::new(seed, today());
    let companies = g.companies(10);
    let ids = ids(companies.len());
    let contacts = g.contacts(&ids, 20);
    let candidates: Vec<Candidate> = g.candidates(200).collect();
    let reqs = g.requirements(&ids, 50);
    serde_json::to_string(&(companies, contacts, candidates, reqs)).unwrap()
}

#[test]
fn same_seed_same_output_and_different_seed_differs() {
    let a = snapshot(42);
    assert_eq!(a, snapshot(42));
    assert_ne!(a, snapshot(43));
    let mut g = DemoGenerator::new(42, today());
    let first = serde_json::to_string(&g.candidate()).unwrap();
    let mut h = DemoGenerator::new(42, today().succ_opt().unwrap());
    let other_day = serde_json::to_string(&h.candidate()).unwrap();
    assert_ne!(first, other_day, "dates move with today");
}

/// `validate` must accept every record and leave it exactly as generated.
fn assert_valid<E: EntityRules + PartialEq + std::fmt::Debug + Clone>(records: &[E]) {
    for r in records {
        let mut v = r.clone();
        if let Err(e) = v.validate() {
            panic!("{} invalid: {e:?}\n{r:#?}", E::KIND);
        }
        assert_eq!(&v, r, "{} changed by validate", E::KIND);
    }
}

#[test]
fn every_record_is_valid_and_complete() {
    let mut g = DemoGenerator::new(7, today());
    let companies = g.companies(50);
    assert_valid(&companies);
    let names: HashSet<_> = companies.iter().map(|c| c.name.clone()).collect();
    assert_eq!(names.len(), 50, "company names are unique");
    let clients = companies
        .iter()
        .filter(|c| c.kind == hireloop_domain::entities::CompanyKind::Client)
        .count();
    assert!((30..=48).contains(&clients), "{clients} clients of 50");
    for c in &companies {
        let w = c.website.as_deref().unwrap();
        assert!(
            w.starts_with("https://") && w.ends_with(".example.com"),
            "{w}"
        );
    }

    let ids = ids(50);
    let contacts = g.contacts(&ids, 100);
    assert_valid(&contacts);
    for (i, c) in contacts.iter().enumerate() {
        let email = c.email.as_ref().expect("contacts have e-mail");
        let at = ids.iter().position(|id| Some(*id) == c.company_id).unwrap();
        let site = companies[at].website.as_deref().unwrap();
        assert!(site.ends_with(email.domain()), "{i}: {email} at {site}");
        assert!(c.phone.as_ref().is_some_and(|p| p.is_e164()));
        assert!(c.title.is_some());
    }
    let emails: HashSet<_> = contacts.iter().map(|c| c.email.clone()).collect();
    assert_eq!(emails.len(), contacts.len());

    let candidates: Vec<_> = g.candidates(2_000).collect();
    assert_valid(&candidates);
    for c in &candidates {
        assert!(
            c.email.is_some() && c.phone.is_some() && c.rate.is_some(),
            "{c:#?}"
        );
        assert!(c.phone.as_ref().is_some_and(|p| p.is_e164()));
        assert!(
            (5..=20).contains(&c.skills.len()),
            "{} skills",
            c.skills.len()
        );
        let years = c.years_experience.unwrap().years();
        assert!((1.0..=30.0).contains(&years));
        for s in &c.skills {
            assert!(
                s.years().is_none_or(|y| y.years() <= years),
                "{s:?} > {years}"
            );
        }
        let rate = c.rate.unwrap();
        let cc = c.location.as_ref().unwrap().country().unwrap();
        if cc.as_str() == "US" {
            assert_eq!(rate.currency().code(), "USD");
            match rate.unit() {
                RateUnit::Hour => {
                    let d = rate.amount().amount_minor() / 100;
                    assert!((35..=150).contains(&d), "{rate}");
                    assert_ne!(rate.employment_type(), Some(EmploymentType::Fte));
                }
                RateUnit::Year => {
                    let d = rate.amount().amount_minor() / 100;
                    assert!((70_000..=220_000).contains(&d), "{rate}");
                    assert_eq!(rate.employment_type(), Some(EmploymentType::Fte));
                }
                u => panic!("unexpected unit {u}"),
            }
            assert!(c.phone.as_ref().unwrap().as_str().starts_with("+1"));
        } else {
            assert_ne!(rate.currency().code(), "USD", "{cc}");
            assert_eq!(c.phone.as_ref().unwrap().country(), Some(cc));
        }
        let from = c.available_from.unwrap().date();
        assert!(from >= today() && (from - today()).num_days() <= 90);
        assert!(c.external_id.as_deref().unwrap().starts_with("DEMO-C-"));
    }

    let reqs = g.requirements(&ids, 300);
    assert_valid(&reqs);
    for r in &reqs {
        assert!((3..=7).contains(&r.required_skills.len()));
        assert!((1..=4).contains(&r.preferred_skills.len()));
        assert!((1..=3).contains(&r.openings));
        let mode = r.remote_mode.unwrap();
        assert!(mode == RemoteMode::Remote || r.location.is_some());
        let fte = r.employment_type == Some(EmploymentType::Fte);
        assert_eq!(fte, r.duration_months.is_none());
        if let Some(d) = r.duration_months {
            assert!((3..=24).contains(&d));
        }
        let start = r.start_date.unwrap();
        assert!(start >= today() && (start - today()).num_days() <= 60);
        let d = r.description.as_deref().unwrap();
        let sentences = d.matches(". ").count() - d.matches("St. ").count() + 1;
        assert!(
            (3..=6).contains(&sentences),
            "{sentences}: {:?}",
            r.description
        );
        assert!(r.company_id.is_some());
    }
    let restricted = reqs
        .iter()
        .filter(|r| !r.work_authorizations.is_empty())
        .count();
    assert!(
        (30..=120).contains(&restricted),
        "{restricted} restricted of 300"
    );
}

#[test]
fn distributions_look_like_a_staffing_desk() {
    let mut g = DemoGenerator::new(2026, today());
    let n = 20_000;
    let mut us = 0;
    let mut h1b = 0;
    let mut citizens = 0;
    let mut hourly_us = 0;
    let mut immediate = 0;
    let mut years = Vec::with_capacity(n);
    let mut emails = HashSet::with_capacity(n);
    let mut phones = HashSet::with_capacity(n);
    let mut titles = HashSet::new();
    let mut last_names = HashSet::new();
    for c in g.candidates(n) {
        let is_us = c
            .location
            .as_ref()
            .and_then(|l| l.country())
            .map(|c| c.as_str())
            == Some("US");
        if is_us {
            us += 1;
            match c.work_authorization {
                WorkAuthorization::H1b => h1b += 1,
                WorkAuthorization::UsCitizen => citizens += 1,
                _ => {}
            }
            if c.rate.is_some_and(|r| r.unit() == RateUnit::Hour) {
                hourly_us += 1;
            }
        }
        if c.available_from.map(|d| d.date()) == Some(today()) {
            immediate += 1;
        }
        years.push(c.years_experience.unwrap().tenths());
        assert!(emails.insert(c.email.unwrap()), "duplicate e-mail");
        assert!(phones.insert(c.phone.unwrap()), "duplicate phone");
        titles.insert(c.headline.unwrap());
        last_names.insert(c.last_name);
    }
    let share = |k: usize, of: usize| k as f64 / of as f64;
    assert!((0.80..=0.90).contains(&share(us, n)), "US share {us}");
    assert!(
        (0.20..=0.30).contains(&share(h1b, us)),
        "H-1B share {h1b}/{us}"
    );
    assert!(
        (0.30..=0.40).contains(&share(citizens, us)),
        "citizen share {citizens}/{us}"
    );
    assert!(
        (0.70..=0.80).contains(&share(hourly_us, us)),
        "hourly {hourly_us}/{us}"
    );
    assert!(
        (0.27..=0.33).contains(&share(immediate, n)),
        "immediate {immediate}"
    );
    years.sort_unstable();
    let median = f64::from(years[n / 2]) / 10.0;
    assert!((5.0..=11.0).contains(&median), "median years {median}");
    assert!(titles.len() >= 120, "{} distinct titles", titles.len());
    assert!(
        last_names.len() >= 250,
        "{} distinct last names",
        last_names.len()
    );
}

#[test]
fn candidates_stream_in_constant_memory() {
    let mut g = DemoGenerator::new(99, today());
    let start = Instant::now();
    let mut count = 0usize;
    let mut skills = 0usize;
    for (i, mut c) in g.candidates(100_000).enumerate() {
        count += 1;
        skills += c.skills.len();
        if i % 997 == 0 {
            c.validate().unwrap();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(count, 100_000);
    println!(
        "demo: 100000 candidates ({skills} skills) in {secs:.3}s = {:.0}/s (informal; build profile matters)",
        count as f64 / secs
    );
    // The counter carries on across calls.
    let next = g.candidate();
    assert_eq!(next.external_id.as_deref(), Some("DEMO-C-0100001"));
}
