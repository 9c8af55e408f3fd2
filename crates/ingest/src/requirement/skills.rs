//! Required and preferred skills: every taxonomy mention in the description, sorted by
//! where it sits. Skills under "Must have" / "Required" / "Requirements" are required,
//! under "Nice to have" / "Preferred" / "Plus" preferred; a sentence saying "is a plus"
//! makes its skills preferred wherever it is; anything else counts as required.

use std::collections::HashMap;

use super::labels::Label;
use super::text::{Span, lines, sentences};
use super::{Ctx, Field};
use crate::skills::Taxonomy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Required,
    Preferred,
    Neutral,
}

/// Headings written inline ("PREFERRED QUALIFICATIONS • …", "Nice to have: Kafka"), as
/// job boards flatten them: a phrase followed by a colon, or written in capitals.
const HEADINGS: &[(&str, Section)] = &[
    ("must have skills", Section::Required),
    ("must haves", Section::Required),
    ("must have", Section::Required),
    ("must-have", Section::Required),
    ("required skills", Section::Required),
    ("required qualifications", Section::Required),
    ("minimum qualifications", Section::Required),
    ("basic qualifications", Section::Required),
    ("minimum requirements", Section::Required),
    ("mandatory skills", Section::Required),
    ("skills required", Section::Required),
    ("requirements", Section::Required),
    ("qualifications", Section::Required),
    ("required", Section::Required),
    ("mandatory", Section::Required),
    ("what you need", Section::Required),
    ("what you'll bring", Section::Required),
    ("nice to have", Section::Preferred),
    ("nice-to-have", Section::Preferred),
    ("good to have", Section::Preferred),
    ("preferred qualifications", Section::Preferred),
    ("preferred skills", Section::Preferred),
    ("preferred experience", Section::Preferred),
    ("desired skills", Section::Preferred),
    ("desired qualifications", Section::Preferred),
    ("additional skills", Section::Preferred),
    ("secondary skills", Section::Preferred),
    ("bonus points", Section::Preferred),
    ("preferred", Section::Preferred),
    ("desired", Section::Preferred),
    ("bonus", Section::Preferred),
    ("pluses", Section::Preferred),
    ("required experience", Section::Neutral),
    ("responsibilities", Section::Neutral),
    ("job description", Section::Neutral),
    ("duties", Section::Neutral),
    ("about us", Section::Neutral),
    ("benefits", Section::Neutral),
    ("what you'll do", Section::Neutral),
    ("company overview", Section::Neutral),
    ("education", Section::Neutral),
];

const PREFERRED_CUES: &[&str] = &[
    "a plus",
    "nice to have",
    "nice-to-have",
    "preferred",
    "desirable",
    "desired",
    "bonus",
    "good to have",
    "advantageous",
    "an advantage",
    "helpful",
    "ideally",
    "is a bonus",
    "would be great",
    "beneficial",
];

const REQUIRED_CUES: &[&str] = &["must", "required", "mandatory", "essential", "minimum"];

/// Where sections start, in order: (offset, section).
fn markers(ctx: &Ctx<'_>) -> Vec<(usize, Section)> {
    let mut out = Vec::new();
    let all_lines = lines(ctx.text);
    for (i, l) in ctx.labels.iter().enumerate() {
        let section = match l.label {
            Label::Required => Section::Required,
            Label::Preferred => Section::Preferred,
            _ => Section::Neutral,
        };
        out.push((l.line_start, section));
        if section != Section::Neutral && l.value_end > l.value_start {
            // "Must have skills: Java, Spring" covers its line and the list items under it.
            let stop = ctx.labels.get(i + 1).map_or(usize::MAX, |n| n.line_start);
            out.push((list_end(&all_lines, l.line_end, stop), Section::Neutral));
        }
    }
    let mut found: Vec<(usize, usize, Section)> = Vec::new();
    for (phrase, section) in HEADINGS {
        for at in super::text::find_words(&ctx.lower, phrase) {
            let end = at + phrase.len();
            let written = &ctx.text[at..end];
            let colon = ctx.text[end..]
                .trim_start_matches([' ', '*'])
                .starts_with(':');
            let letters = written.chars().filter(|c| c.is_alphabetic()).count();
            let capitals = letters >= 6
                && written
                    .chars()
                    .all(|c| !c.is_alphabetic() || c.is_uppercase());
            if colon || capitals || own_line(ctx.text, at, end) {
                found.push((at, end, *section));
            }
        }
    }
    // "PREFERRED QUALIFICATIONS" is one heading, not "preferred" then "qualifications".
    found.sort_by_key(|&(at, end, _)| (at, std::cmp::Reverse(end)));
    let mut covered = 0;
    for (at, end, section) in found {
        if at >= covered {
            out.push((at, section));
            covered = end;
        }
    }
    out.sort_by_key(|&(at, _)| at);
    out
}

