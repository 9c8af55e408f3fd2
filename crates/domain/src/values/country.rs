//! Countries: ISO 3166-1 codes, English names and calling codes, plus US state codes.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use crate::error::ValueError;

/// A country by its ISO 3166-1 alpha-2 code ("US"). Serialized as that code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(u8);

impl CountryCode {
    /// Accepts an alpha-2 or alpha-3 code, the English name or a common alias ("USA", "UK",
    /// "England", "UAE"), ignoring case, dots, accents and a leading "the".
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let shown = s.trim();
        if shown.is_empty() {
            return Err(ValueError::new("the country is empty"));
        }
        LOOKUP
            .get(&name_key(shown))
            .map(|&i| Self(i))
            .ok_or_else(|| ValueError::new(format!("'{shown}' is not a country we know")))
    }

    /// The alpha-2 code, e.g. "US".
    pub fn as_str(&self) -> &'static str {
        self.entry().0
    }

    /// The alpha-3 code, e.g. "USA".
    pub fn alpha3(&self) -> &'static str {
        self.entry().1
    }

    /// The common English name, e.g. "United States".
    pub fn name(&self) -> &'static str {
        self.entry().2
    }

    /// The international calling code, e.g. 1 for US and CA, 44 for GB, 91 for IN.
    pub fn calling_code(&self) -> u16 {
        self.entry().3
    }

    /// Every country, in alpha-2 order.
    pub fn all() -> impl Iterator<Item = CountryCode> {
        (0..COUNTRIES.len()).filter_map(|i| u8::try_from(i).ok().map(Self))
    }

    /// The country a calling code is read as. Codes shared by several countries go to the
    /// largest one (1 → US, 7 → RU, 44 → GB, 61 → AU).
    pub fn for_calling_code(code: u16) -> Option<CountryCode> {
        if let Some(&(_, a2)) = PRIMARY_FOR_SHARED_CODE.iter().find(|(c, _)| *c == code) {
            return Self::from_alpha2(a2);
        }
        Self::all().find(|c| c.calling_code() == code)
    }

    fn from_alpha2(a2: &str) -> Option<CountryCode> {
        COUNTRIES
            .binary_search_by(|e| e.0.cmp(a2))
            .ok()
            .and_then(|i| u8::try_from(i).ok())
            .map(Self)
    }

    fn entry(&self) -> &'static Entry {
        // The index was produced from COUNTRIES, so it is always in range.
        &COUNTRIES[usize::from(self.0)]
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({:?})", self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CountryCode {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

string_value!(
    CountryCode,
    "ISO 3166-1 alpha-2 country code. Input also accepts alpha-3 codes and English names.",
    "US"
);

/// Maps a US state or territory name or code ("Texas", "tx", "TX", "D.C.") to its two-letter
/// postal code ("TX").
pub fn us_state_code(s: &str) -> Option<&'static str> {
    STATE_LOOKUP.get(&name_key(s)).copied()
}

/// A lookup key for names: accents folded, lowercase, dots and apostrophes dropped, other
/// punctuation as spaces, whitespace collapsed, a leading "the" dropped, "st" read as "saint".
fn name_key(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '.' | '\'' | '\u{2019}' => {}
            '&' => folded.push_str(" and "),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => folded.push('a'),
            'ç' => folded.push('c'),
            'è' | 'é' | 'ê' | 'ë' => folded.push('e'),
            'ì' | 'í' | 'î' | 'ï' => folded.push('i'),
            'ñ' => folded.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => folded.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => folded.push('u'),
            c if c.is_alphanumeric() => folded.push(c),
            _ => folded.push(' '),
        }
    }
    let words: Vec<&str> = folded.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    let mut key = words.join(" ");
    if let Some(rest) = key.strip_prefix("st ") {
        key = format!("saint {rest}");
    }
    key
}

