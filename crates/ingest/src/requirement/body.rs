//! Where the requirement sits in a message: after the greeting ("Hi Partner, hope you
//! are doing well"), before the sign-off ("Thanks & Regards,"), signature and disclaimer.

use super::text::lines;

/// Lines that open a message before its content.
const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "dear",
    "greetings",
    "good morning",
    "good afternoon",
    "good evening",
    "hope you",
    "i hope",
    "trust you",
    "please find",
    "please see",
    "please go through",
    "please review",
    "please share",
    "please send",
    "please let me know",
    "kindly",
    "namaste",
];

/// Lines that close a message's content.
const SIGN_OFFS: &[&str] = &[
    "thanks and regards",
    "thanks & regards",
    "thanks n regards",
    "thanks regards",
    "thank you and regards",
    "best regards",
    "kind regards",
    "warm regards",
    "with regards",
    "many thanks",
    "thanks in advance",
    "thank you",
    "thanks",
    "thx",
    "regards",
    "best",
    "sincerely",
    "cheers",
    "respectfully",
    "cordially",
    "br",
];

/// Lines that open a disclaimer or mailing-list footer.
const FOOTERS: &[&str] = &[
    "this e-mail",
    "this email and",
    "this email is",
    "this message",
    "confidentiality notice",
    "confidentiality note",
    "disclaimer",
    "to unsubscribe",
    "unsubscribe",
    "if you are not the intended",
    "note: we respect your online privacy",
    "please consider the environment",
    "-- ",
    "you received this",
    "you are receiving this",
];

fn starts_with_phrase(lower: &str, phrase: &str) -> bool {
    lower.starts_with(phrase)
        && !lower[phrase.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// The sign-off phrase a line is, if it is one ("Thanks & Regards,", "Thanks, Priya").
pub(super) fn sign_off(line: &str) -> Option<&'static str> {
    let lower = line.trim().to_ascii_lowercase();
    if lower.split_whitespace().count() > 6 {
        return None;
    }
    SIGN_OFFS
        .iter()
        .find(|p| starts_with_phrase(&lower, p))
        .copied()
        .filter(|p| {
            // "Best" and "BR" alone only: "Best practices …" is content.
            let rest = lower[p.len()..].trim_matches(|c: char| !c.is_alphanumeric());
            !matches!(*p, "best" | "br") || rest.is_empty()
        })
}

fn is_footer(line: &str) -> bool {
    let lower = line.trim_start().to_ascii_lowercase();
    FOOTERS.iter().any(|p| lower.starts_with(p)) || line == "--"
}

/// The description's byte span: after greeting lines at the top, before the sign-off,
/// signature or disclaimer at the bottom. The whole text when that would leave nothing.
pub(crate) fn body_bounds(text: &str) -> (usize, usize) {
    let all = lines(text);
    let mut start = 0;
    let mut skipped = 0;
    for line in &all {
        let lower = line.text.trim().to_ascii_lowercase();
        if lower.is_empty() {
            continue;
        }
        let greeting = GREETINGS.iter().any(|g| starts_with_phrase(&lower, g))
            && lower.split_whitespace().count() <= 25
            && !lower.contains(':');
        if !greeting || skipped == 4 {
            start = line.start;
            break;
        }
        skipped += 1;
        start = line.end;
    }
    let mut end = text.len();
    for line in all.iter().filter(|l| l.start > start) {
        if sign_off(line.text).is_some() || is_footer(line.text) {
            end = line.start;
            break;
        }
    }
    let body = text.get(start..end).unwrap_or("");
    if body.split_whitespace().count() < 3 {
        return (0, text.len());
    }
    (start, start + body.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_skips_greeting_and_signature() {
        let t = "Hi Partner,\nHope you are doing well.\n\nRole: Java Developer\nLocation: Dallas, TX\n\nThanks & Regards,\nPriya Sharma\nTechnical Recruiter\npriya@vendor.example";
        let (s, e) = body_bounds(t);
        assert_eq!(&t[s..e], "Role: Java Developer\nLocation: Dallas, TX");
        let plain = "Senior engineer building payment systems.";
        assert_eq!(body_bounds(plain), (0, plain.len()));
        assert_eq!(body_bounds(""), (0, 0));
    }

    #[test]
    fn sign_offs() {
        assert_eq!(sign_off("Thanks & Regards,"), Some("thanks & regards"));
        assert_eq!(sign_off("Best practices for Java"), None);
        assert_eq!(sign_off("Thanks, Priya"), Some("thanks"));
    }
}
