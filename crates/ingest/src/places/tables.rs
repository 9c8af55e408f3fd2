//! The small hand-kept tables GeoNames lacks: first-level regions it numbers opaquely
//! (Canada "08" is Ontario), city nicknames and codes people write ("NYC", "Bay Area"),
//! time-zone abbreviations, and the filler words around a place.

/// A region in a country whose GeoNames admin1 codes are numbers or codes nobody types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    /// ISO alpha-2 country.
    pub country: &'static str,
    /// GeoNames admin1 code, as the cities carry it.
    pub admin1: &'static str,
    /// The name, then any other spellings and abbreviations people write.
    pub names: &'static [&'static str],
    /// What `Location::region` carries: the postal abbreviation where one is standard
    /// (Canada, Australia), otherwise the name.
    pub shown: &'static str,
}

const fn r(
    country: &'static str,
    admin1: &'static str,
    shown: &'static str,
    names: &'static [&'static str],
) -> Region {
    Region {
        country,
        admin1,
        names,
        shown,
    }
}

/// Canadian provinces, Australian states, Indian states and territories and the UK's
/// nations. US states need no table: GeoNames uses their postal codes.
pub(crate) const REGIONS: &[Region] = &[
    r("CA", "01", "AB", &["Alberta", "AB", "Alta"]),
    r("CA", "02", "BC", &["British Columbia", "BC"]),
    r("CA", "03", "MB", &["Manitoba", "MB"]),
    r("CA", "04", "NB", &["New Brunswick", "NB"]),
    r(
        "CA",
        "05",
        "NL",
        &["Newfoundland and Labrador", "Newfoundland", "NL", "NF"],
    ),
    r("CA", "07", "NS", &["Nova Scotia", "NS"]),
    r("CA", "08", "ON", &["Ontario", "ON", "Ont"]),
    r("CA", "09", "PE", &["Prince Edward Island", "PEI", "PE"]),
    r("CA", "10", "QC", &["Quebec", "QC", "PQ", "Que"]),
    r("CA", "11", "SK", &["Saskatchewan", "SK", "Sask"]),
    r("CA", "12", "YT", &["Yukon", "YT"]),
    r("CA", "13", "NT", &["Northwest Territories", "NT", "NWT"]),
    r("CA", "14", "NU", &["Nunavut", "NU"]),
    r("AU", "01", "ACT", &["Australian Capital Territory", "ACT"]),
    r("AU", "02", "NSW", &["New South Wales", "NSW"]),
    r("AU", "03", "NT", &["Northern Territory", "NT"]),
    r("AU", "04", "QLD", &["Queensland", "QLD"]),
    r("AU", "05", "SA", &["South Australia", "SA"]),
    r("AU", "06", "TAS", &["Tasmania", "TAS"]),
    r("AU", "07", "VIC", &["Victoria", "VIC"]),
    r("AU", "08", "WA", &["Western Australia", "WA"]),
    r("GB", "ENG", "England", &["England"]),
    r("GB", "SCT", "Scotland", &["Scotland"]),
    r("GB", "WLS", "Wales", &["Wales"]),
    r("GB", "NIR", "Northern Ireland", &["Northern Ireland", "NI"]),
    r(
        "IN",
        "01",
        "Andaman and Nicobar Islands",
        &["Andaman and Nicobar Islands"],
    ),
    r("IN", "02", "Andhra Pradesh", &["Andhra Pradesh", "AP"]),
    r("IN", "03", "Assam", &["Assam"]),
    r("IN", "05", "Chandigarh", &["Chandigarh"]),
    r("IN", "07", "Delhi", &["Delhi", "NCT of Delhi", "DL"]),
    r("IN", "09", "Gujarat", &["Gujarat", "GJ"]),
    r("IN", "10", "Haryana", &["Haryana", "HR"]),
    r("IN", "11", "Himachal Pradesh", &["Himachal Pradesh", "HP"]),
    r("IN", "12", "Jammu and Kashmir", &["Jammu and Kashmir"]),
    r("IN", "13", "Kerala", &["Kerala", "KL"]),
    r("IN", "14", "Lakshadweep", &["Lakshadweep"]),
    r("IN", "16", "Maharashtra", &["Maharashtra", "MH"]),
    r("IN", "17", "Manipur", &["Manipur"]),
    r("IN", "18", "Meghalaya", &["Meghalaya"]),
    r("IN", "19", "Karnataka", &["Karnataka", "KA"]),
    r("IN", "20", "Nagaland", &["Nagaland"]),
    r("IN", "21", "Odisha", &["Odisha", "Orissa", "OD"]),
    r("IN", "22", "Puducherry", &["Puducherry", "Pondicherry"]),
    r("IN", "23", "Punjab", &["Punjab", "PB"]),
    r("IN", "24", "Rajasthan", &["Rajasthan", "RJ"]),
    r("IN", "25", "Tamil Nadu", &["Tamil Nadu", "TN"]),
    r("IN", "26", "Tripura", &["Tripura"]),
    r("IN", "28", "West Bengal", &["West Bengal", "WB"]),
    r("IN", "29", "Sikkim", &["Sikkim"]),
    r("IN", "30", "Arunachal Pradesh", &["Arunachal Pradesh"]),
    r("IN", "31", "Mizoram", &["Mizoram"]),
    r("IN", "33", "Goa", &["Goa"]),
    r("IN", "34", "Bihar", &["Bihar", "BR"]),
    r("IN", "35", "Madhya Pradesh", &["Madhya Pradesh", "MP"]),
    r("IN", "36", "Uttar Pradesh", &["Uttar Pradesh", "UP"]),
    r("IN", "37", "Chhattisgarh", &["Chhattisgarh", "CG"]),
    r("IN", "38", "Jharkhand", &["Jharkhand", "JH"]),
    r("IN", "39", "Uttarakhand", &["Uttarakhand", "Uttaranchal"]),
    r("IN", "40", "Telangana", &["Telangana", "TS", "TG"]),
    r("IN", "41", "Ladakh", &["Ladakh"]),
    r(
        "IN",
        "52",
        "Dadra and Nagar Haveli and Daman and Diu",
        &["Dadra and Nagar Haveli and Daman and Diu"],
    ),
];

