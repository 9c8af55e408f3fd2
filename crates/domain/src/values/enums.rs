//! Closed vocabularies: remote mode, US work authorization and skill level, with the spellings
//! recruiters and candidates actually use.

use crate::error::ValueError;
use crate::values::alnum_key;

/// Where the work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RemoteMode {
    Onsite,
    Hybrid,
    Remote,
}

impl RemoteMode {
    pub const ALL: &[Self] = &[Self::Onsite, Self::Hybrid, Self::Remote];

    /// Accepts "onsite", "on-site", "on site", "office", "in office", "hybrid", "remote",
    /// "fully remote", "wfh", "telecommute", ignoring case and punctuation.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let mode = match alnum_key(s).as_str() {
            "onsite" | "office" | "inoffice" | "inperson" | "onprem" | "onpremises" => Self::Onsite,
            "hybrid" | "partlyremote" | "partiallyremote" | "flexible" => Self::Hybrid,
            "remote" | "fullyremote" | "100remote" | "fullremote" | "wfh" | "workfromhome"
            | "telecommute" | "telecommuting" | "telework" | "anywhere" => Self::Remote,
            _ => {
                return Err(ValueError::new(format!(
                    "'{}' is not a remote mode: use onsite, hybrid or remote",
                    s.trim()
                )));
            }
        };
        Ok(mode)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Onsite => "onsite",
            Self::Hybrid => "hybrid",
            Self::Remote => "remote",
        }
    }
}

string_enum!(RemoteMode, "Where the work is done.");

/// A candidate's right to work in the US.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WorkAuthorization {
    UsCitizen,
    GreenCard,
    H1b,
    OptCpt,
    Ead,
    Tn,
    Other,
    Unknown,
}

impl WorkAuthorization {
    pub const ALL: &[Self] = &[
        Self::UsCitizen,
        Self::GreenCard,
        Self::H1b,
        Self::OptCpt,
        Self::Ead,
        Self::Tn,
        Self::Other,
        Self::Unknown,
    ];

    /// Accepts the canonical names and common spellings ("USC", "US Citizen", "GC",
    /// "permanent resident", "H-1B", "H1", "OPT", "STEM OPT", "CPT", "GC EAD", "H4 EAD",
    /// "TN Visa"), ignoring case and punctuation. Anything else is refused; see
    /// [`WorkAuthorization::parse_lenient`].
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let key = alnum_key(s);
        if key.is_empty() {
            return Err(ValueError::new("the work authorization is empty"));
        }
        Self::lookup(&key).ok_or_else(|| {
            ValueError::new(format!(
                "'{}' is not a work authorization we know: use US citizen, green card, H-1B, \
                 OPT/CPT, EAD, TN, other or unknown",
                s.trim()
            ))
        })
    }

    /// Like [`WorkAuthorization::parse`], but blank input is `Unknown` and unrecognised input
    /// is `Other`.
    pub fn parse_lenient(s: &str) -> Self {
        let key = alnum_key(s);
        if key.is_empty() {
            return Self::Unknown;
        }
        Self::lookup(&key).unwrap_or(Self::Other)
    }

    fn lookup(key: &str) -> Option<Self> {
        let auth = match key {
            "uscitizen" | "usc" | "citizen" | "uscitizenship" | "citizenship" | "usacitizen"
            | "americancitizen" | "citizenus" => Self::UsCitizen,
            "greencard"
            | "gc"
            | "greencardholder"
            | "gcholder"
            | "permanentresident"
            | "lawfulpermanentresident"
            | "lpr"
            | "uspermanentresident" => Self::GreenCard,
            "h1b" | "h1" | "h1bvisa" | "h1btransfer" | "h1visa" => Self::H1b,
            "optcpt" | "opt" | "cpt" | "optead" | "stemopt" | "stemoptead" | "f1" | "f1opt"
            | "f1cpt" | "cptopt" => Self::OptCpt,
            "ead" | "gcead" | "h4ead" | "l2ead" | "l2" | "asylumead" | "tpsead" | "eadcard" => {
                Self::Ead
            }
            "tn" | "tnvisa" | "tn1" | "tnvisaholder" => Self::Tn,
            "other" => Self::Other,
            "unknown" | "notspecified" | "unspecified" => Self::Unknown,
            _ => return None,
        };
        Some(auth)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::UsCitizen => "us_citizen",
            Self::GreenCard => "green_card",
            Self::H1b => "h1b",
            Self::OptCpt => "opt_cpt",
            Self::Ead => "ead",
            Self::Tn => "tn",
            Self::Other => "other",
            Self::Unknown => "unknown",
        }
    }

    /// Whether an employer must sponsor a visa to hire this person (H-1B, OPT/CPT, TN).
    pub fn requires_sponsorship(&self) -> bool {
        matches!(self, Self::H1b | Self::OptCpt | Self::Tn)
    }
}

