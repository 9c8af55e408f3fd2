//! Filling a body's parse from what else the e-mail says: the subject ("Need: Java
//! Developer - Dallas, TX - 12 months"), the sender (the vendor contact) and an attached
//! job description. A field read from the body with more confidence is kept.

use super::Mailbox;
use crate::requirement::headline;
use crate::requirement::{Field, Origin, RequirementParse, looks_like_person};
use crate::skills::Taxonomy;

/// How sure a value read from the subject is.
const SUBJECT: f64 = 0.85;

/// Sets `slot` to `value` when it is empty or less sure.
fn offer<T>(slot: &mut Option<Field<T>>, value: Option<Field<T>>) -> bool {
    match (slot.as_ref(), value) {
        (Some(old), Some(new)) if old.confidence >= new.confidence => false,
        (_, Some(new)) => {
            *slot = Some(new);
            true
        }
        (_, None) => false,
    }
}

fn subject_field<T>(value: T, s: usize, e: usize) -> Field<T> {
    Field {
        value,
        confidence: SUBJECT,
        start: s,
        end: e,
        origin: Origin::Subject,
    }
}

/// Title, place, mode, duration, pay, type, visa and openings from the subject, and the
/// skills it names as required.
pub(crate) fn fill_from_subject(parse: &mut RequirementParse, subject: &str, taxonomy: &Taxonomy) {
    let h = headline::read(subject, true);
    if let Some((s, e)) = h.title {
        let t = subject[s..e].trim().to_string();
        offer(&mut parse.title, Some(subject_field(t, s, e)));
    }
    if let Some((p, s, e)) = h.place
        && let Some(loc) = p.location
    {
        let conf = if p.backed { 0.8 } else { 0.6 };
        offer(
            &mut parse.location,
            Some(Field {
                confidence: conf,
                ..subject_field(loc, s, e)
            }),
        );
    }
    offer(
        &mut parse.remote_mode,
        h.mode.map(|(m, s, e)| subject_field(m, s, e)),
    );
    offer(
        &mut parse.duration_months,
        h.months.map(|(m, s, e)| subject_field(m, s, e)),
    );
    offer(
        &mut parse.pay,
        h.pay.map(|(p, s, e)| subject_field(p, s, e)),
    );
    offer(
        &mut parse.employment_type,
        h.employment.map(|(k, s, e)| subject_field(k, s, e)),
    );
    offer(
        &mut parse.work_authorizations,
        h.visa.map(|(v, s, e)| subject_field(v, s, e)),
    );
    offer(
        &mut parse.openings,
        h.openings.map(|(n, s, e)| subject_field(n, s, e)),
    );
    // The subject's skills count only when its title is the one kept: a subject about
    // another job ("Re: Java Developer" on a reply about a Python role) adds none.
    if parse
        .title
        .as_ref()
        .is_none_or(|t| t.origin != Origin::Subject)
    {
        return;
    }
    let title_span = h.title.unwrap_or((0, 0));
    for m in taxonomy.extract(subject) {
        let known = parse
            .required_skills
            .iter()
            .chain(&parse.preferred_skills)
            .any(|f| f.value == m.name);
        if !known && m.start >= title_span.0 && m.end <= title_span.1 {
            parse
                .required_skills
                .push(subject_field(m.name, m.start, m.end));
        }
    }
}

/// The sender as the vendor contact: the address is what the mail system vouches for.
pub(crate) fn fill_from_sender(parse: &mut RequirementParse, sender: &Mailbox) {
    let sender_field = |v: &str, conf: f64| Field {
        value: v.to_string(),
        confidence: conf,
        start: 0,
        end: v.len(),
        origin: Origin::Sender,
    };
    if let Some(email) = &sender.email {
        offer(&mut parse.contact.email, Some(sender_field(email, 0.95)));
    }
    if let Some(name) = sender.name.as_deref().filter(|n| looks_like_person(n)) {
        offer(&mut parse.contact.name, Some(sender_field(name, 0.9)));
    }
}

