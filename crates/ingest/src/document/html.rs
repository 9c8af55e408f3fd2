//! HTML to text with its block structure: block elements start new lines, list items get
//! "• ", table cells are joined by " | ", script/style/head are dropped and `href`s are
//! collected as links. A small forgiving tokenizer: no tree is built, nothing can fail.

use super::decode::{decode, html_declared_charset};
use super::html_entities::decode_entities;
use super::{Extracted, LinkSet};

/// HTML that is already a string (an e-mail body, a job board's posting content) to
/// normalised text, for the parsers that read requirements out of it.
pub(crate) fn to_text(html: &str) -> String {
    let mut r = Renderer::default();
    render(html, &mut r);
    super::normalize::normalize(&r.out)
}

pub(super) fn extract(bytes: &[u8]) -> Extracted {
    let html = decode(bytes, html_declared_charset(bytes)).text;
    let mut r = Renderer::default();
    render(&html, &mut r);
    Extracted {
        text: r.out,
        links: r.links,
        ..Extracted::default()
    }
}

/// Elements whose start and end break the line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "ul",
];

/// Elements whose content is never text for a reader.
const SKIPPED: &[&str] = &["script", "style", "template", "noscript", "svg", "object"];

#[derive(Debug, Default)]
struct Renderer {
    out: String,
    links: LinkSet,
    in_head: bool,
    pre_depth: usize,
    /// Cells already written in each open table row (innermost last).
    row_cells: Vec<usize>,
}

impl Renderer {
    fn newline(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn text(&mut self, raw: &str) {
        if self.in_head {
            return;
        }
        let decoded = decode_entities(raw);
        if self.pre_depth == 0 && decoded.trim().is_empty() {
            // Indentation between tags: at most a word separator, never a line of its own.
            if !decoded.is_empty() && !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
                self.out.push(' ');
            }
            return;
        }
        if self.pre_depth > 0 {
            self.out.push_str(&decoded);
        } else {
            // Source line breaks are just spaces in flowing HTML text.
            self.out.extend(
                decoded
                    .chars()
                    .map(|c| if c.is_whitespace() { ' ' } else { c }),
            );
        }
    }

    fn start(&mut self, name: &str, attrs: &str) {
        match name {
            "head" => self.in_head = true,
            "body" => self.in_head = false,
            "br" => self.out.push('\n'),
            "li" => {
                self.newline();
                self.out.push_str("• ");
            }
            "tr" => {
                self.newline();
                self.row_cells.push(0);
            }
            "td" | "th" => {
                if let Some(cells) = self.row_cells.last_mut() {
                    if *cells > 0 {
                        self.out.push_str(" | ");
                    }
                    *cells += 1;
                }
            }
            "a" | "area" => {
                if let Some(href) = attribute(attrs, "href") {
                    self.links.push(&decode_entities(&href));
                }
            }
            "pre" => {
                self.pre_depth += 1;
                self.newline();
            }
            _ if BLOCKS.contains(&name) => self.newline(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "head" => self.in_head = false,
            "tr" => {
                self.row_cells.pop();
                self.newline();
            }
            "li" => self.newline(),
            "pre" => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
                self.newline();
            }
            _ if BLOCKS.contains(&name) => self.newline(),
            _ => {}
        }
    }
}

/// Walks `html`, feeding text and tags to `r`.
fn render(html: &str, r: &mut Renderer) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        r.text(&rest[..lt]);
        rest = &rest[lt..];
        let after = &rest[1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
        } else if after.starts_with(['!', '?']) {
            rest = after.find('>').map_or("", |end| &after[end + 1..]);
        } else if let Some(close) = after.strip_prefix('/') {
            let (name, _, tail) = tag(close);
            if !name.is_empty() {
                r.end(&name);
            }
            rest = tail;
        } else if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let (name, attrs, tail) = tag(after);
            rest = tail;
            if SKIPPED.contains(&name.as_str()) && !attrs.trim_end().ends_with('/') {
                rest = skip_past_end_tag(rest, &name);
            } else {
                r.start(&name, attrs);
            }
        } else {
            // A lone '<' (as in "5 < 6") is text.
            r.text("<");
            rest = after;
        }
    }
    r.text(rest);
}

