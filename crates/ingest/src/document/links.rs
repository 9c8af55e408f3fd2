//! `LinkSet`: hyperlink targets collected while reading, kept in first-seen order
//! without duplicates, limited to targets a recruiter can follow.

use std::collections::HashSet;

/// More links than this in one resume is noise (or an attack on memory).
const MAX_LINKS: usize = 500;

#[derive(Debug, Default)]
pub(crate) struct LinkSet {
    order: Vec<String>,
    seen: HashSet<String>,
}

impl LinkSet {
    /// Adds `target` if it is an absolute web, mail or phone link.
    pub fn push(&mut self, target: &str) {
        let target = target.trim();
        if self.order.len() >= MAX_LINKS || !is_followable(target) {
            return;
        }
        if self.seen.insert(target.to_owned()) {
            self.order.push(target.to_owned());
        }
    }

    pub fn into_vec(self) -> Vec<String> {
        self.order
    }
}

/// Web, mail and phone targets; anchors, scripts and relative paths mean nothing
/// outside the original file.
fn is_followable(target: &str) -> bool {
    if target.len() > 2048 || target.chars().any(char::is_whitespace) {
        return false;
    }
    let lower = target.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:", "ftp://", "www."]
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_drops_duplicates_and_junk() {
        let mut l = LinkSet::default();
        for t in [
            "https://b.example",
            "#top",
            "javascript:x()",
            "mailto:a@b.c",
            "https://b.example",
            "x.html",
            "http://",
        ] {
            l.push(t);
        }
        assert_eq!(l.into_vec(), ["https://b.example", "mailto:a@b.c"]);
    }
}
