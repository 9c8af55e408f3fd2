//! Resolver and cache tests on a small hand-made gazetteer, so they run without the asset.

use std::path::Path;

use hireloop_domain::values::{CountryCode, RemoteMode};
use serde_json::json;

use super::*;

fn city(
    id: u32,
    name: &str,
    cc: &str,
    admin1: &str,
    pop: u64,
    tz: &str,
    alts: &[&str],
) -> (String, serde_json::Value) {
    let value = json!({
        "geonameid": id, "name": name, "latitude": 10.0 + f64::from(id % 50),
        "longitude": -20.0 - f64::from(id % 70), "countrycode": cc, "population": pop,
        "timezone": tz, "admin1code": admin1, "alternatenames": alts,
    });
    (id.to_string(), value)
}

fn fixture() -> (String, String) {
    let chi = "America/Chicago";
    let cities = [
        city(
            1,
            "Dallas",
            "US",
            "TX",
            1_326_087,
            chi,
            &["Big D", "DAL", "Даллас"],
        ),
        city(2, "Dallas", "US", "OR", 15_277, "America/Los_Angeles", &[]),
        city(3, "Marble Hill", "US", "MO", 1_482, chi, &["Dallas"]),
        city(4, "Fort Worth", "US", "TX", 1_008_106, chi, &[]),
        city(5, "Houston", "US", "TX", 2_304_580, chi, &[]),
        city(6, "Paris", "FR", "11", 2_138_551, "Europe/Paris", &[]),
        city(7, "Paris", "US", "TX", 24_782, chi, &[]),
        city(8, "London", "GB", "ENG", 8_961_989, "Europe/London", &[]),
        city(9, "London", "CA", "08", 422_324, "America/Toronto", &[]),
        city(10, "Toronto", "CA", "08", 2_794_356, "America/Toronto", &[]),
        city(11, "Hyderabad", "IN", "40", 6_993_262, "Asia/Kolkata", &[]),
        city(12, "Hyderabad", "PK", "05", 1_921_275, "Asia/Karachi", &[]),
        city(
            13,
            "Bengaluru",
            "IN",
            "19",
            8_495_492,
            "Asia/Kolkata",
            &["Bangalore", "BLR", "bnglwr"],
        ),
        city(
            14,
            "New York City",
            "US",
            "NY",
            8_804_190,
            "America/New_York",
            &["New York", "NYC"],
        ),
        city(
            15,
            "Washington",
            "US",
            "DC",
            689_545,
            "America/New_York",
            &[],
        ),
        city(16, "St. Louis", "US", "MO", 279_695, chi, &[]),
        city(17, "Saint-Louis", "SN", "14", 254_171, "Africa/Dakar", &[]),
        city(
            18,
            "Jersey City",
            "US",
            "NJ",
            264_290,
            "America/New_York",
            &[],
        ),
        city(19, "Chicago", "US", "IL", 2_720_546, chi, &[]),
        city(
            20,
            "San Francisco",
            "US",
            "CA",
            827_526,
            "America/Los_Angeles",
            &[],
        ),
        city(
            21,
            "São Paulo",
            "BR",
            "27",
            12_400_232,
            "America/Sao_Paulo",
            &[],
        ),
        city(22, "Singapore", "SG", "", 5_638_700, "Asia/Singapore", &[]),
        city(23, "Berlin", "DE", "16", 3_426_354, "Europe/Berlin", &[]),
        city(24, "Pristina", "XK", "01", 161_751, "Europe/Belgrade", &[]),
        city(25, "Peru", "US", "IN", 11_060, chi, &[]),
        city(26, "Springfield", "US", "MO", 169_176, chi, &[]),
        city(
            27,
            "Springfield",
            "US",
            "MA",
            155_929,
            "America/New_York",
            &[],
        ),
        city(
            28,
            "Mumbai",
            "IN",
            "16",
            12_691_836,
            "Asia/Kolkata",
            &["Bombay"],
        ),
        city(29, "Austin", "US", "TX", 961_855, chi, &[]),
    ];
    let cities: serde_json::Map<_, _> = cities.into_iter().collect();
    let countries = json!({
        "US": {"population": 327_167_434}, "DE": {"population": 82_927_922},
        "SG": {"population": 5_638_676}, "IN": {"population": 1_352_617_328_u64},
    });
    (
        serde_json::Value::Object(cities).to_string(),
        countries.to_string(),
    )
}

