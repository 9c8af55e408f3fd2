//! The compact in-memory gazetteer: fixed-size city records over shared string tables,
//! and a sorted table of folded name keys with posting lists, searched by bisection.
//!
//! Everything is a flat vector of plain numbers so the index costs a few tens of
//! megabytes and can be written to and read from the cache file section by section.

use std::collections::{BTreeMap, HashMap};

use hireloop_domain::values::{CountryCode, GeoPoint};

use super::PlacesError;
use super::fold;

/// Degrees are kept as integers in units of 1e-7, the precision `GeoPoint` keeps.
pub(crate) const DEGREE_UNITS: f64 = 1e7;

/// Time-zone names and admin1 codes are short; anything longer is cut to this.
const MAX_CODE_BYTES: usize = 64;

/// One city: 28 bytes in memory. Text lives in the index's shared tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct City {
    pub geoname_id: u32,
    /// Byte range of the display name in `Index::names`.
    pub name_start: u32,
    pub name_len: u16,
    /// Into `Index::countries`.
    pub country: u8,
    /// Into `Index::zones`.
    pub zone: u16,
    /// Into `Index::admin1s`.
    pub admin1: u16,
    pub lat: i32,
    pub lon: i32,
    pub population: u32,
}

/// A posting: the city's position, and whether the key came from its main name.
pub(crate) const PRIMARY_BIT: u32 = 1;

/// The loaded gazetteer data, built from the GeoNames JSON or read (and validated) from
/// the cache file. Lookups go through `get`, so not even a damaged table makes one panic.
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub countries: Vec<CountryCode>,
    /// Parallel to `countries`, from countries.json (0 where unknown).
    pub country_population: Vec<u64>,
    pub zones: Vec<String>,
    pub admin1s: Vec<String>,
    pub names: String,
    pub cities: Vec<City>,
    /// Unique folded keys, sorted, concatenated.
    pub keys: Vec<u8>,
    /// `key count + 1` offsets: key `i` is `keys[key_starts[i]..key_starts[i + 1]]`.
    pub key_starts: Vec<u32>,
    /// `key count + 1` offsets into `postings`.
    pub post_starts: Vec<u32>,
    /// `city << 1 | PRIMARY_BIT`.
    pub postings: Vec<u32>,
}

/// Per `(country position, admin1 position)`.
pub(crate) type RegionStats = BTreeMap<(u8, u16), AreaStat>;

/// The largest city and summed population of an area, worked out once at load time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AreaStat {
    pub largest: u32,
    pub population: u64,
}

impl Index {
    pub fn key_count(&self) -> usize {
        self.key_starts.len().saturating_sub(1)
    }

    fn key_at(&self, i: usize) -> &[u8] {
        let start = self.key_starts.get(i).copied().unwrap_or(0) as usize;
        let end = self.key_starts.get(i + 1).copied().unwrap_or(0) as usize;
        self.keys.get(start..end).unwrap_or_default()
    }

