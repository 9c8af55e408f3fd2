//! Invariants of the score (range, monotonicity, determinism, a reference for skill
//! coverage) and the explanation of a fixed pair.

use chrono::NaiveDate;
use hireloop_domain::entities::{Candidate, CandidateStatus, Requirement};
use hireloop_domain::values::{Currency, EmploymentType, GeoPoint, RemoteMode, WorkAuthorization};
use proptest::prelude::*;
use serde_json::json;
use uuid::Uuid;

use super::profile::{self, HourlyRate, Mentions};
use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
}

const SKILLS: [&str; 10] = [
    "Rust",
    "Python",
    "Kubernetes",
    "Terraform",
    "AWS",
    "AWS Lambda",
    "SQL",
    "Kafka",
    "Project Management",
    "Management",
];

fn usd(per_hour: f64, e: Option<EmploymentType>) -> HourlyRate {
    HourlyRate {
        minor: per_hour * 100.0,
        currency: Currency::parse("USD").unwrap(),
        employment: e,
    }
}

fn employment(i: u8) -> Option<EmploymentType> {
    [None, Some(EmploymentType::W2), Some(EmploymentType::C2c)][i as usize % 3]
}

prop_compose! {
    fn candidate()(
        skills in proptest::sample::subsequence(SKILLS.to_vec(), 0..6),
        named in proptest::sample::subsequence(SKILLS.to_vec(), 0..4),
        years in proptest::option::of(0.0f64..30.0),
        lat in 29.0f64..34.0, lon in -99.0f64..-94.0, located in any::<bool>(),
        remote in 0u8..4, relocate in any::<bool>(),
        rate in proptest::option::of((20.0f64..200.0, 0u8..3)),
        free in proptest::option::of(0u64..200),
    ) -> CandidateProfile {
        CandidateProfile {
            id: Uuid::nil(),
            skills: skills.iter().map(|s| SkillKey::new(s)).collect(),
            years,
            point: located.then(|| GeoPoint::new(lat, lon).unwrap()),
            timezone: None,
            place: None,
            remote: [None, Some(RemoteMode::Onsite), Some(RemoteMode::Hybrid), Some(RemoteMode::Remote)][remote as usize],
            relocate,
            rate: rate.map(|(r, e)| usd(r, employment(e))),
            available: free.map(|d| today() + chrono::Days::new(d)),
            auth: WorkAuthorization::UsCitizen,
            status: CandidateStatus::Active,
            // Some skills only named in the text, as a resume's history names them.
            mentions: Mentions::of(&format!("{}. Worked with {}", skills.join(", "), named.join(" and "))),
            text: format!("{}. Worked with {}", skills.join(", "), named.join(" and ")),
            document_from: None,
            titles: String::new(),
        }
    }
}

prop_compose! {
    fn requirement()(
        required in proptest::sample::subsequence(SKILLS.to_vec(), 0..5),
        preferred in proptest::sample::subsequence(SKILLS.to_vec(), 0..3),
        band in proptest::option::of((0.0f64..10.0, proptest::option::of(0.0f64..10.0))),
        remote in 0u8..4,
        budget in proptest::option::of((20.0f64..200.0, 0u8..3)),
        start in proptest::option::of(0u64..120),
    ) -> RequirementProfile {
        RequirementProfile {
            id: Uuid::nil(),
            company: None,
            required: required.iter().map(|s| SkillKey::new(s)).collect(),
            preferred: preferred.iter().filter(|p| !required.contains(p)).map(|s| SkillKey::new(s)).collect(),
            min_years: band.map(|b| b.0),
            max_years: band.and_then(|b| b.1.map(|extra| b.0 + extra)),
            point: Some(GeoPoint::new(32.78, -96.8).unwrap()),
            timezone: None,
            place: Some("Dallas, TX".into()),
            remote: [None, Some(RemoteMode::Onsite), Some(RemoteMode::Hybrid), Some(RemoteMode::Remote)][remote as usize],
            budget: budget.map(|(r, e)| usd(r, employment(e))),
            start: start.map(|d| today() + chrono::Days::new(d)),
            auth: vec![],
            text: required.join(", "),
            like: false,
        }
    }
}

