//! Tests for reading the work history and totalling its years.

use super::*;
use crate::resume::sections::split;
use crate::resume::text::lines;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()
}

fn work(text: &str) -> Work {
    let ls = lines(text);
    let layout = split(&ls);
    extract(&ls, &layout, today())
}

type Job = (String, Option<String>, Option<String>, Option<String>, bool);

fn jobs(w: &Work) -> Vec<Job> {
    w.employers
        .iter()
        .map(|e| {
            (
                e.company.value.clone(),
                e.title.as_ref().map(|t| t.value.clone()),
                e.start.map(|d| d.to_string()),
                e.end.map(|d| d.to_string()),
                e.current,
            )
        })
        .collect()
}

#[test]
fn indian_job_board_layout() {
    let text = "Asha Rao\n\nWORK EXPERIENCE\n\nApplication Development Associate\n\nAccenture -\n\n\
                November 2017 to Present\n\nRole: Currently working on a chat bot for queries.\n\n\
                Team member\n\nOracle -  Bangalore, Karnataka -\n\nAugust 2012 to October 2017\n\n\
                • Developed and deployed Oracle forms.\n\nEDUCATION\n\nB.E in CSE\n";
    let w = work(text);
    assert_eq!(
        jobs(&w),
        [
            (
                "Accenture".into(),
                Some("Application Development Associate".into()),
                Some("2017-11".into()),
                None,
                true
            ),
            (
                "Oracle".into(),
                Some("Team member".into()),
                Some("2012-08".into()),
                Some("2017-10".into()),
                false
            ),
        ]
    );
    assert_eq!(
        w.employers[1].location.as_ref().map(|l| l.value.as_str()),
        Some("Bangalore, Karnataka")
    );
    // Aug 2012 .. Jun 2024 without a gap: 11 years 11 months.
    assert_eq!(w.total_years.as_ref().map(|f| f.value), Some(11.9));
    let f = &w.employers[0].company;
    assert_eq!(&text[f.start.unwrap()..f.end.unwrap()], "Accenture");
}

#[test]
fn us_one_line_layout() {
    let text = "John Smith\nDallas, TX\n\nProfessional Experience\n\
                Acme Corp | Senior Software Engineer | Austin, TX | Jan 2019 – Present\n\
                • Led the payments team.\n\
                Globex Inc., Dallas, TX          06/2015 - 12/2018\n\
                Software Engineer\n\
                • Built the billing service.\n";
    let w = work(text);
    assert_eq!(
        jobs(&w),
        [
            (
                "Acme Corp".into(),
                Some("Senior Software Engineer".into()),
                Some("2019-01".into()),
                None,
                true
            ),
            (
                "Globex Inc.".into(),
                Some("Software Engineer".into()),
                Some("2015-06".into()),
                Some("2018-12".into()),
                false
            ),
        ]
    );
}

#[test]
fn european_labels_and_overlaps() {
    let text = "Employment History\n\
                Company: Siemens AG\nDesignation: Data Engineer\nDuration: 2016 - 2020\n\n\
                Company: Freelance Consulting GmbH\nDesignation: Consultant\nDuration: 2018 - 2019\n";
    let w = work(text);
    let j = jobs(&w);
    assert_eq!(j.len(), 2);
    assert_eq!(j[0].0, "Siemens AG");
    assert_eq!(j[0].1.as_deref(), Some("Data Engineer"));
    assert_eq!(j[1].0, "Freelance Consulting GmbH");
    // 2016..2020 contains 2018..2019: counted once.
    assert_eq!(w.total_years.as_ref().map(|f| f.value), Some(4.0));
}

#[test]
fn dates_first_layout() {
    let text = "EXPERIENCE\nMar 2020 - Present\nProduct Manager\nInitech Solutions\n• Shipped things.\n\n\
                Jan 2017 - Feb 2020\nBusiness Analyst\nVandelay Industries\n• Analysed things.\n";
    let w = work(text);
    let j = jobs(&w);
    assert_eq!(j.len(), 2, "{j:?}");
    assert_eq!(
        (j[0].0.as_str(), j[0].1.as_deref()),
        ("Initech Solutions", Some("Product Manager"))
    );
    assert_eq!(
        (j[1].0.as_str(), j[1].1.as_deref()),
        ("Vandelay Industries", Some("Business Analyst"))
    );
}

#[test]
fn no_dates_no_history() {
    let w =
        work("EXPERIENCE\nI have worked on many projects since my childhood days as a hobby.\n");
    assert!(w.employers.is_empty());
    assert!(w.total_years.is_none());
}

#[test]
fn stated_years_stand_in_for_missing_dates() {
    let w = work(
        "Jane Doe\n• Over 6.5+ years of IT experience in testing.\nEXPERIENCE\nTester at Acme\n",
    );
    let years = w.total_years.unwrap();
    assert_eq!(years.value, 6.5);
    assert!(years.confidence < 0.6);
    let w = work("Jane Doe\nManaged 12 years old systems.\n");
    assert!(w.total_years.is_none());
}

#[test]
fn dates_in_the_head_of_long_or_numbered_entries_count() {
    // One line per job, numbered, the range at the end of the title.
    let w = work(
        "## Experience\n1. Junior Systems Admin/Engineer (2019 - 2023)\n\
         2. SOC Security Analyst - SecureWorks Providence - RI - Atlanta - GA and Lisle - IL (2014 - 2019)\n\
         3. Direct hire for Desktop Support Analyst with Mac Experience (2013 - 2014)\n",
    );
    assert_eq!(
        w.total_years.unwrap().value,
        10.0,
        "year-only ranges: 2013 to 2023"
    );
    // The title and range first, then a long description on the same line.
    let w = work(
        "## Experience\n- Release Manager (2015 - 2017): Implemented smooth transitions and \
         oversaw firmware updates, controlled every release and documented status reports.\n\
         * 2009 - 2013 as a .Net Developer with PostgreSQL. Gathered experience in creating \
         entity-relational database schemas and access policies.\n",
    );
    assert_eq!(w.total_years.unwrap().value, 6.0);
    // A range deep in a sentence is a date in prose, not an entry; under an experience
    // heading it still dates work, so it counts toward the years.
    let w = work(
        "## Experience\n- Led the platform team through a long and difficult migration of \
         every service we ran in 2019 - 2020 to the new cluster.\n",
    );
    assert!(jobs(&w).is_empty(), "{:?}", jobs(&w));
    assert_eq!(w.total_years.unwrap().value, 1.0);
}

#[test]
fn ranges_inside_sentences_of_the_history_count_toward_the_years() {
    let w = work(
        "## Experience\n- Served as an Architecture teacher at the postsecondary level from \
         2018 to 2022, engaging directly with students and delivering the course curriculum\n\
         - Assumed the responsibility as an Infrastructure Support Engineer between 2008 and \
         2012, keeping the cloud platform and its users running day and night\n",
    );
    // 2008–2012 and 2018–2022, year-only: four years each.
    assert_eq!(w.total_years.unwrap().value, 8.0);
    // Outside an experience heading, only ranges that head an entry count.
    let w = work(
        "Jane Doe\nI volunteered with the local library on weekends and evenings from 2018 to \
         2022 while studying for my degree.\n",
    );
    assert!(w.total_years.is_none(), "{:?}", w.total_years);
}