/// Fields the body left out, from an attached job description. Returns whether any was
/// taken.
pub(crate) fn fill_from_attachment(parse: &mut RequirementParse, other: &RequirementParse) -> bool {
    fn take<T: Clone>(slot: &mut Option<Field<T>>, from: &Option<Field<T>>) -> bool {
        if slot.is_some() {
            return false;
        }
        *slot = from.clone().map(|f| Field {
            origin: Origin::Attachment,
            ..f
        });
        slot.is_some()
    }
    let mut used = false;
    used |= take(&mut parse.title, &other.title);
    used |= take(&mut parse.client, &other.client);
    used |= take(&mut parse.end_client, &other.end_client);
    used |= take(&mut parse.location, &other.location);
    used |= take(&mut parse.remote_mode, &other.remote_mode);
    used |= take(&mut parse.duration_months, &other.duration_months);
    used |= take(&mut parse.start_date, &other.start_date);
    used |= take(&mut parse.pay, &other.pay);
    used |= take(&mut parse.employment_type, &other.employment_type);
    used |= take(&mut parse.min_years, &other.min_years);
    used |= take(&mut parse.max_years, &other.max_years);
    used |= take(&mut parse.work_authorizations, &other.work_authorizations);
    used |= take(&mut parse.openings, &other.openings);
    for (mine, theirs) in [
        (&mut parse.required_skills, &other.required_skills),
        (&mut parse.preferred_skills, &other.preferred_skills),
    ] {
        for f in theirs {
            if !mine.iter().any(|m| m.value == f.value) {
                mine.push(Field {
                    origin: Origin::Attachment,
                    ..f.clone()
                });
                used = true;
            }
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::requirement::parse_requirement;

    fn parse(text: &str) -> RequirementParse {
        let tax = Taxonomy::from_forms(&["java", "python"]);
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        parse_requirement(text, &tax, today)
    }

    #[test]
    fn subject_fills_gaps_but_never_overrides_a_label() {
        let tax = Taxonomy::from_forms(&["java", "python"]);
        let mut p = parse("Job Title: Python Developer\nWe need someone good.");
        fill_from_subject(&mut p, "Need: Java Developer - Austin, TX - 6 months", &tax);
        assert_eq!(
            p.title.as_ref().map(|t| t.value.as_str()),
            Some("Python Developer")
        );
        assert_eq!(
            p.duration_months.as_ref().map(|d| (d.value, d.origin)),
            Some((6, Origin::Subject))
        );
        assert_eq!(
            p.location.as_ref().map(|l| l.value.display()).as_deref(),
            Some("Austin, TX, US")
        );
        // The subject's title lost, so its skill is not added.
        assert!(p.required_skills.iter().all(|s| s.value != "Java"));
        let mut q = parse("We need someone good, soon.");
        fill_from_subject(&mut q, "Java Developer", &tax);
        assert_eq!(q.title.as_ref().map(|t| t.origin), Some(Origin::Subject));
        assert!(q.required_skills.iter().any(|s| s.value == "Java"));
    }

    #[test]
    fn sender_and_attachment() {
        let mut p = parse("Role: Dev\n\nThanks,\nJohn Smith\njohn@old.example");
        let sender = Mailbox {
            name: Some("Priya Shah".into()),
            email: Some("priya@vendor.example".into()),
        };
        fill_from_sender(&mut p, &sender);
        assert_eq!(
            p.contact.email.as_ref().map(|f| f.value.as_str()),
            Some("priya@vendor.example")
        );
        assert_eq!(
            p.contact.name.as_ref().map(|f| f.value.as_str()),
            Some("Priya Shah")
        );
        let other = parse("Rate: $50/hr W2\nSkills: Python");
        assert!(fill_from_attachment(&mut p, &other));
        assert_eq!(p.pay.as_ref().map(|f| f.origin), Some(Origin::Attachment));
        assert!(
            !fill_from_attachment(&mut p, &other),
            "nothing new the second time"
        );
    }
}
