//! Place tables for demo data: US metros weighted by IT contract demand, world cities, and the
//! per-country pay levels, currencies and phone-number plans that go with them.

use hireloop_domain::values::{CountryCode, Currency, GeoPoint, Location, RateUnit};

/// A US metro: city, state code, map point, weight, and its area codes.
type UsCity = (&'static str, &'static str, f64, f64, u32, &'static [u16]);

/// US metros. Weights follow IT contract-job share rather than raw population: the Dallas and
/// NYC/NJ corridors, the Bay Area, Seattle, Chicago, Atlanta, Charlotte and the DC/Northern
/// Virginia belt dominate bench-sales hotlists; the Texas suburbs (Irving, Plano) and central
/// New Jersey (Edison, Princeton) are consulting-firm hubs in their own right.
pub(crate) const US_CITIES: &[UsCity] = &[
    ("Dallas", "TX", 32.7767, -96.7970, 40, &[214, 469, 972]),
    ("Irving", "TX", 32.8140, -96.9489, 15, &[972, 469]),
    ("Plano", "TX", 33.0198, -96.6989, 15, &[972, 469]),
    ("Frisco", "TX", 33.1507, -96.8236, 6, &[469, 972]),
    ("Houston", "TX", 29.7604, -95.3698, 25, &[713, 281, 832]),
    ("Austin", "TX", 30.2672, -97.7431, 25, &[512, 737]),
    ("San Antonio", "TX", 29.4241, -98.4936, 10, &[210, 726]),
    ("New York", "NY", 40.7128, -74.0060, 50, &[212, 646, 917]),
    ("Jersey City", "NJ", 40.7178, -74.0431, 15, &[201, 551]),
    ("Edison", "NJ", 40.5187, -74.4121, 12, &[732, 848]),
    ("Princeton", "NJ", 40.3573, -74.6672, 6, &[609]),
    ("Newark", "NJ", 40.7357, -74.1724, 6, &[973, 862]),
    ("Chicago", "IL", 41.8781, -87.6298, 35, &[312, 773, 872]),
    ("Naperville", "IL", 41.7508, -88.1535, 5, &[630, 331]),
    ("Atlanta", "GA", 33.7490, -84.3880, 30, &[404, 678, 470]),
    ("Alpharetta", "GA", 34.0754, -84.2941, 8, &[770, 678]),
    ("Charlotte", "NC", 35.2271, -80.8431, 20, &[704, 980]),
    ("Raleigh", "NC", 35.7796, -78.6382, 12, &[919, 984]),
    ("Durham", "NC", 35.9940, -78.8986, 5, &[919, 984]),
    ("Seattle", "WA", 47.6062, -122.3321, 25, &[206]),
    ("Redmond", "WA", 47.6740, -122.1215, 10, &[425]),
    ("Bellevue", "WA", 47.6101, -122.2015, 8, &[425]),
    ("San Francisco", "CA", 37.7749, -122.4194, 20, &[415, 628]),
    ("San Jose", "CA", 37.3382, -121.8863, 15, &[408, 669]),
    ("Sunnyvale", "CA", 37.3688, -122.0363, 8, &[408]),
    ("Santa Clara", "CA", 37.3541, -121.9552, 8, &[408]),
    ("Mountain View", "CA", 37.3861, -122.0839, 5, &[650]),
    ("Fremont", "CA", 37.5485, -121.9886, 5, &[510]),
    ("Oakland", "CA", 37.8044, -122.2712, 4, &[510, 341]),
    (
        "Los Angeles",
        "CA",
        34.0522,
        -118.2437,
        20,
        &[213, 310, 323],
    ),
    ("Irvine", "CA", 33.6846, -117.8265, 8, &[949]),
    ("San Diego", "CA", 32.7157, -117.1611, 10, &[619, 858]),
    ("Phoenix", "AZ", 33.4484, -112.0740, 15, &[602, 480, 623]),
    ("Scottsdale", "AZ", 33.4942, -111.9261, 4, &[480]),
    ("Denver", "CO", 39.7392, -104.9903, 15, &[303, 720]),
    ("Boston", "MA", 42.3601, -71.0589, 20, &[617, 857]),
    ("Cambridge", "MA", 42.3736, -71.1097, 5, &[617]),
    ("Washington", "DC", 38.9072, -77.0369, 15, &[202]),
    ("Arlington", "VA", 38.8816, -77.0910, 8, &[703, 571]),
    ("Reston", "VA", 38.9586, -77.3570, 8, &[703, 571]),
    ("McLean", "VA", 38.9339, -77.1773, 6, &[703, 571]),
    ("Herndon", "VA", 38.9696, -77.3861, 4, &[703, 571]),
    ("Bethesda", "MD", 38.9847, -77.0947, 4, &[301, 240]),
    ("Baltimore", "MD", 39.2904, -76.6122, 6, &[410, 443]),
    ("Richmond", "VA", 37.5407, -77.4360, 7, &[804]),
    ("Columbus", "OH", 39.9612, -82.9988, 10, &[614, 380]),
    ("Cleveland", "OH", 41.4993, -81.6944, 5, &[216]),
    ("Cincinnati", "OH", 39.1031, -84.5120, 6, &[513]),
    ("Detroit", "MI", 42.3314, -83.0458, 8, &[313]),
    ("Minneapolis", "MN", 44.9778, -93.2650, 10, &[612]),
    ("St. Louis", "MO", 38.6270, -90.1994, 7, &[314]),
    ("Kansas City", "MO", 39.0997, -94.5786, 7, &[816]),
    ("Tampa", "FL", 27.9506, -82.4572, 10, &[813]),
    ("Miami", "FL", 25.7617, -80.1918, 8, &[305, 786]),
    ("Orlando", "FL", 28.5383, -81.3792, 7, &[407, 321]),
    ("Jacksonville", "FL", 30.3322, -81.6557, 6, &[904]),
    ("Philadelphia", "PA", 39.9526, -75.1652, 12, &[215, 267]),
    ("Pittsburgh", "PA", 40.4406, -79.9959, 7, &[412]),
    ("Salt Lake City", "UT", 40.7608, -111.8910, 6, &[801, 385]),
    ("Nashville", "TN", 36.1627, -86.7816, 7, &[615, 629]),
    ("Indianapolis", "IN", 39.7684, -86.1581, 5, &[317]),
    ("Milwaukee", "WI", 43.0389, -87.9065, 4, &[414]),
    ("Portland", "OR", 45.5152, -122.6784, 6, &[503, 971]),
    ("Hartford", "CT", 41.7658, -72.6734, 5, &[860]),
    ("Stamford", "CT", 41.0534, -73.5387, 4, &[203]),
    ("Wilmington", "DE", 39.7391, -75.5398, 4, &[302]),
    ("Omaha", "NE", 41.2565, -95.9345, 3, &[402]),
    ("Des Moines", "IA", 41.5868, -93.6250, 3, &[515]),
    ("Las Vegas", "NV", 36.1699, -115.1398, 3, &[702]),
];

/// A city outside the US: city, region, ISO country, map point, weight, and the first digits
/// of a local mobile number (for Canada, the area code).
type WorldCity = (
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
    u32,
    &'static str,
);

/// World cities: Canadian metros (near-shore contractors, TN visas), Indian delivery centres,
/// UK/Irish/EU contract markets, Mexican and Polish near-shore hubs, Manila, and Australia.
pub(crate) const WORLD_CITIES: &[WorldCity] = &[
    ("Toronto", "ON", "CA", 43.6532, -79.3832, 20, "416"),
    ("Mississauga", "ON", "CA", 43.5890, -79.6441, 5, "905"),
    ("Vancouver", "BC", "CA", 49.2827, -123.1207, 8, "604"),
    ("Montreal", "QC", "CA", 45.5019, -73.5674, 5, "514"),
    ("Calgary", "AB", "CA", 51.0447, -114.0719, 3, "403"),
    ("London", "England", "GB", 51.5074, -0.1278, 12, "7"),
    ("Manchester", "England", "GB", 53.4808, -2.2426, 3, "7"),
    ("Bengaluru", "Karnataka", "IN", 12.9716, 77.5946, 14, "9"),
    ("Hyderabad", "Telangana", "IN", 17.3850, 78.4867, 12, "9"),
    ("Pune", "Maharashtra", "IN", 18.5204, 73.8567, 7, "8"),
    ("Chennai", "Tamil Nadu", "IN", 13.0827, 80.2707, 7, "9"),
    ("Noida", "Uttar Pradesh", "IN", 28.5355, 77.3910, 4, "7"),
    ("Gurugram", "Haryana", "IN", 28.4595, 77.0266, 4, "8"),
    ("Mexico City", "CDMX", "MX", 19.4326, -99.1332, 5, "55"),
    ("Guadalajara", "Jalisco", "MX", 20.6597, -103.3496, 4, "33"),
    ("Monterrey", "Nuevo León", "MX", 25.6866, -100.3161, 2, "81"),
    ("Kraków", "Lesser Poland", "PL", 50.0647, 19.9450, 4, "6"),
    ("Warsaw", "Masovia", "PL", 52.2297, 21.0122, 3, "5"),
    ("Manila", "Metro Manila", "PH", 14.5995, 120.9842, 5, "917"),
    ("Cebu City", "Cebu", "PH", 10.3157, 123.8854, 2, "927"),
    ("Dublin", "Leinster", "IE", 53.3498, -6.2603, 4, "87"),
    ("Berlin", "Berlin", "DE", 52.5200, 13.4050, 3, "151"),
    ("Munich", "Bavaria", "DE", 48.1351, 11.5820, 2, "160"),
    ("Amsterdam", "North Holland", "NL", 52.3676, 4.9041, 2, "6"),
    ("Sydney", "NSW", "AU", -33.8688, 151.2093, 3, "4"),
    ("Melbourne", "VIC", "AU", -37.8136, 144.9631, 2, "4"),
];

/// How a country pays IT people.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PayProfile {
    pub(crate) country: &'static str,
    pub(crate) currency: &'static str,
    /// Digits in a national mobile number (not used for NANP countries).
    pub(crate) nsn_len: u32,
    /// Local annual pay per US dollar of the equivalent US salary.
    pub(crate) salary_factor: f64,
    /// Round annual amounts to this many major units.
    pub(crate) annual_round: i64,
    /// Contractors' rate unit, their share, and their premium over the salaried equivalent.
    pub(crate) contract: Option<(RateUnit, f64, f64)>,
    /// Share of people who hold a TN visa (Canadians and Mexicans).
    pub(crate) tn_share: f64,
}