static LOOKUP: LazyLock<HashMap<String, u8>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (i, code) in CountryCode::all().enumerate() {
        let (a2, a3, name, _) = COUNTRIES[i];
        for key in [a2, a3, name] {
            map.entry(name_key(key)).or_insert(code.0);
        }
    }
    for (alias, a2) in COUNTRY_ALIASES {
        if let Some(code) = CountryCode::from_alpha2(a2) {
            map.entry(name_key(alias)).or_insert(code.0);
        }
    }
    map
});

static STATE_LOOKUP: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for &(code, name) in US_STATES {
        map.insert(name_key(code), code);
        map.insert(name_key(name), code);
    }
    for &(alias, code) in US_STATE_ALIASES {
        map.insert(name_key(alias), code);
    }
    map
});

/// Alpha-2, alpha-3, common English name, calling code.
type Entry = (&'static str, &'static str, &'static str, u16);

/// Every ISO 3166-1 country, sorted by alpha-2 code.
static COUNTRIES: [Entry; 249] = [
    ("AD", "AND", "Andorra", 376),
    ("AE", "ARE", "United Arab Emirates", 971),
    ("AF", "AFG", "Afghanistan", 93),
    ("AG", "ATG", "Antigua and Barbuda", 1),
    ("AI", "AIA", "Anguilla", 1),
    ("AL", "ALB", "Albania", 355),
    ("AM", "ARM", "Armenia", 374),
    ("AO", "AGO", "Angola", 244),
    ("AQ", "ATA", "Antarctica", 672),
    ("AR", "ARG", "Argentina", 54),
    ("AS", "ASM", "American Samoa", 1),
    ("AT", "AUT", "Austria", 43),
    ("AU", "AUS", "Australia", 61),
    ("AW", "ABW", "Aruba", 297),
    ("AX", "ALA", "Åland Islands", 358),
    ("AZ", "AZE", "Azerbaijan", 994),
    ("BA", "BIH", "Bosnia and Herzegovina", 387),
    ("BB", "BRB", "Barbados", 1),
    ("BD", "BGD", "Bangladesh", 880),
    ("BE", "BEL", "Belgium", 32),
    ("BF", "BFA", "Burkina Faso", 226),
    ("BG", "BGR", "Bulgaria", 359),
    ("BH", "BHR", "Bahrain", 973),
    ("BI", "BDI", "Burundi", 257),
    ("BJ", "BEN", "Benin", 229),
    ("BL", "BLM", "Saint Barthélemy", 590),
    ("BM", "BMU", "Bermuda", 1),
    ("BN", "BRN", "Brunei", 673),
    ("BO", "BOL", "Bolivia", 591),
    ("BQ", "BES", "Caribbean Netherlands", 599),
    ("BR", "BRA", "Brazil", 55),
    ("BS", "BHS", "Bahamas", 1),
    ("BT", "BTN", "Bhutan", 975),
    ("BV", "BVT", "Bouvet Island", 47),
    ("BW", "BWA", "Botswana", 267),
    ("BY", "BLR", "Belarus", 375),
    ("BZ", "BLZ", "Belize", 501),
    ("CA", "CAN", "Canada", 1),
    ("CC", "CCK", "Cocos (Keeling) Islands", 61),
    ("CD", "COD", "DR Congo", 243),
    ("CF", "CAF", "Central African Republic", 236),
    ("CG", "COG", "Republic of the Congo", 242),
    ("CH", "CHE", "Switzerland", 41),
    ("CI", "CIV", "Côte d'Ivoire", 225),
    ("CK", "COK", "Cook Islands", 682),
    ("CL", "CHL", "Chile", 56),
    ("CM", "CMR", "Cameroon", 237),
    ("CN", "CHN", "China", 86),
    ("CO", "COL", "Colombia", 57),
    ("CR", "CRI", "Costa Rica", 506),
    ("CU", "CUB", "Cuba", 53),
    ("CV", "CPV", "Cape Verde", 238),
    ("CW", "CUW", "Curaçao", 599),
    ("CX", "CXR", "Christmas Island", 61),
    ("CY", "CYP", "Cyprus", 357),
    ("CZ", "CZE", "Czechia", 420),
    ("DE", "DEU", "Germany", 49),
    ("DJ", "DJI", "Djibouti", 253),
    ("DK", "DNK", "Denmark", 45),
    ("DM", "DMA", "Dominica", 1),
    ("DO", "DOM", "Dominican Republic", 1),
    ("DZ", "DZA", "Algeria", 213),
    ("EC", "ECU", "Ecuador", 593),
    ("EE", "EST", "Estonia", 372),
    ("EG", "EGY", "Egypt", 20),
    ("EH", "ESH", "Western Sahara", 212),
    ("ER", "ERI", "Eritrea", 291),
    ("ES", "ESP", "Spain", 34),
    ("ET", "ETH", "Ethiopia", 251),
    ("FI", "FIN", "Finland", 358),
    ("FJ", "FJI", "Fiji", 679),
    ("FK", "FLK", "Falkland Islands", 500),
    ("FM", "FSM", "Micronesia", 691),
    ("FO", "FRO", "Faroe Islands", 298),
    ("FR", "FRA", "France", 33),
    ("GA", "GAB", "Gabon", 241),
    ("GB", "GBR", "United Kingdom", 44),
    ("GD", "GRD", "Grenada", 1),
    ("GE", "GEO", "Georgia", 995),
    ("GF", "GUF", "French Guiana", 594),
    ("GG", "GGY", "Guernsey", 44),
    ("GH", "GHA", "Ghana", 233),
    ("GI", "GIB", "Gibraltar", 350),
    ("GL", "GRL", "Greenland", 299),
    ("GM", "GMB", "Gambia", 220),
    ("GN", "GIN", "Guinea", 224),
    ("GP", "GLP", "Guadeloupe", 590),
    ("GQ", "GNQ", "Equatorial Guinea", 240),
    ("GR", "GRC", "Greece", 30),
    (
        "GS",
        "SGS",
        "South Georgia and the South Sandwich Islands",
        500,
    ),
    ("GT", "GTM", "Guatemala", 502),
    ("GU", "GUM", "Guam", 1),
    ("GW", "GNB", "Guinea-Bissau", 245),
    ("GY", "GUY", "Guyana", 592),
    ("HK", "HKG", "Hong Kong", 852),
    ("HM", "HMD", "Heard Island and McDonald Islands", 672),
    ("HN", "HND", "Honduras", 504),
    ("HR", "HRV", "Croatia", 385),
    ("HT", "HTI", "Haiti", 509),
    ("HU", "HUN", "Hungary", 36),
    ("ID", "IDN", "Indonesia", 62),
    ("IE", "IRL", "Ireland", 353),
    ("IL", "ISR", "Israel", 972),
    ("IM", "IMN", "Isle of Man", 44),
    ("IN", "IND", "India", 91),
    ("IO", "IOT", "British Indian Ocean Territory", 246),
    ("IQ", "IRQ", "Iraq", 964),
    ("IR", "IRN", "Iran", 98),
    ("IS", "ISL", "Iceland", 354),
    ("IT", "ITA", "Italy", 39),
    ("JE", "JEY", "Jersey", 44),
    ("JM", "JAM", "Jamaica", 1),
    ("JO", "JOR", "Jordan", 962),
    ("JP", "JPN", "Japan", 81),
    ("KE", "KEN", "Kenya", 254),
    ("KG", "KGZ", "Kyrgyzstan", 996),
    ("KH", "KHM", "Cambodia", 855),
    ("KI", "KIR", "Kiribati", 686),
    ("KM", "COM", "Comoros", 269),
    ("KN", "KNA", "Saint Kitts and Nevis", 1),
    ("KP", "PRK", "North Korea", 850),
    ("KR", "KOR", "South Korea", 82),
    ("KW", "KWT", "Kuwait", 965),
    ("KY", "CYM", "Cayman Islands", 1),
    ("KZ", "KAZ", "Kazakhstan", 7),
    ("LA", "LAO", "Laos", 856),
    ("LB", "LBN", "Lebanon", 961),
    ("LC", "LCA", "Saint Lucia", 1),
    ("LI", "LIE", "Liechtenstein", 423),
    ("LK", "LKA", "Sri Lanka", 94),
    ("LR", "LBR", "Liberia", 231),
    ("LS", "LSO", "Lesotho", 266),
    ("LT", "LTU", "Lithuania", 370),
    ("LU", "LUX", "Luxembourg", 352),
    ("LV", "LVA", "Latvia", 371),
    ("LY", "LBY", "Libya", 218),
    ("MA", "MAR", "Morocco", 212),
    ("MC", "MCO", "Monaco", 377),
    ("MD", "MDA", "Moldova", 373),
    ("ME", "MNE", "Montenegro", 382),
    ("MF", "MAF", "Saint Martin", 590),
    ("MG", "MDG", "Madagascar", 261),
    ("MH", "MHL", "Marshall Islands", 692),
    ("MK", "MKD", "North Macedonia", 389),
    ("ML", "MLI", "Mali", 223),
    ("MM", "MMR", "Myanmar", 95),
    ("MN", "MNG", "Mongolia", 976),
    ("MO", "MAC", "Macao", 853),
    ("MP", "MNP", "Northern Mariana Islands", 1),
    ("MQ", "MTQ", "Martinique", 596),
    ("MR", "MRT", "Mauritania", 222),
    ("MS", "MSR", "Montserrat", 1),
    ("MT", "MLT", "Malta", 356),
    ("MU", "MUS", "Mauritius", 230),
    ("MV", "MDV", "Maldives", 960),
    ("MW", "MWI", "Malawi", 265),
    ("MX", "MEX", "Mexico", 52),
    ("MY", "MYS", "Malaysia", 60),
    ("MZ", "MOZ", "Mozambique", 258),
    ("NA", "NAM", "Namibia", 264),
    ("NC", "NCL", "New Caledonia", 687),
    ("NE", "NER", "Niger", 227),
    ("NF", "NFK", "Norfolk Island", 672),
    ("NG", "NGA", "Nigeria", 234),
    ("NI", "NIC", "Nicaragua", 505),
    ("NL", "NLD", "Netherlands", 31),
    ("NO", "NOR", "Norway", 47),
    ("NP", "NPL", "Nepal", 977),
    ("NR", "NRU", "Nauru", 674),
    ("NU", "NIU", "Niue", 683),
    ("NZ", "NZL", "New Zealand", 64),
    ("OM", "OMN", "Oman", 968),
    ("PA", "PAN", "Panama", 507),
    ("PE", "PER", "Peru", 51),
    ("PF", "PYF", "French Polynesia", 689),
    ("PG", "PNG", "Papua New Guinea", 675),
    ("PH", "PHL", "Philippines", 63),
    ("PK", "PAK", "Pakistan", 92),
    ("PL", "POL", "Poland", 48),
    ("PM", "SPM", "Saint Pierre and Miquelon", 508),
    ("PN", "PCN", "Pitcairn Islands", 64),
    ("PR", "PRI", "Puerto Rico", 1),
    ("PS", "PSE", "Palestine", 970),
    ("PT", "PRT", "Portugal", 351),
    ("PW", "PLW", "Palau", 680),
    ("PY", "PRY", "Paraguay", 595),
    ("QA", "QAT", "Qatar", 974),
    ("RE", "REU", "Réunion", 262),
    ("RO", "ROU", "Romania", 40),
    ("RS", "SRB", "Serbia", 381),
    ("RU", "RUS", "Russia", 7),
    ("RW", "RWA", "Rwanda", 250),
    ("SA", "SAU", "Saudi Arabia", 966),
    ("SB", "SLB", "Solomon Islands", 677),
    ("SC", "SYC", "Seychelles", 248),
    ("SD", "SDN", "Sudan", 249),
    ("SE", "SWE", "Sweden", 46),
    ("SG", "SGP", "Singapore", 65),
    (
        "SH",
        "SHN",
        "Saint Helena, Ascension and Tristan da Cunha",
        290,
    ),
    ("SI", "SVN", "Slovenia", 386),
    ("SJ", "SJM", "Svalbard and Jan Mayen", 47),
    ("SK", "SVK", "Slovakia", 421),
    ("SL", "SLE", "Sierra Leone", 232),
    ("SM", "SMR", "San Marino", 378),
    ("SN", "SEN", "Senegal", 221),
    ("SO", "SOM", "Somalia", 252),
    ("SR", "SUR", "Suriname", 597),
    ("SS", "SSD", "South Sudan", 211),
    ("ST", "STP", "São Tomé and Príncipe", 239),
    ("SV", "SLV", "El Salvador", 503),
    ("SX", "SXM", "Sint Maarten", 1),
    ("SY", "SYR", "Syria", 963),
    ("SZ", "SWZ", "Eswatini", 268),
    ("TC", "TCA", "Turks and Caicos Islands", 1),
    ("TD", "TCD", "Chad", 235),
    ("TF", "ATF", "French Southern Territories", 262),
    ("TG", "TGO", "Togo", 228),
    ("TH", "THA", "Thailand", 66),
    ("TJ", "TJK", "Tajikistan", 992),
    ("TK", "TKL", "Tokelau", 690),
    ("TL", "TLS", "Timor-Leste", 670),
    ("TM", "TKM", "Turkmenistan", 993),
    ("TN", "TUN", "Tunisia", 216),
    ("TO", "TON", "Tonga", 676),
    ("TR", "TUR", "Turkey", 90),
    ("TT", "TTO", "Trinidad and Tobago", 1),
    ("TV", "TUV", "Tuvalu", 688),
    ("TW", "TWN", "Taiwan", 886),
    ("TZ", "TZA", "Tanzania", 255),
    ("UA", "UKR", "Ukraine", 380),
    ("UG", "UGA", "Uganda", 256),
    ("UM", "UMI", "United States Minor Outlying Islands", 1),
    ("US", "USA", "United States", 1),
    ("UY", "URY", "Uruguay", 598),
    ("UZ", "UZB", "Uzbekistan", 998),
    ("VA", "VAT", "Vatican City", 39),
    ("VC", "VCT", "Saint Vincent and the Grenadines", 1),
    ("VE", "VEN", "Venezuela", 58),
    ("VG", "VGB", "British Virgin Islands", 1),
    ("VI", "VIR", "U.S. Virgin Islands", 1),
    ("VN", "VNM", "Vietnam", 84),
    ("VU", "VUT", "Vanuatu", 678),
    ("WF", "WLF", "Wallis and Futuna", 681),
    ("WS", "WSM", "Samoa", 685),
    ("YE", "YEM", "Yemen", 967),
    ("YT", "MYT", "Mayotte", 262),
    ("ZA", "ZAF", "South Africa", 27),
    ("ZM", "ZMB", "Zambia", 260),
    ("ZW", "ZWE", "Zimbabwe", 263),
];

/// Which country a calling code shared by several countries is read as.
const PRIMARY_FOR_SHARED_CODE: &[(u16, &str)] = &[
    (1, "US"),
    (7, "RU"),
    (39, "IT"),
    (44, "GB"),
    (47, "NO"),
    (61, "AU"),
    (64, "NZ"),
    (212, "MA"),
    (262, "RE"),
    (290, "SH"),
    (358, "FI"),
    (500, "FK"),
    (590, "GP"),
    (599, "CW"),
    (672, "NF"),
];

/// Other names people write for a country.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("United States of America", "US"),
    ("America", "US"),
    ("U.S.", "US"),
    ("U.S.A.", "US"),
    ("UK", "GB"),
    ("Great Britain", "GB"),
    ("Britain", "GB"),
    ("England", "GB"),
    ("Scotland", "GB"),
    ("Wales", "GB"),
    ("Northern Ireland", "GB"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"),
    ("UAE", "AE"),
    ("Emirates", "AE"),
    ("Korea", "KR"),
    ("Republic of Korea", "KR"),
    ("Korea, Republic of", "KR"),
    ("DPRK", "KP"),
    ("Russian Federation", "RU"),
    ("Czech Republic", "CZ"),
    ("Ivory Coast", "CI"),
    ("Holland", "NL"),
    ("Viet Nam", "VN"),
    ("Burma", "MM"),
    ("Swaziland", "SZ"),
    ("Macedonia", "MK"),
    ("Türkiye", "TR"),
    ("Cabo Verde", "CV"),
    ("East Timor", "TL"),
    ("Vatican", "VA"),
    ("Holy See", "VA"),
    ("Democratic Republic of the Congo", "CD"),
    ("DRC", "CD"),
    ("Congo-Kinshasa", "CD"),
    ("Congo", "CG"),
    ("Congo-Brazzaville", "CG"),
    ("Lao PDR", "LA"),
    ("Syrian Arab Republic", "SY"),
    ("Iran, Islamic Republic of", "IR"),
    ("Tanzania, United Republic of", "TZ"),
    ("Bolivia, Plurinational State of", "BO"),
    ("Venezuela, Bolivarian Republic of", "VE"),
    ("Moldova, Republic of", "MD"),
    ("Micronesia, Federated States of", "FM"),
    ("State of Palestine", "PS"),
    ("Palestinian Territories", "PS"),
    ("People's Republic of China", "CN"),
    ("PRC", "CN"),
    ("Mainland China", "CN"),
    ("Hong Kong SAR", "HK"),
    ("Macau", "MO"),
    ("Brunei Darussalam", "BN"),
    ("Republic of Ireland", "IE"),
    ("Bonaire", "BQ"),
    ("Bonaire, Sint Eustatius and Saba", "BQ"),
    ("Virgin Islands, U.S.", "VI"),
    ("US Virgin Islands", "VI"),
    ("Virgin Islands, British", "VG"),
    ("Pitcairn", "PN"),
    ("Saint Helena", "SH"),
    ("Svalbard", "SJ"),
    ("Falkland Islands (Malvinas)", "FK"),
    ("Saint Martin (French part)", "MF"),
    ("Sint Maarten (Dutch part)", "SX"),
    ("Cocos Islands", "CC"),
    ("Sao Tome", "ST"),
    ("Slovak Republic", "SK"),
];

/// US states, the District of Columbia and the inhabited territories.
const US_STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("AS", "American Samoa"),
    ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"),
    ("VI", "U.S. Virgin Islands"),
    ("UM", "U.S. Minor Outlying Islands"),
];

