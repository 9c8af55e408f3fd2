//! Places: city/region/country with an optional map point, and great-circle distance.

use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::values::{CountryCode, collapse_whitespace, us_state_code};

/// Mean earth radius (IUGG), in kilometres.
/// Mean Earth radius (IUGG), the one distances here use.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;
const MAX_PLACE_NAME: usize = 100;
/// Points are kept to 1e-7 degree.
const DEGREE_SCALE: f64 = 1e7;

/// A point on the map in degrees, kept to 7 decimal places (about 1 cm). Serialized as `{"lat": 32.78, "lon": -96.8}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "GeoPointRepr", into = "GeoPointRepr")]
pub struct GeoPoint {
    lat: f64,
    lon: f64,
}

impl GeoPoint {
    /// Latitude in [-90, 90], longitude in [-180, 180], both finite.
    pub fn new(lat: f64, lon: f64) -> Result<Self, ValueError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(ValueError::new(format!(
                "latitude {lat} is out of range: it must be between -90 and 90"
            )));
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(ValueError::new(format!(
                "longitude {lon} is out of range: it must be between -180 and 180"
            )));
        }
        Ok(Self {
            lat: round_degrees(lat),
            lon: round_degrees(lon),
        })
    }

    pub fn lat(&self) -> f64 {
        self.lat
    }

    pub fn lon(&self) -> f64 {
        self.lon
    }

    /// Great-circle distance in kilometres (haversine, mean earth radius 6371.0088 km).
    pub fn haversine_km(&self, other: &GeoPoint) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.lon - self.lon).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }
}

/// Rounds to 7 decimal places, and -0.0 to 0.0, so a point reads back from JSON exactly.
fn round_degrees(d: f64) -> f64 {
    (d * DEGREE_SCALE).round() / DEGREE_SCALE + 0.0
}

/// The wire form of [`GeoPoint`].
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(description = "A point on the map, in degrees.")]
struct GeoPointRepr {
    #[schema(example = 32.7767, minimum = -90, maximum = 90)]
    lat: f64,
    #[schema(example = -96.797, minimum = -180, maximum = 180)]
    lon: f64,
}

impl TryFrom<GeoPointRepr> for GeoPoint {
    type Error = ValueError;
    fn try_from(r: GeoPointRepr) -> Result<Self, Self::Error> {
        Self::new(r.lat, r.lon)
    }
}

impl From<GeoPoint> for GeoPointRepr {
    fn from(p: GeoPoint) -> Self {
        Self {
            lat: p.lat,
            lon: p.lon,
        }
    }
}

schema_via_repr!(GeoPoint, GeoPointRepr);

/// Where a person or job is: at least one of city, region and country, and optionally a map
/// point. Serialized flat: `{"city": "Dallas", "region": "TX", "country": "US", "lat": 32.78,
/// "lon": -96.8}`, absent parts omitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "LocationRepr", into = "LocationRepr")]
pub struct Location {
    city: Option<String>,
    region: Option<String>,
    country: Option<CountryCode>,
    point: Option<GeoPoint>,
    /// IANA time zone ("America/Chicago").
    timezone: Option<String>,
}

/// An IANA zone name as the tz database writes them: "UTC", "America/Chicago",
/// "America/Argentina/Buenos_Aires", "Etc/GMT+5".
fn valid_zone(z: &str) -> bool {
    (1..=64).contains(&z.len())
        && z.split('/').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b))
        })
        && z.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
}

impl Location {
    /// City and region are trimmed and whitespace-collapsed (blank means absent) and at most 100
    /// characters. In the US a state name or code becomes the two-letter code ("Texas" → "TX").
    pub fn new(
        city: Option<&str>,
        region: Option<&str>,
        country: Option<CountryCode>,
        point: Option<GeoPoint>,
    ) -> Result<Self, ValueError> {
        let city = clean_place(city, "city")?;
        let mut region = clean_place(region, "region")?;
        if city.is_none() && region.is_none() && country.is_none() {
            return Err(ValueError::new(
                "the location is empty: give a city, region or country",
            ));
        }
        if country.is_some_and(|c| c.as_str() == "US")
            && let Some(code) = region.as_deref().and_then(us_state_code)
        {
            region = Some(code.to_string());
        }
        Ok(Self {
            city,
            region,
            country,
            point,
            timezone: None,
        })
    }

    /// The same place with its IANA time zone.
    pub fn with_timezone(mut self, zone: Option<&str>) -> Result<Self, ValueError> {
        self.timezone = match zone.map(str::trim).filter(|z| !z.is_empty()) {
            None => None,
            Some(z) if valid_zone(z) => Some(z.to_owned()),
            Some(z) => {
                return Err(ValueError::new(format!(
                    "'{z}' is not an IANA time zone name such as America/Chicago"
                )));
            }
        };
        Ok(self)
    }

    pub fn timezone(&self) -> Option<&str> {
        self.timezone.as_deref()
    }

