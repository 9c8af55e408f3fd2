//! Where the work is: the location ("Dallas, TX", "Toronto, ON, Canada") and the remote
//! mode ("Remote", "Hybrid - 3 days onsite", "Day 1 onsite"), from a labelled line or,
//! failing that, from the prose ([`super::place_prose`]).

use hireloop_domain::values::{CountryCode, Location, RemoteMode, us_state_code};

use super::labels::Label;
use super::place_prose::prose_location;
pub(crate) use super::remote::mode_in;
use super::remote::prose_mode;
use super::text::trim_value;
use super::{Ctx, Field};
use crate::bulk::convert::cells::{PlaceText, place};

/// What a location value says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub location: Option<Location>,
    pub remote: Option<RemoteMode>,
    /// The place has a recognised state or country, not just a word that may be a city.
    pub backed: bool,
}

/// Reads a location value: "Dallas, TX", "Dallas TX 75201", "Hybrid - Austin, TX",
/// "Onsite in Plano, TX (Day 1)", "Remote", "Remote, US", "Dallas, TX or Austin, TX".
pub(crate) fn parse_place(s: &str) -> Option<Placed> {
    let mut remote = None;
    let mut main = String::new();
    // Parenthesised notes say how, not where: "(Hybrid)", "(Day 1 onsite)".
    let mut depth = 0usize;
    let mut note = String::new();
    let mut notes = Vec::new();
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                remote = remote.or_else(|| mode_in(&note));
                notes.push(std::mem::take(&mut note));
            }
            _ if depth > 0 => note.push(c),
            _ => main.push(c),
        }
    }
    remote = remote.or_else(|| mode_in(&note));
    notes.push(std::mem::take(&mut note));
    let mut candidate = None;
    for piece in split_any(
        &main,
        &[" - ", " – ", " — ", " | ", ";", " or ", " / ", " & "],
    ) {
        let piece = trim_value(piece);
        if piece.is_empty() {
            continue;
        }
        let (mode, rest) = strip_mode(piece);
        remote = remote.or(mode);
        if candidate.is_none() && !rest.is_empty() {
            candidate = Some(rest.to_string());
        }
    }
    // "Remote (US)": a note that names a place stands in when the text names none.
    if candidate.is_none() {
        candidate = notes
            .iter()
            .map(|n| trim_value(n))
            .find(|n| {
                !n.is_empty() && location_of(&place_text(n)).is_some_and(|(_, backed)| backed)
            })
            .map(str::to_string);
    }
    let parsed = candidate.as_deref().map(place_text);
    let mut backed = false;
    let location = parsed.as_ref().and_then(|p| {
        if p.remote {
            remote = remote.or(Some(RemoteMode::Remote));
        }
        let (loc, b) = location_of(p)?;
        backed = b;
        Some(loc)
    });
    if location.is_none() && remote.is_none() {
        return None;
    }
    Some(Placed {
        location,
        remote,
        backed,
    })
}

fn split_any<'a>(s: &'a str, seps: &[&str]) -> Vec<&'a str> {
    let mut parts = vec![s];
    for sep in seps {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

/// A leading or whole-piece mode ("Onsite in Dallas, TX" → onsite, "Dallas, TX").
fn strip_mode(piece: &str) -> (Option<RemoteMode>, &str) {
    let lower = piece.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mode = mode_in(piece);
    if mode.is_some() && (words.len() <= 3 || !piece.contains(',')) && !has_place_shape(piece) {
        return (mode, "");
    }
    for lead in [
        "onsite",
        "on-site",
        "on site",
        "hybrid",
        "remote",
        "100% remote",
        "fully remote",
    ] {
        if let Some(rest) = lower.strip_prefix(lead) {
            let rest_trim = rest
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '-'));
            for joiner in ["in ", "at ", "from ", "within ", "near ", ""] {
                if let Some(r) = rest_trim.strip_prefix(joiner) {
                    let at = piece.len() - r.len();
                    return (mode_in(lead), piece.get(at..).unwrap_or("").trim());
                }
            }
        }
    }
    (mode.filter(|_| words.len() <= 2), piece)
}

/// "City, XX" somewhere in the piece.
fn has_place_shape(piece: &str) -> bool {
    piece.split(',').skip(1).any(|p| {
        let p = p.trim();
        us_state_code(p).is_some() || CountryCode::parse(p).is_ok()
    })
}

/// `cells::place`, plus "Dallas TX" without a comma and a lone "US" or "TX".
fn place_text(s: &str) -> PlaceText {
    let t = s.trim();
    if (2..=3).contains(&t.len()) && t.chars().all(|c| c.is_ascii_uppercase()) {
        if us_state_code(t).is_some() {
            return PlaceText {
                region: Some(t.to_string()),
                country: Some("US".into()),
                ..PlaceText::default()
            };
        }
        if CountryCode::parse(t).is_ok() {
            return PlaceText {
                country: Some(t.to_string()),
                ..PlaceText::default()
            };
        }
    }
    if !s.contains(',') {
        let mut words: Vec<&str> = s.split_whitespace().collect();
        // "Dallas TX 75201": the zip code says nothing more.
        while words
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-'))
        {
            words.pop();
        }
        if let Some((last, city)) = words.split_last()
            && !city.is_empty()
            && last.len() == 2
            && last.chars().all(|c| c.is_ascii_uppercase())
            && us_state_code(last).is_some()
        {
            return place(&format!("{}, {last}", city.join(" ")));
        }
    }
    place(s)
}