fn gazetteer() -> Gazetteer {
    let (cities, countries) = fixture();
    Gazetteer::from_readers(cities.as_bytes(), countries.as_bytes()).unwrap()
}

fn cc(s: &str) -> CountryCode {
    CountryCode::parse(s).unwrap()
}

/// "city|region|country" of a resolved text, and its confidence.
fn read(g: &Gazetteer, text: &str, hint: Option<&str>) -> (String, f32) {
    let r = g
        .resolve(text, hint.map(cc))
        .unwrap_or_else(|| panic!("{text:?} resolved to nothing"));
    let shown = r.location.map_or_else(String::new, |l| {
        format!(
            "{}|{}|{}",
            l.city().unwrap_or(""),
            l.region().unwrap_or(""),
            l.country().map_or("", |c| c.as_str())
        )
    });
    (shown, r.confidence)
}

#[test]
fn builds_a_compact_index() {
    let g = gazetteer();
    assert_eq!(g.city_count(), 28, "Pristina (XK) is not a country we know");
    assert!(!g.from_cache());
    let keys = g.index.lookup("dallas");
    assert_eq!(keys.len(), 3);
    assert_eq!(keys.iter().filter(|(_, primary)| *primary).count(), 2);
    assert!(
        g.index.lookup("bnglwr").is_empty(),
        "transliteration junk is dropped"
    );
    assert!(g.index.lookup("blr").is_empty(), "codes are dropped");
    assert_eq!(g.index.lookup("bangalore").len(), 1);
    assert_eq!(g.index.lookup("sao paulo").len(), 1);
}

#[test]
fn qualifiers_decide() {
    let g = gazetteer();
    for (text, want) in [
        ("Dallas, TX", "Dallas|TX|US"),
        ("Dallas, Texas", "Dallas|TX|US"),
        ("Dallas TX 75201", "Dallas|TX|US"),
        ("Austin, TX, USA", "Austin|TX|US"),
        ("Dallas, OR", "Dallas|OR|US"),
        ("London, UK", "London|England|GB"),
        ("London, United Kingdom", "London|England|GB"),
        ("London, ON", "London|ON|CA"),
        ("Hyderabad, India", "Hyderabad|Telangana|IN"),
        ("Hyderabad, Pakistan", "Hyderabad||PK"),
        ("Paris, TX", "Paris|TX|US"),
        ("Washington, DC", "Washington|DC|US"),
        ("Peru, Indiana", "Peru|IN|US"),
        ("India, Bangalore", "Bengaluru|Karnataka|IN"),
    ] {
        let (got, confidence) = read(&g, text, None);
        assert_eq!(got, want, "{text}");
        assert!(confidence >= 0.8, "{text}: {confidence}");
    }
}

#[test]
fn names_and_aliases() {
    let g = gazetteer();
    for (text, want) in [
        ("Bangalore", "Bengaluru|Karnataka|IN"),
        ("Bombay", "Mumbai|Maharashtra|IN"),
        ("sao paulo", "São Paulo||BR"),
        ("NYC", "New York City|NY|US"),
        ("New York", "New York City|NY|US"),
        ("New York, NY", "New York City|NY|US"),
        ("Saint Louis", "St. Louis|MO|US"),
        ("St. Louis, MO", "St. Louis|MO|US"),
        ("Ft. Worth", "Fort Worth|TX|US"),
        ("San Francisco Bay Area", "San Francisco|CA|US"),
        ("Greater London", "London|England|GB"),
        ("Singapore", "Singapore||SG"),
    ] {
        assert_eq!(read(&g, text, None).0, want, "{text}");
    }
}

