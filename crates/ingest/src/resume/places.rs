//! Places as resumes write them ("Dallas, TX 75201", "Bengaluru, Karnataka",
//! "Munich, Germany"), read into the domain [`Location`] through the regions and
//! countries we can recognise.

use hireloop_domain::values::{CountryCode, Location, us_state_code};

use super::text::{is_capitalised, key};
use super::vocab::{company_score, institution_score, title_score};

/// States and provinces outside the US that resumes name after a city, and their country.
/// The US is handled by the domain's state table.
#[rustfmt::skip]
const REGIONS: &[(&str, &str)] = &[
    // India: states and union territories, with older and common spellings.
    ("andhra pradesh", "IN"), ("arunachal pradesh", "IN"), ("assam", "IN"), ("bihar", "IN"),
    ("chhattisgarh", "IN"), ("goa", "IN"), ("gujarat", "IN"), ("haryana", "IN"),
    ("himachal pradesh", "IN"), ("jharkhand", "IN"), ("karnataka", "IN"), ("kerala", "IN"),
    ("madhya pradesh", "IN"), ("maharashtra", "IN"), ("manipur", "IN"), ("meghalaya", "IN"),
    ("mizoram", "IN"), ("nagaland", "IN"), ("odisha", "IN"), ("orissa", "IN"), ("punjab", "IN"),
    ("rajasthan", "IN"), ("sikkim", "IN"), ("tamil nadu", "IN"), ("tamilnadu", "IN"),
    ("telangana", "IN"), ("tripura", "IN"), ("uttar pradesh", "IN"), ("uttarakhand", "IN"),
    ("uttaranchal", "IN"), ("west bengal", "IN"), ("delhi", "IN"), ("new delhi", "IN"),
    ("chandigarh", "IN"), ("puducherry", "IN"), ("pondicherry", "IN"), ("jammu and kashmir", "IN"),
    ("ladakh", "IN"), ("dadra and nagar haveli", "IN"), ("daman and diu", "IN"),
    ("lakshadweep", "IN"), ("andaman and nicobar islands", "IN"),
    // Canada.
    ("ontario", "CA"), ("quebec", "CA"), ("british columbia", "CA"), ("alberta", "CA"),
    ("manitoba", "CA"), ("saskatchewan", "CA"), ("nova scotia", "CA"), ("new brunswick", "CA"),
    ("newfoundland and labrador", "CA"), ("prince edward island", "CA"), ("on", "CA"), ("qc", "CA"),
    ("bc", "CA"), ("ab", "CA"), ("mb", "CA"), ("sk", "CA"), ("ns", "CA"),
    // Australia.
    ("new south wales", "AU"), ("victoria", "AU"), ("queensland", "AU"),
    ("western australia", "AU"), ("south australia", "AU"), ("tasmania", "AU"), ("nsw", "AU"),
    ("vic", "AU"), ("qld", "AU"),
    // United Kingdom.
    ("england", "GB"), ("scotland", "GB"), ("wales", "GB"), ("northern ireland", "GB"),
    // Germany.
    ("bavaria", "DE"), ("bayern", "DE"), ("baden wurttemberg", "DE"), ("baden württemberg", "DE"),
    ("hesse", "DE"), ("hessen", "DE"), ("north rhine westphalia", "DE"),
    ("nordrhein westfalen", "DE"), ("saxony", "DE"), ("sachsen", "DE"), ("lower saxony", "DE"),
    ("niedersachsen", "DE"),
];

/// A region we recognise: its name as written and its country.
fn region_of(part: &str) -> Option<(String, CountryCode)> {
    let k = key(part);
    // Two capitals are a US state or a province code; "IN" or "DE" alone are countries.
    if part.len() == 2 && part.chars().all(|c| c.is_ascii_uppercase()) {
        if let Some(code) = us_state_code(part) {
            return Some((code.to_string(), CountryCode::parse("US").ok()?));
        }
    } else if let Some(code) = us_state_code(part) {
        return Some((code.to_string(), CountryCode::parse("US").ok()?));
    }
    let (_, country) = REGIONS.iter().find(|(name, _)| *name == k)?;
    Some((part.to_string(), CountryCode::parse(country).ok()?))
}

fn country_of(part: &str) -> Option<CountryCode> {
    // Two or three letters must be written in capitals to be a code ("IN", not "in").
    if part.len() <= 3 && !part.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    CountryCode::parse(part).ok()
}

