//! Work-authorisation limits: "Visa: USC/GC only", "No H1B", "H1B transfer ok", "GC-EAD,
//! H4-EAD", "must be a U.S. citizen", "unable to sponsor". Read from the labelled visa
//! line, else from prose sentences that mention an authorisation.

use hireloop_domain::values::WorkAuthorization as W;

use super::auth_words::{ALL, LIST_WORDS, NEGATIONS, NO_SPONSORSHIP, SPELLINGS};
use super::labels::Label;
use super::text::{Span, sentences};
use super::{Ctx, Field, WorkAuthLimits};

/// What one piece of text says.
#[derive(Debug, Default, PartialEq, Eq)]
struct Said {
    allowed: Vec<W>,
    excluded: Vec<W>,
    any: bool,
}

/// Reads `s` word by word: each authorisation is allowed unless a negation came just
/// before it or before the list it is in ("No H1B, No OPT", "all visas except OPT/CPT").
/// A refusal to sponsor rules out the authorisations that need sponsorship.
fn read(s: &str, prose: bool) -> Said {
    let lower = s.to_ascii_lowercase();
    let mut said = Said::default();
    let toks: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| !t.is_empty())
        .collect();
    let key = |t: &str| {
        t.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    };
    let mut negated = false;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if NEGATIONS.contains(&t) {
            negated = true;
            i += 1;
            continue;
        }
        if matches!(t, "but" | "only" | "however" | "yes") {
            negated = false;
        }
        if matches!(t, "any" | "all")
            && toks
                .get(i + 1)
                .is_some_and(|n| n.starts_with("visa") || n.starts_with("work"))
        {
            said.any = true;
        }
        // Longest spelling first: "us citizen" before "us".
        let mut matched = None;
        for n in [3, 2, 1] {
            if i + n > toks.len() {
                continue;
            }
            let joined: String = toks[i..i + n].iter().map(|t| key(t)).collect();
            if let Some((_, w)) = SPELLINGS.iter().find(|(k, _)| *k == joined) {
                matched = Some((*w, n));
                break;
            }
        }
        match matched {
            Some((w, n)) => {
                // In prose, bare "citizen" and the short codes that are also words need a
                // visa context, which the caller checks; "OPT" in "opt in" is not a visa.
                let skip = prose
                    && n == 1
                    && matches!(toks[i], "opt" | "tn" | "f1")
                    && !has_visa_word(&lower);
                if !skip {
                    push(
                        if negated {
                            &mut said.excluded
                        } else {
                            &mut said.allowed
                        },
                        w,
                    );
                }
                i += n;
            }
            None => {
                // Any other word ends a negated list: "not limited to, U.S. citizens" is
                // not a refusal of citizens.
                if !LIST_WORDS.contains(&t) {
                    negated = false;
                }
                i += 1;
            }
        }
    }
    // "with or without sponsorship" refuses nothing.
    if NO_SPONSORSHIP.iter().any(|p| lower.contains(p)) && !lower.contains("with or without") {
        let needs: Vec<W> = ALL
            .iter()
            .copied()
            .filter(W::requires_sponsorship)
            .collect();
        said.allowed.retain(|w| !needs.contains(w));
        for w in needs {
            push(&mut said.excluded, w);
        }
    }
    said
}

fn push(list: &mut Vec<W>, w: W) {
    if !list.contains(&w) {
        list.push(w);
    }
}

