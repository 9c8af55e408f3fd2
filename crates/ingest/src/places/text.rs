//! Reading a free-text location field: the work mode ("Remote", "Hybrid", "Onsite in"),
//! a stated time zone ("(EST)", "UTC+5:30"), postal codes and filler words come out, and
//! what is left is split into parts ("Dallas", "TX") for the resolver.

use hireloop_domain::values::RemoteMode;

use super::fold;
use super::tables::{EMPTY_PARTS, LEADING_FILLER, ODD_OFFSETS, TRAILING_FILLER, ZONE_WORDS};

/// Longer input is not a location field; only its start is read.
const MAX_INPUT_BYTES: usize = 300;
/// More parts than this is a list of places or prose; the first ones carry the place.
const MAX_PARTS: usize = 6;

/// A location field taken apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Parsed {
    pub mode: Option<RemoteMode>,
    /// IANA zone of a stated time zone.
    pub zone: Option<String>,
    /// The place text, most specific first as written: ["Dallas", "TX"].
    pub parts: Vec<String>,
}

/// Work-mode markers as folded word sequences (hyphens removed: "on-site" → "onsite").
const MODE_MARKERS: &[(&[&str], RemoteMode)] = &[
    (&["work", "from", "home"], RemoteMode::Remote),
    (&["fully", "remote"], RemoteMode::Remote),
    (&["100%", "remote"], RemoteMode::Remote),
    (&["remote"], RemoteMode::Remote),
    (&["remotefirst"], RemoteMode::Remote),
    (&["remoteonly"], RemoteMode::Remote),
    (&["fullyremote"], RemoteMode::Remote),
    (&["wfh"], RemoteMode::Remote),
    (&["workfromhome"], RemoteMode::Remote),
    (&["telecommute"], RemoteMode::Remote),
    (&["telecommuting"], RemoteMode::Remote),
    (&["telework"], RemoteMode::Remote),
    (&["anywhere"], RemoteMode::Remote),
    (&["hybrid"], RemoteMode::Hybrid),
    (&["on", "site"], RemoteMode::Onsite),
    (&["in", "office"], RemoteMode::Onsite),
    (&["in", "person"], RemoteMode::Onsite),
    (&["onsite"], RemoteMode::Onsite),
    (&["inoffice"], RemoteMode::Onsite),
    (&["inperson"], RemoteMode::Onsite),
    (&["officebased"], RemoteMode::Onsite),
];

/// Words that, next to a time-zone abbreviation, belong to it ("EST hours").
const ZONE_CONTEXT: &[&str] = &["time", "timezone", "zone", "tz", "hours", "hrs"];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    /// A break between parts; `true` when it opens a bracket.
    Break(bool),
    Close,
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '|' | '/' | '\\' | ':' | '•' | '·' | '–' | '—' | '\n' | '\r' | '\t' | '+'
    )
}

