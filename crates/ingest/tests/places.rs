//! Integration tests for `hireloop_ingest::places` on the real GeoNames asset: every
//! kind of location text recruiters write, ambiguity and confidence, work modes, and
//! never panicking on any input. Skipped (loudly) when the asset is not installed.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use hireloop_domain::values::{CountryCode, RemoteMode};
use hireloop_ingest::places::{CITIES_FILE, Gazetteer, Resolved};
use proptest::prelude::*;

fn gazetteer(test: &str) -> Option<&'static Gazetteer> {
    asset(test).map(|(_, g)| g)
}

/// The installed asset's folder and the gazetteer loaded from it (once per test binary).
fn asset(test: &str) -> Option<&'static (PathBuf, Gazetteer)> {
    static LOADED: OnceLock<Option<(PathBuf, Gazetteer)>> = OnceLock::new();
    let loaded = LOADED.get_or_init(|| {
        let assets = hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
        let dir = match assets.file(&hireloop_assets::GEONAMES, CITIES_FILE) {
            Ok(path) => path.parent().map(PathBuf::from).unwrap_or_default(),
            Err(e) => {
                if std::env::var("CI").as_deref() == Ok("true") {
                    panic!("the GeoNames asset is missing under CI: {e}");
                }
                return None;
            }
        };
        let gazetteer = Gazetteer::load(&dir).expect("the installed GeoNames asset loads");
        Some((dir, gazetteer))
    });
    static WARNED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    // Property tests ask once per case; say it once per test.
    let first = WARNED
        .lock()
        .map_or(true, |mut w| w.insert(test.to_owned()));
    if loaded.is_none() && first {
        eprintln!(
            "\n!!!!! SKIPPED {test}: the GeoNames asset is not installed (run `hireloop setup`) !!!!!\n"
        );
    }
    loaded.as_ref()
}

fn cc(s: &str) -> CountryCode {
    CountryCode::parse(s).unwrap()
}

fn resolve(g: &Gazetteer, text: &str, hint: Option<&str>) -> Resolved {
    g.resolve(text, hint.map(cc))
        .unwrap_or_else(|| panic!("{text:?} resolved to nothing"))
}

/// "city|region|country" of the resolved location ("" for absent parts).
fn shown(r: &Resolved) -> String {
    r.location.as_ref().map_or_else(String::new, |l| {
        let country = l.country().map_or("", |c| c.as_str());
        format!(
            "{}|{}|{country}",
            l.city().unwrap_or(""),
            l.region().unwrap_or("")
        )
    })
}

#[test]
fn loads_the_whole_asset() {
    let Some(g) = gazetteer("loads_the_whole_asset") else {
        return;
    };
    assert!(g.city_count() > 150_000, "{}", g.city_count());
    assert!(g.name_count() > g.city_count());
}

#[test]
fn the_cache_answers_as_the_json_does() {
    let Some((dir, loaded)) = asset("the_cache_answers_as_the_json_does") else {
        return;
    };
    // A cache of its own, so the test does not depend on the asset folder being writable.
    let scratch = tempfile::tempdir().unwrap();
    let cache = scratch.path().join("gazetteer");
    let built = Gazetteer::load_cached(dir, &cache).expect("the JSON builds");
    let cached = Gazetteer::load_cached(dir, &cache).expect("the cache loads");
    assert!(!built.from_cache());
    assert!(cached.from_cache());
    let counts = |g: &Gazetteer| (g.city_count(), g.name_count());
    assert_eq!(counts(&built), counts(&cached));
    assert_eq!(counts(loaded), counts(&cached));
    for text in [
        "Dallas, TX",
        "Paris",
        "Bangalore",
        "Texas",
        "Germany",
        "Remote - US",
        "Saint Louis",
    ] {
        assert_eq!(
            built.resolve(text, None),
            cached.resolve(text, None),
            "{text}"
        );
        assert_eq!(
            loaded.resolve(text, None),
            cached.resolve(text, None),
            "{text}"
        );
    }
}