/// Splits a tag body (after `<` or `</`) into its lower-case name, its attribute text and
/// what follows its `>`. Quoted attribute values may contain `>`.
fn tag(s: &str) -> (String, &str, &str) {
    let name_len = s
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(s.len());
    let name = s[..name_len].to_ascii_lowercase();
    let mut quote: Option<char> = None;
    for (i, c) in s[name_len..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                let end = name_len + i;
                return (name, &s[name_len..end], &s[end + 1..]);
            }
            _ => {}
        }
    }
    (name, &s[name_len..], "")
}

/// The text after `</name ...>` (case-insensitive), or nothing when it never closes.
fn skip_past_end_tag<'a>(s: &'a str, name: &str) -> &'a str {
    let needle = format!("</{name}");
    let lower = s.to_ascii_lowercase();
    match lower.find(&needle) {
        Some(at) => {
            let tail = &s[at..];
            tail.find('>').map_or("", |gt| &tail[gt + 1..])
        }
        None => "",
    }
}

/// The value of attribute `wanted` in a tag's attribute text, quoted or bare.
fn attribute(attrs: &str, wanted: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let mut value = "";
        if let Some(v) = rest.strip_prefix('=') {
            let v = v.trim_start();
            let (val, tail) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &v[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = v.find(char::is_whitespace).unwrap_or(v.len());
                    (&v[..end], &v[end..])
                }
            };
            value = val;
            rest = tail;
        } else if key_len == 0 {
            // Stray character such as '=' without a key: step over it.
            rest = rest.get(1..).unwrap_or("");
        }
        if key.eq_ignore_ascii_case(wanted) {
            return Some(value.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::normalize::normalize;

    fn run(html: &str) -> (String, Vec<String>) {
        let e = extract(html.as_bytes());
        (normalize(&e.text), e.links.into_vec())
    }

    #[test]
    fn blocks_lists_tables_and_links() {
        let html = r##"<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head>
            <body><h1>Jane   Doe</h1><p>Rust &amp; Go<br>Berlin</p>
            <ul><li>One</li><li><a href="https://x.example/a?b=1&amp;c=2">Two</a></li></ul>
            <table><tr><th>Year</th><th>Role</th></tr><tr><td>2020</td><td>Dev</td></tr></table>
            <script>var s = "</p>";</script><!-- <p>hidden</p> -->
            <a href='mailto:jane@example.com'>mail</a> <a href="#top">top</a></body></html>"##;
        let (text, links) = run(html);
        assert_eq!(
            text,
            "Jane Doe\nRust & Go\nBerlin\n• One\n• Two\nYear | Role\n2020 | Dev\nmail top"
        );
        assert_eq!(
            links,
            ["https://x.example/a?b=1&c=2", "mailto:jane@example.com"]
        );
    }

    #[test]
    fn pre_keeps_lines_and_stray_brackets_are_text() {
        let (text, _) = run("<pre>a\n  b</pre><p>5 < 6 > 4</p>");
        assert_eq!(text, "a\nb\n5 < 6 > 4");
    }

    #[test]
    fn broken_markup_never_fails() {
        for html in [
            "<",
            "<a href=\"",
            "<p",
            "</",
            "<!--",
            "<script>",
            "&#x",
            "<a =x href=y>z",
        ] {
            let _ = run(html);
        }
        assert_eq!(
            run("<a =x href=https://y.example>z").1,
            ["https://y.example"]
        );
    }

    #[test]
    fn declared_charset_is_used() {
        let e = extract(b"<meta charset=\"windows-1250\"><p>\x8Aime</p>");
        assert_eq!(normalize(&e.text), "Šime");
    }
}