prop_compose! {
    fn context()(
        sem in proptest::option::of(-0.2f64..1.0),
        lex in proptest::option::of(0.0f64..1.0),
        client in (0u32..3, 0u32..3, 0u32..2, 0u32..2, 0u32..2),
        elsewhere in (0u32..6, 0u32..6, 0u32..3, 0u32..3, 0u32..3),
    ) -> Context {
        let client = Outcomes {
            placed: client.0, rejected: client.1, no_show: client.2, withdrawn: client.3,
            screened_out: client.4,
        };
        // Overall includes the client's.
        let overall = Outcomes {
            placed: client.placed + elsewhere.0,
            rejected: client.rejected + elsewhere.1,
            no_show: client.no_show + elsewhere.2,
            withdrawn: client.withdrawn + elsewhere.3,
            screened_out: client.screened_out + elsewhere.4,
        };
        Context {
            similarity: Similarity {
                semantic: sem,
                lexical: lex,
                role: None,
            },
            history: History { client, overall },
            today: today(),
        }
    }
}

prop_compose! {
    fn weights()(raw in proptest::collection::vec(0.0f64..1.0, 6)) -> Weights {
        let sum: f64 = raw.iter().sum::<f64>().max(1e-9);
        let w: Vec<f64> = raw.iter().map(|x| x / sum).collect();
        Weights { skills: w[0], location: w[1], rate: w[2], seniority: w[3], history: w[4], availability: w[5] }
    }
}

/// Skill coverage written the slow, obvious way.
fn reference_coverage(c: &CandidateProfile, r: &RequirementProfile) -> Option<f64> {
    let credit = |want: &SkillKey| -> f64 {
        for h in &c.skills {
            if h.key == want.key {
                return 1.0;
            }
            let all = !want.words.is_empty()
                && want.words.iter().filter(|w| h.words.contains(w)).count() == want.words.len();
            if all {
                return 1.0;
            }
        }
        // Named in the text: each of the skill's words there, next to the one that
        // follows it in the skill.
        let words = profile::key_words(&c.text);
        let named = match want.words.as_slice() {
            [] => false,
            [one] => words.contains(one),
            many => many
                .windows(2)
                .all(|p| words.windows(2).any(|w| w[0] == p[0] && w[1] == p[1])),
        };
        if named {
            return factors::MENTION_CREDIT;
        }
        for h in &c.skills {
            let mut shared = 0;
            for w in &want.words {
                if h.words.iter().any(|x| x == w) {
                    shared += 1;
                }
            }
            if shared > 0 && shared * 2 >= want.words.len() {
                return factors::RELATED_CREDIT;
            }
        }
        0.0
    };
    let mut got = 0.0;
    let mut total = 0.0;
    for s in &r.required {
        got += credit(s);
        total += 1.0;
    }
    for s in &r.preferred {
        got += factors::PREFERRED_WEIGHT * credit(s);
        total += factors::PREFERRED_WEIGHT;
    }
    (total > 0.0).then(|| got / total)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn scores_and_factors_stay_in_range_and_repeat(
        c in candidate(), r in requirement(), ctx in context(), w in weights(),
    ) {
        prop_assert!(w.validate().is_ok());
        let a = score(&c, &r, &ctx, &w);
        prop_assert!((0.0..=1.0).contains(&a.score), "{}", a.score);
        for f in &a.factors {
            prop_assert!((0.0..=1.0).contains(&f.value), "{f:?}");
            prop_assert!(!f.reasons.is_empty(), "{f:?}");
        }
        let sum: f64 = a.factors.iter().map(|f| f.contribution).sum();
        prop_assert!((sum - a.score).abs() < 1e-9);
        prop_assert_eq!(&a, &score(&c, &r, &ctx, &w));
        // The unexplained fast path: the same score, values and blockers to the bit,
        // with no reasons made.
        let quick = score_with(&c, &r, &ctx, &w, false);
        prop_assert_eq!(quick.score.to_bits(), a.score.to_bits());
        prop_assert_eq!(&quick.blockers, &a.blockers);
        for (q, f) in quick.factors.iter().zip(&a.factors) {
            prop_assert_eq!((q.name, q.value.to_bits(), q.known), (f.name, f.value.to_bits(), f.known));
            prop_assert_eq!(q.contribution.to_bits(), f.contribution.to_bits());
            prop_assert!(q.reasons.is_empty());
        }
    }

    #[test]
    fn skill_coverage_agrees_with_the_reference(
        c in candidate(), r in requirement(),
    ) {
        // Coverage alone: no text similarity to blend in.
        let f = factors::skills(&c, &r, Similarity::default(), true);
        match reference_coverage(&c, &r) {
            Some(want) => prop_assert!((f.value - want).abs() < 1e-12, "{} vs {want}", f.value),
            None => prop_assert!(!f.known),
        }
    }

    #[test]
    fn improving_one_factor_never_lowers_the_score(
        c in candidate(), r in requirement(), ctx in context(), w in weights(),
        pick in 0usize..SKILLS.len(), which in 0u8..6,
    ) {
        let before = score(&c, &r, &ctx, &w).score;
        let mut better = c.clone();
        let mut ctx2 = ctx;
        match which {
            // One more skill.
            0 => {
                let s = SkillKey::new(SKILLS[pick]);
                if !better.skills.iter().any(|k| k.key == s.key) {
                    better.skills.push(s);
                }
            }
            // Halfway closer to the role.
            1 => if let (Some(p), Some(q)) = (better.point, r.point) {
                better.point = Some(GeoPoint::new((p.lat() + q.lat()) / 2.0, (p.lon() + q.lon()) / 2.0).unwrap());
            },
            // A tenth cheaper.
            2 => if let Some(rate) = &mut better.rate {
                rate.minor *= 0.9;
            },
            // Years halfway to the band.
            3 => if let Some(y) = better.years {
                let lo = r.min_years.unwrap_or(0.0);
                let hi = r.max_years.unwrap_or(lo + 10.0);
                let target = y.clamp(lo, hi);
                better.years = Some((y + target) / 2.0);
            },
            // Free a week sooner.
            4 => if let Some(d) = better.available {
                better.available = Some(d - chrono::Days::new(7));
            },
            // One more placement, with this client or elsewhere; or one fewer no-show.
            _ => match pick % 3 {
                0 => {
                    ctx2.history.client.placed += 1;
                    ctx2.history.overall.placed += 1;
                }
                1 => ctx2.history.overall.placed += 1,
                _ => if ctx2.history.client.no_show > 0 {
                    ctx2.history.client.no_show -= 1;
                    ctx2.history.overall.no_show -= 1;
                },
            },
        }
        let after = score(&better, &r, &ctx2, &w).score;
        prop_assert!(after >= before - 1e-12, "{which}: {before} -> {after}");
    }
}

