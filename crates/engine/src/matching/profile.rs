//! What matching reads of a candidate and of a requirement, prepared once per record so
//! that scoring a pair is arithmetic on small vectors.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use chrono::NaiveDate;
use hireloop_domain::entities::{Candidate, CandidateStatus, Requirement};
use hireloop_domain::values::WorkAuthorization;
use hireloop_domain::values::{
    Currency, EmploymentType, GeoPoint, Location, Rate, RemoteMode, Skill,
};
use uuid::Uuid;

/// A skill as matching compares it: a normalised key, its words (for partial credit
/// between related skills), and the name to show. Cheap to clone: keys are shared
/// ([`SkillKey::new`]).
#[derive(Clone, PartialEq)]
pub struct SkillKey(Arc<SkillWords>);

/// What a [`SkillKey`] holds.
#[derive(Debug, PartialEq)]
pub struct SkillWords {
    pub key: String,
    pub words: Vec<String>,
    pub name: String,
}

impl std::ops::Deref for SkillKey {
    type Target = SkillWords;

    fn deref(&self) -> &SkillWords {
        &self.0
    }
}

impl std::fmt::Debug for SkillKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SkillKey")
            .field("key", &self.key)
            .field("words", &self.words)
            .field("name", &self.name)
            .finish()
    }
}

/// Skill names seen by this process, with their keys. Profiles share them: a cache of a
/// million people holds each of their skills as a pointer, not four strings, and a
/// known name costs a lookup instead of stemming.
static KEYS: std::sync::LazyLock<RwLock<HashMap<String, Arc<SkillWords>>>> =
    std::sync::LazyLock::new(RwLock::default);
/// Names kept in [`KEYS`] at most; past it new names get keys of their own.
const SHARED_KEYS: usize = 200_000;

impl SkillKey {
    pub fn new(name: &str) -> Self {
        if let Some(k) = KEYS
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(name)
        {
            return Self(k.clone());
        }
        let built = Arc::new(SkillWords::of(name));
        let mut keys = KEYS.write().unwrap_or_else(PoisonError::into_inner);
        if keys.len() >= SHARED_KEYS {
            return Self(built);
        }
        Self(keys.entry(name.to_string()).or_insert(built).clone())
    }

    /// Every word of `self` is among `other`'s: "AWS" in "AWS Lambda", "Critical
    /// Thinking" in "Critical Thinking Skills".
    pub fn within(&self, other: &SkillKey) -> bool {
        self.key == other.key
            || (!self.words.is_empty() && self.words.iter().all(|w| other.words.contains(w)))
    }
}

impl SkillWords {
    fn of(name: &str) -> Self {
        let key = skill_key(name);
        let kept: Vec<&str> = key
            .split(' ')
            .filter(|w| !w.is_empty() && !FILLER.contains(w))
            .collect();
        let mut words: Vec<String> = Vec::with_capacity(kept.len());
        for w in hireloop_search::analyzer::stem_terms(&kept.join(" ")) {
            if !words.contains(&w) {
                words.push(w);
            }
        }
        Self {
            key,
            words,
            name: name.trim().to_string(),
        }
    }
}

/// Words that say how well or in what way, not which skill ("strong knowledge of SQL",
/// "critical thinking skills").
const FILLER: &[&str] = &[
    "and",
    "or",
    "of",
    "the",
    "in",
    "for",
    "with",
    "to",
    "a",
    "an",
    "as",
    "on",
    "at",
    "by",
    "skills",
    "skill",
    "proficient",
    "proficiency",
    "expert",
    "expertise",
    "strong",
    "knowledge",
    "experience",
    "experienced",
    "ability",
    "abilities",
    "capability",
    "capabilities",
    "effective",
    "excellent",
    "advanced",
    "good",
    "solid",
    "understanding",
    "familiarity",
    "familiar",
    "using",
    "able",
    "efficient",
    "exceptional",
    "proven",
    "demonstrated",
    "notable",
];

/// Lowercase, with runs of spaces, hyphens, underscores and slashes made one space;
/// symbols that name languages (`+`, `#`, `.`) are kept.
pub fn skill_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for ch in name.trim().chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() || matches!(ch, '+' | '#' | '.') {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(ch);
        } else {
            gap = true;
        }
    }
    out.trim_end_matches('.').to_string()
}