/// The domain location of a parsed place, and whether a state or country backs it.
pub(crate) fn location_of(p: &PlaceText) -> Option<(Location, bool)> {
    let country = p
        .country
        .as_deref()
        .and_then(|c| CountryCode::parse(c).ok());
    let region_known = p.region.as_deref().and_then(us_state_code).is_some();
    let city = p.city.as_deref().filter(|c| plausible_city(c));
    if p.city.is_some() && city.is_none() {
        return None;
    }
    let loc = Location::new(city, p.region.as_deref(), country, None).ok()?;
    Some((loc, country.is_some() || region_known))
}

fn plausible_city(c: &str) -> bool {
    const NOT_CITIES: &[&str] = &[
        "multiple",
        "multiple locations",
        "various",
        "tbd",
        "anywhere",
        "any",
        "flexible",
        "nationwide",
        "usa",
        "us",
        "onsite",
        "hybrid",
        "remote",
        "local",
        "locals",
        "n/a",
        "na",
    ];
    let lower = c.to_ascii_lowercase();
    let words = c.split_whitespace().count();
    // Buildings and organisations are where an office is, not a city.
    const PLACES_NOT_CITIES: &[&str] = &[
        "institute",
        "university",
        "college",
        "center",
        "centre",
        "campus",
        "hospital",
        "building",
        "office",
        "offices",
        "headquarters",
        "hq",
        "inc",
        "llc",
        "corporation",
        "company",
        "park",
        "plaza",
        "tower",
        "floor",
        "suite",
        "street",
        "avenue",
        "road",
    ];
    let named = lower
        .split_whitespace()
        .any(|w| PLACES_NOT_CITIES.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())));
    !named
        && (1..=5).contains(&words)
        && c.chars().count() <= 60
        && !c.chars().any(|ch| ch.is_ascii_digit())
        && !NOT_CITIES.contains(&lower.as_str())
        && c.chars().next().is_some_and(char::is_alphabetic)
}

/// The location and remote mode of the requirement.
pub(crate) fn extract(ctx: &Ctx<'_>) -> (Option<Field<Location>>, Option<Field<RemoteMode>>) {
    let mut location = None;
    let mut mode = None;
    if let Some(l) = ctx.label(Label::Location)
        && let Some(p) = parse_place(ctx.value(&l))
    {
        let (s, e) = (l.value_start, l.value_end);
        location = p
            .location
            .map(|loc| Field::new(loc, if p.backed { 0.95 } else { 0.6 }, s, e));
        mode = p.remote.map(|m| Field::new(m, 0.9, s, e));
    }
    if let Some(l) = ctx.label(Label::WorkMode)
        && let Some(m) = mode_in(ctx.value(&l))
    {
        mode = Some(Field::new(m, 0.95, l.value_start, l.value_end));
    }
    if location.is_none() {
        location = prose_location(ctx);
    }
    if mode.is_none() {
        mode = prose_mode(ctx);
    }
    (location, mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> Option<(String, Option<&'static str>, bool)> {
        parse_place(s).map(|p| {
            (
                p.location.map(|l| l.display()).unwrap_or_default(),
                p.remote.map(|m| m.as_str()),
                p.backed,
            )
        })
    }

    #[test]
    fn location_values() {
        assert_eq!(
            show("Dallas, TX"),
            Some(("Dallas, TX, US".into(), None, true))
        );
        assert_eq!(
            show("Dallas TX 75201"),
            Some(("Dallas, TX, US".into(), None, true))
        );
        assert_eq!(
            show("Hybrid - Austin, TX"),
            Some(("Austin, TX, US".into(), Some("hybrid"), true))
        );
        assert_eq!(
            show("Plano, TX (Day 1 onsite)"),
            Some(("Plano, TX, US".into(), Some("onsite"), true))
        );
        assert_eq!(
            show("Onsite in Charlotte, NC"),
            Some(("Charlotte, NC, US".into(), Some("onsite"), true))
        );
        assert_eq!(show("Remote"), Some((String::new(), Some("remote"), false)));
        assert_eq!(
            show("100% Remote (EST hours)"),
            Some((String::new(), Some("remote"), false))
        );
        assert_eq!(
            show("Remote (US)"),
            Some(("US".into(), Some("remote"), true))
        );
        assert_eq!(
            show("Remote, US"),
            Some(("US".into(), Some("remote"), true))
        );
        assert_eq!(
            show("Dallas, TX or Austin, TX"),
            Some(("Dallas, TX, US".into(), None, true))
        );
        assert_eq!(
            show("Toronto, ON, Canada"),
            Some(("Toronto, ON, CA".into(), None, true))
        );
        assert_eq!(show("Chicago"), Some(("Chicago".into(), None, false)));
        assert_eq!(show("Multiple locations"), None);
        assert_eq!(show(""), None);
    }
}
