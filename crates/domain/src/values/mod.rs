//! Value types: small values (e-mail, phone, country, money, rates, places, skills) that validate
//! on construction, serialize in one canonical form and validate again when read back.

/// Serde and OpenAPI for a value written as one JSON string.
///
/// Serializes the type's `Display` (its canonical form) and deserializes through its
/// `FromStr<Err = ValueError>`, so invalid input fails with the value's own message.
macro_rules! string_value {
    ($ty:ident, $description:expr, $example:expr) => {
        string_value!($ty, $description, $example, None);
    };
    ($ty:ident, $description:expr, $example:expr, $format:expr) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                s.parse::<$ty>().map_err(::serde::de::Error::custom)
            }
        }

        impl ::utoipa::PartialSchema for $ty {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .format($format)
                    .description(Some($description))
                    .examples([$example])
                    .into()
            }
        }

        impl ::utoipa::ToSchema for $ty {}
    };
}

/// Display, FromStr, serde and OpenAPI for a closed set of names.
///
/// The type provides `parse(&str) -> Result<Self, ValueError>`, `as_str() -> &'static str` and
/// `ALL`. Serializes `as_str()`; deserializes through `parse`, so common spellings are accepted on
/// input; the schema is a string enum of the canonical names.
macro_rules! string_enum {
    ($ty:ident, $description:expr) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::error::ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                Self::parse(&s).map_err(::serde::de::Error::custom)
            }
        }

        impl ::utoipa::PartialSchema for $ty {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .enum_values(Some(Self::ALL.iter().map(|v| v.as_str())))
                    .description(Some($description))
                    .into()
            }
        }

        impl ::utoipa::ToSchema for $ty {}
    };
}

/// OpenAPI for a type serialized through a private `repr` struct that derives `ToSchema`.
macro_rules! schema_via_repr {
    ($ty:ident, $repr:ident) => {
        impl ::utoipa::PartialSchema for $ty {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                <$repr as ::utoipa::PartialSchema>::schema()
            }
        }

        impl ::utoipa::ToSchema for $ty {
            fn schemas(
                schemas: &mut Vec<(
                    String,
                    ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema>,
                )>,
            ) {
                <$repr as ::utoipa::ToSchema>::schemas(schemas);
            }
        }
    };
}

pub mod country;
pub mod email;
pub mod enums;
pub mod experience;
pub mod location;
pub mod money;
pub mod name;
pub mod phone;
pub mod rate;
pub mod skill;

pub use country::{CountryCode, us_state_code};
pub use email::Email;
pub use enums::{RemoteMode, SkillLevel, WorkAuthorization};
pub use experience::{AvailabilityDate, YearsExperience};
pub use location::{EARTH_RADIUS_KM, GeoPoint, Location};
pub use money::{Currency, Money};
pub use name::PersonName;
pub use phone::Phone;
pub use rate::{EmploymentType, Rate, RateUnit};
pub use skill::{Skill, SkillName, dedupe_skills};

/// Trims and collapses every run of whitespace to one space.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A lookup key: lowercase, letters and digits only ("H-1B" → "h1b", "on site" → "onsite").
pub(crate) fn alnum_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_json<T: utoipa::ToSchema>() -> serde_json::Value {
        let mut refs = Vec::new();
        T::schemas(&mut refs);
        let refs: Vec<String> = refs.into_iter().map(|(name, _)| name).collect();
        serde_json::json!({ "name": T::name(), "schema": T::schema(), "refs": refs })
    }

    #[test]
    fn every_type_has_a_schema() {
        let string_types = [
            schema_json::<Email>(),
            schema_json::<CountryCode>(),
            schema_json::<Phone>(),
            schema_json::<Currency>(),
            schema_json::<SkillName>(),
            schema_json::<AvailabilityDate>(),
            schema_json::<RateUnit>(),
            schema_json::<EmploymentType>(),
            schema_json::<RemoteMode>(),
            schema_json::<WorkAuthorization>(),
            schema_json::<SkillLevel>(),
        ];
        for s in &string_types {
            assert_eq!(s["schema"]["type"], "string", "{s}");
        }
        assert_eq!(schema_json::<YearsExperience>()["schema"]["type"], "number");
        let objects = [
            (
                "PersonName",
                schema_json::<PersonName>(),
                vec!["first", "last"],
            ),
            (
                "Money",
                schema_json::<Money>(),
                vec!["amount_minor", "currency"],
            ),
            (
                "Rate",
                schema_json::<Rate>(),
                vec!["amount_minor", "currency", "unit", "employment_type"],
            ),
            ("GeoPoint", schema_json::<GeoPoint>(), vec!["lat", "lon"]),
            (
                "Location",
                schema_json::<Location>(),
                vec!["city", "region", "country", "lat", "lon"],
            ),
            (
                "Skill",
                schema_json::<Skill>(),
                vec!["name", "years", "level"],
            ),
        ];
        for (name, s, fields) in objects {
            assert_eq!(s["name"], name);
            assert_eq!(s["schema"]["type"], "object", "{s}");
            for f in fields {
                assert!(
                    s["schema"]["properties"].get(f).is_some(),
                    "{name}.{f}: {s}"
                );
            }
        }
        let money = schema_json::<Money>();
        assert_eq!(money["refs"], serde_json::json!(["Currency"]), "{money}");
        assert_eq!(
            schema_json::<Rate>()["schema"]["required"],
            serde_json::json!(["amount_minor", "currency", "unit"])
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(collapse_whitespace("  a \t b\n c "), "a b c");
        assert_eq!(alnum_key(" H-1B "), "h1b");
        assert_eq!(alnum_key("On Site"), "onsite");
    }
}