#[test]
fn weights_are_checked_by_name() {
    assert!(Weights::default().validate().is_ok());
    let e = Weights {
        rate: -0.1,
        ..Weights::default()
    }
    .validate()
    .unwrap_err();
    assert_eq!(e.field, "rate");
    let e = Weights {
        skills: 0.9,
        ..Weights::default()
    }
    .validate()
    .unwrap_err();
    assert_eq!(e.field, "sum");
    assert!(e.to_string().contains("sum to 1"), "{e}");
    assert_ne!(
        Weights::default().version(),
        Weights {
            skills: 0.5,
            history: 0.0,
            ..Weights::default()
        }
        .version()
    );
    assert!(Weights::default().version().starts_with("match-v3/w-"));
}

/// A fixed pair from records as the API stores them, explained in full.
#[test]
fn a_pair_explains_itself() {
    let cand: Candidate = serde_json::from_value(json!({
        "first_name": "Ada", "last_name": "Lovelace", "headline": "Platform Engineer",
        "location": {"city": "Plano", "region": "TX", "country": "US",
                     "lat": 33.0198, "lon": -96.6989},
        "rate": {"amount_minor": 8500, "currency": "USD", "unit": "hour", "employment_type": "c2c"},
        "available_from": "2027-03-10", "years_experience": 7.5,
        "skills": [{"name": "Kubernetes"}, {"name": "AWS Lambda"}, {"name": "Python"}, {"name": "Go"},
                   {"name": "Code Review"}],
        "work_authorization": "us_citizen"
    }))
    .unwrap();
    let req: Requirement = serde_json::from_value(json!({
        "title": "Senior Platform Engineer",
        "location": {"city": "Dallas", "region": "TX", "country": "US",
                     "lat": 32.7767, "lon": -96.797},
        "remote_mode": "hybrid",
        "required_skills": [{"name": "Kubernetes"}, {"name": "AWS"}, {"name": "Infrastructure as Code"},
                            {"name": "Terraform"}, {"name": "Python"}],
        "preferred_skills": [{"name": "Go"}],
        "min_years": 5, "max_years": 10,
        "rate_budget": {"amount_minor": 7000, "currency": "USD", "unit": "hour", "employment_type": "w2"},
        "start_date": "2027-03-15",
        "work_authorizations": ["us_citizen", "green_card"]
    }))
    .unwrap();
    let c = CandidateProfile::new(Uuid::from_u128(1), &cand, today());
    let r = RequirementProfile::new(Uuid::from_u128(2), &req);
    let ctx = Context {
        similarity: Similarity {
            semantic: Some(0.71),
            lexical: Some(0.34),
            role: None,
        },
        history: History::default(),
        today: today(),
    };
    let e = score(&c, &r, &ctx, &Weights::default());
    let got: Vec<(String, String, Vec<String>)> = e
        .factors
        .iter()
        .map(|f| {
            (
                f.name.as_str().to_string(),
                format!("{:.3}", f.value),
                f.reasons.clone(),
            )
        })
        .collect();
    let want = [
        (
            "skills",
            // Coverage (3 + 0.5 related + 0.5 × 1 preferred) / 5.5, meaning
            // (0.71 − 0.2) / 0.7 and wording 0.34, blended 0.15 / 0.10 / 0.75.
            "0.437",
            vec![
                "3 of 5 required skills; missing Infrastructure as Code and Terraform",
                "1 of 1 preferred skills",
                "related: Code Review for Infrastructure as Code",
                "profiles alike in meaning: 0.71",
                "profiles alike in wording: 0.34",
            ],
        ),
        ("location", "1.000", vec!["Plano, TX, US — 29 km"]),
        (
            "rate",
            "0.960",
            vec!["1% over budget (c2c rate in w2 terms)"],
        ),
        ("seniority", "1.000", vec!["7.5 years, within 5–10 years"]),
        ("history", "0.500", vec!["no recorded outcomes yet"]),
        (
            "availability",
            "1.000",
            vec!["available 5 days before start"],
        ),
    ];
    assert_eq!(got.len(), want.len());
    for ((name, value, reasons), (wn, wv, wr)) in got.iter().zip(want) {
        assert_eq!((name.as_str(), value.as_str()), (wn, wv), "{reasons:?}");
        assert_eq!(reasons, &wr, "{name}");
    }
    assert!(e.blockers.is_empty());
    assert_eq!(format!("{:.4}", e.score), "0.7188");
    // A preferred skill the person lacks is named too.
    let mut more = r.clone();
    more.preferred.push(SkillKey::new("Haskell"));
    let e2 = score(&c, &more, &ctx, &Weights::default());
    assert_eq!(
        e2.factors[0].reasons[1],
        "1 of 2 preferred skills; missing Haskell"
    );
    // A work authorisation the requirement does not accept rules the pair out.
    let mut h1b = c.clone();
    h1b.auth = WorkAuthorization::H1b;
    assert_eq!(score(&h1b, &r, &ctx, &Weights::default()).blockers.len(), 1);
}