string_enum!(WorkAuthorization, "A candidate's right to work in the US.");

/// How well someone knows a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkillLevel {
    Beginner,
    Intermediate,
    Advanced,
    Expert,
}

impl SkillLevel {
    pub const ALL: &[Self] = &[
        Self::Beginner,
        Self::Intermediate,
        Self::Advanced,
        Self::Expert,
    ];

    /// Accepts the names and "novice", "basic", "mid", "proficient", "senior", "master".
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let level = match alnum_key(s).as_str() {
            "beginner" | "novice" | "basic" | "entry" | "entrylevel" | "junior" => Self::Beginner,
            "intermediate" | "mid" | "midlevel" | "proficient" | "working" => Self::Intermediate,
            "advanced" | "senior" | "strong" => Self::Advanced,
            "expert" | "master" | "guru" | "lead" => Self::Expert,
            _ => {
                return Err(ValueError::new(format!(
                    "'{}' is not a skill level: use beginner, intermediate, advanced or expert",
                    s.trim()
                )));
            }
        };
        Ok(level)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Beginner => "beginner",
            Self::Intermediate => "intermediate",
            Self::Advanced => "advanced",
            Self::Expert => "expert",
        }
    }
}

string_enum!(SkillLevel, "How well someone knows a skill.");

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn remote_mode_spellings() {
        for (raw, mode) in [
            ("on-site", RemoteMode::Onsite),
            ("On Site", RemoteMode::Onsite),
            ("office", RemoteMode::Onsite),
            ("WFH", RemoteMode::Remote),
            ("remote", RemoteMode::Remote),
            ("Telecommute", RemoteMode::Remote),
            ("100% remote", RemoteMode::Remote),
            ("hybrid", RemoteMode::Hybrid),
        ] {
            assert_eq!(RemoteMode::parse(raw).unwrap(), mode, "{raw}");
        }
        let err = RemoteMode::parse("moon base").unwrap_err();
        assert_eq!(
            err.0,
            "'moon base' is not a remote mode: use onsite, hybrid or remote"
        );
    }

    #[test]
    fn work_authorization_spellings() {
        use WorkAuthorization as W;
        for (raw, auth) in [
            ("USC", W::UsCitizen),
            ("citizen", W::UsCitizen),
            ("US Citizen", W::UsCitizen),
            ("U.S. citizen", W::UsCitizen),
            ("GC", W::GreenCard),
            ("Green Card", W::GreenCard),
            ("permanent resident", W::GreenCard),
            ("H1B", W::H1b),
            ("H-1B", W::H1b),
            ("h1-b", W::H1b),
            ("H1", W::H1b),
            ("OPT", W::OptCpt),
            ("CPT", W::OptCpt),
            ("OPT EAD", W::OptCpt),
            ("STEM OPT", W::OptCpt),
            ("opt/cpt", W::OptCpt),
            ("EAD", W::Ead),
            ("GC EAD", W::Ead),
            ("GC-EAD", W::Ead),
            ("H4 EAD", W::Ead),
            ("TN", W::Tn),
            ("TN Visa", W::Tn),
            ("other", W::Other),
            ("unknown", W::Unknown),
        ] {
            assert_eq!(W::parse(raw).unwrap(), auth, "{raw}");
        }
        assert!(W::parse("").is_err());
        let err = W::parse("L1").unwrap_err();
        assert!(
            err.0
                .starts_with("'L1' is not a work authorization we know"),
            "{err}"
        );
        assert_eq!(W::parse_lenient("L1"), W::Other);
        assert_eq!(W::parse_lenient("  "), W::Unknown);
        assert_eq!(W::parse_lenient("H-1B"), W::H1b);
    }

    #[test]
    fn sponsorship() {
        use WorkAuthorization as W;
        let needing: Vec<_> = W::ALL.iter().filter(|w| w.requires_sponsorship()).collect();
        assert_eq!(needing, [&W::H1b, &W::OptCpt, &W::Tn]);
    }

    #[test]
    fn skill_levels() {
        assert_eq!(SkillLevel::parse("Expert").unwrap(), SkillLevel::Expert);
        assert_eq!(SkillLevel::parse("novice").unwrap(), SkillLevel::Beginner);
        assert!(SkillLevel::parse("so-so").is_err());
        assert!(SkillLevel::Beginner < SkillLevel::Expert);
    }

    #[test]
    fn serde_is_snake_case_and_lenient_on_input() {
        let json = serde_json::to_string(&WorkAuthorization::UsCitizen).unwrap();
        assert_eq!(json, "\"us_citizen\"");
        let w: WorkAuthorization = serde_json::from_str("\"H-1B\"").unwrap();
        assert_eq!(w, WorkAuthorization::H1b);
        let err = serde_json::from_str::<WorkAuthorization>("\"B2\"").unwrap_err();
        assert!(err.to_string().contains("'B2'"), "{err}");
        assert_eq!(
            serde_json::to_string(&RemoteMode::Onsite).unwrap(),
            "\"onsite\""
        );
        let m: RemoteMode = serde_json::from_str("\"on-site\"").unwrap();
        assert_eq!(m, RemoteMode::Onsite);
        assert_eq!(
            serde_json::to_string(&SkillLevel::Advanced).unwrap(),
            "\"advanced\""
        );
        assert_eq!("hybrid".parse::<RemoteMode>().unwrap(), RemoteMode::Hybrid);
        assert_eq!(WorkAuthorization::OptCpt.to_string(), "opt_cpt");
    }

    #[test]
    fn schemas_list_canonical_names() {
        use utoipa::PartialSchema;
        let schema = serde_json::to_value(WorkAuthorization::schema()).unwrap();
        let names: Vec<&str> = schema["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(
            names,
            WorkAuthorization::ALL
                .iter()
                .map(|w| w.as_str())
                .collect::<Vec<_>>()
        );
    }

    proptest! {
        #[test]
        fn canonical_names_round_trip(
            r in 0usize..3, w in 0usize..8, l in 0usize..4, upper in any::<bool>(),
        ) {
            fn case(s: &str, upper: bool) -> String {
                if upper { s.to_uppercase() } else { s.to_string() }
            }
            let mode = RemoteMode::ALL[r];
            prop_assert_eq!(RemoteMode::parse(&case(mode.as_str(), upper)).unwrap(), mode);
            let auth = WorkAuthorization::ALL[w];
            prop_assert_eq!(WorkAuthorization::parse(&case(auth.as_str(), upper)).unwrap(), auth);
            let json = serde_json::to_string(&auth).unwrap();
            prop_assert_eq!(serde_json::from_str::<WorkAuthorization>(&json).unwrap(), auth);
            let level = SkillLevel::ALL[l];
            prop_assert_eq!(SkillLevel::parse(&case(level.as_str(), upper)).unwrap(), level);
        }

        #[test]
        fn lenient_agrees_with_strict(s in ".{0,20}") {
            if let Ok(w) = WorkAuthorization::parse(&s) {
                prop_assert_eq!(WorkAuthorization::parse_lenient(&s), w);
            }
        }
    }
}
