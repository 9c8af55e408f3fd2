//! Tests for reading education entries in their common layouts.

use super::*;
use crate::resume::sections::split;
use crate::resume::text::lines;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()
}

fn read(text: &str) -> Vec<(Option<String>, Option<String>, Option<u16>)> {
    let ls = lines(text);
    let layout = split(&ls);
    extract(&ls, &layout, today())
        .into_iter()
        .map(|e| {
            (
                e.degree.map(|f| f.value),
                e.institution.map(|f| f.value),
                e.year.map(|f| f.value),
            )
        })
        .collect()
}

#[test]
fn indian_layout() {
    let found = read(
        "EDUCATION\n\nB.E in Information Science\n\nB.v.b college of engineering -  Hubli, Karnataka\n\n\
         August 2013 to June 2017\n\n12th in Mathematics\n\nWoodbine modern school\n\n2013\n",
    );
    assert_eq!(
        found,
        [
            (
                Some("B.E in Information Science".into()),
                Some("B.v.b college of engineering".into()),
                Some(2017)
            ),
            (
                Some("12th in Mathematics".into()),
                Some("Woodbine modern school".into()),
                Some(2013)
            ),
        ]
    );
}

#[test]
fn one_line_and_school_first() {
    let found = read(
        "Education\nMaster of Science in Computer Science, Stanford University, 2016\n\
         University of Texas at Austin\nBachelor of Science in Mathematics\nMay 2012\n",
    );
    assert_eq!(
        found,
        [
            (
                Some("Master of Science in Computer Science".into()),
                Some("Stanford University".into()),
                Some(2016)
            ),
            (
                Some("Bachelor of Science in Mathematics".into()),
                Some("University of Texas at Austin".into()),
                Some(2012)
            ),
        ]
    );
}

#[test]
fn labels_and_no_heading() {
    let found = read(
        "ACADEMIC QUALIFICATIONS\nDegree: MBA\nUniversity: Pune University\nYear of passing: 2019",
    );
    assert_eq!(
        found,
        [(
            Some("MBA".into()),
            Some("Pune University".into()),
            Some(2019)
        )]
    );
    let found = read("Jane Doe\nB.Tech in CSE, 2014\nWorked on things");
    assert_eq!(found, [(Some("B.Tech in CSE".into()), None, Some(2014))]);
}
