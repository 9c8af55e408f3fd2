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
            if colon || capitals {
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

/// Required and preferred skills, each at its first mention, best reading kept.
pub(crate) fn extract(
    ctx: &Ctx<'_>,
    taxonomy: &Taxonomy,
) -> (Vec<Field<String>>, Vec<Field<String>>) {
    let (b0, b1) = ctx.body;
    let Some(body) = ctx.text.get(b0..b1) else {
        return (Vec::new(), Vec::new());
    };
    let marks = markers(ctx);
    let sents = sentences(body);
    let title = ctx
        .label(Label::Title)
        .map(|l| (l.value_start, l.value_end));
    // name → (required?, field); the first mention's place is kept for ordering.
    let mut best: HashMap<String, (bool, Field<String>, usize)> = HashMap::new();
    let mut order = 0usize;
    for m in taxonomy.extract(body) {
        let (s, e) = (b0 + m.start, b0 + m.end);
        // Both lists are sorted by offset.
        let before = marks.partition_point(|(at, _)| *at <= s);
        let section = before
            .checked_sub(1)
            .and_then(|k| marks.get(k))
            .map_or(Section::Neutral, |(_, sec)| *sec);
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
            (true, 0.85)
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
                Section::Neutral if cue(REQUIRED_CUES) => (true, 0.75),
                Section::Neutral => (true, 0.6),
            }
        };
        let field = Field::new(m.name.clone(), conf, s, e);
        match best.get_mut(&m.name) {
            Some(entry) => {
                if conf > entry.1.confidence {
                    entry.0 = required;
                    entry.1.confidence = conf;
                    entry.1.start = s;
                    entry.1.end = e;
                }
            }
            None => {
                best.insert(m.name, (required, field, order));
                order += 1;
            }
        }
    }
    let mut all: Vec<(bool, Field<String>, usize)> = best.into_values().collect();
    all.sort_by_key(|(_, _, o)| *o);
    let (req, pref): (Vec<_>, Vec<_>) = all.into_iter().partition(|(r, _, _)| *r);
    (
        req.into_iter().map(|(_, f, _)| f).collect(),
        pref.into_iter().map(|(_, f, _)| f).collect(),
    )
}