#[test]
fn cities_with_qualifiers() {
    let Some(g) = gazetteer("cities_with_qualifiers") else {
        return;
    };
    for (text, want, zone) in [
        ("Dallas, TX", "Dallas|TX|US", "America/Chicago"),
        ("Dallas, Texas", "Dallas|TX|US", "America/Chicago"),
        ("Dallas TX 75201", "Dallas|TX|US", "America/Chicago"),
        ("Austin, TX, USA", "Austin|TX|US", "America/Chicago"),
        ("London, UK", "London|England|GB", "Europe/London"),
        (
            "London, United Kingdom",
            "London|England|GB",
            "Europe/London",
        ),
        ("London, ON", "London|ON|CA", "America/Toronto"),
        (
            "Bengaluru, Karnataka",
            "Bengaluru|Karnataka|IN",
            "Asia/Kolkata",
        ),
        ("Hyderabad, India", "Hyderabad|Telangana|IN", "Asia/Kolkata"),
        ("Hyderabad, Pakistan", "Hyderabad||PK", "Asia/Karachi"),
        ("Paris, TX", "Paris|TX|US", "America/Chicago"),
        ("Washington, DC", "Washington|DC|US", "America/New_York"),
        ("St. Louis, MO", "St. Louis|MO|US", "America/Chicago"),
        ("Toronto, ON M5V 2T6", "Toronto|ON|CA", "America/Toronto"),
        (
            "Mumbai, Maharashtra, India",
            "Mumbai|Maharashtra|IN",
            "Asia/Kolkata",
        ),
        ("Berlin, Germany", "Berlin||DE", "Europe/Berlin"),
    ] {
        let r = resolve(g, text, None);
        assert_eq!(shown(&r), want, "{text}");
        assert_eq!(r.timezone.as_deref(), Some(zone), "{text}");
        assert!(r.confidence >= 0.9, "{text}: {}", r.confidence);
        assert!(
            r.location.and_then(|l| l.point()).is_some(),
            "{text} has a map point"
        );
        assert!(r.population > 1_000, "{text}");
        assert_eq!(r.remote, None);
    }
}

#[test]
fn other_names_for_cities() {
    let Some(g) = gazetteer("other_names_for_cities") else {
        return;
    };
    for (text, want) in [
        ("Bangalore", "Bengaluru|Karnataka|IN"),
        ("Bengaluru", "Bengaluru|Karnataka|IN"),
        ("Bombay", "Mumbai|Maharashtra|IN"),
        ("Mumbai", "Mumbai|Maharashtra|IN"),
        ("Gurgaon", "Gurugram|Haryana|IN"),
        ("Gurugram", "Gurugram|Haryana|IN"),
        ("São Paulo", "São Paulo||BR"),
        ("Sao Paulo", "São Paulo||BR"),
        ("NYC", "New York City|NY|US"),
        ("New York City", "New York City|NY|US"),
        ("New York", "New York City|NY|US"),
        ("New York, NY", "New York City|NY|US"),
        ("San Francisco Bay Area", "San Francisco|CA|US"),
        ("Saint Louis", "St. Louis|MO|US"),
        ("Ft. Worth", "Fort Worth|TX|US"),
        ("Fort Worth, TX", "Fort Worth|TX|US"),
        ("Calcutta", "Kolkata|West Bengal|IN"),
        ("Delhi", "Delhi|Delhi|IN"),
        ("Singapore", "Singapore||SG"),
        ("Toronto", "Toronto|ON|CA"),
        ("Greater London", "London|England|GB"),
        ("Montreal, QC", "Montréal|QC|CA"),
    ] {
        let r = resolve(g, text, None);
        assert_eq!(shown(&r), want, "{text}");
        assert!(r.confidence >= 0.4, "{text}: {}", r.confidence);
    }
}

#[test]
fn ambiguity_goes_to_qualifier_then_hint_then_population() {
    let Some(g) = gazetteer("ambiguity_goes_to_qualifier_then_hint_then_population") else {
        return;
    };
    let paris = resolve(g, "Paris", None);
    assert_eq!(shown(&paris), "Paris||FR");
    let paris_tx = resolve(g, "Paris, TX", None);
    assert!(paris.confidence < paris_tx.confidence);
    assert!(paris.confidence <= 0.85, "{}", paris.confidence);
    assert_eq!(shown(&resolve(g, "Paris", Some("US"))), "Paris|TX|US");
    assert_eq!(
        shown(&resolve(g, "Hyderabad", None)),
        "Hyderabad|Telangana|IN"
    );
    assert_eq!(shown(&resolve(g, "Hyderabad", Some("PK"))), "Hyderabad||PK");
    assert_eq!(shown(&resolve(g, "London", None)), "London|England|GB");
    assert_eq!(shown(&resolve(g, "London", Some("CA"))), "London|ON|CA");
    // The qualifier beats the hint.
    assert_eq!(
        shown(&resolve(g, "London, UK", Some("CA"))),
        "London|England|GB"
    );
    let dallas = resolve(g, "Dallas", None);
    assert_eq!(shown(&dallas), "Dallas|TX|US");
    let springfield = resolve(g, "Springfield", Some("US"));
    assert!(springfield.confidence < 0.7, "{}", springfield.confidence);
}

