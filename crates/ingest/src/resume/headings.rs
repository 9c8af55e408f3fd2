//! Headings: what a line that opens a section looks like ("WORK EXPERIENCE", "Academic
//! Qualifications:", "Key Skills", "Skills: Java, SQL"), and which section it opens.

use super::SectionKind;
use super::text::{has_bullet, is_all_caps, is_capitalised, key, word_count};

/// Heading phrases (as `key` gives them) and what they open.
#[rustfmt::skip]
const HEADINGS: &[(SectionKind, &[&str])] = &[
    (SectionKind::Experience, &[
        "experience", "work experience", "professional experience", "employment history",
        "employment", "work history", "career history", "professional background",
        "relevant experience", "experience summary", "work experience summary",
        "industrial experience", "industry experience", "it experience", "employment details",
        "organizational experience", "organisational experience", "career path", "positions held",
        "internships", "internship", "internship experience", "work experience and internships",
        "job history", "experience details", "professional work experience",
        "relevant work experience", "work and experience", "berufserfahrung",
        "expérience professionnelle", "experience professionnelle", "experiencia laboral",
        "experiencia profesional", "esperienza lavorativa", "werkervaring", "employment record",
        "career experience", "previous experience",
    ]),
    (SectionKind::Education, &[
        "education", "academic qualifications", "academic qualification",
        "educational qualifications", "educational qualification", "education qualification",
        "academic background", "academic details", "academics", "qualifications", "qualification",
        "education and training", "education training", "educational background",
        "educational details", "scholastic profile", "academic profile", "academic credentials",
        "ausbildung", "formation", "educación", "formación", "istruzione", "opleiding", "studies",
        "education details", "education and qualifications", "educational credentials",
        "academic record",
    ]),
    (SectionKind::Skills, &[
        "skills", "technical skills", "key skills", "core competencies", "skill set", "skillset",
        "skills summary", "it skills", "technical proficiency", "technical expertise",
        "areas of expertise", "expertise", "competencies", "tools and technologies", "technologies",
        "technical skill set", "technical skillset", "software skills", "computer skills",
        "professional skills", "core skills", "primary skills", "secondary skills",
        "key competencies", "technical competencies", "skills and tools", "technical summary",
        "technology stack", "tech stack", "kenntnisse", "compétences", "competences", "competenze",
        "habilidades", "soft skills", "skill", "skills set", "programming languages",
        "technical knowledge", "it proficiency", "key strengths", "skills and abilities",
        "skills and expertise", "technical skills summary", "software proficiency",
        "computer proficiency", "it knowledge", "skills profile", "non technical skills",
        "functional skills", "personal skills", "language skills",
    ]),
    (SectionKind::Certifications, &[
        "certifications", "certification", "certificates", "licenses and certifications",
        "certifications licenses", "licenses", "professional certifications",
        "courses and certifications", "certifications and trainings",
        "trainings and certifications", "training and certifications",
        "certifications and training", "courses", "trainings", "training", "zertifikate",
        "certifications and courses", "licenses certifications", "certificate courses",
        "professional certification", "certifications and licenses",
    ]),
    (SectionKind::Projects, &[
        "projects", "project", "academic projects", "personal projects", "key projects",
        "project details", "project profile", "projects undertaken", "project experience",
        "major projects", "notable projects", "projects handled", "academic project",
        "side projects", "projekte", "projets", "project work", "projects summary",
        "project summary", "projects worked on", "professional projects",
    ]),
    (SectionKind::Summary, &[
        "summary", "profile", "professional summary", "career objective", "objective", "about me",
        "profile summary", "career summary", "executive summary", "professional profile",
        "overview", "professional overview", "introduction", "highlights", "career highlights",
        "synopsis", "objectives", "career objectives", "summary of qualifications", "about",
        "profil", "zusammenfassung", "personal summary", "career profile", "professional synopsis",
        "summary of skills",
    ]),
    (SectionKind::Contact, &[
        "contact", "contact information", "contact details", "personal details",
        "personal information", "personal data", "persönliche daten", "kontakt", "contact info",
        "personal particulars", "personal profile",
    ]),
    (SectionKind::Other, &[
        "additional information", "achievements", "accomplishments", "awards", "honors", "honours",
        "honors and awards", "awards and achievements", "interests", "hobbies",
        "hobbies and interests", "languages", "languages known", "declaration", "references",
        "publications", "volunteer", "volunteering", "volunteer experience",
        "extracurricular activities", "extra curricular activities", "co curricular activities",
        "strengths", "links", "activities", "memberships", "affiliations", "patents", "conferences",
        "presentations", "other information", "miscellaneous", "performance achievements",
        "awards and recognition", "recognition", "extra curricular", "interests and hobbies",
        "professional memberships", "additional skills and information",
    ]),
];