/// Levels: local IT pay against US pay for the same role (from public salary surveys, rounded):
/// Canada pays ~85% of US figures in CAD; UK ~48% in GBP; India ~1/6 of the USD figure in
/// INR terms ×100; day rates are the UK/EU/AU contracting norm, hourly in Canada, Poland and
/// the Netherlands; India, Mexico and the Philippines are quoted as annual salaries.
pub(crate) const PAY_PROFILES: &[PayProfile] = &[
    PayProfile {
        country: "CA",
        currency: "CAD",
        nsn_len: 10,
        salary_factor: 0.85,
        annual_round: 1000,
        contract: Some((RateUnit::Hour, 0.45, 1.25)),
        tn_share: 0.15,
    },
    PayProfile {
        country: "GB",
        currency: "GBP",
        nsn_len: 10,
        salary_factor: 0.48,
        annual_round: 1000,
        contract: Some((RateUnit::Day, 0.45, 1.5)),
        tn_share: 0.0,
    },
    PayProfile {
        country: "IN",
        currency: "INR",
        nsn_len: 10,
        salary_factor: 14.0,
        annual_round: 10_000,
        contract: None,
        tn_share: 0.0,
    },
    PayProfile {
        country: "MX",
        currency: "MXN",
        nsn_len: 10,
        salary_factor: 5.5,
        annual_round: 10_000,
        contract: None,
        tn_share: 0.12,
    },
    PayProfile {
        country: "PL",
        currency: "PLN",
        nsn_len: 9,
        salary_factor: 1.6,
        annual_round: 1000,
        contract: Some((RateUnit::Hour, 0.4, 1.3)),
        tn_share: 0.0,
    },
    PayProfile {
        country: "PH",
        currency: "PHP",
        nsn_len: 10,
        salary_factor: 9.0,
        annual_round: 10_000,
        contract: None,
        tn_share: 0.0,
    },
    PayProfile {
        country: "IE",
        currency: "EUR",
        nsn_len: 9,
        salary_factor: 0.62,
        annual_round: 1000,
        contract: Some((RateUnit::Day, 0.35, 1.5)),
        tn_share: 0.0,
    },
    PayProfile {
        country: "DE",
        currency: "EUR",
        nsn_len: 11,
        salary_factor: 0.55,
        annual_round: 1000,
        contract: Some((RateUnit::Day, 0.3, 1.5)),
        tn_share: 0.0,
    },
    PayProfile {
        country: "NL",
        currency: "EUR",
        nsn_len: 9,
        salary_factor: 0.55,
        annual_round: 1000,
        contract: Some((RateUnit::Hour, 0.35, 1.8)),
        tn_share: 0.0,
    },
    PayProfile {
        country: "AU",
        currency: "AUD",
        nsn_len: 9,
        salary_factor: 1.0,
        annual_round: 1000,
        contract: Some((RateUnit::Day, 0.4, 1.5)),
        tn_share: 0.0,
    },
];