/// Nicknames and codes for cities that GeoNames' alternate names do not carry (or that
/// the junk filter drops, such as all-capital codes): alias → (city name, country,
/// admin1 code). The city is looked up by name and must be in that country and region.
pub(crate) const CITY_ALIASES: &[(&str, &str, &str, &str)] = &[
    ("NYC", "New York City", "US", "NY"),
    ("New York", "New York City", "US", "NY"),
    ("SF", "San Francisco", "US", "CA"),
    ("San Fran", "San Francisco", "US", "CA"),
    ("Bay Area", "San Francisco", "US", "CA"),
    ("SF Bay Area", "San Francisco", "US", "CA"),
    ("San Francisco Bay Area", "San Francisco", "US", "CA"),
    ("Silicon Valley", "San Jose", "US", "CA"),
    ("LA", "Los Angeles", "US", "CA"),
    ("DFW", "Dallas", "US", "TX"),
    ("Dallas Fort Worth", "Dallas", "US", "TX"),
    ("Dallas-Fort Worth Metroplex", "Dallas", "US", "TX"),
    ("DC", "Washington", "US", "DC"),
    ("Washington DC", "Washington", "US", "DC"),
    ("Washington D.C.", "Washington", "US", "DC"),
    ("Philly", "Philadelphia", "US", "PA"),
    ("NOLA", "New Orleans", "US", "LA"),
    ("Vegas", "Las Vegas", "US", "NV"),
    ("Twin Cities", "Minneapolis", "US", "MN"),
    ("Research Triangle", "Raleigh", "US", "NC"),
    ("RTP", "Raleigh", "US", "NC"),
    ("Research Triangle Park", "Raleigh", "US", "NC"),
    ("Delhi NCR", "Delhi", "IN", "07"),
    ("NCR", "Delhi", "IN", "07"),
    ("KL", "Kuala Lumpur", "MY", ""),
    ("HCMC", "Ho Chi Minh City", "VN", ""),
];

/// A time-zone abbreviation or name → a representative IANA zone. `weak` forms (two
/// letters, or a word that is also a place) count only in brackets or next to "time"
/// or "zone", so "Hartford, CT" stays Connecticut.
pub(crate) struct ZoneWord {
    pub word: &'static str,
    pub zone: &'static str,
    pub weak: bool,
}

