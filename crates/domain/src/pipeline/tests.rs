//! Every pair of stages against a table written out by hand, and what each move must
//! carry.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::values::Currency;

/// The allowed moves, written out as a recruiter would list them.
const ALLOWED: &[(&str, &[&str])] = &[
    ("draft", &["submitted", "rejected", "withdrawn", "closed"]),
    (
        "submitted",
        &[
            "client_review",
            "interview",
            "rejected",
            "withdrawn",
            "closed",
        ],
    ),
    (
        "client_review",
        &["interview", "offer", "rejected", "withdrawn", "closed"],
    ),
    (
        "interview",
        &[
            "interview",
            "offer",
            "rejected",
            "withdrawn",
            "no_show",
            "closed",
        ],
    ),
    (
        "offer",
        &["placed", "rejected", "withdrawn", "no_show", "closed"],
    ),
    ("placed", &["no_show"]),
    ("rejected", &[]),
    ("withdrawn", &[]),
    ("no_show", &[]),
    ("closed", &[]),
];

fn stage(s: &str) -> Stage {
    Stage::parse(s).unwrap()
}

#[test]
fn every_pair_of_stages_is_allowed_or_refused_as_the_table_says() {
    assert_eq!(ALLOWED.len(), Stage::ALL.len());
    let mut allowed = 0;
    for from in Stage::ALL {
        let row = ALLOWED.iter().find(|(f, _)| *f == from.as_str()).unwrap().1;
        for to in Stage::ALL {
            let expect = row.contains(&to.as_str());
            assert_eq!(from.can_move(to), expect, "{from} -> {to}");
            allowed += usize::from(expect);
        }
        assert_eq!(
            from.next().iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            Stage::ALL
                .iter()
                .map(|s| s.as_str())
                .filter(|s| row.contains(s))
                .collect::<Vec<_>>()
        );
    }
    assert_eq!(allowed, 26);
}

fn when() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 10, 15, 0, 0).unwrap()
}

fn full_move(to: Stage, rounds: u32) -> Move {
    Move {
        reason: to.is_exit().then(|| "client chose another".to_owned()),
        interview: (to == Stage::Interview).then(|| Interview {
            round: rounds + 1,
            at: when(),
            kind: None,
        }),
        placement: (to == Stage::Placed).then(|| Placement {
            start_date: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            end_date: None,
            bill_rate: None,
            pay_rate: None,
            rate_unit: None,
        }),
    }
}

#[test]
fn check_move_accepts_exactly_the_allowed_moves_when_they_carry_what_they_need() {
    for from in Stage::ALL {
        for to in Stage::ALL {
            let r = check_move(from, to, &full_move(to, 1), 1);
            assert_eq!(r.is_ok(), from.can_move(to), "{from} -> {to}: {r:?}");
            if let Err(e) = r {
                assert_eq!(e.field, "to");
                assert!(e.message.contains(from.as_str()), "{}", e.message);
            }
        }
    }
}

#[test]
fn a_refused_move_says_where_the_submission_may_go() {
    let e = check_move(Stage::Draft, Stage::Offer, &Move::default(), 0).unwrap_err();
    assert_eq!(
        e.message,
        "cannot move from draft to offer; from draft it may go to submitted, rejected, \
         withdrawn, closed"
    );
    let e = check_move(Stage::Rejected, Stage::Submitted, &Move::default(), 0).unwrap_err();
    assert_eq!(
        e.message,
        "a submission that is rejected has ended and cannot move to submitted"
    );
}

#[test]
fn moves_missing_what_they_carry_name_the_field() {
    let field = |from, to, m: Move, rounds| check_move(from, to, &m, rounds).unwrap_err().field;
    assert_eq!(
        field(Stage::Submitted, Stage::Interview, Move::default(), 0),
        "interview"
    );
    assert_eq!(
        field(Stage::Offer, Stage::Placed, Move::default(), 1),
        "placement"
    );
    assert_eq!(
        field(Stage::Offer, Stage::Rejected, Move::default(), 1),
        "reason"
    );
    let blank = Move {
        reason: Some("  ".into()),
        ..Move::default()
    };
    assert_eq!(field(Stage::Draft, Stage::Withdrawn, blank, 0), "reason");
    // The round must be the next one.
    let mut m = full_move(Stage::Interview, 0);
    m.interview.as_mut().unwrap().round = 3;
    assert_eq!(
        field(Stage::Interview, Stage::Interview, m, 1),
        "interview.round"
    );
    // What belongs to another stage is refused, not ignored.
    let mut m = full_move(Stage::Submitted, 0);
    m.placement = full_move(Stage::Placed, 0).placement;
    assert_eq!(field(Stage::Draft, Stage::Submitted, m, 0), "placement");
    let mut m = full_move(Stage::Offer, 1);
    m.interview = full_move(Stage::Interview, 1).interview;
    assert_eq!(field(Stage::Interview, Stage::Offer, m, 1), "interview");
}

#[test]
fn placements_are_checked() {
    let usd = |cents| Some(Money::new(cents, Currency::parse("USD").unwrap()).unwrap());
    let eur = |cents| Some(Money::new(cents, Currency::parse("EUR").unwrap()).unwrap());
    let mut m = full_move(Stage::Placed, 1);
    let p = m.placement.as_mut().unwrap();
    p.end_date = NaiveDate::from_ymd_opt(2026, 12, 1);
    assert_eq!(
        check_move(Stage::Offer, Stage::Placed, &m, 1)
            .unwrap_err()
            .field,
        "placement.end_date"
    );
    let p = m.placement.as_mut().unwrap();
    p.end_date = NaiveDate::from_ymd_opt(2027, 6, 30);
    p.bill_rate = usd(9500);
    assert_eq!(
        check_move(Stage::Offer, Stage::Placed, &m, 1)
            .unwrap_err()
            .field,
        "placement.rate_unit"
    );
    let p = m.placement.as_mut().unwrap();
    p.rate_unit = Some(RateUnit::Hour);
    p.pay_rate = eur(7000);
    assert_eq!(
        check_move(Stage::Offer, Stage::Placed, &m, 1)
            .unwrap_err()
            .field,
        "placement.pay_rate"
    );
    m.placement.as_mut().unwrap().pay_rate = usd(7000);
    assert!(check_move(Stage::Offer, Stage::Placed, &m, 1).is_ok());
}

#[test]
fn stages_parse_from_common_spellings_and_name_the_choices_otherwise() {
    assert_eq!(stage("No-Show"), Stage::NoShow);
    assert_eq!(stage("client review"), Stage::ClientReview);
    assert_eq!(stage("Interviewing"), Stage::Interview);
    for s in Stage::ALL {
        assert_eq!(stage(s.as_str()), s);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, format!("\"{}\"", s.as_str()));
    }
    let e = Stage::parse("hired").unwrap_err().to_string();
    assert!(
        e.contains("'hired' is not a stage (draft, submitted"),
        "{e}"
    );
}
