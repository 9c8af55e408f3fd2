//! The six factors of a match, each a value in [0, 1] with the reasons a recruiter can
//! check. A factor whose data is missing on either side is neutral (0.5) and says so, so
//! missing data neither sinks nor lifts a candidate.

use chrono::NaiveDate;
use hireloop_domain::values::RemoteMode;
use serde::Serialize;

use super::profile::{CandidateProfile, RequirementProfile, SkillKey};

/// What a factor is worth when its data is missing.
pub const NEUTRAL: f64 = 0.5;
/// Credit for a related skill (shares a word with the required one) instead of it.
pub const RELATED_CREDIT: f64 = 0.5;
/// Credit for a skill the candidate's text names but their skills do not list: a
/// mention is weaker evidence than a listed skill.
pub const MENTION_CREDIT: f64 = 0.75;
/// A preferred skill weighs this much against a required one.
pub const PREFERRED_WEIGHT: f64 = 0.5;
/// The skills factor: shares of coverage, meaning and words.
pub const SKILLS_BLEND: (f64, f64, f64) = (0.15, 0.1, 0.75);
/// The same shares when comparing two people ([`RequirementProfile::like`]), where the
/// words are those of their documents.
pub const LIKE_BLEND: (f64, f64, f64) = (0.1, 0.1, 0.8);
/// Comparing two people, the share their titles take when the subject has any: what
/// a person is called says most about which people are like them.
pub const LIKE_ROLE_SHARE: f64 = 0.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FactorName {
    Skills,
    Location,
    Rate,
    Seniority,
    History,
    Availability,
}

impl FactorName {
    pub const ALL: [FactorName; 6] = [
        FactorName::Skills,
        FactorName::Location,
        FactorName::Rate,
        FactorName::Seniority,
        FactorName::History,
        FactorName::Availability,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FactorName::Skills => "skills",
            FactorName::Location => "location",
            FactorName::Rate => "rate",
            FactorName::Seniority => "seniority",
            FactorName::History => "history",
            FactorName::Availability => "availability",
        }
    }
}

/// One factor's value and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Factor {
    pub value: f64,
    pub reasons: Vec<String>,
    /// False when the value is the neutral one for missing data.
    pub known: bool,
}

impl Factor {
    fn neutral(reason: impl Into<String>) -> Self {
        Self {
            value: NEUTRAL,
            reasons: vec![reason.into()],
            known: false,
        }
    }

    fn known(value: f64, reasons: Vec<String>) -> Self {
        Self {
            value: value.clamp(0.0, 1.0),
            reasons,
            known: true,
        }
    }
}

/// One reason, made only when the pair is explained: a rerank values every member of
/// its pool and explains the few it lists, and formatting reasons costs more than the
/// arithmetic.
fn why(explain: bool, reason: impl FnOnce() -> String) -> Vec<String> {
    if explain { vec![reason()] } else { Vec::new() }
}

/// How alike the two profiles' texts are, computed by the caller: `semantic` is a cosine
/// of embeddings, `lexical` a TF-IDF cosine. Comparing two people
/// ([`RequirementProfile::like`]), `lexical` compares their documents
/// ([`CandidateProfile::document`]) and `role` is the TF-IDF cosine of their titles,
/// `None` when the subject has none (0 when only the other has none).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Similarity {
    pub semantic: Option<f64>,
    pub lexical: Option<f64>,
    pub role: Option<f64>,
}

/// Embedding cosines of related texts sit well above zero: this maps the useful range
/// onto [0, 1].
pub fn semantic_unit(cosine: f64) -> f64 {
    ((cosine - 0.2) / 0.7).clamp(0.0, 1.0)
}

/// Outcomes recorded for a candidate (placements, rejections, no-shows, withdrawals),
/// and recommendations a recruiter rejected in the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Outcomes {
    pub placed: u32,
    pub rejected: u32,
    pub no_show: u32,
    pub withdrawn: u32,
    pub screened_out: u32,
}

impl Outcomes {
    pub fn is_empty(&self) -> bool {
        self.placed + self.rejected + self.no_show + self.withdrawn + self.screened_out == 0
    }