#[test]
fn countries_and_states() {
    let Some(g) = gazetteer("countries_and_states") else {
        return;
    };
    let germany = resolve(g, "Germany", None);
    assert_eq!(shown(&germany), "||DE");
    assert_eq!(germany.timezone.as_deref(), Some("Europe/Berlin"));
    assert!(germany.population > 50_000_000);
    assert!(germany.location.as_ref().and_then(|l| l.point()).is_none());
    let texas = resolve(g, "Texas", None);
    assert_eq!(shown(&texas), "|TX|US");
    assert_eq!(texas.timezone.as_deref(), Some("America/Chicago"));
    assert_eq!(shown(&resolve(g, "Texas, USA", None)), "|TX|US");
    assert_eq!(shown(&resolve(g, "India", None)), "||IN");
    assert_eq!(shown(&resolve(g, "Ontario", None)), "|ON|CA");
    assert_eq!(shown(&resolve(g, "Karnataka", None)), "|Karnataka|IN");
    assert_eq!(shown(&resolve(g, "United States", None)), "||US");
}

#[test]
fn work_modes_and_time_zones() {
    let Some(g) = gazetteer("work_modes_and_time_zones") else {
        return;
    };
    let remote = resolve(g, "Remote", None);
    assert_eq!(remote.location, None);
    assert_eq!(
        remote.remote.as_ref().map(|h| h.mode),
        Some(RemoteMode::Remote)
    );

    let us = resolve(g, "Remote - US", None);
    assert_eq!(shown(&us), "||US");
    assert_eq!(us.remote.as_ref().map(|h| h.mode), Some(RemoteMode::Remote));

    let est = resolve(g, "Remote (EST)", None);
    assert_eq!(est.location, None);
    assert_eq!(est.timezone.as_deref(), Some("America/New_York"));
    let hint = est.remote.expect("a remote hint");
    assert_eq!(hint.timezone.as_deref(), Some("America/New_York"));

    let hybrid = resolve(g, "Hybrid - Chicago, IL", None);
    assert_eq!(shown(&hybrid), "Chicago|IL|US");
    assert_eq!(hybrid.remote.map(|h| h.mode), Some(RemoteMode::Hybrid));

    let onsite = resolve(g, "Onsite in Jersey City, NJ", None);
    assert_eq!(shown(&onsite), "Jersey City|NJ|US");
    assert_eq!(onsite.remote.map(|h| h.mode), Some(RemoteMode::Onsite));

    let india = resolve(g, "Remote, India (IST)", None);
    assert_eq!(shown(&india), "||IN");
    assert_eq!(india.timezone.as_deref(), Some("Asia/Kolkata"));
}

#[test]
fn gibberish_is_nothing() {
    let Some(g) = gazetteer("gibberish_is_nothing") else {
        return;
    };
    for text in [
        "",
        "  ",
        "asdfghjkl qwertyuiop",
        "xqzv",
        "12345",
        "!!!",
        "??, ??",
        "N/A",
    ] {
        assert_eq!(g.resolve(text, None), None, "{text:?}");
    }
}

/// Pieces location fields are made of, to build plausible and implausible text from.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Dallas".to_owned()),
        Just("TX".to_owned()),
        Just("Remote".to_owned()),
        Just("(EST)".to_owned()),
        Just("Saint-Louis".to_owned()),
        Just("São Paulo".to_owned()),
        Just("UTC+5:30".to_owned()),
        Just("in".to_owned()),
        Just("or".to_owned()),
        Just("75201".to_owned()),
        "[ ,;/|()\\-–.]{1,3}",
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn resolve_never_panics(text in "\\PC{0,80}", raw in any::<String>(), hint in proptest::option::of(0usize..249)) {
        let Some(g) = gazetteer("resolve_never_panics") else { return Ok(()) };
        let hint = hint.and_then(|i| CountryCode::all().nth(i));
        for t in [&text, &raw] {
            if let Some(r) = g.resolve(t, hint) {
                prop_assert!(r.confidence > 0.0 && r.confidence <= 1.0);
                prop_assert!(r.location.is_some() || r.remote.is_some() || r.timezone.is_some());
            }
        }
    }

    #[test]
    fn assembled_text_is_stable(pieces in proptest::collection::vec(piece(), 0..8), hint in proptest::option::of(0usize..249)) {
        let Some(g) = gazetteer("assembled_text_is_stable") else { return Ok(()) };
        let hint = hint.and_then(|i| CountryCode::all().nth(i));
        let text = pieces.join(" ");
        let once = g.resolve(&text, hint);
        // Deterministic, and blind to surrounding whitespace.
        prop_assert_eq!(&once, &g.resolve(&text, hint));
        prop_assert_eq!(&once, &g.resolve(&format!("  {text}\t"), hint));
    }
}
