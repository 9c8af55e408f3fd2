//! Places in prose: the first "City, ST" or "City, State" mention, preferring one after
//! "located in" / "based in" / "Location".

use hireloop_domain::values::{CountryCode, Location, us_state_code};

use super::{Ctx, Field};

/// State codes that are also everyday words in capitals ("OR", "IN"): only read as
/// states after a location cue.
const AMBIGUOUS_STATES: &[&str] = &[
    "OR", "IN", "ME", "OK", "HI", "AS", "ID", "DE", "CO", "AL", "PA", "MA",
];

/// The first "City, ST" or "City, State" in the body; a mention after "located in",
/// "based in" or "Location" is preferred.
pub(super) fn prose_location(ctx: &Ctx<'_>) -> Option<Field<Location>> {
    let (b0, b1) = ctx.body;
    let body = ctx.text.get(b0..b1)?;
    let mut best: Option<(Field<Location>, bool)> = None;
    for (comma, _) in body.match_indices(", ") {
        let Some((region, r_end)) = state_after(body, comma + 2) else {
            continue;
        };
        let Some(c_start) = city_before(body, comma) else {
            continue;
        };
        let abs = b0 + c_start;
        let from = super::labels::floor_boundary(&ctx.lower, abs.saturating_sub(24));
        let before = ctx.lower.get(from..abs).unwrap_or("").trim_end();
        let cue = [
            "located in",
            "based in",
            "location",
            "office in",
            "onsite in",
            "on-site in",
        ]
        .iter()
        .any(|c| before.contains(c))
            || before.ends_with(" in")
            || before.ends_with(" at")
            || before == "in"
            || before == "at";
        if AMBIGUOUS_STATES.contains(&region) && !cue {
            continue;
        }
        let city = &body[c_start..comma];
        let Ok(us) = CountryCode::parse("US") else {
            continue;
        };
        let Ok(loc) = Location::new(Some(city), Some(region), Some(us), None) else {
            continue;
        };
        let field = Field::new(loc, if cue { 0.75 } else { 0.6 }, b0 + c_start, b0 + r_end);
        match &best {
            None => best = Some((field, cue)),
            Some((_, false)) if cue => best = Some((field, cue)),
            _ => {}
        }
        if cue {
            break;
        }
    }
    best.map(|(f, _)| f)
}

/// A US state written at `at`: two capitals or a state name of one or two words, ending
/// at a non-letter. Returns the postal code and where it ends.
fn state_after(s: &str, at: usize) -> Option<(&'static str, usize)> {
    let rest = s.get(at..)?;
    let ends_word = |i: usize| !rest[i..].chars().next().is_some_and(char::is_alphanumeric);
    let b = rest.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() && ends_word(2) {
        return us_state_code(&rest[..2]).map(|c| (c, at + 2));
    }
    let words: Vec<(usize, &str)> = rest
        .split(' ')
        .scan(0usize, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .take(3)
        .collect();
    for n in [3, 2, 1] {
        let Some(&(start, last)) = words.get(n - 1) else {
            continue;
        };
        let word = last.trim_end_matches(|c: char| !c.is_alphabetic());
        let end = start + word.len();
        let name = &rest[..end];
        if name.len() > 2
            && name.chars().next().is_some_and(char::is_uppercase)
            && let Some(code) = us_state_code(name)
        {
            return Some((code, at + end));
        }
    }
    None
}

/// Where the city before a comma starts: up to three capitalised words on the same
/// line, not counting words that are never part of a place name.
fn city_before(s: &str, comma: usize) -> Option<usize> {
    const STOP: &[&str] = &[
        "In", "At", "The", "Our", "Location", "Located", "Based", "Near", "Of", "And", "From",
        "Onsite", "Hybrid", "Remote", "Office", "Job", "A", "An", "For", "To", "Is",
    ];
    let head = s.get(..comma)?;
    let mut start = None;
    let mut end = head.len();
    for _ in 0..3 {
        let gap = head[..end]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace());
        let word_from = gap.map_or(0, |(i, c)| i + c.len_utf8());
        let raw = &head[word_from..end];
        let word = raw.trim_start_matches(['(', '"', '\'', '-', '•', ':', '*']);
        let ok = word.chars().next().is_some_and(char::is_uppercase)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
            && !STOP.contains(&word);
        if !ok {
            break;
        }
        start = Some(end - word.len());
        match gap {
            Some((i, ' ')) if word.len() == raw.len() => end = i,
            _ => break,
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_states() {
        let s = "Our office in Downtown Dallas, TX is new.";
        assert_eq!(state_after(s, 31), Some(("TX", 33)));
        assert_eq!(city_before(s, 29), Some(14));
        assert_eq!(city_before("Skills:\nDallas, TX", 14), Some(8));
        assert_eq!(state_after("New York, New York.", 10), Some(("NY", 18)));
        assert_eq!(state_after("Java, OR Python", 6), Some(("OR", 8)));
        assert_eq!(state_after("x, Teamwork", 3), None);
    }
}