    /// Placements, and outcomes weighed as trials: a no-show counts as two rejections,
    /// a withdrawal or a recruiter's screening-out as half of one.
    fn trials(&self) -> (f64, f64) {
        let placed = f64::from(self.placed);
        let n = placed
            + f64::from(self.rejected)
            + 2.0 * f64::from(self.no_show)
            + 0.5 * f64::from(self.withdrawn)
            + 0.5 * f64::from(self.screened_out);
        (placed, n)
    }

    fn describe(&self, whom: &str) -> String {
        let mut parts = Vec::new();
        let mut say = |n: u32, one: &str, many: &str| {
            if n == 1 {
                parts.push(one.to_string());
            } else if n > 1 {
                parts.push(format!("{n} {many}"));
            }
        };
        say(self.placed, "1 placement", "placements");
        say(self.rejected, "1 rejection", "rejections");
        say(self.no_show, "1 no-show", "no-shows");
        say(self.withdrawn, "1 withdrawal", "withdrawals");
        say(self.screened_out, "1 screened out", "screened out");
        format!("{} {whom}", parts.join(", "))
    }
}

/// A candidate's record, with the requirement's client and overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct History {
    pub client: Outcomes,
    pub overall: Outcomes,
}

/// Names at most `most` of a list: "A, B and C", or "A, B, C and 2 more".
fn some_of(names: &[&str], most: usize) -> String {
    let shown = &names[..names.len().min(most)];
    let rest = names.len() - shown.len();
    match (shown, rest) {
        ([], _) => String::new(),
        ([a], 0) => (*a).to_string(),
        (all, 0) => format!(
            "{} and {}",
            all[..all.len() - 1].join(", "),
            all[all.len() - 1]
        ),
        (all, n) => format!("{} and {n} more", all.join(", ")),
    }
}

/// How a candidate shows a wanted skill.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Held<'a> {
    /// Listed: the skill itself, or a more specific one ("AWS Lambda" for "AWS").
    Listed,
    /// Named in their text, not listed.
    Mentioned,
    /// A listed skill sharing at least half its words.
    Related(&'a SkillKey),
    Missing,
}

impl Held<'_> {
    fn credit(self) -> f64 {
        match self {
            Held::Listed => 1.0,
            Held::Mentioned => MENTION_CREDIT,
            Held::Related(_) => RELATED_CREDIT,
            Held::Missing => 0.0,
        }
    }
}

/// How `c` shows `want`, the strongest evidence first.
fn held<'a>(want: &SkillKey, c: &'a CandidateProfile) -> Held<'a> {
    let have = &c.skills;
    if have.iter().any(|h| want.within(h)) {
        return Held::Listed;
    }
    if c.mentions.names(want) {
        return Held::Mentioned;
    }
    let related = have.iter().find(|h| {
        let shared = want.words.iter().filter(|w| h.words.contains(w)).count();
        shared > 0 && 2 * shared >= want.words.len()
    });
    match related {
        Some(h) => Held::Related(h),
        None => Held::Missing,
    }
}

/// For a profile made from a person ([`RequirementProfile::like`]), how many of the
/// candidate's listed skills the person has too, and of how many: two portraits are
/// alike when each holds the other's skills, not when one merely holds all of the
/// other's (a long list would then match everyone).
fn shared_back(c: &CandidateProfile, r: &RequirementProfile) -> Option<(usize, usize)> {
    if !r.like || c.skills.is_empty() {
        return None;
    }
    let back = c
        .skills
        .iter()
        .filter(|h| r.required.iter().any(|q| h.within(q) || q.within(h)))
        .count();
    Some((back, c.skills.len()))
}

