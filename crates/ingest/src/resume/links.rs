//! Web links: profile and portfolio URLs (LinkedIn, GitHub, job boards, personal sites),
//! rejoined when a PDF line break cut them, classified and deduplicated.

use super::text::Line;
use super::{Field, Link, LinkKind};

/// Sites written without a scheme that are still links ("linkedin.com/in/jane").
#[rustfmt::skip]
const BARE_SITES: &[&str] = &[
    "linkedin.com/", "github.com/", "indeed.com/", "gitlab.com/", "bitbucket.org/", "behance.net/",
    "dribbble.com/", "medium.com/", "stackoverflow.com/", "kaggle.com/", "github.io", "naukri.com/",
    "xing.com/", "about.me/",
];

/// Characters that can continue a URL.
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'*+=%".contains(c)
}

/// Every link in the text, in order of first appearance, deduplicated.
pub(crate) fn find_links(text: &str, lines: &[Line<'_>], top_end: usize) -> Vec<Field<Link>> {
    let mut out: Vec<Field<Link>> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let lower = line.text.to_ascii_lowercase();
        let mut from = 0;
        while let Some(pos) = next_start(&lower, from) {
            let (raw_end, joined) = url_extent(line.text, pos, lines.get(n + 1));
            let raw = &line.text[pos..raw_end];
            from = raw_end.max(pos + 1);
            let mut url: String = raw.to_string();
            let mut end = line.start + raw_end;
            if let Some(next) = joined {
                url.push_str(next.1);
                end = next.0;
            }
            let url = url
                .trim_end_matches(['.', ',', ';', ':', ')', '\'', '!'])
                .to_string();
            if url.contains('@') && !url[url.find('@').unwrap_or(0)..].contains('/') {
                // "http://jane@gmail.com" is an e-mail address written as a link.
                continue;
            }
            // Only a label right before the link tells its kind ("Portfolio: …").
            let label_from = lower[..pos]
                .char_indices()
                .rev()
                .nth(15)
                .map_or(0, |(i, _)| i);
            let Some((link, key)) = classify(&url, &lower[label_from..pos]) else {
                continue;
            };
            if keys.contains(&key) {
                continue;
            }
            keys.push(key);
            let known = !matches!(link.kind, LinkKind::Other);
            let confidence = match (known, n < top_end) {
                (true, _) => 0.95,
                (false, true) => 0.8,
                (false, false) => 0.65,
            };
            out.push(Field::at(
                link,
                confidence,
                line.start + pos,
                end.min(text.len()),
            ));
        }
    }
    out
}

/// Where the next link starts in a lowercased line, from byte `from`.
fn next_start(lower: &str, from: usize) -> Option<usize> {
    let rest = lower.get(from..)?;
    let mut best: Option<usize> = None;
    for pat in ["https://", "http://", "www."].iter().chain(BARE_SITES) {
        let Some(at) = rest.find(pat) else { continue };
        let mut start = at;
        if !pat.starts_with("http") {
            // A bare site starts at its word's start ("in.linkedin.com/…"), but a label
            // before a colon is not part of it ("LinkedIn:linkedin.com/…").
            while let Some(c) = rest[..start]
                .chars()
                .next_back()
                .filter(|&c| is_url_char(c))
            {
                start -= c.len_utf8();
            }
            if let Some(colon) = rest[start..at].rfind(':')
                && !rest[start + colon..].starts_with("://")
            {
                start += colon + 1;
            }
        }
        if best.is_none_or(|b| start < b) {
            best = Some(start);
        }
    }
    best.map(|b| from + b)
}