/// The phrase at `at..end` is a heading on a line of its own ("## Required Skills",
/// "**Nice to have**").
fn own_line(text: &str, at: usize, end: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let before =
        text[line_start..at].trim_matches(|c: char| c == '#' || c == '*' || c.is_whitespace());
    let after =
        text[end..line_end].trim_matches(|c: char| c == '*' || c == ':' || c.is_whitespace());
    before.is_empty() && after.is_empty()
}

/// A list item's marker ("- ", "• ", "3. ", "3) "), if the line starts with one: the
/// offset of the item's text within the line.
fn item_text(line: &str) -> Option<usize> {
    let lead = line.len() - line.trim_start().len();
    let t = &line[lead..];
    if let Some(c) = t.chars().next()
        && ['•', '-', '*', '·', '○', '▪', '➢', '✓'].contains(&c)
    {
        let rest = &t[c.len_utf8()..];
        return rest
            .starts_with(' ')
            .then(|| lead + c.len_utf8() + (rest.len() - rest.trim_start().len()));
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) && matches!(t[digits..].chars().next(), Some('.' | ')')) {
        let rest = &t[digits + 1..];
        return rest
            .starts_with(' ')
            .then(|| lead + digits + 1 + (rest.len() - rest.trim_start().len()));
    }
    None
}

/// Words that make a list item's head a sentence ("5+ years of Java", "Strong
/// communication") rather than the name of a skill.
const NOT_A_NAME: &[&str] = &[
    "year",
    "years",
    "yrs",
    "experience",
    "experienced",
    "ability",
    "able",
    "knowledge",
    "understanding",
    "strong",
    "excellent",
    "proficient",
    "proficiency",
    "familiar",
    "familiarity",
    "degree",
    "bachelor",
    "bachelors",
    "master",
    "must",
    "should",
    "will",
    "working",
    "good",
    "great",
    "solid",
    "hands",
    "you",
    "we",
    "our",
    "your",
    "have",
    "has",
    "is",
    "are",
    "be",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "to",
    "of",
    "for",
    "with",
];

/// Praise and framing that open a skill item without being part of its name: "Excellent
/// Basic Math Skills" names Basic Math Skills, "Knowledge of Forestry" names Forestry.
/// Longest first; a leading article goes too.
const ITEM_LEAD: &[&str] = &[
    "in-depth knowledge of",
    "in-depth understanding of",
    "working knowledge of",
    "proven skills in",
    "high level of",
    "level of",
    "proficiency in",
    "proficiency with",
    "proficient in",
    "proficient with",
    "knowledge of",
    "understanding of",
    "familiarity with",
    "expertise in",
    "skilled in",
    "comprehensive",
    "exceptional",
    "thorough",
    "detailed",
    "profound",
    "sound",
    "sharp",
    "outstanding",
    "excellent",
    "superior",
    "strong",
    "keen",
];

/// The length of the praise or framing `head` opens with ([`ITEM_LEAD`], and an
/// article), the spaces after it included; 0 when there is none.
fn lead_len(head: &str) -> usize {
    let mut at = 0;
    while let Some(l) = ITEM_LEAD.iter().chain(&["a", "an"]).find(|l| {
        let rest = &head[at..];
        rest.get(..l.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(l))
            && rest[l.len()..].starts_with(char::is_whitespace)
    }) {
        let rest = &head[at + l.len()..];
        at += l.len() + (rest.len() - rest.trim_start().len());
    }
    at
}

