//! The last step for every kind: one newline convention, no control characters, single
//! spaces inside lines, trimmed lines and at most one blank line in a row — so the same
//! content always gives the same text, whatever produced it.

/// Normalises extracted text (see the module comment). Tabs survive as a single `\t`
/// because DOCX tabs often separate a job title from its dates.
pub(crate) fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0usize;
    let mut started = false;
    for line in lines(raw) {
        let line = squeeze(&line);
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if started {
            // One blank line between paragraphs is structure; more is layout noise.
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(&line);
        started = true;
        blank_run = 0;
    }
    out
}

/// Splits on every line-ending convention and on page breaks (form feed, vertical tab,
/// Unicode line/paragraph separators).
fn lines(raw: &str) -> impl Iterator<Item = String> + '_ {
    let mut current = String::new();
    let mut chars = raw.chars().peekable();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    return Some(std::mem::take(&mut current));
                }
                '\n' | '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}' | '\u{85}' => {
                    return Some(std::mem::take(&mut current));
                }
                _ => current.push(c),
            }
        }
        done = true;
        Some(std::mem::take(&mut current))
    })
}

/// Collapses each run of horizontal whitespace to one space (or one tab when the run
/// held a tab), drops control and zero-width characters, and trims the line.
fn squeeze(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending: Option<char> = None;
    for c in line.chars() {
        if c == '\t' {
            pending = Some('\t');
        } else if c.is_whitespace() {
            pending.get_or_insert(' ');
        } else if c.is_control() || is_invisible(c) {
            continue;
        } else {
            if let Some(ws) = pending.take()
                && !out.is_empty()
            {
                out.push(ws);
            }
            out.push(c);
        }
    }
    out
}

/// Format characters that carry no text: zero-width space/joiners, BOM, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_blank_runs() {
        assert_eq!(normalize("a\r\nb\rc\n\n\n\n\nd\n\n"), "a\nb\nc\n\nd");
        assert_eq!(normalize("\n\n  x  \n"), "x");
        assert_eq!(normalize("p1\x0Cp2"), "p1\np2");
    }

    #[test]
    fn whitespace_inside_lines() {
        assert_eq!(normalize("  Jane \u{A0}\u{2003} Doe  "), "Jane Doe");
        assert_eq!(
            normalize("Engineer \t  2019 – 2021"),
            "Engineer\t2019 – 2021"
        );
        assert_eq!(normalize("a\u{0}b\u{7}c\u{200B}d"), "abcd");
    }

    #[test]
    fn idempotent() {
        let once = normalize(" a  b \r\n\r\n\r\n c\t\td ");
        assert_eq!(normalize(&once), once);
    }
}