const fn z(word: &'static str, zone: &'static str, weak: bool) -> ZoneWord {
    ZoneWord { word, zone, weak }
}

pub(crate) const ZONE_WORDS: &[ZoneWord] = &[
    z("est", "America/New_York", false),
    z("edt", "America/New_York", false),
    z("et", "America/New_York", true),
    z("eastern", "America/New_York", true),
    z("cst", "America/Chicago", false),
    z("cdt", "America/Chicago", false),
    z("ct", "America/Chicago", true),
    z("central", "America/Chicago", true),
    z("mst", "America/Denver", false),
    z("mdt", "America/Denver", false),
    z("mt", "America/Denver", true),
    z("mountain", "America/Denver", true),
    z("pst", "America/Los_Angeles", false),
    z("pdt", "America/Los_Angeles", false),
    z("pt", "America/Los_Angeles", true),
    z("pacific", "America/Los_Angeles", true),
    z("akst", "America/Anchorage", false),
    z("hst", "Pacific/Honolulu", false),
    z("utc", "Etc/UTC", false),
    z("gmt", "Europe/London", false),
    z("bst", "Europe/London", false),
    z("wet", "Europe/Lisbon", true),
    z("cet", "Europe/Berlin", false),
    z("cest", "Europe/Berlin", false),
    z("eet", "Europe/Athens", false),
    z("eest", "Europe/Athens", false),
    z("ist", "Asia/Kolkata", false),
    z("pkt", "Asia/Karachi", false),
    z("sgt", "Asia/Singapore", false),
    z("jst", "Asia/Tokyo", false),
    z("kst", "Asia/Seoul", false),
    z("aest", "Australia/Sydney", false),
    z("aedt", "Australia/Sydney", false),
    z("awst", "Australia/Perth", false),
    z("nzst", "Pacific/Auckland", false),
    z("nzdt", "Pacific/Auckland", false),
    z("brt", "America/Sao_Paulo", false),
];

/// Offsets that are not whole hours, to the zone that keeps them all year.
pub(crate) const ODD_OFFSETS: &[(i32, &str)] = &[
    (330, "Asia/Kolkata"),
    (345, "Asia/Kathmandu"),
    (210, "Asia/Tehran"),
    (270, "Asia/Kabul"),
    (390, "Asia/Yangon"),
    (-210, "America/St_Johns"),
];

/// Words around a place that name an area rather than change it: "Greater London",
/// "San Francisco Bay Area", "Dallas metro". Tried only when the words as written are
/// not a place themselves ("City of London" is one).
pub(crate) const AREA_PREFIXES: &[&str] = &["greater", "downtown", "metro", "city of", "central"];
pub(crate) const AREA_SUFFIXES: &[&str] = &[
    "bay area",
    "metropolitan area",
    "metro area",
    "metroplex",
    "metro",
    "area",
    "region",
    "downtown",
    "city centre",
    "city center",
    "urban",
    "district",
];

/// Words that introduce or trail a place in a location field ("based in Austin",
/// "US only"); stripped from the ends of a part that has other words.
pub(crate) const LEADING_FILLER: &[&str] = &[
    "based in",
    "located in",
    "anywhere in",
    "out of",
    "within",
    "near",
    "from",
    "in",
    "at",
];
pub(crate) const TRAILING_FILLER: &[&str] = &[
    "only",
    "based",
    "preferred",
    "ok",
    "friendly",
    "first",
    "required",
    "hq",
];

/// Parts that carry no place at all, including world regions, which a `Location` cannot
/// hold ("EMEA" would otherwise find Apac, Uganda).
pub(crate) const EMPTY_PARTS: &[&str] = &[
    "emea",
    "apac",
    "apj",
    "latam",
    "amer",
    "americas",
    "north america",
    "south america",
    "latin america",
    "europe",
    "asia",
    "asia pacific",
    "africa",
    "middle east",
    "oceania",
    "nordics",
    "benelux",
    "dach",
    "global",
    "worldwide",
    "international",
    "location",
    "locations",
    "job location",
    "multiple locations",
    "various locations",
    "various",
    "hq",
    "headquarters",
    "office",
    "n a",
    "tbd",
    "flexible",
];