/// The skill a list item under a skills heading names: its head before a colon or dash
/// ("Networking: TCP/IP and LAN/WAN"), or the whole item when it is a short name
/// ("Kubernetes", "Physical Stamina and Strength"), without the praise or framing it
/// opens with ("Excellent", "Knowledge of"). Returns (head start, head end, description
/// start) within `item`.
fn item_head(item: &str) -> Option<(usize, usize, usize)> {
    let cut = [": ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| item.find(sep).map(|i| (i, i + sep.len())))
        .min();
    let (head, desc) = match cut {
        Some((i, j)) => (&item[..i], j),
        None => (item.trim_end_matches(['.', ';', ',']), item.len()),
    };
    let head_t = head.trim().trim_matches('*').trim();
    let head_t = &head_t[lead_len(head_t)..];
    let words = head_t.split_whitespace().count();
    let lower = head_t.to_lowercase();
    let prose = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| NOT_A_NAME.contains(&w));
    // "Empathy and Compassion" is one name; "Java and Python" two skills, which the
    // caller leaves to the gazetteer. A name joined by "and" may run to six words
    // ("First Aid and Emergency Care Procedures").
    let and = lower.matches(" and ").count();
    let most = match (cut.is_some(), and) {
        (_, 1) => 6,
        (true, _) => 5,
        (false, _) => 4,
    };
    let ok = (1..=most).contains(&words)
        && head_t.chars().count() <= 45
        && head_t.chars().next().is_some_and(char::is_alphabetic)
        && !head_t.ends_with('.')
        && !head_t.contains([',', ';'])
        && !lower.contains(" or ")
        && and <= 1
        && !lower.ends_with(" and")
        && !prose;
    if !ok {
        return None;
    }
    let start = item.find(head_t)?;
    Some((start, start + head_t.len(), desc))
}

/// The end of the list that follows a labelled line ending at `line_end`: the next lines
/// while they are bullets or short items, up to a blank line.
fn list_end(all_lines: &[Span<'_>], line_end: usize, stop: usize) -> usize {
    let mut end = line_end;
    let first = all_lines.partition_point(|l| l.start <= line_end);
    for line in all_lines[first..].iter().take_while(|l| l.start < stop) {
        let t = line.text.trim();
        let bullet = t.starts_with(['•', '-', '*', '·', '○', '▪', '➢', '✓'])
            || t.split_once('.').is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit())
            });
        if t.is_empty() || !(bullet || t.split_whitespace().count() <= 8) {
            break;
        }
        end = line.end;
    }
    end
}

/// The confidence from which a skill is one the text states as a requirement, not one
/// its prose mentions.
const STATED: f64 = 0.85;