    pub fn city(&self) -> Option<&str> {
        self.city.as_deref()
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    pub fn country(&self) -> Option<CountryCode> {
        self.country
    }

    pub fn point(&self) -> Option<GeoPoint> {
        self.point
    }

    /// The present parts joined by ", ": "Dallas, TX, US".
    pub fn display(&self) -> String {
        [
            self.city(),
            self.region(),
            self.country.as_ref().map(CountryCode::as_str),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

fn clean_place(raw: Option<&str>, what: &str) -> Result<Option<String>, ValueError> {
    let Some(raw) = raw else { return Ok(None) };
    let s = collapse_whitespace(raw);
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > MAX_PLACE_NAME {
        return Err(ValueError::new(format!(
            "the {what} '{s}' is longer than {MAX_PLACE_NAME} characters"
        )));
    }
    if s.chars().any(char::is_control) {
        return Err(ValueError::new(format!(
            "the {what} {s:?} contains a control character"
        )));
    }
    Ok(Some(s))
}

/// The wire form of [`Location`].
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(description = "A place: at least one of city, region and country; lat and lon together.")]
struct LocationRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Dallas")]
    city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "TX")]
    region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 32.7767, minimum = -90, maximum = 90)]
    lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = -96.797, minimum = -180, maximum = 180)]
    lon: Option<f64>,
    /// IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "America/Chicago", max_length = 64)]
    timezone: Option<String>,
}

impl TryFrom<LocationRepr> for Location {
    type Error = ValueError;
    fn try_from(r: LocationRepr) -> Result<Self, Self::Error> {
        let point = match (r.lat, r.lon) {
            (Some(lat), Some(lon)) => Some(GeoPoint::new(lat, lon)?),
            (None, None) => None,
            _ => {
                return Err(ValueError::new(
                    "give both lat and lon for a location's map point, or neither",
                ));
            }
        };
        Self::new(r.city.as_deref(), r.region.as_deref(), r.country, point)?
            .with_timezone(r.timezone.as_deref())
    }
}

impl From<Location> for LocationRepr {
    fn from(l: Location) -> Self {
        Self {
            city: l.city,
            region: l.region,
            country: l.country,
            lat: l.point.map(|p| p.lat),
            lon: l.point.map(|p| p.lon),
            timezone: l.timezone,
        }
    }
}

