//! Reading the GeoNames JSON. cities1000.json (61 MB) is streamed one city at a time
//! through serde visitors, so no `Value` tree and no list of every alternate name is ever
//! held; alternate names are filtered and folded as they are read. countries.json is small
//! and only supplies national populations.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;

use hireloop_domain::values::CountryCode;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::fold;
use super::index::{Builder, RawCity};

/// Feeds every city in a cities1000.json stream to the builder.
pub(crate) fn read_cities<R: Read>(reader: R, builder: &mut Builder) -> serde_json::Result<()> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    CitiesSeed(builder).deserialize(&mut de)?;
    de.end()
}

/// Sets each country's population from a countries.json stream.
pub(crate) fn read_countries<R: Read>(reader: R, builder: &mut Builder) -> serde_json::Result<()> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(default)]
        population: Option<u64>,
    }
    let rows: BTreeMap<String, Row> = serde_json::from_reader(reader)?;
    for (code, row) in rows {
        if let Ok(country) = CountryCode::parse(&code)
            && country.as_str().eq_ignore_ascii_case(code.trim())
        {
            builder.set_country_population(country, row.population.unwrap_or(0));
        }
    }
    Ok(())
}

/// The top-level object: geonameid → city.
struct CitiesSeed<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for CitiesSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CitiesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of cities keyed by GeoNames id")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            let raw = map.next_value_seed(CitySeed)?;
            self.0.add(raw).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Field {
    Geonameid,
    Name,
    Latitude,
    Longitude,
    Countrycode,
    Population,
    Timezone,
    Admin1code,
    Alternatenames,
    #[serde(other)]
    Other,
}

/// One city object. Missing or null fields are left empty; the builder skips a city
/// without a usable country or position.
struct CitySeed;

impl<'de> DeserializeSeed<'de> for CitySeed {
    type Value = RawCity;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<RawCity, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CitySeed {
    type Value = RawCity;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoNames city object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawCity, A::Error> {
        let mut city = RawCity {
            lat: f64::NAN,
            lon: f64::NAN,
            ..RawCity::default()
        };
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Geonameid => city.geoname_id = map.next_value::<Option<u64>>()?.unwrap_or(0),
                Field::Name => city.name = map.next_value::<Option<String>>()?.unwrap_or_default(),
                Field::Latitude => city.lat = map.next_value::<Option<f64>>()?.unwrap_or(f64::NAN),
                Field::Longitude => {
                    city.lon = map.next_value::<Option<f64>>()?.unwrap_or(f64::NAN);
                }
                Field::Countrycode => {
                    city.country = map.next_value::<Option<String>>()?.unwrap_or_default();
                }
                Field::Population => {
                    city.population = map.next_value::<Option<u64>>()?.unwrap_or(0);
                }
                Field::Timezone => {
                    city.zone = map.next_value::<Option<String>>()?.unwrap_or_default();
                }
                Field::Admin1code => {
                    city.admin1 = map.next_value::<Option<String>>()?.unwrap_or_default();
                }
                Field::Alternatenames => {
                    map.next_value_seed(AlternatesSeed(&mut city.alternate_keys))?;
                }
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        // Alternates identical to the main name after folding add nothing.
        let own = fold::key(&city.name);
        city.alternate_keys.retain(|k| *k != own);
        city.alternate_keys.sort_unstable();
        city.alternate_keys.dedup();
        Ok(city)
    }
}

/// The alternate-name list: each name is checked and folded straight from the parser's
/// buffer, so dropped names are never allocated.
struct AlternatesSeed<'a>(&'a mut Vec<String>);

impl<'de> DeserializeSeed<'de> for AlternatesSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AlternatesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of alternate names")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(AlternateSeed(self.0))?.is_some() {}
        Ok(())
    }
}

struct AlternateSeed<'a>(&'a mut Vec<String>);

impl<'de> DeserializeSeed<'de> for AlternateSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AlternateSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an alternate name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if fold::keep_alternate(v) {
            let key = fold::key(v);
            if !key.is_empty() {
                self.0.push(key);
            }
        }
        Ok(())
    }

    // Anything that is not a string (a stray number or null) is not a name.
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
}
