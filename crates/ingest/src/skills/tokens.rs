//! Skill tokens: how text is cut into the words skill names are made of, so that the
//! gazetteer and the text fold the same way ("C++", "Node.js", ".NET", "CI/CD").

/// One token of the original text: its folded form and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Lowercase, as skill names are compared.
    pub folded: String,
    /// The token as written (for case-sensitive context rules).
    pub surface: &'a str,
    pub start: usize,
    pub end: usize,
}

fn is_core(c: char) -> bool {
    c.is_alphanumeric()
}

/// Cuts `text` into tokens. A token is a run of letters and digits, joined by a `.`
/// between two alphanumerics ("node.js", "asp.net"), led by a `.` before a letter when
/// nothing alphanumeric precedes it (".net"), and trailed by `+` or `#` ("c++", "c#").
/// Everything else separates tokens, so "CI/CD", "ci-cd" and "CI CD" fold alike.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let (pos, c) = chars[i];
        let leading_dot = c == '.'
            && i + 1 < n
            && chars[i + 1].1.is_alphabetic()
            && (i == 0 || !is_core(chars[i - 1].1));
        if !is_core(c) && !leading_dot {
            i += 1;
            continue;
        }
        let start = pos;
        let mut j = i + 1;
        while j < n {
            let c = chars[j].1;
            let joins = c == '.' && j + 1 < n && is_core(chars[j + 1].1) && is_core(chars[j - 1].1);
            if is_core(c) || joins {
                j += 1;
            } else {
                break;
            }
        }
        // Trailing "+" / "#" belong to the token only right after a letter ("c++",
        // "c#", "f#"), never after a number ("5+ years").
        if j < n && matches!(chars[j].1, '+' | '#') && chars[j - 1].1.is_alphabetic() {
            let mark = chars[j].1;
            j += 1;
            if mark == '+' && j < n && chars[j].1 == '+' {
                j += 1;
            }
        }
        let end = if j < n { chars[j].0 } else { text.len() };
        let surface = &text[start..end];
        out.push(Token {
            folded: fold(surface),
            surface,
            start,
            end,
        });
        i = j;
    }
    out
}

/// Lowercases a token; ASCII fast path.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// The folded token sequence of a skill name, the key skills are compared by:
/// "Node.JS" → "node.js", "CI/CD" → "ci cd".
pub fn key(name: &str) -> String {
    let tokens = tokenize(name);
    let mut key = String::with_capacity(name.len());
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&t.folded);
    }
    key
}

/// Whether a token is a version number ("8", "3.10", "2019", "v2") that may follow a
/// skill name without changing the skill.
pub fn is_version(token: &str) -> bool {
    let t = token.strip_prefix('v').unwrap_or(token);
    !t.is_empty() && t.len() <= 8 && t.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn keeps_the_punctuation_that_names_carry() {
        assert_eq!(
            folded("C++, C#, F# and .NET Core on Node.js / ASP.NET"),
            [
                "c++", "c#", "f#", "and", ".net", "core", "on", "node.js", "asp.net"
            ]
        );
    }

    #[test]
    fn sentence_punctuation_separates() {
        assert_eq!(folded("I know Java."), ["i", "know", "java"]);
        assert_eq!(folded("CI/CD, ci-cd"), ["ci", "cd", "ci", "cd"]);
        assert_eq!(folded("5+ years"), ["5", "years"]);
        assert_eq!(folded("JavaScript"), ["javascript"]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "Über Go-Entwickler";
        for t in tokenize(text) {
            assert_eq!(&text[t.start..t.end], t.surface);
        }
    }

    #[test]
    fn keys_fold_spelling() {
        assert_eq!(key("CI/CD"), key("ci cd"));
        assert_eq!(key("React-Native"), "react native");
        assert!(is_version("8") && is_version("3.10") && is_version("v2"));
        assert!(!is_version("8d") && !is_version(""));
    }
}
