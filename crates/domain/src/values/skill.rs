//! Skills: a skill's name, a candidate's years and level in it, and de-duplication of lists.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ValueError;
use crate::values::{SkillLevel, YearsExperience, collapse_whitespace};

const MAX_SKILL_NAME: usize = 80;

/// A skill's name as written ("Java", "C++", "React Native"): trimmed, whitespace collapsed,
/// 1 to 80 characters. Compare skills with [`SkillName::key`], which ignores case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SkillName(String);

impl SkillName {
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let name = collapse_whitespace(s);
        if name.is_empty() {
            return Err(ValueError::new("the skill name is empty"));
        }
        if name.chars().count() > MAX_SKILL_NAME {
            return Err(ValueError::new(format!(
                "the skill name '{name}' is longer than {MAX_SKILL_NAME} characters"
            )));
        }
        if name.chars().any(char::is_control) {
            return Err(ValueError::new(format!(
                "the skill name {name:?} contains a control character"
            )));
        }
        Ok(Self(name))
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A lowercase comparison key: "Java" and "JAVA" are the same skill.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for SkillName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for SkillName {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for SkillName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

string_value!(
    SkillName,
    "A skill's name as written (1 to 80 characters).",
    "Java"
);

/// A skill with, when known, the years and level someone has in it. Serialized as
/// `{"name": "Java", "years": 6.0, "level": "expert"}`, absent parts omitted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "SkillRepr", into = "SkillRepr")]
pub struct Skill {
    name: SkillName,
    years: Option<YearsExperience>,
    level: Option<SkillLevel>,
}

impl Skill {
    pub fn new(
        name: &str,
        years: Option<f64>,
        level: Option<SkillLevel>,
    ) -> Result<Self, ValueError> {
        let name = SkillName::parse(name)?;
        let years = years
            .map(YearsExperience::new)
            .transpose()
            .map_err(|e| ValueError::new(format!("{name}: {e}")))?;
        Ok(Self { name, years, level })
    }

    pub fn name(&self) -> &SkillName {
        &self.name
    }

    pub fn years(&self) -> Option<YearsExperience> {
        self.years
    }

    pub fn level(&self) -> Option<SkillLevel> {
        self.level
    }
}

/// Keeps the first skill of each name (compared by [`SkillName::key`]), in order; a later
/// duplicate fills in the years or level the first one lacks.
pub fn dedupe_skills(skills: Vec<Skill>) -> Vec<Skill> {
    let mut out: Vec<Skill> = Vec::with_capacity(skills.len());
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(skills.len());
    for skill in skills {
        let key = skill.name.key();
        match seen.get(&key) {
            Some(&i) => {
                let kept = &mut out[i];
                kept.years = kept.years.or(skill.years);
                kept.level = kept.level.or(skill.level);
            }
            None => {
                seen.insert(key, out.len());
                out.push(skill);
            }
        }
    }
    out
}

/// The wire form of [`Skill`].
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(description = "A skill, with the years and level someone has in it when known.")]
struct SkillRepr {
    name: SkillName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    years: Option<YearsExperience>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    level: Option<SkillLevel>,
}

impl TryFrom<SkillRepr> for Skill {
    type Error = ValueError;
    fn try_from(r: SkillRepr) -> Result<Self, Self::Error> {
        Ok(Self {
            name: r.name,
            years: r.years,
            level: r.level,
        })
    }
}

impl From<Skill> for SkillRepr {
    fn from(s: Skill) -> Self {
        Self {
            name: s.name,
            years: s.years,
            level: s.level,
        }
    }
}

schema_via_repr!(Skill, SkillRepr);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn skill_name_rules() {
        let n = SkillName::parse("  React   Native ").unwrap();
        assert_eq!(n.as_str(), "React Native");
        assert_eq!(n.key(), "react native");
        assert_eq!(SkillName::parse("C++").unwrap().to_string(), "C++");
        assert!(SkillName::parse("   ").unwrap_err().0.contains("empty"));
        assert!(SkillName::parse(&"a".repeat(81)).is_err());
        assert!(SkillName::parse(&"a".repeat(80)).is_ok());
        assert!(SkillName::parse("Ja\u{0}va").is_err());
        assert!(serde_json::from_str::<SkillName>("\"\"").is_err());
    }