#[test]
fn missing_skills_are_named_up_to_six() {
    let keys = |names: &[&str]| names.iter().map(|s| SkillKey::new(s)).collect::<Vec<_>>();
    let mut r = RequirementProfile::like(&CandidateProfile::new(
        Uuid::nil(),
        &serde_json::from_value::<Candidate>(json!({"first_name": "A", "last_name": "B"})).unwrap(),
        today(),
    ));
    let c = CandidateProfile {
        skills: keys(&["Rust"]),
        ..CandidateProfile::new(
            Uuid::nil(),
            &serde_json::from_value::<Candidate>(json!({"first_name": "A", "last_name": "B"}))
                .unwrap(),
            today(),
        )
    };
    r.like = false;
    let reason = |r: &RequirementProfile| {
        factors::skills(&c, r, Similarity::default(), true).reasons[0].clone()
    };
    r.required = keys(&["Rust", "Go", "SQL"]);
    assert_eq!(reason(&r), "1 of 3 required skills; missing Go and SQL");
    r.required = keys(&[
        "Rust",
        "Go",
        "SQL",
        "Kafka",
        "AWS",
        "Terraform",
        "Java",
        "C#",
        "Scala",
    ]);
    assert_eq!(
        reason(&r),
        "1 of 9 required skills; missing Go, SQL, Kafka, AWS, Terraform, Java and 2 more"
    );
}