/// Whether `s` can be a city name: one to four words of letters, not a region or country.
fn is_city_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '.' | '\''))
        && words.iter().any(|w| is_capitalised(w))
}

fn is_lower_city(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=2).contains(&words)
        && s.len() <= 30
        && s.chars().all(|c| c.is_alphabetic() || c == ' ')
        && !is_organisation(s)
}

fn is_organisation(s: &str) -> bool {
    company_score(s) > 0.0 || title_score(s) > 0.0 || institution_score(s) > 0.0
}

/// Drops postal codes ("75201", "722122", "SW1A 1AA" is left alone) from a part.
fn without_postcode(part: &str) -> &str {
    let t = part.trim();
    match t.rsplit_once(' ') {
        Some((head, tail)) if tail.chars().all(|c| c.is_ascii_digit()) && tail.len() >= 4 => {
            head.trim()
        }
        _ if t.chars().all(|c| c.is_ascii_digit() || c == '-') => "",
        _ => t,
    }
}

/// Reads "City, Region[, Country]", "City, Country", "Region, Country" or "City ST 75201".
/// A lone word is a place only when it is a region or a country. Returns the location and
/// how sure the reading is.
pub(crate) fn parse_place(s: &str) -> Option<(Location, f32)> {
    let parts: Vec<&str> = s
        .split(',')
        .map(without_postcode)
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '.'))
        .filter(|p| !p.is_empty())
        .collect();
    let mut parts = dedupe_adjacent(parts);
    // "Dallas TX" without a comma.
    if parts.len() == 1
        && let Some((city, st)) = parts[0].rsplit_once(' ')
        && st.len() == 2
        && st.chars().all(|c| c.is_ascii_uppercase())
        && us_state_code(st).is_some()
    {
        parts = vec![city.trim(), st];
    }
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut country = None;
    // "Chicago, IL" is Illinois, not Israel: after a lone city two capitals are a US state.
    let us_state_after_city = parts.len() == 2
        && parts[1].len() == 2
        && us_state_code(parts[1]).is_some()
        && parts[1].chars().all(|c| c.is_ascii_uppercase());
    if let Some(last) = parts.last()
        && parts.len() > 1
        && !us_state_after_city
        && let Some(c) = country_of(last).or_else(|| {
            last.eq_ignore_ascii_case("usa")
                .then(|| CountryCode::parse("US").ok())
                .flatten()
        })
    {
        country = Some(c);
        parts.pop();
    }
    let mut region = None;
    if let Some(last) = parts.last()
        && let Some((name, c)) = region_of(last)
        && country.is_none_or(|k| k == c)
    {
        region = Some(name);
        country = Some(c);
        parts.pop();
    }
    let city = match parts.as_slice() {
        [] => None,
        [c] if is_city_like(c) => Some(*c),
        // "hyderbad, Telangana": typed in lower case, but the region vouches for it.
        [c] if region.is_some() && is_lower_city(c) => Some(*c),
        // "Whitefield, Bangalore, Karnataka": a district before the city; but not
        // "Globex GmbH, Munich, Germany", where the first part is an employer.
        [area, c] if is_city_like(area) && is_city_like(c) && !is_organisation(area) => Some(*c),
        _ => return None,
    };
    if city.is_none() && region.is_none() && country.is_none() {
        return None;
    }
    // A lone unknown word is not enough; a city needs a region or a country with it.
    if region.is_none() && country.is_none() {
        return None;
    }
    // A lone two-letter state code is too weak ("IN", "OR", "ME" are words and countries).
    if city.is_none() && country.is_none_or(|_| region.as_deref().is_some_and(|r| r.len() == 2)) {
        return None;
    }
    let confidence = match (city.is_some(), region.is_some(), country.is_some()) {
        (true, true, _) | (true, _, true) => 0.85,
        _ => 0.6,
    };
    let location = Location::new(city, region.as_deref(), country, None).ok()?;
    Some((location, confidence))
}

/// "Karnataka, Karnataka" → one part.
fn dedupe_adjacent(parts: Vec<&str>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(parts.len());
    for p in parts {
        if out.last().is_none_or(|l| !l.eq_ignore_ascii_case(p)) {
            out.push(p);
        }
    }
    out
}