/// Nouns that end a heading we do not list word for word ("Relevant IT Experience").
#[rustfmt::skip]
const HEAD_NOUNS: &[(&str, SectionKind)] = &[
    ("experience", SectionKind::Experience), ("history", SectionKind::Experience),
    ("education", SectionKind::Education), ("qualifications", SectionKind::Education),
    ("skills", SectionKind::Skills), ("competencies", SectionKind::Skills),
    ("certifications", SectionKind::Certifications), ("projects", SectionKind::Projects),
    ("summary", SectionKind::Summary), ("objective", SectionKind::Summary),
];

/// What a line opens, if it is a heading: the kind, a confidence, and whether the
/// section's content starts on the same line ("Skills: Java, SQL").
pub(crate) fn heading_kind(line: &str) -> Option<(SectionKind, f32, bool)> {
    let trimmed = line
        .trim()
        .trim_matches(|c: char| matches!(c, '=' | '#' | '*' | '_' | '~'));
    let trimmed = trimmed.trim();
    if letter_spaced(trimmed) {
        return spaced_heading(trimmed).map(|(kind, c)| (kind, c, false));
    }
    if trimmed.is_empty() || trimmed.len() > 60 {
        return None;
    }
    if let Some((head, rest)) = trimmed.split_once(':')
        && !rest.trim().is_empty()
    {
        // Only list-like sections start on their heading's line.
        let (kind, c) = whole_heading(head.trim())?;
        let inline = matches!(kind, SectionKind::Skills | SectionKind::Certifications)
            && word_count(head) <= 4;
        return inline.then_some((kind, c * 0.9, true));
    }
    let colon = trimmed.ends_with(':');
    let (kind, c) = whole_heading(trimmed.trim_end_matches(':').trim())?;
    let bonus = if colon || is_all_caps(trimmed) {
        0.05
    } else {
        0.0
    };
    Some((kind, (c + bonus).min(1.0), false))
}

/// A heading written with its letters spaced out ("W O R K  E X P E R I E N C E"), as
/// designed resumes do: mostly one-letter words.
fn letter_spaced(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let single = words
        .iter()
        .filter(|w| {
            let mut c = w.chars();
            c.next().is_some_and(|c| c.is_alphabetic() || c == '&') && c.next().is_none()
        })
        .count();
    words.len() >= 4 && single * 4 >= words.len() * 3 && s.len() <= 120
}

/// A letter-spaced line read as a heading: its letters joined ("WORKEXPERIENCE") and
/// compared with the heading phrases written without spaces; a line that starts with
/// one ("EDUCATION&COURSES") opens that section, less surely.
fn spaced_heading(s: &str) -> Option<(SectionKind, f32)> {
    let joined: String = s
        .split_whitespace()
        .filter(|w| w.chars().count() == 1)
        .collect::<String>()
        .to_lowercase();
    let letters: String = joined.chars().filter(|c| c.is_alphabetic()).collect();
    let squash = |p: &str| p.replace(' ', "");
    let mut best: Option<(SectionKind, usize)> = None;
    for (kind, phrases) in HEADINGS {
        for p in phrases.iter() {
            let p = squash(p);
            if p == letters {
                return Some((*kind, 0.85));
            }
            if p.len() >= 5 && letters.starts_with(&p) && best.is_none_or(|(_, len)| p.len() > len)
            {
                best = Some((*kind, p.len()));
            }
        }
    }
    best.map(|(kind, _)| (kind, 0.7))
}