#[test]
fn people_alike_hold_each_others_skills() {
    let keys = |names: &[&str]| names.iter().map(|s| SkillKey::new(s)).collect::<Vec<_>>();
    let person = |skills: &[&str]| CandidateProfile {
        skills: keys(skills),
        ..CandidateProfile::new(
            Uuid::nil(),
            &serde_json::from_value::<Candidate>(json!({"first_name": "A", "last_name": "B"}))
                .unwrap(),
            today(),
        )
    };
    let query = RequirementProfile::like(&person(&["Rust", "SQL", "Kafka"]));
    assert!(query.like);
    let skills = |c: &CandidateProfile| factors::skills(c, &query, Similarity::default(), true);
    // Both hold all three of the query's skills; the one whose other eight skills the
    // query does not hold is less alike.
    let close = skills(&person(&["Rust", "SQL", "Kafka", "Go"]));
    let broad = skills(&person(&[
        "Rust",
        "SQL",
        "Kafka",
        "Nursing",
        "Welding",
        "Payroll",
        "Baking",
        "Forklift",
        "Dentistry",
        "Carpentry",
    ]));
    assert!(
        (close.value - (1.0 + 3.0 / 4.0) / 2.0).abs() < 1e-12,
        "{close:?}"
    );
    assert!(
        (broad.value - (1.0 + 3.0 / 10.0) / 2.0).abs() < 1e-12,
        "{broad:?}"
    );
    assert_eq!(
        broad.reasons[..2],
        [
            "3 of their 3 skills".to_string(),
            "3 of this profile's 10 skills among theirs".to_string()
        ]
    );
    // A requirement's list stays a list of demands: holding more is never less.
    let mut demands = query.clone();
    demands.like = false;
    let broad = factors::skills(
        &person(&["Rust", "SQL", "Kafka", "Nursing"]),
        &demands,
        Similarity::default(),
        true,
    );
    assert_eq!(broad.value, 1.0);
    assert_eq!(broad.reasons[0], "3 of 3 required skills");
}

#[test]
fn comparing_people_weighs_only_what_is_compared() {
    let me: Candidate = serde_json::from_value(json!({
        "first_name": "A", "last_name": "B",
        "skills": [{"name": "Rust"}, {"name": "SQL"}]
    }))
    .unwrap();
    let p = CandidateProfile::new(Uuid::nil(), &me, today());
    let query = RequirementProfile::like(&p);
    let ctx = Context {
        similarity: Similarity::default(),
        history: History::default(),
        today: today(),
    };
    let e = score(&p, &query, &ctx, &Weights::default());
    let weight = |n: FactorName| e.factors.iter().find(|f| f.name == n).unwrap().weight;
    for n in [
        FactorName::Location,
        FactorName::Rate,
        FactorName::Seniority,
        FactorName::Availability,
    ] {
        assert_eq!(weight(n), 0.0, "{n:?}");
    }
    // 0.40 and 0.10 scaled to 0.8 and 0.2: the same person, with no record yet, 0.9.
    assert!((weight(FactorName::Skills) - 0.8).abs() < 1e-12);
    assert!((weight(FactorName::History) - 0.2).abs() < 1e-12);
    assert!((e.score - 0.9).abs() < 1e-12, "{e:?}");
    let sum: f64 = e.factors.iter().map(|f| f.contribution).sum();
    assert!((sum - e.score).abs() < 1e-12);
}