fn has_visa_word(lower: &str) -> bool {
    [
        "visa",
        "h1b",
        "h-1b",
        "usc",
        "green card",
        "ead",
        "citizen",
        "sponsor",
        "gc ",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a prose sentence is about work authorisation at all.
fn is_about_authorisation(lower: &str) -> bool {
    [
        "visa",
        "h1b",
        "h-1b",
        "h1-b",
        "usc",
        "green card",
        "greencard",
        "gc-ead",
        "gc ead",
        "h4",
        "ead",
        "citizen",
        "sponsor",
        "work authorization",
        "work authorisation",
        "authorized to work",
        "authorised to work",
        "permanent resident",
        "gc holder",
        "gc/",
        "/gc",
        "opt",
        "cpt",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn limits(said: &Said) -> Option<WorkAuthLimits> {
    if said.allowed.is_empty() && said.excluded.is_empty() {
        return said.any.then(|| WorkAuthLimits {
            allowed: Vec::new(),
            excluded: Vec::new(),
        });
    }
    let allowed: Vec<W> = if said.allowed.is_empty() {
        ALL.iter()
            .copied()
            .filter(|w| !said.excluded.contains(w))
            .collect()
    } else {
        said.allowed
            .iter()
            .copied()
            .filter(|w| !said.excluded.contains(w))
            .collect()
    };
    Some(WorkAuthLimits {
        allowed: if said.any && said.excluded.is_empty() {
            Vec::new()
        } else {
            allowed
        },
        excluded: said.excluded.clone(),
    })
}

/// The limits a short value states ("USC/GC only", "No H1B"), if it names any.
pub(crate) fn limits_in(s: &str) -> Option<WorkAuthLimits> {
    limits(&read(s, false))
}

/// The authorisations a requirement accepts.
pub(crate) fn extract(ctx: &Ctx<'_>) -> Option<Field<WorkAuthLimits>> {
    if let Some(l) = ctx.label(Label::Visa) {
        let said = read(ctx.value(&l), false);
        if let Some(lim) = limits(&said) {
            return Some(Field::new(lim, 0.9, l.value_start, l.value_end));
        }
    }
    let (b0, b1) = ctx.body;
    let body = ctx.text.get(b0..b1)?;
    let mut total = Said::default();
    let mut span: Option<(usize, usize)> = None;
    let mut strong = false;
    for Span { start, end, text } in sentences(body) {
        let lower = text.to_ascii_lowercase();
        if !is_about_authorisation(&lower) {
            continue;
        }
        let mut said = read(text, true);
        // In prose a mention limits who can apply only when the sentence says so ("USC
        // only", "citizenship is required"); "we will sponsor H1B" or "H1B transfer ok"
        // widen rather than limit, and "U.S. citizens" in an EEO blurb says nothing.
        let restrictive = ["only", "must", "required", "require", "requires", "need to be", "needs to be", "eligible to", "limited to"]
            .iter()
            .any(|w| super::text::has_word(&lower, w))
            && !lower.contains("not limited to")
            // "citizens and those authorized to work in the U.S.": anyone authorised.
            && !["authorized to work", "authorised to work", "work authorization", "work authorisation", "authorization to work", "eligible to work"]
                .iter()
                .any(|p| lower.contains(p));
        if !restrictive {
            said.allowed.clear();
        }
        if said.allowed.is_empty() && said.excluded.is_empty() && !said.any {
            continue;
        }
        strong |= lower.contains("only") || lower.contains("must");
        for w in said.allowed {
            push(&mut total.allowed, w);
        }
        for w in said.excluded {
            push(&mut total.excluded, w);
        }
        total.any |= said.any;
        span = Some(match span {
            Some((s, _)) => (s, b0 + end),
            None => (b0 + start, b0 + end),
        });
    }
    let (s, e) = span?;
    let lim = limits(&total)?;
    Some(Field::new(lim, if strong { 0.8 } else { 0.7 }, s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(s: &str) -> (Vec<&'static str>, Vec<&'static str>) {
        let lim = limits(&read(s, false)).unwrap_or(WorkAuthLimits {
            allowed: vec![],
            excluded: vec![],
        });
        (
            lim.allowed.iter().map(|w| w.as_str()).collect(),
            lim.excluded.iter().map(|w| w.as_str()).collect(),
        )
    }

    #[test]
    fn visa_lines() {
        assert_eq!(
            allowed("USC/GC only"),
            (vec!["us_citizen", "green_card"], vec![])
        );
        assert_eq!(
            allowed("USC, GC, GC-EAD, H4-EAD"),
            (vec!["us_citizen", "green_card", "ead"], vec![])
        );
        assert_eq!(
            allowed("No H1B"),
            (
                vec!["us_citizen", "green_card", "ead", "opt_cpt", "tn", "other"],
                vec!["h1b"]
            )
        );
        assert_eq!(
            allowed("USC, GC, H1B transfer ok"),
            (vec!["us_citizen", "green_card", "h1b"], vec![])
        );
        assert_eq!(allowed("Any visa"), (vec![], vec![]));
        assert_eq!(
            allowed("All visas except OPT/CPT"),
            (
                vec!["us_citizen", "green_card", "ead", "h1b", "tn", "other"],
                vec!["opt_cpt"]
            )
        );
        assert_eq!(allowed("EAD"), (vec!["ead"], vec![]));
        assert_eq!(
            allowed("U.S. Citizens and Green Card holders only"),
            (vec!["us_citizen", "green_card"], vec![])
        );
    }

    #[test]
    fn sponsorship() {
        let said = read("We are unable to sponsor H1B visas at this time", true);
        assert_eq!(said.excluded, [W::H1b, W::OptCpt, W::Tn]);
        assert!(said.allowed.is_empty());
        let said = read(
            "Protected individuals include, but are not limited to, U.S. citizens and permanent residents",
            true,
        );
        assert!(said.excluded.is_empty(), "{said:?}");
        let said = read(
            "Authorized to work in the USA with or without sponsorship",
            true,
        );
        assert!(said.excluded.is_empty(), "{said:?}");
        let said = read(
            "work authorization that does not now or in the future require sponsorship (i.e., H-1B, OPT)",
            true,
        );
        assert_eq!(said.excluded, [W::H1b, W::OptCpt, W::Tn]);
        assert!(said.allowed.is_empty(), "{said:?}");
    }
}