/// Required and preferred skills, each at its first mention, best reading kept;
/// `title` is where the parsed title stands in the text (a skill there is required and
/// stated, whether or not it was labelled).
pub(crate) fn extract(
    ctx: &Ctx<'_>,
    taxonomy: &Taxonomy,
    title: Option<(usize, usize)>,
) -> (Vec<Field<String>>, Vec<Field<String>>) {
    let (b0, b1) = ctx.body;
    let Some(body) = ctx.text.get(b0..b1) else {
        return (Vec::new(), Vec::new());
    };
    let marks = markers(ctx);
    let sents = sentences(body);
    let title = title.or_else(|| {
        ctx.label(Label::Title)
            .map(|l| (l.value_start, l.value_end))
    });
    // name → (required?, field, where it is first mentioned: the order they are listed).
    let mut best: HashMap<String, (bool, Field<String>, usize)> = HashMap::new();
    let section_at = |s: usize| {
        let before = marks.partition_point(|(at, _)| *at <= s);
        before
            .checked_sub(1)
            .and_then(|k| marks.get(k))
            .map_or(Section::Neutral, |(_, sec)| *sec)
    };
    // A list under a skills heading names one skill per item, whether or not the
    // gazetteer knows it; what an item says about its skill is not more skills.
    let mut described: Vec<(usize, usize)> = Vec::new();
    let mut listed: Vec<(bool, Field<String>)> = Vec::new();
    for line in lines(body) {
        let (ls, le) = (b0 + line.start, b0 + line.end);
        let section = section_at(ls);
        if section == Section::Neutral {
            continue;
        }
        let Some(at) = item_text(line.text) else {
            continue;
        };
        let item = &line.text[at..];
        let Some((hs, he, desc)) = item_head(item) else {
            continue;
        };
        let head = &item[hs..he];
        // A name the gazetteer knows counts only where the gazetteer accepts it in its
        // context (a bare "Go" bullet is a verb as often as a language).
        let name = match taxonomy.canonical(head) {
            Some(known) => {
                if !taxonomy.extract(item).iter().any(|m| m.name == known) {
                    continue;
                }
                known.to_string()
            }
            // "Docker/Kubernetes" is two skills, which the gazetteer finds on its own.
            None if taxonomy.extract(head).len() >= 2 => continue,
            None => head.to_string(),
        };
        let start = ls + at;
        described.push((start + hs, start + he));
        listed.push((
            section == Section::Required,
            Field::new(name, 0.92, start + hs, start + he),
        ));
        if desc < item.len() {
            described.push((start + desc, le));
        }
    }
    // A text that lists its required skills one per item (three or more) has said what
    // it requires: skills it mentions elsewhere (the summary, the duties) are taken as
    // preferred.
    let lists_required = listed.iter().filter(|(r, _)| *r).count() >= 3;
    for (required, field) in listed {
        let key = field.value.to_lowercase();
        if best.values().any(|(_, f, _)| f.value.to_lowercase() == key) {
            continue;
        }
        let first = field.start;
        best.insert(field.value.clone(), (required, field, first));
    }
    for m in taxonomy.extract(body) {
        let (s, e) = (b0 + m.start, b0 + m.end);
        if described.iter().any(|&(ds, de)| ds <= s && e <= de) {
            continue;
        }
        let section = section_at(s);
        let sentence = sents
            .partition_point(|x| x.start <= m.start)
            .checked_sub(1)
            .and_then(|k| sents.get(k))
            .filter(|x| m.start < x.end.max(x.start + 1))
            .map(|x| x.text.to_ascii_lowercase())
            .unwrap_or_default();
        let cue = |list: &[&str]| list.iter().any(|c| super::text::has_word(&sentence, c));
        let in_title = title.is_some_and(|(ts, te)| ts <= s && e <= te);
        let (required, conf) = if in_title {
            (true, STATED)
        } else if cue(PREFERRED_CUES) && !sentence.contains("must") {
            (
                false,
                if section == Section::Preferred {
                    0.9
                } else {
                    0.75
                },
            )
        } else {
            match section {
                Section::Required => (true, 0.9),
                Section::Preferred => (false, 0.9),
                Section::Neutral if lists_required => (false, 0.6),
                Section::Neutral if cue(REQUIRED_CUES) => (true, 0.75),
                Section::Neutral => (true, 0.6),
            }
        };
        let field = Field::new(m.name.clone(), conf, s, e);
        match best.get_mut(&m.name) {
            Some(entry) => {
                entry.2 = entry.2.min(s);
                if conf > entry.1.confidence {
                    entry.0 = required;
                    entry.1.confidence = conf;
                    entry.1.start = s;
                    entry.1.end = e;
                }
            }
            None => {
                best.insert(m.name, (required, field, s));
            }
        }
    }
    // What the text states as its requirements (its title, its skill lists, its
    // requirements sections) comes first, then what its prose mentions, each in the
    // order of first mention: a list of what a candidate lacks leads with what the
    // client asked for, not with "efficiency" from the duties.
    let mut all: Vec<(bool, Field<String>, usize)> = best.into_values().collect();
    all.sort_by_key(|(_, f, o)| (f.confidence < STATED, *o));
    let (req, pref): (Vec<_>, Vec<_>) = all.into_iter().partition(|(r, _, _)| *r);
    (
        req.into_iter().map(|(_, f, _)| f).collect(),
        pref.into_iter().map(|(_, f, _)| f).collect(),
    )
}