fn tokens(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Tok>| {
        if !word.is_empty() {
            out.push(Tok::Word(std::mem::take(word)));
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let joins = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        if c.is_alphanumeric() || matches!(c, '.' | '\'' | '\u{2019}' | '&' | '%') {
            word.push(c);
        } else if c == '-' && joins(i.checked_sub(1)) && joins(Some(i + 1)) {
            // A hyphen inside a name ("Saint-Louis", "on-site") joins; a spaced one splits.
            word.push(c);
        } else if matches!(c, '(' | '[' | '{') {
            flush(&mut word, &mut out);
            out.push(Tok::Break(true));
        } else if matches!(c, ')' | ']' | '}') {
            flush(&mut word, &mut out);
            out.push(Tok::Close);
        } else if is_separator(c) || c == '-' {
            flush(&mut word, &mut out);
            out.push(Tok::Break(false));
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A word as markers and zone names are matched: lowercase, no accents, no hyphens or
/// dots.
fn norm(word: &str) -> String {
    fold::fold(word)
        .chars()
        .filter(|c| !matches!(c, '-' | '.' | '\'' | '\u{2019}'))
        .collect()
}

/// "utc+5", "GMT-03:00", "UTC +5:30" → an IANA zone. Whole hours become `Etc/GMT∓N`
/// (IANA's sign is inverted); a few common half-hour offsets map to their zone.
fn offset_zone(text: &str) -> Option<(usize, usize, String)> {
    let lower = text.to_ascii_lowercase();
    for prefix in ["utc", "gmt"] {
        for (start, _) in lower.match_indices(prefix) {
            let rest = &lower[start + 3..];
            let trimmed = rest.trim_start();
            let mut chars = trimmed.char_indices();
            let sign = match chars.next() {
                Some((_, '+')) => 1,
                Some((_, '-' | '−')) => -1,
                _ => continue,
            };
            let body_start = trimmed.len() - chars.as_str().len();
            let body: String = trimmed[body_start..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':' || *c == '.')
                .collect();
            let (hours, minutes) = match body.split_once([':', '.']) {
                Some((h, m)) if body.contains(':') => {
                    (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?)
                }
                Some((h, m)) => (
                    h.parse::<i32>().ok()?,
                    m.parse::<i32>().ok().map_or(0, |m| m * 6),
                ),
                None => (body.parse::<i32>().ok()?, 0),
            };
            if !(0..=14).contains(&hours) || !(0..60).contains(&minutes) {
                continue;
            }
            let total = sign * (hours * 60 + minutes);
            let zone = if minutes == 0 {
                match total / 60 {
                    0 => "Etc/UTC".to_owned(),
                    h if h > 0 => format!("Etc/GMT-{h}"),
                    h => format!("Etc/GMT+{}", -h),
                }
            } else {
                ODD_OFFSETS.iter().find(|(m, _)| *m == total)?.1.to_owned()
            };
            let end = start + 3 + (rest.len() - trimmed.len()) + body_start + body.len();
            return Some((start, end, zone));
        }
    }
    None
}

/// Takes a location field apart. Never fails: anything unrecognised is left in the parts
/// for the resolver to accept or reject.
pub(crate) fn parse(text: &str) -> Parsed {
    let text = super::index::truncate(text, MAX_INPUT_BYTES);
    let mut parsed = Parsed::default();
    let whole = fold::key(text);
    if EMPTY_PARTS.contains(&whole.as_str()) || whole == "na" {
        // "N/A", "NA", "TBD" said whole, before the slash splits it; a part "NA" after
        // a city is Namibia.
        return parsed;
    }
    let mut owned = text.to_owned();
    if let Some((start, end, zone)) = offset_zone(text) {
        owned.replace_range(start..end, ",");
        parsed.zone = Some(zone);
    }
    let mut toks = tokens(&owned);
    parsed.mode = strip_modes(&mut toks);

    let mut parts: Vec<(Vec<String>, bool)> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut bracketed = false;
    for tok in toks {
        match tok {
            Tok::Word(w) => current.push(w),
            Tok::Break(opens) => {
                parts.push((std::mem::take(&mut current), bracketed));
                bracketed = opens;
            }
            Tok::Close => {
                parts.push((std::mem::take(&mut current), bracketed));
                bracketed = false;
            }
        }
    }
    parts.push((current, bracketed));

    for (words, bracketed) in parts {
        // "Dallas or Austin": each alternative is a part of its own. Only a lowercase
        // "or" between words: "Dallas, OR" is Oregon.
        for words in words.split(|w| w == "or" && words.len() > 1) {
            let words = clean_part(words, bracketed, &mut parsed.zone);
            if !words.is_empty() && parsed.parts.len() < MAX_PARTS {
                parsed.parts.push(words.join(" "));
            }
        }
    }
    parsed
}

/// Removes work-mode markers, replacing each with a break, and says which mode they
/// state: hybrid when it is said or when both remote and onsite are.
fn strip_modes(toks: &mut Vec<Tok>) -> Option<RemoteMode> {
    let (mut remote, mut hybrid, mut onsite) = (false, false, false);
    let mut i = 0;
    while i < toks.len() {
        let found = MODE_MARKERS.iter().find(|(seq, _)| {
            seq.iter()
                .enumerate()
                .all(|(k, want)| match toks.get(i + k) {
                    Some(Tok::Word(w)) => norm(w) == *want,
                    _ => false,
                })
        });
        if let Some((seq, mode)) = found {
            match mode {
                RemoteMode::Remote => remote = true,
                RemoteMode::Hybrid => hybrid = true,
                RemoteMode::Onsite => onsite = true,
            }
            toks.splice(i..i + seq.len(), [Tok::Break(false)]);
        }
        i += 1;
    }
    if hybrid || (remote && onsite) {
        Some(RemoteMode::Hybrid)
    } else if remote {
        Some(RemoteMode::Remote)
    } else if onsite {
        Some(RemoteMode::Onsite)
    } else {
        None
    }
}

/// Drops zone words (recording the zone), postal codes and other words with digits, and
/// filler at either end; an empty or placeholder part comes back empty.
fn clean_part(words: &[String], bracketed: bool, zone: &mut Option<String>) -> Vec<String> {
    let normed: Vec<String> = words.iter().map(|w| norm(w)).collect();
    let mut keep = vec![true; words.len()];
    let mut saw_zone = false;
    for (i, n) in normed.iter().enumerate() {
        let next_is_context = normed
            .get(i + 1)
            .is_some_and(|next| ZONE_CONTEXT.contains(&next.as_str()));
        if let Some(zw) = ZONE_WORDS.iter().find(|zw| zw.word == n)
            && (!zw.weak || bracketed || next_is_context)
        {
            zone.get_or_insert_with(|| zw.zone.to_owned());
            keep[i] = false;
            saw_zone = true;
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let context = saw_zone && (ZONE_CONTEXT.contains(&normed[i].as_str()) || normed[i] == "us");
        if keep[i] && !context && !w.chars().any(|c| c.is_ascii_digit()) {
            out.push(w.trim_matches(['.', '\'', '\u{2019}']).to_owned());
        }
    }
    out.retain(|w| !w.is_empty());
    strip_filler(&mut out);
    if EMPTY_PARTS.contains(&fold::key(&out.join(" ")).as_str()) {
        out.clear();
    }
    out
}

/// Strips leading ("based in", "in") and trailing ("only") filler, but never the last
/// word: a part that is just "IN" is Indiana or India, not a preposition.
fn strip_filler(words: &mut Vec<String>) {
    loop {
        let key = fold::key(&words.join(" "));
        let lead = LEADING_FILLER
            .iter()
            .find(|f| key.starts_with(&format!("{f} ")) && f.split(' ').count() < words.len());
        if let Some(f) = lead {
            words.drain(..f.split(' ').count());
            continue;
        }
        let trail = TRAILING_FILLER
            .iter()
            .find(|f| key.ends_with(&format!(" {f}")) && words.len() > 1);
        if trail.is_some() {
            words.pop();
            continue;
        }
        break;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<String> {
        parse(text).parts
    }

    #[test]
    fn splits_parts_and_drops_postal_codes() {
        assert_eq!(parts("Dallas, TX"), ["Dallas", "TX"]);
        assert_eq!(parts("Dallas TX 75201"), ["Dallas TX"]);
        assert_eq!(parts("Austin, TX, USA"), ["Austin", "TX", "USA"]);
        assert_eq!(parts("Toronto, ON M5V 2T6"), ["Toronto", "ON"]);
        assert_eq!(parts("Saint-Louis"), ["Saint-Louis"]);
        assert_eq!(parts("St. Louis, MO"), ["St Louis", "MO"]);
        assert_eq!(parts("Dallas, OR"), ["Dallas", "OR"]);
        assert_eq!(parts("Dallas or Austin"), ["Dallas", "Austin"]);
        assert_eq!(parts("Trinidad & Tobago"), ["Trinidad & Tobago"]);
        assert_eq!(parts("Location: Berlin"), ["Berlin"]);
        assert!(parts("   ").is_empty());
        assert!(parts("12345").is_empty());
    }

    #[test]
    fn reads_work_modes() {
        let p = parse("Remote - US");
        assert_eq!(
            (p.mode, p.parts),
            (Some(RemoteMode::Remote), vec!["US".to_owned()])
        );
        let p = parse("Hybrid - Chicago, IL");
        assert_eq!(p.mode, Some(RemoteMode::Hybrid));
        assert_eq!(p.parts, ["Chicago", "IL"]);
        let p = parse("Onsite in Jersey City, NJ");
        assert_eq!(p.mode, Some(RemoteMode::Onsite));
        assert_eq!(p.parts, ["Jersey City", "NJ"]);
        let p = parse("On-site (Austin)");
        assert_eq!(
            (p.mode, p.parts),
            (Some(RemoteMode::Onsite), vec!["Austin".to_owned()])
        );
        assert_eq!(parse("Remote or on site").mode, Some(RemoteMode::Hybrid));
        assert_eq!(parse("100% remote, US only").parts, ["US"]);
        assert_eq!(parse("Anywhere in the US").parts, ["the US"]);
        assert_eq!(parse("Dallas").mode, None);
        // A lone "IN" is a place (Indiana or India), not the preposition.
        assert_eq!(parse("Remote in IN").parts, ["IN"]);
    }

    #[test]
    fn reads_time_zones() {
        let p = parse("Remote (EST)");
        assert_eq!(p.zone.as_deref(), Some("America/New_York"));
        assert!(p.parts.is_empty());
        let p = parse("Remote, PST hours");
        assert_eq!(p.zone.as_deref(), Some("America/Los_Angeles"));
        assert!(p.parts.is_empty());
        let p = parse("Remote (CT)");
        assert_eq!(p.zone.as_deref(), Some("America/Chicago"));
        // Unbracketed, "CT" is Connecticut.
        let p = parse("Hartford, CT");
        assert_eq!(
            (p.zone, p.parts),
            (None, vec!["Hartford".to_owned(), "CT".to_owned()])
        );
        assert_eq!(
            parse("Remote UTC+5:30").zone.as_deref(),
            Some("Asia/Kolkata")
        );
        assert_eq!(parse("remote, gmt-5").zone.as_deref(), Some("Etc/GMT+5"));
        assert_eq!(parse("UTC +2").zone.as_deref(), Some("Etc/GMT-2"));
        assert_eq!(parse("UTC").zone.as_deref(), Some("Etc/UTC"));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "((((",
            ")",
            "-",
            "utc+",
            "gmt-:",
            "日本 東京",
            "a\u{0}b",
            "—–-",
            "UTC+5:",
            "utc+99",
        ] {
            let _ = parse(text);
        }
        let long = "Dallas ".repeat(200);
        assert!(parse(&long).parts.len() <= MAX_PARTS);
    }
}