    /// Every city filed under this folded key: `(city, from its main name)`.
    pub fn lookup(&self, key: &str) -> Vec<(u32, bool)> {
        let (mut lo, mut hi) = (0, self.key_count());
        let wanted = key.as_bytes();
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.key_at(mid).cmp(wanted) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let start = self.post_starts.get(mid).copied().unwrap_or(0) as usize;
                    let end = self.post_starts.get(mid + 1).copied().unwrap_or(0) as usize;
                    return self
                        .postings
                        .get(start..end)
                        .unwrap_or_default()
                        .iter()
                        .map(|p| (p >> 1, p & PRIMARY_BIT == PRIMARY_BIT))
                        .collect();
                }
            }
        }
        Vec::new()
    }

    pub fn city(&self, i: u32) -> Option<&City> {
        self.cities.get(i as usize)
    }

    pub fn name(&self, c: &City) -> &str {
        let start = c.name_start as usize;
        self.names
            .get(start..start + usize::from(c.name_len))
            .unwrap_or_default()
    }

    pub fn zone(&self, c: &City) -> &str {
        self.zones
            .get(usize::from(c.zone))
            .map_or("", String::as_str)
    }

    pub fn admin1(&self, c: &City) -> &str {
        self.admin1s
            .get(usize::from(c.admin1))
            .map_or("", String::as_str)
    }

    pub fn country(&self, c: &City) -> Option<CountryCode> {
        self.countries.get(usize::from(c.country)).copied()
    }

    pub fn point(c: &City) -> Option<GeoPoint> {
        GeoPoint::new(
            f64::from(c.lat) / DEGREE_UNITS,
            f64::from(c.lon) / DEGREE_UNITS,
        )
        .ok()
    }

    /// Largest city and total population per country (by table position) and per
    /// `(country, admin1)`. Ties go to the lower GeoNames id, so the answer is stable.
    pub fn area_stats(&self) -> (Vec<Option<AreaStat>>, RegionStats) {
        let mut countries: Vec<Option<AreaStat>> = vec![None; self.countries.len()];
        let mut regions = RegionStats::new();
        let better = |a: &City, b: Option<&City>| {
            b.is_none_or(|b| {
                (a.population, std::cmp::Reverse(a.geoname_id))
                    > (b.population, std::cmp::Reverse(b.geoname_id))
            })
        };
        for (i, c) in self.cities.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            let pop = u64::from(c.population);
            if let Some(slot) = countries.get_mut(usize::from(c.country)) {
                let stat = slot.get_or_insert(AreaStat {
                    largest: i,
                    population: 0,
                });
                stat.population += pop;
                if better(c, self.cities.get(stat.largest as usize)) {
                    stat.largest = i;
                }
            }
            let stat = regions.entry((c.country, c.admin1)).or_insert(AreaStat {
                largest: i,
                population: 0,
            });
            stat.population += pop;
            if better(c, self.cities.get(stat.largest as usize)) {
                stat.largest = i;
            }
        }
        (countries, regions)
    }
}

/// One city as read from the source, before interning.
#[derive(Debug, Default)]
pub(crate) struct RawCity {
    pub geoname_id: u64,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub country: String,
    pub population: u64,
    pub zone: String,
    pub admin1: String,
    /// Folded keys of the alternate names that passed [`fold::keep_alternate`].
    pub alternate_keys: Vec<String>,
}

/// Accumulates cities and keys, then sorts them into an [`Index`].
#[derive(Debug, Default)]
pub(crate) struct Builder {
    index: Index,
    country_pos: HashMap<CountryCode, u8>,
    zone_pos: HashMap<String, u16>,
    admin1_pos: HashMap<String, u16>,
    key_text: String,
    /// `(start, len, posting)` into `key_text`.
    entries: Vec<(u32, u32, u32)>,
    /// Cities left out: unknown country code or unusable coordinates.
    pub skipped: usize,
}

fn intern(pos: &mut HashMap<String, u16>, table: &mut Vec<String>, s: &str) -> Option<u16> {
    if let Some(&i) = pos.get(s) {
        return Some(i);
    }
    let i = u16::try_from(table.len()).ok()?;
    table.push(s.to_owned());
    pos.insert(s.to_owned(), i);
    Some(i)
}

impl Builder {
    pub fn set_country_population(&mut self, code: CountryCode, population: u64) {
        if let Some(i) = self.country(code)
            && let Some(slot) = self.index.country_population.get_mut(usize::from(i))
        {
            *slot = population;
        }
    }

    fn country(&mut self, code: CountryCode) -> Option<u8> {
        if let Some(&i) = self.country_pos.get(&code) {
            return Some(i);
        }
        let i = u8::try_from(self.index.countries.len()).ok()?;
        self.index.countries.push(code);
        self.index.country_population.push(0);
        self.country_pos.insert(code, i);
        Some(i)
    }

