//! Skills: what the [`SkillSpotter`] finds (surely in skills sections; elsewhere, less
//! surely, only when there is no skills section), plus the items a skills section lists that the spotter does not know, kept
//! at low confidence for a person to confirm.

use super::sections::Layout;
use super::text::{Line, span_in, strip_bullet, word_count};
use super::{Field, SectionKind, SkillMention, SkillSpotter};

/// A mention the spotter found in a skills section.
const IN_SECTION: f32 = 0.9;
/// A mention the spotter found anywhere else.
const ELSEWHERE: f32 = 0.5;
/// An item listed in a skills section that the spotter does not know.
const LISTED_ONLY: f32 = 0.4;

pub(crate) fn extract(
    text: &str,
    lines: &[Line<'_>],
    layout: &Layout,
    spotter: &dyn SkillSpotter,
) -> Vec<Field<String>> {
    let spans = skill_spans(text, lines, layout);
    let mut found: Vec<Field<String>> = Vec::new();
    // Each skills section on its own, so a context-aware spotter sees it as a list; then the
    // whole text, keeping what lies outside those sections.
    for &(start, end) in &spans {
        let section = text.get(start..end).unwrap_or_default();
        for m in spotter.spot(section) {
            push_mention(&mut found, section, &m, start, IN_SECTION);
        }
    }
    // Without a skills section, the rest of the text is all there is. With one, a
    // gazetteer hit in prose is too often a word used in passing ("database", "testing")
    // to list beside what the person chose to list; #4's context classifier is what
    // makes those hits usable.
    if spans.is_empty() {
        for m in spotter.spot(text) {
            push_mention(&mut found, text, &m, 0, ELSEWHERE);
        }
    }
    // A listed item the spotter covers only in part ("Database Management System" with
    // a hit on "Database Management") is kept as the person wrote it, replacing the
    // partial hits: the list item is the better name.
    for (start, end) in &spans {
        for (item, a) in list_items(text.get(*start..*end).unwrap_or_default()) {
            let (a, b) = (start + a, start + a + item.len());
            let inside: Vec<usize> = (0..found.len())
                .filter(|&i| found[i].start.is_some_and(|s| a <= s && s < b))
                .collect();
            let covered: usize = inside
                .iter()
                .filter_map(|&i| Some(found[i].end? - found[i].start?))
                .sum();
            if !inside.is_empty() && 5 * covered >= 4 * item.len() {
                continue;
            }
            let confidence = if inside.is_empty() {
                LISTED_ONLY
            } else {
                IN_SECTION - 0.2
            };
            for i in inside.into_iter().rev() {
                found.remove(i);
            }
            found.push(Field::at(item.to_string(), confidence, a, b));
        }
    }
    merge(found)
}

/// Keeps a mention whose span is inside `spotted` (spans are shifted by `offset` into the
/// whole text); a spotter's bad span or empty name is ignored.
fn push_mention(
    found: &mut Vec<Field<String>>,
    spotted: &str,
    m: &SkillMention,
    offset: usize,
    confidence: f32,
) {
    let name = m.name.trim();
    if m.start >= m.end || m.end > spotted.len() || name.is_empty() {
        return;
    }
    found.push(Field::at(
        name.to_string(),
        confidence,
        offset + m.start,
        offset + m.end,
    ));
}

/// Byte spans of the skills sections' content.
fn skill_spans(text: &str, lines: &[Line<'_>], layout: &Layout) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (first, end) in layout.ranges(SectionKind::Skills) {
        let content: Vec<&Line<'_>> = lines
            .iter()
            .take(end)
            .skip(first)
            .filter(|l| !l.is_blank())
            .collect();
        let (Some(a), Some(z)) = (content.first(), content.last()) else {
            continue;
        };
        // An inline heading ("Skills: Java, SQL") is not itself a skill.
        let mut start = a.start;
        if let Some((head, _)) = a.text.split_once(':')
            && super::headings::heading_kind(a.text).is_some_and(|h| h.2)
        {
            start += head.len() + 1;
        }
        if start < z.end && z.end <= text.len() {
            out.push((start, z.end));
        }
    }
    out
}

/// One entry per skill name (compared case-insensitively): the surest, at its first
/// mention, in order of first mention.
fn merge(found: Vec<Field<String>>) -> Vec<Field<String>> {
    let mut out: Vec<Field<String>> = Vec::new();
    for f in found {
        let key = f.value.to_lowercase();
        match out.iter_mut().find(|o| o.value.to_lowercase() == key) {
            Some(o) => {
                if f.confidence > o.confidence {
                    o.confidence = f.confidence;
                    o.value = f.value;
                }
                if f.start < o.start {
                    o.start = f.start;
                    o.end = f.end;
                }
            }
            None => out.push(f),
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

/// The items of a skills list, with their byte offsets in `block`: split on commas,
/// semicolons, pipes, bullets and line ends; a "Languages:" label and a "(3 years)"
/// suffix dropped; sentences and long phrases left out.
pub(crate) fn list_items(block: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw_line in block.split('\n') {
        let line_start = offset;
        offset += raw_line.len() + 1;
        let (cut, line) = strip_bullet(raw_line.trim_start());
        let mut base = line_start + (raw_line.len() - raw_line.trim_start().len()) + cut;
        // "Programming languages: C, Java" → the items after the label.
        let mut body = line;
        if let Some((label, rest)) = line.split_once(':')
            && word_count(label) <= 4
        {
            base += label.len() + 1;
            body = rest;
        }
        // " / " separates items, but "CI/CD" and "PL/SQL" are one; the replacement keeps
        // every byte offset.
        // A sentence is not a list, even with commas in it.
        let pieces: Vec<&str> = body.split([',', ';', '|', '•']).map(clean_item).collect();
        let long = pieces.iter().filter(|p| word_count(p) > 4).count();
        if 2 * long > pieces.len() || (body.trim_end().ends_with('.') && word_count(body) >= 8) {
            continue;
        }
        let marked = body.replace(" / ", " ; ");
        for (at, len) in split_offsets(&marked, |c| {
            matches!(c, ',' | ';' | '|' | '•' | '·' | '●' | '▪')
        }) {
            let Some(original) = body.get(at..at + len) else {
                continue;
            };
            let item = clean_item(original);
            if item.is_empty() || !is_item(item) {
                continue;
            }
            let lead = span_in(original, item).map_or(0, |(a, _)| a);
            out.push((item, base + at + lead));
        }
    }
    out
}

/// The (offset, length) of each piece of `s` between separator characters.
fn split_offsets(s: &str, is_sep: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if is_sep(c) {
            out.push((start, i - start));
            start = i + c.len_utf8();
        }
    }
    out.push((start, s.len() - start));
    out
}

/// Drops "(Less than 1 year)", "(5 years)", "- 3 yrs" and stray punctuation.
fn clean_item(piece: &str) -> &str {
    let mut s = piece.trim();
    if let Some(open) = s.find('(') {
        let inner = s[open..].to_lowercase();
        if inner.contains("year") || inner.contains("yr") || inner.contains("month") {
            s = s[..open].trim();
        }
    }
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '-' | '–' | '*' | '"' | ')' | '(')
    })
}

fn is_item(s: &str) -> bool {
    let words = word_count(s);
    (1..=4).contains(&words)
        && s.chars().count() <= 40
        && s.chars().any(char::is_alphabetic)
        && !s.ends_with(':')
        && !s.contains("http")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_of_a_list() {
        let block = "C (Less than 1 year), Database (5 years), Java\n\
                     • Programming language: C++, Python\n\
                     Operating systems: Linux / Windows\n\
                     I have worked with many tools over the years in several teams.";
        let items: Vec<&str> = list_items(block).into_iter().map(|(s, _)| s).collect();
        assert_eq!(
            items,
            ["C", "Database", "Java", "C++", "Python", "Linux", "Windows"]
        );
        for (item, at) in list_items(block) {
            assert_eq!(&block[at..at + item.len()], item);
        }
    }
}
