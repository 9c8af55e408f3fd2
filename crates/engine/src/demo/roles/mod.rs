//! Role families for demo data: IT titles with their seniority ladders, market rates, core and
//! adjacent skills, and the supply (candidates) and demand (requirements) weights.

use std::sync::LazyLock;

/// The title prefixes a family uses at each of the five seniority levels
/// (0 junior, 1 mid, 2 senior, 3 lead, 4 principal).
pub(crate) type Ladder = [&'static str; 5];

const ENG: Ladder = ["Junior ", "", "Senior ", "Lead ", "Principal "];
const ARCH: Ladder = ["", "", "Senior ", "Senior ", "Principal "];
const MGMT: Ladder = ["Junior ", "", "Senior ", "Senior ", "Lead "];
const ANALYST: Ladder = ["Junior ", "", "Senior ", "Lead ", "Lead "];
const CONSULT: Ladder = ["Associate ", "", "Senior ", "Lead ", "Principal "];

/// Pay multiplier at each seniority level, against a family's mid-level rate.
pub(crate) const LEVEL_PAY: [f64; 5] = [0.72, 0.9, 1.08, 1.22, 1.38];

/// Typical minimum years a requirement asks for at each level.
pub(crate) const LEVEL_MIN_YEARS: [u16; 5] = [1, 3, 6, 10, 14];

/// Seniority mix of open requirements: bench-sales reqs skew senior ("Sr. Java Developer with
/// 8+ years" is the archetype); junior reqs are rare in contract staffing.
pub(crate) const REQ_LEVEL_WEIGHTS: [u32; 5] = [6, 28, 44, 16, 6];

/// An IT role family.
#[derive(Debug)]
pub(crate) struct Family {
    pub(crate) title: &'static str,
    pub(crate) ladder: &'static Ladder,
    /// Years below which nobody holds the title (architects).
    pub(crate) min_years: f64,
    /// Mid-level US W-2 hourly rate in dollars.
    pub(crate) base_rate: f64,
    /// Share of candidates (supply) and of requirements (demand).
    pub(crate) supply: u32,
    pub(crate) demand: u32,
    pub(crate) core: &'static [&'static str],
    pub(crate) adjacent: &'static [&'static str],
    /// What the person does, for requirement descriptions ("build ... ").
    pub(crate) duty: &'static str,
}

impl Family {
    /// Whether the family is a hands-on engineering one (the `ENG` ladder).
    pub(crate) fn is_engineering(&self) -> bool {
        self.ladder[0] == ENG[0] && self.ladder[4] == ENG[4]
    }
}

macro_rules! family {
    ($title:expr, $ladder:expr, $min:expr, $rate:expr, $supply:expr, $demand:expr,
     [$($core:expr),* $(,)?], [$($adj:expr),* $(,)?], $duty:expr) => {
        Family {
            title: $title,
            ladder: &$ladder,
            min_years: $min,
            base_rate: $rate,
            supply: $supply,
            demand: $demand,
            core: &[$($core),*],
            adjacent: &[$($adj),*],
            duty: $duty,
        }
    };
}

mod data;
mod delivery;
mod development;
mod infrastructure;
mod platforms;

/// The families. Weights follow what US IT staffing desks actually move: Java and .NET
/// developers, data engineering, cloud/DevOps and QA automation make up the bulk of hotlists
/// and reqs; BA/PM/Scrum roles come next; packaged-platform specialists (Salesforce,
/// ServiceNow, SAP, Workday, Guidewire, Pega) are fewer but well paid; Rust and Go are niche.
/// Supply differs from demand where the bench is long (QA, .NET) or short (security, cloud).
///
/// The table is kept by group, one file each; the order here fixes every family's index,
/// which the seeded generator depends on.
pub(crate) static FAMILIES: LazyLock<Vec<&'static Family>> = LazyLock::new(|| {
    [
        development::FAMILIES,
        data::FAMILIES,
        infrastructure::FAMILIES,
        delivery::FAMILIES,
        platforms::FAMILIES,
    ]
    .into_iter()
    .flatten()
    .collect()
});

/// Everyday tools anyone in IT lists; a few land on most profiles.
pub(crate) const COMMON_SKILLS: &[(&str, u32)] = &[
    ("Git", 30),
    ("Jira", 20),
    ("Agile", 20),
    ("SQL", 15),
    ("Linux", 10),
    ("Confluence", 10),
    ("REST APIs", 8),
    ("Excel", 6),
    ("Docker", 8),
    ("GitHub", 8),
    ("Bitbucket", 5),
    ("Unix", 5),
    ("Shell Scripting", 5),
    ("JSON", 4),
    ("XML", 4),
    ("Postman", 4),
    ("Scrum", 6),
];

/// The seniority level for `years` of experience, before noise.
pub(crate) fn level_for_years(years: f64) -> usize {
    match years {
        y if y < 3.0 => 0,
        y if y < 6.0 => 1,
        y if y < 11.0 => 2,
        y if y < 16.0 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashSet};

    #[test]
    fn families_are_well_formed() {
        assert!(FAMILIES.len() >= 40, "{}", FAMILIES.len());
        let mut spellings: BTreeMap<String, &str> = BTreeMap::new();
        let all = FAMILIES
            .iter()
            .flat_map(|f| f.core.iter().chain(f.adjacent))
            .chain(COMMON_SKILLS.iter().map(|(s, _)| s));
        for s in all {
            let prev = spellings.entry(s.to_lowercase()).or_insert(s);
            assert_eq!(prev, s, "two spellings of one skill");
        }
        for f in FAMILIES.iter() {
            assert!((5..=8).contains(&f.core.len()), "{}", f.title);
            assert!(f.adjacent.len() >= 4, "{}", f.title);
            let core: HashSet<_> = f.core.iter().collect();
            assert_eq!(core.len(), f.core.len(), "{}", f.title);
            assert!(
                f.adjacent.iter().all(|a| !core.contains(a)),
                "{} adjacent overlaps core",
                f.title
            );
        }
    }
}