#[test]
fn population_then_hint_and_confidence() {
    let g = gazetteer();
    let (paris, unsure) = read(&g, "Paris", None);
    assert_eq!(paris, "Paris||FR");
    let (_, sure) = read(&g, "Paris, TX", None);
    assert!(unsure < sure, "{unsure} < {sure}");
    assert_eq!(read(&g, "Paris", Some("US")).0, "Paris|TX|US");
    assert_eq!(read(&g, "Hyderabad", Some("PK")).0, "Hyderabad||PK");
    let (_, springfield) = read(&g, "Springfield", None);
    assert!(
        springfield < 0.6,
        "two Springfields of similar size: {springfield}"
    );
    assert_eq!(read(&g, "Dallas", None).0, "Dallas|TX|US");
}

#[test]
fn areas_without_a_city() {
    let g = gazetteer();
    let r = g.resolve("Germany", None).unwrap();
    let l = r.location.unwrap();
    assert_eq!(
        (l.city(), l.region(), l.country()),
        (None, None, Some(cc("DE")))
    );
    assert_eq!(r.timezone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(r.population, 82_927_922);
    let r = g.resolve("Texas", None).unwrap();
    let l = r.location.unwrap();
    assert_eq!(
        (l.city(), l.region(), l.country()),
        (None, Some("TX"), Some(cc("US")))
    );
    assert_eq!(r.timezone.as_deref(), Some("America/Chicago"));
    assert!(r.population > 5_000_000);
    assert_eq!(read(&g, "Texas, USA", None).0, "|TX|US");
    assert_eq!(read(&g, "USA, Texas", None).0, "|TX|US");
    assert_eq!(read(&g, "Georgia", Some("US")).0, "|GA|US");
    assert_eq!(read(&g, "Georgia", None).0, "||GE");
}

#[test]
fn work_modes() {
    let g = gazetteer();
    let r = g.resolve("Remote", None).unwrap();
    assert_eq!(
        (r.location, r.remote.map(|h| h.mode)),
        (None, Some(RemoteMode::Remote))
    );
    let r = g.resolve("Remote - US", None).unwrap();
    assert_eq!(r.location.and_then(|l| l.country()), Some(cc("US")));
    let r = g.resolve("Remote (EST)", None).unwrap();
    assert_eq!(r.timezone.as_deref(), Some("America/New_York"));
    let hint = r.remote.unwrap();
    assert_eq!(
        (hint.mode, hint.timezone.as_deref()),
        (RemoteMode::Remote, Some("America/New_York"))
    );
    let r = g.resolve("Hybrid - Chicago, IL", None).unwrap();
    assert_eq!(r.remote.map(|h| h.mode), Some(RemoteMode::Hybrid));
    assert_eq!(r.location.unwrap().city(), Some("Chicago"));
    let r = g.resolve("Onsite in Jersey City, NJ", None).unwrap();
    assert_eq!(r.remote.map(|h| h.mode), Some(RemoteMode::Onsite));
    assert_eq!(r.location.unwrap().region(), Some("NJ"));
}

#[test]
fn gibberish_and_contradictions() {
    let g = gazetteer();
    for text in [
        "",
        "   ",
        "asdkjh qwe",
        "12345",
        "!!!",
        "Бангалор",
        "Dallas, Zzyzx Qq",
    ] {
        let r = g.resolve(text, None);
        if text.starts_with("Dallas") {
            assert!(r.is_some_and(|r| r.confidence < 0.95));
        } else {
            assert_eq!(r, None, "{text:?}");
        }
    }
    // No Dallas in Ontario: the qualifier is all that is sure.
    let (got, confidence) = read(&g, "Dallas, ON", None);
    assert_eq!(got, "|ON|CA");
    assert!(confidence < 0.8);
}

#[test]
fn lists_of_places_take_the_first() {
    let g = gazetteer();
    let (got, confidence) = read(&g, "Remote - US or Germany", None);
    assert_eq!(got, "||US");
    assert!(confidence < 0.7, "{confidence}");
    assert_eq!(read(&g, "Dallas, Paris", None).0, "Dallas|TX|US");
    assert_eq!(read(&g, "Austin-Dallas", None).0, "Austin|TX|US");
}

#[test]
fn an_unknown_district_gives_way_to_its_city() {
    let g = gazetteer();
    // Marble Hill is tiny and far from Bengaluru: the text means Bengaluru.
    assert_eq!(
        read(&g, "Marble Hill, Bangalore", None).0,
        "Bengaluru|Karnataka|IN"
    );
    // Two cities of similar size are a list; the first stands.
    assert_eq!(read(&g, "Austin, Dallas", None).0, "Austin|TX|US");
}

#[test]
fn can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Gazetteer>();
}