/// A rate as matching compares it: per hour in minor units, converted to W2 terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourlyRate {
    /// Minor units per hour.
    pub minor: f64,
    pub currency: Currency,
    pub employment: Option<EmploymentType>,
}

impl HourlyRate {
    pub fn of(rate: &Rate) -> Self {
        Self {
            minor: rate.hourly_equivalent_minor() as f64,
            currency: rate.currency(),
            employment: rate.employment_type(),
        }
    }

    /// This rate in the terms of `employment` (corp-to-corp and 1099 rates carry the
    /// employer's costs a W-2 rate leaves to the employer: about a fifth more).
    pub fn as_employment(&self, employment: Option<EmploymentType>) -> f64 {
        let burdened = |e: Option<EmploymentType>| {
            matches!(e, Some(EmploymentType::C2c) | Some(EmploymentType::Ten99))
        };
        match (burdened(self.employment), burdened(employment)) {
            (false, true) => self.minor * BURDEN,
            (true, false) => self.minor / BURDEN,
            _ => self.minor,
        }
    }
}

/// What a corp-to-corp rate is worth against a W-2 one.
pub const BURDEN: f64 = 1.2;

#[derive(Debug, Clone, PartialEq)]
pub struct CandidateProfile {
    pub id: Uuid,
    pub skills: Vec<SkillKey>,
    pub years: Option<f64>,
    pub point: Option<GeoPoint>,
    pub timezone: Option<String>,
    pub place: Option<String>,
    pub remote: Option<RemoteMode>,
    pub relocate: bool,
    pub rate: Option<HourlyRate>,
    pub available: Option<NaiveDate>,
    pub auth: WorkAuthorization,
    pub status: CandidateStatus,
    /// What the lexical and semantic sides read: titles, skills, summary, history.
    pub text: String,
    /// Where in `text` the person's own document (their resume) starts, when one was
    /// added ([`CandidateProfile::with_document`]).
    pub document_from: Option<usize>,
    /// What the person is called: their headline and job titles, one a line. People
    /// alike are compared on it ([`RequirementProfile::like`]).
    pub titles: String,
    /// The words of `text` as skills are compared (folded, stemmed, without filler),
    /// with each pair of neighbours: what shows a skill the text names.
    pub mentions: Mentions,
}

/// Hashes of a text's words and neighbouring word pairs, in skill-key form; sorted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mentions(Vec<u64>);

fn word_hash(a: &str, b: Option<&str>) -> u64 {
    use std::hash::{Hash, Hasher};
    // A fixed-key hasher: the same text gives the same set on every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    a.hash(&mut h);
    b.hash(&mut h);
    h.finish()
}

/// A text's words in [`SkillKey::words`] form, filler dropped, in order.
pub(crate) fn key_words(text: &str) -> Vec<String> {
    let kept: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '+' | '#' | '.')))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = kept
        .iter()
        .map(|w| w.to_lowercase())
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect();
    hireloop_search::analyzer::stem_terms(&lower.join(" "))
}

impl Mentions {
    pub fn of(text: &str) -> Self {
        let words = key_words(text);
        let mut out: Vec<u64> = Vec::with_capacity(words.len() * 2);
        for (i, w) in words.iter().enumerate() {
            out.push(word_hash(w, None));
            if let Some(next) = words.get(i + 1) {
                out.push(word_hash(w, Some(next)));
            }
        }
        out.sort_unstable();
        out.dedup();
        Self(out)
    }

    fn has(&self, h: u64) -> bool {
        self.0.binary_search(&h).is_ok()
    }

