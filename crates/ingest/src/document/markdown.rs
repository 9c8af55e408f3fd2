//! Markdown to text, lightly: headings become their own lines, emphasis and code marks
//! go, links keep their text while their URLs go to `links`, list items get "• ".
//! Not a CommonMark parser — resumes use a small subset and misreads cost little.

use super::decode::decode;
use super::{Extracted, LinkSet};

pub(super) fn extract(bytes: &[u8]) -> Extracted {
    let source = decode(bytes, None).text;
    let mut links = LinkSet::default();
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        match block_line(line, &mut links) {
            Line::Text(text) => out.push_str(&inline(&text, &mut links)),
            Line::Blank => {}
            Line::Nothing => continue,
        }
        out.push('\n');
    }
    Extracted {
        text: out,
        links,
        ..Extracted::default()
    }
}

/// What a source line becomes.
enum Line {
    Text(String),
    /// Markup that separates blocks (rules, setext underlines, code fences).
    Blank,
    /// Markup that is not there for a reader (table separators, link definitions).
    Nothing,
}

/// Strips a line's block markers.
fn block_line(line: &str, links: &mut LinkSet) -> Line {
    let mut s = line.trim();
    if is_table_separator(s) {
        return Line::Nothing;
    }
    if is_rule(s) || s.starts_with("```") || s.starts_with("~~~") {
        return Line::Blank;
    }
    if let Some(url) = reference_definition(s) {
        links.push(url);
        return Line::Nothing;
    }
    while let Some(q) = s.strip_prefix('>') {
        s = q.trim_start();
    }
    let hashes = s.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) && (s[hashes..].starts_with([' ', '\t']) || s.len() == hashes) {
        return Line::Text(s[hashes..].trim().trim_end_matches('#').trim().to_owned());
    }
    for bullet in ["- ", "* ", "+ "] {
        if let Some(item) = s.strip_prefix(bullet) {
            let item = item.trim_start();
            let item = item
                .strip_prefix("[ ] ")
                .or_else(|| item.strip_prefix("[x] "))
                .unwrap_or(item);
            return Line::Text(format!("• {item}"));
        }
    }
    if s.starts_with('|') || s.ends_with('|') && s.contains(" | ") {
        let cells: Vec<&str> = s.trim_matches('|').split('|').map(str::trim).collect();
        return Line::Text(cells.join(" | "));
    }
    Line::Text(s.to_owned())
}

/// `---`, `***`, `___` (three or more, spaces allowed): thematic breaks and setext
/// underlines, which carry no text.
fn is_rule(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && (compact.chars().all(|c| c == '-')
            || compact.chars().all(|c| c == '*')
            || compact.chars().all(|c| c == '_')
            || compact.chars().all(|c| c == '='))
}

fn is_table_separator(s: &str) -> bool {
    s.contains('-') && s.contains('|') && s.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// `[label]: url "title"` — the URL.
fn reference_definition(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('[')?;
    let close = rest.find("]:")?;
    if close == 0 || rest[..close].contains(']') {
        return None;
    }
    let url = rest[close + 2..].split_whitespace().next()?;
    Some(url.trim_start_matches('<').trim_end_matches('>'))
}

/// How far a `[` or `<` looks for its partner: bounded so that a line of ten thousand
/// brackets costs linear time, not quadratic.
const MAX_SPAN: usize = 1024;

/// Inline markup: links and images, autolinks, code spans, emphasis. A link's text is
/// processed in place (emphasis inside it goes too); its `](url)` tail is skipped.
fn inline(s: &str, links: &mut LinkSet) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    // (index of a link's `]`, index just after its `)`), innermost last.
    let mut tails: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(&(close, next)) = tails.last()
            && i == close
        {
            tails.pop();
            i = next;
            continue;
        }
        let c = chars[i];
        match c {
            '!' if chars.get(i + 1) == Some(&'[') => {
                // Images keep their alt text; the image URL is not a link to follow.
                if let Some((close, _url, next)) = link_at(&chars, i + 1) {
                    tails.push((close, next));
                    i += 2;
                    continue;
                }
            }
            '[' => {
                if let Some((close, url, next)) = link_at(&chars, i) {
                    links.push(&url);
                    tails.push((close, next));
                    i += 1;
                    continue;
                }
            }
            '<' => {
                let window = &chars[i + 1..chars.len().min(i + 1 + MAX_SPAN)];
                if let Some(end) = window.iter().position(|c| *c == '>') {
                    let inner: String = window[..end].iter().collect();
                    if inner.contains("://") || inner.starts_with("mailto:") {
                        links.push(&inner);
                        out.push_str(inner.trim_start_matches("mailto:"));
                        i += end + 2;
                        continue;
                    }
                }
            }
            '`' => {
                i += 1;
                continue;
            }
            '*' | '_' | '~' if is_emphasis(&chars, i) => {
                i += 1;
                continue;
            }
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `[text](url "title")` starting at `open` (a `[`): the index of its `]`, the url, and
/// the index after its `)`.
fn link_at(chars: &[char], open: usize) -> Option<(usize, String, usize)> {
    let limit = chars.len().min(open + MAX_SPAN);
    let mut depth = 0usize;
    let mut close = None;
    for (j, c) in chars.iter().enumerate().take(limit).skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let limit = chars.len().min(close + 2 + MAX_SPAN);
    let end = close + 2 + chars[close + 2..limit].iter().position(|c| *c == ')')?;
    let target: String = chars[close + 2..end].iter().collect();
    let url = target.split_whitespace().next().unwrap_or("");
    let url = url.trim_start_matches('<').trim_end_matches('>').to_owned();
    Some((close, url, end + 1))
}

/// A `*`, `_` or `~` is emphasis when it opens (followed by a non-space) or closes
/// (preceded by one) a run — but `_` inside a word (snake_case) is text.
fn is_emphasis(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| chars[j]);
    let after = chars.get(i + 1).copied();
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if chars[i] == '_' && alnum(before) && alnum(after) {
        return false;
    }
    if chars[i] == '~' && after != Some('~') && before != Some('~') {
        return false;
    }
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    !(space(before) && space(after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::normalize::normalize;

    fn run(md: &str) -> (String, Vec<String>) {
        let e = extract(md.as_bytes());
        (normalize(&e.text), e.links.into_vec())
    }

    #[test]
    fn headings_emphasis_lists_links() {
        let md = "# Jane Doe #\n\n**Senior** _Rust_ engineer, `tokio` ~~old~~\n\n\
                  ## Links\n- [GitHub](https://github.com/jane \"gh\")\n* <https://jane.dev>\n\
                  1. first\n\nsnake_case_name stays; 2 * 3 = 6\n\n---\n\
                  > quoted\n![photo](me.png)\n[cv]: https://cv.example\n\
                  | A | B |\n|---|:-:|\n| 1 | 2 |";
        let (text, links) = run(md);
        assert_eq!(
            text,
            "Jane Doe\n\nSenior Rust engineer, tokio old\n\nLinks\n• GitHub\n• https://jane.dev\n\
             1. first\n\nsnake_case_name stays; 2 * 3 = 6\n\nquoted\nphoto\nA | B\n1 | 2"
        );
        assert_eq!(
            links,
            [
                "https://github.com/jane",
                "https://jane.dev",
                "https://cv.example"
            ]
        );
    }

    #[test]
    fn broken_markup_never_fails() {
        for md in [
            "[", "[a](", "![", "<", "*", "#", "\\", "[a]: ", "]]]", "[[a]",
        ] {
            let _ = run(md);
        }
    }
}