    /// Adds a city and its keys; a city GeoNames files under a code we do not know as a
    /// country (Kosovo's "XK") or with impossible coordinates is counted and left out.
    pub fn add(&mut self, raw: RawCity) -> Result<(), PlacesError> {
        let lat = (raw.lat * DEGREE_UNITS).round();
        let lon = (raw.lon * DEGREE_UNITS).round();
        let usable = raw.lat.is_finite()
            && raw.lon.is_finite()
            && (-90.0..=90.0).contains(&raw.lat)
            && (-180.0..=180.0).contains(&raw.lon);
        let country = CountryCode::parse(&raw.country)
            .ok()
            .filter(|c| c.as_str().eq_ignore_ascii_case(raw.country.trim()));
        let (Some(country), true) = (country, usable) else {
            self.skipped += 1;
            return Ok(());
        };
        let too_many = |what: &str| PlacesError::TooLarge(what.to_owned());
        let country = self.country(country).ok_or_else(|| too_many("countries"))?;
        let zone = truncate(raw.zone.trim(), MAX_CODE_BYTES);
        let zone = intern(&mut self.zone_pos, &mut self.index.zones, zone)
            .ok_or_else(|| too_many("time zones"))?;
        let admin1 = truncate(raw.admin1.trim(), MAX_CODE_BYTES);
        let admin1 = intern(&mut self.admin1_pos, &mut self.index.admin1s, admin1)
            .ok_or_else(|| too_many("admin1 codes"))?;
        let name = raw.name.trim();
        let name = truncate(name, usize::from(u16::MAX));
        let name_start = u32::try_from(self.index.names.len()).map_err(|_| too_many("names"))?;
        self.index.names.push_str(name);
        let city = u32::try_from(self.index.cities.len())
            .ok()
            .filter(|&c| c < u32::MAX >> 1)
            .ok_or_else(|| too_many("cities"))?;
        self.index.cities.push(City {
            geoname_id: u32::try_from(raw.geoname_id).unwrap_or(u32::MAX),
            name_start,
            name_len: u16::try_from(name.len()).unwrap_or(u16::MAX),
            country,
            zone,
            admin1,
            lat: lat as i32,
            lon: lon as i32,
            population: u32::try_from(raw.population).unwrap_or(u32::MAX),
        });
        self.add_key(city, &fold::key(name), true)?;
        for key in &raw.alternate_keys {
            self.add_key(city, key, false)?;
        }
        Ok(())
    }

    fn add_key(&mut self, city: u32, key: &str, primary: bool) -> Result<(), PlacesError> {
        if key.is_empty() || key.len() > usize::from(u16::MAX) {
            return Ok(());
        }
        let start = u32::try_from(self.key_text.len())
            .map_err(|_| PlacesError::TooLarge("name keys".to_owned()))?;
        self.key_text.push_str(key);
        let posting = (city << 1) | u32::from(primary);
        self.entries.push((start, key.len() as u32, posting));
        Ok(())
    }

    /// Sorts the keys, drops a city's duplicate keys (keeping the main-name flag) and
    /// lays out the key and posting tables.
    pub fn finish(mut self) -> Result<Index, PlacesError> {
        let text = self.key_text.as_bytes();
        let slice = |&(s, l, _): &(u32, u32, u32)| &text[s as usize..(s + l) as usize];
        // Same key: by city, main-name posting first, so the dedupe below keeps it.
        self.entries.sort_unstable_by(|a, b| {
            slice(a)
                .cmp(slice(b))
                .then((a.2 >> 1).cmp(&(b.2 >> 1)))
                .then((b.2 & PRIMARY_BIT).cmp(&(a.2 & PRIMARY_BIT)))
        });
        let index = &mut self.index;
        index.key_starts.push(0);
        index.post_starts.push(0);
        let mut previous: Option<&[u8]> = None;
        for entry in &self.entries {
            let key = slice(entry);
            if previous != Some(key) {
                if previous.is_some() {
                    index.key_starts.push(len_u32(index.keys.len())?);
                    index.post_starts.push(len_u32(index.postings.len())?);
                }
                index.keys.extend_from_slice(key);
                previous = Some(key);
            } else if index
                .postings
                .last()
                .is_some_and(|p| p >> 1 == entry.2 >> 1)
            {
                continue;
            }
            index.postings.push(entry.2);
        }
        if previous.is_some() {
            index.key_starts.push(len_u32(index.keys.len())?);
            index.post_starts.push(len_u32(index.postings.len())?);
        }
        Ok(self.index)
    }
}

fn len_u32(n: usize) -> Result<u32, PlacesError> {
    u32::try_from(n).map_err(|_| PlacesError::TooLarge("name keys".to_owned()))
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