/// A name without a place written after it: "Acme Ltd, Pune" → "Acme Ltd", "X College,
/// Hubli, Karnataka" → "X College", "Y Institute (Mumbai" → "Y Institute". A single word
/// after a comma is read as a city unless the name is "University of …", whose campus
/// follows the comma ("University of California, Berkeley").
pub(crate) fn strip_place_tail(s: &str) -> &str {
    let s = s.trim();
    if let Some(open) = s.find('(')
        && !s[open..].contains(')')
        && open > 0
    {
        return strip_place_tail(&s[..open]);
    }
    for (i, _) in s.match_indices(',') {
        let (head, tail) = (s[..i].trim(), s[i + 1..].trim());
        if head.is_empty() || tail.is_empty() {
            continue;
        }
        let lone_word = tail.split_whitespace().count() == 1
            && tail.chars().all(char::is_alphabetic)
            && !head.to_lowercase().starts_with("university of");
        if parse_place(tail).is_some() || lone_word {
            return head;
        }
    }
    s
}

/// A lone city name, for places already known to be a location from context (a label,
/// or the field after an employer). Kept only when it looks like a name.
pub(crate) fn parse_city(s: &str) -> Option<Location> {
    let t = s.trim().trim_end_matches([',', '.']);
    if !is_city_like(t) {
        return None;
    }
    if let Some(c) = country_of(t) {
        return Location::new(None, None, Some(c), None).ok();
    }
    Location::new(Some(t), None, None, None).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(s: &str) -> Option<String> {
        parse_place(s).map(|(l, _)| l.display())
    }

    #[test]
    fn reads_common_forms() {
        assert_eq!(place("Dallas, TX"), Some("Dallas, TX, US".into()));
        assert_eq!(place("Dallas, Texas 75201"), Some("Dallas, TX, US".into()));
        assert_eq!(place("Austin TX"), Some("Austin, TX, US".into()));
        assert_eq!(
            place("Bengaluru, Karnataka"),
            Some("Bengaluru, Karnataka, IN".into())
        );
        assert_eq!(
            place("Sulthan Bathery, Kerala, Kerala"),
            Some("Sulthan Bathery, Kerala, IN".into())
        );
        assert_eq!(place("Munich, Germany"), Some("Munich, DE".into()));
        assert_eq!(
            place("Chennai, TAMIL NADU, IN"),
            Some("Chennai, TAMIL NADU, IN".into())
        );
        assert_eq!(
            place("Bishnupur, MANIPUR, 722122, IN"),
            Some("Bishnupur, MANIPUR, IN".into())
        );
        assert_eq!(place("London, United Kingdom"), Some("London, GB".into()));
        assert_eq!(place("Toronto, ON"), Some("Toronto, ON, CA".into()));
        assert_eq!(place("Telangana"), Some("Telangana, IN".into()));
        assert_eq!(place("Chicago, IL"), Some("Chicago, IL, US".into()));
        assert_eq!(
            place("hyderbad, Telangana"),
            Some("hyderbad, Telangana, IN".into())
        );
        assert_eq!(place("Tel Aviv, Israel"), Some("Tel Aviv, IL".into()));
    }

    #[test]
    fn refuses_non_places() {
        for s in [
            "Software Engineer",
            "Java, Python, SQL",
            "IN",
            "Accenture",
            "2019 - 2020",
            "I worked in a team, in Karnataka and elsewhere for years",
        ] {
            assert_eq!(place(s), None, "{s}");
        }
    }

    #[test]
    fn place_tails() {
        assert_eq!(strip_place_tail("Acme Ltd, Pune"), "Acme Ltd");
        assert_eq!(strip_place_tail("X College, Hubli, Karnataka"), "X College");
        assert_eq!(strip_place_tail("Y Institute (Mumbai"), "Y Institute");
        assert_eq!(
            strip_place_tail("University of California, Berkeley"),
            "University of California, Berkeley"
        );
        assert_eq!(
            strip_place_tail("Texas A&M University"),
            "Texas A&M University"
        );
    }

    #[test]
    fn lone_city() {
        assert_eq!(parse_city("Pune").map(|l| l.display()), Some("Pune".into()));
        assert_eq!(parse_city("India").map(|l| l.display()), Some("IN".into()));
        assert!(parse_city("42 Main St").is_none());
    }
}