    #[test]
    fn skill_new_and_serde() {
        let s = Skill::new("Java", Some(6.0), Some(SkillLevel::Expert)).unwrap();
        assert_eq!(s.name().as_str(), "Java");
        assert_eq!(s.years().map(|y| y.tenths()), Some(60));
        assert_eq!(s.level(), Some(SkillLevel::Expert));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"name":"Java","years":6.0,"level":"expert"}"#);
        assert_eq!(serde_json::from_str::<Skill>(&json).unwrap(), s);
        let bare = Skill::new("Go", None, None).unwrap();
        assert_eq!(serde_json::to_string(&bare).unwrap(), r#"{"name":"Go"}"#);
        let err = Skill::new("Java", Some(80.0), None).unwrap_err();
        assert!(err.0.starts_with("Java: 80 years"), "{err}");
        let err = serde_json::from_str::<Skill>(r#"{"name":"Java","years":-2}"#).unwrap_err();
        assert!(err.to_string().contains("give 0 to 70 years"), "{err}");
        assert!(serde_json::from_str::<Skill>(r#"{"name":" "}"#).is_err());
        let lenient: Skill = serde_json::from_str(r#"{"name":"SQL","level":"Senior"}"#).unwrap();
        assert_eq!(lenient.level(), Some(SkillLevel::Advanced));
    }

    #[test]
    fn dedupe_merges_and_keeps_order() {
        let skills = vec![
            Skill::new("Java", None, Some(SkillLevel::Expert)).unwrap(),
            Skill::new("SQL", Some(3.0), None).unwrap(),
            Skill::new("JAVA", Some(6.0), Some(SkillLevel::Beginner)).unwrap(),
            Skill::new("Go", None, None).unwrap(),
            Skill::new("sql", Some(9.0), Some(SkillLevel::Advanced)).unwrap(),
        ];
        let out = dedupe_skills(skills);
        let names: Vec<&str> = out.iter().map(|s| s.name().as_str()).collect();
        assert_eq!(names, ["Java", "SQL", "Go"]);
        assert_eq!(out[0].years().map(|y| y.tenths()), Some(60));
        assert_eq!(out[0].level(), Some(SkillLevel::Expert));
        assert_eq!(out[1].years().map(|y| y.tenths()), Some(30));
        assert_eq!(out[1].level(), Some(SkillLevel::Advanced));
        assert!(dedupe_skills(Vec::new()).is_empty());
    }

    fn skill() -> impl Strategy<Value = Skill> {
        (
            "[A-Za-z]{1,3}",
            proptest::option::of(0u16..=700),
            proptest::option::of(0usize..4),
        )
            .prop_map(|(name, tenths, level)| {
                Skill::new(
                    &name,
                    tenths.map(|t| f64::from(t) / 10.0),
                    level.map(|l| SkillLevel::ALL[l]),
                )
                .unwrap()
            })
    }

    proptest! {
        #[test]
        fn dedupe_invariants(skills in proptest::collection::vec(skill(), 0..20)) {
            let out = dedupe_skills(skills.clone());
            let keys: Vec<String> = out.iter().map(|s| s.name().key()).collect();
            let mut unique = keys.clone();
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), keys.len(), "no duplicate keys");
            let mut first_seen: Vec<String> = Vec::new();
            for s in &skills {
                if !first_seen.contains(&s.name().key()) {
                    first_seen.push(s.name().key());
                }
            }
            prop_assert_eq!(&keys, &first_seen, "first-occurrence order");
            prop_assert_eq!(dedupe_skills(out.clone()), out.clone(), "idempotent");
            for s in &out {
                let json = serde_json::to_string(s).unwrap();
                prop_assert_eq!(&serde_json::from_str::<Skill>(&json).unwrap(), s);
            }
        }

        #[test]
        fn skill_name_is_idempotent(s in "\\PC{0,90}") {
            if let Ok(n) = SkillName::parse(&s) {
                prop_assert_eq!(SkillName::parse(n.as_str()).unwrap(), n.clone());
                prop_assert_eq!(n.key(), n.as_str().to_lowercase());
            }
        }
    }
}