/// With `explain` false the value is the same and the reasons are left unmade.
pub fn skills(
    c: &CandidateProfile,
    r: &RequirementProfile,
    sim: Similarity,
    explain: bool,
) -> Factor {
    let (w_cov, w_sem, w_lex) = if r.like { LIKE_BLEND } else { SKILLS_BLEND };
    let sem = sim.semantic.map(semantic_unit);
    let lex = sim.lexical.map(|l| l.clamp(0.0, 1.0));
    let mut reasons = Vec::new();
    let listed = !(r.required.is_empty() && r.preferred.is_empty());
    let coverage = listed.then(|| {
        let (mut got, mut total) = (0.0, 0.0);
        let mut full = 0;
        let mut missing = Vec::new();
        let mut related = Vec::new();
        let mut mentioned = Vec::new();
        for s in &r.required {
            let h = held(s, c);
            got += h.credit();
            total += 1.0;
            match h {
                Held::Listed => full += 1,
                Held::Mentioned => {
                    full += 1;
                    mentioned.push(s.name.as_str());
                }
                Held::Related(k) => {
                    missing.push(s.name.as_str());
                    if explain {
                        related.push(format!("{} for {}", k.name, s.name));
                    }
                }
                Held::Missing => missing.push(s.name.as_str()),
            }
        }
        let mut pref_full = 0;
        let mut pref_missing = Vec::new();
        for s in &r.preferred {
            let h = held(s, c);
            got += PREFERRED_WEIGHT * h.credit();
            total += PREFERRED_WEIGHT;
            match h {
                Held::Listed => pref_full += 1,
                Held::Mentioned => {
                    pref_full += 1;
                    mentioned.push(s.name.as_str());
                }
                Held::Related(k) => {
                    pref_missing.push(s.name.as_str());
                    if explain {
                        related.push(format!("{} for {}", k.name, s.name));
                    }
                }
                Held::Missing => pref_missing.push(s.name.as_str()),
            }
        }
        if explain && !r.required.is_empty() {
            let mut s = if r.like {
                format!("{full} of their {} skills", r.required.len())
            } else {
                format!("{full} of {} required skills", r.required.len())
            };
            if !missing.is_empty() {
                // What is missing is what a recruiter checks first: name up to six.
                s.push_str(&format!("; missing {}", some_of(&missing, 6)));
            }
            reasons.push(s);
        }
        if explain && !r.preferred.is_empty() {
            let mut s = format!("{pref_full} of {} preferred skills", r.preferred.len());
            if !pref_missing.is_empty() {
                s.push_str(&format!("; missing {}", some_of(&pref_missing, 4)));
            }
            reasons.push(s);
        }
        if explain && !mentioned.is_empty() {
            reasons.push(format!(
                "named in the profile but not listed as skills: {}",
                some_of(&mentioned, 4)
            ));
        }
        if !related.is_empty() {
            let related: Vec<&str> = related.iter().map(String::as_str).collect();
            reasons.push(format!("related: {}", some_of(&related, 3)));
        }
        let ahead = got / total;
        match shared_back(c, r) {
            Some((back, of)) => {
                if explain {
                    reasons.push(format!("{back} of this profile's {of} skills among theirs"));
                }
                (ahead + back as f64 / of as f64) / 2.0
            }
            None => ahead,
        }
    });
    let role = sim.role.filter(|_| r.like).map(|t| t.clamp(0.0, 1.0));
    if explain {
        if let Some(s) = sim.semantic {
            reasons.push(format!("profiles alike in meaning: {s:.2}"));
        }
        if let Some(l) = sim.lexical {
            reasons.push(format!("profiles alike in wording: {l:.2}"));
        }
        if let Some(t) = role {
            reasons.push(format!("titles alike: {t:.2}"));
        }
    }
    // The blend over the parts that are known, their weights rescaled to sum to one.
    let parts = [(w_cov, coverage), (w_sem, sem), (w_lex, lex)];
    let weight: f64 = parts.iter().filter(|p| p.1.is_some()).map(|p| p.0).sum();
    let blend = (weight > 0.0).then(|| {
        parts
            .iter()
            .filter_map(|(w, v)| v.map(|v| w * v))
            .sum::<f64>()
            / weight
    });
    let value = match (blend, role) {
        (Some(b), Some(t)) => (1.0 - LIKE_ROLE_SHARE) * b + LIKE_ROLE_SHARE * t,
        (Some(v), None) | (None, Some(v)) => v,
        (None, None) => {
            return Factor::neutral("no skills listed and no profile text to compare");
        }
    };
    if explain && !listed {
        let whose = if r.like {
            "this profile"
        } else {
            "the requirement"
        };
        reasons.insert(0, format!("{whose} lists no skills"));
    }
    Factor::known(value, reasons)
}

/// Hours two working days (9 to 17) share, from their offsets in hours.
fn overlap_hours(a: f64, b: f64) -> f64 {
    (8.0 - (a - b).abs()).clamp(0.0, 8.0)
}

/// Hours east of UTC, from the longitude (the sun's time; zones follow it to within an
/// hour or so).
fn solar_offset(lon: f64) -> f64 {
    (lon / 15.0).round()
}

