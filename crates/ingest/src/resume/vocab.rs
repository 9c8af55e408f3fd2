//! Word lists that tell what a short piece of resume text is: a job title, a company, a
//! degree or a school. General vocabulary only (no names from any data set).

use super::text::{compact_key, key};

/// Words that make a phrase a job title ("Senior Software Engineer", "Team Lead").
#[rustfmt::skip]
const TITLE_WORDS: &[&str] = &[
    "engineer", "engineers", "developer", "developers", "manager", "analyst", "consultant", "lead",
    "architect", "intern", "internship", "trainee", "associate", "specialist", "executive",
    "officer", "administrator", "admin", "tester", "designer", "director", "head", "coordinator",
    "co-ordinator", "trainer", "teacher", "lecturer", "professor", "scientist", "programmer",
    "member", "representative", "accountant", "assistant", "supervisor", "technician", "advisor",
    "adviser", "owner", "president", "vp", "cto", "ceo", "cfo", "coo", "founder", "co-founder",
    "cofounder", "partner", "principal", "sde", "expert", "writer", "editor", "recruiter", "nurse",
    "clerk", "operator", "agent", "secretary", "auditor", "controller", "strategist", "researcher",
    "fellow", "instructor", "tutor", "counsellor", "counselor", "planner", "buyer", "chef",
    "marketer", "mentor", "volunteer", "freelancer", "contractor", "sme", "dba", "processor",
    "apprentice", "receptionist", "pharmacist", "physician", "doctor", "lawyer", "attorney",
    "paralegal", "cashier", "salesman", "handler", "superintendent", "foreman", "inspector",
    "estimator", "economist", "statistician", "technologist", "sysadmin", "webmaster", "helpdesk",
    "steward", "stewardess", "pilot", "mechanic", "electrician", "driver", "guard", "waiter",
    "bartender", "cook",
    // A few European spellings.
    "développeur", "developpeur", "ingénieur", "ingenieur", "entwickler", "berater", "leiter",
    "werkstudent", "werkstudentin", "praktikant", "praktikantin", "stagiaire", "analyste",
    "responsable", "directeur", "gerente", "desarrollador", "ingeniero", "sviluppatore",
    "consulente", "ontwikkelaar", "projektleiter", "geschäftsführer",
];

/// Phrases that are titles though their words alone are not.
#[rustfmt::skip]
const TITLE_PHRASES: &[&str] = &[
    "scrum master", "product owner", "software development", "data entry", "customer support",
    "technical support", "it support", "business development", "quality assurance",
];

/// Words that end or mark an organisation's name.
#[rustfmt::skip]
const COMPANY_WORDS: &[&str] = &[
    "ltd", "limited", "inc", "incorporated", "corp", "corporation", "llc", "llp", "plc", "pvt",
    "gmbh", "ag", "sa", "sarl", "bv", "nv", "spa", "srl", "oy", "ab", "kk", "co", "company",
    "technologies", "solutions", "services", "systems", "software", "labs", "lab", "group", "bank",
    "consulting", "consultancy", "infotech", "infosystems", "enterprises", "industries", "holdings",
    "international", "global", "networks", "communications", "telecom", "pharmaceuticals", "pharma",
    "hospital", "hospitals", "foundation", "agency", "studios", "studio", "media", "motors",
    "airlines", "insurance", "capital", "ventures", "llp", "ngo", "trust", "bureau", "ministry",
    "department", "council", "institute", "university", "college", "school", "centre", "center",
    "firm", "partners", "gmbh", "ltda", "pty",
];