/// How phone numbers are made up for a place.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PhonePlan {
    /// North American Numbering Plan: one of the area codes, then exchange and line.
    Nanp(&'static [u16]),
    /// `+{calling code}{prefix}{digits}` with `rest` digits after the prefix.
    Intl {
        calling: u16,
        prefix: &'static str,
        rest: u32,
    },
}

/// A place people and jobs are, ready to clone into records.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub(crate) location: Location,
    pub(crate) country: CountryCode,
    pub(crate) is_us: bool,
    pub(crate) phone: PhonePlan,
    /// The local pay profile (None for the US).
    pub(crate) pay: Option<(PayProfile, Currency)>,
}

/// Places with their pick weights.
pub(crate) type WeightedPlaces = Vec<(Place, u32)>;

/// Builds the place tables. A row whose values fail to validate is skipped (the tests prove
/// none does).
pub(crate) fn build_places() -> (WeightedPlaces, WeightedPlaces) {
    let us_country = CountryCode::parse("US").ok();
    let mut us = Vec::with_capacity(US_CITIES.len());
    if let Some(country) = us_country {
        for &(city, state, lat, lon, weight, codes) in US_CITIES {
            let point = GeoPoint::new(lat, lon).ok();
            let Ok(location) = Location::new(Some(city), Some(state), Some(country), point) else {
                continue;
            };
            us.push((
                Place {
                    location,
                    country,
                    is_us: true,
                    phone: PhonePlan::Nanp(codes),
                    pay: None,
                },
                weight,
            ));
        }
    }
    let mut world = Vec::with_capacity(WORLD_CITIES.len());
    for &(city, region, cc, lat, lon, weight, prefix) in WORLD_CITIES {
        let Ok(country) = CountryCode::parse(cc) else {
            continue;
        };
        let Some(profile) = PAY_PROFILES.iter().find(|p| p.country == cc) else {
            continue;
        };
        let Ok(currency) = Currency::parse(profile.currency) else {
            continue;
        };
        let point = GeoPoint::new(lat, lon).ok();
        let Ok(location) = Location::new(Some(city), Some(region), Some(country), point) else {
            continue;
        };
        let phone = if country.calling_code() == 1 {
            match prefix.parse::<u16>() {
                Ok(code) => PhonePlan::Nanp(nanp_slice(code)),
                Err(_) => continue,
            }
        } else {
            let used = u32::try_from(prefix.len()).unwrap_or(u32::MAX);
            PhonePlan::Intl {
                calling: country.calling_code(),
                prefix,
                rest: profile.nsn_len.saturating_sub(used),
            }
        };
        world.push((
            Place {
                location,
                country,
                is_us: false,
                phone,
                pay: Some((*profile, currency)),
            },
            weight,
        ));
    }
    (us, world)
}

/// Canadian area codes of the world table, as static slices.
fn nanp_slice(code: u16) -> &'static [u16] {
    match code {
        416 => &[416, 647, 437],
        905 => &[905, 289, 365],
        604 => &[604, 778, 236],
        514 => &[514, 438],
        403 => &[403, 587, 825],
        _ => &[416],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_builds() {
        let (us, world) = build_places();
        assert_eq!(us.len(), US_CITIES.len());
        assert_eq!(world.len(), WORLD_CITIES.len());
        assert!(us.len() >= 60);
        for (p, _) in &us {
            assert_eq!(p.location.country().map(|c| c.as_str()), Some("US"));
            assert_eq!(p.location.region().map(str::len), Some(2));
            if let PhonePlan::Nanp(codes) = p.phone {
                assert!(codes.iter().all(|c| (200..1000).contains(c)));
            }
        }
        for (p, _) in &world {
            if let PhonePlan::Intl { rest, .. } = p.phone {
                assert!((6..=10).contains(&rest), "{:?}", p.location);
            }
        }
    }
}
