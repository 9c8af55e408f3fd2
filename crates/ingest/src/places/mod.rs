//! Place normalisation: the GeoNames gazetteer (cities of 1,000+ people, countries) and
//! the resolver that turns a free-text location ("Dallas TX 75201", "Remote - US",
//! "Bangalore") into a [`Location`] with a map point, time zone and confidence.
//!
//! The gazetteer is loaded once at start and shared (the engine keeps it in an `Arc`).
//! The first load parses the JSON and writes a compact cache file next to it; later loads
//! read the cache, which is rebuilt whenever the source files' digest changes.

mod areas;
mod cache;
mod fold;
mod index;
mod rank;
mod resolve;
mod source;
mod tables;
mod text;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use hireloop_domain::values::{CountryCode, Location, RemoteMode};
use serde::Serialize;

use areas::{Area, shown_region};
use index::{AreaStat, Builder, Index, RegionStats};
use resolve::{Found, Place};

/// The GeoNames files the gazetteer reads, as the `geonames` asset installs them.
pub const CITIES_FILE: &str = "cities1000.json";
pub const COUNTRIES_FILE: &str = "countries.json";
/// The cache file [`Gazetteer::load`] keeps next to the data.
pub const CACHE_FILE: &str = "cities1000.gazetteer";

/// A location read from text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    /// The place: city, region and country with the city's map point, or just a region
    /// or country. `None` only when the text names a work mode or time zone and no place
    /// ("Remote", "Remote (EST)").
    pub location: Option<Location>,
    /// IANA time zone: a stated one ("(EST)") if given, else the city's, else that of the
    /// region's or country's largest city (a representative, not the only zone).
    pub timezone: Option<String>,
    /// The city's population; a country's from GeoNames' country table; a region's as
    /// the sum of its listed cities (a rough figure: GeoNames lists some city sections
    /// as cities too).
    pub population: u64,
    /// 0–1: how sure the reading is. Qualified and unique ("Paris, TX") is about 0.95; a
    /// name several places share read by population alone ("Paris") about 0.8 or less.
    pub confidence: f32,
    /// The work mode the text states, if any.
    pub remote: Option<RemoteHint>,
}

/// A work mode stated with the location ("Remote - US", "Hybrid - Chicago, IL",
/// "Onsite in Jersey City, NJ").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteHint {
    pub mode: RemoteMode,
    /// The IANA zone of a stated time zone ("Remote (EST)" → "America/New_York").
    pub timezone: Option<String>,
}

/// Why the gazetteer could not be loaded. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    #[error("reading the GeoNames file {path}: {source} (run `hireloop setup` to install it)")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the GeoNames file {path} is not the JSON expected: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("the GeoNames data has more {0} than the gazetteer's compact format holds")]
    TooLarge(String),
}

/// Cities, countries and their names, indexed for [`Gazetteer::resolve`].
pub struct Gazetteer {
    index: Index,
    country_stats: Vec<Option<AreaStat>>,
    region_stats: RegionStats,
    country_pos: HashMap<CountryCode, u8>,
    admin1_pos: HashMap<String, u16>,
    from_cache: bool,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("cities", &self.city_count())
            .field("names", &self.name_count())
            .field("from_cache", &self.from_cache)
            .finish()
    }
}

impl Gazetteer {
    /// Loads the gazetteer from the GeoNames asset folder, reading the cache file next to
    /// the data when it matches the data and writing it when it does not. A folder that
    /// cannot be written only costs the cache (the failure is logged).
    pub fn load(dir: &Path) -> Result<Self, PlacesError> {
        Self::load_cached(dir, &dir.join(CACHE_FILE))
    }

    /// As [`Gazetteer::load`], with the cache file at `cache`.
    pub fn load_cached(dir: &Path, cache: &Path) -> Result<Self, PlacesError> {
        let sources = [dir.join(CITIES_FILE), dir.join(COUNTRIES_FILE)];
        let digest = cache::source_digest(&[&sources[0], &sources[1]]).map_err(|source| {
            let path = sources.iter().find(|p| !p.is_file()).unwrap_or(&sources[0]);
            PlacesError::Io {
                path: path.clone(),
                source,
            }
        })?;
        match cache::read(cache, &digest) {
            Ok(index) => return Ok(Self::from_index(index, true)),
            Err(e) => tracing::info!(cache = %cache.display(), "building the gazetteer: {e}"),
        }
        let built = Self::build(dir)?;
        if let Err(e) = cache::write(cache, &sources[0], &digest, &built.index) {
            tracing::warn!(cache = %cache.display(), "could not write the gazetteer cache: {e}");
        }
        Ok(built)
    }

    /// Builds the gazetteer from the GeoNames JSON in `dir`, without any cache.
    pub fn build(dir: &Path) -> Result<Self, PlacesError> {
        let open = |name: &str| {
            let path = dir.join(name);
            File::open(&path)
                .map(|f| (BufReader::with_capacity(1 << 20, f), path.clone()))
                .map_err(|source| PlacesError::Io { path, source })
        };
        let (countries, countries_path) = open(COUNTRIES_FILE)?;
        let (cities, cities_path) = open(CITIES_FILE)?;
        Self::build_from(cities, &cities_path, countries, &countries_path)
    }

