//! Duplicate-person detection, pure: normalisation keys, blocking keys the engine can index
//! to find comparison candidates without scanning everything, and a pairwise comparison that
//! says why two profiles look like one person.

mod keys;

use std::collections::BTreeSet;

use hireloop_domain::entities::{Candidate, Contact};

pub use keys::{email_key, linkedin_key, name_key, phone_key};

/// A shared e-mail, phone or LinkedIn profile makes a duplicate at least this sure.
pub const DUPLICATE_SCORE: f32 = 0.95;
/// Skill overlap (Jaccard) that counts as a near-identical profile.
const SKILL_JACCARD: f32 = 0.6;
/// Pieces of supporting evidence (same city, same headline, most skills shared) a
/// shared name needs. One is not enough: "Priya Sharma, Bangalore" or "John Smith,
/// Java" fits many people.
const MIN_SUPPORT: usize = 2;

/// What is compared of a person, as a candidate or contact gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonProfile {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The country (code or name) to read a phone number without a country code in.
    pub country: Option<String>,
    pub city: Option<String>,
    pub headline: Option<String>,
    pub skills: Vec<String>,
    pub linkedin: Option<String>,
}

impl PersonProfile {
    /// The fields every person record has: name, e-mail, phone and place.
    fn person(
        name: String,
        email: Option<&hireloop_domain::values::Email>,
        phone: Option<&hireloop_domain::values::Phone>,
        location: Option<&hireloop_domain::values::Location>,
    ) -> Self {
        Self {
            name,
            email: email.map(|e| e.as_str().to_string()),
            phone: phone.map(ToString::to_string),
            country: location.and_then(|l| l.country()).map(|c| c.to_string()),
            city: location.and_then(|l| l.city()).map(str::to_string),
            headline: None,
            skills: Vec::new(),
            linkedin: None,
        }
    }
}

impl From<&Candidate> for PersonProfile {
    fn from(c: &Candidate) -> Self {
        Self {
            headline: c.headline.clone(),
            skills: c.skills.iter().map(|s| s.name().to_string()).collect(),
            linkedin: c.linkedin_url.clone(),
            ..Self::person(
                c.name(),
                c.email.as_ref(),
                c.phone.as_ref(),
                c.location.as_ref(),
            )
        }
    }
}

impl From<&Contact> for PersonProfile {
    fn from(c: &Contact) -> Self {
        Self {
            headline: c.title.clone(),
            ..Self::person(
                c.name(),
                c.email.as_ref(),
                c.phone.as_ref(),
                c.location.as_ref(),
            )
        }
    }
}

/// Why two profiles look like one person, and how sure that is.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateSuggestion {
    /// In [0, 1]; at least [`DUPLICATE_SCORE`] for a shared e-mail, phone or LinkedIn.
    pub score: f32,
    /// Each piece of evidence: "same e-mail", "same name", "4 of 5 skills shared".
    pub reasons: Vec<String>,
}

impl DuplicateSuggestion {
    /// The reasons in one line: "same name; 4 of 5 skills shared; same city".
    pub fn summary(&self) -> String {
        self.reasons.join("; ")
    }
}

/// A profile's keys, computed once.
struct Keys {
    email: Option<String>,
    phone: Option<String>,
    linkedin: Option<String>,
    name: Option<String>,
    city: Option<String>,
    headline: Option<String>,
    skills: BTreeSet<String>,
}

impl Keys {
    fn of(p: &PersonProfile) -> Self {
        Self {
            email: p.email.as_deref().and_then(email_key),
            phone: p
                .phone
                .as_deref()
                .and_then(|ph| phone_key(ph, p.country.as_deref())),
            linkedin: p.linkedin.as_deref().and_then(linkedin_key),
            name: name_key(&p.name),
            city: p.city.as_deref().and_then(keys::text_key),
            headline: p.headline.as_deref().and_then(keys::text_key),
            skills: p.skills.iter().filter_map(|s| keys::text_key(s)).collect(),
        }
    }
}

/// A profile reduced to hashes of its keys: all [`compare`] reads, in about a hundred
/// bytes, so a bulk import can hold a million people in memory and compare each new
/// person without reading anyone back from the database. Hashes use a fixed key (the
/// same in every run); a collision of two 64-bit key hashes is negligible, and a
/// collision of two 32-bit city, headline or skill hashes can only add support to a pair
/// that already shares a 64-bit name hash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// 0 when the profile has no such key.
    email: u64,
    phone: u64,
    linkedin: u64,
    name: u64,
    /// Whether the name key has more than one word (a one-word name is too common to
    /// count).
    full_name: bool,
    city: u32,
    headline: u32,
    /// Sorted and without repeats.
    skills: Box<[u32]>,
}

/// The fixed-key 64-bit hash fingerprints are made of (never 0), for other keys held
/// beside them (an external id).
pub fn key_hash(s: &str) -> u64 {
    hash64(s)
}

fn hash64(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with the zero key: the same value in every run, unlike `RandomState`.
    let mut h = std::hash::DefaultHasher::new();
    s.hash(&mut h);
    // 0 means "none".
    h.finish().max(1)
}

fn hash32(s: &str) -> u32 {
    let h = hash64(s);
    ((h >> 32) as u32 ^ h as u32).max(1)
}

