//! Lines of resume text with their byte offsets, and the small text predicates every
//! extractor shares (bullets, separators, word shapes, comparison keys).

/// One line of the input, trimmed, with the byte span of the trimmed text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Splits `text` into lines (on '\n'; a trailing '\r' is dropped), each trimmed.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        out.push(Line {
            start: offset + lead,
            end: offset + lead + trimmed.len(),
            text: trimmed,
        });
        offset += raw.len() + 1;
    }
    out
}

/// Characters that open a list item in extracted resume text.
#[rustfmt::skip]
const BULLETS: &[char] = &[
    '•', '◦', '●', '▪', '■', '□', '◆', '◇', '►', '▶', '➢', '➤', '✓', '✔', '-', '*', '·', '–', '—',
    '>', '~', '○', '\u{f0b7}', '\u{f0a7}', '⮚', '❖', '✦',
];

/// The line without a leading bullet or list number ("1.", "2)"), and the bytes removed.
pub(crate) fn strip_bullet(s: &str) -> (usize, &str) {
    let mut rest = s;
    loop {
        let before = rest.len();
        rest = rest.trim_start_matches(BULLETS).trim_start();
        if let Some(after) = strip_list_number(rest) {
            rest = after;
        }
        if rest.len() == before {
            break;
        }
    }
    (s.len() - rest.len(), rest)
}

fn strip_list_number(s: &str) -> Option<&str> {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = &s[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    rest.starts_with(' ').then(|| rest.trim_start())
}

/// Whether the line starts with a bullet or a list number.
pub(crate) fn has_bullet(s: &str) -> bool {
    strip_bullet(s).0 > 0 && !s.starts_with("--")
}

/// Lowercase letters and digits, other characters as single spaces ("B.Tech (CSE)" →
/// "b tech cse").
pub(crate) fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Lowercase letters and digits only ("B.Tech" → "btech").
pub(crate) fn compact_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whitespace-separated words of `s`.
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Trims spaces and the separators people put around fields ("- Accenture -" → "Accenture").
pub(crate) fn trim_separators(s: &str) -> &str {
    let mut t = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | '|' | ',' | ':' | ';' | '•' | '/')
    });
    // A bracket is trimmed only when its partner is not in the text: "(CSE)" stays.
    loop {
        let before = t.len();
        if t.starts_with('(') && !t.contains(')') {
            t = t[1..].trim_start();
        }
        if t.ends_with(')') && !t.contains('(') {
            t = t[..t.len() - 1].trim_end();
        }
        if t.len() == before {
            return t
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '|' | ',' | ':'));
        }
    }
}

/// The byte span of `part` inside `whole`, when `part` is a sub-slice of it.
pub(crate) fn span_in(whole: &str, part: &str) -> Option<(usize, usize)> {
    let base = whole.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    (p >= base && p + part.len() <= base + whole.len()).then(|| (p - base, p - base + part.len()))
}

/// Splits a header line into fields on the separators resumes use between a title, a company,
/// a place and dates: " - ", " – ", " — ", " | ", "•", tabs and runs of 3+ spaces. Each part is
/// a sub-slice of `s` (so spans can be recovered), trimmed; empty parts are dropped.
pub(crate) fn split_fields(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let sep_len = if rest.starts_with(" - ")
            || rest.starts_with(" – ")
            || rest.starts_with(" — ")
            || rest.starts_with(" | ")
        {
            rest.char_indices()
                .nth(2)
                .map_or(rest.len(), |(j, _)| j + 1)
        } else if rest.starts_with(['|', '•', '·', '\t', '●', '◦', '▪']) {
            rest.chars().next().map_or(1, char::len_utf8)
        } else if rest.starts_with("   ") {
            rest.len() - rest.trim_start().len()
        } else if (rest.starts_with(" -") || rest.starts_with(" –")) && rest.trim().len() <= 3 {
            // A trailing dash ("Accenture -") ends the field.
            rest.len()
        } else {
            0
        };
        if sep_len > 0 {
            push_trimmed(&mut parts, &s[start..i]);
            i += sep_len;
            start = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    push_trimmed(&mut parts, &s[start.min(s.len())..]);
    parts
}

fn push_trimmed<'a>(parts: &mut Vec<&'a str>, s: &'a str) {
    let t = trim_separators(s);
    if !t.is_empty() {
        parts.push(t);
    }
}

/// Whether a word is written like a proper noun: a capital first letter, or all capitals.
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

/// Whether every letter in `s` is uppercase (and there is at least one).
pub(crate) fn is_all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Whether `needle` occurs in `hay` as whole words (both already `key`-normalised).
pub(crate) fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_offsets() {
        let text = "  Jane Doe \r\n\nDallas, TX";
        let ls = lines(text);
        assert_eq!(ls.len(), 3);
        assert_eq!(ls[0].text, "Jane Doe");
        assert_eq!(&text[ls[0].start..ls[0].end], "Jane Doe");
        assert!(ls[1].is_blank());
        assert_eq!(&text[ls[2].start..ls[2].end], "Dallas, TX");
    }

    #[test]
    fn bullets_and_numbers() {
        assert_eq!(strip_bullet("• Java, SQL"), (4, "Java, SQL"));
        assert_eq!(strip_bullet("1. Led a team").1, "Led a team");
        assert_eq!(strip_bullet("2019 - 2020").1, "2019 - 2020");
        assert!(has_bullet("- item"));
        assert!(!has_bullet("Item"));
    }

    #[test]
    fn keys() {
        assert_eq!(key(" B.Tech (CSE) "), "b tech cse");
        assert_eq!(compact_key("B.Tech"), "btech");
        assert!(contains_words(
            "senior software engineer",
            "software engineer"
        ));
        assert!(!contains_words("softwareengineer", "engineer"));
    }

    #[test]
    fn separators() {
        assert_eq!(trim_separators(" - Accenture -"), "Accenture");
        assert_eq!(trim_separators("B.Tech (CSE) |"), "B.Tech (CSE)");
        assert_eq!(trim_separators("(Bangalore"), "Bangalore");
        assert_eq!(trim_separators("Infosys)"), "Infosys");
    }

    #[test]
    fn fields() {
        assert_eq!(
            split_fields("Oracle -  Bangalore, Karnataka -"),
            ["Oracle", "Bangalore, Karnataka"]
        );
        assert_eq!(split_fields("Accenture -"), ["Accenture"]);
        assert_eq!(
            split_fields("Engineer | Acme Corp | Dallas, TX"),
            ["Engineer", "Acme Corp", "Dallas, TX"]
        );
        assert_eq!(split_fields("Co-founder - X"), ["Co-founder", "X"]);
        let s = "Acme   2019";
        let parts = split_fields(s);
        assert_eq!(span_in(s, parts[1]), Some((7, 11)));
    }
}