pub fn location(c: &CandidateProfile, r: &RequirementProfile, explain: bool) -> Factor {
    if r.like {
        return Factor::neutral("comparing people: where they are is not compared");
    }
    if r.remote == Some(RemoteMode::Remote) {
        if c.timezone.is_some() && c.timezone == r.timezone {
            return Factor::known(
                1.0,
                why(explain, || {
                    format!(
                        "remote; same time zone ({})",
                        c.timezone.as_deref().unwrap_or("")
                    )
                }),
            );
        }
        let (Some(cp), Some(rp)) = (c.point, r.point) else {
            return Factor::neutral("remote role; time zones unknown");
        };
        let apart = (solar_offset(cp.lon()) - solar_offset(rp.lon())).abs();
        let hours = overlap_hours(solar_offset(cp.lon()), solar_offset(rp.lon()));
        return Factor::known(
            hours / 8.0,
            why(explain, || {
                format!("remote; about {hours:.0} h of working-day overlap ({apart:.0} h apart)")
            }),
        );
    }
    let Some(rp) = r.point else {
        return Factor::neutral("the requirement names no location");
    };
    let Some(cp) = c.point else {
        return Factor::neutral("the candidate's location is unknown");
    };
    let km = cp.haversine_km(&rp);
    // Full marks within a commute; nothing beyond a long one (hybrid roles come in less
    // often, so a longer commute still works).
    let (near, far) = match r.remote {
        Some(RemoteMode::Hybrid) => (50.0, 250.0),
        _ => (30.0, 150.0),
    };
    let mut value = if km <= near {
        1.0
    } else {
        (1.0 - (km - near) / (far - near)).max(0.0)
    };
    let mut reasons = why(explain, || {
        let place = c.place.as_deref().unwrap_or("the candidate");
        format!("{place} — {km:.0} km")
    });
    if value < 0.6 && c.relocate {
        value = 0.6;
        reasons.extend(why(explain, || "willing to relocate".into()));
    }
    if c.remote == Some(RemoteMode::Remote) {
        value *= 0.7;
        reasons.extend(why(explain, || {
            format!(
                "prefers remote work; the role is {}",
                if r.remote == Some(RemoteMode::Hybrid) {
                    "hybrid"
                } else {
                    "onsite"
                }
            )
        }));
    }
    Factor::known(value, reasons)
}

/// Over budget by this share, the rate factor reaches zero.
pub const RATE_TOLERANCE: f64 = 0.3;

pub fn rate(c: &CandidateProfile, r: &RequirementProfile, explain: bool) -> Factor {
    if r.like {
        return Factor::neutral("comparing people: rates are not compared");
    }
    let (Some(cr), Some(b)) = (c.rate, r.budget) else {
        return Factor::neutral(if c.rate.is_none() {
            "no rate on file"
        } else {
            "the requirement has no budget"
        });
    };
    if cr.currency != b.currency {
        return Factor::neutral(format!(
            "rate in {}, budget in {}",
            cr.currency.code(),
            b.currency.code()
        ));
    }
    if b.minor <= 0.0 {
        return Factor::neutral("the requirement has no budget");
    }
    let ask = cr.as_employment(b.employment);
    let gap = (ask - b.minor) / b.minor;
    let converted =
        cr.employment != b.employment && cr.employment.is_some() && b.employment.is_some();
    let note = if explain && converted {
        format!(
            " ({} rate in {} terms)",
            cr.employment.map_or("", |e| e.as_str()),
            b.employment.map_or("", |e| e.as_str())
        )
    } else {
        String::new()
    };
    if gap <= 0.0 {
        Factor::known(
            1.0,
            why(explain, || {
                format!("within budget by {:.0}%{note}", -gap * 100.0)
            }),
        )
    } else {
        Factor::known(
            1.0 - gap / RATE_TOLERANCE,
            why(explain, || format!("{:.0}% over budget{note}", gap * 100.0)),
        )
    }
}