impl Fingerprint {
    pub fn of(p: &PersonProfile) -> Self {
        let k = Keys::of(p);
        let h64 = |v: &Option<String>| v.as_deref().map_or(0, hash64);
        let h32 = |v: &Option<String>| v.as_deref().map_or(0, hash32);
        let mut skills: Vec<u32> = k.skills.iter().map(|s| hash32(s)).collect();
        skills.sort_unstable();
        skills.dedup();
        Self {
            email: h64(&k.email),
            phone: h64(&k.phone),
            linkedin: h64(&k.linkedin),
            name: h64(&k.name),
            full_name: k.name.as_ref().is_some_and(|n| n.contains(' ')),
            city: h32(&k.city),
            headline: h32(&k.headline),
            skills: skills.into_boxed_slice(),
        }
    }

    /// The blocking key of the e-mail, if any: people with the same one share it.
    pub fn email_block(&self) -> Option<u64> {
        (self.email != 0).then_some(self.email)
    }

    /// The blocking key of the phone number, if any.
    pub fn phone_block(&self) -> Option<u64> {
        (self.phone != 0).then_some(self.phone)
    }

    /// The blocking key of a full name in a city, or with no city (a one-word name has
    /// none). Like the database lookups it stands in for, it finds name matches supported
    /// by the city; two people of one name in different cities with the same headline and
    /// skills are not looked for.
    pub fn name_block(&self) -> Option<u64> {
        self.full_name.then(|| {
            self.name.rotate_left(17) ^ u64::from(self.city).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        })
    }
}

/// Sorted, repeat-free lists: (shared, union).
fn overlap(a: &[u32], b: &[u32]) -> (usize, usize) {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (shared, a.len() + b.len() - shared)
}

/// Blocking keys to index: `email:…`, `phone:…`, `linkedin:…` and `name:…`. Two profiles
/// that [`compare`] could call duplicates share at least one. A one-word name gives no name
/// key: alone it would put every "Maria" in one bucket, and a one-word name needs an
/// e-mail, phone or LinkedIn match anyway to be told apart.
pub fn keys(profile: &PersonProfile) -> Vec<String> {
    let k = Keys::of(profile);
    let mut out = Vec::new();
    if let Some(e) = k.email {
        out.push(format!("email:{e}"));
    }
    if let Some(p) = k.phone {
        out.push(format!("phone:{p}"));
    }
    if let Some(l) = k.linkedin {
        out.push(format!("linkedin:{l}"));
    }
    if let Some(n) = k.name.filter(|n| n.contains(' ')) {
        out.push(format!("name:{n}"));
    }
    out
}

/// Whether `a` and `b` look like one person. A shared e-mail, phone or LinkedIn profile is a
/// duplicate. The same name alone is not (names are common); it is a suggestion only with a
/// near-identical profile: two of same city, same headline and most skills shared, and no
/// conflicting LinkedIn profile. Symmetric.
pub fn compare(a: &PersonProfile, b: &PersonProfile) -> Option<DuplicateSuggestion> {
    compare_fingerprints(&Fingerprint::of(a), &Fingerprint::of(b))
}

/// [`compare`] on fingerprints.
pub fn compare_fingerprints(ka: &Fingerprint, kb: &Fingerprint) -> Option<DuplicateSuggestion> {
    let same64 = |x: u64, y: u64| x != 0 && x == y;
    let same32 = |x: u32, y: u32| x != 0 && x == y;
    let mut strong = Vec::new();
    if same64(ka.email, kb.email) {
        strong.push("same e-mail".to_string());
    }
    if same64(ka.phone, kb.phone) {
        strong.push("same phone".to_string());
    }
    if same64(ka.linkedin, kb.linkedin) {
        strong.push("same LinkedIn profile".to_string());
    }
    // A one-word name is too common to count (and gives no blocking key).
    let same_name = same64(ka.name, kb.name) && ka.full_name;
    let mut support = Vec::new();
    if same32(ka.city, kb.city) {
        support.push("same city".to_string());
    }
    if same32(ka.headline, kb.headline) {
        support.push("same headline".to_string());
    }
    if !ka.skills.is_empty() && !kb.skills.is_empty() {
        let (shared, union) = overlap(&ka.skills, &kb.skills);
        // Small integers: exact in f32.
        if shared as f32 / union as f32 >= SKILL_JACCARD {
            support.push(format!("{shared} of {union} skills shared"));
        }
    }
    let mut reasons = strong.clone();
    if same_name {
        reasons.push("same name".to_string());
    }
    if !strong.is_empty() {
        reasons.extend(support);
        let extra = 0.02 * (strong.len() - 1) as f32 + if same_name { 0.01 } else { 0.0 };
        return Some(DuplicateSuggestion {
            score: (DUPLICATE_SCORE + extra).min(1.0),
            reasons,
        });
    }
    // Two different LinkedIn profiles are two people, however alike the rest.
    let linkedin_conflict = ka.linkedin != 0 && kb.linkedin != 0;
    if !same_name || support.len() < MIN_SUPPORT || linkedin_conflict {
        return None;
    }
    let score = 0.6 + 0.1 * support.len() as f32;
    reasons.extend(support);
    Some(DuplicateSuggestion {
        score: score.min(0.9),
        reasons,
    })
}

#[cfg(test)]
mod tests;