/// Degree abbreviations, compared in compact form ("B.Tech" → "btech").
#[rustfmt::skip]
const DEGREE_ABBREVIATIONS: &[&str] = &[
    "btech", "mtech", "bsc", "msc", "mca", "bca", "mba", "bcom", "mcom", "phd", "bba", "bbm",
    "pgdm", "pgdbm", "pgd", "pgdca", "llb", "llm", "mbbs", "bds", "bpharm", "mpharm", "bed", "hsc",
    "ssc", "sslc", "cbse", "icse", "puc", "beng", "meng", "bsba", "dphil", "mphil", "bfa", "mfa",
    "barch", "march", "mpa", "mph", "jd", "md", "hnc", "hnd", "gcse", "mbe", "bscit", "mscit",
    "bsit", "bsee", "bscs", "mscs", "bcs", "bit", "mit", "bvoc", "dnb", "ca", "acca", "cfa", "icwa",
    "bms", "tybms", "tybcom", "tybsc", "fybcom", "bsw", "msw", "bpt", "bhm", "bhms", "bams", "btec",
    "be", "me", "ms", "ma", "ba", "bs", "ms", "mse", "bse",
];

/// Short abbreviations that are also common words or product names ("be", "MS Office"): a
/// degree only when written in capitals or with dots, at the start of the line.
#[rustfmt::skip]
const AMBIGUOUS_ABBREVIATIONS: &[&str] = &[
    "be", "me", "ms", "ma", "ba", "bs", "ca", "bit", "mit", "md", "jd", "bed", "march", "bms",
];

/// Words after "MS" that make it Microsoft, not a master's degree ("MS Office").
#[rustfmt::skip]
const PRODUCT_WORDS: &[&str] = &[
    "office", "excel", "word", "project", "sql", "dynamics", "access", "outlook", "powerpoint",
    "visio", "windows", "teams", "dos", "paint", "sharepoint", "exchange", "azure", "crm",
];

/// Words or phrases that make a line a degree wherever they appear.
#[rustfmt::skip]
const DEGREE_PHRASES: &[&str] = &[
    "bachelor", "bachelors", "bachelor s", "master of", "masters", "master s", "master degree",
    "diploma", "degree", "doctorate", "doctor of", "ph d", "secondary", "high school",
    "higher education", "matriculation", "intermediate", "10th", "12th", "xth", "xiith", "class x",
    "class xii", "post graduate", "postgraduate", "post graduation", "graduation", "a levels",
    "a level", "o level", "abitur", "licence", "laurea", "baccalaureate", "baccalaureat",
    "associate degree", "associate of", "certificate in", "pre university", "master",
    "magister", "diplom", "mestrado", "licenciatura", "maestria", "maîtrise", "pre-university", "senior secondary", "engineering in",
];

/// Words that name a school or university.
#[rustfmt::skip]
const INSTITUTION_WORDS: &[&str] = &[
    "university", "universities", "universitat", "universität", "universite", "université",
    "universidad", "università", "universiteit", "uniwersytet", "college", "institute",
    "institution", "school", "academy", "polytechnic", "vidyalaya", "vidyapeeth", "vidyapith",
    "mahavidyalaya", "hochschule", "fachhochschule", "ecole", "école", "gymnasium", "lyceum",
    "lycée", "conservatory", "conservatoire", "politecnico", "iit", "nit", "iiit", "iim", "bits",
    "vtu", "jntu", "cllg", "clg", "board",
];

