//! How text becomes index terms. Technical names survive: `C++`, `C#`, `.NET`,
//! `Node.js` and `ASP.NET` are one term each, where a plain word splitter would leave
//! `c`, `net` and `node js`.
//!
//! Two analyzers share the splitter: [`EXACT`] lower-cases and folds accents (names,
//! skills), [`STEMMED`] also reduces English words to their stems (titles and free text,
//! so "developers" finds "developer").

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// Analyzer name for names and skills.
pub const EXACT: &str = "hl_exact";
/// Analyzer name for titles and free text.
pub const STEMMED: &str = "hl_stemmed";
/// Terms longer than this many bytes are dropped.
const MAX_TERM_BYTES: usize = 60;

pub fn exact() -> TextAnalyzer {
    TextAnalyzer::builder(TechTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub fn stemmed() -> TextAnalyzer {
    TextAnalyzer::builder(TechTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

thread_local! {
    static STEMMER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(stemmed());
}

/// The terms [`stemmed`] makes of `text`, in order (one analyzer per thread).
pub fn stem_terms(text: &str) -> Vec<String> {
    STEMMER.with(|a| terms(&mut a.borrow_mut(), text))
}

/// The terms `analyzer` makes of `text`, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Splits on anything but letters and digits, keeping `+` and `#` that end a word
/// (`c++`, `f#`) and dots inside or before a word (`node.js`, `.net`).
#[derive(Debug, Clone, Default)]
pub struct TechTokenizer {
    token: Token,
}

#[derive(Debug)]
pub struct TechStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for TechTokenizer {
    type TokenStream<'a> = TechStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TechStream<'a> {
        self.token.reset();
        TechStream {
            text,
            at: 0,
            token: &mut self.token,
        }
    }
}

/// The byte span of the next term at or after `from`.
pub fn next_span(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let rest = text.get(from..)?;
    let mut start = None;
    for (i, c) in rest.char_indices() {
        let at = from + i;
        if c.is_alphanumeric() {
            start = Some(at);
            break;
        }
        // ".net": a dot right before a letter, not after one.
        if c == '.'
            && text[at + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
            && (at == 0
                || !text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric))
        {
            start = Some(at);
            break;
        }
    }
    let start = start?;
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    if bytes[start] == b'.' {
        chars.next();
        end = start + 1;
    }
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        if c.is_alphanumeric() {
            end = at + c.len_utf8();
        } else if c == '.' && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) {
            // inside a word: "node.js", "3.5"
            continue;
        } else if c == '+' || c == '#' {
            // "c++", "c#": only at the word's end.
            let mut j = at;
            while text[j..].starts_with(['+', '#']) {
                j += 1;
            }
            let next = text[j..].chars().next();
            if next.is_none_or(|n| !n.is_alphanumeric()) {
                end = j;
            }
            break;
        } else {
            break;
        }
    }
    Some((start, end))
}

impl TokenStream for TechStream<'_> {
    fn advance(&mut self) -> bool {
        let Some((start, end)) = next_span(self.text, self.at) else {
            self.at = self.text.len();
            return false;
        };
        self.at = end.max(start + 1);
        self.token.text.clear();
        self.token.text.push_str(&self.text[start..end]);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technical_names_are_one_term_each() {
        let mut a = exact();
        assert_eq!(
            terms(
                &mut a,
                "C++, C#, .NET and Node.js; ASP.NET/Vue.js 3.5 F# end."
            ),
            [
                "c++", "c#", ".net", "and", "node.js", "asp.net", "vue.js", "3.5", "f#", "end"
            ]
        );
    }

    #[test]
    fn plus_and_hash_inside_a_word_split_it() {
        let mut a = exact();
        assert_eq!(terms(&mut a, "a+b c#d"), ["a", "b", "c", "d"]);
        assert_eq!(
            terms(&mut a, "full-stack CI/CD"),
            ["full", "stack", "ci", "cd"]
        );
    }

    #[test]
    fn accents_fold_and_stems_apply_only_to_the_stemmed_analyzer() {
        let mut e = exact();
        let mut s = stemmed();
        assert_eq!(terms(&mut e, "José Developers"), ["jose", "developers"]);
        assert_eq!(terms(&mut s, "José Developers"), ["jose", "develop"]);
        assert_eq!(terms(&mut s, "developer"), ["develop"]);
    }

    #[test]
    fn odd_input_ends_cleanly() {
        let mut a = exact();
        for text in ["", "...", "+++", "#", ". . .", "x.", "é+", "ü#ß"] {
            let _ = terms(&mut a, text);
        }
        assert_eq!(terms(&mut a, "x."), ["x"]);
        assert_eq!(terms(&mut a, "é+"), ["e+"]);
    }
}
