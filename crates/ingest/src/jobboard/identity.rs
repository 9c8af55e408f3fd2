//! A posting's stable identity, so the same posting seen twice is one record: its URL
//! normalised (scheme and host lowercased, default port, tracking parameters and trailing
//! slash removed), or without a URL a SHA-256 of its normalised company, title, location
//! and description.

use sha2::{Digest, Sha256};

/// The longest external id a requirement keeps; longer URLs are hashed.
const MAX_ID: usize = 200;

/// Query and fragment parameters that track the visit, not the posting.
fn is_tracking(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_")
        || matches!(
            k.as_str(),
            "gh_src"
                | "lever-source"
                | "lever-source[]"
                | "lever-origin"
                | "lever-via"
                | "source"
                | "src"
                | "ref"
                | "referrer"
                | "referer"
                | "fbclid"
                | "gclid"
                | "dclid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "_hsenc"
                | "_hsmi"
                | "trk"
                | "trackingid"
                | "li_fat_id"
                | "igshid"
                | "s_cid"
                | "cmpid"
                | "ashby_source"
                | "sourcetype"
        )
}

/// The identity of a posting (see the module comment).
pub fn requirement_identity(
    url: Option<&str>,
    company: Option<&str>,
    title: &str,
    location: Option<&str>,
    description: &str,
) -> String {
    if let Some(u) = url.and_then(normalise_url) {
        if u.len() <= MAX_ID {
            return u;
        }
        return format!("url-sha256:{}", hex::encode(Sha256::digest(u.as_bytes())));
    }
    let mut h = Sha256::new();
    for part in [
        company.unwrap_or(""),
        title,
        location.unwrap_or(""),
        description,
    ] {
        h.update(normalise_text(part).as_bytes());
        // A separator no text contains, so ("ab", "c") and ("a", "bc") differ.
        h.update([0x1f]);
    }
    format!("sha256:{}", hex::encode(h.finalize()))
}

fn normalise_text(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Hosts of applicant-tracking systems and job sites: a link to one is a posting.
const BOARD_HOSTS: &[&str] = &[
    "greenhouse.io",
    "lever.co",
    "ashbyhq.com",
    "myworkdayjobs.com",
    "smartrecruiters.com",
    "workable.com",
    "icims.com",
    "jobvite.com",
    "bamboohr.com",
    "breezy.hr",
    "recruitee.com",
    "applytojob.com",
    "taleo.net",
    "dice.com",
    "indeed.com",
];

/// Path words that mark a link as a posting on any other site.
const POSTING_WORDS: &[&str] = &[
    "job",
    "jobs",
    "career",
    "careers",
    "posting",
    "postings",
    "position",
    "positions",
    "opening",
    "openings",
    "requisition",
    "vacancy",
    "vacancies",
];

/// The first link in `text` that points at a job posting (an ATS or job-site host, or a
/// path such as `/careers/…` or `/jobs/…`), normalised; other links (a signature's
/// website, an unsubscribe link) are not postings.
pub fn posting_url(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '(' | ')' | '[' | ']'))
        .filter_map(|w| {
            let start = w.find("https://").or_else(|| w.find("http://"))?;
            let url = w[start..].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '*']);
            normalise_url(url)
        })
        .find(|u| is_posting(u))
}

/// A link to one posting, not to a careers page or a company's whole board: a posting
/// word or a board host followed by more path (`/careers/sre-123`, `/acme/4012`), or a
/// job id in the query.
fn is_posting(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest
        .find(['/', '?', '#'])
        .map_or((rest, ""), |i| rest.split_at(i));
    let lower = path.to_ascii_lowercase();
    let (path_only, query) = lower.split_once(['?', '#']).unwrap_or((lower.as_str(), ""));
    let segments: Vec<&str> = path_only.split('/').filter(|s| !s.is_empty()).collect();
    let job_id = ["gh_jid=", "jobid=", "job_id=", "reqid=", "req_id="]
        .iter()
        .any(|k| query.contains(k));
    if host.ends_with("linkedin.com") {
        return segments.len() >= 3 && segments[..2] == ["jobs", "view"];
    }
    let on_board = BOARD_HOSTS
        .iter()
        .any(|b| host == *b || host.ends_with(&format!(".{b}")));
    let after_word = segments
        .iter()
        .position(|s| POSTING_WORDS.contains(s))
        .is_some_and(|i| i + 1 < segments.len());
    job_id || after_word || (on_board && segments.len() >= 2)
}