const US_STATE_ALIASES: &[(&str, &str)] = &[
    ("Washington DC", "DC"),
    ("Washington, D.C.", "DC"),
    ("US Virgin Islands", "VI"),
    ("Virgin Islands", "VI"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cc(s: &str) -> CountryCode {
        CountryCode::parse(s).unwrap()
    }

    #[test]
    fn table_is_complete_and_consistent() {
        assert_eq!(CountryCode::all().count(), 249);
        let mut a3: Vec<&str> = COUNTRIES.iter().map(|e| e.1).collect();
        a3.sort_unstable();
        a3.dedup();
        assert_eq!(a3.len(), 249, "alpha-3 codes are unique");
        assert!(
            COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted by alpha-2"
        );
        for c in CountryCode::all() {
            assert_eq!(c.as_str().len(), 2);
            assert_eq!(c.alpha3().len(), 3);
            assert!(c.calling_code() > 0 && c.calling_code() < 1000, "{c:?}");
            assert_eq!(cc(c.as_str()), c);
            assert_eq!(cc(c.alpha3()), c);
            assert_eq!(cc(c.name()), c, "name of {c:?}");
        }
    }

    #[test]
    fn parses_codes_names_and_aliases() {
        assert_eq!(cc("us").as_str(), "US");
        assert_eq!(cc(" usa ").as_str(), "US");
        assert_eq!(cc("United States of America").as_str(), "US");
        assert_eq!(cc("U.S.").as_str(), "US");
        assert_eq!(cc("u.s.a.").as_str(), "US");
        assert_eq!(cc("UK").as_str(), "GB");
        assert_eq!(cc("Great Britain").as_str(), "GB");
        assert_eq!(cc("england").as_str(), "GB");
        assert_eq!(cc("UAE").as_str(), "AE");
        assert_eq!(cc("india").as_str(), "IN");
        assert_eq!(cc("IND").as_str(), "IN");
        assert_eq!(cc("the Netherlands").as_str(), "NL");
        assert_eq!(cc("Cote d'Ivoire").as_str(), "CI");
        assert_eq!(cc("Curacao").as_str(), "CW");
        assert_eq!(cc("St. Lucia").as_str(), "LC");
        assert_eq!(cc("Antigua & Barbuda").as_str(), "AG");
        assert_eq!(cc("Guinea Bissau").as_str(), "GW");
    }

    #[test]
    fn accessors() {
        let us = cc("US");
        assert_eq!(us.name(), "United States");
        assert_eq!(us.alpha3(), "USA");
        assert_eq!(us.calling_code(), 1);
        assert_eq!(cc("CA").calling_code(), 1);
        assert_eq!(cc("GB").calling_code(), 44);
        assert_eq!(cc("IN").calling_code(), 91);
        assert_eq!(format!("{us}"), "US");
        assert_eq!(format!("{us:?}"), "CountryCode(\"US\")");
    }

    #[test]
    fn calling_code_lookup() {
        let find = |code| CountryCode::for_calling_code(code).map(|c| c.as_str());
        assert_eq!(find(1), Some("US"));
        assert_eq!(find(7), Some("RU"));
        assert_eq!(find(44), Some("GB"));
        assert_eq!(find(91), Some("IN"));
        assert_eq!(find(353), Some("IE"));
        assert_eq!(find(999), None);
        let mut codes: Vec<u16> = CountryCode::all().map(|c| c.calling_code()).collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            let primary = CountryCode::for_calling_code(code).unwrap();
            assert_eq!(primary.calling_code(), code);
        }
    }

    #[test]
    fn rejects_unknown() {
        let err = CountryCode::parse("Atlantis").unwrap_err();
        assert_eq!(err.0, "'Atlantis' is not a country we know");
        assert!(CountryCode::parse("").is_err());
        assert!(CountryCode::parse("XX").is_err());
        assert!(serde_json::from_str::<CountryCode>("\"Narnia\"").is_err());
    }

    #[test]
    fn serde_uses_alpha2() {
        assert_eq!(serde_json::to_string(&cc("India")).unwrap(), "\"IN\"");
        let c: CountryCode = serde_json::from_str("\"united kingdom\"").unwrap();
        assert_eq!(c.as_str(), "GB");
    }

    #[test]
    fn us_states() {
        assert_eq!(us_state_code("Texas"), Some("TX"));
        assert_eq!(us_state_code("tx"), Some("TX"));
        assert_eq!(us_state_code(" TX "), Some("TX"));
        assert_eq!(us_state_code("new york"), Some("NY"));
        assert_eq!(us_state_code("Washington"), Some("WA"));
        assert_eq!(us_state_code("Washington, D.C."), Some("DC"));
        assert_eq!(us_state_code("D.C."), Some("DC"));
        assert_eq!(us_state_code("Puerto Rico"), Some("PR"));
        assert_eq!(us_state_code("Ontario"), None);
        assert_eq!(us_state_code("XX"), None);
        assert_eq!(us_state_code(""), None);
        assert_eq!(US_STATES.len(), 57);
    }

    proptest! {
        #[test]
        fn every_form_round_trips(i in 0usize..249, form in 0u8..3, upper in any::<bool>()) {
            let c = CountryCode::all().nth(i).unwrap();
            let raw = match form { 0 => c.as_str(), 1 => c.alpha3(), _ => c.name() };
            let raw = if upper { raw.to_uppercase() } else { raw.to_lowercase() };
            prop_assert_eq!(CountryCode::parse(&raw).unwrap(), c);
            let json = serde_json::to_string(&c).unwrap();
            prop_assert_eq!(serde_json::from_str::<CountryCode>(&json).unwrap(), c);
        }

        #[test]
        fn parse_never_panics(s in ".{0,40}") {
            let _ = CountryCode::parse(&s);
            let _ = us_state_code(&s);
        }
    }
}