fn words(s: &str) -> Vec<String> {
    key(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// How much `s` reads like a job title: 0 (not at all) to 1.
pub(crate) fn title_score(s: &str) -> f32 {
    let k = key(s);
    let ws = words(s);
    if ws.is_empty() || ws.len() > 10 {
        return 0.0;
    }
    let mut score: f32 = 0.0;
    if ws.iter().any(|w| TITLE_WORDS.contains(&w.as_str())) {
        score = 0.8;
    }
    if TITLE_PHRASES
        .iter()
        .any(|p| super::text::contains_words(&k, p))
    {
        score = score.max(0.7);
    }
    if score > 0.0
        && ws
            .iter()
            .any(|w| ["senior", "sr", "junior", "jr", "chief"].contains(&w.as_str()))
    {
        score += 0.1;
    }
    if ws.len() > 6 {
        score *= 0.6;
    }
    score.min(1.0)
}

/// How much `s` reads like an organisation's name: 0 to 1.
pub(crate) fn company_score(s: &str) -> f32 {
    let ws = words(s);
    if ws.is_empty() || ws.len() > 10 {
        return 0.0;
    }
    if ws.iter().any(|w| COMPANY_WORDS.contains(&w.as_str())) {
        return 0.8;
    }
    // "Infosys Ltd." written with dots ("Pvt.Ltd.") still counts.
    let compact = compact_key(s);
    if compact.ends_with("pvtltd") || compact.ends_with("ltd") && compact.len() > 3 {
        return 0.8;
    }
    0.0
}

/// How much `s` reads like a degree or school-leaving certificate: 0 to 1.
pub(crate) fn degree_score(s: &str) -> f32 {
    let raw_words: Vec<&str> = s.split_whitespace().collect();
    if raw_words.is_empty() || raw_words.len() > 16 {
        return 0.0;
    }
    // The first one to three words, joined, may be an abbreviation ("B. Tech", "B.E").
    for n in (1..=raw_words.len().min(3)).rev() {
        let head: String = raw_words[..n].join(" ");
        let head_word = head.split(['(', ',', '/', ':']).next().unwrap_or_default();
        let compact = compact_key(head_word);
        if DEGREE_ABBREVIATIONS.contains(&compact.as_str()) {
            let dotted = head_word.contains('.') || head_word.contains('-');
            let upper = super::text::is_all_caps(head_word);
            if AMBIGUOUS_ABBREVIATIONS.contains(&compact.as_str()) && !(dotted || upper) {
                continue;
            }
            // "MS Office", "BA Tools": an ambiguous abbreviation needs a field after it.
            if AMBIGUOUS_ABBREVIATIONS.contains(&compact.as_str()) && !dotted {
                let next = raw_words.get(n).map(|w| w.to_lowercase());
                let product = next
                    .as_deref()
                    .is_some_and(|w| PRODUCT_WORDS.contains(&compact_key(w).as_str()));
                let ok = matches!(next.as_deref(), None | Some("in" | "of" | "-" | "("))
                    || next.as_deref().is_some_and(|w| w.starts_with('('))
                    || raw_words.len() <= 4 && institution_score(s) == 0.0 && !product;
                if !ok {
                    continue;
                }
            }
            return 0.9;
        }
    }
    let k = key(s);
    if DEGREE_PHRASES
        .iter()
        .any(|p| super::text::contains_words(&k, p))
    {
        return 0.7;
    }
    0.0
}

/// How much `s` reads like a school's or university's name: 0 to 1.
pub(crate) fn institution_score(s: &str) -> f32 {
    let ws = words(s);
    if ws.is_empty() || ws.len() > 14 {
        return 0.0;
    }
    if ws.iter().any(|w| INSTITUTION_WORDS.contains(&w.as_str())) {
        return 0.85;
    }
    0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert!(title_score("Senior Software Engineer") > 0.8);
        assert!(title_score("Team Lead") > 0.5);
        assert!(title_score("Scrum Master") > 0.5);
        assert_eq!(title_score("Accenture"), 0.0);
        assert_eq!(title_score("Bengaluru, Karnataka"), 0.0);
    }

    #[test]
    fn companies() {
        assert!(company_score("Infosys Limited") > 0.5);
        assert!(company_score("Acme Pvt.Ltd.") > 0.5);
        assert!(company_score("Siemens AG") > 0.5);
        assert_eq!(company_score("Microsoft"), 0.0);
    }

    #[test]
    fn degrees() {
        for d in [
            "B.E in Information Science",
            "B. Tech in CSE",
            "Bachelor of Engineering in Automobile Engineering",
            "MCA",
            "M.S. in Computer Engineering",
            "MS in Computer Science",
            "BE Computer Science",
            "12th in Mathematics",
            "Higher Secondary Certificate",
            "Master of Science",
        ] {
            assert!(degree_score(d) > 0.5, "{d}");
        }
        for not in [
            "MS Office",
            "be a part of the team",
            "Accenture",
            "Java Developer",
        ] {
            assert_eq!(degree_score(not), 0.0, "{not}");
        }
    }

    #[test]
    fn institutions() {
        assert!(institution_score("Visvesvaraya Technological University") > 0.5);
        assert!(institution_score("Technische Universität München") > 0.5);
        assert_eq!(institution_score("Accenture"), 0.0);
    }
}