fn whole_heading(s: &str) -> Option<(SectionKind, f32)> {
    if s.is_empty()
        || s.chars().any(|c| c.is_ascii_digit() || c == '@')
        || s.ends_with('.')
        || has_bullet(s)
        || word_count(s) > 6
    {
        return None;
    }
    let k = key(s).replace(" and ", " ").replace(" amp ", " ");
    let k = k.trim();
    let k_and = key(s);
    for (kind, phrases) in HEADINGS {
        if phrases.iter().any(|p| *p == k || *p == k_and) {
            return Some((*kind, 0.9));
        }
    }
    // Two column headings read into one line ("Experience Skills"): the first opens.
    if let [first, second] = s.split_whitespace().collect::<Vec<_>>()[..]
        && is_capitalised(first)
        && is_capitalised(second)
    {
        let one = |w: &str| {
            let k = key(w);
            HEADINGS
                .iter()
                .find(|(_, phrases)| phrases.contains(&k.as_str()))
                .map(|(kind, _)| *kind)
        };
        if let (Some(kind), Some(_)) = (one(first), one(second)) {
            return Some((kind, 0.7));
        }
    }
    // A heading noun at the end, in a short line written like a heading.
    let words: Vec<&str> = s.split_whitespace().collect();
    let headlike = is_all_caps(s)
        || words
            .iter()
            .all(|w| is_capitalised(w) || ["and", "&", "of", "/", "-"].contains(w));
    if words.len() > 4 || !headlike {
        return None;
    }
    let last = k.rsplit(' ').next().unwrap_or_default();
    HEAD_NOUNS
        .iter()
        .find(|(noun, _)| *noun == last)
        .map(|(_, kind)| (*kind, 0.7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        let h = |s: &str| heading_kind(s).map(|(k, _, inline)| (k, inline));
        assert_eq!(h("WORK EXPERIENCE"), Some((SectionKind::Experience, false)));
        assert_eq!(
            h("Professional Experience:"),
            Some((SectionKind::Experience, false))
        );
        assert_eq!(
            h("Employment History"),
            Some((SectionKind::Experience, false))
        );
        assert_eq!(
            h("Academic Qualifications"),
            Some((SectionKind::Education, false))
        );
        assert_eq!(h("Technical Skills"), Some((SectionKind::Skills, false)));
        assert_eq!(h("Key Skills:"), Some((SectionKind::Skills, false)));
        assert_eq!(
            h("CERTIFICATIONS"),
            Some((SectionKind::Certifications, false))
        );
        assert_eq!(h("Projects"), Some((SectionKind::Projects, false)));
        assert_eq!(
            h("Relevant IT Experience"),
            Some((SectionKind::Experience, false))
        );
        assert_eq!(h("Skills: Java, SQL"), Some((SectionKind::Skills, true)));
        assert_eq!(h("== EDUCATION =="), Some((SectionKind::Education, false)));
        assert_eq!(h("Experience: 5 years"), None);
        assert_eq!(h("Responsibilities"), None);
        assert_eq!(h("Senior Software Engineer"), None);
        assert_eq!(h("5 years of experience"), None);
    }

    #[test]
    fn designed_headings() {
        let h = |s: &str| heading_kind(s).map(|(k, _, _)| k);
        assert_eq!(
            h("W O R K  E X P E R I E N C E"),
            Some(SectionKind::Experience)
        );
        assert_eq!(
            h("W O R K E X P E R I E N C E"),
            Some(SectionKind::Experience)
        );
        assert_eq!(
            h("E D U C A T I O N & C O U R S E S"),
            Some(SectionKind::Education)
        );
        assert_eq!(h("P R O F I L E"), Some(SectionKind::Summary));
        assert_eq!(
            h("T E C H N I C A L C O M P E T E N C I E S"),
            Some(SectionKind::Skills)
        );
        assert_eq!(h("L I S A  P O L O T C K A I A"), None);
        assert_eq!(h("Experience Skills"), Some(SectionKind::Experience));
        assert_eq!(h("Skills Experience"), Some(SectionKind::Skills));
        assert_eq!(
            h("Senior Experience"),
            Some(SectionKind::Experience),
            "a head noun"
        );
        assert_eq!(h("Golang Developer"), None);
        assert_eq!(h("A B C D"), None);
    }
}