    /// The text names `skill`: its words, each next to the one that follows it.
    pub fn names(&self, skill: &SkillKey) -> bool {
        match skill.words.as_slice() {
            [] => false,
            [one] => self.has(word_hash(one, None)),
            many => many
                .windows(2)
                .all(|p| self.has(word_hash(&p[0], Some(&p[1])))),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequirementProfile {
    pub id: Uuid,
    pub company: Option<Uuid>,
    pub required: Vec<SkillKey>,
    pub preferred: Vec<SkillKey>,
    pub min_years: Option<f64>,
    pub max_years: Option<f64>,
    pub point: Option<GeoPoint>,
    pub timezone: Option<String>,
    pub place: Option<String>,
    pub remote: Option<RemoteMode>,
    pub budget: Option<HourlyRate>,
    pub start: Option<NaiveDate>,
    /// Empty: any.
    pub auth: Vec<WorkAuthorization>,
    pub text: String,
    /// Made from a person, to find people like them ([`RequirementProfile::like`]):
    /// their skills are a portrait, not a list of demands.
    pub like: bool,
}

/// What matching reads of a location: the map point, the time zone and the place's name.
struct Where {
    point: Option<GeoPoint>,
    timezone: Option<String>,
    place: Option<String>,
}

impl Where {
    fn of(l: Option<&Location>) -> Self {
        Self {
            point: l.and_then(|l| l.point()),
            timezone: l.and_then(|l| l.timezone()).map(str::to_string),
            place: l.map(|l| l.display()),
        }
    }
}

fn skill_keys(skills: &[Skill]) -> Vec<SkillKey> {
    let mut out: Vec<SkillKey> = Vec::with_capacity(skills.len());
    for s in skills {
        let k = SkillKey::new(s.name().as_str());
        if !k.key.is_empty() && !out.iter().any(|o| o.key == k.key) {
            out.push(k);
        }
    }
    out
}

fn push(text: &mut String, part: &str) {
    let part = part.trim();
    if part.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(part);
}

/// Years covered by `YYYY[-MM]` ranges, overlaps counted once (`today` ends current
/// jobs).
fn history_years(c: &Candidate, today: NaiveDate) -> Option<f64> {
    let month = |s: &str, end: bool| -> Option<i32> {
        let (y, m) = match s.split_once('-') {
            Some((y, m)) => (y.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
            None => (s.parse::<i32>().ok()?, if end { 12 } else { 1 }),
        };
        Some(y * 12 + m - 1)
    };
    use chrono::Datelike;
    let now = today.year() * 12 + today.month0() as i32;
    let mut spans: Vec<(i32, i32)> = c
        .experience
        .iter()
        .filter_map(|p| {
            let from = month(p.start.as_deref()?, false)?;
            let to = match (&p.end, p.current) {
                (Some(e), _) => month(e, true)?,
                (None, true) => now,
                (None, false) => return None,
            };
            (to >= from).then_some((from, to + 1))
        })
        .collect();
    if spans.is_empty() {
        return None;
    }
    spans.sort_unstable();
    let (mut total, mut cur) = (0, spans[0]);
    for &(a, b) in &spans[1..] {
        if a <= cur.1 {
            cur.1 = cur.1.max(b);
        } else {
            total += cur.1 - cur.0;
            cur = (a, b);
        }
    }
    total += cur.1 - cur.0;
    Some(f64::from(total) / 12.0)
}

impl CandidateProfile {
    pub fn new(id: Uuid, c: &Candidate, today: NaiveDate) -> Self {
        let mut text = String::new();
        let mut titles = String::new();
        push(&mut text, c.headline.as_deref().unwrap_or(""));
        push(&mut titles, c.headline.as_deref().unwrap_or(""));
        for p in &c.experience {
            push(&mut text, p.title.as_deref().unwrap_or(""));
            push(&mut titles, p.title.as_deref().unwrap_or(""));
            push(&mut text, &p.employer);
        }
        let names: Vec<&str> = c.skills.iter().map(|s| s.name().as_str()).collect();
        push(&mut text, &names.join(", "));
        push(&mut text, c.summary.as_deref().unwrap_or(""));
        for q in &c.education {
            push(&mut text, q.degree.as_deref().unwrap_or(""));
        }
        for cert in &c.certifications {
            push(&mut text, cert);
        }
        let at = Where::of(c.location.as_ref());
        Self {
            id,
            skills: skill_keys(&c.skills),
            years: c
                .years_experience
                .map(|y| y.years())
                .or_else(|| history_years(c, today)),
            point: at.point,
            timezone: at.timezone,
            place: at.place,
            remote: c.remote_preference,
            relocate: c.willing_to_relocate,
            rate: c.rate.as_ref().map(HourlyRate::of),
            available: c.available_from.map(|d| d.date()),
            auth: c.work_authorization,
            status: c.status,
            mentions: Mentions::of(&text),
            text,
            document_from: None,
            titles,
        }
    }
}

impl CandidateProfile {
    /// The profile with a document of the person's (their resume's text) added to what
    /// the lexical and semantic sides read.
    pub fn with_document(mut self, text: &str) -> Self {
        if !text.trim().is_empty() {
            let from = self.text.len() + usize::from(!self.text.is_empty());
            push(&mut self.text, text);
            self.document_from = Some(from);
        }
        self.mentions = Mentions::of(&self.text);
        self
    }

    /// What two people alike are compared on word for word: the person's own document
    /// when there is one (the parsed fields before it repeat skills and titles the
    /// other parts already compare), else the profile's text.
    pub fn document(&self) -> &str {
        self.document_from
            .and_then(|i| self.text.get(i..))
            .unwrap_or(&self.text)
    }
}

impl RequirementProfile {
    pub fn new(id: Uuid, r: &Requirement) -> Self {
        let mut text = String::new();
        push(&mut text, &r.title);
        let names: Vec<&str> = r
            .required_skills
            .iter()
            .chain(&r.preferred_skills)
            .map(|s| s.name().as_str())
            .collect();
        push(&mut text, &names.join(", "));
        push(&mut text, r.description.as_deref().unwrap_or(""));
        let required = skill_keys(&r.required_skills);
        let preferred: Vec<SkillKey> = skill_keys(&r.preferred_skills)
            .into_iter()
            .filter(|p| !required.iter().any(|q| q.key == p.key))
            .collect();
        let at = Where::of(r.location.as_ref());
        Self {
            id,
            company: r.company_id.map(|c| c.as_uuid()),
            required,
            preferred,
            min_years: r.min_years.map(|y| y.years()),
            max_years: r.max_years.map(|y| y.years()),
            point: at.point,
            timezone: at.timezone,
            place: at.place,
            remote: r.remote_mode,
            budget: r.rate_budget.as_ref().map(HourlyRate::of),
            start: r.start_date,
            auth: r.work_authorizations.clone(),
            text,
            like: false,
        }
    }
}

impl RequirementProfile {
    /// A profile to find people like `c`: their skills required, their text to compare,
    /// nothing else asked.
    pub fn like(c: &CandidateProfile) -> Self {
        Self {
            id: c.id,
            company: None,
            required: c.skills.clone(),
            preferred: Vec::new(),
            min_years: None,
            max_years: None,
            point: None,
            timezone: None,
            place: None,
            remote: None,
            budget: None,
            start: None,
            auth: Vec::new(),
            text: c.text.clone(),
            like: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skill_keys_keep_language_symbols_and_fold_the_rest() {
        assert_eq!(skill_key("  C++ "), "c++");
        assert_eq!(skill_key("Node.js"), "node.js");
        assert_eq!(skill_key("CI/CD"), "ci cd");
        assert_eq!(skill_key("Project-Management"), "project management");
        assert_eq!(skill_key(".NET"), ".net");
        assert_eq!(
            SkillKey::new("Computer Networks").words,
            ["comput", "network"]
        );
        assert_eq!(SkillKey::new("Networking").words, ["network"]);
        let ct = SkillKey::new("Critical Thinking");
        assert!(ct.within(&SkillKey::new("Proficient Critical Thinking skills")));
        assert!(SkillKey::new("AWS").within(&SkillKey::new("AWS Lambda")));
        assert!(!SkillKey::new("AWS Lambda").within(&SkillKey::new("AWS")));
        assert!(!SkillKey::new("Java").within(&SkillKey::new("JavaScript")));
    }

    #[test]
    fn profiles_share_one_key_per_skill_name() {
        let (a, b) = (
            SkillKey::new(" Apache Kafka "),
            SkillKey::new(" Apache Kafka "),
        );
        assert!(Arc::ptr_eq(&a.0, &b.0), "one copy per name");
        assert_eq!(
            *a,
            SkillWords::of(" Apache Kafka "),
            "the same as built afresh"
        );
        assert_eq!(
            (a.key.as_str(), a.name.as_str()),
            ("apache kafka", "Apache Kafka")
        );
        let other = SkillKey::new("Apache Kafka");
        assert_eq!(a, other, "names that differ only in spaces compare equal");
        // Profiles made from the same record share their skills.
        let c: Candidate = serde_json::from_value(serde_json::json!({
            "first_name": "Ada",
            "last_name": "Lovelace",
            "skills": [{"name": "Rust"}, {"name": "SQL"}]
        }))
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        let (p, q) = (
            CandidateProfile::new(Uuid::nil(), &c, today),
            CandidateProfile::new(Uuid::nil(), &c, today),
        );
        assert_eq!(p.skills.len(), 2);
        for (x, y) in p.skills.iter().zip(&q.skills) {
            assert!(Arc::ptr_eq(&x.0, &y.0), "{}", x.name);
        }
    }
}
