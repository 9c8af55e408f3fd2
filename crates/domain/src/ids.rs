//! Typed identifiers. Every id is a UUIDv7, so ids sort by creation time.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::error::ValueError;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh id (UUIDv7: time-ordered).
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Parses the canonical hyphenated or simple form; only UUIDv7 is accepted.
            pub fn parse(s: &str) -> Result<Self, ValueError> {
                let u = Uuid::parse_str(s.trim())
                    .map_err(|_| ValueError::new(format!("'{s}' is not a UUID")))?;
                Self::from_uuid(u)
            }

            pub fn from_uuid(u: Uuid) -> Result<Self, ValueError> {
                if u.get_version_num() != 7 {
                    return Err(ValueError::new(format!("'{u}' is not a UUIDv7")));
                }
                Ok(Self(u))
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0.hyphenated())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                        utoipa::openapi::KnownFormat::Uuid,
                    )))
                    .description(Some("UUIDv7"))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

id_type!(
    /// A tenant: one staffing desk's isolated data.
    TenantId
);
id_type!(UserId);
id_type!(ApiKeyId);
id_type!(CandidateId);
id_type!(CompanyId);
id_type!(ContactId);
id_type!(RequirementId);
id_type!(
    /// A background job (an import, a re-index …).
    JobId
);
id_type!(
    /// Any record's id when the kind is carried separately (audit, change log).
    RecordId
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn new_ids_are_v7_and_sortable() {
        let a = CandidateId::new();
        let b = CandidateId::new();
        assert_eq!(a.as_uuid().get_version_num(), 7);
        assert!(a < b, "v7 ids are time-ordered");
    }

    #[test]
    fn rejects_other_versions_and_garbage() {
        assert!(TenantId::parse("not-a-uuid").is_err());
        let v4 = "4f7d5a3c-1b2e-4c5d-9e8f-0a1b2c3d4e5f";
        let err = TenantId::parse(v4).unwrap_err();
        assert!(err.0.contains("UUIDv7"), "{err}");
    }

    #[test]
    fn serde_round_trip() {
        let id = RequirementId::new();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        let back: RequirementId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
        assert!(serde_json::from_str::<RequirementId>("\"x\"").is_err());
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(hi in any::<u64>(), lo in any::<u64>()) {
            let u = uuid::Builder::from_u128(((hi as u128) << 64) | lo as u128)
                .with_version(uuid::Version::SortRand)
                .with_variant(uuid::Variant::RFC4122)
                .into_uuid();
            let id = CandidateId::from_uuid(u).unwrap();
            prop_assert_eq!(CandidateId::parse(&id.to_string()).unwrap(), id);
        }
    }
}