#[test]
fn people_alike_are_compared_on_titles_and_their_own_words() {
    let nurse: Candidate = serde_json::from_value(json!({
        "first_name": "A", "last_name": "B", "headline": "Registered Nurse",
        "skills": [{"name": "Triage"}],
        "available_from": "2027-06-01",
        "experience": [
            {"employer": "St. Mary's", "title": "Charge Nurse", "start": "2019-01", "current": true},
            {"employer": "City Clinic", "start": "2015-01", "end": "2018-12"}
        ]
    }))
    .unwrap();
    let p = CandidateProfile::new(Uuid::nil(), &nurse, today());
    // What a person is called: the headline and the job titles, one a line.
    assert_eq!(p.titles, "Registered Nurse\nCharge Nurse");
    // Without a document, the words compared are the profile's; with one, the
    // document's alone.
    assert_eq!(p.document(), p.text);
    let doc = "Nurse with ten years on busy wards.";
    let p = p.with_document(&format!("  {doc}\n"));
    assert_eq!(p.document(), doc);
    assert!(p.text.ends_with(doc) && p.text.len() > doc.len());

    let query = RequirementProfile::like(&p);
    let sim = |role| Similarity {
        semantic: Some(0.6),
        lexical: Some(0.3),
        role,
    };
    let skills = |r: &RequirementProfile, role| factors::skills(&p, r, sim(role), true);
    // Same words and meaning: the one with the same title is more alike, by the
    // title's share.
    let same = skills(&query, Some(1.0));
    let other = skills(&query, Some(0.0));
    let unknown = skills(&query, None);
    assert!(
        (same.value - other.value - factors::LIKE_ROLE_SHARE).abs() < 1e-12,
        "{same:?} {other:?}"
    );
    assert!(same.reasons.contains(&"titles alike: 1.00".to_string()));
    assert!(
        (unknown.value - (other.value / (1.0 - factors::LIKE_ROLE_SHARE))).abs() < 1e-12,
        "with no title to compare, the rest decides alone: {unknown:?} {other:?}"
    );
    // A requirement is not compared on titles this way.
    let mut demands = query.clone();
    demands.like = false;
    assert_eq!(
        skills(&demands, Some(1.0)).value,
        skills(&demands, None).value
    );
    // Comparing people asks no start date: availability is neutral, not a reason to
    // rank one person above another.
    let a = factors::availability(&p, &query, today(), true);
    assert!(!a.known && a.value == factors::NEUTRAL, "{a:?}");
    assert!(factors::availability(&p, &demands, today(), true).known);
}

#[test]
fn far_over_an_explicit_top_costs_more_than_far_over_an_open_minimum() {
    let person = |years: f64| CandidateProfile {
        years: Some(years),
        ..CandidateProfile::new(
            Uuid::nil(),
            &serde_json::from_value::<Candidate>(json!({"first_name": "A", "last_name": "B"}))
                .unwrap(),
            today(),
        )
    };
    let band = |min: Option<f64>, max: Option<f64>| RequirementProfile {
        min_years: min,
        max_years: max,
        like: false,
        ..RequirementProfile::like(&person(0.0))
    };
    let value =
        |years: f64, r: &RequirementProfile| factors::seniority(&person(years), r, true).value;
    let open = band(Some(3.0), None);
    let closed = band(Some(3.0), Some(5.0));
    // Within: full marks; ten years over an open minimum is still within.
    assert_eq!(value(4.0, &open), 1.0);
    assert_eq!(value(13.0, &open), 1.0);
    assert_eq!(value(5.0, &closed), 1.0);
    // 24 years: 11 past the open band's reach, 19 past the explicit top.
    assert!((value(24.0, &open) - (1.0 - 11.0 / 40.0)).abs() < 1e-9);
    assert_eq!(value(24.0, &closed), 0.3, "the floor");
    let f = factors::seniority(&person(24.0), &open, true);
    assert_eq!(
        f.reasons,
        ["24.0 years against at least 3 years: over by 21"]
    );
    // Under the minimum counts the same either way.
    assert_eq!(value(1.5, &open), 0.5);
    assert_eq!(value(1.5, &closed), 0.5);
}
