//! Locations made whole through the GeoNames gazetteer: a record's `location` as a parser
//! or a spreadsheet gave it ("Dallas, TX") gains its country, map point and time zone
//! when the gazetteer reads it as the same place with confidence.

use hireloop_domain::values::Location;
use hireloop_ingest::places::Gazetteer;
use serde_json::Value;

/// Least confidence of a gazetteer reading that is written into a record.
pub const MIN_CONFIDENCE: f32 = 0.75;

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The place `loc` names, completed: parts it gives are kept as written, missing ones
/// (country, region, point, time zone) come from the gazetteer. `None` when the
/// gazetteer does not read it as the same place with confidence.
pub fn complete(places: &Gazetteer, loc: &Location) -> Option<Location> {
    let text = loc.display();
    if text.is_empty() {
        return None;
    }
    let found = places.resolve(&text, loc.country())?;
    if found.confidence < MIN_CONFIDENCE {
        return None;
    }
    let place = found.location?;
    // The reading must agree with every part the record gives.
    let same = |given: Option<&str>, read: Option<&str>| match (given, read) {
        (Some(g), Some(r)) => fold(g) == fold(r),
        (Some(_), None) => false,
        (None, _) => true,
    };
    if !same(loc.city(), place.city()) || loc.country().is_some_and(|c| Some(c) != place.country())
    {
        return None;
    }
    // A region written differently ("Texas" / "TX") is normalised by Location already;
    // other spellings keep the record's.
    let region = loc.region().or(place.region());
    let point = loc.point().or(place.point());
    let zone = loc.timezone().map(str::to_owned).or(found
        .timezone
        .filter(|_| place.city().is_some() || loc.city().is_none()));
    Location::new(
        loc.city().or(place.city()),
        region,
        loc.country().or(place.country()),
        point,
    )
    .ok()?
    .with_timezone(zone.as_deref())
    .ok()
}

/// Completes the `location` of an entity's JSON in place; `true` when it changed.
pub fn complete_json(places: &Gazetteer, record: &mut Value) -> bool {
    let Some(slot) = record.get_mut("location") else {
        return false;
    };
    let Ok(loc) = serde_json::from_value::<Location>(slot.clone()) else {
        return false;
    };
    let Some(done) = complete(places, &loc) else {
        return false;
    };
    match serde_json::to_value(&done) {
        Ok(v) if v != *slot => {
            *slot = v;
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hireloop_domain::values::CountryCode;
    use serde_json::json;

    fn gazetteer() -> Gazetteer {
        let city =
            |id: u32, name: &str, lat: f64, lon: f64, cc: &str, pop: u64, tz: &str, a1: &str| {
                json!({"geonameid": id, "name": name, "latitude": lat, "longitude": lon,
                   "countrycode": cc, "population": pop, "timezone": tz, "admin1code": a1,
                   "alternatenames": []})
            };
        let cities = json!({
            "4684888": city(4684888, "Dallas", 32.78306, -96.80667, "US", 1300092, "America/Chicago", "TX"),
            "4717560": city(4717560, "Paris", 33.66094, -95.55551, "US", 24782, "America/Chicago", "TX"),
            "2988507": city(2988507, "Paris", 48.85341, 2.3488, "FR", 2138551, "Europe/Paris", "11"),
        });
        let countries = json!({
            "US": {"iso": "US", "name": "United States", "population": 327167434, "geonameid": 6252001},
            "FR": {"iso": "FR", "name": "France", "population": 66987244, "geonameid": 3017382},
        });
        Gazetteer::from_readers(
            cities.to_string().as_bytes(),
            countries.to_string().as_bytes(),
        )
        .unwrap()
    }

    fn us() -> Option<CountryCode> {
        CountryCode::parse("US").ok()
    }

    #[test]
    fn a_city_and_state_gain_country_point_and_zone() {
        let g = gazetteer();
        let loc = Location::new(Some("Dallas"), Some("TX"), None, None).unwrap();
        let done = complete(&g, &loc).expect("Dallas, TX reads");
        assert_eq!(done.country(), us());
        assert_eq!(done.timezone(), Some("America/Chicago"));
        let p = done.point().unwrap();
        assert!((p.lat() - 32.783).abs() < 0.01 && (p.lon() + 96.807).abs() < 0.01);
    }

    #[test]
    fn a_different_place_is_not_written_in() {
        let g = gazetteer();
        // Paris, France is not Paris, Texas.
        let loc = Location::new(Some("Paris"), None, CountryCode::parse("FR").ok(), None).unwrap();
        let done = complete(&g, &loc).unwrap();
        assert_eq!(done.timezone(), Some("Europe/Paris"));
        // A city the gazetteer does not know stays as it is.
        let loc = Location::new(Some("Gotham"), Some("NJ"), us(), None).unwrap();
        assert!(complete(&g, &loc).is_none());
        let mut v = json!({"first_name": "A", "location": {"city": "Gotham", "region": "NJ"}});
        assert!(!complete_json(&g, &mut v));
        let mut v = json!({"first_name": "A", "location": {"city": "Dallas", "region": "TX"}});
        assert!(complete_json(&g, &mut v));
        assert_eq!(v["location"]["country"], "US");
        assert_eq!(v["location"]["timezone"], "America/Chicago");
    }
}
