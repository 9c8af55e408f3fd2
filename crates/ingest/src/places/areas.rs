//! Areas — countries and first-level regions — and every way a part of a location can
//! be read as one ("CA" is Canada and California; "Georgia" a country and a state).

use std::collections::HashMap;
use std::sync::LazyLock;

use hireloop_domain::values::{CountryCode, us_state_code};

use super::fold;
use super::tables::{REGIONS, Region};

/// A country, or a region inside one identified by its GeoNames admin1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Area {
    Country(CountryCode),
    Region {
        country: CountryCode,
        admin1: &'static str,
        /// What `Location::region` carries ("TX", "ON", "Karnataka").
        shown: &'static str,
    },
}

impl Area {
    pub fn country(&self) -> CountryCode {
        match self {
            Area::Country(c) | Area::Region { country: c, .. } => *c,
        }
    }

    /// Whether both can describe one place: equal, or one inside the other.
    pub fn compatible(&self, other: &Area) -> bool {
        if self.country() != other.country() {
            return false;
        }
        match (self, other) {
            (Area::Region { admin1: a, .. }, Area::Region { admin1: b, .. }) => a == b,
            _ => true,
        }
    }
}

static REGION_KEYS: LazyLock<HashMap<String, Vec<&'static Region>>> = LazyLock::new(|| {
    let mut map: HashMap<String, Vec<&'static Region>> = HashMap::new();
    for region in REGIONS {
        for name in region.names {
            let entry = map.entry(fold::key(name)).or_default();
            if !entry.contains(&region) {
                entry.push(region);
            }
        }
    }
    map
});

static US: LazyLock<Option<CountryCode>> = LazyLock::new(|| CountryCode::parse("US").ok());

/// Every reading of `part` as an area: the country, then the US state (the other way
/// round for a two-letter code), then the regions table in its order.
pub(crate) fn areas(part: &str) -> Vec<Area> {
    let mut out = Vec::new();
    if part.trim().is_empty() {
        return out;
    }
    let state = match (us_state_code(part), *US) {
        (Some(code), Some(us)) => Some(Area::Region {
            country: us,
            admin1: code,
            shown: code,
        }),
        _ => None,
    };
    // Two letters written alone are far more often a US state than an ISO country code
    // ("NC", "IN", "DE"); countries are written as names, except "US" and "UK".
    let two_letters =
        part.trim().len() == 2 && part.trim().chars().all(|c| c.is_ascii_alphabetic());
    if two_letters {
        out.extend(state);
    }
    if let Ok(country) = CountryCode::parse(part) {
        out.push(Area::Country(country));
    }
    if !two_letters {
        out.extend(state);
    }
    for region in REGION_KEYS.get(&fold::key(part)).into_iter().flatten() {
        if let Ok(country) = CountryCode::parse(region.country) {
            let area = Area::Region {
                country,
                admin1: region.admin1,
                shown: region.shown,
            };
            if !out.contains(&area) {
                out.push(area);
            }
        }
    }
    out
}

/// What `Location::region` shows for a city's admin1 code: US state codes as they are,
/// table regions by their usual form, and nothing where GeoNames' code means nothing to
/// a reader (most countries number their regions).
pub(crate) fn shown_region(country: CountryCode, admin1: &str) -> Option<&'static str> {
    if Some(country) == *US {
        return us_state_code(admin1).filter(|code| code.eq_ignore_ascii_case(admin1));
    }
    REGIONS
        .iter()
        .find(|r| r.country == country.as_str() && r.admin1 == admin1)
        .map(|r| r.shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(s: &str) -> CountryCode {
        CountryCode::parse(s).unwrap()
    }

    #[test]
    fn reads_every_meaning() {
        let ca = areas("CA");
        assert!(matches!(ca[0], Area::Region { admin1: "CA", .. }));
        assert_eq!(ca[1], Area::Country(cc("CA")));
        assert_eq!(areas("Canada"), [Area::Country(cc("CA"))]);
        let georgia = areas("Georgia");
        assert_eq!(georgia[0], Area::Country(cc("GE")));
        let on = areas("ON");
        assert_eq!(on.len(), 1);
        assert!(matches!(
            on[0],
            Area::Region {
                admin1: "08",
                shown: "ON",
                ..
            }
        ));
        assert_eq!(georgia.len(), 2);
        assert!(matches!(
            areas("Karnataka")[0],
            Area::Region { admin1: "19", .. }
        ));
        assert!(matches!(
            areas("texas")[0],
            Area::Region { shown: "TX", .. }
        ));
        assert!(areas("Dallas").is_empty());
        assert!(areas("").is_empty());
        // England is both the UK and a region of it.
        assert_eq!(areas("England").len(), 2);
    }

    #[test]
    fn compatibility() {
        let us = Area::Country(cc("US"));
        let tx = areas("TX")[0];
        let dc = areas("DC")[0];
        assert!(us.compatible(&tx) && tx.compatible(&us));
        assert!(!tx.compatible(&dc));
        assert!(!Area::Country(cc("IN")).compatible(&tx));
    }

    #[test]
    fn shown_regions() {
        assert_eq!(shown_region(cc("US"), "TX"), Some("TX"));
        assert_eq!(shown_region(cc("CA"), "08"), Some("ON"));
        assert_eq!(shown_region(cc("IN"), "19"), Some("Karnataka"));
        assert_eq!(shown_region(cc("FR"), "11"), None);
        assert_eq!(shown_region(cc("US"), "texas"), None);
    }
}