    /// Builds the gazetteer from readers over cities1000.json and countries.json.
    pub fn from_readers(cities: impl Read, countries: impl Read) -> Result<Self, PlacesError> {
        Self::build_from(
            cities,
            Path::new(CITIES_FILE),
            countries,
            Path::new(COUNTRIES_FILE),
        )
    }

    fn build_from(
        cities: impl Read,
        cities_path: &Path,
        countries: impl Read,
        countries_path: &Path,
    ) -> Result<Self, PlacesError> {
        let json = |path: &Path| {
            let path = path.to_path_buf();
            move |source| PlacesError::Json { path, source }
        };
        let mut builder = Builder::default();
        source::read_countries(countries, &mut builder).map_err(json(countries_path))?;
        source::read_cities(cities, &mut builder).map_err(json(cities_path))?;
        if builder.skipped > 0 {
            tracing::debug!(
                skipped = builder.skipped,
                "GeoNames cities without a known country"
            );
        }
        Ok(Self::from_index(builder.finish()?, false))
    }

    fn from_index(index: Index, from_cache: bool) -> Self {
        let (country_stats, region_stats) = index.area_stats();
        let country_pos = index
            .countries
            .iter()
            .enumerate()
            .filter_map(|(i, &c)| Some((c, u8::try_from(i).ok()?)))
            .collect();
        let admin1_pos = index
            .admin1s
            .iter()
            .enumerate()
            .filter_map(|(i, a)| Some((a.clone(), u16::try_from(i).ok()?)))
            .collect();
        Self {
            index,
            country_stats,
            region_stats,
            country_pos,
            admin1_pos,
            from_cache,
        }
    }

    /// How many cities the gazetteer holds.
    pub fn city_count(&self) -> usize {
        self.index.cities.len()
    }

    /// How many distinct folded names (main and alternate) lead to a city.
    pub fn name_count(&self) -> usize {
        self.index.key_count()
    }

    /// Whether this gazetteer was read from the cache file rather than built from JSON.
    pub fn from_cache(&self) -> bool {
        self.from_cache
    }

    /// Reads a free-text location. `hint` is the country to prefer when the text does not
    /// say (a tenant's home country). `None` for text that names no place, work mode or
    /// time zone we know. Never panics.
    pub fn resolve(&self, text: &str, hint: Option<CountryCode>) -> Option<Resolved> {
        let parsed = text::parse(text);
        let remote = parsed.mode.map(|mode| RemoteHint {
            mode,
            timezone: parsed.zone.clone(),
        });
        let Some(found) = self.find(&parsed.parts, hint) else {
            if remote.is_none() && parsed.zone.is_none() {
                return None;
            }
            // A work mode or zone and nothing else we could place.
            let confidence = if parsed.parts.is_empty() { 0.9 } else { 0.5 };
            return Some(Resolved {
                location: None,
                timezone: parsed.zone,
                population: 0,
                confidence,
                remote,
            });
        };
        let (location, zone, population) = self.describe(found)?;
        Some(Resolved {
            location: Some(location),
            timezone: parsed.zone.or(zone),
            population,
            confidence: found.confidence.clamp(0.05, 0.99),
            remote,
        })
    }

    /// The location, time zone and population of what was found.
    fn describe(&self, found: Found) -> Option<(Location, Option<String>, u64)> {
        let zone_of = |city: u32| {
            let c = self.index.city(city)?;
            Some(self.index.zone(c).to_owned()).filter(|z| !z.is_empty())
        };
        match found.place {
            Place::City(i) => {
                let c = self.index.city(i)?;
                let country = self.index.country(c)?;
                let region = shown_region(country, self.index.admin1(c));
                let point = Index::point(c);
                let location =
                    Location::new(Some(self.index.name(c)), region, Some(country), point)
                        .or_else(|_| Location::new(None, region, Some(country), point))
                        .ok()?;
                Some((location, zone_of(i), u64::from(c.population)))
            }
            Place::Area(area) => {
                let stat = self.area_stat(area);
                let zone = stat.and_then(|s| zone_of(s.largest));
                let summed = stat.map_or(0, |s| s.population);
                let (region, population) = match area {
                    Area::Country(c) => match self.country_population(c) {
                        0 => (None, summed),
                        census => (None, census),
                    },
                    Area::Region { shown, .. } => (Some(shown), summed),
                };
                let location = Location::new(None, region, Some(area.country()), None).ok()?;
                Some((location, zone, population))
            }
        }
    }

    fn area_stat(&self, area: Area) -> Option<AreaStat> {
        let country = *self.country_pos.get(&area.country())?;
        match area {
            Area::Country(_) => self
                .country_stats
                .get(usize::from(country))
                .copied()
                .flatten(),
            Area::Region { admin1, .. } => {
                let admin1 = *self.admin1_pos.get(admin1)?;
                self.region_stats.get(&(country, admin1)).copied()
            }
        }
    }

    fn country_population(&self, country: CountryCode) -> u64 {
        self.country_pos
            .get(&country)
            .and_then(|&i| self.index.country_population.get(usize::from(i)))
            .copied()
            .unwrap_or(0)
    }
}
