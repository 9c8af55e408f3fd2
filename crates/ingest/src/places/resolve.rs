//! Choosing the place a location's parts name. One part is read as the place (the first
//! that works), the others as qualifiers. Ambiguity is settled by the qualifiers, then the
//! caller's hint country, then population; the confidence says how much was left open.

use std::collections::HashMap;
use std::sync::LazyLock;

use hireloop_domain::values::CountryCode;

use super::Gazetteer;
use super::areas::{Area, areas};
use super::fold;
use super::index::Index;
use super::rank::pick_area;
use super::tables::{AREA_PREFIXES, AREA_SUFFIXES, CITY_ALIASES};

/// How many parts are tried as the place itself.
const MAX_HEADS: usize = 4;
/// Longest folded key looked up; longer text is not a place name.
const MAX_KEY_BYTES: usize = 100;
/// One letter is an initial or a stray character, never how a place is written.
const MIN_KEY_BYTES: usize = 2;

/// What a location names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Place {
    City(u32),
    Area(Area),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Found {
    pub place: Place,
    pub confidence: f32,
}

static ALIASES: LazyLock<HashMap<String, (String, &'static str, &'static str)>> =
    LazyLock::new(|| {
        CITY_ALIASES
            .iter()
            .map(|&(alias, city, country, admin1)| {
                (fold::key(alias), (fold::key(city), country, admin1))
            })
            .collect()
    });

