//! Text helpers for the requirement parser: lines and sentences with their byte offsets,
//! ASCII-case-insensitive word search that keeps offsets valid, and number words.

/// A piece of the parsed text and where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// Every line (split on `\n`), with offsets; the newline belongs to no line.
pub(crate) fn lines(text: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in text.split('\n') {
        let end = start + part.len();
        out.push(Span {
            start,
            end,
            text: part,
        });
        start = end + 1;
    }
    out
}

/// Sentences: lines cut further at `;`, bullets, and at a full stop that ends a word of
/// three or more letters and is followed by a space ("U.S. citizens" stays whole).
pub(crate) fn sentences(text: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut word_len = 0usize;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let cut = match c {
            '\n' | ';' | '•' | '·' | '|' => Some((i, i + c.len_utf8())),
            '.' | '!' | '?' if word_len >= 3 && next.is_none_or(char::is_whitespace) => {
                Some((i + 1, i + 1))
            }
            _ => None,
        };
        word_len = if c.is_alphabetic() { word_len + 1 } else { 0 };
        if let Some((end, resume)) = cut {
            push_trimmed(text, start, end, &mut out);
            start = resume;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<Span<'a>>) {
    let Some(part) = text.get(start..end) else {
        return;
    };
    let lead = part.len() - part.trim_start().len();
    let trimmed = part.trim();
    if !trimmed.is_empty() {
        out.push(Span {
            start: start + lead,
            end: start + lead + trimmed.len(),
            text: trimmed,
        });
    }
}

/// Whether the character at a word's edge joins it to a neighbour.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Byte offsets of every occurrence of `needle` (lowercase ASCII) in `lower` (the text
/// ASCII-lowercased, so offsets match the original) with no letter or digit touching it.
pub(crate) fn find_words(lower: &str, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    lower
        .match_indices(needle)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + needle.len()..].chars().next();
            let first = needle.chars().next().is_some_and(is_word_char);
            let last = needle.chars().next_back().is_some_and(is_word_char);
            let joined_before = first && before.is_some_and(is_word_char);
            let joined_after = last && after.is_some_and(is_word_char);
            !(joined_before || joined_after)
        })
        .collect()
}

/// Whether `needle` occurs as a word in `lower`.
pub(crate) fn has_word(lower: &str, needle: &str) -> bool {
    !find_words(lower, needle).is_empty()
}

/// Whether any of `needles` occurs as a word in `lower`.
pub(crate) fn has_any(lower: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| has_word(lower, n))
}

/// The words of `s` with their offsets: runs of letters, digits and the joiners `+ # . ' -`
/// inside a run, trimmed of trailing joiners.
pub(crate) fn words(s: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let part = c.is_alphanumeric() || matches!(c, '+' | '#' | '.' | '\'' | '’' | '-');
        match (start, part) {
            (None, true) if c.is_alphanumeric() => start = Some(i),
            (Some(b), false) => {
                let w = s[b..i].trim_end_matches(['.', '\'', '’', '-']);
                if !w.is_empty() {
                    out.push(Span {
                        start: b,
                        end: b + w.len(),
                        text: w,
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// "one" … "twenty" as numbers.
pub(crate) fn number_word(w: &str) -> Option<u32> {
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let lower = w.to_ascii_lowercase();
    let at = WORDS.iter().position(|x| *x == lower)?;
    u32::try_from(at + 1).ok()
}

/// A whole number written in digits or as a word ("5", "five").
pub(crate) fn whole_number(w: &str) -> Option<u32> {
    if !w.is_empty() && w.len() <= 6 && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse().ok();
    }
    number_word(w)
}

/// At most `max` characters of `s`, cut at a character boundary.
pub(crate) fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Trims spaces and the punctuation that wraps values in e-mails ("*Java*", "- Dallas").
pub(crate) fn trim_value(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '*' | '_' | '-' | '–' | '—' | ':' | '•' | '|' | '"' | '#' | '='
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_sentences_keep_offsets() {
        let t = "Role: Dev\nMust be U.S. citizen. No H1B; thanks";
        let ls = lines(t);
        assert_eq!(ls.len(), 2);
        assert_eq!(&t[ls[1].start..ls[1].end], ls[1].text);
        let ss: Vec<&str> = sentences(t).iter().map(|s| s.text).collect();
        assert_eq!(
            ss,
            ["Role: Dev", "Must be U.S. citizen.", "No H1B", "thanks"]
        );
        for s in sentences(t) {
            assert_eq!(&t[s.start..s.end], s.text);
        }
    }

    #[test]
    fn word_search_respects_boundaries() {
        let lower = "java, javascript and c2c; no-c2c";
        assert_eq!(find_words(lower, "java"), [0]);
        assert_eq!(find_words(lower, "c2c"), [21, 29]);
        assert!(!has_word("remotely", "remote"));
        assert!(has_any("100% remote", &["onsite", "remote"]));
    }

    #[test]
    fn words_numbers_and_clipping() {
        let w: Vec<&str> = words("5+ years of C++, Node.js.")
            .iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(w, ["5+", "years", "of", "C++", "Node.js"]);
        assert_eq!(whole_number("five"), Some(5));
        assert_eq!(whole_number("12"), Some(12));
        assert_eq!(whole_number("1234567"), None);
        assert_eq!(clip("héllo", 2), "hé");
        assert_eq!(trim_value(" *Java* "), "Java");
    }
}