schema_via_repr!(Location, LocationRepr);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn us() -> Option<CountryCode> {
        CountryCode::parse("US").ok()
    }

    #[test]
    fn time_zones_are_iana_names() {
        let dallas = Location::new(Some("Dallas"), Some("TX"), us(), None).unwrap();
        for ok in [
            "America/Chicago",
            "UTC",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+5",
        ] {
            let l = dallas.clone().with_timezone(Some(ok)).unwrap();
            assert_eq!(l.timezone(), Some(ok));
        }
        for bad in [
            "america/chicago",
            "Chicago Time",
            "America//Chicago",
            "<script>",
        ] {
            assert!(dallas.clone().with_timezone(Some(bad)).is_err(), "{bad}");
        }
        let v: Location = serde_json::from_str(
            r#"{"city": "Dallas", "region": "TX", "country": "US", "timezone": "America/Chicago"}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(&v).unwrap()["timezone"],
            "America/Chicago"
        );
    }

    #[test]
    fn geo_point_bounds() {
        assert!(GeoPoint::new(90.0, 180.0).is_ok());
        assert!(GeoPoint::new(-90.0, -180.0).is_ok());
        let err = GeoPoint::new(91.0, 0.0).unwrap_err();
        assert_eq!(
            err.0,
            "latitude 91 is out of range: it must be between -90 and 90"
        );
        assert!(GeoPoint::new(0.0, 180.5).is_err());
        assert!(GeoPoint::new(f64::NAN, 0.0).is_err());
        assert!(GeoPoint::new(0.0, f64::INFINITY).is_err());
    }

    #[test]
    fn geo_point_rounds_to_seven_places() {
        let p = GeoPoint::new(18.904315126123958, -0.0).unwrap();
        assert_eq!(p.lat(), 18.9043151);
        assert_eq!(p.lon().to_bits(), 0.0f64.to_bits());
        assert_eq!(GeoPoint::new(p.lat(), p.lon()).unwrap(), p);
    }

    #[test]
    fn haversine_known_distances() {
        let dallas = GeoPoint::new(32.7767, -96.7970).unwrap();
        let houston = GeoPoint::new(29.7604, -95.3698).unwrap();
        let d = dallas.haversine_km(&houston);
        assert!((d - 362.0).abs() < 3.0, "{d}");
        let london = GeoPoint::new(51.5074, -0.1278).unwrap();
        let paris = GeoPoint::new(48.8566, 2.3522).unwrap();
        let d = london.haversine_km(&paris);
        assert!((d - 343.5).abs() < 2.0, "{d}");
        assert_eq!(dallas.haversine_km(&dallas), 0.0);
        let north = GeoPoint::new(90.0, 0.0).unwrap();
        let south = GeoPoint::new(-90.0, 0.0).unwrap();
        let half = std::f64::consts::PI * EARTH_RADIUS_KM;
        assert!((north.haversine_km(&south) - half).abs() < 1e-6);
    }

    #[test]
    fn location_normalises() {
        let l = Location::new(Some("  Dallas "), Some("texas"), us(), None).unwrap();
        assert_eq!(l.city(), Some("Dallas"));
        assert_eq!(l.region(), Some("TX"));
        assert_eq!(l.display(), "Dallas, TX, US");
        assert_eq!(l.to_string(), "Dallas, TX, US");
        let l = Location::new(Some("New   York"), Some(" "), None, None).unwrap();
        assert_eq!(l.city(), Some("New York"));
        assert_eq!(l.region(), None);
        assert_eq!(l.display(), "New York");
        let ca = CountryCode::parse("CA").ok();
        let l = Location::new(Some("Toronto"), Some("Ontario"), ca, None).unwrap();
        assert_eq!(l.display(), "Toronto, Ontario, CA");
        let l = Location::new(None, None, ca, None).unwrap();
        assert_eq!(l.display(), "CA");
        let l = Location::new(None, Some("Bavaria"), None, None).unwrap();
        assert_eq!(l.region(), Some("Bavaria"));
    }

    #[test]
    fn location_refusals() {
        let err = Location::new(Some(" "), None, None, None).unwrap_err();
        assert!(err.0.contains("empty"), "{err}");
        let point = GeoPoint::new(1.0, 1.0).ok();
        assert!(
            Location::new(None, None, None, point).is_err(),
            "a point alone is not enough"
        );
        assert!(Location::new(Some(&"x".repeat(101)), None, None, None).is_err());
        assert!(Location::new(Some("a\u{0}b"), None, None, None).is_err());
    }

    #[test]
    fn serde_flat() {
        let point = GeoPoint::new(32.78, -96.8).ok();
        let l = Location::new(Some("Dallas"), Some("TX"), us(), point).unwrap();
        let json = serde_json::to_string(&l).unwrap();
        assert_eq!(
            json,
            r#"{"city":"Dallas","region":"TX","country":"US","lat":32.78,"lon":-96.8}"#
        );
        assert_eq!(serde_json::from_str::<Location>(&json).unwrap(), l);
        let only_country: Location = serde_json::from_str(r#"{"country":"usa"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&only_country).unwrap(),
            r#"{"country":"US"}"#
        );
        let err = serde_json::from_str::<Location>(r#"{"city":"Dallas","lat":1.0}"#).unwrap_err();
        assert!(err.to_string().contains("both lat and lon"), "{err}");
        assert!(serde_json::from_str::<Location>(r#"{"city":"X","lat":100.0,"lon":0.0}"#).is_err());
        assert!(serde_json::from_str::<Location>("{}").is_err());
        let texas: Location =
            serde_json::from_str(r#"{"city":"Austin","region":"Texas","country":"US"}"#).unwrap();
        assert_eq!(texas.region(), Some("TX"));
        let p: GeoPoint = serde_json::from_str(r#"{"lat":1.5,"lon":2.5}"#).unwrap();
        assert_eq!(p, GeoPoint::new(1.5, 2.5).unwrap());
        assert!(serde_json::from_str::<GeoPoint>(r#"{"lat":-91,"lon":0}"#).is_err());
    }

    fn point() -> impl Strategy<Value = GeoPoint> {
        (-90.0f64..=90.0, -180.0f64..=180.0).prop_map(|(a, o)| GeoPoint::new(a, o).unwrap())
    }

    proptest! {
        #[test]
        fn haversine_is_a_metric(a in point(), b in point(), c in point()) {
            let ab = a.haversine_km(&b);
            prop_assert!(ab >= 0.0);
            prop_assert!(ab <= std::f64::consts::PI * EARTH_RADIUS_KM + 1e-6);
            prop_assert!((ab - b.haversine_km(&a)).abs() < 1e-6);
            prop_assert!(a.haversine_km(&c) <= ab + b.haversine_km(&c) + 1e-6);
        }

        #[test]
        fn location_serde_round_trip(
            city in proptest::option::of("[A-Za-z ]{0,20}"),
            region in proptest::option::of("[A-Za-z ]{0,20}"),
            country in proptest::option::of(0usize..249),
            p in proptest::option::of(point()),
        ) {
            let country = country.and_then(|i| CountryCode::all().nth(i));
            if let Ok(l) = Location::new(city.as_deref(), region.as_deref(), country, p) {
                let json = serde_json::to_string(&l).unwrap();
                prop_assert_eq!(serde_json::from_str::<Location>(&json).unwrap(), l.clone());
                let again = Location::new(l.city(), l.region(), l.country(), l.point()).unwrap();
                prop_assert_eq!(again, l);
            }
        }
    }
}