impl Gazetteer {
    /// The place the parts name, or `None` when no part is a place we know.
    pub(crate) fn find(&self, parts: &[String], hint: Option<CountryCode>) -> Option<Found> {
        let parts = self.split_run_ons(parts);
        let readings: Vec<Vec<Area>> = parts.iter().map(|p| areas(p)).collect();
        let mut best_area: Option<Found> = None;
        for (i, head) in parts.iter().enumerate().take(MAX_HEADS) {
            let quals: Vec<&[Area]> = readings
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, q)| q.as_slice())
                .collect();
            let Some(mut found) = self.resolve_head(head, &quals, hint) else {
                continue;
            };
            if readings
                .get(..i)
                .is_some_and(|before| before.iter().any(Vec::is_empty))
            {
                // The place came after words we could not read at all.
                found.confidence *= 0.85;
            }
            match found.place {
                Place::City(city) => {
                    return Some(
                        self.district_of(city, i, &parts, &readings, hint)
                            .unwrap_or(found),
                    );
                }
                Place::Area(area) => {
                    // "USA, Texas": keep the most specific area named.
                    let replace = match best_area.map(|f| f.place) {
                        None => true,
                        Some(Place::Area(Area::Country(_))) => matches!(area, Area::Region { .. }),
                        Some(_) => false,
                    };
                    if replace {
                        best_area = Some(found);
                    }
                }
            }
        }
        best_area.or_else(|| self.first_of_list(&parts, hint))
    }

    /// "Whitefield, Bangalore": a district we do not know as such, then its city. When a
    /// later part that is not an area names a city at least ten times larger and over
    /// 50 km from the one found (Whitefield, England), that city is meant.
    fn district_of(
        &self,
        city: u32,
        at: usize,
        parts: &[String],
        readings: &[Vec<Area>],
        hint: Option<CountryCode>,
    ) -> Option<Found> {
        let here = self.index.city(city)?;
        let here_point = Index::point(here)?;
        for (j, part) in parts.iter().enumerate().take(MAX_HEADS).skip(at + 1) {
            if !readings.get(j).is_some_and(Vec::is_empty) {
                continue;
            }
            let quals: Vec<&[Area]> = readings
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != at && k != j)
                .map(|(_, q)| q.as_slice())
                .collect();
            let Some(found) = self.resolve_head(part, &quals, hint) else {
                continue;
            };
            let Place::City(other) = found.place else {
                continue;
            };
            let Some(there) = self.index.city(other) else {
                continue;
            };
            let far = Index::point(there).is_some_and(|p| p.haversine_km(&here_point) > 50.0);
            if far && u64::from(there.population) >= 10 * u64::from(here.population) {
                return Some(Found {
                    place: found.place,
                    confidence: found.confidence * 0.9,
                });
            }
        }
        None
    }

    /// Parts that contradict each other list several places ("US, Canada", "Dallas,
    /// Paris"): the first one that is a place on its own stands for them, with less
    /// confidence.
    fn first_of_list(&self, parts: &[String], hint: Option<CountryCode>) -> Option<Found> {
        if parts.len() < 2 {
            return None;
        }
        parts.iter().take(MAX_HEADS).find_map(|part| {
            let mut found = self.resolve_head(part, &[], hint)?;
            found.confidence *= 0.7;
            Some(found)
        })
    }

    /// "Dallas TX" and "Austin Texas USA" written without commas: trailing words that
    /// name an area are split off when what precedes them is a place we know.
    fn split_run_ons(&self, parts: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(parts.len() + 2);
        for part in parts {
            let split = if self.known(part) {
                None
            } else {
                self.peel(part, 2).or_else(|| self.unhyphenate(part))
            };
            match split {
                Some(split) => out.extend(split),
                None => out.push(part.clone()),
            }
        }
        out
    }

    /// "Raleigh-Durham": hyphenated names that are not a place together ("Winston-Salem"
    /// is) are a list, when the first of them is a place.
    fn unhyphenate(&self, part: &str) -> Option<Vec<String>> {
        let pieces: Vec<String> = part
            .split('-')
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        (pieces.len() > 1 && self.known(pieces.first()?)).then_some(pieces)
    }

    fn peel(&self, part: &str, depth: u8) -> Option<Vec<String>> {
        let words: Vec<&str> = part.split_whitespace().collect();
        for k in 1..=3.min(words.len().saturating_sub(1)) {
            let (prefix, tail) = words.split_at(words.len() - k);
            let (prefix, tail) = (prefix.join(" "), tail.join(" "));
            if areas(&tail).is_empty() {
                continue;
            }
            if self.known(&prefix) {
                return Some(vec![prefix, tail]);
            }
            if depth > 0
                && let Some(mut split) = self.peel(&prefix, depth - 1)
            {
                split.push(tail);
                return Some(split);
            }
        }
        None
    }

    fn known(&self, part: &str) -> bool {
        let key = fold::key(part);
        ALIASES.contains_key(&key) || !areas(part).is_empty() || !self.candidates(&key).0.is_empty()
    }

    /// Cities filed under the key, or under it without area words ("Greater London",
    /// "Dallas metro"); the second comes with a small confidence factor.
    fn candidates(&self, key: &str) -> (Vec<(u32, bool)>, f32) {
        if !(MIN_KEY_BYTES..=MAX_KEY_BYTES).contains(&key.len()) {
            return (Vec::new(), 1.0);
        }
        let direct = self.index.lookup(key);
        if !direct.is_empty() {
            return (direct, 1.0);
        }
        let mut trimmed = key;
        for prefix in AREA_PREFIXES {
            if let Some(rest) = trimmed
                .strip_prefix(prefix)
                .and_then(|r| r.strip_prefix(' '))
            {
                trimmed = rest;
            }
        }
        for suffix in AREA_SUFFIXES {
            if let Some(rest) = trimmed
                .strip_suffix(suffix)
                .and_then(|r| r.strip_suffix(' '))
            {
                trimmed = rest;
                break;
            }
        }
        if trimmed != key && !trimmed.is_empty() {
            let found = self.index.lookup(trimmed);
            if !found.is_empty() {
                return (found, 0.95);
            }
            if let Some(city) = self.alias_city(trimmed) {
                return (vec![(city, true)], 0.95);
            }
        }
        (Vec::new(), 1.0)
    }

    fn alias_city(&self, key: &str) -> Option<u32> {
        let (city_key, country, admin1) = ALIASES.get(key)?;
        self.index
            .lookup(city_key)
            .into_iter()
            .filter_map(|(i, primary)| Some((i, primary, self.index.city(i)?)))
            .filter(|(_, _, c)| {
                self.index
                    .country(c)
                    .is_some_and(|cc| cc.as_str() == *country)
                    && (admin1.is_empty() || self.index.admin1(c) == *admin1)
            })
            .max_by_key(|&(i, primary, c)| (primary, c.population, std::cmp::Reverse(i)))
            .map(|(i, _, _)| i)
    }

    /// One part read as the place, the others (already read as areas) as qualifiers.
    fn resolve_head(
        &self,
        head: &str,
        quals: &[&[Area]],
        hint: Option<CountryCode>,
    ) -> Option<Found> {
        let key = fold::key(head);
        if !(MIN_KEY_BYTES..=MAX_KEY_BYTES).contains(&key.len()) {
            return None;
        }
        let known: Vec<&[Area]> = quals.iter().copied().filter(|q| !q.is_empty()).collect();
        // A qualifier we cannot read may be a place we do not know: a little less sure.
        let damp = if known.len() < quals.len() { 0.9 } else { 1.0 };
        let fits = |city: u32| {
            known
                .iter()
                .all(|q| q.iter().any(|a| self.city_in(city, a)))
        };

        if let Some(city) = self.alias_city(&key).filter(|&c| fits(c)) {
            return Some(Found {
                place: Place::City(city),
                confidence: 0.92 * damp,
            });
        }
        let (cands, factor) = self.candidates(&key);
        let head_areas: Vec<Area> = areas(head)
            .into_iter()
            .filter(|a| known.iter().all(|q| q.iter().any(|b| a.compatible(b))))
            .collect();
        if !head_areas.is_empty() {
            let (area, confidence) = pick_area(&head_areas, hint)?;
            if let Some(city) = self.namesake_city(area, &cands) {
                return Some(Found {
                    place: Place::City(city),
                    confidence: 0.85 * damp,
                });
            }
            return Some(Found {
                place: Place::Area(area),
                confidence: confidence * damp,
            });
        }
        let (city, confidence) = self.rank(&cands, &known, hint)?;
        Some(Found {
            place: Place::City(city),
            confidence: confidence * damp * factor,
        })
    }
}
