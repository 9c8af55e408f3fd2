//! Demo data: a deterministic, seeded generator of realistic synthetic companies, contacts,
//! candidates and requirements for an IT contract-staffing desk (US-heavy, some world).
//!
//! Same seed and same `today` give byte-identical output: everything is drawn from one
//! ChaCha8 stream, tables are fixed slices, and no clock, thread RNG or hash-map order is
//! consulted. Candidates stream (`candidates` is an iterator with constant memory), so a
//! million can be generated and loaded in batches.

mod candidate;
mod company;
mod names;
mod pick;
mod places;
mod requirement;
mod roles;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::NaiveDate;
use hireloop_domain::entities::{Candidate, Company, Contact, Requirement};
use hireloop_domain::ids::CompanyId;
use hireloop_domain::values::Currency;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use self::pick::Weighted;
use self::places::Place;

/// Tables built once per process from the static slices: validated locations, weighted
/// pickers and the title strings for every family and level.
#[derive(Debug)]
struct Tables {
    origins: Weighted<usize>,
    us_places: Vec<Place>,
    us_pick: Weighted<usize>,
    world_places: Vec<Place>,
    world_pick: Weighted<usize>,
    supply: Weighted<usize>,
    demand: Weighted<usize>,
    /// `titles[family][level]`, e.g. "Senior Java Developer".
    titles: Vec<[String; 5]>,
    common_skills: Weighted<&'static str>,
    usd: Option<Currency>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(Tables::build);

impl Tables {
    fn build() -> Self {
        let (us, world) = places::build_places();
        let us_pick = Weighted::new(us.iter().enumerate().map(|(i, (_, w))| (i, *w)));
        let world_pick = Weighted::new(world.iter().enumerate().map(|(i, (_, w))| (i, *w)));
        let titles = roles::FAMILIES
            .iter()
            .map(|f| f.ladder.map(|prefix| format!("{prefix}{}", f.title)))
            .collect();
        Self {
            origins: Weighted::new(
                names::ORIGINS
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (i, o.weight)),
            ),
            us_places: us.into_iter().map(|(p, _)| p).collect(),
            us_pick,
            world_places: world.into_iter().map(|(p, _)| p).collect(),
            world_pick,
            supply: Weighted::new(
                roles::FAMILIES
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (i, f.supply)),
            ),
            demand: Weighted::new(
                roles::FAMILIES
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (i, f.demand)),
            ),
            titles,
            common_skills: Weighted::new(roles::COMMON_SKILLS.iter().copied()),
            usd: Currency::parse("USD").ok(),
        }
    }

    /// A US place, weighted by IT demand. `None` only if the table failed to build.
    fn us_place(&self, rng: &mut ChaCha8Rng) -> Option<&Place> {
        self.us_pick.index(rng).and_then(|i| self.us_places.get(i))
    }

    fn world_place(&self, rng: &mut ChaCha8Rng) -> Option<&Place> {
        self.world_pick
            .index(rng)
            .and_then(|i| self.world_places.get(i))
    }
}

/// A deterministic generator of demo records. Create one per load with a seed and the date
/// that counts as today (availability and start dates are relative to it).
///
/// Records come out already valid: `EntityRules::validate` leaves them unchanged.
#[derive(Debug)]
pub struct DemoGenerator {
    rng: ChaCha8Rng,
    today: NaiveDate,
    tables: &'static Tables,
    /// Offsets that scramble counters into phone numbers, drawn from the seed.
    phone_offset: u64,
    contact_phone_offset: u64,
    next_candidate: u64,
    next_requirement: u64,
    next_company: u64,
    next_contact: u64,
    /// Companies made so far, in order: `company_ids[i]` passed to `contacts` and
    /// `requirements` is taken to be the id of the i-th of them.
    made_companies: Vec<Company>,
    company_names: HashSet<String>,
    contact_emails: HashSet<String>,
}

impl DemoGenerator {
    pub fn new(seed: u64, today: NaiveDate) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let phone_offset = rand::Rng::random::<u64>(&mut rng);
        let contact_phone_offset = rand::Rng::random::<u64>(&mut rng);
        Self {
            rng,
            today,
            tables: &TABLES,
            phone_offset,
            contact_phone_offset,
            next_candidate: 0,
            next_requirement: 0,
            next_company: 0,
            next_contact: 0,
            made_companies: Vec::new(),
            company_names: HashSet::new(),
            contact_emails: HashSet::new(),
        }
    }

    /// The date the generator treats as today.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// `n` companies: about 80% clients with industries, 20% vendors and implementation
    /// partners. Names are unique within one generator.
    pub fn companies(&mut self, n: usize) -> Vec<Company> {
        (0..n).map(|_| self.company()).collect()
    }

    /// `n` contacts (hiring managers, recruiters, account managers) spread over `company_ids`.
    ///
    /// `company_ids[i]` is taken to be the id of the i-th company this generator made, so
    /// e-mail domains, titles and offices match that company; ids beyond those get a neutral
    /// domain derived from the id. With no ids, contacts have no company.
    pub fn contacts(&mut self, company_ids: &[CompanyId], n: usize) -> Vec<Contact> {
        (0..n).map(|_| self.contact(company_ids)).collect()
    }

    /// `n` candidates, streamed: nothing is kept between items, so memory stays constant.
    pub fn candidates(&mut self, n: usize) -> impl Iterator<Item = Candidate> + '_ {
        (0..n).map(move |_| self.candidate())
    }

    /// `n` requirements at the given companies (matched to this generator's companies by
    /// position, as in [`DemoGenerator::contacts`]).
    pub fn requirements(&mut self, company_ids: &[CompanyId], n: usize) -> Vec<Requirement> {
        self.requirements_iter(company_ids, n).collect()
    }

    /// Streaming form of [`DemoGenerator::requirements`].
    pub fn requirements_iter<'a>(
        &'a mut self,
        company_ids: &'a [CompanyId],
        n: usize,
    ) -> impl Iterator<Item = Requirement> + 'a {
        (0..n).map(move |_| self.requirement(company_ids))
    }
}