/// `https://Boards.Greenhouse.io:443/acme/jobs/123/?gh_src=x&utm_source=y#top` →
/// `https://boards.greenhouse.io/acme/jobs/123`. `None` for text that is not a URL.
pub fn normalise_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.contains(char::is_whitespace) {
        return None;
    }
    let (scheme, rest) = match raw.split_once("://") {
        Some((s, r))
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            (s.to_ascii_lowercase(), r)
        }
        Some(_) => return None,
        None => ("https".to_string(), raw),
    };
    let (before_fragment, fragment) = match rest.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (rest, None),
    };
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (before_fragment, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => before_query.split_at(i),
        None => (before_query, ""),
    };
    let mut host = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => Some(":443"),
        "http" => Some(":80"),
        _ => None,
    };
    if let Some(port) = default_port
        && host.ends_with(port)
    {
        host.truncate(host.len() - port.len());
    }
    if host.is_empty() || (!host.contains('.') && host != "localhost") {
        return None;
    }
    let path = path.trim_end_matches('/');
    let mut out = format!("{scheme}://{host}{path}");
    if let Some(q) = query.map(clean_params).filter(|q| !q.is_empty()) {
        out.push('?');
        out.push_str(&q);
    }
    if let Some(f) = fragment {
        // "#/jobs/12" routes a single-page app; "#apply" or tracking is noise.
        let kept = if f.contains('=') {
            clean_params(f)
        } else if f.starts_with(['/', '!']) {
            f.to_string()
        } else {
            String::new()
        };
        if !kept.is_empty() {
            out.push('#');
            out.push_str(&kept);
        }
    }
    Some(out)
}

/// Parameters without the tracking ones, sorted so their order does not matter.
fn clean_params(q: &str) -> String {
    let mut kept: Vec<&str> = q
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| !is_tracking(p.split('=').next().unwrap_or("")))
        .collect();
    kept.sort_unstable();
    kept.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_normalise() {
        let n = |u: &str| normalise_url(u);
        assert_eq!(
            n("HTTPS://Boards.Greenhouse.IO:443/acme/jobs/4012/?gh_src=abc&utm_source=linkedin#app").as_deref(),
            Some("https://boards.greenhouse.io/acme/jobs/4012")
        );
        assert_eq!(
            n("https://acme.example/careers?gh_jid=4012&utm_medium=x").as_deref(),
            Some("https://acme.example/careers?gh_jid=4012")
        );
        assert_eq!(
            n("https://jobs.lever.co/acme/9f1c?lever-source=LinkedIn&b=2&a=1").as_deref(),
            Some("https://jobs.lever.co/acme/9f1c?a=1&b=2")
        );
        assert_eq!(
            n("https://x.example/#/jobs/12?utm_x=1").as_deref(),
            Some("https://x.example#/jobs/12?utm_x=1")
        );
        assert_eq!(
            n("https://x.example/a#utm_source=z").as_deref(),
            Some("https://x.example/a")
        );
        assert_eq!(
            n("jobs.ashbyhq.com/acme/123").as_deref(),
            Some("https://jobs.ashbyhq.com/acme/123")
        );
        assert_eq!(n("not a url"), None);
        assert_eq!(n("nodots"), None);
    }

    #[test]
    fn posting_urls_in_text() {
        let text = "Hi team,\nJava Developer in Dallas.\nPosting: <https://boards.greenhouse.io/acme/jobs/4012?gh_src=li>.\n\
                    Thanks,\nAna | https://vendor.example | https://www.linkedin.com/in/ana";
        assert_eq!(
            posting_url(text).as_deref(),
            Some("https://boards.greenhouse.io/acme/jobs/4012")
        );
        assert_eq!(
            posting_url("Apply at https://acme.example/careers/sre-123, today").as_deref(),
            Some("https://acme.example/careers/sre-123")
        );
        assert_eq!(
            posting_url("see https://www.linkedin.com/jobs/view/3912").as_deref(),
            Some("https://www.linkedin.com/jobs/view/3912")
        );
        assert_eq!(
            posting_url("Visit https://vendor.example and https://x.example/unsubscribe"),
            None
        );
        assert_eq!(
            posting_url(
                "Our openings: https://vendor.example/careers/ and https://jobs.lever.co/vendor"
            ),
            None,
            "a careers page or a company's whole board is not one posting"
        );
        assert_eq!(
            posting_url("https://acme.example/apply?gh_jid=4012").as_deref(),
            Some("https://acme.example/apply?gh_jid=4012")
        );
        assert_eq!(posting_url("no links here"), None);
    }

    #[test]
    fn identities() {
        let a = requirement_identity(Some("https://jobs.lever.co/acme/1/"), None, "T", None, "d");
        let b = requirement_identity(
            Some("https://JOBS.lever.co/acme/1?utm_source=x"),
            Some("Acme"),
            "Other",
            None,
            "",
        );
        assert_eq!(a, b);
        assert_eq!(a, "https://jobs.lever.co/acme/1");
        let h1 = requirement_identity(
            None,
            Some("Acme"),
            "Java  Developer",
            Some("Dallas, TX"),
            "Build APIs.",
        );
        let h2 = requirement_identity(
            None,
            Some("acme"),
            "java developer",
            Some("dallas, tx"),
            " Build   APIs. ",
        );
        assert_eq!(h1, h2);
        assert!(h1.starts_with("sha256:") && h1.len() == 71);
        let h3 = requirement_identity(
            None,
            Some("Acme"),
            "Java Developer",
            Some("Austin, TX"),
            "Build APIs.",
        );
        assert_ne!(h1, h3);
        let long = format!("https://x.example/{}", "a".repeat(300));
        assert!(requirement_identity(Some(&long), None, "t", None, "").starts_with("url-sha256:"));
    }
}