pub fn seniority(c: &CandidateProfile, r: &RequirementProfile, explain: bool) -> Factor {
    if r.like {
        return Factor::neutral("comparing people: years are not compared");
    }
    if r.min_years.is_none() && r.max_years.is_none() {
        return Factor::neutral("the requirement names no years of experience");
    }
    let Some(y) = c.years else {
        return Factor::neutral("years of experience unknown");
    };
    let band = || match (r.min_years, r.max_years) {
        (Some(lo), Some(hi)) => format!("{lo:.0}–{hi:.0} years"),
        (Some(lo), None) => format!("at least {lo:.0} years"),
        (None, Some(hi)) => format!("at most {hi:.0} years"),
        (None, None) => unreachable!("checked above"),
    };
    if let Some(lo) = r.min_years
        && y < lo
    {
        return Factor::known(
            y / lo,
            why(explain, || {
                format!("{y:.1} years against {}: under", band())
            }),
        );
    }
    // Far over the band: likely to cost more and stay less. An explicit top is the
    // client's word, so the value falls faster past it than past ten years over an
    // open-ended minimum ("at least 3 years"), which only says what is enough.
    let (ceiling, slope) = match (r.min_years, r.max_years) {
        (_, Some(hi)) => (hi, OVER_BAND_YEARS),
        (lo, None) => (lo.unwrap_or(0.0) + OPEN_BAND_SPAN, OVER_OPEN_YEARS),
    };
    if y > ceiling {
        // Said against the band's edge, as a recruiter reads it.
        let edge = r.max_years.or(r.min_years).unwrap_or(0.0);
        return Factor::known(
            (1.0 - (y - ceiling) / slope).max(SENIORITY_FLOOR),
            why(explain, || {
                format!("{y:.1} years against {}: over by {:.0}", band(), y - edge)
            }),
        );
    }
    Factor::known(
        1.0,
        why(explain, || format!("{y:.1} years, within {}", band())),
    )
}

/// Seniority far over the band: the factor loses 1/[`OVER_BAND_YEARS`] a year past an
/// explicit top ("3–5 years"), and 1/[`OVER_OPEN_YEARS`] a year from [`OPEN_BAND_SPAN`]
/// years above an open-ended minimum, down to [`SENIORITY_FLOOR`]: overqualified is
/// still qualified.
pub const OVER_BAND_YEARS: f64 = 20.0;
pub const OVER_OPEN_YEARS: f64 = 40.0;
pub const OPEN_BAND_SPAN: f64 = 10.0;
pub const SENIORITY_FLOOR: f64 = 0.3;

/// Trials of prior weight the client's record starts from (the overall rate).
const CLIENT_PRIOR: f64 = 2.0;

/// The candidate's success rate overall (Laplace-smoothed, 0.5 with nothing on file),
/// and with this client shrunk toward it: a placement always raises the value and a
/// rejection or no-show always lowers it.
pub fn history(h: &History, explain: bool) -> Factor {
    if h.client.is_empty() && h.overall.is_empty() {
        return Factor::neutral("no recorded outcomes yet");
    }
    let (s_o, n_o) = h.overall.trials();
    let overall = (s_o + 1.0) / (n_o + 2.0);
    let (s_c, n_c) = h.client.trials();
    let value = (s_c + CLIENT_PRIOR * overall) / (n_c + CLIENT_PRIOR);
    let mut reasons = Vec::new();
    if explain && !h.client.is_empty() {
        reasons.push(h.client.describe("with this client"));
    }
    if explain && !h.overall.is_empty() {
        reasons.push(h.overall.describe("overall"));
    }
    Factor::known(value, reasons)
}

/// Days late after which availability counts for nothing.
pub const LATE_DAYS: f64 = 60.0;

pub fn availability(
    c: &CandidateProfile,
    r: &RequirementProfile,
    today: NaiveDate,
    explain: bool,
) -> Factor {
    if r.like {
        return Factor::neutral("comparing people: no start date asked");
    }
    let Some(free) = c.available else {
        return Factor::neutral("availability unknown");
    };
    let (start, what) = match r.start {
        Some(s) => (s, "start"),
        None => (today + chrono::Days::new(14), "two weeks from today"),
    };
    let days = (free - start).num_days();
    if days <= 0 {
        let reason = why(explain, || {
            if days == 0 {
                format!("available on the {what} date")
            } else {
                format!("available {} days before {what}", -days)
            }
        });
        Factor::known(1.0, reason)
    } else {
        Factor::known(
            1.0 - days as f64 / LATE_DAYS,
            why(explain, || format!("available {days} days after {what}")),
        )
    }
}
