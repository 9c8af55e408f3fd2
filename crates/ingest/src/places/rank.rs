//! Ranking the cities a name could mean. Qualifiers that hold come first, then the hint
//! country, then size (log population, with a bonus for the main name over an alternate);
//! ties go to the lower GeoNames id. The confidence starts from how the choice was made
//! and drops as the runner-up at the same standing approaches the winner's size.

use hireloop_domain::values::CountryCode;

use super::Gazetteer;
use super::areas::Area;

/// One city a name could mean, scored against the qualifiers and hint.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    city: u32,
    primary: bool,
    contradicted: u8,
    matched: u8,
    regional: u8,
    hinted: bool,
    population: u32,
    weight: f64,
    id: u32,
}

impl Candidate {
    /// Qualifier and hint standing: candidates level on it are told apart by population.
    fn level(&self) -> (bool, u8, u8, bool) {
        (
            self.contradicted == 0,
            self.matched,
            self.regional,
            self.hinted,
        )
    }
}

impl Gazetteer {
    pub(crate) fn city_in(&self, city: u32, area: &Area) -> bool {
        let Some(c) = self.index.city(city) else {
            return false;
        };
        self.index.country(c) == Some(area.country())
            && match area {
                Area::Country(_) => true,
                Area::Region { admin1, .. } => self.index.admin1(c) == *admin1,
            }
    }

    /// A city that carries its area's name and is most of it — Singapore, Hong Kong,
    /// Delhi — is what the name means; otherwise ("Mexico", "Quebec") the area is.
    pub(crate) fn namesake_city(&self, area: Area, cands: &[(u32, bool)]) -> Option<u32> {
        let stat = self.area_stat(area)?;
        let largest = self.index.city(stat.largest)?;
        let total = match area {
            Area::Country(c) => self.country_population(c),
            Area::Region { .. } => 0,
        };
        // Summed city populations overcount (GeoNames lists city sections as cities
        // too), so a country's census figure is preferred when there is one.
        let total = if total > 0 { total } else { stat.population };
        let named = cands
            .iter()
            .any(|&(c, primary)| primary && c == stat.largest);
        (named && u64::from(largest.population) * 2 >= total).then_some(stat.largest)
    }

    /// The best city for the name, with its confidence; `None` when every city with the
    /// name contradicts a qualifier ("Dallas, ON").
    pub(crate) fn rank(
        &self,
        cands: &[(u32, bool)],
        quals: &[&[Area]],
        hint: Option<CountryCode>,
    ) -> Option<(u32, f32)> {
        let mut scored: Vec<Candidate> = cands
            .iter()
            .filter_map(|&(i, primary)| {
                let c = self.index.city(i)?;
                let mut cand = Candidate {
                    city: i,
                    primary,
                    contradicted: 0,
                    matched: 0,
                    regional: 0,
                    hinted: hint.is_some() && self.index.country(c) == hint,
                    population: c.population,
                    weight: (f64::from(c.population) + 1.0).log10()
                        + if primary { 1.0 } else { 0.0 },
                    id: c.geoname_id,
                };
                for q in quals {
                    let hits: Vec<&Area> = q.iter().filter(|a| self.city_in(i, a)).collect();
                    if hits.is_empty() {
                        cand.contradicted += 1;
                    } else {
                        cand.matched += 1;
                        if hits.iter().any(|a| matches!(a, Area::Region { .. })) {
                            cand.regional += 1;
                        }
                    }
                }
                Some(cand)
            })
            .collect();
        scored.sort_by(|a, b| {
            b.level()
                .cmp(&a.level())
                .then(b.weight.total_cmp(&a.weight))
                .then(a.id.cmp(&b.id))
        });
        let best = *scored.first()?;
        if best.contradicted > 0 {
            return None;
        }
        let rest = scored.get(1..).unwrap_or_default();
        // How close the strongest rival at the same standing comes, by population. A
        // rival filed under the name only as an alternate ("Cambridge" for Newton, MA)
        // when the best carries it as its main name counts a quarter.
        let rival = rest
            .iter()
            .filter(|c| c.level() == best.level())
            .map(|c| {
                let weight = if best.primary && !c.primary {
                    0.25
                } else {
                    1.0
                };
                let ratio = match best.population {
                    0 => 1.0,
                    p => (f64::from(c.population) / f64::from(p)).min(1.0),
                };
                ratio * weight
            })
            .max_by(f64::total_cmp);
        let by_hint = best.hinted
            && rest.iter().any(|c| {
                c.contradicted == 0
                    && !c.hinted
                    && (c.matched, c.regional) == (best.matched, best.regional)
            });
        let base = if best.matched > 0 {
            0.95
        } else if by_hint {
            0.85
        } else if rival.is_none() {
            0.9
        } else {
            0.8
        };
        let mut confidence = base - 0.35 * rival.unwrap_or(0.0) as f32;
        if !best.primary {
            confidence *= 0.95;
        }
        Some((best.city, confidence))
    }
}

/// Which of several readings of an area name to take: the only one, the most specific
/// when they share a country ("England"), the hint's, else the first (countries first).
pub(crate) fn pick_area(areas: &[Area], hint: Option<CountryCode>) -> Option<(Area, f32)> {
    let first = *areas.first()?;
    if areas.iter().all(|a| a.country() == first.country()) {
        let specific = areas
            .iter()
            .copied()
            .find(|a| matches!(a, Area::Region { .. }))
            .unwrap_or(first);
        return Some((specific, 0.9));
    }
    if let Some(hinted) = areas.iter().copied().find(|a| Some(a.country()) == hint) {
        return Some((hinted, 0.85));
    }
    Some((first, 0.7))
}