#[test]
fn resolves_the_same_way_every_time() {
    let g = gazetteer();
    let again = gazetteer();
    for text in [
        "Paris",
        "Dallas",
        "London",
        "Springfield",
        "Remote (EST)",
        "CA",
    ] {
        assert_eq!(g.resolve(text, None), again.resolve(text, None), "{text}");
    }
}

fn write_fixture(dir: &Path) {
    let (cities, countries) = fixture();
    std::fs::write(dir.join(CITIES_FILE), cities).unwrap();
    std::fs::write(dir.join(COUNTRIES_FILE), countries).unwrap();
}

#[test]
fn cache_is_written_then_used_then_rebuilt_when_stale_or_damaged() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let first = Gazetteer::load(dir.path()).unwrap();
    assert!(!first.from_cache());
    let cache_path = dir.path().join(CACHE_FILE);
    assert!(cache_path.is_file());
    let second = Gazetteer::load(dir.path()).unwrap();
    assert!(second.from_cache());
    assert_eq!(second.index.cities, first.index.cities);
    assert_eq!(second.index.keys, first.index.keys);
    assert_eq!(second.index.postings, first.index.postings);
    for text in ["Dallas, TX", "Bangalore", "Texas", "Paris"] {
        assert_eq!(first.resolve(text, None), second.resolve(text, None));
    }

    // A changed source makes the cache stale.
    let mut countries = std::fs::read_to_string(dir.path().join(COUNTRIES_FILE)).unwrap();
    countries.push(' ');
    std::fs::write(dir.path().join(COUNTRIES_FILE), countries).unwrap();
    assert!(!Gazetteer::load(dir.path()).unwrap().from_cache());
    assert!(Gazetteer::load(dir.path()).unwrap().from_cache());

    // Damage anywhere is caught, and the file is rebuilt.
    let good = std::fs::read(&cache_path).unwrap();
    for at in [0, 20, 100, good.len() / 2, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x5a;
        std::fs::write(&cache_path, &bad).unwrap();
        let g = Gazetteer::load(dir.path()).unwrap();
        assert!(!g.from_cache(), "flipped byte {at}");
        assert_eq!(std::fs::read(&cache_path).unwrap(), good);
    }
    std::fs::write(&cache_path, &good[..good.len() / 3]).unwrap();
    assert!(!Gazetteer::load(dir.path()).unwrap().from_cache());
}

#[test]
fn load_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = Gazetteer::load(dir.path()).unwrap_err();
    assert!(err.to_string().contains("cities1000.json"), "{err}");
    assert!(err.to_string().contains("hireloop setup"), "{err}");
    std::fs::write(dir.path().join(CITIES_FILE), "{\"1\": [}").unwrap();
    std::fs::write(dir.path().join(COUNTRIES_FILE), "{}").unwrap();
    let err = Gazetteer::build(dir.path()).unwrap_err();
    assert!(matches!(err, PlacesError::Json { .. }), "{err}");
    assert!(err.to_string().contains("cities1000.json"), "{err}");
}
