//! The remote mode: in a short value ("100% Remote", "Hybrid (3 days onsite)", "Day 1
//! onsite") and in prose ("fully remote", "hybrid" but not "hybrid cloud", "not remote").

use hireloop_domain::values::RemoteMode;

use super::text::{find_words, has_any, has_word};
use super::{Ctx, Field};

/// The remote mode a short value states ("100% Remote", "Hybrid (3 days onsite)").
pub(crate) fn mode_in(s: &str) -> Option<RemoteMode> {
    let lower = s.to_ascii_lowercase();
    const HYBRID: &[&str] = &[
        "hybrid",
        "partially remote",
        "partly remote",
        "days onsite",
        "days on-site",
        "days on site",
        "days in office",
        "days in the office",
        "days a week onsite",
    ];
    const NOT_REMOTE: &[&str] = &[
        "no remote",
        "not remote",
        "non-remote",
        "non remote",
        "not a remote",
        "remote not",
    ];
    const REMOTE: &[&str] = &[
        "remote",
        "wfh",
        "work from home",
        "telecommute",
        "telework",
        "anywhere",
        "remotely",
    ];
    const ONSITE: &[&str] = &[
        "onsite",
        "on-site",
        "on site",
        "in office",
        "in-office",
        "in person",
        "in-person",
        "office based",
        "office-based",
    ];
    if has_any(&lower, HYBRID) {
        return Some(RemoteMode::Hybrid);
    }
    if NOT_REMOTE.iter().any(|p| lower.contains(p)) {
        return Some(RemoteMode::Onsite);
    }
    let remote = has_any(&lower, REMOTE);
    let onsite = has_any(&lower, ONSITE);
    match (remote, onsite) {
        (true, true) if lower.contains("no onsite") || lower.contains("no on-site") => {
            Some(RemoteMode::Remote)
        }
        (true, true) => Some(RemoteMode::Hybrid),
        (true, false) => Some(RemoteMode::Remote),
        (false, true) => Some(RemoteMode::Onsite),
        (false, false) => None,
    }
}

/// Remote-work phrases in the prose.
pub(super) fn prose_mode(ctx: &Ctx<'_>) -> Option<Field<RemoteMode>> {
    let (b0, b1) = ctx.body;
    let lower = ctx.lower.get(b0..b1)?;
    const NOT_HYBRID: &[&str] = &[
        "cloud",
        "app",
        "apps",
        "mobile",
        "integration",
        "environment",
        "environments",
        "infrastructure",
        "solutions",
        "architecture",
        "systems",
        "it",
        "data",
        "applications",
        "vehicle",
        "vehicles",
    ];
    for at in find_words(lower, "hybrid") {
        let next = lower[at + 6..].split_whitespace().next().unwrap_or("");
        let next = next.trim_matches(|c: char| !c.is_alphanumeric());
        if !NOT_HYBRID.contains(&next) {
            return Some(Field::new(RemoteMode::Hybrid, 0.7, b0 + at, b0 + at + 6));
        }
    }
    const NOT_REMOTE: &[&str] = &[
        "not remote",
        "no remote",
        "non-remote",
        "not a remote",
        "not open to remote",
        "remote work is not",
        "remote is not",
    ];
    const REMOTE: &[&str] = &[
        "fully remote",
        "100% remote",
        "remote position",
        "remote role",
        "remote job",
        "remote opportunity",
        "remote work",
        "work remotely",
        "working remotely",
        "remote-first",
        "remote first",
        "(remote)",
        "is remote",
        "be remote",
        "remote ok",
        "remote option",
        "work from home",
        "wfh",
        "telecommute",
        "telework",
        "remote within",
    ];
    const ONSITE: &[&str] = &[
        "onsite",
        "on-site",
        "on site",
        "in office",
        "in-office",
        "in the office",
    ];
    let first = |phrases: &[&str]| {
        phrases
            .iter()
            .filter_map(|p| find_words(lower, p).first().map(|&i| (i, p.len())))
            .min()
    };
    if let Some((i, n)) = first(NOT_REMOTE) {
        return Some(Field::new(RemoteMode::Onsite, 0.7, b0 + i, b0 + i + n));
    }
    let remote = first(REMOTE);
    let onsite = first(ONSITE);
    let pick = match (remote, onsite) {
        (Some(r), Some(o)) => Some(if r < o {
            (RemoteMode::Remote, r)
        } else {
            (RemoteMode::Onsite, o)
        })
        .map(|(m, p)| (m, p, 0.55)),
        (Some(r), None) => Some((
            RemoteMode::Remote,
            r,
            if has_word(lower, "remote") { 0.7 } else { 0.65 },
        )),
        (None, Some(o)) => Some((RemoteMode::Onsite, o, 0.6)),
        (None, None) => None,
    };
    pick.map(|(m, (i, n), c)| Field::new(m, c, b0 + i, b0 + i + n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(mode_in("Hybrid (3 days onsite)"), Some(RemoteMode::Hybrid));
        assert_eq!(mode_in("No remote"), Some(RemoteMode::Onsite));
        assert_eq!(mode_in("Day 1 onsite"), Some(RemoteMode::Onsite));
        assert_eq!(
            mode_in("Remote - no onsite travel"),
            Some(RemoteMode::Remote)
        );
        assert_eq!(mode_in("Java"), None);
    }
}
