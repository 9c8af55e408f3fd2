//! Cutting an entry's header line into fields: connectors ("Engineer at Acme"), commas
//! ("Data Engineer, Siemens AG, Munich") and brackets ("Wipro Ltd (Bangalore").

use super::places::{parse_city, parse_place};
use super::text::{is_capitalised, trim_separators, word_count};
use super::vocab::{company_score, title_score};

/// Commas inside a field: "Data Engineer, Siemens AG, Munich" holds three fields, but
/// "Dallas, TX" is one place and "Specialist II, Marketing" one title. Two or more commas
/// split always (places kept whole); one comma splits when the sides read as different
/// things.
pub(crate) fn split_commas(piece: &str) -> Vec<&str> {
    if parse_place(piece).is_some() {
        return vec![piece];
    }
    let cuts: Vec<usize> = piece.match_indices(',').map(|(i, _)| i).collect();
    let parts: Vec<&str> = piece.split(',').map(trim_separators).collect();
    if cuts.is_empty() || parts.iter().any(|p| p.is_empty()) {
        return vec![piece];
    }
    if cuts.len() == 1 {
        let (a, b) = (parts[0], parts[1]);
        let differ = parse_place(b).is_some()
            || parse_city(b).is_some() && word_count(b) == 1 && company_score(a) > 0.0
            || title_score(a) > 0.0 && company_score(b) > 0.0
            || company_score(a) > 0.0 && title_score(b) > 0.0;
        return if differ { vec![a, b] } else { vec![piece] };
    }
    // Three or more commas, none of them around a place, make a list (of tools, most
    // often), not a header.
    if cuts.len() >= 3
        && parts.iter().all(|p| parse_place(p).is_none())
        && parse_place(&piece[cuts[0] + 1..]).is_none()
    {
        let joined_places = (0..parts.len() - 1).any(|i| {
            let to = cuts.get(i + 1).copied().unwrap_or(piece.len());
            parse_place(&piece[cuts[i] + 1..to]).is_some()
        });
        if !joined_places {
            return Vec::new();
        }
    }
    // Rejoin neighbours that together are a place ("Dallas", "TX").
    let mut out = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let mut taken = 1;
        for k in [3, 2] {
            if i + k <= parts.len() {
                let from = if i == 0 { 0 } else { cuts[i - 1] + 1 };
                let to = if i + k == parts.len() {
                    piece.len()
                } else {
                    cuts[i + k - 1]
                };
                let joined = trim_separators(&piece[from..to]);
                if parse_place(joined).is_some() {
                    out.push(joined);
                    taken = k;
                    break;
                }
            }
        }
        if taken == 1 {
            out.push(parts[i]);
        }
        i += taken;
    }
    out
}

/// Drops an unbalanced or place-only bracket: "Wipro Limited (Bangalore" → "Wipro Limited",
/// "Infosys Ltd (Pune)" → "Infosys Ltd"; "System Administrator (Server)" stays.
pub(crate) fn clean_value(s: &str) -> &str {
    let Some(open) = s.find(['(', '[']) else {
        return s;
    };
    let head = trim_separators(&s[..open]);
    let inner = s[open + 1..].trim_end_matches([')', ']']).trim();
    let balanced = s[open..].contains([')', ']']);
    if head.is_empty() {
        return s;
    }
    let lone_city = word_count(inner) == 1
        && company_score(head) > 0.0
        && parse_city(inner).is_some_and(|l| l.city().is_some());
    if !balanced || parse_place(inner).is_some() || lone_city {
        return head;
    }
    s
}

/// "Engineer at Acme", "Engineer @ Acme", "Engineer with Acme", "Analyst in Infosys" and
/// "Lead for Acme Cloud" become two pieces when the first reads like a title (after "in" and
/// "for", only when a short name follows); "Infosys as Process Associate" too, the other
/// way round.
pub(crate) fn split_connector(part: &str) -> Vec<&str> {
    for sep in [" at ", " @ ", "@", " with ", " in ", " for "] {
        if let Some((t, c)) = part.split_once(sep) {
            let (t, c) = (trim_separators(t), trim_separators(c));
            let loose = matches!(sep, " in " | " for ");
            let named = c.chars().next().is_some_and(char::is_uppercase)
                && word_count(c) <= 4
                && title_score(c) == 0.0;
            if title_score(t) > 0.0 && !c.is_empty() && (!loose || named) {
                return vec![t, c];
            }
        }
    }
    if let Some((c, t)) = part.split_once(" as ") {
        let (c, t) = (trim_separators(c), trim_separators(t));
        if title_score(t) > 0.0 && title_score(c) == 0.0 && word_count(c) <= 4 && is_capitalised(c)
        {
            return vec![c, t];
        }
    }
    vec![part]
}
