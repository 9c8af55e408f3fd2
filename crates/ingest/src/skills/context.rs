//! When a skill name that is also an everyday word ("Go", "Swift", "Excel") or a bare
//! acronym ("AI", "QA") counts as a skill: only with casing and context that say so.
//!
//! A doubtful hit is accepted when it is written with a capital (and not merely at the
//! start of a sentence) and sits in a list with firm skills or after a cue such as
//! "experience with"; or, written in lowercase, when it has both list and cue.

use super::tokens::Token;

/// A gazetteer hit over tokens `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub first: usize,
    pub last: usize,
    pub skill: u32,
    pub doubt: Doubt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Doubt {
    /// An unambiguous name: always a skill.
    None,
    /// A name that is also an everyday word.
    Word,
    /// One or two letters: an acronym only when written in capitals.
    Acronym,
}

const CUES_BEFORE: &[&str] = &[
    "language",
    "languages",
    "programming",
    "experience",
    "experienced",
    "with",
    "using",
    "knowledge",
    "skills",
    "skill",
    "proficient",
    "proficiency",
    "expertise",
    "develop",
    "developing",
    "developer",
    "coding",
    "written",
    "stack",
    "frameworks",
    "framework",
    "tools",
    "technologies",
    "technology",
    "tech",
    "familiarity",
    "familiar",
    "expert",
    "strong",
    "hands",
    "environment",
];

const CUES_AFTER: &[&str] = &[
    "developer",
    "developers",
    "engineer",
    "engineers",
    "programming",
    "programmer",
    "language",
    "lang",
    "code",
    "coding",
    "development",
    "experience",
    "framework",
    "library",
    "apps",
    "services",
    "scripts",
    "scripting",
    "stack",
];

/// Decides, for each hit, whether it counts. Accepted doubtful hits vouch for their
/// neighbours in turn, so "Python, Go and Rust" keeps all three.
pub(super) fn accept(text: &str, tokens: &[Token<'_>], hits: &[Hit]) -> Vec<bool> {
    let mut accepted: Vec<bool> = hits.iter().map(|h| h.doubt == Doubt::None).collect();
    loop {
        let firm: Vec<usize> = (0..hits.len()).filter(|&i| accepted[i]).collect();
        let mut changed = false;
        for (i, hit) in hits.iter().enumerate() {
            if accepted[i] {
                continue;
            }
            let listy = listy(text, tokens, hits, &firm, hit);
            let cue = cue(tokens, hit);
            let ok = match hit.doubt {
                Doubt::None => true,
                Doubt::Word => (cased(text, tokens, hit) && (listy || cue)) || (listy && cue),
                Doubt::Acronym => upper(tokens, hit) || (listy && cue),
            };
            if ok {
                accepted[i] = true;
                changed = true;
            }
        }
        if !changed {
            return accepted;
        }
    }
}

fn upper(tokens: &[Token<'_>], hit: &Hit) -> bool {
    tokens[hit.first..=hit.last].iter().all(|t| {
        t.surface.chars().any(char::is_alphabetic) && !t.surface.chars().any(char::is_lowercase)
    })
}

/// Written with a capital, where a capital says something: not at a sentence start,
/// unless the whole word is in capitals ("GO" in a heading is still doubtful, but
/// "SWIFT," in a list of capitalised skills reads as a name).
fn cased(text: &str, tokens: &[Token<'_>], hit: &Hit) -> bool {
    let first = &tokens[hit.first];
    let capital = first.surface.chars().next().is_some_and(char::is_uppercase);
    if !capital {
        return false;
    }
    if first.surface.chars().count() == 1 {
        return true;
    }
    let before = text[..first.start].trim_end_matches([' ', '\t']);
    // "Sr. React Developer": the full stop of a title abbreviation ends no sentence.
    let abbreviation = before.strip_suffix('.').is_some_and(|b| {
        let word = b.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        matches!(
            word.to_ascii_lowercase().as_str(),
            "sr" | "jr" | "mr" | "ms" | "mrs" | "dr" | "st"
        )
    });
    let sentence_start = before.is_empty()
        || (!abbreviation
            && before.ends_with(['\n', '.', '!', '?', ':', '•', '*', '-', '>', '"', '(']));
    !sentence_start || upper(tokens, hit) && first.surface.len() > 2
}

/// Next to a firm skill with only list punctuation or "and"/"or" between.
fn listy(text: &str, tokens: &[Token<'_>], hits: &[Hit], firm: &[usize], hit: &Hit) -> bool {
    firm.iter().any(|&i| {
        let other = &hits[i];
        let (a, b) = if other.last < hit.first {
            (other, hit)
        } else if other.first > hit.last {
            (hit, other)
        } else {
            return false;
        };
        if b.first - a.last > 3 {
            return false;
        }
        let between = &text[tokens[a.last].end..tokens[b.first].start];
        between
            .split(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        ',' | '/' | '|' | ';' | '&' | '(' | ')' | '[' | ']' | '•' | '·' | '+'
                    )
            })
            .all(|w| w.is_empty() || matches!(w.to_ascii_lowercase().as_str(), "and" | "or"))
    })
}

fn cue(tokens: &[Token<'_>], hit: &Hit) -> bool {
    let before = tokens[hit.first.saturating_sub(4)..hit.first].iter();
    let after = tokens[(hit.last + 1).min(tokens.len())..(hit.last + 3).min(tokens.len())].iter();
    let mut before = before;
    let mut after = after;
    before.any(|t| CUES_BEFORE.contains(&t.folded.as_str()))
        || after.any(|t| CUES_AFTER.contains(&t.folded.as_str()))
}