/// The end of the URL starting at `pos`, and the continuation on the next line when the
/// URL was cut after a '-' or '/' by a line break (`(end offset in text, text)`).
fn url_extent<'a>(
    line: &str,
    pos: usize,
    next: Option<&Line<'a>>,
) -> (usize, Option<(usize, &'a str)>) {
    let len = line[pos..]
        .char_indices()
        .find(|&(_, c)| !is_url_char(c))
        .map_or(line.len() - pos, |(i, _)| i);
    let end = pos + len;
    let cut = end == line.len() && (line.ends_with('-') || line.ends_with('/'));
    let joined = next.filter(|_| cut).and_then(|n| {
        let word = n.text.split_whitespace().next()?;
        let ok = word.chars().all(is_url_char)
            && word
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            && !word.contains("://");
        ok.then(|| (n.start + word.len(), word))
    });
    (end, joined)
}

/// The link's kind, its absolute URL and a key for deduplication. `before` is the
/// lowercased text before it on its line (a "Portfolio:" label).
fn classify(raw: &str, before: &str) -> Option<(Link, String)> {
    let (scheme, rest) = match raw.split_once("://") {
        Some((s, r)) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {
            (s.to_ascii_lowercase(), r)
        }
        Some(_) => return None,
        None => ("https".to_string(), raw),
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    if !host.contains('.') || host.len() < 4 || host.ends_with('.') {
        return None;
    }
    let bare_host = host.strip_prefix("www.").unwrap_or(&host);
    let path_lower = path.to_ascii_lowercase();
    let kind = if bare_host.ends_with("linkedin.com") {
        LinkKind::Linkedin
    } else if bare_host == "github.com" || bare_host == "gist.github.com" {
        LinkKind::Github
    } else if (bare_host.ends_with("indeed.com")
        && (path_lower.starts_with("r/") || path_lower.starts_with("me/")))
        || bare_host.ends_with("naukri.com")
        || bare_host.ends_with("monster.com")
    {
        LinkKind::JobBoard
    } else if bare_host.ends_with("github.io")
        || bare_host.ends_with("gitlab.io")
        || ["behance.net", "dribbble.com", "about.me"].contains(&bare_host)
        || before.contains("portfolio")
        || before.contains("website")
        || before.contains("blog")
    {
        LinkKind::Portfolio
    } else {
        LinkKind::Other
    };
    // Profile links carry tracking queries ("?isid=rex-download"); the profile is the path.
    let keep_query = matches!(kind, LinkKind::Other | LinkKind::Portfolio);
    let path = if keep_query {
        path.to_string()
    } else {
        path.split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let path = path.trim_end_matches('/');
    let url = if path.is_empty() {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}/{path}")
    };
    let key = format!("{bare_host}/{}", path.to_lowercase());
    Some((Link { kind, url }, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resume::text::lines;

    fn links(text: &str) -> Vec<(LinkKind, String)> {
        let ls = lines(text);
        find_links(text, &ls, ls.len())
            .into_iter()
            .map(|f| (f.value.kind, f.value.url))
            .collect()
    }

    #[test]
    fn kinds_and_canonical_urls() {
        let found = links(
            "linkedin.com/in/jane-doe | https://github.com/jdoe/ | Portfolio: janedoe.dev/work \
             http://example.org/x?y=1",
        );
        assert_eq!(
            found,
            [
                (
                    LinkKind::Linkedin,
                    "https://linkedin.com/in/jane-doe".into()
                ),
                (LinkKind::Github, "https://github.com/jdoe".into()),
                (LinkKind::Other, "http://example.org/x?y=1".into()),
            ]
        );
        let found = links("Website: https://www.janedoe.dev");
        assert_eq!(
            found,
            [(LinkKind::Portfolio, "https://www.janedoe.dev".into())]
        );
    }

    #[test]
    fn rejoins_wrapped_links_and_dedupes() {
        let text = "Pune - Email me on Indeed: indeed.com/r/Jane-\nDoe/0a1b2c3d\n\n\
                    https://www.indeed.com/r/Jane-Doe/0a1b2c3d?isid=rex-download&co=IN";
        let ls = lines(text);
        let found = find_links(text, &ls, 2);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value.kind, LinkKind::JobBoard);
        assert_eq!(found[0].value.url, "https://indeed.com/r/Jane-Doe/0a1b2c3d");
        let (a, b) = (found[0].start.unwrap(), found[0].end.unwrap());
        assert_eq!(&text[a..b], "indeed.com/r/Jane-\nDoe/0a1b2c3d");
    }

    #[test]
    fn email_written_as_link_is_not_a_link() {
        assert!(links("http://jane@gmail.com").is_empty());
        assert!(links("no links here: v2.0").is_empty());
    }
}
